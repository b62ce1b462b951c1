"""Engines and migrations for the depot store (SQLite, WAL) and the centre (PostgreSQL)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.orm import Session

from cpdesk.errors import CpdeskError

from .health import refuse_foreign as _refuse_foreign
from .models import Meta
from .revisions import MIGRATIONS as MIGRATIONS  # re-exported
from .revisions import head_revision as head_revision  # re-exported
from .revisions import known_revisions as known_revisions  # re-exported

# FULL: a commit reported to the packer survives a power cut (NORMAL in WAL mode may roll
# back the last commits on power loss, which would lose printed crates). Measured in
# bench/bench_store.py.
SQLITE_SYNCHRONOUS = "FULL"


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path)}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    # A statement on a table with triggers (the board's progress projection, migration 0015)
    # keeps a statement journal: in a temporary file by default, opened for each statement
    # executed. In memory, a pull writing ~70,000 rows pays ~0.4 s for the triggers, not
    # ~1.2 s (measured on a 20,000-order store). Temporary tables and sorts stay in memory too.
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with the project's settings: SQLite gets WAL, FULL sync and foreign keys."""
    if url.startswith("sqlite"):
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent)."""
    if current_revision(engine) == head_revision():
        return
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by rebuilding it (alembic's batch mode): with foreign keys
            # enforced, dropping a table that other rows point at fails, so an existing store
            # with data could not be upgraded. Off for the upgrade (outside any transaction,
            # where SQLite honours it), the references checked before the commit.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise CpdeskError(f"the store's upgrade left {len(broken)} broken "
                                          f"references (first: {tuple(broken[0])}); nothing "
                                          "was changed")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def owner_only(path: Path) -> None:
    """Make a store readable by its owner only (POSIX): it holds customers' personal data.

    Called right after SQLite made the file, before anything is written to it (SQLite gives
    its -wal and -shm files the database file's mode); a store left readable by others by an
    older version is closed up the same way."""
    if os.name != "posix":
        return
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if p.stat().st_mode & 0o077:
                os.chmod(p, 0o600)
        except FileNotFoundError:
            pass


def open_store(path: Path, *, create: bool = False, check: bool = True) -> Engine:
    """Open (and migrate) a local SQLite store; refuse a missing one unless `create`.

    An existing file is checked first: an empty (0-byte) file or one that is not SQLite is
    refused, never silently turned into a blank store; with `check` (the default),
    `PRAGMA quick_check` must pass too. The GUI opens with check=False and runs
    `health.quick_check` in the background. A problem raises `StoreProblem`, which says what
    to do. A SQLite file without cpdesk's tables is refused too when a store was expected,
    and so is a store written by a newer cpdesk (its schema is not one of ours)."""
    from .health import check_file, quick_check, store_problem

    existed = path.exists()
    if not existed and not create:
        raise CpdeskError(f"no database at {path} (run 'cpdesk init-demo' or 'cpdesk setup')")
    if existed:
        check_file(path)
        if not create:
            try:
                _refuse_foreign(path)
            except sqlite3.Error as exc:
                raise store_problem(exc, path) or exc from exc
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    engine = make_engine(sqlite_url(path))
    try:
        with engine.connect():  # SQLite makes the file (empty) here: owner-only from the start
            owner_only(path)
        if existed and check:
            problem = quick_check(engine, path)
            if problem is not None:
                raise problem
        migrate(engine)
    except Exception as exc:
        engine.dispose()
        problem = store_problem(exc, path)
        if problem is None or problem is exc:
            raise
        raise problem from exc
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits at the end of the block, or rolls back on error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


def get_meta(session: Session, key: str) -> str | None:
    return session.scalar(select(Meta.value).where(Meta.key == key))


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value
