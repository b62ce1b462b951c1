"""Read models for the board, the command line and documents (one query per table, no N+1)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpdesk.domain.loading import CapacityWarning, capacity_warnings
from cpdesk.domain.model import OrderStatus, PackFact, SaleUnit, Zone
from cpdesk.domain.packing import LineProgress, LineState, effective_facts, line_progress
from cpdesk.errors import NotFound

from . import convert, pin_guard
from . import models as m


class PackState:
    TO_PACK = "to_pack"
    IN_PROGRESS = "in_progress"
    PACKED = "packed"
    CANCELLED = "cancelled"
    DELIVERED = "delivered"
    ELSEWHERE = "elsewhere"  # nothing for this depot to pack


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
        """Zones where the round has more crates than its van holds (issue 8)."""
        zones = [Zone(z) for z, n in self.crates_by_zone.items() for _ in range(n)]
        return capacity_warnings(zones, {Zone(z): n for z, n in self.capacity.items()})

    @property
    def progress(self) -> float:
        total = sum(o.lines for o in self.orders)
        return sum(o.lines_resolved for o in self.orders) / total if total else 1.0


def depot_by_code(session: Session, code: str) -> m.Depot:
    depot = session.scalar(select(m.Depot).where(m.Depot.code == code.upper()))
    if depot is None:
        raise NotFound(f"unknown depot {code!r}")
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


def _pack_state(status: str, progress: list[LineProgress], touched: bool) -> str:
    if status == OrderStatus.CANCELLED:
        return PackState.CANCELLED
    if status == OrderStatus.DELIVERED:
        return PackState.DELIVERED
    if not progress:
        return PackState.ELSEWHERE
    if all(p.resolved for p in progress):
        return PackState.PACKED
    if touched or any(p.state not in (LineState.TO_PACK, LineState.REMOVED) for p in progress):
        return PackState.IN_PROGRESS
    return PackState.TO_PACK


def day_board(session: Session, day: dt.date, depot_code: str | None = None) -> list[RoundSummary]:
    """The day's rounds with their orders in stop order and each order's packing progress.

    With a depot, progress counts the lines that depot packs; rounds are those it takes part in.
    """
    depot_id = depot_by_code(session, depot_code).id if depot_code else None
    orders = session.scalars(
        select(m.Order).where(m.Order.delivery_date == day)
        .options(selectinload(m.Order.customer), selectinload(m.Order.stop),
                 selectinload(m.Order.lines).selectinload(m.OrderLine.product))
    ).all()
    order_ids = [o.id for o in orders]
    events: dict[uuid.UUID, list[m.PackEvent]] = defaultdict(list)
    crates: dict[uuid.UUID, int] = defaultdict(int)
    zones_by_order: dict[uuid.UUID, list[str]] = defaultdict(list)
    staff = {s.id: s.name for s in session.scalars(select(m.Staff))}
    for chunk in _chunks(order_ids):
        for ev in session.scalars(select(m.PackEvent).where(m.PackEvent.order_id.in_(chunk))
                                  .order_by(m.PackEvent.at, m.PackEvent.id)):
            if depot_id is None or ev.depot_id == depot_id:
                events[ev.order_id].append(ev)
        for crate in session.scalars(select(m.Crate).where(m.Crate.order_id.in_(chunk))):
            zones_by_order[crate.order_id].append(crate.zone)
            if depot_id is None or crate.depot_id == depot_id:
                crates[crate.order_id] += 1
    rounds = {r.id: r for r in session.scalars(
        select(m.Round).where(m.Round.date == day)
        .options(selectinload(m.Round.depot), selectinload(m.Round.van)))}
    out: dict[uuid.UUID | None, RoundSummary] = {}
    for order in orders:
        lines = [ln for ln in order.lines if depot_id is None or ln.packing_depot_id == depot_id]
        round_row = rounds.get(order.stop.round_id) if order.stop else None
        if depot_id is not None and not lines and (round_row is None or round_row.depot_id != depot_id):
            continue
        # Undo is resolved once per order, then each line folds only its own facts.
        by_line: dict[uuid.UUID | None, list[PackFact]] = defaultdict(list)
        for f in effective_facts(convert.fact(e) for e in events[order.id]):
            by_line[f.line_id].append(f)
        progress = [line_progress(convert.order_line(ln, ""), by_line.get(ln.id, ()))
                    for ln in lines]
        summary = OrderSummary(
            id=order.id, number=order.number, customer=order.customer.name,
            customer_kind=order.customer.kind, commune=order.customer.commune,
            round_code=round_row.code if round_row else "", round_id=round_row.id if round_row else None,
            stop_seq=order.stop.seq if order.stop else 0, status=order.status,
            pack_state=_pack_state(order.status, progress, bool(events[order.id])),
            lines=len(lines), lines_resolved=sum(p.resolved for p in progress),
            crates=crates[order.id],
            zones=sorted({ln.product.zone for ln in lines}, key=["ambient", "chilled", "frozen"].index),
            packers=sorted({staff.get(e.staff_id, "?") for e in events[order.id]}),
            version=order.version,
        )
        key = round_row.id if round_row else None
        if key not in out:
            out[key] = RoundSummary(
                id=round_row.id if round_row else uuid.UUID(int=0),
                code=round_row.code if round_row else "—", date=day,
                depot=round_row.depot.code if round_row else "",
                van=f"{round_row.van.name} ({round_row.van.plate})" if round_row else "",
                driver=round_row.driver_name if round_row else "",
                departure=round_row.departure if round_row else dt.time(0, 0),
                status=round_row.status if round_row else "",
                capacity={} if round_row is None else {
                    "ambient": round_row.van.capacity_ambient,
                    "chilled": round_row.van.capacity_chilled,
                    "frozen": round_row.van.capacity_frozen},
            )
        out[key].orders.append(summary)
        for zone in zones_by_order[order.id]:
            out[key].crates_by_zone[zone] = out[key].crates_by_zone.get(zone, 0) + 1
    result = sorted(out.values(), key=lambda r: (r.departure, r.code))
    for r in result:
        r.orders.sort(key=lambda o: o.stop_seq)
    return result


def _chunks(ids: list[uuid.UUID], size: int = 900) -> list[list[uuid.UUID]]:
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
    lines, progress_all = [], []
    for ln in order.lines:
        p = line_progress(convert.order_line(ln, ln.packing_depot.code), facts)
        progress_all.append(p)
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
        "number": order.number, "id": str(order.id), "delivery_date": order.delivery_date.isoformat(),
        "status": order.status, "version": order.version,
        "pack_state": _pack_state(order.status, progress_all, bool(events)),
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
        "total_cents": sum(p.amount_cents for p in progress_all),
    }
