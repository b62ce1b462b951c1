"""Pulled rows in the depot store's own encoding, made either side of the wire.

A pull page carries each table's rows as tuples of the table's columns (in the model's
order), each value as the depot's SQLite store keeps it: a UUID as its 32 hex digits, a date
`YYYY-MM-DD`, a time `HH:MM:SS.ffffff`, a timestamp in UTC `YYYY-MM-DD HH:MM:SS.ffffff`, a
boolean 1/0, a number as a number or its digits (SQLite's column affinity stores `'5'` and
`5`, `'1.250'` and `1.25` alike), JSON as its text. The depot inserts them with one
`executemany` and no conversion of its own.

The PostgreSQL centre encodes in SQL (`sql_columns`): one text column per value, so the
driver hands over plain strings (no UUID, Decimal or datetime objects to build and take
apart again); the demo's SQLite centre encodes the values SQLAlchemy read
(`encode_rows`, the store dialect's own bind processors). tests/sync/test_pg_encoding.py
checks that both store the same values.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Numeric, Time, Uuid
from sqlalchemy.dialects import sqlite

from cpdesk.store import topics
from cpdesk.store.models import Base

T = Base.metadata.tables
HIDDEN = topics.CENTRAL_ONLY  # columns a depot never reads: it gets "" instead
_SQLITE = sqlite.dialect()


def columns(table: str) -> tuple[str, ...]:
    """The column keys of a pulled row, in the order of its tuple."""
    return tuple(c.key for c in T[table].columns)


@functools.cache
def index(table: str, column: str) -> int:
    return columns(table).index(column)


def _sql_value(table: str, col: Any, ref: str) -> str:
    """A PostgreSQL expression giving column `col` (as `ref`) in the store's encoding."""
    t = col.type
    if col.key in HIDDEN.get(table, ()):
        return "CAST('' AS text)"
    if isinstance(t, Uuid):
        return f"replace(CAST({ref} AS text), '-', '')"
    if isinstance(t, Boolean):
        return f"CASE WHEN {ref} THEN '1' WHEN NOT {ref} THEN '0' END"
    if isinstance(t, DateTime):
        return f"to_char({ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
    if isinstance(t, Date):
        return f"to_char({ref}, 'YYYY-MM-DD')"
    if isinstance(t, Time):
        return f"to_char({ref}, 'HH24:MI:SS.US')"
    return f"CAST({ref} AS text)"  # text, integers, numerics, JSON


def sql_columns(table: str, alias: str, width: int) -> str:
    """The select list of `table`'s columns in the store's encoding, padded with NULLs to
    `width` columns (every branch of the page's UNION ALL has the same shape)."""
    cols = [_sql_value(table, c, f'{alias}."{c.name}"') for c in T[table].columns]
    cols += ["CAST(NULL AS text)"] * (width - len(cols))
    return ", ".join(cols)


def width() -> int:
    """The widest pulled table: the page's column count after its tag."""
    return max(len(T[t].columns) for t in topics.PULLED)


@functools.cache
def _procs(table: str) -> tuple[Callable[[Any], Any] | None, ...]:
    out: list[Callable[[Any], Any] | None] = []
    for c in T[table].columns:
        t = c.type
        if isinstance(t, Uuid):
            out.append(_uuid_hex)
        elif isinstance(t, JSON):
            out.append(_json_text)
        elif isinstance(t, Numeric | DateTime | Date | Time | Boolean):
            out.append(t.dialect_impl(_SQLITE).bind_processor(_SQLITE))
        else:
            out.append(None)
    return tuple(out)


def _uuid_hex(value: Any) -> str:
    return value.hex  # type: ignore[no-any-return]


def _json_text(value: Any) -> str:
    return json.dumps(value)


def encode_rows(table: str, rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Rows as dicts of Python values (a missing column: None; a hidden one: "") in the
    store's encoding, converted a column at a time."""
    hidden = HIDDEN.get(table, ())
    cols: list[list[Any]] = []
    for key, proc in zip(columns(table), _procs(table), strict=True):
        values = ["" if key in hidden else r.get(key) for r in rows]
        if proc is not None:
            values = [None if v is None else proc(v) for v in values]
        cols.append(values)
    return list(zip(*cols, strict=True))
