"""The board's read, on a plain DB-API connection to the depot store (SQLite), without
SQLAlchemy: the one place the board's rows are read.

Two ways in, one read:
- the normal read (`cpdesk.store.queries.day_board`, `cpdesk.packing.board_data.load_board`)
  hands over the `sqlite3` connection under SQLAlchemy's session;
- the desk's board screen and its start (`read_board_file`, `desk_facts`) open a plain
  `sqlite3` connection to the store's file: the first board frame needs neither SQLAlchemy
  nor the ORM's models (their import and mapping were ~40 % of the start, docs/startup.md),
  which the desk imports after that frame.
`tests/store/test_board_read.py` checks that both give the same board for every day and
depot of the demo network.

Read as tuples: one statement per table, filtered by day and depot in SQL (crates counted
in SQL), then folded by the domain (cpdesk.domain.pack_state) with one domain product per
product, not per line. Loading the same rows as ORM objects (with every id parsed into a
UUID) cost ~10 times the rows themselves on a 1,700-order day (bench/bench_packing.py).
The statements read the depot store's own storage (as SQLAlchemy writes it to SQLite: ids
as 32 hex digits, dates and times ISO text, quantities NUMERIC, JSON as text).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpdesk.domain.loading import CapacityWarning, capacity_warnings
from cpdesk.domain.model import Zone
from cpdesk.domain.pack_state import PackCounts, state_of
from cpdesk.domain.pack_state import PackState as PackState  # the board's states, read here
from cpdesk.errors import NotFound

from . import paths
from .health import check_file, refuse_foreign, store_problem
from .pack_progress import Ids, fold
from .revisions import head_revision

LAST_SYNC_KEY = "last_sync_at"  # meta: the depot's last finished sync (cpdesk.sync.engine)


@dataclass
class OrderSummary:
    id: uuid.UUID
    number: str
    customer: str
    customer_kind: str
    commune: str
    round_code: str
    round_id: uuid.UUID | None
    stop_seq: int
    status: str
    pack_state: str
    lines: int
    lines_resolved: int
    crates: int
    zones: list[str]
    packers: list[str] = field(default_factory=list)
    version: int = 1
    last_event_at: dt.datetime | None = None  # the depot's newest pack event for the order

    @property
    def progress(self) -> float:
        return self.lines_resolved / self.lines if self.lines else 1.0


@dataclass
class RoundSummary:
    id: uuid.UUID
    code: str
    date: dt.date
    depot: str
    van: str
    driver: str
    departure: dt.time
    status: str
    orders: list[OrderSummary] = field(default_factory=list)
    capacity: dict[str, int] = field(default_factory=dict)  # van places per zone
    crates_by_zone: dict[str, int] = field(default_factory=dict)  # all depots' crates

    @property
    def over_capacity(self) -> list[CapacityWarning]:
        """Zones where the round has more crates than its van holds."""
        zones = [Zone(z) for z, n in self.crates_by_zone.items() for _ in range(n)]
        return capacity_warnings(zones, {Zone(z): n for z, n in self.capacity.items()})

    @property
    def progress(self) -> float:
        total = sum(o.lines for o in self.orders)
        return sum(o.lines_resolved for o in self.orders) / total if total else 1.0


# -- opening the store's file without SQLAlchemy ----------------------------------------------
@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection to an existing depot store, for reading, closed after the block.

    Reads only (no transaction is left open: SQLite's autocommit, reads wrapped in `read`);
    waits for a writer as the app's engine does (busy_timeout). The store's WAL mode is a
    property of its file. An SQLite error on opening becomes its `StoreProblem`."""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise store_problem(exc, path) or exc from exc
    try:
        conn.execute("PRAGMA busy_timeout=5000")
        yield conn
    finally:
        conn.close()


@contextmanager
def read(conn: Any) -> Iterator[Any]:
    """The statements of the block see one snapshot of the store (a read transaction) when
    the connection is a plain one of `connect`; under SQLAlchemy, its session's."""
    if not (isinstance(conn, sqlite3.Connection) and conn.isolation_level is None
            and not conn.in_transaction):
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")


@dataclass
class StoreFacts:
    """What the desk needs from its store before its first frame."""

    depots: dict[str, DepotRow]  # the depots' rows by code (a depot store holds a few)
    demo_today: str | None  # a demo network: the day it was made for (ISO)
    synced: bool  # a first sync finished (or a demo network's store, whole from the start)
    schema_current: bool  # False: the store needs a migration (`db.open_store` does it)

    def depot(self, code: str) -> DepotRow:
        found = self.depots.get(code.upper())
        if found is None:
            raise NotFound(code="depot.not_found", depot=code)
        return found


