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


def pack_one(store: Engine, depot_code: str, *,
             order_id: uuid.UUID | None = None) -> list[uuid.UUID]:
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


def shared_open_order(central: Engine, depots: tuple[str, str]) -> uuid.UUID:
    """An open order, not packed yet, with lines packed at both depots, a weighed line and
    two unit lines."""
    from cpdesk.store.models import OrderLine as OL

    with Session(central) as s:
        ids = {d.code: d.id for d in s.scalars(select(Depot))}
        packed = set(s.scalars(select(PackEvent.order_id)))
        for order in s.scalars(select(Order).where(Order.status == "open").order_by(Order.number)):
            lines = s.scalars(select(OL).where(OL.order_id == order.id)).all()
            at = {ln.packing_depot_id for ln in lines}
            weighed = any(ln.product.sale_unit == "kg" for ln in lines)
            units = sum(ln.product.sale_unit != "kg" for ln in lines)
            if (order.id not in packed and {ids[depots[0]], ids[depots[1]]} <= at and weighed
                    and units >= 2):
                return order.id
    raise AssertionError(f"no open order shared by {depots}")


def pack_lines(store: Engine, depot_code: str, order_id: uuid.UUID) -> int:
    """Pack this depot's lines of the order: a weighed line at 1.1x its weight, one unit line
    short, the other lines in full. Returns the amount due by hand (not by the domain fold)."""
    from cpdesk.domain.money import weighed_amount_cents
    from cpdesk.store.models import OrderLine as OL

    expected = 0
    short_done = False
    with transaction(store) as s:
        depot = s.scalars(select(Depot).where(Depot.code == depot_code)).one()
        staff = s.scalars(select(Staff).order_by(Staff.name)).first()
        assert staff is not None
        order = s.get_one(Order, order_id)
        lines = s.scalars(select(OL).where(OL.order_id == order_id, OL.packing_depot_id == depot.id)
                          .order_by(OL.line_no)).all()
        assert lines
        for ln in lines:
            ev = PackEvent(depot_id=depot.id, order_id=order_id, line_id=ln.id, staff_id=staff.id,
                           order_version=order.version, at=dt.datetime.now(dt.UTC))
            if ln.product.sale_unit == "kg":
                grams = int(ln.quantity * 1100)
                ev.kind, ev.weight_g, ev.quantity = "weigh", grams, 1
                expected += weighed_amount_cents(ln.unit_price_cents, grams)
            elif not short_done:
                ev.kind, ev.reason, ev.quantity = "short", "out of stock", 0
                short_done = True
            else:
                ev.kind, ev.quantity = "pack", int(ln.quantity)
                expected += ln.unit_price_cents * int(ln.quantity)
            s.add(ev)
            outbox.record_fact(s, ev)
    return expected
