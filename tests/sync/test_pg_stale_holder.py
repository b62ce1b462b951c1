"""A depot login that holds the pull gate for ever: the centre ends it (migration 0019).

Depot CAR's own login turns its session's timeouts off, writes a fact in a transaction and
sits idle in it. Every change committed after that transaction began is held back from
every depot's pull until it ends; the next pull of any depot ends it once it has been idle
past the limit (the meta row `stale_holder_s`, lowered to 1 s here). Sessions that are not a
depot login's, or a depot's within the limit, are left alone and the pull says who holds it.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Connection, select, text, update
from sqlalchemy.orm import Session

from cpdesk.domain.ids import new_id
from cpdesk.store.db import transaction
from cpdesk.store.models import Depot, Order, OrderLine, PackEvent, Staff
from cpdesk.sync.engine import SyncEngine, SyncReport

from .conftest import PgCentre, depot_copy
from .helpers import open_order

pytestmark = pytest.mark.postgres
LIMIT_KEY = "stale_holder_s"


def _wait(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    """Until `condition()` holds (polled), or fail after `timeout` seconds."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "condition not met in time"
        time.sleep(0.05)


def _set_limit(pg: PgCentre, seconds: str | None) -> None:
    with pg.admin.begin() as conn:
        conn.execute(text("DELETE FROM meta WHERE key = :k"), {"k": LIMIT_KEY})
        if seconds is not None:
            conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v)"),
                         {"k": LIMIT_KEY, "v": seconds})


@pytest.fixture
def limit_1s(pg: PgCentre) -> Iterator[None]:
    _set_limit(pg, "1")
    try:
        yield
    finally:
        _set_limit(pg, None)


def _login(pg: PgCentre, depot: str) -> psycopg.Connection:
    return psycopg.connect(pg.logins[depot].replace("postgresql+psycopg://", "postgresql://"))


def _alive(pg: PgCentre, pid: int) -> bool:
    with pg.admin.connect() as conn:
        return bool(conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :p"),
                                 {"p": pid}).scalar())


def _idle_past(pg: PgCentre, pid: int, seconds: float) -> Callable[[], bool]:
    def idle() -> bool:
        with pg.admin.connect() as conn:
            return bool(conn.execute(text(
                "SELECT state LIKE 'idle in transaction%' AND state_change < clock_timestamp() "
                "- make_interval(secs => :s) FROM pg_stat_activity WHERE pid = :p"),
                {"p": pid, "s": seconds}).scalar())
    return idle


def _holding_car(pg: PgCentre) -> tuple[psycopg.Connection, int, uuid.UUID]:
    """CAR's login with its timeouts off, idle in a transaction that wrote a pack event on
    an order CAR takes part in: (connection, its pid, the event's id)."""
    with pg.admin.connect() as conn:
        car = conn.execute(select(Depot.id).where(Depot.code == "CAR")).scalar_one()
        line = conn.execute(select(OrderLine.id, OrderLine.order_id).where(
            OrderLine.packing_depot_id == car).order_by(OrderLine.id)).first()
        staff = conn.execute(select(Staff.id).order_by(Staff.name)).scalar()
    assert line is not None and staff is not None
    event = new_id()
    a = _login(pg, "CAR")
    a.execute("SET idle_in_transaction_session_timeout = 0")
    a.execute("SET statement_timeout = 0")
    a.execute("BEGIN")
    a.execute("INSERT INTO pack_event (id, depot_id, order_id, line_id, kind, quantity, "
              "staff_id, order_version, at) VALUES (%s, %s, %s, %s, 'pack', 1, %s, 1, %s)",
              (event, car, line.order_id, line.id, staff, dt.datetime.now(dt.UTC)))
    assert a.execute("SELECT pg_current_xact_id_if_assigned() IS NOT NULL").fetchone() == (True,)
    pid = a.execute("SELECT pg_backend_pid()").fetchone()
    assert pid is not None
    return a, int(pid[0]), event


def _change_for_hes(pg: PgCentre, eng: SyncEngine, note: str) -> tuple[uuid.UUID, int]:
    """Commit a change to an order HES packs (after the holder began): (order, version)."""
    with Session(eng.store) as s:
        oid = open_order(s, "HES")[0].id
    with transaction(pg.admin) as s:
        s.execute(update(Order).where(Order.id == oid).values(
            version=Order.version + 1, notes=note))
    with Session(pg.admin) as s:
        return oid, s.scalars(select(Order.version).where(Order.id == oid)).one()


