"""Record a fact in the outbox in the same transaction as the fact itself (shared/SYNC.md).

The outbox row carries the fact's own id, so a re-send is recognised by the centre.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from cpdesk.domain.ids import new_id

from .models import Base, Outbox


def to_payload(row: Base) -> dict[str, Any]:
    """The row's columns as JSON-ready values (UUID and Decimal as text, times ISO 8601)."""
    out: dict[str, Any] = {}
    for attr in inspect(row).mapper.column_attrs:
        value = getattr(row, attr.key)
        if isinstance(value, uuid.UUID | Decimal):
            value = str(value)
        elif isinstance(value, dt.datetime | dt.date | dt.time):
            value = value.isoformat()
        out[attr.key] = value
    return out


# Facts that never change once written: the outbox entry reuses the fact's id, which the
# centre uses as the dedupe key. Other rows (a crate whose status moves on) get a fresh
# event id for each change.
IMMUTABLE_TOPICS = frozenset({"pack_event", "sale", "crate_move", "round_departure"})


def record(session: Session, topic: str, row: Base) -> Outbox:
    """Add `row`'s outbox entry to the session (flushes so defaults such as ids are set)."""
    session.flush()
    payload = to_payload(row)
    event_id = uuid.UUID(payload["id"]) if topic in IMMUTABLE_TOPICS else new_id()
    entry = Outbox(id=event_id, topic=topic, payload=payload)
    session.add(entry)
    return entry
