"""A pulled page applied to the depot's store: rows upserted (facts the depot made itself are
never overwritten by the centre's copy), tombstones applied, order lines the centre removed
dropped, and each order the centre changed recorded with its typed difference
(`OrderDifference`) for the packer to resolve. The counters (receipt numbers, crate codes)
catch up with what the centre holds. No transaction of its own: `SyncEngine.apply` runs a
page and its cursor in one.
"""

from __future__ import annotations

import functools
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, delete, func, select, update
from sqlalchemy.dialects import sqlite

from cpdesk import clock
from cpdesk.domain.ids import new_id
from cpdesk.domain.order_change import OrderDifference
from cpdesk.store import pack_progress, topics
from cpdesk.store.models import Base

from . import encoding
from .contract import PullPage

T = Base.metadata.tables
KEYS = topics.KEYS  # pulled tables keyed by another column than id
# A page of more rows than this is written with a page cache of BIG_PAGE_CACHE_KIB (SQLite
# keeps 2 MiB by default: a first sync or a day's import of orders re-read index pages from
# the file at every insert; 10,000 orders took ~30% more CPU).
BIG_PAGE = 1000
BIG_PAGE_CACHE_KIB = 65536


def apply_page(conn: Connection, page: PullPage) -> tuple[int, int]:
    """Upsert the page's rows (tuples in the store's encoding, see cpdesk.sync.encoding)
    with one `executemany` per table, then its tombstones. An order we know and began
    packing that changed is compared before and after (its lines as the store reads them)."""
    big = page.size > BIG_PAGE
    if big:  # the indexes of a big page's tables stay in memory while it is written
        conn.exec_driver_sql(f"PRAGMA cache_size = -{BIG_PAGE_CACHE_KIB}")
    try:
        return _apply(conn, page)
    finally:
        if big:
            conn.exec_driver_sql("PRAGMA cache_size = -2000")  # SQLite's default, 2 MiB


def _apply(conn: Connection, page: PullPage) -> tuple[int, int]:
    rows = dict(page.rows)
    gone: dict[str, list[str]] = defaultdict(list)
    for table, key in page.gone:
        gone[table].append(key)
    code = get_meta(conn, "depot")
    if rows.get("depot"):
        _upsert(conn, "depot", rows.pop("depot"))
    me_hex = conn.exec_driver_sql("SELECT id FROM depot WHERE code = ?", (code,)).scalar()
    me = None if me_hex is None else uuid.UUID(me_hex)
    orders = rows.get("order", [])
    # A brand-new order has no local lines to drop, nothing packed to compare with.
    known = _known_hex(conn, "order", [r[0] for r in orders])
    seen = [r for r in orders if r[0] in known]
    line_ids: dict[str, list[str]] = defaultdict(list)  # order -> its lines in the page
    if seen:
        oi, pi = encoding.index("order_line", "order_id"), encoding.index("order_line", "id")
        for ln in rows.get("order_line", []):
            if ln[oi] in known:
                line_ids[ln[oi]].append(ln[pi])
    changed = _changed_orders(conn, me, seen)
    if me is not None and rows.get("crate"):  # our own crates are ours: never overwritten
        di = encoding.index("crate", "depot_id")
        own = [r for r in rows["crate"] if r[di] == me.hex]
        rows["crate"] = [r for r in rows["crate"] if r[di] != me.hex]
        _upsert(conn, "crate", own, overwrite=False)  # a store set up afresh gets them back
    n = 0
    for table, batch in rows.items():
        _upsert(conn, table, batch)
        n += len(batch)
    conflicts = _record_order_changes(conn, me, changed, line_ids)
    _drop_removed_lines(conn, [r[0] for r in seen], line_ids)
    for table, keys in gone.items():
        conflicts += _apply_tombstones(conn, me, table, keys)
        n += len(keys)
    pack_progress.refresh_dirty(conn)  # the board's rows of the orders this page changed
    return n, conflicts


def _upsert(conn: Connection, table: str, batch: list[tuple[Any, ...]], *,
            overwrite: bool = True) -> None:
    """Insert or replace rows given in the store's encoding: one statement text per table,
    executed by the driver with the page's tuples as they are."""
    if batch:
        conn.exec_driver_sql(_upsert_sql(table, overwrite), batch)  # type: ignore[arg-type]


@functools.cache
def _upsert_sql(table: str, overwrite: bool) -> str:
    t = T[table]
    pk = KEYS.get(table, "id")
    # staff.pin_hash never comes from the centre (it sends ""): an older store's hashes stay
    # until the PIN check retires them (store/pin_guard.py).
    keep = ("pin_hash",) if table == "staff" else ()
    cols = list(t.columns)
    assert tuple(c.key for c in cols) == encoding.columns(table)
    names = ", ".join(f'"{c.name}"' for c in cols)
    sets = ", ".join(f'"{c.name}" = excluded."{c.name}"' for c in cols
                     if c.key != pk and c.key not in keep)
    conflict = (f'ON CONFLICT ("{pk}") DO UPDATE SET {sets}' if overwrite
                else f'ON CONFLICT ("{pk}") DO NOTHING')
    return (f'INSERT INTO "{t.name}" ({names}) VALUES ({", ".join("?" for _ in cols)}) '
            f"{conflict}")


