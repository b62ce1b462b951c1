"""Orders from the web shop's export into the centre: `cpdesk central import-orders FILE`.

Format (UTF-8). CSV: a header row, then one row per order line, in these columns:

    number          order number, e.g. CP-261128-0042 (rows of one order share it)
    delivery_date   YYYY-MM-DD
    status          open | cancelled (optional, default open)
    customer        the customer's reference (`import-customers`); an unknown one refuses
                    the file. Or, for a customer not imported, the customer inline:
                    customer_name, customer_kind (household | pro), address, postcode
                    (4 digits), commune, phone (optional)
    round           code of the delivery round, e.g. HES-20261128-A (optional: by default
                    the round of the customer's weekly round plan for that weekday, made
                    when its first order arrives, with the customer's stop number)
    sku             product SKU of the catalogue (unknown or retired: the file is refused)
    quantity        pieces, or kg for a product sold per kg (decimal point)
    price           the price the customer was shown in the shop, per piece or per kg,
                    euros with a decimal point (optional: the catalogue's price)
    packing_depot   code of the depot packing the line (optional: the depot packing the
                    product's cooperative, from `import-rounds`, else the cooperative's own)

JSON: {"orders": [{"number", "delivery_date", "status", "round",
                   "customer": "C-1001" or {"name", "kind", "address", "postcode", ...},
                   "lines": [{"sku", "quantity", "price", "packing_depot"}]}]}

The whole file is checked first (cpdesk/sync/validation.py: UTF-8, sizes of the columns,
exact quantities with at most 3 decimals, ASCII digits, no duplicated column or key); one bad
value refuses the file with its line number (CSV) or JSON path and the reason, and nothing is
imported. Values are stored exactly as written: nothing is trimmed, rounded or converted. An
order already known is updated in place and its version goes up, so depots packing it see the
difference; unchanged orders are left alone. Lines are matched by product and packing depot;
a line no longer ordered is kept at quantity 0 (removed), never deleted, since a depot may
already have packed it offline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from cpdesk.store.models import (
    Coop,
    Customer,
    Depot,
    Order,
    OrderLine,
    Producer,
    Product,
    Round,
    RoundPlan,
    RoundPlanStop,
    Stop,
)

from .reading import check_json, read_csv, read_json
from .validation import (
    Code,
    Day,
    Digits,
    Exact,
    Many,
    Nested,
    Phone,
    Schema,
    Text,
    refuse,
)

NUMBER = r"[A-Z]{2}-[0-9]{6}-[0-9]{4}"
QUANTITY = Exact(scale=3, positive=True, high=Decimal(1000))  # order_line.quantity: 3 decimals
CUSTOMER = {  # sizes of the customer table's columns
    "name": Text(max_len=160), "kind": Text(max_len=10, choices=("household", "pro")),
    "address": Text(max_len=200), "postcode": Digits(min_len=4, max_len=4),
    "commune": Text(max_len=80), "phone": Phone(required=False, default=""),
}
ORDER = {
    "number": Code(max_len=20, pattern=NUMBER, example="CP-261128-0042"),
    "delivery_date": Day(),
    "status": Text(max_len=12, choices=("open", "cancelled"), required=False, default="open"),
    "round": Code(max_len=32, required=False, default=""),
}
LINE = {
    "sku": Code(max_len=20),
    "quantity": QUANTITY,
    # The price the customer was shown in the shop (euros, per piece or per kg).
    "price": Exact(scale=2, low=Decimal(0), high=Decimal(100000), required=False),
    "packing_depot": Code(max_len=8, pattern=r"[A-Z0-9]+", example="HES", required=False,
                          default=""),
}
CUSTOMER_REF = Code(max_len=32, pattern=r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}", example="C-1001")
# In a CSV the customer is either its reference (`customer`) or inline: each column optional
# here, the inline ones checked as required when a row has no reference.
CSV_ROW = Schema({**ORDER, "customer": replace(CUSTOMER_REF, required=False, default=""),
                  **{f"customer_{k}" if k in ("name", "kind") else k:
                     replace(v, required=False, default="") for k, v in CUSTOMER.items()},
                  **LINE})
ORDER_LINES = {"lines": Many(schema=Schema(LINE), min_items=1)}
JSON_ORDER = Schema({**ORDER, "customer": Nested(schema=Schema(CUSTOMER)), **ORDER_LINES})
JSON_ORDER_BY_REF = Schema({**ORDER, "customer": CUSTOMER_REF, **ORDER_LINES})
JSON_FILE = Schema({"orders": Many(schema=JSON_ORDER, min_items=1)})


@dataclass
class ImportLine:
    sku: str
    quantity: Decimal
    packing_depot: str  # "" = the depot packing the product's cooperative
    where: str = ""
    price_cents: int | None = None  # None = the catalogue's price


@dataclass
class ImportOrder:
    where: str
    number: str
    delivery_date: dt.date
    status: str
    customer: dict[str, str]
    round: str
    lines: list[ImportLine] = field(default_factory=list)


def read_file(path: Path) -> list[ImportOrder]:
    """Every order of the file, checked value by value (see cpdesk/sync/validation.py)."""
    if path.suffix.lower() == ".json":
        return _read_json(path)
    return _read_csv(path)


def _read_csv(path: Path) -> list[ImportOrder]:
    orders: dict[str, ImportOrder] = {}
    for where, row in read_csv(path, CSV_ROW):
        customer = {k: row[f"customer_{k}"] if k in ("name", "kind") else row[k]
                    for k in CUSTOMER}
        if row["customer"]:
            customer = {"ref": row["customer"]}
        else:
            for k in ("name", "kind", "address", "postcode", "commune"):
                if not customer[k]:
                    name = f"customer_{k}" if k in ("name", "kind") else k
                    raise refuse(path, where, f"{name}: required (or a customer reference)")
        o = _order(where, row, customer)
        known = orders.setdefault(o.number, o)
        if (known.delivery_date, known.customer, known.status, known.round) != (
                o.delivery_date, o.customer, o.status, o.round):
            raise refuse(path, where, f"order {o.number} differs from its first line")
        known.lines.append(ImportLine(row["sku"], row["quantity"], row["packing_depot"], where,
                                      _cents(row["price"])))
    return list(orders.values())


def _read_json(path: Path) -> list[ImportOrder]:
    data = read_json(path)
    if not (isinstance(data, dict) and isinstance(data.get("orders"), list)
            and data["orders"] and set(data) == {"orders"}):
        check_json(path, data, JSON_FILE)  # refuses, saying what is wrong where
    # An order names its customer by reference or carries it inline: one schema each.
    data = {"orders": [
        check_json(path, raw, JSON_ORDER_BY_REF
                   if isinstance(raw, dict) and isinstance(raw.get("customer"), str)
                   else JSON_ORDER, f"$.orders[{i}]")
        for i, raw in enumerate(data["orders"])]}
    out = []
    seen = set()
    for i, raw in enumerate(data["orders"]):
        where = f"$.orders[{i}]"
        customer = {"ref": raw["customer"]} if isinstance(raw["customer"], str) else raw["customer"]
        o = _order(where, raw, customer)
        if o.number in seen:
            raise refuse(path, f"{where}.number", f"order {o.number} appears twice")
        seen.add(o.number)
        o.lines = [ImportLine(ln["sku"], ln["quantity"], ln["packing_depot"],
                              f"{where}.lines[{j}]", _cents(ln["price"]))
                   for j, ln in enumerate(raw["lines"])]
        out.append(o)
    return out


def _cents(price: Decimal | None) -> int | None:
    return None if price is None else int(price * 100)


def _order(where: str, raw: dict[str, Any], customer: dict[str, str]) -> ImportOrder:
    return ImportOrder(where, raw["number"], raw["delivery_date"], raw["status"], customer,
                       raw["round"])


def import_orders(engine: Engine, path: Path) -> dict[str, int]:
    """Check the whole file, then import it in one transaction."""
    orders = read_file(path)
    result = {"orders": len(orders), "created": 0, "updated": 0, "unchanged": 0, "cancelled": 0}
    with Session(engine) as s, s.begin():
        products = {sku: (pid, price) for sku, pid, price in
                    s.execute(select(Product.sku, Product.id, Product.price_cents))}
        per_piece = set(s.scalars(select(Product.sku).where(Product.sale_unit == "unit")))
        retired = set(s.scalars(select(Product.sku).where(Product.active.is_(False))))
        depots = dict(s.execute(select(Depot.code, Depot.id)).all())
        packer = _packing_depots(s)
        rounds = {r.code: r for r in s.scalars(select(Round))}
        refs = set(s.scalars(select(Customer.ref).where(Customer.ref.is_not(None))))
        for o in orders:  # every reference checked before anything is written
            if "ref" in o.customer and o.customer["ref"] not in refs:
                raise refuse(path, o.where, f"unknown customer {o.customer['ref']!r}")
            for ln in o.lines:
                where = ln.where or o.where
                if ln.sku not in products:
                    raise refuse(path, where, f"unknown sku {ln.sku!r}")
                if ln.sku in retired:
                    raise refuse(path, where, f"product {ln.sku!r} is retired from the catalogue")
                if not ln.packing_depot:
                    ln.packing_depot = packer.get(ln.sku, "")
                    if not ln.packing_depot:
                        raise refuse(path, where, f"no depot packs {ln.sku!r} (give packing_depot)")
                if ln.sku in per_piece and ln.quantity != ln.quantity.to_integral_value():
                    raise refuse(path, where, f"quantity {ln.quantity} of {ln.sku}: this "
                                 "product is sold per piece, a whole number is expected")
                if ln.packing_depot not in depots:
                    raise refuse(path, where, f"unknown depot {ln.packing_depot!r}")
            if o.round and o.round not in rounds:
                raise refuse(path, o.where, f"unknown round {o.round!r}")
        for o in orders:
            kind = _write(s, o, products, depots, rounds)
            result[kind] += 1
            if o.status == "cancelled" and kind != "unchanged":
                result["cancelled"] += 1
    return result


def _write(s: Session, o: ImportOrder, products: dict[str, Any], depots: dict[str, Any],
           rounds: dict[str, Round]) -> str:
    c = o.customer
    customer = (s.scalars(select(Customer).where(Customer.ref == c["ref"])).one() if "ref" in c
                else s.scalars(select(Customer).where(Customer.name == c["name"],
                                                      Customer.postcode == c["postcode"],
                                                      Customer.address == c["address"])).first())
    if customer is None:
        customer = Customer(kind=c["kind"], name=c["name"], address=c["address"],
                            postcode=c["postcode"], commune=c["commune"], phone=c["phone"])
        s.add(customer)
        s.flush()
    order = s.scalars(select(Order).where(Order.number == o.number)).first()
    wanted = [(products[ln.sku][0], ln.quantity, depots[ln.packing_depot],
               products[ln.sku][1] if ln.price_cents is None else ln.price_cents)
              for ln in o.lines]
    have = sorted(order.lines, key=lambda ln: ln.line_no) if order is not None else []
    # Each wanted line takes a line not yet taken of the same product and packing depot, one
    # of the same quantity first (so a removed line doesn't shift its neighbours' products,
    # nor, of two lines of one product, hand its quantity to the other).
    free = list(have)
    matched: dict[int, OrderLine] = {}
    for exact in (True, False):
        for i, w in enumerate(wanted):
            if i in matched:
                continue
            match = next((ln for ln in free if (ln.product_id, ln.packing_depot_id)
                          == (w[0], w[2]) and (not exact or ln.quantity == w[1])), None)
            if match is not None:
                free.remove(match)
                matched[i] = match
    plan = [(matched.get(i), w) for i, w in enumerate(wanted)]
    dropped = [ln for ln in free if ln.quantity != 0]
    if order is None:
        order = Order(number=o.number, customer_id=customer.id, delivery_date=o.delivery_date,
                      status=o.status, version=1)
        s.add(order)
        s.flush()
        kind = "created"
    else:
        if (not dropped and all(ln is not None and (ln.quantity, ln.unit_price_cents)
                                == (w[1], w[3]) for ln, w in plan)
                and order.status == o.status and order.delivery_date == o.delivery_date
                and order.customer_id == customer.id):
            return "unchanged"
        order.version += 1
        order.status, order.delivery_date, order.customer_id = (o.status, o.delivery_date,
                                                                customer.id)
        kind = "updated"
    next_no = max((ln.line_no for ln in have), default=0)
    for line, (pid, qty, depot_id, price) in plan:
        if line is None:
            next_no += 1
            s.add(OrderLine(order_id=order.id, line_no=next_no, product_id=pid, quantity=qty,
                            unit_price_cents=price, packing_depot_id=depot_id))
        elif (line.quantity, line.unit_price_cents) != (qty, price):
            line.quantity, line.unit_price_cents = qty, price
    # A line no longer ordered is kept at quantity 0, never deleted: a depot may have packed
    # it offline, and its pack events must still find their line when they arrive. The order's
    # new version reaches the depots packing it as a change to resolve (items to take out).
    for line in dropped:
        line.quantity = Decimal(0)
    if not o.round and order.stop is None:
        order.stop_id = _planned_stop(s, customer.id, o.delivery_date)
    if o.round and (order.stop is None or order.stop.round.code != o.round):
        rnd = rounds[o.round]
        seq = (s.scalar(select(func.max(Stop.seq)).where(Stop.round_id == rnd.id)) or 0) + 1
        stop = Stop(round_id=rnd.id, seq=seq, customer_id=customer.id)
        s.add(stop)
        s.flush()
        order.stop_id = stop.id
    return kind


def _packing_depots(s: Session) -> dict[str, str]:
    """sku -> code of the depot packing it: its cooperative's packing depot (import-rounds),
    else the cooperative's own depot when it has exactly one."""
    own: dict[Any, list[str]] = {}
    for coop_id, code in s.execute(select(Depot.coop_id, Depot.code).order_by(Depot.code)):
        own.setdefault(coop_id, []).append(code)
    out = {}
    for sku, coop_id, packing in s.execute(
            select(Product.sku, Coop.id, Coop.packing_depot_code)
            .join(Producer, Product.producer_id == Producer.id).join(Coop)):
        mine = own.get(coop_id, [])
        out[sku] = packing or (mine[0] if len(mine) == 1 else "")
    return out


