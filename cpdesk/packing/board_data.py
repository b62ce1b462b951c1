"""The board's data for the packing station: day_board plus what packing adds to it.

The pack state itself (lines accepted out of tolerance by a supervisor counted as resolved)
is the domain's fold (cpdesk.domain.pack_state), read by `cpdesk.store.board_read.day_board`
(on a plain sqlite3 connection, or the one under a SQLAlchemy session: the same read).

- "changed centrally": the order has an open `OrderChange` (recorded by the sync when an
  order changed or was cancelled centrally after packing started; cleared when the packer
  resolves it). The rows are the one source of truth: a version comparison would stay on
  after a resolution that needed no new pack event;
- orders packed per hour of the morning (time of each packed order's last event), for the chart.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpdesk import clock
from cpdesk.store import board_read, pack_progress
from cpdesk.store.board_read import OrderSummary, PackState, RoundSummary

log = logging.getLogger(__name__)

CHANGED = "changed"  # a pack state of the board only: see the module docstring

@dataclass
class BoardData:
    rounds: list[RoundSummary]
    per_hour: dict[int, int] = field(default_factory=dict)
    # (bookkeeping of the read, not the board: see `board_read.read_day_board`)
    unprojected: list[uuid.UUID] = field(default_factory=list, compare=False)
    depot_id: uuid.UUID | None = field(default=None, compare=False)

    @property
    def orders(self) -> list[OrderSummary]:
        return [o for r in self.rounds for o in r.orders if o.pack_state != PackState.ELSEWHERE]


def _connection(source: Any) -> Any:
    """A DB-API connection to the depot store: `source` itself (a plain one, e.g. from
    `board_read.connect`), or the one under a SQLAlchemy session."""
    if isinstance(source, sqlite3.Connection):
        return source
    from cpdesk.store.queries import raw_connection

    return raw_connection(source)


def next_day_with_rounds(source: Any, day: dt.date, depot_code: str, *,
                         leaving_only: bool = False) -> dt.date | None:
    """The first day from `day` on with a round the depot takes part in: a round leaving
    from it, or (unless `leaving_only`, as loading needs) an order of a round it packs for.
    None when no round is planned from that day on. `source`: a session or a connection."""
    return board_read.next_day_with_rounds(_connection(source), day, depot_code,
                                           leaving_only=leaving_only)


def opening_day(source: Any, today: dt.date, depot_code: str, *,
                leaving_only: bool = False) -> dt.date:
    """The day a screen opens on: today, or the next day with rounds when today has none
    (a Sunday, a holiday); today again when nothing is planned ahead."""
    return next_day_with_rounds(source, today, depot_code, leaving_only=leaving_only) or today


def read_board(store: Path, depot_code: str, day: dt.date, *,
               opening_from: dt.date | None = None) -> tuple[dt.date, BoardData]:
    """The board screen's read, on a plain connection to the store's file (no SQLAlchemy:
    the desk's first board frame is read before it is imported): the board of `day`, or
    with `opening_from` (today) of the day the board opens on, in one snapshot. Returns the
    day shown with it."""
    with board_read.connect(store) as conn, board_read.read(conn):
        shown = opening_day(conn, opening_from, depot_code) if opening_from else day
        board = load_board(conn, shown, depot_code)
    if board.unprojected and board.depot_id is not None:
        # Orders the projection had no row for were folded from their events: their rows
        # are written now, so that the next read of this day is one row per order.
        # Best effort: a store busy past the wait (another writer holding it), read-only or
        # full leaves them to the next read; the board itself is read and shown.
        try:
            pack_progress.fill(store, board.unprojected, board.depot_id, depot_code)
        except sqlite3.Error as exc:
            log.warning("board: %d progress rows not written (%s)", len(board.unprojected), exc)
    return shown, board


def load_board(source: Any, day: dt.date, depot_code: str) -> BoardData:
    """The board of `day` at the depot: the projection of `day_board` (pack state with the
    supervisors' acceptances, crate counts), orders changed centrally, packed per hour.
    `source`: a session or a connection."""
    conn = _connection(source)
    read = board_read.read_day_board(conn, day, depot_code)
    rounds = read.rounds
    changed = board_read.changed_order_ids(conn)
    per_hour: dict[int, int] = defaultdict(int)
    for order in (o for r in rounds for o in r.orders):
        if order.id in changed:
            order.pack_state = CHANGED
        at = order.last_event_at
        if at is not None and order.pack_state in (PackState.PACKED, PackState.DELIVERED):
            aware = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
            per_hour[clock.local(aware).hour] += 1
    return BoardData(rounds, dict(per_hour), read.unprojected, read.depot_id)
