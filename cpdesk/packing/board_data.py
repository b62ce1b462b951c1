"""The board's data for the packing station: day_board plus what packing adds to it.

- "changed centrally": the order has an open `OrderChange` (recorded by the sync when an
  order changed or was cancelled centrally after packing started; cleared when the packer
  resolves it). The rows are the one source of truth: a version comparison would stay on
  after a resolution that needed no new pack event;
- lines accepted out of tolerance by a supervisor count as resolved (pack_acceptance);
- orders packed per hour of the morning (time of each packed order's last event), for the chart.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.domain.packing import line_progress
from cpdesk.store import convert
from cpdesk.store import models as m
from cpdesk.store.queries import (
    OrderSummary,
    PackState,
    RoundSummary,
    _chunks,
    day_board,
    depot_by_code,
)
from cpdesk.sync.conflicts import changed_order_ids

CHANGED = "changed"  # a pack state of the board only: see the module docstring

@dataclass
class BoardData:
    rounds: list[RoundSummary]
    per_hour: dict[int, int] = field(default_factory=dict)

    @property
    def orders(self) -> list[OrderSummary]:
        return [o for r in self.rounds for o in r.orders if o.pack_state != PackState.ELSEWHERE]


def next_day_with_rounds(session: Session, day: dt.date, depot_code: str, *,
                         leaving_only: bool = False) -> dt.date | None:
    """The first day from `day` on with a round the depot takes part in: a round leaving
    from it, or (unless `leaving_only`, as loading needs) an order of a round it packs for.
    None when no round is planned from that day on."""
    depot_id = depot_by_code(session, depot_code).id
    days = [session.scalar(select(func.min(m.Round.date))
                           .where(m.Round.date >= day, m.Round.depot_id == depot_id))]
    if not leaving_only:
        days.append(session.scalar(
            select(func.min(m.Order.delivery_date))
            .join(m.OrderLine, m.OrderLine.order_id == m.Order.id)
            .where(m.Order.delivery_date >= day, m.Order.stop_id.is_not(None),
                   m.OrderLine.packing_depot_id == depot_id)))
    found = [d for d in days if d is not None]
    return min(found) if found else None


def opening_day(session: Session, today: dt.date, depot_code: str, *,
                leaving_only: bool = False) -> dt.date:
    """The day a screen opens on: today, or the next day with rounds when today has none
    (a Sunday, a holiday); today again when nothing is planned ahead."""
    return next_day_with_rounds(session, today, depot_code, leaving_only=leaving_only) or today


def load_board(session: Session, day: dt.date, depot_code: str) -> BoardData:
    rounds = day_board(session, day, depot_code)
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
