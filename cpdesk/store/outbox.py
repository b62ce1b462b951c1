"""Record a fact in the outbox in the same transaction as the fact itself.

Both commit or neither does, so the sync never sends a fact the store lost nor misses one
it kept.

This module is THE outbox writer: every service calls `record(session, topic, row)` right
after adding or changing `row`, in the same transaction. `cpdesk.sync.outbox` reads the
outbox to push it; `cpdesk.sync.central` applies each topic at the centre.

Topics come from the sync topic registry (`cpdesk.store.topics.SYNCED`: one entry per
synced table says its topic, whether it is immutable, its children, its policies and its
side effect at the centre). Every payload is the row's columns as JSON-ready values
(`to_payload`: UUIDs and Decimals as text, times ISO 8601), flat, one key per column; a
fact with children carries them whole under their key (a sale's "lines" and "payments").

Immutable facts reuse the fact's id as the event id: recording one twice is refused by the
primary key, and the centre inserts it once (ON CONFLICT DO NOTHING on the id). A mutable
row (a crate, a register session, a staff member's first PIN) gets a new event id per
recorded state and carries its whole current state; the centre upserts it (the newest
state wins).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, inspect, select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.domain.ids import new_id

from .models import Base, Outbox
from .topics import BY_TOPIC


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    table: str
    immutable: bool
    # extra payload key -> (child table, its foreign key to the row): sent whole with the row
    children: tuple[tuple[str, str, str], ...] = ()
    # columns the centre never changes on an upsert (who owns the row, what it belongs to)
    fixed: tuple[str, ...] = ()


TOPICS: dict[str, Topic] = {
    name: Topic(name, s.table, s.immutable, tuple((c.key, c.table, c.fk) for c in s.children),
                s.fixed)
    for name, s in BY_TOPIC.items()}
IMMUTABLE_TOPICS = frozenset(t.name for t in TOPICS.values() if t.immutable)


def to_jsonable(value: Any) -> Any:
    """A column value (or JSON document) as a JSON-ready value."""
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def to_payload(row: Base) -> dict[str, Any]:
    """The row's columns as JSON-ready values (UUID and Decimal as text, times ISO 8601)."""
    return {attr.key: to_jsonable(getattr(row, attr.key))
            for attr in inspect(row).mapper.column_attrs}


def payload_of(session: Session, topic: str, row: Base) -> dict[str, Any]:
    """The payload of `row` under `topic` (with its children, read from the session)."""
    spec = TOPICS.get(topic)
    if spec is None:
        raise ValueError(f"unknown sync topic {topic!r}")
    table = getattr(row, "__tablename__", None)
    if table != spec.table:
        raise TypeError(f"topic {topic!r} carries {spec.table} rows, not {table}")
    payload = to_payload(row)
    for key, child_table, fk in spec.children:
        child = Base.metadata.tables[child_table]
        rows = session.execute(select(child).where(child.c[fk] == uuid.UUID(payload["id"])))
        payload[key] = sorted((to_jsonable(dict(r)) for r in rows.mappings()),
                              key=lambda r: (r.get("line_no") or 0, r["id"]))
    return payload


def record(session: Session, topic: str, row: Base) -> Outbox:
    """Add `row`'s outbox entry to the session (flushes so defaults such as ids are set)."""
    session.flush()
    payload = payload_of(session, topic, row)
    event_id = uuid.UUID(payload["id"]) if topic in IMMUTABLE_TOPICS else new_id()
    entry = Outbox(id=event_id, topic=topic, payload=payload, created_at=_created_at(session))
    session.add(entry)
    return entry


def _created_at(session: Session) -> dt.datetime:
    """Pushed in created_at order: strictly increasing within a transaction, so a crate's
    states and the facts referring to it reach the centre in the order they were made
    (a coarse clock could otherwise tie them and let the id decide)."""
    return next_created_at(session.info)


