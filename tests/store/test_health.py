"""What the store's raw errors mean: SQLITE_FULL, a damaged file, a full disk from the OS."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError, OperationalError

from cpdesk.errors import StoreProblem
from cpdesk.store.db import make_engine, open_store, sqlite_url, transaction
from cpdesk.store.health import is_damaged, set_aside, store_problem


def test_a_real_sqlite_full_is_a_full_disk(tmp_path: Path) -> None:
    store = tmp_path / "depot-HES.sqlite"
    engine = open_store(store, create=True)
    engine.dispose()

    def limit(dbapi_conn, _record) -> None:  # noqa: ANN001 - SQLAlchemy event signature
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(engine, "connect", limit)
    with pytest.raises(OperationalError) as err:
        with transaction(engine) as s:
            s.execute(text("CREATE TABLE filler (x BLOB)"))
            for _ in range(100):
                s.execute(text("INSERT INTO filler VALUES (randomblob(4000))"))
    problem = store_problem(err.value, store)
    assert problem is not None and problem.kind == "full" and problem.exit_code == 3
    assert str(problem).startswith(f"the disk holding the store {store} is full")
    assert "the last action was not saved" in str(problem)
    engine.dispose()


def test_other_errors_keep_their_own_meaning(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "x.sqlite"))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
    with pytest.raises(IntegrityError) as err, engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (1)"))
    assert store_problem(err.value) is None
    assert store_problem(ValueError("no")) is None
    full = OSError(errno.ENOSPC, "No space left on device")
    assert (problem := store_problem(full)) is not None and problem.kind == "full"
    wrapped = RuntimeError("while writing")
    wrapped.__cause__ = sqlite3.DatabaseError("file is not a database")
    wrapped.__cause__.sqlite_errorcode = 26  # type: ignore[attr-defined]
    assert (problem := store_problem(wrapped)) is not None and problem.kind == "not_sqlite"
    engine.dispose()


def test_set_aside_keeps_the_file_and_its_journal(tmp_path: Path) -> None:
    store = tmp_path / "depot-CAR.sqlite"
    store.write_bytes(b"garbage")
    (tmp_path / "depot-CAR.sqlite-wal").write_bytes(b"wal")
    problem = is_damaged(store)
    assert isinstance(problem, StoreProblem) and problem.kind == "not_sqlite"
    assert "cpdesk setup --depot CAR" in str(problem)
    kept = set_aside(store)
    assert not store.exists() and kept.read_bytes() == b"garbage"
    assert kept.with_name(kept.name + "-wal").read_bytes() == b"wal"
    store.write_bytes(b"")
    again = set_aside(store)  # the same second: a second name, nothing overwritten
    assert again != kept and kept.read_bytes() == b"garbage"
