"""Small helpers for the sync tests: make facts at a depot the way the screens will."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from cpdesk.domain.ids import new_id, short_code
from cpdesk.store.db import transaction
from cpdesk.store.models import CentralEvent, Crate, Depot, Order, OrderLine, PackEvent, Staff
from cpdesk.sync import outbox


def open_order(session: Session, depot_code: str) -> tuple[Order, OrderLine, Depot, Staff]:
    """An open order with a line this depot packs."""
    depot = session.scalars(select(Depot).where(Depot.code == depot_code)).one()
    line = session.scalars(select(OrderLine).join(Order).where(
        OrderLine.packing_depot_id == depot.id, Order.status == "open")
        .order_by(Order.number, OrderLine.line_no)).first()
    assert line is not None
    staff = session.scalars(select(Staff).order_by(Staff.name)).first()
    assert staff is not None
    return line.order, line, depot, staff


def pack_one(store: Engine, depot_code: str, *, order_id: uuid.UUID | None = None) -> list[uuid.UUID]:
    """A crate opened and one item packed into it: three outbox events in one transaction."""
    with transaction(store) as session:
        order, line, depot, staff = open_order(session, depot_code)
        if order_id is not None:
            order = session.get_one(Order, order_id)
            line = order.lines[0]
        cid = new_id()
        crate = Crate(id=cid, code=f"CR{short_code(cid)}", order_id=order.id, depot_id=depot.id,
                      zone="ambient", seq=99, status="open")
        session.add(crate)
        ids = [outbox.record_fact(session, crate)]
        ev = PackEvent(depot_id=depot.id, order_id=order.id, line_id=line.id, crate_id=cid,
                       kind="pack", quantity=1, amount_cents=100, staff_id=staff.id,
                       order_version=order.version, at=dt.datetime.now(dt.UTC))
        session.add(ev)
        ids.append(outbox.record_fact(session, ev))
        crate.status = "closed"
        ids.append(outbox.record_fact(session, crate))
        return ids


def central_event_count(central: Engine, ids: list[uuid.UUID] | None = None) -> int:
    with Session(central) as session:
        q = select(func.count()).select_from(CentralEvent)
        if ids is not None:
            q = q.where(CentralEvent.id.in_(ids))
        return session.scalar(q) or 0


def waiting(store: Engine) -> int:
    with Session(store) as session:
        return outbox.waiting(session)
