"""The depot's outbox: facts to push, written in the same transaction as the fact itself.

    with transaction(engine) as session:
        session.add(event)                 # a PackEvent, Crate or Sale (with lines, payments)
        outbox.record_fact(session, event)  # same transaction: both or neither

A PackEvent and a Sale are immutable facts: the outbox id is the fact's id, so recording it
twice is refused by the primary key. A crate changes state (open, closed, loaded...): each
recorded state gets a new event id and carries the whole crate row.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import func, inspect, select, update
from sqlalchemy.orm import Session

from cpdesk.domain.ids import new_id
from cpdesk.store.models import Base, Crate, Outbox, PackEvent, Sale

from .contract import Event, to_jsonable

TOPICS = ("pack_event", "crate", "sale")


def record(session: Session, topic: str, payload: dict[str, Any], *,
           event_id: uuid.UUID | None = None) -> uuid.UUID:
    """Queue one event in the caller's transaction; returns its (globally unique) id."""
    if topic not in TOPICS:
        raise ValueError(f"unknown sync topic {topic!r}")
    eid = event_id or new_id()
    session.add(Outbox(id=eid, topic=topic, payload=to_jsonable(payload), created_at=_now()))
    return eid


def row_dict(row: Base) -> dict[str, Any]:
    """The mapped columns of an ORM row as JSON-ready values."""
    mapper = inspect(type(row))
    return {c.key: to_jsonable(getattr(row, c.key)) for c in mapper.column_attrs}


def record_fact(session: Session, row: PackEvent | Crate | Sale) -> uuid.UUID:
    """Queue a PackEvent, a Crate (its current state) or a Sale with its lines and payments."""
    session.flush()  # column defaults (ids, timestamps) are filled in at flush
    if isinstance(row, PackEvent):
        return record(session, "pack_event", row_dict(row), event_id=row.id)
    if isinstance(row, Crate):
        return record(session, "crate", row_dict(row))
    if isinstance(row, Sale):
        payload = {"sale": row_dict(row), "lines": [row_dict(x) for x in row.lines],
                   "payments": [row_dict(x) for x in row.payments]}
        return record(session, "sale", payload, event_id=row.id)
    raise TypeError(f"not a syncable fact: {type(row).__name__}")


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
    return dt.datetime.now(dt.UTC)
