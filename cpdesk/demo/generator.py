"""A deterministic generator of a believable Circuits Paysans network (`--seed`, `--orders`).

The week around `today` is generated: days before today are packed and delivered (crates,
actual weights, shortages, counter sales), today is partly packed, later days are to pack.
Rows are produced as plain dicts per table, then written with SQLAlchemy Core executemany
(ORM unit-of-work is about 10x slower for bulk work).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import uuid
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, Table

from cpdesk import clock
from cpdesk.domain import gtin
from cpdesk.domain.model import SaleUnit
from cpdesk.domain.pins import verifier_rows
from cpdesk.store import models as m

from .activity import Activity, DemoNetwork
from .catalogue import CATALOGUE, VARIANTS
from .places import (
    COMMUNES,
    FARM_PLACES,
    FARM_WORDS,
    FIRST_NAMES,
    LAST_NAMES,
    PRO_KINDS,
    PRO_NAMES,
    STREETS,
)

COOPS = (
    # code, coop name, depot name, depot address, postcode, commune
    ("HES", "Hesbicoop", "Dépôt Hesbicoop", "Rue de la Station 12", "4260", "Braives"),
    ("CAR", "La Coopérative Ardente", "Dépôt Ardente", "Rue des Français 373", "4040", "Herstal"),
    ("TDH", "Terre d'Herbage", "Dépôt Terre d'Herbage", "Rue de Battice 28", "4650", "Herve"),
)

# Staff move between depots: one account works everywhere. (name, role, demo PIN)
STAFF = (
    ("Amélie Dethier", "supervisor", "9001"),
    ("Karim Benali", "supervisor", "9002"),
    ("Hugo Lambert", "packer", "1001"),
    ("Léa Closset", "packer", "1002"),
    ("Thomas Nyssen", "packer", "1003"),
    ("Sarah Mreyen", "packer", "1004"),
    ("Julie Gilson", "packer", "1005"),
    ("Bram Peeters", "packer", "1006"),
    ("Nadia Rossi", "staff", "2001"),
    ("Marc Fraipont", "staff", "2002"),
)

# The demo's PINs are published (README), so their centre-side hashes are computed once with
# a fixed salt (`hash_pin(pin, salt=DEMO_PIN_SALT)`, checked by tests/demo/test_generator.py):
# a strong scrypt costs ~0.1 s a PIN, too much for every demo network the tests make.
DEMO_PIN_SALT = b"cpdesk-demo-pins"
DEMO_PIN_HASHES = {
    '9001': 'scrypt$32768$8$1$63706465736b2d64656d6f2d70696e73$6cf69fb04597de0c854e39a695ad4f4e5357eff69bf5a3158f3cf6d8fc98a746',  # noqa: E501 (generated)
    '9002': 'scrypt$32768$8$1$63706465736b2d64656d6f2d70696e73$43037a4a6769a4f4758be10b2179c2f7053002819c2272bf761135e789f9c958',  # noqa: E501 (generated)
    '1001': 'scrypt$32768$8$1$63706465736b2d64656d6f2d70696e73$c0b9d43d085815dfec17d396cf48c0137eb6e8247a56e1a7db6af05101f5804d',  # noqa: E501 (generated)
    '1002': 'scrypt$32768$8$1$63706465736b2d64656d6f2d70696e73$92e9a9e1ddd0ac702a9da0744bbb99b858c70d4b3dacaa5de1382f2f87b8466d',  # noqa: E501 (generated)
    '1003': 'scrypt$32768$8$1$63706465736b2d64656d6f2d70696e73$95aee83e841b46230f219291f4332b776744fd2d3511683734e73a02cf950607',  # noqa: E501 (generated)
    '1004': 'scrypt$32768$8$1$63706465736b2d64656d6f2d70696e73$4a9bd10048bef662a77f52db4219630a27ebe41284fc64ca81a108cb2cb07f82',  # noqa: E501 (generated)
    '1005': 'scrypt$32768$8$1$63706465736b2d64656d6f2d70696e73$594a4dd46ed0747875495960bb535546e505bedde119d7234c8e29b868e433d1',  # noqa: E501 (generated)
    '1006': 'scrypt$32768$8$1$63706465736b2d64656d6f2d70696e73$ba4c1f2562f3d877b997ccf5e9afa5359eb560f2e5b9d0a089ce5210099954b7',  # noqa: E501 (generated)
    '2001': 'scrypt$32768$8$1$63706465736b2d64656d6f2d70696e73$6445be3ac1bf79d21f9f6d3d4115a5d2ac43e40eabe873c056e031d4f2687444',  # noqa: E501 (generated)
    '2002': 'scrypt$32768$8$1$63706465736b2d64656d6f2d70696e73$69d1a0a96a4780b27db6783f108a040f3efbff321416d778def45c119fc4d7f6',  # noqa: E501 (generated)
}

BRUSSELS_OFFSET = dt.timedelta(hours=1)  # CET; demo times only


class _Gen(Activity):
    """The reference data (coops, producers, catalogue, people, vans) and the week's orders;
    their packing and the counter's sales come from `Activity`."""

    def __init__(self, seed: int, today: dt.date, orders: int) -> None:
        self.rng = random.Random(seed)
        self.net = DemoNetwork(today=today, seed=seed)
        self.n_orders = orders
        self.today = today
        self._day_count: dict[tuple[dt.date, str], int] = {}

    # -- ids ----------------------------------------------------------------------------
    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def uid7(self, at: dt.datetime) -> uuid.UUID:
        """A deterministic UUIDv7 for facts made at a depot at time `at`."""
        ms = int(at.timestamp() * 1000) & ((1 << 48) - 1)
        rand = self.rng.getrandbits(74)
        value = ((ms << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62)
                 | (rand & ((1 << 62) - 1)))
        return uuid.UUID(int=value)

    def add(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        self.net.rows[table].append(row)
        return row

    # -- reference data -----------------------------------------------------------------
    def build(self) -> DemoNetwork:
        self.coops()
        self.producers()
        self.products()
        self.people()
        self.vans()
        self.orders()
        self.sales()
        return self.net

    def coops(self) -> None:
        for code, coop_name, depot_name, address, postcode, commune in COOPS:
            coop_id = self.uid()
            self.add("coop", {"id": coop_id, "code": code, "name": coop_name,
                              "address": f"{address}, {postcode} {commune}",
                              "vat_number": f"BE0{self.rng.randint(400000000, 899999999)}"})
            depot_id = self.uid()
            self.net.depot_ids[code] = depot_id
            self.add("depot", {
                "id": depot_id, "code": code, "coop_id": coop_id, "name": depot_name,
                "address": f"{address}, {postcode} {commune}", "commune": commune,
                "language": "fr",
                "settings": {"register": f"{code}-1", "legal_for_trade": True,
                             "auto_take_stable": False},
            })
        self.coop_by_code = {r["code"]: r["id"] for r in self.net.rows["coop"]}

    def producers(self) -> None:
        self.producers_by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
        coop_codes = [c[0] for c in COOPS]
        communes_by_depot = defaultdict(list)
        for postcode, commune, depot in COMMUNES:
            communes_by_depot[depot].append((postcode, commune))
        used = set()
        kinds = list(FARM_WORDS)
        i = 0
        while len(self.net.rows["producer"]) < 102:
            word = kinds[i % len(kinds)]
            i += 1
            coop = coop_codes[i % 3]
            postcode, commune = self.rng.choice(communes_by_depot[coop])
            place = self.rng.choice(FARM_PLACES)
            name = f"{word} {place}"
            if name in used:
                name = f"{word} {self.rng.choice(LAST_NAMES)}"
            if name in used:
                continue
            used.add(name)
            row = self.add("producer", {"id": self.uid(), "coop_id": self.coop_by_code[coop],
                                        "name": name, "commune": commune, "postcode": postcode})
            self.producers_by_kind[word].append(row)

    def products(self) -> None:
        self.products_by_coop: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
        self.product_meta: dict[uuid.UUID, dict[str, Any]] = {}
        sku = 0
        company_prefix = 5412345  # a Belgian GS1 company prefix (54x)
        item_ref = 0
        scale_item = 1000
        rounds = 0
        while len(self.net.rows["product"]) < 920:
            rounds += 1
            for category, (kinds, templates) in CATALOGUE.items():
                makers = [p for k in kinds for p in self.producers_by_kind.get(k, [])]
                for tpl in templates:
                    how_many = min(len(makers), self.rng.randint(1, 4))
                    for producer in self.rng.sample(makers, k=how_many):
                        if rounds > 1 or self.rng.random() < 0.5:
                            suffix, factor = self.rng.choice(VARIANTS)
                        else:
                            suffix, factor = "", 1.0
                        fresh = category in ("légumes", "fruits")
                        loose_or_kept = suffix in (" en vrac", " de conservation")
                        if (not fresh and suffix != " bio") or (
                                tpl.sale_unit == "unit" and loose_or_kept):
                            suffix, factor = "", 1.0
                        name = f"{tpl.name}{suffix}"
                        price = int(self.rng.randint(tpl.price_min, tpl.price_max) * factor)
                        price = max(price // 5 * 5, 5)  # prices end in 0 or 5 cents
                        sku += 1
                        pid = self.uid()
                        row = self.add("product", {
                            "id": pid, "sku": f"P{sku:05d}", "name": name, "category": category,
                            "producer_id": producer["id"], "sale_unit": tpl.sale_unit,
                            "unit_label": tpl.unit_label, "price_cents": price,
                            "vat_pct": tpl.vat_pct, "zone": tpl.zone,
                            "tolerance_pct": tpl.tolerance_pct, "active": True,
                        })
                        self.products_by_coop[producer["coop_id"]].append(row)
                        self.product_meta[pid] = {"category": category, "barcode": tpl.barcode}
                        if tpl.barcode == "ean13":
                            item_ref += 1
                            code = gtin.with_check_digit(f"{company_prefix}{item_ref:05d}")
                            self.add("barcode", {"code": code, "product_id": pid, "kind": "ean13"})
                        elif tpl.barcode == "gtin14":
                            item_ref += 1
                            # indicator 9 = variable measure trade item (GS1 General Specs 2.1.5)
                            code = gtin.with_check_digit(f"9{company_prefix}{item_ref:05d}")
                            self.add("barcode", {"code": code, "product_id": pid, "kind": "gtin14"})
                        elif tpl.barcode == "scale":
                            scale_item += 1
                            # prefix 20 + 5-digit item code; the weight part is on each label
                            self.add("barcode", {"code": f"20{scale_item:05d}", "product_id": pid,
                                                 "kind": "scale"})

    def people(self) -> None:
        for name, role, pin in STAFF:
            self.rng.getrandbits(128)  # was a salt per person: keeps the rest of the network
            self.add("staff", {"id": self.uid(), "name": name, "role": role,
                               "pin_hash": DEMO_PIN_HASHES[pin], "language": "fr",
                               "active": True})
        # Each depot's pepper and verifiers (a random of its own: the network stays the same).
        peppers = random.Random(self.net.seed * 7919 + 17)
        for code, depot_id in self.net.depot_ids.items():
            pepper = peppers.getrandbits(256).to_bytes(32, "big")
            self.net.pin_peppers[code] = pepper
            staff = [(r["id"], r["pin_hash"]) for r in self.net.rows["staff"]]
            self.net.rows["staff_pin"].extend(verifier_rows(staff, depot_id, pepper))
        self.staff_ids = [r["id"] for r in self.net.rows["staff"]]
        self.packer_ids = [r["id"] for r in self.net.rows["staff"] if r["role"] == "packer"]
        self.counter_ids = [r["id"] for r in self.net.rows["staff"] if r["role"] != "packer"]

        households = max(180, int(self.n_orders * 0.72))
        pros = max(45, int(self.n_orders * 0.18))
        self.customers: dict[str, list[dict[str, Any]]] = {"household": [], "pro": []}
        for kind, count in (("household", households), ("pro", pros)):
            for _ in range(count):
                postcode, commune, depot = self.rng.choice(COMMUNES)
                if kind == "pro":
                    name = f"{self.rng.choice(PRO_KINDS)} {self.rng.choice(PRO_NAMES)}"
                    notes = self.rng.choice(("Livraison par l'entrée de service",
                                             "Quai de livraison à l'arrière, sonner",
                                             "Avant 10 h, cuisine ouverte dès 7 h", ""))
                else:
                    name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
                    notes = self.rng.choice(("", "", "", "Déposer chez le voisin au n° 14",
                                             "Sonner deux fois", "Chien gentil, portail vert"))
                row = self.add("customer", {
                    "id": self.uid(), "kind": kind, "name": name,
                    "address": f"{self.rng.choice(STREETS)} {self.rng.randint(1, 180)}",
                    "postcode": postcode, "commune": commune,
                    "phone": f"+32 4{self.rng.randint(70, 99)} {self.rng.randint(10, 99)} "
                             f"{self.rng.randint(10, 99)} {self.rng.randint(10, 99)}",
                    "notes": notes,
                })
                row["_depot"] = depot
                self.customers[kind].append(row)

    def vans(self) -> None:
        self.delivery_days = [
            self.today + dt.timedelta(days=d) for d in range(-3, 4)
            if (self.today + dt.timedelta(days=d)).weekday() != 6  # no delivery on Sunday
        ]
        # The day the desk opens on: today, or the next delivery day when today has none (a
        # demo made on a Sunday still shows a partly packed day).
        self.work_day = min(d for d in self.delivery_days if d >= self.today)
        per_day = self.n_orders / len(self.delivery_days)
        max_rounds = 3 * max(1, math.ceil(per_day / 3 / 25))
        plates = ("1-CPS-", "2-CPS-", "1-VAN-")
        names = ("Kangoo", "Transit", "Sprinter", "Master", "e-Vito", "Jumper")
        for i in range(max(5, max_rounds)):
            self.add("van", {
                "id": self.uid(), "name": f"{names[i % len(names)]} {i + 1}",
                "plate": f"{plates[i % 3]}{100 + i * 7:03d}",
                "capacity_ambient": self.rng.choice((40, 50, 60)),
                "capacity_chilled": self.rng.choice((12, 16, 20)),
                "capacity_frozen": self.rng.choice((4, 6, 8)),
            })

    # -- orders, rounds and packing -----------------------------------------------------
    def orders(self) -> None:
        days = self.delivery_days
        depots = [c[0] for c in COOPS]
        van_ids = [r["id"] for r in self.net.rows["van"]]
        seq_by_day: dict[dt.date, int] = defaultdict(int)
        all_customers = self.customers["household"] + self.customers["pro"]
        by_depot: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in all_customers:
            by_depot[c["_depot"]].append(c)
        # Split the orders over days, then over depots by their share of customers.
        for day_index, day in enumerate(days):
            n_day = self.n_orders // len(days) + (1 if day_index < self.n_orders % len(days) else 0)
            van_pool = list(van_ids)
            self.rng.shuffle(van_pool)
            for depot in depots:
                share = len(by_depot[depot]) / len(all_customers)
                n = round(n_day * share) if depot != depots[-1] else None
                if n is None:
                    n = n_day - sum(self._day_count.get((day, d), 0) for d in depots[:-1])
                self._day_count[(day, depot)] = n
                if n <= 0:
                    continue
                customers = self.rng.sample(by_depot[depot], k=min(n, len(by_depot[depot])))
                while len(customers) < n:
                    customers.append(self.rng.choice(by_depot[depot]))
                n_rounds = max(1, math.ceil(n / 25))
                for r in range(n_rounds):
                    chunk = customers[r::n_rounds]
                    chunk.sort(key=lambda c: (c["postcode"], c["address"]))
                    round_row = self.add("round", {
                        "id": self.uid(), "code": f"{depot}-{day:%Y%m%d}-{chr(65 + r)}",
                        "date": day, "depot_id": self.net.depot_ids[depot],
                        "van_id": van_pool.pop() if van_pool else self.rng.choice(van_ids),
                        "driver_name":
                            f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                        "departure": dt.time(8 + r % 3, self.rng.choice((0, 15, 30, 45))),
                        "status": "departed" if day < self.today else "planned",
                    })
                    for s, customer in enumerate(chunk, start=1):
                        seq_by_day[day] += 1
                        self.order(day, depot, round_row, s, customer, seq_by_day[day],
                                   progress=s / len(chunk))

    def order(self, day: dt.date, depot: str, round_row: dict[str, Any], seq: int,
              customer: dict[str, Any], number: int, progress: float) -> None:
        rng = self.rng
        eta = (dt.datetime.combine(day, round_row["departure"])
               + dt.timedelta(minutes=15 + 12 * seq)).time()
        stop = self.add("stop", {"id": self.uid(), "round_id": round_row["id"], "seq": seq,
                                 "customer_id": customer["id"], "eta": eta})
        created = dt.datetime.combine(day - dt.timedelta(days=rng.randint(2, 6)),
                                      dt.time(rng.randint(7, 22), rng.randint(0, 59)), dt.UTC)
        order = self.add("order", {
            "id": self.uid(), "number": f"CP-{day:%y%m%d}-{number:04d}",
            "customer_id": customer["id"], "delivery_date": day, "stop_id": stop["id"],
            "status": "delivered" if day < self.today else "open", "version": 1,
            "notes": "", "created_at": created,
        })
        pro = customer["kind"] == "pro"
        n_lines = rng.randint(8, 30) if pro else rng.randint(4, 14)
        own = self.products_by_coop[self.coop_by_code[depot]]
        other_depot = None
        if rng.random() < 0.15:
            other_depot = rng.choice([c[0] for c in COOPS if c[0] != depot])
        chosen: list[tuple[dict[str, Any], str]] = []
        seen: set[uuid.UUID] = set()
        for i in range(n_lines):
            if other_depot and i < rng.randint(1, 3):
                pool, packer = self.products_by_coop[self.coop_by_code[other_depot]], other_depot
            else:
                pool, packer = own, depot
            product = rng.choice(pool)
            if product["id"] in seen:
                continue
            seen.add(product["id"])
            chosen.append((product, packer))
        lines = []
        for line_no, (product, packer) in enumerate(chosen, start=1):
            if product["sale_unit"] == SaleUnit.KG:
                fine = product["category"] in ("fromages", "viandes")
                step = Decimal("0.25") if fine else Decimal("0.5")
                qty = step * rng.randint(1, 4) * (rng.randint(3, 8) if pro else 1)
            else:
                qty = Decimal(rng.randint(2, 12) if pro else rng.choice((1, 1, 1, 2, 2, 3)))
            lines.append(self.add("order_line", {
                "id": self.uid(), "order_id": order["id"], "line_no": line_no,
                "product_id": product["id"], "quantity": qty,
                "unit_price_cents": product["price_cents"],
                "packing_depot_id": self.net.depot_ids[packer],
            }))
        # How far packing got: past days done, the work day partly, later days not started.
        if day < self.today:
            stage = "done"
        elif day == self.work_day:
            stage = "done" if progress <= 0.4 else ("partial" if progress <= 0.5 else "none")
        else:
            stage = "none"
        if stage != "none":
            for packer in sorted({p for _, p in chosen}):  # sorted: sets of str vary per process
                mine = [ln for ln, (_, p) in zip(lines, chosen, strict=True) if p == packer]
                self.pack(order, mine, packer, day, round_row, stage)


def generate(*, seed: int = 1, orders: int = 250, today: dt.date | None = None) -> DemoNetwork:
    """Build the demo network in memory (deterministic for a given seed, size and day)."""
    gen = _Gen(seed, today or clock.today(), orders)
    return gen.build()


# Tables in foreign-key order.
TABLE_ORDER = (
    "coop", "depot", "producer", "product", "barcode", "customer", "staff", "staff_pin", "van",
    "round",
    "stop", "order", "order_line", "crate", "pack_event", "sale", "sale_line", "sale_payment",
)


def _clean(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]


def depot_view(net: DemoNetwork, depot: str) -> dict[str, list[dict[str, Any]]]:
    """What a depot's local store holds: the catalogue, staff, the orders and rounds it takes
    part in (all their lines and crates, for loading), its own pack events and sales."""
    depot_id = net.depot_ids[depot]
    rows = net.rows
    stops = {s["id"]: s for s in rows["stop"]}
    rounds = {r["id"]: r for r in rows["round"]}
    packing_orders = {ln["order_id"] for ln in rows["order_line"]
                      if ln["packing_depot_id"] == depot_id}
    round_depot_orders = {
        o["id"] for o in rows["order"]
        if o["stop_id"] and rounds[stops[o["stop_id"]]["round_id"]]["depot_id"] == depot_id}
    order_ids = packing_orders | round_depot_orders
    orders = [o for o in rows["order"] if o["id"] in order_ids]
    stop_ids = {o["stop_id"] for o in orders}
    round_ids = {stops[s]["round_id"] for s in stop_ids}
    customer_ids = {o["customer_id"] for o in orders}
    sale_ids = {s["id"] for s in rows["sale"] if s["depot_id"] == depot_id}
    view = {t: rows[t] for t in ("coop", "depot", "producer", "product", "barcode", "staff", "van")}
    # A depot holds its own PIN verifiers, never the centre's hashes.
    view["staff"] = [{**r, "pin_hash": ""} for r in rows["staff"]]
    view["staff_pin"] = [p for p in rows["staff_pin"] if p["depot_id"] == depot_id]
    view["customer"] = [c for c in rows["customer"] if c["id"] in customer_ids]
    view["round"] = [r for r in rows["round"] if r["id"] in round_ids]
    view["stop"] = [s for s in rows["stop"] if s["id"] in stop_ids]
    view["order"] = orders
    view["order_line"] = [ln for ln in rows["order_line"] if ln["order_id"] in order_ids]
    view["crate"] = [c for c in rows["crate"] if c["order_id"] in order_ids]
    view["pack_event"] = [e for e in rows["pack_event"] if e["depot_id"] == depot_id]
    view["sale"] = [s for s in rows["sale"] if s["id"] in sale_ids]
    view["sale_line"] = [s for s in rows["sale_line"] if s["sale_id"] in sale_ids]
    view["sale_payment"] = [s for s in rows["sale_payment"] if s["sale_id"] in sale_ids]
    return view


def write(engine: Engine, tables: dict[str, list[dict[str, Any]]], meta: dict[str, str]) -> None:
    """Insert the rows table by table in one transaction (Core executemany)."""
    md = m.Base.metadata
    with engine.begin() as conn:
        for name in TABLE_ORDER:
            batch = _clean(tables.get(name, []))
            table: Table = md.tables[name]
            for i in range(0, len(batch), 20_000):
                conn.execute(table.insert(), batch[i : i + 20_000])
        conn.execute(md.tables["meta"].insert(), [{"key": k, "value": v} for k, v in meta.items()])
