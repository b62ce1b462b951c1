"""The demo network's activity: the orders packed at their depots (crates, weights, shortages
and substitutions, as the pack events a packing station writes) and the counter's sales with
their payments. Mixed into the generator (`generator._Gen`), whose random source, ids and
rows (`DemoNetwork`, here so both modules hold it without importing each other) it uses: the
same seed gives the same network.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cpdesk.domain.ids import short_code
from cpdesk.domain.model import SHORT_REASONS, EventKind, SaleUnit
from cpdesk.domain.money import unit_amount_cents, weighed_amount_cents


@dataclass
class DemoNetwork:
    """The generated network: its rows per table (plain dicts, as the stores' columns), the
    depots' ids and their PIN peppers."""

    today: dt.date
    seed: int
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    depot_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    pin_peppers: dict[str, bytes] = field(default_factory=dict)  # depot -> its PIN pepper

    def count(self, table: str) -> int:
        return len(self.rows.get(table, []))


class Activity:
    """Packing and sales for the generator (see the module's docstring)."""

    rng: random.Random
    net: DemoNetwork
    today: dt.date
    delivery_days: list[dt.date]
    packer_ids: list[uuid.UUID]
    counter_ids: list[uuid.UUID]
    product_meta: dict[uuid.UUID, dict[str, Any]]

    if TYPE_CHECKING:
        def uid7(self, at: dt.datetime) -> uuid.UUID: ...

        def add(self, table: str, row: dict[str, Any]) -> dict[str, Any]: ...

    # -- packing ------------------------------------------------------------------------
    @property
    def product_index(self) -> dict[uuid.UUID, dict[str, Any]]:
        if not hasattr(self, "_pidx"):
            self._pidx = {p["id"]: p for p in self.net.rows["product"]}
        return self._pidx

    def pack(self, order: dict[str, Any], lines: list[dict[str, Any]], depot: str,
             day: dt.date, round_row: dict[str, Any], stage: str) -> None:
        rng = self.rng
        depot_id = self.net.depot_ids[depot]
        packer = rng.choice(self.packer_ids)
        at = dt.datetime.combine(day, dt.time(5, 30), dt.UTC) + dt.timedelta(
            minutes=rng.randint(0, 150))
        products = self.product_index
        if stage == "partial":
            lines = lines[: max(1, len(lines) // 2)]
        by_zone: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for ln in lines:
            by_zone[products[ln["product_id"]]["zone"]].append(ln)
        seq = 0
        for zone in ("ambient", "chilled", "frozen"):
            zlines = by_zone.get(zone)
            if not zlines:
                continue
            n_crates = max(1, math.ceil(len(zlines) / 10))
            for c in range(n_crates):
                seq += 1
                at += dt.timedelta(seconds=rng.randint(20, 60))
                crate_id = self.uid7(at)
                done = stage == "done"
                crate = self.add("crate", {
                    "id": crate_id, "code": f"CR{short_code(crate_id)}", "order_id": order["id"],
                    "depot_id": depot_id, "zone": zone, "seq": seq,
                    "status": ("delivered" if day < self.today else "closed") if done else "open",
                    "created_at": at, "closed_at": None,
                })
                self.event(EventKind.CRATE_OPEN, order, None, crate_id, depot_id, packer, at)
                for ln in zlines[c::n_crates]:
                    at += dt.timedelta(seconds=rng.randint(8, 45))
                    self.pack_line(order, ln, products[ln["product_id"]], crate_id, depot_id,
                                   packer, at)
                if done:
                    at += dt.timedelta(seconds=rng.randint(10, 30))
                    crate["closed_at"] = at
                    self.event(EventKind.CRATE_CLOSE, order, None, crate_id, depot_id, packer, at)

    def pack_line(self, order: dict[str, Any], line: dict[str, Any], product: dict[str, Any],
                  crate_id: uuid.UUID, depot_id: uuid.UUID, packer: uuid.UUID,
                  at: dt.datetime) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:
            self.event(EventKind.SHORT, order, line, None, depot_id, packer, at,
                       reason=rng.choice(SHORT_REASONS))
            return
        if roll < 0.04:
            self.event(EventKind.SUBSTITUTE, order, line, crate_id, depot_id, packer, at,
                       reason="out_of_stock", quantity=int(line["quantity"]) or 1)
            return
        if product["sale_unit"] == SaleUnit.KG:
            ordered_g = int(line["quantity"] * 1000)
            spread = product["tolerance_pct"] / 100 * 0.8
            weight = max(5, int(ordered_g * (1 + rng.uniform(-spread, spread))))
            labelled = self.product_meta[product["id"]]["barcode"] in ("gtin14", "scale")
            source = "barcode" if labelled else "scale"
            self.event(EventKind.WEIGH, order, line, crate_id, depot_id, packer, at,
                       weight_g=weight, weight_source=source,
                       amount=weighed_amount_cents(line["unit_price_cents"], weight))
        else:
            qty = int(line["quantity"])
            self.event(EventKind.PACK, order, line, crate_id, depot_id, packer, at, quantity=qty,
                       amount=unit_amount_cents(line["unit_price_cents"], qty))

    def event(self, kind: EventKind, order: dict[str, Any], line: dict[str, Any] | None,
              crate_id: uuid.UUID | None, depot_id: uuid.UUID, staff: uuid.UUID,
              at: dt.datetime, *, quantity: int = 0, weight_g: int | None = None,
              weight_source: str | None = None, amount: int | None = None,
              reason: str | None = None) -> None:
        self.add("pack_event", {
            "id": self.uid7(at), "depot_id": depot_id, "order_id": order["id"],
            "line_id": line["id"] if line else None, "crate_id": crate_id, "kind": str(kind),
            "quantity": quantity, "weight_g": weight_g, "weight_source": weight_source,
            "amount_cents": amount, "reason": reason, "substitute_product_id": None,
            "target_id": None, "staff_id": staff, "supervisor_id": None, "order_version": 1,
            "at": at,
        })

    # -- counter sales ------------------------------------------------------------------
    def sales(self) -> None:
        rng = self.rng
        products = [p for p in self.net.rows["product"]]
        for depot, depot_id in self.net.depot_ids.items():
            register = f"{depot}-1"
            receipt_no = 0
            for day in self.delivery_days:
                if day > self.today:
                    break
                n = rng.randint(8, 20) if day < self.today else rng.randint(2, 6)
                for _ in range(n):
                    receipt_no += 1
                    at = dt.datetime.combine(day, dt.time(rng.randint(9, 17), rng.randint(0, 59)),
                                             dt.UTC)
                    sale_id = self.uid7(at)
                    total = 0
                    for line_no in range(1, rng.randint(1, 6) + 1):
                        p = rng.choice(products)
                        if p["sale_unit"] == SaleUnit.KG:
                            weight = rng.randint(150, 1800)
                            qty, amount = 1, weighed_amount_cents(p["price_cents"], weight)
                            src: str | None = "scale"
                        else:
                            weight, src = None, None  # type: ignore[assignment]
                            qty = rng.choice((1, 1, 2))
                            amount = p["price_cents"] * qty
                        total += amount
                        self.add("sale_line", {
                            "id": self.uid7(at), "sale_id": sale_id, "line_no": line_no,
                            "product_id": p["id"], "description": p["name"], "quantity": qty,
                            "weight_g": weight, "weight_source": src,
                            "unit_price_cents": p["price_cents"], "discount_cents": 0,
                            "amount_cents": amount, "vat_pct": p["vat_pct"],
                        })
                    self.add("sale", {
                        "id": sale_id, "depot_id": depot_id, "register": register,
                        "receipt_no": receipt_no, "kind": "sale", "refund_of_id": None,
                        "staff_id": rng.choice(self.counter_ids), "customer_id": None,
                        "total_cents": total, "discount_cents": 0, "at": at,
                    })
                    method = rng.choice(("cash", "card", "card", "card"))
                    tendered = (math.ceil(total / 500) * 500) if method == "cash" else None
                    self.add("sale_payment", {
                        "id": self.uid7(at), "sale_id": sale_id, "method": method,
                        "amount_cents": total, "tendered_cents": tendered,
                        "reference": "" if method == "cash" else f"A{rng.randint(100000, 999999)}",
                    })
