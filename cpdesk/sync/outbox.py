"""The push side of the depot's outbox: what is waiting, marking what the centre committed.

Facts are written to the outbox by `cpdesk.store.outbox.record(session, topic, row)` in the
same transaction as the fact (topics and payload shapes are listed there, in `TOPICS`).
`record_fact(session, row)` is a shorthand that picks the topic from the row's table.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.store.models import Base, Outbox
from cpdesk.store.outbox import TOPICS, record

from .contract import Event

_BY_TABLE = {t.table: t.name for t in TOPICS.values()}


def record_fact(session: Session, row: Base) -> uuid.UUID:
    """Queue `row` under the topic of its table; returns the event id."""
    topic = _BY_TABLE.get(getattr(row, "__tablename__", ""))
    if topic is None:
        raise TypeError(f"not a syncable fact: {type(row).__name__}")
    return record(session, topic, row).id


def pending(session: Session, limit: int) -> list[Event]:
    rows = session.execute(
        select(Outbox.id, Outbox.topic, Outbox.payload)
        .where(Outbox.sent_at.is_(None)).order_by(Outbox.created_at, Outbox.id).limit(limit)
    ).all()
    return [Event(r.id, r.topic, r.payload) for r in rows]


def mark_sent(session: Session, ids: list[uuid.UUID]) -> int:
    """Mark what the centre showed as committed; only call after its commit."""
    n = 0
    now = _now()
    for i in range(0, len(ids), 500):
        result = session.execute(update(Outbox).where(Outbox.id.in_(ids[i:i + 500]),
                                                      Outbox.sent_at.is_(None))
                                 .values(sent_at=now))
        n += result.rowcount  # type: ignore[attr-defined]
    return n


def waiting(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Outbox)
                          .where(Outbox.sent_at.is_(None))) or 0


def resend_all(session: Session) -> int:
    """After the centre's epoch changed (restored from a backup): send everything again."""
    result = session.execute(update(Outbox).values(sent_at=None))
    return result.rowcount  # type: ignore[attr-defined]


def _now() -> dt.datetime:
    return clock.utcnow()
