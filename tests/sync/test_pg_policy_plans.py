"""The depots' membership checks cost what a statement touches (migration 0016).

A policy's EXISTS over `order_depot` run as a *hashed* subplan reads every `order_depot` row
of the depot once per statement, even for a pull page of one entry. The sync's statements
are planned generically (config.PG_CONNECT_ARGS), so the planner cannot see how few rows a
page holds. Checked here on the plans of the statements a depot login runs: the pull page,
a push's insert, the rows a depot reads; before migration 0016 they held hashed subplans.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import psycopg
import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, text

from cpdesk.demo.generator import generate, write
from cpdesk.store.db import alembic_config, current_revision, head_revision, make_engine, migrate
from cpdesk.sync.central import _page_sql
from cpdesk.sync.central_push import _receive_and_insert_sql
from cpdesk.sync.roles import add_depot, drop_centre

from .conftest import ADMIN, TODAY

pytestmark = pytest.mark.postgres

# (name, statement with $n parameters, their types)
STATEMENTS = (
    ("pull page", None, "text, bigint, bigint, bigint"),
    ("change log", "SELECT count(*) FROM sync_change WHERE (xid, seq) > "
                   "(CAST($1 AS xid8), $2)", "text, bigint"),
    ("orders", 'SELECT count(*) FROM "order" WHERE number > $1', "text"),
    ("lines", "SELECT count(*) FROM order_line WHERE line_no > $1", "int"),
    ("crates", "SELECT count(*) FROM crate WHERE code > $1", "text"),
    ("crate moves", "SELECT count(*) FROM crate_move WHERE at > $1", "timestamptz"),
    ("push", "INSERT INTO pack_event SELECT * FROM jsonb_populate_recordset("
             "NULL::pack_event, $1)", "jsonb"),
    ("receive", _receive_and_insert_sql("pack_event", ("id", "depot_id", "order_id", "kind"))
     .replace(":b", "$1").replace(":d", "$2").replace(":now", "$3").replace(":stale", "$4"),
     "jsonb, text, timestamptz, text"),
)


@pytest.fixture
def centre(pg_database: str) -> Iterator[tuple[Engine, str]]:
    """A centre at migration 0015 with the demo network and HES's login."""
    admin = make_engine(pg_database)
    cfg = alembic_config(pg_database)
    with admin.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0015")
    write(admin, generate(seed=3, orders=60, today=TODAY).rows, {"role": "central"})
    login = add_depot(admin, "HES", sslmode="disable").url
    with admin.begin() as conn:
        conn.execute(text("ANALYZE"))
    try:
        yield admin, login.replace("+psycopg", "")
    finally:
        server = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
        drop_centre(admin, server)
        server.dispose()


def _plans(login: str) -> dict[str, str]:
    """Each statement's generic plan, as the depot login plans it."""
    page = _page_sql()
    for i, name in enumerate(("x", "s", "n", "m"), 1):
        page = page.replace(f"%({name})s", f"${i}")
    out = {}
    with psycopg.connect(login, autocommit=True) as conn:
        conn.execute("SET plan_cache_mode = force_generic_plan")
        for name, sql, types in STATEMENTS:
            p = "p" + secrets.token_hex(4)
            conn.execute(f"PREPARE {p}({types}) AS {sql or page}")
            args = ", ".join("NULL" for _ in types.split(","))
            rows = conn.execute(f"EXPLAIN EXECUTE {p}({args})").fetchall()
            out[name] = "\n".join(r[0] for r in rows)
    return out


def test_membership_checks_probe_an_index_instead_of_hashing_the_depots_orders(
        centre: tuple[Engine, str]) -> None:
    admin, login = centre
    before = _plans(login)
    # what migration 0016 is for (if PostgreSQL stops hashing these, this test says so)
    assert [n for n, plan in before.items() if "hashed SubPlan" in plan], before

    migrate(admin)
    assert current_revision(admin) == head_revision()
    after = _plans(login)
    hashed = {n: plan for n, plan in after.items() if "hashed SubPlan" in plan}
    assert not hashed
    # the change log's order entries and a pushed fact's order: the primary key
    for name in ("pull page", "change log", "push", "receive"):
        assert "order_depot_pkey" in after[name], after[name]
    # a pushed pack event's order is looked up by its key, not found among every order
    assert "Index Scan using pk_order" in after["receive"], after["receive"]
    assert 'Seq Scan on "order"' not in after["receive"], after["receive"]


def test_the_policies_go_back_as_they_were_on_downgrade(centre: tuple[Engine, str]) -> None:
    admin, _ = centre
    live = ("SELECT tablename, policyname, coalesce(qual, ''), coalesce(with_check, '') "
            "FROM pg_policies WHERE schemaname = current_schema() ORDER BY 1, 2")
    with admin.connect() as conn:
        before = conn.execute(text(live)).all()
    migrate(admin)
    with admin.connect() as conn:
        after = conn.execute(text(live)).all()
    changed = {(t, p) for (t, p, *c), old in zip(after, before, strict=True) if (t, p, *c) != old}
    assert len(changed) == 12
    assert all("OFFSET 0" in q + c for t, p, q, c in after if (t, p) in changed)
    cfg = alembic_config(admin.url.render_as_string(hide_password=False))
    with admin.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0015")
    with admin.connect() as conn:
        assert conn.execute(text(live)).all() == before