def next_created_at(info: dict[str, Any]) -> dt.datetime:
    """`_created_at` with the transaction's `info` (a session's, or kept by whoever writes
    on a plain connection: `RowWriter`)."""
    now = clock.utcnow()
    last = info.get("outbox_last_at")
    if last is not None and now <= last:
        now = last + dt.timedelta(microseconds=1)
    info["outbox_last_at"] = now
    return now


Processor = Callable[[Any], Any] | None


def _plain(column: ColumnElement[Any]) -> bool:
    """Whether the column's values are JSON-ready as they are (ints, texts)."""
    try:
        return column.type.python_type in (int, str, bool)
    except NotImplementedError:
        return False


class RowWriter:
    """New rows of a topic without children, every column set (the id too), and their
    outbox entries, on a plain DB-API connection: two prepared INSERTs in the caller's
    transaction, without SQLAlchemy on the way (the packing scan's write path, where a flush
    per row, then statement building, cost more than the commit's fsync). As with `record`,
    an immutable fact's entry has the fact's id, a mutable row's state a new one.

    Each value is stored exactly as SQLAlchemy stores it (the column type's own bind
    processor for the dialect: ids as SQLAlchemy's UUID text, times in its format, the
    payload as its JSON) and the payload is `record`'s (`to_jsonable` of each column, keyed
    like `to_payload`). `rows` are any objects with one attribute per mapped column."""

    def __init__(self, topic: str, dialect: Dialect) -> None:
        spec = TOPICS[topic]
        if spec.children:
            raise ValueError(f"RowWriter is for topics without children, not {topic!r}")
        self.topic = topic
        self._immutable = spec.immutable
        table = Base.metadata.tables[spec.table]
        mapper = next(mp for mp in Base.registry.mappers if mp.local_table is table)
        outbox = Base.metadata.tables["outbox"]
        q = dialect.identifier_preparer

        def processor(column: ColumnElement[Any]) -> Processor:
            return column.type.dialect_impl(dialect).bind_processor(dialect)

        self._columns = [(attr.key, processor(attr.columns[0])) for attr in mapper.column_attrs]
        self._keys = [key for key, _ in self._columns]
        # columns whose values are JSON-ready as they are (no `to_jsonable` to ask)
        self._plain = [_plain(attr.columns[0]) for attr in mapper.column_attrs]
        names = [attr.columns[0].name for attr in mapper.column_attrs]
        self._rows_sql = (f"INSERT INTO {q.format_table(table)} "
                          f"({', '.join(q.quote(n) for n in names)}) "
                          f"VALUES ({', '.join('?' * len(names))})")
        entry = ("id", "topic", "payload", "created_at")
        self._entry = [processor(outbox.c[n]) for n in entry]
        self._entries_sql = (f"INSERT INTO {q.format_table(outbox)} "
                             f"({', '.join(q.quote(n) for n in entry)}) "
                             f"VALUES ({', '.join('?' * len(entry))})")

    def write(self, db: Any, rows: Sequence[Any], info: dict[str, Any]) -> None:
        """Insert `rows` and their outbox entries on `db` (a DB-API connection, in the
        caller's transaction); `info` keeps the transaction's outbox times increasing."""
        if not rows:
            return
        stored, entries = [], []
        pid, ptopic, ppayload, pat = self._entry
        for row in rows:
            values = [getattr(row, key) for key, _ in self._columns]
            stored.append(tuple(v if p is None or v is None else p(v)
                                for v, (_, p) in zip(values, self._columns, strict=True)))
            payload = {key: v if v is None or plain else to_jsonable(v)
                       for v, key, plain in zip(values, self._keys, self._plain, strict=True)}
            entry = (row.id if self._immutable else new_id(), self.topic, payload,
                     next_created_at(info))
            entries.append(tuple(v if p is None else p(v)
                                 for v, p in zip(entry, (pid, ptopic, ppayload, pat),
                                                 strict=True)))
        db.executemany(self._rows_sql, stored)
        db.executemany(self._entries_sql, entries)
