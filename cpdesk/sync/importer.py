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

The whole file is checked first; one bad line refuses the file with its line number and the
reason, and nothing is imported. An order already known is updated in place (lines matched by
position; a line with pack events is kept at quantity 0 rather than deleted) and its version
goes up, so depots packing it see the difference. Unchanged orders are left alone.
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
from cpdesk.store.models import (
    Coop,
    Customer,
    Depot,
    Order,
    OrderLine,
    PackEvent,
    Producer,
    Product,
    Round,
    RoundPlan,
    RoundPlanStop,
    Stop,
)

COLUMNS = ("number", "delivery_date", "sku", "quantity")
INLINE_CUSTOMER = ("customer_name", "customer_kind", "address", "postcode", "commune")
NUMBER = re.compile(r"^[A-Z]{2}-\d{6}-\d{4}$")
PRICE = re.compile(r"^(0|[1-9][0-9]{0,6})(\.[0-9]{1,2})?$")


@dataclass
class ImportLine:
    sku: str
    quantity: Decimal
    packing_depot: str  # "" = the depot packing the product's cooperative
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
        names = reader.fieldnames or []
        missing = [c for c in COLUMNS if c not in names]
        if "customer" not in names:
            missing += [c for c in INLINE_CUSTOMER if c not in names]
        if missing:
            raise _fail("line 1", f"missing column(s) {', '.join(missing)}")
        for row in reader:
            where = f"line {reader.line_num}"
            o = _order(where, {**row, "customer": row["customer"] if "customer" in row else {
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
    if isinstance(c, str):  # the customer's reference, checked against the centre
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}", c):
            raise _fail(where, f"bad customer reference {c!r}")
        return ImportOrder(where, number, day, status, {"ref": c},
                           str(raw.get("round") or "").strip())
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
    if not sku:
        raise _fail(where, "sku is required")
    price = raw.get("price")
    cents = None
    if price not in (None, ""):
        if not isinstance(price, str) or not PRICE.match(price):
            raise _fail(where, f"bad price {price!r} (euros with a decimal point, 2 decimals "
                               f"at most, as a string)")
        cents = int(Decimal(price) * 100)
    return ImportLine(sku, qty, depot, cents)


def import_orders(engine: Engine, path: Path) -> dict[str, int]:
    """Check the whole file, then import it in one transaction."""
    orders = read_file(path)
    result = {"orders": len(orders), "created": 0, "updated": 0, "unchanged": 0, "cancelled": 0}
    with Session(engine) as s, s.begin():
        products = {sku: (pid, price) for sku, pid, price in
                    s.execute(select(Product.sku, Product.id, Product.price_cents))}
        retired = set(s.scalars(select(Product.sku).where(Product.active.is_(False))))
        depots = dict(s.execute(select(Depot.code, Depot.id)).all())
        packer = _packing_depots(s)
        rounds = {r.code: r for r in s.scalars(select(Round))}
        refs = {c.ref: c for c in s.scalars(select(Customer).where(Customer.ref.is_not(None)))}
        for o in orders:  # every reference checked before anything is written
            if "ref" in o.customer and o.customer["ref"] not in refs:
                raise _fail(o.where, f"unknown customer {o.customer['ref']!r}")
            for ln in o.lines:
                if ln.sku not in products:
                    raise _fail(o.where, f"unknown sku {ln.sku!r}")
                if ln.sku in retired:
                    raise _fail(o.where, f"product {ln.sku!r} is retired from the catalogue")
                if not ln.packing_depot:
                    ln.packing_depot = packer.get(ln.sku, "")
                    if not ln.packing_depot:
                        raise _fail(o.where, f"no depot packs {ln.sku!r} (give packing_depot)")
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
    if order is None:
        order = Order(number=o.number, customer_id=customer.id, delivery_date=o.delivery_date,
                      status=o.status, version=1)
        s.add(order)
        s.flush()
        kind = "created"
    else:
        have = [(ln.product_id, ln.quantity, ln.packing_depot_id, ln.unit_price_cents)
                for ln in order.lines]
        if (have == wanted and order.status == o.status
                and order.delivery_date == o.delivery_date and order.customer_id == customer.id):
            return "unchanged"
        order.version += 1
        order.status, order.delivery_date, order.customer_id = (o.status, o.delivery_date,
                                                                customer.id)
        kind = "updated"
    existing = {ln.line_no: ln for ln in order.lines}
    for no, (pid, qty, depot_id, price) in enumerate(wanted, start=1):
        line = existing.pop(no, None)
        if line is None:
            s.add(OrderLine(order_id=order.id, line_no=no, product_id=pid, quantity=qty,
                            unit_price_cents=price, packing_depot_id=depot_id))
        elif ((line.product_id, line.quantity, line.packing_depot_id, line.unit_price_cents)
              != (pid, qty, depot_id, price)):
            line.product_id, line.quantity, line.packing_depot_id = pid, qty, depot_id
            line.unit_price_cents = price
    for line in existing.values():  # lines no longer ordered
        if s.scalar(select(PackEvent.id).where(PackEvent.line_id == line.id).limit(1)):
            line.quantity = Decimal(0)
        else:
            s.delete(line)
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
