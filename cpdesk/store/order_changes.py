"""Orders changed centrally while being packed: what the board shows and the packer resolves.

The centre owns orders; the depot's pack events stay valid facts. A change is recorded by the
pull (`cpdesk.sync.apply._detect_order_changes`) with its difference
(`cpdesk.domain.order_change.OrderDifference`): lines to add, lines removed or reduced (items
to take out of crates), or the whole order cancelled. These are the store's reads and the
packer's resolution of them: the packing services use them without knowing the sync.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.store.models import OrderChange


def open_changes(session: Session, order_id: uuid.UUID | None = None) -> list[OrderChange]:
    q = select(OrderChange).where(OrderChange.resolved_at.is_(None))
    if order_id is not None:
        q = q.where(OrderChange.order_id == order_id)
    return list(session.scalars(q.order_by(OrderChange.detected_at)))


def changed_order_ids(session: Session) -> set[uuid.UUID]:
    """Orders the board shows as changed."""
    return set(session.scalars(select(OrderChange.order_id)
                               .where(OrderChange.resolved_at.is_(None))))


def resolve(session: Session, change_id: uuid.UUID, staff_id: uuid.UUID) -> None:
    change = session.get(OrderChange, change_id)
    if change is None or change.resolved_at is not None:
        return
    change.resolved_at = clock.utcnow()
    change.resolved_by = staff_id
