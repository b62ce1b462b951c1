"""Read models for the board, the command line and documents (one query per table, no N+1)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpdesk import clock
from cpdesk.domain.loading import CapacityWarning, capacity_warnings
from cpdesk.domain.model import EventKind, PackFact, Product, SaleUnit, Zone
from cpdesk.domain.model import OrderLine as DomainLine
from cpdesk.domain.pack_state import PackState as PackState  # the board's states, read here
from cpdesk.domain.pack_state import order_pack_state, order_progress
from cpdesk.errors import CpdeskError, NotFound

from . import convert, pin_guard
from . import models as m


@dataclass
class OrderSummary:
    id: uuid.UUID
    number: str
    customer: str
    customer_kind: str
    commune: str
    round_code: str
    round_id: uuid.UUID | None
    stop_seq: int
    status: str
    pack_state: str
    lines: int
    lines_resolved: int
    crates: int
    zones: list[str]
    packers: list[str] = field(default_factory=list)
    version: int = 1
    last_event_at: dt.datetime | None = None  # the depot's newest pack event for the order

    @property
    def progress(self) -> float:
        return self.lines_resolved / self.lines if self.lines else 1.0


@dataclass
class RoundSummary:
    id: uuid.UUID
    code: str
    date: dt.date
    depot: str
    van: str
    driver: str
    departure: dt.time
    status: str
    orders: list[OrderSummary] = field(default_factory=list)
    capacity: dict[str, int] = field(default_factory=dict)  # van places per zone
    crates_by_zone: dict[str, int] = field(default_factory=dict)  # all depots' crates

    @property
    def over_capacity(self) -> list[CapacityWarning]:
        """Zones where the round has more crates than its van holds."""
        zones = [Zone(z) for z, n in self.crates_by_zone.items() for _ in range(n)]
        return capacity_warnings(zones, {Zone(z): n for z, n in self.capacity.items()})

    @property
    def progress(self) -> float:
        total = sum(o.lines for o in self.orders)
        return sum(o.lines_resolved for o in self.orders) / total if total else 1.0


def depot_by_code(session: Session, code: str) -> m.Depot:
    depot = session.scalar(select(m.Depot).where(m.Depot.code == code.upper()))
    if depot is None:
        raise NotFound(code="depot.not_found", depot=code)
    return depot


def staff_with_pin(session: Session, pin: str, *, role: str | None = None,
                   sign_in: bool = True) -> m.Staff | None:
    """The active staff member whose PIN this is (of `role` when given), else None.

    The one PIN look-up of the app (packing, counter, loading): checked against the depot's
    peppered verifiers, wrong PINs counted and sign-in locked for a while after too many
    (store/pin_guard.py; the bookkeeping is its own transaction): while locked, refused with
    `pin.locked` and the time it opens again, so the PIN pad says so instead of "unknown PIN".
    `sign_in=False`: only whose PIN it is, in this session, nothing counted (a new PIN
    checked for uniqueness)."""
    if not sign_in:
        staff_id = pin_guard.who(session, pin, role)
        return session.get(m.Staff, staff_id) if staff_id is not None else None
    found = pin_guard.check(pin_guard.engine_of(session), pin, role)
    if found.locked_until is not None:
        raise CpdeskError(code="pin.locked", until=clock.hm(found.locked_until))
    return session.get(m.Staff, found.staff_id) if found.staff_id is not None else None


def pin_locked_until(session: Session) -> dt.datetime | None:
    """When PIN sign-in opens again after too many wrong PINs (None: open)."""
    return pin_guard.locked_until(session)


# -- the board --------------------------------------------------------------------------
# Read as tuples: one statement per table, filtered by day and depot in SQL (crates counted
# in SQL), then folded by the domain (cpdesk.domain.pack_state) with one domain product per
# product, not per line. Loading the same rows as ORM objects (with every id parsed into a
# UUID) cost ~10 times the rows themselves on a 1,700-order day (bench/bench_packing.py).
# The statements read the depot store's own storage (SQLite through SQLAlchemy: ids as 32
# hex digits, dates ISO text, quantities NUMERIC), which is why they are written out here.

_BOARD_ORDERS = """
SELECT o.id, o.number, o.status, o.version, c.name, c.kind, c.commune, s.seq, s.round_id
FROM "order" o JOIN customer c ON c.id = o.customer_id
LEFT JOIN stop s ON s.id = o.stop_id LEFT JOIN round r ON r.id = s.round_id
WHERE o.delivery_date = :day AND (:depot IS NULL OR r.depot_id = :depot OR EXISTS (
    SELECT 1 FROM order_line l WHERE l.order_id = o.id AND +l.packing_depot_id = :depot))"""
# (The unary + keeps SQLite from answering the EXISTS through the index on packing_depot_id,
# which walks every line of the depot for each order: 0.45 s instead of 5 ms at 1,700 orders.)
_BOARD_LINES = """
SELECT l.order_id, l.id, l.quantity, l.unit_price_cents, p.id, p.name, p.sale_unit,
       p.price_cents, p.vat_pct, p.zone, p.tolerance_pct
