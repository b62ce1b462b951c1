"""The sync topic registry against a migrated PostgreSQL centre's own catalogue.

`cpdesk.store.topics.SYNCED` describes each synced table (policies, change-log and
side-effect triggers, forced row-level security, the depots' grants); the migrations wrote
the real thing. They must agree: a new synced fact whose migration forgot a policy, or an
entry that says more than the migration did, fails here.
"""

from __future__ import annotations

import ast
import dataclasses
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text

from cpdesk.store import topics
from cpdesk.store.db import MIGRATIONS, make_engine, migrate
from cpdesk.sync.roles import group_role

pytestmark = pytest.mark.postgres

# Secured tables of the sync machinery itself, not facts: their policies live in migrations.
MACHINERY = {"central_event", "order_depot", "sync_change"}


@pytest.fixture
def migrated(pg_database: str) -> Iterator[tuple[Engine, str]]:
    engine = make_engine(pg_database)
    migrate(engine)
    try:
        yield engine, group_role(engine)
    finally:
        engine.dispose()


def _policies(conn: Connection, table: str, prefix: str) -> Counter[tuple[str, str, str]]:
    rows = conn.execute(text(
        "SELECT cmd, coalesce(qual, ''), coalesce(with_check, '') FROM pg_policies "
        "WHERE schemaname = current_schema() AND tablename = :t AND policyname LIKE :p"),
        {"t": table, "p": prefix + "%"}).all()
    return Counter((r[0], r[1], r[2]) for r in rows)


def test_every_synced_table_has_exactly_the_registrys_policies(
        migrated: tuple[Engine, str]) -> None:
    engine, group = migrated
    with engine.connect() as conn:
        for entry in topics.SYNCED:
            live = _policies(conn, entry.table, f"cp_{entry.table}_")
            # The registry's clauses, deparsed by the server itself (then rolled back), so
            # the comparison is PostgreSQL's reading of both, not two spellings of one SQL.
            with conn.begin_nested() as sp:
                for i, p in enumerate(entry.policies):
                    conn.execute(text(
                        f'CREATE POLICY cpreg_{i} ON "{entry.table}" FOR {p.command} '
                        f"TO {group} {p.clause}"))
                wanted = _policies(conn, entry.table, "cpreg_")
                sp.rollback()
            assert live == wanted, entry.table
            owner = conn.execute(text(
                "SELECT count(*) FROM pg_policies WHERE schemaname = current_schema() "
                "AND tablename = :t AND policyname = 'cp_owner'"), {"t": entry.table}).scalar()
            assert owner == 1, entry.table


def test_row_level_security_is_forced_on_every_synced_and_no_other_fact_table(
        migrated: tuple[Engine, str]) -> None:
    engine, _ = migrated
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
            "WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'")).all()
    secured = {r[0] for r in rows if r[1]}
    assert {r[0] for r in rows if r[1] and r[2]} == secured
    assert secured == set(topics.BY_TABLE) | MACHINERY


def _triggers(conn: Connection, table: str) -> dict[str, str]:
    rows = conn.execute(text(
        "SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relname = :t "
        "AND c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal"),
        {"t": table}).all()
    return {r[0]: r[1] for r in rows}


def test_change_log_side_effect_and_membership_triggers_match_the_registry(
        migrated: tuple[Engine, str]) -> None:
    engine, _ = migrated
    with engine.connect() as conn:
        for entry in topics.SYNCED:
            live = _triggers(conn, entry.table)
            wanted = {f"cp_od_{entry.table}_{e.lower()}" for e in entry.membership}
            if entry.logged_as:
                wanted.add(f"cp_log_{entry.table}")
                call = f"EXECUTE FUNCTION {topics.log_function(entry)}"
                assert live.get(f"cp_log_{entry.table}", "").endswith(call), entry.table
            if entry.side_effect:
                wanted.add(f"cp_fx_{entry.table}")
                definer = conn.execute(text(
                    "SELECT prosecdef, array_to_string(proconfig, ',') FROM pg_proc "
                    "WHERE proname = :f"), {"f": f"cp_fx_{entry.table}"}).one()
                assert definer[0] and definer[1].endswith("pg_temp"), entry.table
            assert set(live) == wanted, entry.table


def test_the_depots_grants_are_the_registrys(migrated: tuple[Engine, str]) -> None:
    engine, group = migrated
    with engine.connect() as conn:
        table_grants: dict[str, set[str]] = {}
        for t, priv in conn.execute(text(
                "SELECT table_name, privilege_type FROM information_schema.role_table_grants "
                "WHERE table_schema = current_schema() AND grantee = :g"), {"g": group}):
            table_grants.setdefault(t, set()).add(priv)
        for entry in topics.SYNCED:
            if entry.central_only:
                assert entry.table not in table_grants, entry.table
                cols = set(conn.execute(text(
                    "SELECT column_name FROM information_schema.column_privileges "
                    "WHERE table_schema = current_schema() AND table_name = :t "
                    "AND grantee = :g AND privilege_type = 'SELECT'"),
                    {"t": entry.table, "g": group}).scalars())
                every = set(conn.execute(text(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = :t"),
                    {"t": entry.table}).scalars())
                assert cols == every - set(entry.central_only), entry.table
            else:
                want = {g.strip() for g in entry.grants.split(",")}
                assert table_grants.get(entry.table) == want, entry.table
        others = set(table_grants) - set(topics.BY_TABLE) - MACHINERY
        assert others == {"meta"}  # the epoch; nothing else is open to the depots


def test_definer_functions_are_pinned_and_not_for_everyone(
        migrated: tuple[Engine, str]) -> None:
    engine, _ = migrated
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT p.proname, array_to_string(p.proconfig, ','), "
            "has_function_privilege('public', p.oid, 'EXECUTE') FROM pg_proc p "
            "WHERE p.pronamespace = current_schema()::regnamespace AND p.prosecdef")).all()
    assert rows
    for name, config, public in rows:
        assert config.startswith("search_path=pg_catalog") and config.endswith("pg_temp"), name
        assert not public, name


def test_migrations_import_no_application_code() -> None:
    """Migrations describe history: what they need is frozen into them (or into
    cpdesk.store.migrations.frozen), never read from code that moves on."""
    for path in sorted(Path(MIGRATIONS, "versions").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                  and node.func.id == "import_module" and node.args
                  and isinstance(node.args[0], ast.Constant)):
                names = [str(node.args[0].value)]
            for name in names:
                if name.startswith("cpdesk"):
                    assert name.startswith("cpdesk.store.migrations."), (path.name, name)


def test_the_sql_printed_for_a_new_fact_runs_and_gives_the_registrys_catalogue(
        migrated: tuple[Engine, str]) -> None:
    """`python -m cpdesk.store.topics TABLE` prints what a new fact's migration runs."""
    engine, group = migrated
    entry = dataclasses.replace(topics.BY_TABLE["pickup"], table="cp_scratch", side_effect=None)
    with engine.connect() as conn, conn.begin():
        conn.execute(text("CREATE TABLE cp_scratch (LIKE pickup INCLUDING ALL)"))
        for sql in topics.migration_sql(entry, group):
            conn.execute(text(sql))
        live = _policies(conn, "cp_scratch", "cp_cp_scratch_")
        assert live == _policies(conn, "pickup", "cp_pickup_")
        assert conn.execute(text(
            "SELECT relforcerowsecurity FROM pg_class WHERE relname = 'cp_scratch'")).scalar()
        assert conn.execute(text(
            "SELECT has_table_privilege(:g, 'cp_scratch', 'INSERT')"), {"g": group}).scalar()
        conn.rollback()
