"""Is a depot store usable? Checks on opening, and the words for what went wrong.

A store can be unusable in ways SQLite reports only as raw errors: a file of 0 bytes (a copy
interrupted, a disk that lost it), a file that is not a database, pages damaged on disk
(`PRAGMA quick_check` finds them), a full disk (SQLITE_FULL) or a file that cannot be read.
Each becomes a `StoreProblem` whose `kind` the screens translate and whose message says what
to do; a damaged store is restored from the centre by `cpdesk setup`, which first sets the
damaged file aside (never deletes it).
"""

from __future__ import annotations

import errno
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cpdesk import clock
from cpdesk.errors import CpdeskError, StoreProblem

from .revisions import known_revisions

if TYPE_CHECKING:
    from sqlalchemy import Engine

SQLITE_HEADER = b"SQLite format 3\x00"
# Primary result codes (https://www.sqlite.org/rescode.html); extended codes keep them in
# their low byte.
SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT = 3, 8, 10, 11
SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 13, 14, 26
KIND_OF_CODE = {SQLITE_FULL: "full", SQLITE_CORRUPT: "damaged", SQLITE_NOTADB: "not_sqlite",
                SQLITE_IOERR: "unreadable", SQLITE_CANTOPEN: "unreadable",
                SQLITE_READONLY: "unreadable", SQLITE_PERM: "unreadable"}
MAX_PROBLEMS_SHOWN = 3


def check_file(path: Path) -> None:
    """The cheap checks, done on every opening: not empty, a SQLite file. (A missing file
    is the caller's business: it may be about to create it.)"""
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreProblem("unreadable", path, exc.strerror or str(exc)) from exc
    if not head:
        raise StoreProblem("empty", path)
    if head != SQLITE_HEADER:
        raise StoreProblem("not_sqlite", path, "no SQLite header")


def refuse_foreign(path: Path) -> str | None:
    """An existing file that is SQLite but not a cpdesk store, or from a newer cpdesk, is
    refused; else its schema revision. Read through a read-only connection, so that such a
    file is left exactly as it was."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = "
                                             "'table'")}
        revision = (conn.execute("SELECT version_num FROM alembic_version").fetchone()
                    if "alembic_version" in tables else None)
    finally:
        conn.close()
    if not tables:
        raise StoreProblem("empty", path, "a SQLite file without any table")
    if "alembic_version" not in tables:
        raise StoreProblem("not_sqlite", path, "a SQLite file, but not a cpdesk store")
    if revision is not None and revision[0] not in known_revisions():
        raise CpdeskError(code="store.newer_version", db=str(path), schema=revision[0])
    return revision[0] if revision is not None else None


def quick_check(engine: Engine, path: Path | None = None) -> StoreProblem | None:
    """`PRAGMA quick_check`: None when the store is sound, else what is wrong with it.

    Reads every page once (measured in bench/bench_store.py); run it off the GUI thread."""
    from sqlalchemy.exc import DBAPIError  # (this module is imported before SQLAlchemy is)

    try:
        with engine.connect() as conn:
            rows = [str(r) for r in conn.exec_driver_sql("PRAGMA quick_check").scalars()]
    except DBAPIError as exc:
        problem = store_problem(exc, path)
        if problem is None:
            raise
        return problem
    if rows == ["ok"]:
        return None
    found = [line for row in rows for line in row.splitlines() if not line.startswith("***")]
    shown = "; ".join(found[:MAX_PROBLEMS_SHOWN])
    more = f" and {len(found) - MAX_PROBLEMS_SHOWN} more" if len(found) > MAX_PROBLEMS_SHOWN else ""
    return StoreProblem("damaged", path, f"integrity check: {shown}{more}")


def store_problem(exc: BaseException, path: Path | None = None) -> StoreProblem | None:
    """The `StoreProblem` an exception from the store stands for, or None if it is another
    kind of error (a bug, a constraint: those keep their own message)."""
    # Without SQLAlchemy imported (the desk before its first frame) nothing is a DBAPIError.
    exc_module = sys.modules.get("sqlalchemy.exc")
    dbapi_error = exc_module.DBAPIError if exc_module is not None else ()
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:  # the cause chain, wrappers first
        seen.add(id(current))
        if isinstance(current, StoreProblem):
            return current
        orig = current.orig if isinstance(current, dbapi_error) else current
        if isinstance(orig, sqlite3.Error):
            code = getattr(orig, "sqlite_errorcode", None)
            kind = KIND_OF_CODE.get(code & 0xFF) if isinstance(code, int) else None
            if kind is None and "disk is full" in str(orig):
                kind = "full"
            if kind is not None:
                return StoreProblem(kind, path, str(orig))
        if isinstance(orig, OSError) and orig.errno in (errno.ENOSPC, errno.EDQUOT):
            return StoreProblem("full", path, orig.strerror or str(orig))
        current = current.__cause__ or current.__context__
    return None


def set_aside(path: Path) -> Path:
    """Rename a damaged store (and its -wal/-shm files) to `NAME.damaged-STAMP`, out of the
    way of a new store; nothing is deleted. Returns the new name of the store file."""
    stamp = clock.utcnow().strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    path.rename(target)
    return target


def is_damaged(path: Path, engine: Engine | None = None) -> StoreProblem | None:
    """Whether an existing store file is damaged (empty, not SQLite, failing quick_check)."""
    try:
        check_file(path)
    except StoreProblem as problem:
        return problem
    if engine is not None:
        return quick_check(engine, path)
    # A plain engine: the check only reads, so none of the store's pragmas (db.make_engine)
    # are needed, and the store's opening code (db.open_store) can use this module.
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{Path(path)}")
    try:
        return quick_check(engine, path)
    finally:
        engine.dispose()