def store_facts(path: Path) -> StoreFacts:
    """The desk's facts from the store at `path`, after the checks `db.open_store` makes
    before it opens a store (0-byte file, not SQLite, not a cpdesk store, a newer cpdesk's):
    each raises what `open_store` raises. Without SQLAlchemy."""
    check_file(path)
    try:
        revision = refuse_foreign(path)
        with connect(path) as conn, read(conn):
            depots = {row.code: row for row in (_depot(r) for r in conn.execute(
                "SELECT id, code, language, settings FROM depot").fetchall())}
            meta = dict(conn.execute(
                "SELECT key, value FROM meta WHERE key IN (?, ?, ?)",
                (LAST_SYNC_KEY, "demo_seed", "demo_today")).fetchall())
    except sqlite3.Error as exc:
        raise store_problem(exc, path) or exc from exc
    return StoreFacts(depots=depots, demo_today=meta.get("demo_today"),
                      synced=bool(meta.get(LAST_SYNC_KEY) or meta.get("demo_seed")),
                      schema_current=revision == head_revision())


def needs_first_sync(data_dir: Path, depot: str | None,
                     seen: dict[Path, StoreFacts] | None = None) -> bool:
    """No depot store in `data_dir` yet (of `depot` when given), or one whose first sync never
    finished (a demo network's stores are made whole by `init-demo`: never). A store that
    cannot be read: False (the desk says what is wrong in its own window). The facts read
    go into `seen`, by path: the desk opening next reads them from there."""
    found = [d for d in paths.depots_in(data_dir) if not depot or d == depot.upper()]
    if not found:
        return True
    path = paths.depot_path(data_dir, found[0])
    try:
        facts = store_facts(path)
    except Exception:  # noqa: BLE001 - damaged or unreadable: said by the desk's window
        return False
    if seen is not None:
        seen[path] = facts
    return not facts.synced


@dataclass
class DepotRow:
    id: str  # 32 hex digits, as stored
    code: str
    language: str
    settings: dict[str, Any]


    @property
    def time_zone(self) -> str | None:
        """The depot's setting; None: the default (Europe/Brussels)."""
        zone = self.settings.get("time_zone")
        return str(zone) if zone else None


def _depot(row: Any) -> DepotRow:
    return DepotRow(row[0], row[1], row[2], json.loads(row[3]) if row[3] else {})


def depot_row(conn: Any, code: str) -> DepotRow:
    row = conn.execute("SELECT id, code, language, settings FROM depot WHERE code = ?",
                       (code.upper(),)).fetchone()
    if row is None:
        raise NotFound(code="depot.not_found", depot=code)
    return _depot(row)


# -- the board ------------------------------------------------------------------------------
# One row per order: the order with its customer and stop, and the depot's row of the
# progress projection (store/pack_progress.py: the domain's fold, kept per order and depot
# with each pack event and each pull). An order without a row (a store just migrated, orders
# just imported, another depot's board) is folded here from its lines and pack events by the
# same domain fold, four statements for all of them. Crates are counted in SQL. Folding
# every line and event of a 1,700-order day at each read cost ~4 times the rows themselves
# (bench/bench_packing.py).
_BOARD_ORDERS = """
SELECT o.id, o.number, o.status, o.version, c.name, c.kind, c.commune, s.seq, s.round_id,
       p.order_id, p.lines, p.resolved, p.started, p.zones, p.touched, p.packers, p.last_at
FROM "order" o JOIN customer c ON c.id = o.customer_id
LEFT JOIN stop s ON s.id = o.stop_id LEFT JOIN round r ON r.id = s.round_id
LEFT JOIN pack_progress p ON p.order_id = o.id AND p.depot_id = :depot
WHERE o.delivery_date = :day AND (:depot IS NULL OR r.depot_id = :depot OR p.lines > 0
    OR (p.order_id IS NULL AND EXISTS (
        SELECT 1 FROM order_line l WHERE l.order_id = o.id AND +l.packing_depot_id = :depot)))"""
# (The unary + keeps SQLite from answering the EXISTS through the index on packing_depot_id,
# which walks every line of the depot for each order: 0.45 s instead of 5 ms at 1,700 orders.)
_BOARD_CRATES = """
SELECT c.order_id, c.zone, count(*),
       sum(CASE WHEN :depot IS NULL OR c.depot_id = :depot THEN 1 ELSE 0 END)
FROM crate c JOIN "order" o ON o.id = c.order_id
WHERE o.delivery_date = :day GROUP BY c.order_id, c.zone"""
_BOARD_ROUNDS = """
SELECT r.id, r.code, d.code, v.name, v.plate, r.driver_name, r.departure, r.status,
       v.capacity_ambient, v.capacity_chilled, v.capacity_frozen
FROM round r JOIN depot d ON d.id = r.depot_id JOIN van v ON v.id = r.van_id
WHERE r.date = :day"""


@dataclass
class BoardRead:
    """`read_day_board`'s answer: the rounds, and the orders folded here because the
    projection had no row for them at the depot (the caller may write those rows:
    `pack_progress.fill`)."""

    rounds: list[RoundSummary]
    unprojected: list[uuid.UUID] = field(default_factory=list)
    depot_id: uuid.UUID | None = None


def day_board(conn: Any, day: dt.date, depot_code: str | None = None) -> list[RoundSummary]:
    """The day's rounds with their orders in stop order and each order's packing progress.

    With a depot, progress counts the lines that depot packs (and its pack events, crates
    and supervisor acceptances); rounds are those it takes part in. `conn`: a DB-API
    connection to a depot store (SQLite)."""
    return read_day_board(conn, day, depot_code).rounds


