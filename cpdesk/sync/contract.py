"""The wire contract between a depot and the centre, independent of the transport.

Push: a batch of events, each with a globally unique id made at the depot; the centre answers
with the ids whose facts it holds committed (a batch sent twice is applied once), and the ids
it could not store, each with its reason: a refused fact is parked centrally with its payload
and stays open at the depot, which sends it again until it is stored or a person at the centre
resolves it (a refusal is never an acknowledgement). Pull: the rows changed
since a cursor, one page at a time, and the cursor after that page. Today the transport is a
direct database connection (PostgreSQL or the demo's SQLite); an HTTP API in front of the
same two calls would keep this contract.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import Date, DateTime, Numeric, Table, Time, Uuid

from cpdesk.store.outbox import to_jsonable as to_jsonable  # re-exported

START = "0:0"  # the cursor before anything


@dataclass(frozen=True, slots=True)
class Event:
    id: uuid.UUID
    topic: str  # one of cpdesk.store.outbox.TOPICS
    payload: dict[str, Any]


class EventBatch(list[Event]):
    """Events read from the outbox, with the JSON array a push sends (`json`: each event's
    id, topic and payload as the store holds it), made where they were read: the push does
    not encode again what it just decoded."""

    json: str | None = None


@dataclass(frozen=True, slots=True)
class PullPage:
    # table -> its changed rows, each a tuple of the table's columns in the depot store's
    # encoding (see cpdesk.sync.encoding), tables in pull order (parents first)
    rows: dict[str, list[tuple[Any, ...]]]
    cursor: str  # the cursor after this page
    more: bool  # a full page was read: ask again
    entries: int = 0  # change-log entries the page covered
    epoch: str = ""
    # Held back: entries already committed after the cursor that the centre can't hand out
    # yet, because a transaction that began before them is still open (it might still add
    # an entry before them); `held_for_s`: how long that transaction has been open (None:
    # nothing held, or the centre can't tell).
    held_back: int = 0
    held_for_s: float | None = None
    # Tombstones, (table, primary key as text): deleted, or no longer visible to the depot.
    gone: list[tuple[str, str]] = field(default_factory=list)
    # Whose transaction holds the changes back, in words, when the centre says (a session
    # that is not a depot login's is never ended; see migration 0019).
    held_by: str | None = None

    @property
    def size(self) -> int:
        """Rows and tombstones the page holds."""
        return sum(len(r) for r in self.rows.values()) + len(self.gone)


@dataclass(frozen=True, slots=True)
class PushResult:
    """The centre's answer to a batch: only `acked` may be marked sent at the depot."""

    acked: list[uuid.UUID] = field(default_factory=list)  # facts stored (accepted or flagged)
    rejected: dict[uuid.UUID, str] = field(default_factory=dict)  # parked: id -> reason
    resolved: dict[uuid.UUID, str] = field(default_factory=dict)  # settled by a person: note


class Central(Protocol):
    """What a depot needs of the centre."""

    depot_code: str

    def epoch(self) -> str: ...

    def push(self, events: Sequence[Event]) -> PushResult: ...

    def pull(self, cursor: str, limit: int) -> PullPage: ...

    def backlog(self, cursor: str) -> int:
        """How many change-log entries lie after `cursor` (a progress total)."""
        ...

    def history(self, table: str, after: uuid.UUID | None, limit: int) -> list[dict[str, Any]]:
        """A page (ordered by id) of the depot's own facts in `table`, after the id `after`."""
        ...

    def close(self) -> None: ...


def parse_cursor(cursor: str | None) -> tuple[int, int]:
    """'xid:seq' (seq alone on the demo's SQLite centre, where xid is 0)."""
    if not cursor:
        return 0, 0
    x, _, s = cursor.partition(":")
    return int(x), int(s or 0)


def format_cursor(xid: int, seq: int) -> str:
    return f"{xid}:{seq}"


# -- rows as JSON-ready values and back ------------------------------------------------------

def row_from_json(table: Table, data: dict[str, Any]) -> dict[str, Any]:
    """A payload row back into the Python values of `table`'s columns (unknown keys dropped)."""
    out: dict[str, Any] = {}
    for col in table.columns:
        if col.key not in data:
            continue
        v = data[col.key]
        if v is not None:
            t = col.type
            if isinstance(t, Uuid):
                v = uuid.UUID(str(v))
            elif isinstance(t, DateTime):
                v = dt.datetime.fromisoformat(v)
            elif isinstance(t, Date):
                v = dt.date.fromisoformat(v)
            elif isinstance(t, Time):
                v = dt.time.fromisoformat(v)
            elif isinstance(t, Numeric):
                v = Decimal(str(v))
        out[col.key] = v
    return out
