"""The board's progress projection: one narrow row per order and depot (`pack_progress`,
migration 0015), so that opening the board reads ~1,700 rows, not every line and pack event
of the day folded again.

A row holds the domain's fold (`cpdesk.domain.pack_state.pack_counts`: lines, resolved,
started, zones) and what the board shows of the depot's pack events (any at all, who, the
newest). It is written
- by the packing service with each action, in its transaction (`record`, from the order it
  holds in memory: no re-read);
- by the sync, in the transaction applying a pulled page (`refresh_dirty`);
- by the board when it found rows missing (`fill`, after its read);
- for a whole store by `catch_up` (a demo network just written) and `rebuild`.

Why it can never be wrong: SQLite triggers (migration 0015) delete the rows an input of the
fold changed for (a pack event, an acceptance, an order line, a product's sale unit, zone or
tolerance), whoever wrote it, and note the order in `pack_progress_dirty`. A missing row is
folded from the source tables when read (`fold`), with the same domain fold. Hence the
invariant the tests check: a row present equals the fold of the store as it is.

The statements read the depot store's own storage (ids as 32 hex digits) on DB-API
connections, as `store/board_read.py` does for the board; no SQLAlchemy is imported here
(the desk's first board is read without it).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpdesk.domain.model import EventKind, PackFact, Product, SaleUnit, Zone
from cpdesk.domain.model import OrderLine as DomainLine
from cpdesk.domain.pack_state import (
    ZONES,
    PackCounts,
    order_progress,
    pack_counts,
    untouched_counts,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

_IDS = "(SELECT value FROM json_each(:ids))"
_LINES = f"""
SELECT l.order_id, l.id, l.quantity, l.unit_price_cents, p.id, p.name, p.sale_unit,
       p.price_cents, p.vat_pct, p.zone, p.tolerance_pct
FROM order_line l JOIN product p ON p.id = l.product_id
WHERE l.order_id IN {_IDS} AND (:depot IS NULL OR l.packing_depot_id = :depot)
ORDER BY l.order_id, l.line_no"""
_UNTOUCHED = f"""
SELECT l.order_id, count(*), sum(l.quantity = 0), group_concat(DISTINCT p.zone)
FROM order_line l JOIN product p ON p.id = l.product_id
WHERE l.order_id IN {_IDS} AND (:depot IS NULL OR l.packing_depot_id = :depot)
GROUP BY l.order_id"""
_EVENTS = f"""
SELECT e.order_id, e.id, e.kind, e.line_id, e.quantity, e.weight_g, e.crate_id, e.reason,
       e.target_id, e.weight_source, e.staff_id, e.at
FROM pack_event e
WHERE e.order_id IN {_IDS} AND (:depot IS NULL OR e.depot_id = :depot)
ORDER BY e.at, e.id"""
_ACCEPTED = f"""
SELECT a.order_id, a.line_id, a.weight_g FROM pack_acceptance a
WHERE a.order_id IN {_IDS} AND (:depot IS NULL OR a.depot_id = :depot)"""

# One statement writes a row, from the fold's counts and the depot's pack events as stored:
# the same text for the packing service and the refresh, so the two cannot differ.
_WRITE = """
INSERT OR REPLACE INTO pack_progress
    (order_id, depot_id, lines, resolved, started, zones, touched, packers, last_at)
SELECT :order, :depot, :lines, :resolved, :started, :zones, count(*) > 0,
       group_concat(DISTINCT staff_id), max(at)
FROM pack_event WHERE order_id = :order AND depot_id = :depot"""

# The rows of the dirty orders without one and without a pack event at the depot (most of a
# pull: brand-new orders), written by one statement: `untouched_counts` in SQL (each line to
# pack, or removed at quantity 0; the zones in the board's order). A line counts with its
# product only, as in `_UNTOUCHED`.
_ZONES_SQL = "rtrim(" + " || ".join(
    f"CASE WHEN max(p.zone = '{z}') THEN '{z},' ELSE '' END" for z in ZONES) + ", ',')"
_WRITE_UNTOUCHED = f"""
INSERT OR REPLACE INTO pack_progress
    (order_id, depot_id, lines, resolved, started, zones, touched, packers, last_at)
SELECT x.order_id, :depot, count(p.id), coalesce(sum(p.id IS NOT NULL AND l.quantity = 0), 0),
       0, {_ZONES_SQL}, 0, NULL, NULL
FROM pack_progress_dirty x
LEFT JOIN order_line l ON l.order_id = x.order_id AND +l.packing_depot_id = :depot
LEFT JOIN product p ON p.id = l.product_id
WHERE NOT EXISTS (SELECT 1 FROM pack_progress pp
                   WHERE pp.order_id = x.order_id AND pp.depot_id = :depot)
  AND NOT EXISTS (SELECT 1 FROM pack_event e
                   WHERE e.order_id = x.order_id AND e.depot_id = :depot)