def _planned_stop(s: Session, customer_id: Any, day: dt.date) -> Any:
    """The stop of the customer on the round planned for `day` (made on first use), or None
    when no active round plan serves the customer that weekday. Several plans: the first by
    reference."""
    rows = s.execute(select(RoundPlanStop, RoundPlan)
                     .join(RoundPlan, RoundPlanStop.plan_id == RoundPlan.id)
                     .where(RoundPlanStop.customer_id == customer_id,
                            RoundPlan.active.is_(True)).order_by(RoundPlan.ref)).all()
    hit = next(((ps, plan) for ps, plan in rows if str(day.isoweekday()) in plan.weekdays), None)
    if hit is None:
        return None
    ps, plan = hit
    head, _, tail = plan.ref.rpartition("-")
    code = f"{head}-{day:%Y%m%d}-{tail}"
    rnd = s.scalars(select(Round).where(Round.code == code)).first()
    if rnd is None:
        rnd = Round(code=code, date=day, depot_id=plan.depot_id, van_id=plan.van_id,
                    driver_name=plan.driver_name, departure=plan.departure)
        s.add(rnd)
        s.flush()
    stop = s.scalars(select(Stop).where(Stop.round_id == rnd.id,
                                        Stop.customer_id == customer_id)).first()
    if stop is None:
        taken = set(s.scalars(select(Stop.seq).where(Stop.round_id == rnd.id)))
        seq = ps.seq if ps.seq not in taken else max(taken) + 1
        stop = Stop(round_id=rnd.id, seq=seq, customer_id=customer_id, eta=ps.eta)
        s.add(stop)
        s.flush()
    return stop.id
