"""Depot CAR's own login against depot HES's data: row-level security and grants."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, create_engine, func, insert, select, text, update
from sqlalchemy import exc as sa_exc

from cpdesk.domain.ids import new_id
from cpdesk.store.models import Crate, Depot, Order, OrderLine, PackEvent, Product, Sale, Staff

from .conftest import PgCentre

pytestmark = pytest.mark.postgres
DENIED = (sa_exc.ProgrammingError, sa_exc.DBAPIError)


@pytest.fixture
def car(pg: PgCentre) -> Iterator[Connection]:
    engine = create_engine(pg.logins["CAR"].replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        yield conn
        conn.rollback()
    engine.dispose()


def ids(pg: PgCentre) -> dict[str, uuid.UUID]:
    with pg.admin.connect() as conn:
        d = dict(conn.execute(select(Depot.code, Depot.id)).all())
        hes_only = conn.execute(
            select(Order.id).where(~Order.id.in_(select(OrderLine.order_id).where(
                OrderLine.packing_depot_id == d["CAR"])))
            .where(Order.id.in_(select(Crate.order_id).where(Crate.depot_id == d["HES"])))
        ).scalars().all()
        crate = conn.execute(select(Crate.id).where(Crate.depot_id == d["HES"],
                                                    Crate.order_id.in_(hes_only))).scalar()
        staff = conn.execute(select(Staff.id)).scalar()
    assert crate is not None and staff is not None
    return {"HES": d["HES"], "CAR": d["CAR"], "hes_crate": crate, "staff": staff,
            "hes_order": hes_only[0]}


def denied(conn: Connection, stmt: object) -> bool:
    try:
        with conn.begin_nested():
            result = conn.execute(stmt)  # type: ignore[call-overload]
            return result.rowcount == 0  # RLS filtered every row: nothing changed
    except DENIED:
        return True


def test_reads_of_another_depots_facts_see_nothing(pg: PgCentre, car: Connection) -> None:
    i = ids(pg)
    with pg.admin.connect() as admin:
        assert admin.execute(select(func.count()).select_from(PackEvent)
                             .where(PackEvent.depot_id == i["HES"])).scalar()
        assert admin.execute(select(func.count()).select_from(Sale)
                             .where(Sale.depot_id == i["HES"])).scalar()
    for table in (PackEvent, Sale):
        assert car.execute(select(func.count()).select_from(table)
                           .where(table.depot_id == i["HES"])).scalar() == 0
        assert car.execute(select(func.count()).select_from(table)).scalar()  # its own: yes
    assert car.execute(select(Crate).where(Crate.id == i["hes_crate"])).first() is None
    assert car.execute(select(Order).where(Order.id == i["hes_order"])).first() is None
    assert car.execute(text("SELECT count(*) FROM central_event WHERE depot_code <> 'CAR'")
                       ).scalar() == 0
    assert denied(car, text("SELECT count(*) FROM depot_login"))


def test_writes_to_another_depots_facts_are_refused(pg: PgCentre, car: Connection) -> None:
    i = ids(pg)
    now = dt.datetime.now(dt.UTC)
    forged = insert(PackEvent).values(id=new_id(), depot_id=i["HES"], order_id=i["hes_order"],
                                      kind="pack", quantity=1, staff_id=i["staff"],
                                      order_version=1, at=now)
    assert denied(car, forged)
    assert denied(car, insert(Sale).values(id=new_id(), depot_id=i["HES"], register="HES-1",
                                           receipt_no=999999, kind="sale", staff_id=i["staff"],
                                           total_cents=1, discount_cents=0, at=now))
    assert denied(car, insert(Crate).values(id=new_id(), code="CRFORGED01", order_id=i["hes_order"],
                                            depot_id=i["HES"], zone="ambient", seq=1,
                                            status="open", created_at=now))
    assert denied(car, update(Crate).where(Crate.id == i["hes_crate"]).values(status="loaded"))
    assert denied(car, update(Crate).where(Crate.depot_id == i["CAR"])
                  .values(depot_id=i["HES"]))  # can't hand its crates to another depot
    assert denied(car, text("DELETE FROM crate"))
    assert denied(car, text("DELETE FROM pack_event"))
    assert denied(car, text("UPDATE pack_event SET quantity = 0"))
    assert denied(car, text("DELETE FROM sale"))
    assert denied(car, text(
        "INSERT INTO central_event (id, depot_code, topic, payload, received_at, status, note) "
        "VALUES (gen_random_uuid(), 'HES', 'pack_event', '{}', now(), 'accepted', '')"))
    with pg.admin.connect() as admin:
        hes_role = admin.execute(text("SELECT role_name FROM depot_login WHERE depot_code='HES'")
                                 ).scalar()
    assert denied(car, text(f"SET ROLE {hes_role}"))


def test_the_catalogue_is_read_only(pg: PgCentre, car: Connection) -> None:
    assert car.execute(select(func.count()).select_from(Product)).scalar()
    assert denied(car, update(Product).values(price_cents=1))
    assert denied(car, text("DELETE FROM product"))
    assert denied(car, text("UPDATE \"order\" SET status = 'cancelled'"))
    assert denied(car, text("UPDATE staff SET role = 'supervisor'"))
    assert denied(car, text("INSERT INTO sync_change (tbl, row_key, op) VALUES ('x','y','U')"))
    assert denied(car, text("UPDATE meta SET value = 'x'"))
