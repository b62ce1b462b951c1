"""What the desk reads from its store's file before its first frame, without SQLAlchemy
(cpdesk/store/board_read.py), is what the store holds as the ORM reads it, and the file is
checked as `db.open_store` checks it. (The board itself: tests/packing/test_board_projection.py.)"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from cpdesk.errors import CpdeskError, NotFound, StoreProblem
from cpdesk.store import models as m
from cpdesk.store.board_read import needs_first_sync, store_facts
from cpdesk.store.db import get_meta, open_store, transaction
from cpdesk.store.paths import depot_path


def test_the_facts_are_those_the_orm_reads(demo_dir: Path) -> None:
    path = depot_path(demo_dir, "HES")
    engine = open_store(path)
    try:
        with transaction(engine) as s:  # a depot with its own time zone and language
            depot = s.query(m.Depot).filter_by(code="HES").one()
            depot.settings = {**depot.settings, "time_zone": "Europe/Amsterdam"}
            depot.language = "nl"
        facts = store_facts(path)
        with Session(engine) as s:
            depots = {d.code: d for d in s.query(m.Depot)}
            demo_today = get_meta(s, "demo_today")
    finally:
        engine.dispose()
    assert set(facts.depots) == set(depots) == {"HES", "CAR", "TDH"}
    for code, row in facts.depots.items():
        assert (row.id, row.language, row.settings) == (
            depots[code].id.hex, depots[code].language, depots[code].settings)
    assert facts.depot("hes").time_zone == "Europe/Amsterdam"
    assert facts.depot("HES").language == "nl"
    assert facts.depot("CAR").time_zone is None
    assert facts.demo_today == demo_today and demo_today
    assert facts.synced and facts.schema_current
    with pytest.raises(NotFound):
        facts.depot("XYZ")


def test_a_store_whose_first_sync_never_finished_needs_the_assistant(demo_dir: Path,
                                                                   tmp_path: Path) -> None:
    assert needs_first_sync(tmp_path / "empty", None)  # no store at all
    assert not needs_first_sync(demo_dir, "HES")  # a demo store: whole from the start
    seen: dict[Path, object] = {}
    assert not needs_first_sync(demo_dir, None, seen)
    assert list(seen) == [depot_path(demo_dir, "CAR")]  # the first; kept for the desk
    with closing(sqlite3.connect(depot_path(demo_dir, "HES"))) as conn, conn:
        conn.execute("DELETE FROM meta WHERE key IN ('demo_seed', 'last_sync_at')")
    assert needs_first_sync(demo_dir, "HES")
    assert not needs_first_sync(demo_dir, "TDH")


def test_the_file_is_checked_as_open_store_checks_it(demo_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "depot-EMP.sqlite"
    empty.write_bytes(b"")
    with pytest.raises(StoreProblem) as err:
        store_facts(empty)
    assert err.value.kind == "empty"
    assert not needs_first_sync(tmp_path, "EMP")  # the desk says what is wrong instead
    garbage = tmp_path / "depot-GAR.sqlite"
    garbage.write_bytes(b"not a database at all" * 200)
    with pytest.raises(StoreProblem) as err:
        store_facts(garbage)
    assert err.value.kind == "not_sqlite"
    foreign = tmp_path / "depot-FOR.sqlite"
    with closing(sqlite3.connect(foreign)) as conn, conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreProblem) as err:
        store_facts(foreign)
    assert err.value.kind == "not_sqlite"
    older = depot_path(demo_dir, "CAR")  # a known older revision: to be migrated first
    with closing(sqlite3.connect(older)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert not store_facts(older).schema_current
    newer = depot_path(demo_dir, "HES")
    with closing(sqlite3.connect(newer)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999_future'")
    with pytest.raises(CpdeskError) as refused:
        store_facts(newer)
    assert refused.value.code == "store.newer_version"
