"""The order_depot membership behind row-level security follows every change."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.orm import Session

from cpdesk.domain.ids import new_id
from cpdesk.store.db import transaction
from cpdesk.store.models import Customer, Depot, Order, OrderLine, Product, Round, Stop, Van

from .conftest import PgCentre

pytestmark = pytest.mark.postgres

DEFINITION = """
SELECT order_id, packing_depot_id FROM order_line
UNION SELECT o.id, r.depot_id FROM "order" o JOIN stop s ON s.id = o.stop_id
JOIN round r ON r.id = s.round_id"""


def _sees(pg: PgCentre, depot: str, ids: dict[str, uuid.UUID]) -> set[str]:
    """Which of these rows the depot's own login can read."""
    engine = create_engine(pg.logins[depot].replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            return {name for name, (table, key) in (
                ("order", ("order", ids["order"])), ("line", ("order_line", ids["line"])),
                ("stop", ("stop", ids["stop"])), ("round", ("round", ids["round"])),
                ("customer", ("customer", ids["customer"]))).__iter__()
                if conn.execute(text(f'SELECT 1 FROM "{table}" WHERE id = :k'), {"k": key}).first()}
    finally:
        engine.dispose()


def test_visibility_follows_lines_stops_and_rounds(pg: PgCentre) -> None:
    with transaction(pg.admin) as s:
        dep = {d.code: d.id for d in s.scalars(select(Depot))}
        van = s.scalars(select(Van)).first()
        product = s.scalars(select(Product)).first()
        assert van is not None and product is not None
        day = dt.date(2027, 3, 1)
        rnd = Round(id=new_id(), code="HES-MEMBER-A", date=day, depot_id=dep["HES"],
                    van_id=van.id, driver_name="Test", departure=dt.time(9))
        other = Round(id=new_id(), code="TDH-MEMBER-A", date=day, depot_id=dep["TDH"],
                      van_id=van.id, driver_name="Test", departure=dt.time(9))
        cust = Customer(id=new_id(), name="Membre", kind="household", address="rue 1",
                        postcode="1000", commune="Bruxelles")
        s.add_all([rnd, other, cust])
        s.flush()
        stop = Stop(id=new_id(), round_id=rnd.id, seq=1, customer_id=cust.id)
        s.add(stop)
        s.flush()
        order = Order(id=new_id(), number="CP-270301-9999", customer_id=cust.id,
                      delivery_date=day, stop_id=stop.id)
        s.add(order)
        s.flush()
        line = OrderLine(id=new_id(), order_id=order.id, line_no=1, product_id=product.id,
                         quantity=Decimal(1), unit_price_cents=100, packing_depot_id=dep["HES"])
        s.add(line)
        ids = {"order": order.id, "line": line.id, "stop": stop.id, "round": rnd.id,
               "customer": cust.id}
    everything = {"order", "line", "stop", "round", "customer"}
    assert _sees(pg, "HES", ids) == everything
    assert _sees(pg, "CAR", ids) == set()

    with transaction(pg.admin) as s:  # CAR now packs the line: it sees the order whole
        s.execute(update(OrderLine).where(OrderLine.id == ids["line"])
                  .values(packing_depot_id=dep["CAR"]))
    assert _sees(pg, "CAR", ids) == everything
    assert _sees(pg, "HES", ids) == everything  # still its round

    with transaction(pg.admin) as s:  # the round passes to TDH: HES keeps nothing of it
        s.execute(update(Round).where(Round.id == ids["round"]).values(depot_id=dep["TDH"]))
    assert _sees(pg, "HES", ids) == set()
    assert _sees(pg, "TDH", ids) == everything

    with transaction(pg.admin) as s:  # the stop moves to another round: TDH still (its round)
        s.execute(update(Stop).where(Stop.id == ids["stop"]).values(round_id=other.id))
        s.execute(update(Order).where(Order.id == ids["order"]).values(stop_id=None))
    assert _sees(pg, "TDH", ids) == {"round"}  # its own round, nothing of the order
    assert _sees(pg, "CAR", ids) == {"order", "line", "customer"}

    with transaction(pg.admin) as s:
        s.execute(text("DELETE FROM order_line WHERE id = :i"), {"i": ids["line"]})
    assert _sees(pg, "CAR", ids) == set()

    with Session(pg.admin) as s:  # and the whole table equals its definition
        have = set(s.execute(text("SELECT order_id, depot_id FROM order_depot")).all())
        want = set(s.execute(text(DEFINITION)).all())
        assert have == want