GROUP BY x.order_id"""
# (Each dirty order's lines through the order's index: the unary + keeps SQLite, which has no
# statistics, from walking the index on packing_depot_id, every line the depot packs.)

_KINDS = {str(kind): kind for kind in EventKind}  # a dict look-up, not an Enum call per event


class Ids:
    """Text ids (32 hex digits) to UUIDs, each made once: a line or crate id recurs in many
    events. Made the way `uuid.UUID.__init__` ends, without its text clean-up: these come
    from our own CHAR(32) columns."""

    def __init__(self) -> None:
        self.seen: dict[str, uuid.UUID] = {}

    def __call__(self, text: str) -> uuid.UUID:
        found = self.seen.get(text)
        if found is None:
            found = object.__new__(uuid.UUID)
            object.__setattr__(found, "int", int(text, 16))
            object.__setattr__(found, "is_safe", uuid.SafeUUID.unknown)
            self.seen[text] = found
        return found

    def opt(self, text: str | None) -> uuid.UUID | None:
        return None if text is None else self(text)


def stored_quantity(value: Any) -> Decimal:
    """A NUMERIC(12, 3) as SQLAlchemy reads it back from SQLite (three decimals)."""
    return value if isinstance(value, Decimal) else Decimal(f"{value:.3f}")


@dataclass(slots=True)
class Folded:
    """An order at a depot, folded from the source tables (what a row holds)."""

    counts: PackCounts
    touched: bool = False
    packers: set[str] = field(default_factory=set)  # staff ids (hex) of the depot's events
    last_at: str | None = None  # the newest of the depot's events, as stored


def fold(raw: Any, order_ids: list[str], depot_id: str | None, depot_code: str,
         ids: Ids | None = None) -> dict[str, Folded]:
    """Each order of `order_ids` (hex) at the depot (None: all depots), folded by the domain
    from its lines, the depot's pack events and acceptances: four statements in all."""
    ids = ids or Ids()
    params = {"ids": json.dumps(order_ids), "depot": depot_id}
    facts: dict[str, list[PackFact]] = defaultdict(list)
    out = {order_id: Folded(PackCounts(0, 0, False)) for order_id in order_ids}
    for (order_id, event_id, kind, line_id, quantity, weight_g, crate_id, reason, target_id,
         source, staff_id, at) in raw.execute(_EVENTS, params):
        facts[order_id].append(PackFact(
            id=ids(event_id), kind=_KINDS[kind], line_id=ids.opt(line_id),
            quantity=quantity, weight_g=weight_g, crate_id=ids.opt(crate_id), reason=reason,
            target_id=ids.opt(target_id), weight_source=source))
        row = out[order_id]
        row.touched = True
        row.packers.add(staff_id)
        row.last_at = at if row.last_at is None else max(at, row.last_at)
    accepted: dict[str, dict[uuid.UUID, set[int]]] = defaultdict(lambda: defaultdict(set))
    for order_id, line_id, weight_g in raw.execute(_ACCEPTED, params):
        accepted[order_id][ids(line_id)].add(weight_g)
    # An order without facts at the depot (most of a pull) needs no domain lines: each of its
    # lines is to pack, or removed at quantity 0 (`untouched_counts`), counted in SQL (the
    # column holds three decimals: `= 0` is the fold's `Decimal(...) == 0`); the others are
    # folded line by line.
    untouched = [o for o in order_ids if o not in facts]
    if untouched:
        for order_id, n, removed, zones in raw.execute(_UNTOUCHED, {
                "ids": json.dumps(untouched), "depot": depot_id}):
            out[order_id].counts = untouched_counts(n, removed, zones.split(","))
    if not facts:
        return out
    params = {"ids": json.dumps(list(facts)), "depot": depot_id}
    products: dict[str, Product] = {}
    lines: dict[str, list[DomainLine]] = defaultdict(list)
    for (order_id, line_id, quantity, price, product_id, name, sale_unit, list_price, vat,
         zone, tolerance) in raw.execute(_LINES, params):
        product = products.get(product_id)
        if product is None:
            product = products[product_id] = Product(
                id=ids(product_id), name=name, sale_unit=SaleUnit(sale_unit),
                price_cents=list_price, vat_pct=vat, zone=Zone(zone), tolerance_pct=tolerance)
        lines[order_id].append(DomainLine(id=ids(line_id), product=product,
                                          quantity=stored_quantity(quantity),
                                          unit_price_cents=price, packing_depot=depot_code))
    for order_id, mine in lines.items():
        progress = order_progress(mine, facts[order_id], accepted.get(order_id))
        out[order_id].counts = pack_counts(mine, progress.values())
    return out


def _row(order_id: str, depot_id: str, counts: PackCounts) -> dict[str, Any]:
    return {"order": order_id, "depot": depot_id, "lines": counts.lines,
            "resolved": counts.resolved, "started": counts.started,
            "zones": ",".join(counts.zones)}


