"""An existing depot store with data is upgraded to the newest schema: SQLite rebuilds a
table to alter it, which foreign keys would refuse while other rows point at it."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path

from alembic import command
from sqlalchemy import text

from cpdesk.store.db import (
    MIGRATIONS,
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    migrate,
    sqlite_url,
)

from ..conftest import DEMO_TODAY


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


def previous_head() -> str:
    """The revision the newest migration starts from: what the previous release wrote."""
    head = head_revision()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        if re.search(rf"^revision\s*=\s*['\"]{re.escape(head)}['\"]", source, re.M):
            found = re.search(r"^down_revision\s*=\s*['\"]([^'\"]+)['\"]", source, re.M)
            assert found, f"{path.name} has no down_revision"
            return found.group(1)
    raise AssertionError(f"no migration file for the head {head}")


def downgrade_to_previous_head(store: Path) -> str:
    """Turn a store made by this version into the store the previous release would have made
    of the same data (the newest migration undone); the revision it is at now."""
    engine = make_engine(sqlite_url(store))
    previous = previous_head()
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        with conn.begin():
            cfg = alembic_config(str(engine.url))
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, previous)
    engine.dispose()
    return previous


def columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The columns of every table (alembic's own aside)."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%' AND name != "
                                        "'alembic_version' ORDER BY name")]
    return {name: [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]
            for name in names}


def table_rows(conn: sqlite3.Connection, tables: dict[str, list[str]]) -> dict[str, list]:
    """Every row of these tables, these columns only, in a stable order."""
    return {name: sorted(conn.execute("SELECT {} FROM \"{}\"".format(
                ", ".join(f'"{c}"' for c in cols), name)).fetchall(), key=repr)
            for name, cols in tables.items()}


def test_a_store_of_the_previous_release_opens_migrated_with_every_row_kept(
        demo_dir: Path) -> None:
    """Installing a newer bundle over an older one: the data folder stays, and the first start
    of the new version migrates the store the old one wrote, keeping every row."""
    store = demo_dir / "depot-HES.sqlite"
    previous = downgrade_to_previous_head(store)
    with closing(sqlite3.connect(store)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (previous,)
        old_tables = columns(conn)
        before = table_rows(conn, old_tables)
    assert len(before["order"]) >= 10 and before["pack_event"] and before["product"]

    out = subprocess.run([sys.executable, "-m", "cpdesk", "orders", "--data-dir", str(demo_dir),
                          "--depot", "HES", "--date", DEMO_TODAY.isoformat(), "--json"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["orders"]  # the new version reads the old store's orders

    with closing(sqlite3.connect(store)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),)
        assert set(columns(conn)) >= set(old_tables)
        after = table_rows(conn, old_tables)  # the old columns of the old tables
        for name, rows in before.items():
            assert after[name] == rows, name
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
