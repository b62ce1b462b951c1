"""Read models for the board, the command line and documents (one query per table, no N+1)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpdesk.domain.loading import CapacityWarning, capacity_warnings
from cpdesk.domain.model import SaleUnit, Zone
from cpdesk.domain.pack_state import PackCounts, order_pack_state, order_progress, state_of
from cpdesk.domain.pack_state import PackState as PackState  # the board's states, read here
from cpdesk.errors import NotFound

from . import convert, pack_progress, pin_guard
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
    (store/pin_guard.py; the bookkeeping is its own transaction). `sign_in=False`: only whose
    PIN it is, in this session, nothing counted (a new PIN checked for uniqueness)."""
    if not sign_in:
        staff_id = pin_guard.who(session, pin, role)
        return session.get(m.Staff, staff_id) if staff_id is not None else None
    found = pin_guard.check(pin_guard.engine_of(session), pin, role)
    return session.get(m.Staff, found.staff_id) if found.staff_id is not None else None


def pin_locked_until(session: Session) -> dt.datetime | None:
    """When PIN sign-in opens again after too many wrong PINs (None: open)."""
    return pin_guard.locked_until(session)


# -- the board --------------------------------------------------------------------------
# One row per order: the order with its customer and stop, and the depot's row of the
# progress projection (cpdesk/store/pack_progress.py: the domain's fold, kept per order and
# depot with each pack event). An order without a row (a store just migrated, orders just
# imported, another depot's board) is folded here from its lines and pack events by the same
# domain fold, three statements for all of them. Crates are counted in SQL. Reading the rows
# as ORM objects (every id parsed into a UUID) cost ~10 times the rows themselves, folding
# every line and event of a 1,700-order day ~4 times (bench/bench_packing.py).
# The statements read the depot store's own storage (SQLite through SQLAlchemy: ids as 32
# hex digits, dates ISO text), which is why they are written out here.

_BOARD_ORDERS = """
SELECT o.id, o.number, o.status, o.version, c.name, c.kind, c.commune, s.seq, s.round_id,
       p.order_id, p.lines, p.resolved, p.started, p.zones, p.touched, p.packers, p.last_at
FROM "order" o JOIN customer c ON c.id = o.customer_id
LEFT JOIN stop s ON s.id = o.stop_id LEFT JOIN round r ON r.id = s.round_id
LEFT JOIN pack_progress p ON p.order_id = o.id AND p.depot_id = :depot
WHERE o.delivery_date = :day AND (:depot IS NULL OR r.depot_id = :depot OR p.lines > 0
    OR (p.order_id IS NULL AND EXISTS (
        SELECT 1 FROM order_line l WHERE l.order_id = o.id AND +l.packing_depot_id = :depot)))"""
# (The unary + keeps SQLite from answering the EXISTS through the index on packing_depot_id,
# which walks every line of the depot for each order: 0.45 s instead of 5 ms at 1,700 orders.)
_BOARD_CRATES = """
SELECT c.order_id, c.zone, count(*),
       sum(CASE WHEN :depot IS NULL OR c.depot_id = :depot THEN 1 ELSE 0 END)
FROM crate c JOIN "order" o ON o.id = c.order_id
WHERE o.delivery_date = :day GROUP BY c.order_id, c.zone"""


@dataclass
class BoardRead:
    """`read_day_board`'s answer: the rounds, and the orders the board had to fold itself
    because the projection had no row for them (the caller may write those rows)."""

    rounds: list[RoundSummary]
    unprojected: list[uuid.UUID] = field(default_factory=list)
    depot_id: uuid.UUID | None = None


def day_board(session: Session, day: dt.date, depot_code: str | None = None) -> list[RoundSummary]:
    """The day's rounds with their orders in stop order and each order's packing progress.

    With a depot, progress counts the lines that depot packs (and its pack events, crates
    and supervisor acceptances); rounds are those it takes part in. Depot store only."""
    return read_day_board(session, day, depot_code).rounds


def read_day_board(session: Session, day: dt.date, depot_code: str | None = None) -> BoardRead:
    """`day_board`, with the orders it found without a projection row."""
    depot_id = depot_by_code(session, depot_code).id if depot_code else None
    params = {"day": day.isoformat(), "depot": depot_id.hex if depot_id else None}
    # The driver's own cursor: plain tuples, as the baseline of bench/bench_packing.py reads
    # them (a SQLAlchemy Row per row cost more than the rest).
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    ids = pack_progress.Ids()
    orders = raw.execute(_BOARD_ORDERS, params).fetchall()
    missing = [row[0] for row in orders if row[9] is None]
    folded = pack_progress.fold(raw, missing, params["depot"], depot_code or "", ids)
    crates: dict[str, int] = defaultdict(int)
    zones_by_order: dict[str, dict[str, int]] = defaultdict(dict)
    for order_id, zone, all_depots, here in raw.execute(_BOARD_CRATES, params):
        zones_by_order[order_id][zone] = all_depots
        crates[order_id] += here
    staff = {row_id.hex: name for row_id, name in session.execute(select(m.Staff.id, m.Staff.name))}
    rounds = {r.id.hex: r for r in session.scalars(
        select(m.Round).where(m.Round.date == day)
        .options(selectinload(m.Round.depot), selectinload(m.Round.van)))}
    dates: dict[str, dt.datetime] = {}

    out: dict[str | None, RoundSummary] = {}
    for (order_id, number, status, version, customer, kind, commune, stop_seq, round_id,
         projected, n_lines, resolved, started, zones, touched, packers, at) in orders:
        who: Iterable[str]
        if projected is None:
            row = folded[order_id]
            counts, touched, who, at = row.counts, row.touched, row.packers, row.last_at
        else:
            counts = PackCounts(n_lines, resolved, bool(started),
                                tuple(zones.split(",")) if zones else ())
            who = packers.split(",") if packers else ()
        round_row = rounds.get(round_id) if round_id else None
        when = None
        if at is not None:
            when = dates.get(at)
            if when is None:
                when = dates[at] = dt.datetime.fromisoformat(at)
        summary = OrderSummary(
            id=ids(order_id), number=number, customer=customer, customer_kind=kind,
            commune=commune, round_code=round_row.code if round_row else "",
            round_id=round_row.id if round_row else None, stop_seq=stop_seq or 0,
            status=status, pack_state=state_of(status, counts, touched=bool(touched)),
            lines=counts.lines, lines_resolved=counts.resolved, crates=crates[order_id],
            zones=list(counts.zones), packers=sorted({staff.get(s, "?") for s in who}),
            version=version, last_event_at=when)
        key = round_row.id.hex if round_row else None
        if key not in out:
            out[key] = _round_summary(round_row, day)
        out[key].orders.append(summary)
        for zone, n in zones_by_order.get(order_id, {}).items():
            out[key].crates_by_zone[zone] = out[key].crates_by_zone.get(zone, 0) + n
    result = sorted(out.values(), key=lambda r: (r.departure, r.code))
    for r in result:
        r.orders.sort(key=lambda o: o.stop_seq)
    return BoardRead(result, [ids(o) for o in missing] if depot_id else [], depot_id)


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
