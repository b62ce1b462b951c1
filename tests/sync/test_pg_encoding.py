"""The centre encodes a pulled row in SQL as the depot store keeps it (cpdesk/sync/encoding.py):
for every pulled table, the values it sends are stored by SQLite, and read back by the app,
exactly as the row SQLAlchemy would have written from the Python values; edge values too
(fractions of a kilo, microseconds, a time zone other than UTC, NULLs, JSON beyond ASCII)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import JSON, create_engine, insert, select, text, update

from cpdesk.store import topics
from cpdesk.store.models import Base
from cpdesk.sync import encoding
from cpdesk.sync.apply import _upsert_sql

from .conftest import PgCentre

pytestmark = pytest.mark.postgres
T = Base.metadata.tables


def _edges(conn) -> None:  # type: ignore[no-untyped-def]
    """Rows with the awkward values, in the test's own transaction (rolled back)."""
    ol, o, r, st, d = T["order_line"], T["order"], T["round"], T["stop"], T["depot"]
    line = conn.execute(select(ol.c.id).limit(1)).scalar_one()
    conn.execute(update(ol).where(ol.c.id == line).values(quantity=Decimal("1.250")))
    order = conn.execute(select(o.c.id).limit(1)).scalar_one()
    conn.execute(update(o).where(o.c.id == order).values(
        created_at=dt.datetime(2026, 3, 29, 1, 59, 58, 123456,
                               tzinfo=dt.timezone(dt.timedelta(hours=2))),
        notes="Crème fraîche, 'quotes' \"and\" \\ backslash", stop_id=None))
    rnd = conn.execute(select(r.c.id).limit(1)).scalar_one()
    conn.execute(update(r).where(r.c.id == rnd).values(departure=dt.time(6, 5, 4, 321)))
    conn.execute(update(st).where(st.c.id == conn.execute(
        select(st.c.id).limit(1)).scalar_one()).values(eta=None))
    depot = conn.execute(select(d.c.id).limit(1)).scalar_one()
    conn.execute(update(d).where(d.c.id == depot).values(
        settings={"name": "Dépôt ☃", "n": [1, 2.5, None, True], "nested": {"a": ""}}))
    conn.execute(insert(T["crate"]).values(
        id=uuid.uuid4(), code="EDGE-1", order_id=order, depot_id=depot, zone="ambient",
        seq=1, status="closed", created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        closed_at=None))


def _stored(table: str, rows: list[tuple[object, ...]]) -> tuple[list[object], list[object]]:
    """`rows` inserted as the pull inserts them into a store of `table`: what SQLite holds
    (type and value of each column; JSON as its value) and what the app reads back."""
    eng = create_engine("sqlite://")
    Base.metadata.create_all(eng, tables=[T[table]])
    cols = list(T[table].columns)
    with eng.begin() as c:
        if rows:
            c.exec_driver_sql(_upsert_sql(table, True), rows)  # type: ignore[arg-type]
        raw = c.exec_driver_sql(
            "SELECT " + ", ".join(f'typeof("{x.name}"), "{x.name}"' for x in cols)
            + f' FROM "{table}"').all()
        read = sorted((tuple(r) for r in c.execute(select(T[table]))), key=repr)
    held = []
    for r in raw:
        out = []
        for i, col in enumerate(cols):
            kind, value = r[2 * i], r[2 * i + 1]
            out.append((kind, json.loads(value) if isinstance(col.type, JSON) and value
                        else value))
        held.append(tuple(out))
    return sorted(held, key=repr), read  # type: ignore[return-value]


def test_the_centre_encodes_every_pulled_table_as_the_store_keeps_it(pg: PgCentre) -> None:
    width = encoding.width()
    with pg.admin.connect() as conn:
        conn.execute(text("SET LOCAL TimeZone = 'UTC'"))  # as the depots' sessions
        _edges(conn)
        for table in topics.PULLED:
            hidden = encoding.HIDDEN.get(table, ())
            python = [{**dict(r), **{k: "" for k in hidden}}
                      for r in conn.execute(select(T[table])).mappings()]
            sql = [r[:len(T[table].columns)] for r in conn.exec_driver_sql(
                f'SELECT {encoding.sql_columns(table, "t", width)} FROM "{table}" t').all()]
            assert len(sql) == len(python), table
            if table in ("order_line", "order", "round", "depot", "crate"):
                assert python, f"no {table} rows to compare"
            want_held, want_read = _stored(table, encoding.encode_rows(table, python))
            got_held, got_read = _stored(table, sql)
            assert got_held == want_held, table
            assert got_read == want_read, table
        conn.rollback()


def test_a_timestamp_is_sent_in_utc_whatever_the_session_time_zone(pg: PgCentre) -> None:
    """The store keeps UTC: the SQL encoding does not depend on the session's TimeZone."""
    o = T["order"]
    with pg.admin.connect() as conn:
        conn.execute(text("SET LOCAL TimeZone = 'America/Sao_Paulo'"))
        when = dt.datetime(2026, 7, 1, 22, 30, 0, 5, tzinfo=dt.UTC)
        order = conn.execute(select(o.c.id).limit(1)).scalar_one()
        conn.execute(update(o).where(o.c.id == order).values(created_at=when))
        got = conn.exec_driver_sql(
            f'SELECT {encoding.sql_columns("order", "t", encoding.width())} FROM "order" t '
            "WHERE t.id = %(i)s", {"i": order}).one()
        conn.rollback()
    assert got[encoding.index("order", "created_at")] == "2026-07-01 22:30:00.000005"
    assert got[encoding.index("order", "id")] == order.hex
