"""The board as it was read before the projection (ORM objects, a fold per line, N+1 for
acceptances): kept only here, to check the projection gives the same board.

Copied from cpdesk/store/queries.py and cpdesk/packing/board_data.py as they stood."""

# ruff: noqa
from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cpdesk import clock
from cpdesk.domain.model import OrderStatus, PackFact
from cpdesk.domain.packing import LineProgress, LineState, effective_facts, line_progress
from cpdesk.packing.board_data import CHANGED, BoardData
from cpdesk.store import convert
from cpdesk.store import models as m
from cpdesk.store.queries import OrderSummary, PackState, RoundSummary, depot_by_code
from cpdesk.store.order_changes import changed_order_ids


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


def old_day_board(session: Session, day: dt.date, depot_code: str | None = None) -> list[RoundSummary]:
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


def old_load_board(session: Session, day: dt.date, depot_code: str) -> BoardData:
    rounds = old_day_board(session, day, depot_code)
    depot_id = depot_by_code(session, depot_code).id
    orders = {o.id: o for r in rounds for o in r.orders}
    last: dict[uuid.UUID, tuple[int, dt.datetime]] = {}
    accepted: set[uuid.UUID] = set()
    for chunk in _chunks(list(orders)):
        for order_id, version, at in session.execute(
                select(m.PackEvent.order_id, func.max(m.PackEvent.order_version),
                       func.max(m.PackEvent.at))
                .where(m.PackEvent.order_id.in_(chunk), m.PackEvent.depot_id == depot_id)
                .group_by(m.PackEvent.order_id)):
            last[order_id] = (version, at)
        accepted.update(session.scalars(
            select(m.PackAcceptance.order_id).where(m.PackAcceptance.order_id.in_(chunk),
                                                    m.PackAcceptance.depot_id == depot_id)))
    for order_id in accepted:
        _apply_acceptances(session, orders[order_id], depot_id)
    changed = changed_order_ids(session)
    per_hour: dict[int, int] = defaultdict(int)
    for order_id, order in orders.items():
        if order_id in changed:
            order.pack_state = CHANGED
        if order_id not in last:
            continue
        _version, at = last[order_id]
        if order.pack_state in (PackState.PACKED, PackState.DELIVERED):
            aware = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
            per_hour[clock.local(aware).hour] += 1
    return BoardData(rounds, dict(per_hour))


def _apply_acceptances(session: Session, order: OrderSummary, depot_id: uuid.UUID) -> None:
    """Recount an order's resolved lines with its supervisor acceptances (rare: per order)."""
    lines = list(session.scalars(select(m.OrderLine).where(
        m.OrderLine.order_id == order.id, m.OrderLine.packing_depot_id == depot_id)))
    facts = [convert.fact(e) for e in session.scalars(
        select(m.PackEvent).where(m.PackEvent.order_id == order.id,
                                  m.PackEvent.depot_id == depot_id)
        .order_by(m.PackEvent.at, m.PackEvent.id))]
    weights: dict[uuid.UUID, set[int]] = defaultdict(set)
    for line_id, weight_g in session.execute(
            select(m.PackAcceptance.line_id, m.PackAcceptance.weight_g)
            .where(m.PackAcceptance.order_id == order.id)):
        weights[line_id].add(weight_g)
    resolved = 0
    for ln in lines:
        line = convert.order_line(ln, "")
        p = line_progress(line, facts)
        if p.packed_weight_g in weights.get(ln.id, ()):
            p = line_progress(line, facts, accepted_out_of_tolerance=True)
        resolved += p.resolved
    order.lines_resolved = resolved
    if lines and resolved == len(lines) and order.pack_state == PackState.IN_PROGRESS:
        order.pack_state = PackState.PACKED


def _chunks(ids: list[uuid.UUID], size: int = 900) -> list[list[uuid.UUID]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)] or [[]]
