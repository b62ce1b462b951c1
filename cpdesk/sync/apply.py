"""A pulled page applied to the depot's store: rows upserted (facts the depot made itself are
never overwritten by the centre's copy), tombstones applied, order lines the centre removed
dropped, and each order the centre changed recorded with its typed difference
(`OrderDifference`) for the packer to resolve. The counters (receipt numbers, crate codes)
catch up with what the centre holds. No transaction of its own: `SyncEngine.apply` runs a
page and its cursor in one.
"""

from __future__ import annotations

import functools
import operator
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Uuid, delete, func, select, update
from sqlalchemy.dialects import sqlite

from cpdesk import clock
from cpdesk.domain.ids import new_id
from cpdesk.domain.order_change import OrderDifference
from cpdesk.store import topics
from cpdesk.store.models import Base

from .contract import PullPage

T = Base.metadata.tables
KEYS = topics.KEYS  # pulled tables keyed by another column than id


def apply_page(conn: Connection, page: PullPage) -> tuple[int, int]:
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    gone: dict[str, list[str]] = defaultdict(list)
    for ch in page.changes:
        if ch.row is None:
            gone[ch.table].append(ch.key)
        else:
            rows[ch.table].append(ch.row)
    code = get_meta(conn, "depot")
    if rows.get("depot"):
        _upsert(conn, "depot", rows.pop("depot"))
    me = conn.execute(select(T["depot"].c.id).where(T["depot"].c.code == code)).scalar()
    # A brand-new order has no local lines to drop, nothing packed to compare with.
    known = known_ids(conn, "order", [r["id"] for r in rows.get("order", [])])
    seen = [r for r in rows.get("order", []) if r["id"] in known]
    conflicts = _detect_order_changes(conn, me, seen, rows.get("order_line", []))
    if me is not None and rows.get("crate"):  # our own crates are ours: never overwritten
        own = [r for r in rows["crate"] if r["depot_id"] == me]
        rows["crate"] = [r for r in rows["crate"] if r["depot_id"] != me]
        _upsert(conn, "crate", own, overwrite=False)  # a store set up afresh gets them back
    n = 0
    for table, batch in rows.items():
        _upsert(conn, table, batch)
        n += len(batch)
    _drop_removed_lines(conn, seen, rows.get("order_line", []))
    for table, keys in gone.items():
        conflicts += _apply_tombstones(conn, me, table, keys)
        n += len(keys)
    return n, conflicts


def _upsert(conn: Connection, table: str, batch: list[dict[str, Any]], *,
            overwrite: bool = True) -> None:
    """Insert or replace rows: one statement text per table, executed by the driver with a
    tuple per row (each value stored as the store's column type stores it)."""
    if not batch:
        return
    sql, keys, procs = _upsert_sql(conn.dialect, table, overwrite)
    columns: list[Sequence[Any]]
    try:  # rows from the centre carry every column (a table has several)
        columns = list(zip(*map(operator.itemgetter(*keys), batch), strict=True))
    except KeyError:
        columns = [[r.get(k) for r in batch] for k in keys]
    # Converted a column at a time: one loop per column, not a call per value.
    for i, proc in enumerate(procs):
        if proc is _uuid_hex:
            columns[i] = [None if v is None else v.hex for v in columns[i]]
        elif proc is not None:
            columns[i] = [None if v is None else proc(v) for v in columns[i]]
    conn.exec_driver_sql(sql, list(zip(*columns, strict=True)))  # type: ignore[arg-type]


@functools.cache
def _upsert_sql(dialect: Any, table: str, overwrite: bool,
                ) -> tuple[str, tuple[str, ...], tuple[Callable[[Any], Any] | None, ...]]:
    t = T[table]
    pk = KEYS.get(table, "id")
    # staff.pin_hash never comes from the centre (it sends ""): an older store's hashes stay
    # until the PIN check retires them (store/pin_guard.py).
    keep = ("pin_hash",) if table == "staff" else ()
    cols = list(t.columns)
    names = ", ".join(f'"{c.name}"' for c in cols)
    sets = ", ".join(f'"{c.name}" = excluded."{c.name}"' for c in cols
                     if c.key != pk and c.key not in keep)
    conflict = (f'ON CONFLICT ("{pk}") DO UPDATE SET {sets}' if overwrite
                else f'ON CONFLICT ("{pk}") DO NOTHING')
    sql = (f'INSERT INTO "{t.name}" ({names}) VALUES ({", ".join("?" for _ in cols)}) '
           f"{conflict}")
    # A UUID is stored as its 32 hex digits (what SQLAlchemy's Uuid does on SQLite).
    procs = tuple(_uuid_hex if isinstance(c.type, Uuid)
                  else c.type.dialect_impl(dialect).bind_processor(dialect) for c in cols)
    return sql, tuple(c.key for c in cols), procs


def _uuid_hex(value: uuid.UUID) -> str:
    return value.hex


def known_ids(conn: Connection, table: str, ids: list[Any]) -> set[Any]:
    """Which of `ids` the store already holds."""
    t = T[table]
    out: set[Any] = set()
    for i in range(0, len(ids), 500):
        out |= set(conn.execute(select(t.c.id).where(t.c.id.in_(ids[i:i + 500]))).scalars())
    return out


