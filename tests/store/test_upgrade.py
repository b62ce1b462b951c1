"""An existing depot store with data is upgraded to the newest schema: SQLite rebuilds a
table to alter it, which foreign keys would refuse while other rows point at it."""

from __future__ import annotations

import uuid
from pathlib import Path

from alembic import command
from sqlalchemy import text

from cpdesk.store.db import (
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    migrate,
    sqlite_url,
)


def test_a_store_with_products_of_its_producers_upgrades_to_the_head(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "depot-HES.sqlite"))  # foreign keys on
    cfg = alembic_config(str(engine.url))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006")  # a store made before the producers' references
    coop, producer, product = (uuid.uuid4().hex for _ in range(3))
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO coop VALUES (:id, 'HES', 'Hesbicoop', 'Rue 1', '')"),
                     {"id": coop})
        conn.execute(text("INSERT INTO producer (id, coop_id, name, commune, postcode) "
                          "VALUES (:id, :coop, 'Ferme', 'Braives', '4260')"),
                     {"id": producer, "coop": coop})
        conn.execute(text(
            "INSERT INTO product (id, sku, name, category, producer_id, sale_unit, unit_label, "
            "price_cents, vat_pct, zone, tolerance_pct, active) VALUES (:id, 'P1', 'Pommes', "
            "'fruits', :producer, 'kg', 'kg', 350, 6, 'ambient', 10, 1)"),
            {"id": product, "producer": producer})
    assert current_revision(engine) == "0006"
    migrate(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM product")).scalar() == "Pommes"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # on again
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    engine.dispose()