FROM order_line l JOIN "order" o ON o.id = l.order_id JOIN product p ON p.id = l.product_id
WHERE o.delivery_date = :day AND (:depot IS NULL OR l.packing_depot_id = :depot)"""
_BOARD_EVENTS = """
SELECT e.order_id, e.id, e.kind, e.line_id, e.quantity, e.weight_g, e.crate_id, e.reason,
       e.target_id, e.weight_source, e.staff_id, e.at
FROM pack_event e JOIN "order" o ON o.id = e.order_id
WHERE o.delivery_date = :day AND (:depot IS NULL OR e.depot_id = :depot)
ORDER BY e.at, e.id"""
_BOARD_CRATES = """
SELECT c.order_id, c.zone, count(*),
       sum(CASE WHEN :depot IS NULL OR c.depot_id = :depot THEN 1 ELSE 0 END)
FROM crate c JOIN "order" o ON o.id = c.order_id
WHERE o.delivery_date = :day GROUP BY c.order_id, c.zone"""
_BOARD_ACCEPTED = """
SELECT a.order_id, a.line_id, a.weight_g
FROM pack_acceptance a JOIN "order" o ON o.id = a.order_id
WHERE o.delivery_date = :day AND (:depot IS NULL OR a.depot_id = :depot)"""

_ZONES = ("ambient", "chilled", "frozen")
_KINDS = {str(kind): kind for kind in EventKind}  # a dict look-up, not an Enum call per event


class _Ids:
    """Text ids (32 hex digits) to UUIDs, each made once: a line or crate id recurs in many
    events. Made the way `uuid.UUID.__init__` ends, without its text clean-up: these come
    from our own CHAR(32) columns (a day of 1,700 orders holds ~30,000 ids, and the full
    parse was a fifth of the board's load)."""

    def __init__(self) -> None:
        self.seen: dict[str, uuid.UUID] = {}

    def __call__(self, text: str) -> uuid.UUID:
        found = self.seen.get(text)
        if found is None:
            found = object.__new__(uuid.UUID)
            object.__setattr__(found, "int", int(text, 16))
            object.__setattr__(found, "is_safe", uuid.SafeUUID.unknown)
            self.seen[text] = found
        return found

    def opt(self, text: str | None) -> uuid.UUID | None:
        return None if text is None else self(text)


def _quantity(value: Any) -> Decimal:
    """A NUMERIC(12, 3) as SQLAlchemy reads it back from SQLite (three decimals)."""
    return value if isinstance(value, Decimal) else Decimal(f"{value:.3f}")


def day_board(session: Session, day: dt.date, depot_code: str | None = None) -> list[RoundSummary]:
    """The day's rounds with their orders in stop order and each order's packing progress.

    With a depot, progress counts the lines that depot packs (and its pack events, crates
    and supervisor acceptances); rounds are those it takes part in. Depot store only."""
    depot_id = depot_by_code(session, depot_code).id if depot_code else None
    params = {"day": day.isoformat(), "depot": depot_id.hex if depot_id else None}
    # The driver's own cursor: plain tuples, as the baseline of bench/bench_packing.py reads
    # them (a SQLAlchemy Row per row cost more than the fold).
    raw = session.connection().connection.dbapi_connection
    assert raw is not None

    def rows(sql: str) -> list[Any]:
        return raw.execute(sql, params).fetchall()  # type: ignore[no-any-return]

    ids = _Ids()

    products: dict[str, Product] = {}
    lines: dict[str, list[DomainLine]] = defaultdict(list)
    for (order_id, line_id, quantity, price, product_id, name, sale_unit, list_price, vat,
         zone, tolerance) in rows(_BOARD_LINES):
        product = products.get(product_id)
        if product is None:
            product = products[product_id] = Product(
                id=ids(product_id), name=name, sale_unit=SaleUnit(sale_unit),
                price_cents=list_price, vat_pct=vat, zone=Zone(zone), tolerance_pct=tolerance)
        lines[order_id].append(DomainLine(id=ids(line_id), product=product,
                                          quantity=_quantity(quantity),
                                          unit_price_cents=price, packing_depot=depot_code or ""))
    facts: dict[str, list[PackFact]] = defaultdict(list)
    packers: dict[str, set[str]] = defaultdict(set)
    last_at: dict[str, str] = {}
    for (order_id, event_id, kind, line_id, quantity, weight_g, crate_id, reason, target_id,
         source, staff_id, at) in rows(_BOARD_EVENTS):
        facts[order_id].append(PackFact(
            id=ids(event_id), kind=_KINDS[kind], line_id=ids.opt(line_id),
            quantity=quantity, weight_g=weight_g, crate_id=ids.opt(crate_id), reason=reason,
            target_id=ids.opt(target_id), weight_source=source))
        packers[order_id].add(staff_id)
        last_at[order_id] = max(at, last_at.get(order_id, at))
    crates: dict[str, int] = defaultdict(int)
    zones_by_order: dict[str, dict[str, int]] = defaultdict(dict)
    for order_id, zone, all_depots, here in rows(_BOARD_CRATES):
        zones_by_order[order_id][zone] = all_depots
        crates[order_id] += here
    accepted: dict[str, dict[uuid.UUID, set[int]]] = defaultdict(lambda: defaultdict(set))
    for order_id, line_id, weight_g in rows(_BOARD_ACCEPTED):
        accepted[order_id][ids(line_id)].add(weight_g)
    staff = {row_id.hex: name for row_id, name in session.execute(select(m.Staff.id, m.Staff.name))}
    rounds = {r.id.hex: r for r in session.scalars(
        select(m.Round).where(m.Round.date == day)
        .options(selectinload(m.Round.depot), selectinload(m.Round.van)))}

    out: dict[str | None, RoundSummary] = {}
    for (order_id, number, status, version, customer, kind, commune, stop_seq,
         round_id) in rows(_BOARD_ORDERS):
        mine = lines.get(order_id, [])
        progress = order_progress(mine, facts.get(order_id, ()), accepted.get(order_id))
        round_row = rounds.get(round_id) if round_id else None
        at = last_at.get(order_id)
        summary = OrderSummary(
            id=ids(order_id), number=number, customer=customer, customer_kind=kind,
            commune=commune, round_code=round_row.code if round_row else "",
            round_id=round_row.id if round_row else None, stop_seq=stop_seq or 0,
            status=status,
            pack_state=order_pack_state(status, progress.values(), touched=order_id in facts),
            lines=len(mine), lines_resolved=sum(p.resolved for p in progress.values()),
            crates=crates[order_id],
            zones=[z for z in _ZONES if any(ln.product.zone == z for ln in mine)],
            packers=sorted({staff.get(s, "?") for s in packers.get(order_id, ())}),
            version=version,
            last_event_at=dt.datetime.fromisoformat(at) if at is not None else None)
        key = round_row.id.hex if round_row else None
        if key not in out:
            out[key] = _round_summary(round_row, day)
        out[key].orders.append(summary)
        for zone, n in zones_by_order.get(order_id, {}).items():
            out[key].crates_by_zone[zone] = out[key].crates_by_zone.get(zone, 0) + n
    result = sorted(out.values(), key=lambda r: (r.departure, r.code))
    for r in result:
        r.orders.sort(key=lambda o: o.stop_seq)
    return result


def _round_summary(round_row: m.Round | None, day: dt.date) -> RoundSummary:
    if round_row is None:
        return RoundSummary(id=uuid.UUID(int=0), code="—", date=day, depot="", van="",
                            driver="", departure=dt.time(0, 0), status="")
    van = round_row.van
    return RoundSummary(
        id=round_row.id, code=round_row.code, date=day, depot=round_row.depot.code,
        van=f"{van.name} ({van.plate})", driver=round_row.driver_name,
        departure=round_row.departure, status=round_row.status,
        capacity={"ambient": van.capacity_ambient, "chilled": van.capacity_chilled,
                  "frozen": van.capacity_frozen})

def chunks(ids: list[uuid.UUID], size: int = 900) -> list[list[uuid.UUID]]:
    """Ids in slices small enough for one `IN (...)` (SQLite's bound-parameter limit)."""
    return [ids[i : i + size] for i in range(0, len(ids), size)] or [[]]


def order_by_number(session: Session, number: str) -> m.Order:
    order = session.scalar(
        select(m.Order).where(m.Order.number == number.strip().upper())
        .options(selectinload(m.Order.lines).selectinload(m.OrderLine.product)
                 .selectinload(m.Product.producer),
                 selectinload(m.Order.lines).selectinload(m.OrderLine.product)
                 .selectinload(m.Product.barcodes),
                 selectinload(m.Order.lines).selectinload(m.OrderLine.packing_depot),
                 selectinload(m.Order.customer), selectinload(m.Order.stop))
    )
    if order is None:
        raise NotFound(code="order.not_found", order=number.strip().upper())
    return order


def order_detail(session: Session, number: str) -> dict[str, Any]:
    """Everything about one order, as plain JSON-ready data."""
    order = order_by_number(session, number)
    events = session.scalars(select(m.PackEvent).where(m.PackEvent.order_id == order.id)
                             .order_by(m.PackEvent.at, m.PackEvent.id)).all()
    facts = [convert.fact(e) for e in events]
    crates = session.scalars(select(m.Crate).where(m.Crate.order_id == order.id)
                             .options(selectinload(m.Crate.depot))
                             .order_by(m.Crate.depot_id, m.Crate.seq)).all()
    round_row = session.get(m.Round, order.stop.round_id) if order.stop else None
    accepted: dict[uuid.UUID, set[int]] = defaultdict(set)
    for line_id, weight_g in session.execute(
            select(m.PackAcceptance.line_id, m.PackAcceptance.weight_g)
            .where(m.PackAcceptance.order_id == order.id)):
        accepted[line_id].add(weight_g)
    progress = order_progress([convert.order_line(ln, ln.packing_depot.code) for ln in order.lines],
                              facts, accepted)
    lines = []
    for ln in order.lines:
        p = progress[ln.id]
        lines.append({
            "line_no": ln.line_no, "product": ln.product.name, "sku": ln.product.sku,
            "producer": ln.product.producer.name, "zone": ln.product.zone,
            "sale_unit": ln.product.sale_unit, "quantity": str(ln.quantity),
            "unit_price_cents": ln.unit_price_cents, "packing_depot": ln.packing_depot.code,
            "state": str(p.state), "packed_units": p.packed_units,
            "packed_weight_g": p.packed_weight_g if ln.product.sale_unit == SaleUnit.KG else None,
            "amount_cents": p.amount_cents, "reason": p.reason,
            # What to scan for this line; a `scale` code is the first 7 digits of an in-store
            # weight label (prefix + item), completed by the weight and a check digit.
            "barcodes": [{"code": b.code, "kind": b.kind}
                         for b in sorted(ln.product.barcodes, key=lambda b: (b.kind, b.code))],
        })
    customer = order.customer
    return {
        "number": order.number, "id": str(order.id),
        "delivery_date": order.delivery_date.isoformat(),
        "status": order.status, "version": order.version,
        "pack_state": str(order_pack_state(order.status, progress.values(), touched=bool(events))),
        "customer": {"name": customer.name, "kind": customer.kind, "address": customer.address,
                     "postcode": customer.postcode, "commune": customer.commune,
                     "phone": customer.phone, "notes": customer.notes},
        "round": None if round_row is None else {
            "id": str(round_row.id), "code": round_row.code,
            "departure": round_row.departure.isoformat(timespec="minutes"),
            "driver": round_row.driver_name},
        "stop": order.stop.seq if order.stop else None,
        "lines": lines,
        "crates": [{"id": str(c.id), "code": c.code, "depot": c.depot.code, "zone": c.zone,
                    "seq": c.seq, "status": c.status} for c in crates],
        "total_cents": sum(p.amount_cents for p in progress.values()),
    }
