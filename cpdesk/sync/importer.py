"""Orders from the web shop's export into the centre: `cpdesk central import-orders FILE`.

Format (UTF-8). CSV: a header row, then one row per order line, in these columns:

    number          order number, e.g. CP-261128-0042 (rows of one order share it)
    delivery_date   YYYY-MM-DD
    status          open | cancelled (optional, default open)
    customer_name, customer_kind (household | pro), address, postcode (4 digits), commune,
    phone (optional)
    round           code of the delivery round, e.g. HES-20261128-A (optional)
    sku             product SKU of the catalogue
    quantity        pieces, or kg for a product sold per kg (decimal point)
    packing_depot   code of the depot packing the line (HES, CAR, TDH...)

JSON: {"orders": [{"number", "delivery_date", "status", "round",
                   "customer": {"name", "kind", "address", "postcode", "commune", "phone"},
                   "lines": [{"sku", "quantity", "packing_depot"}]}]}

The whole file is checked first; one bad line refuses the file with its line number and the
reason, and nothing is imported. An order already known is updated in place and its version
goes up, so depots packing it see the difference; unchanged orders are left alone. Lines are
matched by product and packing depot; a line no longer ordered is kept at quantity 0 (removed),
never deleted, since a depot may already have packed it offline.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from cpdesk.errors import CpdeskError
from cpdesk.store.models import Customer, Depot, Order, OrderLine, Product, Round, Stop

COLUMNS = ("number", "delivery_date", "customer_name", "customer_kind", "address", "postcode",
           "commune", "sku", "quantity", "packing_depot")
NUMBER = re.compile(r"^[A-Z]{2}-\d{6}-\d{4}$")


@dataclass
class ImportLine:
    sku: str
    quantity: Decimal
    packing_depot: str


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
    if not path.exists():
        raise CpdeskError(f"no file {path}")
    if path.suffix.lower() == ".json":
        return _read_json(path)
    return _read_csv(path)


def _fail(where: str, reason: str) -> CpdeskError:
    return CpdeskError(f"{where}: {reason}; nothing imported")


def _read_csv(path: Path) -> list[ImportOrder]:
    orders: dict[str, ImportOrder] = {}
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise _fail("line 1", f"missing column(s) {', '.join(missing)}")
        for row in reader:
            where = f"line {reader.line_num}"
            o = _order(where, {**row, "customer": {
                "name": row.get("customer_name", ""), "kind": row.get("customer_kind", ""),
                "address": row.get("address", ""), "postcode": row.get("postcode", ""),
                "commune": row.get("commune", ""), "phone": row.get("phone") or ""}})
            known = orders.setdefault(o.number, o)
            if (known.delivery_date, known.customer, known.status) != (o.delivery_date,
                                                                      o.customer, o.status):
                raise _fail(where, f"order {o.number} differs from its first line")
            known.lines.append(_line(where, row))
    return list(orders.values())


def _read_json(path: Path) -> list[ImportOrder]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _fail(f"line {getattr(exc, 'lineno', 1)}", f"not JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("orders"), list):
        raise _fail("line 1", 'expected {"orders": [...]}')
    out = []
    seen = set()
    for i, raw in enumerate(data["orders"], start=1):
        where = f"order {i}"
        if not isinstance(raw, dict):
            raise _fail(where, "not an object")
        o = _order(where, raw)
        if o.number in seen:
            raise _fail(where, f"order {o.number} appears twice")
        seen.add(o.number)
        lines = raw.get("lines")
        if not isinstance(lines, list) or not lines:
            raise _fail(where, "an order needs lines")
        o.lines = [_line(f"{where} line {j}", ln) for j, ln in enumerate(lines, start=1)]
        out.append(o)
    return out


def _order(where: str, raw: dict[str, Any]) -> ImportOrder:
    number = str(raw.get("number") or "").strip()
    if not NUMBER.match(number):
        raise _fail(where, f"bad order number {number!r}")
    try:
        day = dt.date.fromisoformat(str(raw.get("delivery_date") or ""))
    except ValueError:
        raise _fail(where, f"bad delivery_date {raw.get('delivery_date')!r}") from None
    status = str(raw.get("status") or "open").strip()
    if status not in ("open", "cancelled"):
        raise _fail(where, f"bad status {status!r}")
    c = raw.get("customer")
    if not isinstance(c, dict):
        raise _fail(where, "no customer")
    cust = {k: str(c.get(k) or "").strip() for k in ("name", "kind", "address", "postcode",
                                                      "commune", "phone")}
    if not cust["name"] or not cust["address"] or not cust["commune"]:
        raise _fail(where, "customer name, address and commune are required")
    if cust["kind"] not in ("household", "pro"):
        raise _fail(where, f"bad customer_kind {cust['kind']!r}")
    if not re.fullmatch(r"\d{4}", cust["postcode"]):
        raise _fail(where, f"bad postcode {cust['postcode']!r}")
    return ImportOrder(where, number, day, status, cust, str(raw.get("round") or "").strip())


def _line(where: str, raw: dict[str, Any]) -> ImportLine:
    try:
        qty = Decimal(str(raw.get("quantity")).strip())
    except InvalidOperation:
        raise _fail(where, f"bad quantity {raw.get('quantity')!r}") from None
    if not qty.is_finite() or qty <= 0 or qty > 1000:
        raise _fail(where, f"bad quantity {raw.get('quantity')!r}")
    sku = str(raw.get("sku") or "").strip()
    depot = str(raw.get("packing_depot") or "").strip().upper()
    if not sku or not depot:
        raise _fail(where, "sku and packing_depot are required")
    return ImportLine(sku, qty, depot)


def import_orders(engine: Engine, path: Path) -> dict[str, int]:
    """Check the whole file, then import it in one transaction."""
    orders = read_file(path)
    result = {"orders": len(orders), "created": 0, "updated": 0, "unchanged": 0, "cancelled": 0}
    with Session(engine) as s, s.begin():
        products = {sku: (pid, price) for sku, pid, price in
                    s.execute(select(Product.sku, Product.id, Product.price_cents))}
        depots = dict(s.execute(select(Depot.code, Depot.id)).all())
        rounds = {r.code: r for r in s.scalars(select(Round))}
        for o in orders:  # every reference checked before anything is written
            for ln in o.lines:
                if ln.sku not in products:
                    raise _fail(o.where, f"unknown sku {ln.sku!r}")
                if ln.packing_depot not in depots:
                    raise _fail(o.where, f"unknown depot {ln.packing_depot!r}")
            if o.round and o.round not in rounds:
                raise _fail(o.where, f"unknown round {o.round!r}")
        for o in orders:
            kind = _write(s, o, products, depots, rounds)
            result[kind] += 1
            if o.status == "cancelled" and kind != "unchanged":
                result["cancelled"] += 1
    return result


def _write(s: Session, o: ImportOrder, products: dict[str, Any], depots: dict[str, Any],
           rounds: dict[str, Round]) -> str:
    c = o.customer
    customer = s.scalars(select(Customer).where(Customer.name == c["name"],
                                                Customer.postcode == c["postcode"],
                                                Customer.address == c["address"])).first()
    if customer is None:
        customer = Customer(kind=c["kind"], name=c["name"], address=c["address"],
                            postcode=c["postcode"], commune=c["commune"], phone=c["phone"])
        s.add(customer)
        s.flush()
    order = s.scalars(select(Order).where(Order.number == o.number)).first()
    wanted = [(products[ln.sku][0], ln.quantity, depots[ln.packing_depot], products[ln.sku][1])
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
        if (not dropped and all(ln is not None and ln.quantity == w[1] for ln, w in plan)
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
        elif line.quantity != qty:
            line.quantity, line.unit_price_cents = qty, price
    # A line no longer ordered is kept at quantity 0, never deleted: a depot may have packed
    # it offline, and its pack events must still find their line when they arrive. The order's
    # new version reaches the depots packing it as a change to resolve (items to take out).
    for line in dropped:
        line.quantity = Decimal(0)
    if o.round and (order.stop is None or order.stop.round.code != o.round):
        rnd = rounds[o.round]
        seq = (s.scalar(select(func.max(Stop.seq)).where(Stop.round_id == rnd.id)) or 0) + 1
        stop = Stop(round_id=rnd.id, seq=seq, customer_id=customer.id)
        s.add(stop)
        s.flush()
        order.stop_id = stop.id
    return kind
