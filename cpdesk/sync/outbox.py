"""The push side of the depot's outbox: what is waiting, marking what the centre committed.

An outbox row is pending (never refused), sent (the centre stored its fact, or a person at
the centre settled it: `resolution` says how), or refused: the centre could not store it and
parked it. A refused row is never marked sent; it stays open with the centre's reason, is
shown at the depot, and is sent again at each sync (its target may have been put right).

Facts are written to the outbox by `cpdesk.store.outbox.record(session, topic, row)` in the
same transaction as the fact (topics and payload shapes are listed there, in `TOPICS`).
`record_fact(session, row)` is a shorthand that picks the topic from the row's table.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, update
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.store.models import Base, Outbox
from cpdesk.store.outbox import IMMUTABLE_TOPICS, TOPICS, record

from .contract import Event, EventBatch

_BY_TABLE = {t.table: t.name for t in TOPICS.values()}
# The sync's own reads and marks take a Session or a plain Connection: a round runs them on
# one connection of the store, without a Session (cpdesk.sync.engine).
Db = Session | Connection


def _connection(db: Db) -> Connection:
    return db.connection() if isinstance(db, Session) else db


def record_fact(session: Session, row: Base) -> uuid.UUID:
    """Queue `row` under the topic of its table; returns the event id."""
    topic = _BY_TABLE.get(getattr(row, "__tablename__", ""))
    if topic is None:
        raise TypeError(f"not a syncable fact: {type(row).__name__}")
    return record(session, topic, row).id


@dataclass(frozen=True, slots=True)
class Refusal:
    """An outbox row the centre refused, still open."""

    id: uuid.UUID
    topic: str
    reason: str
    since: dt.datetime | None
    created_at: dt.datetime
    target: str  # what the fact is about, in a few words (order, line, crate ids)

    def as_dict(self) -> dict[str, Any]:
        return {"id": str(self.id), "topic": self.topic, "reason": self.reason,
                "since": self.since.isoformat() if self.since else None,
                "created_at": self.created_at.isoformat(), "target": self.target}


def pending(db: Db, limit: int, after: uuid.UUID | None = None) -> list[Event]:
    """Events never sent nor refused, oldest first (refused ones: `refused_events`); with
    `after`, those that come after that event (the next batch of a push, read before the
    centre acknowledged the one before it)."""
    conn = _connection(db)
    if conn.dialect.name != "sqlite":
        q = (select(Outbox.id, Outbox.topic, Outbox.payload)
             .where(Outbox.sent_at.is_(None), Outbox.rejected_at.is_(None))
             .order_by(Outbox.created_at, Outbox.id).limit(limit))
        if after is not None:
            last = select(Outbox.created_at).where(Outbox.id == after).scalar_subquery()
            q = q.where(or_(Outbox.created_at > last,
                            and_(Outbox.created_at == last, Outbox.id > after)))
        return [Event(r.id, r.topic, r.payload) for r in conn.execute(q)]
    # The store's own encoding read as it is (ids as 32 hex digits, payloads as JSON text):
    # a push reads thousands of these, which need no ORM row each.
    sql = "SELECT id, topic, payload FROM outbox WHERE sent_at IS NULL AND rejected_at IS NULL"
    params: tuple[Any, ...] = (limit,)
    if after is not None:
        sql += " AND (created_at, id) > (SELECT created_at, id FROM outbox WHERE id = ?)"
        params = (after.hex, limit)
    raw = conn.exec_driver_sql(sql + " ORDER BY created_at, id LIMIT ?", params).all()
    batch = EventBatch(Event(uuid.UUID(i), t, json.loads(p)) for i, t, p in raw)
    # The array the push sends, from the payloads' own JSON text (topics are plain names).
    batch.json = "[" + ",".join(f'{{"id":"{e.id}","topic":"{e.topic}","payload":{p}}}'
                                for e, (_, _, p) in zip(batch, raw, strict=True)) + "]"
    return batch


def refused_events(session: Session, limit: int, after: tuple[dt.datetime, uuid.UUID] | None
                   = None) -> list[tuple[Event, dt.datetime]]:
    """Refused events still open, oldest first, to send again (with their created_at)."""
    q = (select(Outbox.id, Outbox.topic, Outbox.payload, Outbox.created_at)
         .where(Outbox.sent_at.is_(None), Outbox.rejected_at.is_not(None))
         .order_by(Outbox.created_at, Outbox.id).limit(limit))
    if after is not None:
        at, last = after
        q = q.where(or_(Outbox.created_at > at, and_(Outbox.created_at == at, Outbox.id > last)))
    return [(Event(r.id, r.topic, r.payload), r.created_at) for r in session.execute(q)]


def supersede(session: Session, events: list[Event]) -> list[Event]:
    """Of refused mutable states (a crate, a register session), those a later state of the
    same row already reached the centre with: settled, since a row's state is sent whole and
    the newer one holds it (sending the old one again would put the row back in time).
    Returns the events still to send."""
    out = []
    for e in events:
        if e.topic in IMMUTABLE_TOPICS or "id" not in e.payload:
            out.append(e)
            continue
        created = session.scalar(select(Outbox.created_at).where(Outbox.id == e.id))
        later = session.scalar(select(Outbox.id).where(
            Outbox.topic == e.topic, Outbox.created_at > created, Outbox.sent_at.is_not(None),
            func.json_extract(Outbox.payload, "$.id") == e.payload["id"]).limit(1))
        if later is None:
            out.append(e)
        else:
            session.execute(update(Outbox).where(Outbox.id == e.id).values(
                sent_at=clock.utcnow(), resolution="superseded by a later state of the same row"))
    return out


def mark_rejected(db: Db, reasons: dict[uuid.UUID, str]) -> int:
    """Keep refused events open with the centre's reason (never marked sent)."""
    if not reasons:
        return 0
    now = clock.utcnow()
    n = 0
    for event_id, reason in reasons.items():
        result = db.execute(
            update(Outbox).where(Outbox.id == event_id, Outbox.sent_at.is_(None))
            .values(rejected_at=func.coalesce(Outbox.rejected_at, now), reject_reason=reason))
        n += result.rowcount  # type: ignore[attr-defined]
    return n


