"""Facts the centre could not store, parked in `central_event` for a person to settle.

A depot's event the centre refuses (its target is gone, a rule forbids it, ...) is kept with
its payload and the reason, status `rejected`; the depot keeps it open and sends it again at
each sync, so once the cause is put right centrally (e.g. a line restored) the next sync
stores it. A person may instead settle it (`resolve`: e.g. entered by hand, or judged void):
status `resolved` with their note, which the depot receives on its next sync and closes the
event with. `cpdesk central rejections` lists and settles them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.errors import CpdeskError
from cpdesk.store.models import CentralEvent


@dataclass(frozen=True, slots=True)
class Parked:
    id: uuid.UUID
    depot: str
    topic: str
    received_at: dt.datetime
    reason: str
    target: dict[str, str]  # the ids the fact points at (order, line, crate, ...)

    def as_dict(self) -> dict[str, Any]:
        return {"id": str(self.id), "depot": self.depot, "topic": self.topic,
                "received_at": self.received_at.isoformat(), "reason": self.reason,
                "target": self.target}


TARGET_KEYS = ("order_id", "line_id", "crate_id", "round_id", "sale_id", "session_id",
               "depot_id", "staff_id")


def parked(engine: Engine, depot: str | None = None, limit: int = 1000) -> list[Parked]:
    """Refused events still open, oldest first."""
    q = (select(CentralEvent).where(CentralEvent.status == "rejected")
         .order_by(CentralEvent.received_at, CentralEvent.id).limit(limit))
    if depot:
        q = q.where(CentralEvent.depot_code == depot.upper())
    with Session(engine) as s:
        return [Parked(e.id, e.depot_code, e.topic, e.received_at, e.note,
                       {k: str(e.payload[k]) for k in TARGET_KEYS
                        if isinstance(e.payload, dict) and e.payload.get(k)})
                for e in s.scalars(q)]


def parked_count(engine: Engine, depot: str | None = None) -> int:
    q = select(func.count()).select_from(CentralEvent).where(CentralEvent.status == "rejected")
    if depot:
        q = q.where(CentralEvent.depot_code == depot.upper())
    with Session(engine) as s:
        return s.scalar(q) or 0


def resolve(engine: Engine, ids: list[uuid.UUID], note: str) -> int:
    """Settle refused events with a person's note (the depots close them on their next sync).
    Every id must be a refused event still open: otherwise nothing is changed."""
    note = note.strip()
    if not note:
        raise CpdeskError("say how it was settled (--note), e.g. 'entered by hand'")
    with Session(engine) as s, s.begin():
        rows = {e.id: e for e in s.scalars(select(CentralEvent).where(CentralEvent.id.in_(ids)))}
        for i in ids:
            e = rows.get(i)
            if e is None:
                raise CpdeskError(f"no event {i} at the centre; nothing resolved")
            if e.status != "rejected":
                raise CpdeskError(f"event {i} is {e.status}, not refused; nothing resolved")
        now = clock.utcnow()
        for e in rows.values():
            s.execute(update(CentralEvent).where(CentralEvent.id == e.id).values(
                status="resolved", resolved_at=now, note=f"{note} (refused: {e.note})"[:2000]))
    return len(ids)
