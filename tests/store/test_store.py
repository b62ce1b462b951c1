import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cpdesk.domain.ids import new_id
from cpdesk.errors import CpdeskError
from cpdesk.store import models as m
from cpdesk.store.db import make_engine, migrate, open_store, transaction


def _reference(session: Session) -> tuple[m.Depot, m.Product, m.Customer]:
    coop = m.Coop(code="HES", name="Hesbicoop")
    depot = m.Depot(code="HES", coop=coop, name="Dépôt Hesbicoop")
    producer = m.Producer(coop_id=coop.id, name="Ferme du Try", commune="Braives", postcode="4260")
    coop.id = new_id()
    producer.coop_id = coop.id
    product = m.Product(sku="P1", name="Fromage de Herve", category="fromages",
                        producer=producer, sale_unit="kg", price_cents=2150, vat_pct=6,
                        zone="chilled", tolerance_pct=10)
    customer = m.Customer(kind="household", name="Marie Lambert", address="Rue Haute 3",
                          postcode="4000", commune="Liège")
    session.add_all([coop, depot, producer, product, customer])
    return depot, product, customer


def test_fresh_sqlite_store_is_migrated_with_wal_full_sync_and_foreign_keys(tmp_path):
    engine = open_store(tmp_path / "depot.sqlite", create=True)
    assert "pack_event" in inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        # statement journals of tables with triggers in memory (store/db.py)
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY
        head = conn.execute(text("select version_num from alembic_version")).scalar()
    migrate(engine)  # idempotent
    with engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == head


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(CpdeskError, match="no database"):
        open_store(tmp_path / "nope.sqlite")


def test_round_trip_keeps_exact_decimals_uuids_and_relations(tmp_path):
    engine = open_store(tmp_path / "s.sqlite", create=True)
    with transaction(engine) as session:
        depot, product, customer = _reference(session)
        order = m.Order(number="CP-261128-0001", customer=customer,
                        delivery_date=dt.date(2026, 11, 28))
        session.add(order)
        session.flush()
        session.add(m.OrderLine(order_id=order.id, line_no=1, product_id=product.id,
                                quantity=Decimal("0.750"), unit_price_cents=2150,
                                packing_depot_id=depot.id))
    with Session(engine) as session:
        order = session.scalars(select(m.Order)).one()
        assert order.lines[0].quantity == Decimal("0.750")
        assert order.lines[0].product.producer.name == "Ferme du Try"
        assert order.id.version == 7


def test_foreign_keys_are_enforced(tmp_path):
    engine = open_store(tmp_path / "s.sqlite", create=True)
    with pytest.raises(IntegrityError), transaction(engine) as session:
        session.add(m.Barcode(code="5412345000013", product_id=new_id(), kind="ean13"))


@pytest.mark.postgres
def test_the_same_migrations_build_postgresql(pg_database):
    engine = make_engine(pg_database)
    migrate(engine)
    migrate(engine)  # idempotent
    tables = set(inspect(engine).get_table_names())
    assert {"order", "order_line", "pack_event", "crate", "sale", "outbox"} <= tables
    with transaction(engine) as session:
        depot, product, customer = _reference(session)
    with Session(engine) as session:
        assert session.scalars(select(m.Product.name)).one() == "Fromage de Herve"
    engine.dispose()