def _known_hex(conn: Connection, table: str, ids: list[str]) -> set[str]:
    """Which of `ids` (32 hex digits, as the store keeps them) the store already holds."""
    out: set[str] = set()
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        out.update(r[0] for r in conn.exec_driver_sql(
            f'SELECT id FROM "{table}" WHERE id IN ({", ".join("?" * len(part))})',
            tuple(part)))
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


def _drop_removed_lines(conn: Connection, orders: list[str],
                        lines: dict[str, list[str]]) -> None:
    """Lines removed centrally go; one with our pack events stays at quantity 0 (take out).
    `orders`: the known orders of the page (hex ids); `lines`: each one's lines in it."""
    if not orders:
        return
    ol, pe = T["order_line"], T["pack_event"]
    for i in range(0, len(orders), 500):
        part = orders[i:i + 500]
        local = conn.exec_driver_sql(
            f"SELECT id, order_id FROM order_line WHERE order_id IN "
            f"({', '.join('?' * len(part))})", tuple(part)).all()
        keep = {x for o in part for x in lines.get(o, ())}
        extra = [uuid.UUID(x) for x, _ in local if x not in keep]
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


@dataclass(frozen=True, slots=True)
class _Changed:
    """An order we began packing, changed centrally: as it was before the page."""

    id: uuid.UUID
    number: str
    old_version: int
    new_version: int
    cancelled: bool
    before: dict[Any, dict[str, Any]]  # our lines (line id -> columns), as the store read them


def _changed_orders(conn: Connection, me: uuid.UUID | None,
                    orders: list[tuple[Any, ...]]) -> list[_Changed]:
    """Of the page's known orders (rows in the store's encoding), those we began packing
    that changed centrally, with our lines before the page is applied."""
    if not orders or me is None:
        return []
    ids = [r[0] for r in orders]  # hex, as the store keeps them
    started: dict[str, tuple[int, str]] = {}  # order -> (version, status) before the page
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        started.update((oid, (version, status)) for oid, version, status in conn.exec_driver_sql(
            f'SELECT o.id, o.version, o.status FROM "order" o WHERE o.id IN '
            f'({", ".join("?" * len(part))}) AND EXISTS (SELECT 1 FROM pack_event e '
            f"WHERE e.order_id = o.id AND e.depot_id = ?)", (*part, me.hex)))
    if not started:
        return []
    vi, si, ni = (encoding.index("order", c) for c in ("version", "status", "number"))
    out = []
    for row in orders:
        old = started.get(row[0])
        if old is None:
            continue
        oid = uuid.UUID(row[0])
        version, status = int(row[vi]), row[si]
        old_version, old_status = old
        if old_version == version and (old_status == status or status == "delivered"):
            continue  # collected (a pick-up, set centrally): nothing for the packer to do
        before = _our_lines(conn, me, [oid.hex], by_order=True)
        out.append(_Changed(oid, row[ni], old_version, version, status == "cancelled", before))
    return out


def _record_order_changes(conn: Connection, me: uuid.UUID | None, changed: list[_Changed],
                          lines: dict[str, list[str]]) -> int:
    """After the page is applied: record each changed order's difference (our lines in the
    page, read back from the store, against `before`)."""
    for c in changed:
        ids = lines.get(c.id.hex, [])
        after = _our_lines(conn, me, ids, by_order=False) if ids and me is not None else {}
        diff = OrderDifference.between(c.before, after, cancelled=c.cancelled)
        _record_change(conn, c.id, c.number, c.old_version, c.new_version, diff)
    return len(changed)


def _our_lines(conn: Connection, me: uuid.UUID, keys: list[str], *, by_order: bool,
               ) -> dict[uuid.UUID, dict[str, Any]]:
    """The depot's lines (line id -> the columns `OrderDifference` compares, typed as the
    store's mapping reads them) of one order (`by_order`: `keys` holds its id) or with these
    ids, as 32 hex digits. By the order only, our lines picked here: with both in the WHERE,
    SQLite (no statistics) may walk the index of every line the depot packs (1 s a round at
    150,000)."""
    out: dict[uuid.UUID, dict[str, Any]] = {}
    column = "order_id" if by_order else "id"
    for i in range(0, len(keys), 500):
        part = keys[i:i + 500]
        for line_id, line_no, product_id, quantity, depot in conn.exec_driver_sql(
                f"SELECT id, line_no, product_id, quantity, packing_depot_id FROM order_line "
                f"WHERE {column} IN ({', '.join('?' * len(part))})", tuple(part)):
            if depot == me.hex:
                out[uuid.UUID(line_id)] = {"id": uuid.UUID(line_id), "line_no": line_no,
                                           "product_id": uuid.UUID(product_id),
                                           "quantity": pack_progress.stored_quantity(quantity)}
    return out


def _record_change(conn: Connection, order_id: uuid.UUID, number: str, old_version: int,
                   new_version: int, diff: OrderDifference) -> None:
    conn.execute(T["order_change"].insert().values(
        id=new_id(), order_id=order_id, number=number, kind=diff.kind, old_version=old_version,
        new_version=new_version, diff=diff.to_json(), detected_at=clock.utcnow()))


def get_meta(conn: Connection, key: str) -> str | None:
    return conn.exec_driver_sql(  # type: ignore[no-any-return]
        "SELECT value FROM meta WHERE key = ?", (key,)).scalar()


def set_meta(conn: Connection, key: str, value: str) -> None:
    conn.exec_driver_sql("INSERT INTO meta (key, value) VALUES (?, ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))