def read_day_board(conn: Any, day: dt.date, depot_code: str | None = None) -> BoardRead:
    """`day_board`, with the orders it found without a projection row."""
    depot_id = depot_row(conn, depot_code).id if depot_code else None
    params = {"day": day.isoformat(), "depot": depot_id}

    def rows(sql: str) -> list[Any]:
        return conn.execute(sql, params).fetchall()  # type: ignore[no-any-return]

    ids = Ids()
    orders = rows(_BOARD_ORDERS)
    missing = [row[0] for row in orders if row[9] is None]
    folded = fold(conn, missing, depot_id, depot_code or "", ids) if missing else {}
    crates: dict[str, int] = defaultdict(int)
    zones_by_order: dict[str, dict[str, int]] = defaultdict(dict)
    for order_id, zone, all_depots, here in rows(_BOARD_CRATES):
        zones_by_order[order_id][zone] = all_depots
        crates[order_id] += here
    staff = dict(conn.execute("SELECT id, name FROM staff").fetchall())
    rounds = {row[0]: _round_summary(row, day, ids) for row in rows(_BOARD_ROUNDS)}
    dates: dict[str, dt.datetime] = {}

    out: dict[str | None, RoundSummary] = {}
    for (order_id, number, status, version, customer, kind, commune, stop_seq, round_id,
         projected, n_lines, resolved, started, zones, touched, packers, at) in orders:
        who: Iterable[str]
        if projected is None:
            row = folded[order_id]
            counts, touched, who, at = row.counts, row.touched, row.packers, row.last_at
        else:
            counts = PackCounts(n_lines, resolved, bool(started),
                                tuple(zones.split(",")) if zones else ())
            who = packers.split(",") if packers else ()
        round_row = rounds.get(round_id) if round_id else None
        when = None
        if at is not None:
            when = dates.get(at)
            if when is None:
                when = dates[at] = dt.datetime.fromisoformat(at)
        summary = OrderSummary(
            id=ids(order_id), number=number, customer=customer, customer_kind=kind,
            commune=commune, round_code=round_row.code if round_row else "",
            round_id=round_row.id if round_row else None, stop_seq=stop_seq or 0,
            status=status, pack_state=state_of(status, counts, touched=bool(touched)),
            lines=counts.lines, lines_resolved=counts.resolved, crates=crates[order_id],
            zones=list(counts.zones), packers=sorted({staff.get(s, "?") for s in who}),
            version=version, last_event_at=when)
        key = round_id if round_row else None
        if key not in out:
            out[key] = round_row or _no_round(day)
        out[key].orders.append(summary)
        for zone, n in zones_by_order.get(order_id, {}).items():
            out[key].crates_by_zone[zone] = out[key].crates_by_zone.get(zone, 0) + n
    result = sorted(out.values(), key=lambda r: (r.departure, r.code))
    for r in result:
        r.orders.sort(key=lambda o: o.stop_seq)
    return BoardRead(result, [ids(o) for o in missing] if depot_id else [],
                     ids(depot_id) if depot_id else None)


def _round_summary(row: Any, day: dt.date, ids: Ids) -> RoundSummary:
    (round_id, code, depot, van, plate, driver, departure, status, ambient, chilled,
     frozen) = row
    return RoundSummary(
        id=ids(round_id), code=code, date=day, depot=depot, van=f"{van} ({plate})",
        driver=driver, departure=dt.time.fromisoformat(departure), status=status,
        capacity={"ambient": ambient, "chilled": chilled, "frozen": frozen})


def _no_round(day: dt.date) -> RoundSummary:
    return RoundSummary(id=uuid.UUID(int=0), code="—", date=day, depot="", van="",
                        driver="", departure=dt.time(0, 0), status="")


def changed_order_ids(conn: Any) -> set[uuid.UUID]:
    """Orders the board shows as changed: an open `order_change` (cpdesk.store.order_changes)."""
    return {uuid.UUID(hex=row[0]) for row in conn.execute(
        "SELECT order_id FROM order_change WHERE resolved_at IS NULL").fetchall()}


def next_day_with_rounds(conn: Any, day: dt.date, depot_code: str, *,
                         leaving_only: bool = False) -> dt.date | None:
    """The first day from `day` on with a round the depot takes part in: a round leaving
    from it, or (unless `leaving_only`, as loading needs) an order of a round it packs for.
    None when no round is planned from that day on."""
    params = {"day": day.isoformat(), "depot": depot_row(conn, depot_code).id}
    days = [conn.execute("SELECT min(date) FROM round WHERE date >= :day AND depot_id = :depot",
                         params).fetchone()[0]]
    if not leaving_only:
        days.append(conn.execute(
            'SELECT min(o.delivery_date) FROM "order" o JOIN order_line l ON l.order_id = o.id '
            "WHERE o.delivery_date >= :day AND o.stop_id IS NOT NULL "
            "AND l.packing_depot_id = :depot", params).fetchone()[0])
    found = [dt.date.fromisoformat(d) for d in days if d is not None]
    return min(found) if found else None