def mark_resolved(db: Db, notes: dict[uuid.UUID, str]) -> int:
    """Refused events a person at the centre settled: closed, with how."""
    if not notes:
        return 0
    now = clock.utcnow()
    n = 0
    for event_id, note in notes.items():
        result = db.execute(
            update(Outbox).where(Outbox.id == event_id, Outbox.sent_at.is_(None))
            .values(sent_at=now, resolution=f"resolved centrally: {note}" if note
                    else "resolved centrally"))
        n += result.rowcount  # type: ignore[attr-defined]
    return n


def refusals(db: Db, limit: int = 100) -> list[Refusal]:
    """Open refusals, oldest first, for the screens and `cpdesk sync`."""
    rows = db.execute(
        select(Outbox.id, Outbox.topic, Outbox.payload, Outbox.reject_reason, Outbox.rejected_at,
               Outbox.created_at)
        .where(Outbox.sent_at.is_(None), Outbox.rejected_at.is_not(None))
        .order_by(Outbox.created_at, Outbox.id).limit(limit)).all()
    return [Refusal(r.id, r.topic, r.reject_reason or "", _utc(r.rejected_at),
                    _utc(r.created_at) or r.created_at, _target(r.payload)) for r in rows]


def _utc(t: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; the store writes UTC."""
    return t.replace(tzinfo=dt.UTC) if t is not None and t.tzinfo is None else t


def refused_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Outbox).where(
        Outbox.sent_at.is_(None), Outbox.rejected_at.is_not(None))) or 0


def _target(payload: dict[str, Any]) -> str:
    keys = ("order_id", "line_id", "crate_id", "round_id", "sale_id", "session_id")
    return " ".join(f"{k.removesuffix('_id')} {str(payload[k])[:8]}" for k in keys
                    if payload.get(k))


def mark_sent(db: Db, ids: list[uuid.UUID]) -> int:
    """Mark what the centre showed as committed; only call after its commit."""
    if not ids:
        return 0
    now = clock.utcnow()
    conn = _connection(db)
    if conn.dialect.name == "sqlite":  # one statement text, a tuple per id (the store's encoding)
        stamp = Outbox.__table__.c.sent_at.type.dialect_impl(conn.dialect).bind_processor(
            conn.dialect)
        at = stamp(now) if stamp is not None else now
        result = conn.exec_driver_sql(
            "UPDATE outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL",
            [(at, i.hex) for i in ids])
        return result.rowcount
    n = 0
    for i in range(0, len(ids), 500):
        res = conn.execute(update(Outbox).where(Outbox.id.in_(ids[i:i + 500]),
                                                   Outbox.sent_at.is_(None))
                              .values(sent_at=now))
        n += res.rowcount  # type: ignore[attr-defined]
    return n


def open_counts(db: Db) -> tuple[int, int]:
    """(waiting, refused): events not yet stored centrally (refused ones included), and of
    those the refused ones, in one read."""
    conn = _connection(db)
    if conn.dialect.name == "sqlite":
        w, r = conn.exec_driver_sql(
            "SELECT count(*), count(rejected_at) FROM outbox WHERE sent_at IS NULL").one()
    else:
        w, r = conn.execute(select(func.count(), func.count(Outbox.rejected_at))
                            .where(Outbox.sent_at.is_(None))).one()
    return int(w), int(r)


def any_refused(db: Db) -> bool:
    """Whether any refused event is open (to send again)."""
    conn = _connection(db)
    if conn.dialect.name == "sqlite":
        return conn.exec_driver_sql(
            "SELECT 1 FROM outbox WHERE sent_at IS NULL AND rejected_at IS NOT NULL "
            "LIMIT 1").first() is not None
    return conn.execute(select(Outbox.id).where(
        Outbox.sent_at.is_(None), Outbox.rejected_at.is_not(None)).limit(1)).first() is not None


def waiting(session: Session) -> int:
    """Events not yet stored centrally (refused ones included: they are not delivered)."""
    return session.scalar(select(func.count()).select_from(Outbox)
                          .where(Outbox.sent_at.is_(None))) or 0


def resend_all(session: Session) -> int:
    """After the centre's epoch changed (restored from a backup): send everything again
    (settled refusals too: the restored centre may not hold their resolution)."""
    result = session.execute(update(Outbox).values(sent_at=None, rejected_at=None,
                                                   resolution=None))
    return result.rowcount  # type: ignore[attr-defined]