def _pulled(eng: SyncEngine, oid: uuid.UUID) -> tuple[int, str | None]:
    with Session(eng.store) as s:
        version, notes = s.execute(select(Order.version, Order.notes)
                                   .where(Order.id == oid)).one()
    return version, notes


def _sync(eng: SyncEngine) -> SyncReport:
    try:
        return eng.sync_once()
    finally:
        eng.central.close()


def test_a_depot_idle_in_its_transaction_past_the_limit_is_ended_by_the_next_pull(
        pg: PgCentre, tmp_path: Path, limit_1s: None) -> None:
    a, pid, event = _holding_car(pg)
    try:
        hes = depot_copy(pg, tmp_path, "HES")
        oid, version = _change_for_hes(pg, hes, "changed while CAR sat idle")
        _wait(_idle_past(pg, pid, 1.2))
        report = _sync(hes)
        assert _pulled(hes, oid) == (version, "changed while CAR sat idle")
        assert report.held_back == 0 and report.held_by is None
        _wait(lambda: not _alive(pg, pid))
        with pytest.raises(psycopg.OperationalError):
            a.execute("SELECT 1")
    finally:
        a.close()
    with pg.admin.connect() as conn:  # its transaction rolled back: the fact is not stored
        assert conn.execute(select(PackEvent.id).where(PackEvent.id == event)).first() is None
    hes.store.dispose()


def test_the_owners_transaction_is_never_ended_the_pull_says_who_holds_it(
        pg: PgCentre, tmp_path: Path, limit_1s: None) -> None:
    owner = pg.admin.connect()
    try:
        owner.execute(text("SELECT pg_current_xact_id()"))
        pid = int(owner.execute(text("SELECT pg_backend_pid()")).scalar_one())
        hes = depot_copy(pg, tmp_path, "HES")
        oid, version = _change_for_hes(pg, hes, "changed while the owner sat idle")
        _wait(_idle_past(pg, pid, 1.2))
        held = _sync(hes)
        assert held.held_back >= 1
        assert held.held_by is not None and "not a depot login" in held.held_by
        assert _alive(pg, pid) and owner.execute(text("SELECT 1")).scalar() == 1
    finally:
        owner.rollback()
        owner.close()
    report = _sync(hes)
    assert _pulled(hes, oid) == (version, "changed while the owner sat idle")
    assert report.held_back == 0
    hes.store.dispose()


def test_a_depot_within_its_limit_is_left_alone(pg: PgCentre, tmp_path: Path) -> None:
    _set_limit(pg, "30")
    a, pid, event = _holding_car(pg)
    try:
        hes = depot_copy(pg, tmp_path, "HES")
        oid, version = _change_for_hes(pg, hes, "changed while CAR was busy")
        # Past a second (the pull asks about holders that old, central.STALE_CHECK_AFTER_S),
        # well within the limit.
        _wait(_idle_past(pg, pid, 1.2))
        held = _sync(hes)
        assert held.held_back >= 1
        assert held.held_by is not None and held.held_by.startswith("a depot login")
        assert _alive(pg, pid) and a.execute("SELECT 1").fetchone() == (1,)
        a.execute("COMMIT")  # a transaction that ends in time is a depot's to commit
    finally:
        a.close()
        _set_limit(pg, None)
    report = _sync(hes)
    assert _pulled(hes, oid) == (version, "changed while CAR was busy")
    assert report.held_back == 0
    with pg.admin.connect() as conn:
        assert conn.execute(select(PackEvent.id).where(PackEvent.id == event)).first()
    hes.store.dispose()


