"""The board's data for the packing station: day_board plus what packing adds to it.

The pack state itself (lines accepted out of tolerance by a supervisor counted as resolved)
is the domain's fold (cpdesk.domain.pack_state), read by `cpdesk.store.queries.day_board`.

- "changed centrally": the order has an open `OrderChange` (recorded by the sync when an
  order changed or was cancelled centrally after packing started; cleared when the packer
  resolves it). The rows are the one source of truth: a version comparison would stay on
  after a resolution that needed no new pack event;
- orders packed per hour of the morning (time of each packed order's last event), for the chart.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.store import models as m
from cpdesk.store import pack_progress
from cpdesk.store.order_changes import changed_order_ids
from cpdesk.store.queries import (
    OrderSummary,
    PackState,
    RoundSummary,
    depot_by_code,
    read_day_board,
)

CHANGED = "changed"  # a pack state of the board only: see the module docstring

@dataclass
class BoardData:
    rounds: list[RoundSummary]
    per_hour: dict[int, int] = field(default_factory=dict)
    unprojected: list[uuid.UUID] = field(default_factory=list)  # see `read_day_board`
    depot_id: uuid.UUID | None = None

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


def read_board(engine: Engine, depot_code: str, day: dt.date, *,
               opening_from: dt.date | None = None) -> tuple[dt.date, BoardData]:
    """The board screen's read, in its own session: the board of `day`, or with
    `opening_from` (today) of the day the board opens on. Returns the day shown with it."""
    with Session(engine) as session:
        shown = opening_day(session, opening_from, depot_code) if opening_from else day
        board = load_board(session, shown, depot_code)
    if board.unprojected and board.depot_id is not None:
        # Orders the projection had no row for were folded from their events: their rows are
        # written now, so that the next read of this day is one row per order.
        pack_progress.fill(engine, board.unprojected, board.depot_id, depot_code)
    return shown, board


def load_board(session: Session, day: dt.date, depot_code: str) -> BoardData:
    """The board of `day` at the depot: the projection of `day_board` (pack state with the
    supervisors' acceptances, crate counts), orders changed centrally, packed per hour."""
    read = read_day_board(session, day, depot_code)
    rounds = read.rounds
    changed = changed_order_ids(session)
    per_hour: dict[int, int] = defaultdict(int)
    for order in (o for r in rounds for o in r.orders):
        if order.id in changed:
            order.pack_state = CHANGED
        at = order.last_event_at
        if at is not None and order.pack_state in (PackState.PACKED, PackState.DELIVERED):
            aware = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
            per_hour[clock.local(aware).hour] += 1
    return BoardData(rounds, dict(per_hour), read.unprojected, read.depot_id)