def record(db: Any, order_id: uuid.UUID, depot_id: uuid.UUID, counts: PackCounts) -> None:
    """The packing service's call, after writing an action's rows, in its transaction on
    `db` (a DB-API connection): the order's row at the depot from the fold it holds in
    memory, with who packed and when from the depot's events as stored (the order's
    events through their index: ~25 us of CPU on an order of 80 events).

    The order's note in `pack_progress_dirty` (left by the trigger on the action's events)
    stays: a note only says "this order's row may be missing" (`_refresh_dirty` skips an
    order that has its row, then clears every note), and leaving it makes the next action's
    trigger find it and write nothing there. Deleting it cost every scan one more page in
    the WAL (the notes' page, written by the trigger's note then by the delete) and a
    statement; now only the order's first action after the sync cleared the notes writes
    that page."""
    db.execute(_WRITE, _row(order_id.hex, depot_id.hex, counts))


def refresh(raw: Any, order_ids: Iterable[str], depot_id: str, depot_code: str) -> int:
    """Fold these orders (hex) at the depot and write their rows, in the caller's
    transaction (which must hold the store's write lock: see `fill`)."""
    wanted = list(order_ids)
    if not wanted:
        return 0
    folded = fold(raw, wanted, depot_id, depot_code)
    raw.executemany(_WRITE, [_row(o, depot_id, f.counts) for o, f in folded.items()])
    return len(folded)


def refresh_dirty(conn: Connection) -> int:
    """The sync's call, in the transaction applying a pulled page (after its writes): the
    rows of the store's own depot for every order noted dirty and without one. Returns how
    many rows were written."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    return _refresh_dirty(raw)


def _refresh_dirty(raw: Any) -> int:
    me = raw.execute("SELECT d.id, d.code FROM meta m JOIN depot d ON d.code = m.value "
                     "WHERE m.key = 'depot'").fetchone()
    if me is None:  # not a depot's store (the demo's centre): nobody reads a board there
        return 0
    # Orders without a pack event at the depot in one statement, the others folded.
    n = raw.execute(_WRITE_UNTOUCHED, {"depot": me[0]}).rowcount
    todo = [r[0] for r in raw.execute(
        "SELECT x.order_id FROM pack_progress_dirty x LEFT JOIN pack_progress p "
        "ON p.order_id = x.order_id AND p.depot_id = ? WHERE p.order_id IS NULL", (me[0],))]
    n += refresh(raw, todo, me[0], me[1])
    raw.execute("DELETE FROM pack_progress_dirty")
    return n


def catch_up(engine: Engine) -> int:
    """`refresh_dirty` in a transaction of its own (a demo network just written, a store
    just migrated)."""
    raw = engine.raw_connection()
    try:
        return _locked(raw, _refresh_dirty)
    finally:
        raw.close()


def _locked(raw: Any, work: Callable[[Any], int]) -> int:
    """`work` on a DB-API connection in a transaction taking the write lock first (`BEGIN
    IMMEDIATE`): no other connection can write between its read of the source tables and
    the rows it writes from them."""
    raw.execute("BEGIN IMMEDIATE")
    try:
        n = work(raw)
    except BaseException:
        raw.execute("ROLLBACK")
        raise
    raw.execute("COMMIT")
    return n


def fill(store: Path, order_ids: list[uuid.UUID], depot_id: uuid.UUID, depot_code: str) -> int:
    """Write the rows of these orders at the depot, in a transaction of their own on a
    plain connection to the store's file: the board's call after a read that found rows
    missing (a store just migrated, orders just imported, a depot's board read on another
    depot's store)."""
    if not order_ids:
        return 0
    raw = sqlite3.connect(str(store), isolation_level=None)
    try:
        raw.execute("PRAGMA busy_timeout=5000")
        raw.execute("PRAGMA synchronous=FULL")
        raw.execute("PRAGMA temp_store=MEMORY")  # as the store's engine (store/db.py)
        return _locked(raw, lambda db: refresh(db, (o.hex for o in order_ids), depot_id.hex,
                                               depot_code))
    finally:
        raw.close()


def rebuild(engine: Engine, depot_id: uuid.UUID, depot_code: str) -> int:
    """Every order's row at the depot written again from the source tables, in one
    transaction (a projection found stale: `tests/sync/test_pack_progress.py` checks it
    never is; a store restored from elsewhere)."""

    def work(db: Any) -> int:
        db.execute("DELETE FROM pack_progress WHERE depot_id = ?", (depot_id.hex,))
        todo = [r[0] for r in db.execute('SELECT id FROM "order"')]
        return refresh(db, todo, depot_id.hex, depot_code)

    raw = engine.raw_connection()
    try:
        return _locked(raw, work)
    finally:
        raw.close()


def stored(raw: Any, depot_id: str) -> dict[str, tuple[Any, ...]]:
    """The depot's rows as stored: order id (hex) -> (lines, resolved, started, zones,
    touched, packers, last_at)."""
    return {r[0]: tuple(r[1:]) for r in raw.execute(
        "SELECT order_id, lines, resolved, started, zones, touched, packers, last_at "
        "FROM pack_progress WHERE depot_id = ?", (depot_id,))}