def test_a_depot_login_chooses_nothing_it_ends_no_one_elses_session(
        pg: PgCentre, limit_1s: None) -> None:
    owner = pg.admin.connect()
    a = _login(pg, "CAR")
    a.autocommit = True
    try:
        owner.execute(text("SELECT pg_current_xact_id()"))
        pid = int(owner.execute(text("SELECT pg_backend_pid()")).scalar_one())
        _wait(_idle_past(pg, pid, 1.2))
        for attack in (f"SELECT * FROM cp_end_stale_holders({pid})",
                       f"SELECT pg_terminate_backend({pid})",
                       "UPDATE meta SET value = '0' WHERE key = 'stale_holder_s'",
                       "INSERT INTO meta (key, value) VALUES ('stale_holder_s', '0')",
                       "DELETE FROM meta WHERE key = 'stale_holder_s'",
                       "CREATE OR REPLACE FUNCTION cp_end_stale_holders(OUT ended integer, "
                       "OUT held_by text) LANGUAGE sql AS $$ SELECT 0, '' $$",
                       "ALTER FUNCTION cp_end_stale_holders() OWNER TO CURRENT_USER",
                       "ALTER FUNCTION cp_end_stale_holders() SET search_path = public"):
            with pytest.raises(psycopg.Error):
                a.execute(attack)
        ended, held_by = a.execute("SELECT ended, held_by FROM cp_end_stale_holders()").fetchone() \
            or (None, None)
        assert ended == 0 and "not a depot login" in (held_by or "")
        assert _alive(pg, pid) and owner.execute(text("SELECT 1")).scalar() == 1
        with pg.admin.connect() as conn:
            assert conn.execute(text("SELECT value FROM meta WHERE key = :k"),
                                {"k": LIMIT_KEY}).scalar() == "1"
    finally:
        a.close()
        owner.rollback()
        owner.close()


@pytest.fixture
def unprivileged_owner(pg: PgCentre) -> Iterator[str]:
    """`cp_end_stale_holders()` owned, for one test, by a role with neither
    pg_signal_backend nor pg_read_all_stats (a centre's owner set up without them)."""
    role = f"cpdesk_t_owner_{secrets.token_hex(4)}"
    fn = "cp_end_stale_holders()"

    def run(conn: Connection, *sql: str) -> None:
        for statement in sql:
            conn.execute(text(statement))

    with pg.admin.begin() as conn:
        owner = conn.execute(text("SELECT pg_get_userbyid(proowner) FROM pg_proc "
                                  "WHERE proname = 'cp_end_stale_holders'")).scalar_one()
        run(conn, f"CREATE ROLE {role} NOLOGIN", f"ALTER FUNCTION {fn} OWNER TO {role}")
    try:
        yield role
    finally:
        with pg.admin.begin() as conn:
            run(conn, f'ALTER FUNCTION {fn} OWNER TO "{owner}"', f"DROP ROLE {role}")


def test_without_the_privilege_to_end_sessions_the_pull_still_works_and_says_why(
        pg: PgCentre, tmp_path: Path, limit_1s: None, unprivileged_owner: str) -> None:
    a, pid, _ = _holding_car(pg)
    try:
        hes = depot_copy(pg, tmp_path, "HES")
        oid, version = _change_for_hes(pg, hes, "changed while no one could end CAR")
        _wait(_idle_past(pg, pid, 1.2))
        held = _sync(hes)
        assert held.held_back >= 1
        assert held.held_by is not None and "pg_signal_backend" in held.held_by
        assert _alive(pg, pid)
    finally:
        a.close()
    _wait(lambda: not _alive(pg, pid))
    _sync(hes)
    assert _pulled(hes, oid) == (version, "changed while no one could end CAR")
    hes.store.dispose()


def test_the_function_goes_with_its_migration_and_comes_back(pg_database: str) -> None:
    from alembic import command

    from cpdesk.store.db import alembic_config, make_engine, migrate
    from cpdesk.sync.roles import group_name

    admin = make_engine(pg_database)
    grants = ("SELECT p.proconfig, has_function_privilege('public', p.oid, 'EXECUTE'), "
              "has_function_privilege(:g, p.oid, 'EXECUTE') FROM pg_proc p "
              "WHERE p.proname = 'cp_end_stale_holders' AND p.prosecdef AND p.provolatile = 'v'")
    try:
        migrate(admin)
        group = group_name(str(admin.url.database))
        with admin.connect() as conn:
            config, public_may, group_may = conn.execute(text(grants), {"g": group}).one()
        assert not public_may and group_may
        assert any(c.replace(" ", "").endswith(",pg_temp") for c in config)
        cfg = alembic_config(admin.url.render_as_string(hide_password=False))
        with admin.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0018")
        with admin.connect() as conn:
            assert conn.execute(text(grants), {"g": group}).first() is None
        migrate(admin)
        with admin.connect() as conn:
            assert conn.execute(text(grants), {"g": group}).one()[2]
    finally:
        admin.dispose()