def insert_new(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    t = T[table]
    stmt = sqlite.insert(t).on_conflict_do_nothing(index_elements=["id"])
    conn.execute(stmt, [{c.key: r.get(c.key) for c in t.columns} for r in rows])


def own_depot_known(conn: Connection) -> bool:
    code = get_meta(conn, "depot")
    d = T["depot"]
    return code is not None and conn.execute(
        select(d.c.id).where(d.c.code == code)).first() is not None


def catch_up_counters(conn: Connection) -> None:
    """Each register's counter at least its highest known receipt number."""
    sale, rc = T["sale"], T["register_counter"]
    highest = conn.execute(select(sale.c.depot_id, sale.c.register, func.max(sale.c.receipt_no))
                           .group_by(sale.c.depot_id, sale.c.register)).all()
    for depot_id, register, last in highest:
        ins = sqlite.insert(rc).values(depot_id=depot_id, register=register, last_no=last)
        conn.execute(ins.on_conflict_do_update(
            index_elements=["depot_id", "register"],
            set_={"last_no": func.max(rc.c.last_no, ins.excluded.last_no)}))


def _drop_removed_lines(conn: Connection, orders: list[dict[str, Any]],
                        lines: list[dict[str, Any]]) -> None:
    """Lines removed centrally go; one with our pack events stays at quantity 0 (take out)."""
    if not orders:
        return
    ol, pe = T["order_line"], T["pack_event"]
    ids = [o["id"] for o in orders]
    keep = {ln["id"] for ln in lines}
    for i in range(0, len(ids), 500):
        local = conn.execute(select(ol.c.id).where(ol.c.order_id.in_(ids[i:i + 500]))).scalars()
        extra = [x for x in local if x not in keep]
        if not extra:
            continue
        used = set(conn.execute(select(pe.c.line_id).where(pe.c.line_id.in_(extra))).scalars())
        if used:
            conn.execute(update(ol).where(ol.c.id.in_(used)).values(quantity=Decimal(0)))
        free = [x for x in extra if x not in used]
        if free:
            conn.execute(delete(ol).where(ol.c.id.in_(free)))


def _apply_tombstones(conn: Connection, me: uuid.UUID | None, table: str,
                      keys: list[str]) -> int:
    t = T[table]
    if table != "order":
        pk = t.c[KEYS.get(table, "id")]
        ids: list[Any] = keys if table in KEYS else [uuid.UUID(k) for k in keys]
        conn.execute(delete(t).where(pk.in_(ids)))
        return 0
    o, ol, pe, cr = T["order"], T["order_line"], T["pack_event"], T["crate"]
    conflicts = 0
    for key in keys:
        oid = uuid.UUID(key)
        order = conn.execute(select(o.c.number, o.c.version, o.c.status)
                             .where(o.c.id == oid)).first()
        if order is None:
            continue
        packed = conn.execute(select(pe.c.id).where(pe.c.order_id == oid).limit(1)).first()
        if packed:  # our facts stay valid: keep the order, cancelled, for the packer to resolve
            conn.execute(update(o).where(o.c.id == oid).values(status="cancelled"))
            _record_change(conn, oid, order.number, order.version, order.version,
                           OrderDifference.deleted())
            conflicts += 1
        else:
            conn.execute(delete(cr).where(cr.c.order_id == oid, cr.c.depot_id != me))
            conn.execute(delete(ol).where(ol.c.order_id == oid))
            conn.execute(delete(o).where(o.c.id == oid))
    return conflicts


def _detect_order_changes(conn: Connection, me: uuid.UUID | None, orders: list[dict[str, Any]],
                          lines: list[dict[str, Any]]) -> int:
    """An order changed centrally after we began packing it: record the difference."""
    if not orders or me is None:
        return 0
    o, ol, pe = T["order"], T["order_line"], T["pack_event"]
    ids = [r["id"] for r in orders]
    started: set[uuid.UUID] = set()
    for i in range(0, len(ids), 500):
        started |= set(conn.execute(select(pe.c.order_id).distinct().where(
            pe.c.order_id.in_(ids[i:i + 500]), pe.c.depot_id == me)).scalars())
    if not started:
        return 0
    new_lines: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    for ln in lines:
        if ln["order_id"] in started and ln["packing_depot_id"] == me:
            new_lines[ln["order_id"]].append(ln)
    n = 0
    for row in orders:
        if row["id"] not in started:
            continue
        old = conn.execute(select(o.c.version, o.c.status).where(o.c.id == row["id"])).first()
        if old is None or (old.version == row["version"] and (
                old.status == row["status"] or row["status"] == "delivered")):
            continue  # collected (a pick-up, set centrally): nothing for the packer to do
        before = {r.id: r._asdict() for r in conn.execute(select(ol).where(
            ol.c.order_id == row["id"], ol.c.packing_depot_id == me))}
        after = {ln["id"]: ln for ln in new_lines.get(row["id"], [])}
        diff = OrderDifference.between(before, after, cancelled=row["status"] == "cancelled")
        _record_change(conn, row["id"], row["number"], old.version, row["version"], diff)
        n += 1
    return n


def _record_change(conn: Connection, order_id: uuid.UUID, number: str, old_version: int,
                   new_version: int, diff: OrderDifference) -> None:
    conn.execute(T["order_change"].insert().values(
        id=new_id(), order_id=order_id, number=number, kind=diff.kind, old_version=old_version,
        new_version=new_version, diff=diff.to_json(), detected_at=clock.utcnow()))


def get_meta(conn: Connection, key: str) -> str | None:
    m = T["meta"]
    return conn.execute(select(m.c.value).where(m.c.key == key)).scalar()


def set_meta(conn: Connection, key: str, value: str) -> None:
    m = T["meta"]
    ins = sqlite.insert(m).values(key=key, value=value)
    conn.execute(ins.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


