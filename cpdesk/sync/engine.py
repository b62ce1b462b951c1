"""One round of sync from the depot's side: push the outbox, then pull pages of changes.

Push marks an event sent only after the centre committed it and answered; any error means
"outcome unknown" and the same ids go again (the centre ignores known ids). An event the
centre refused (it can't store the fact) is not sent: it stays open with the centre's reason,
is reported (`SyncReport.rejected`) and goes again at each sync until stored or settled. Pull
applies a page and stores the cursor after it in one local transaction: a crash leaves the old
cursor and the page is pulled again, which is harmless (upserts).
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.domain.ids import new_id
from cpdesk.domain.order_change import OrderDifference
from cpdesk.store import topics
from cpdesk.store.db import transaction
from cpdesk.store.models import Base

from . import encoding, outbox
from .contract import START, Central, Event, PullPage, PushResult

T = Base.metadata.tables
CURSOR_KEY = "sync_cursor"
EPOCH_KEY = "central_epoch"
LAST_SYNC_KEY = "last_sync_at"
HISTORY_KEY = "own_history_restored"
KEYS = topics.KEYS  # pulled tables keyed by another column than id


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    waiting: int = 0
    conflicts: int = 0
    pages: int = 0
    epoch_reset: bool = False
    restored: int = 0  # own past facts handed back to a store set up afresh
    cursor: str = START
    seconds: float = 0.0
    # Facts the centre refused, still open (the oldest 100; `rejected_total` counts them all):
    # {id, topic, reason, since, created_at, target}. They are sent again at each sync.
    rejected: list[dict[str, Any]] = field(default_factory=list)
    rejected_total: int = 0
    resolved: int = 0  # refusals settled by a person at the centre during this sync
    # Changes committed at the centre that the pull can't take yet, because a transaction
    # there began before them and is still open (see PullPage); and for how long (seconds).
    held_back: int = 0
    held_for_s: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class SyncEngine:
    """Syncs one depot store with one centre. One engine (one pusher) per store."""

    def __init__(self, store: Engine, central: Central, *, batch_size: int = 1000,
                 page_size: int = 2000) -> None:
        self.store = store
        self.central = central
        self.batch_size = batch_size
        self.page_size = page_size
        self._lock = threading.Lock()
        self._history_done = False  # the own history is back (once per store)

    def sync_once(self) -> SyncReport:
        """One round. The last push batch's marks, the last pull page with its cursor and the
        round's stamp are written in one local transaction (one commit, one fsync, for a
        round that fits in a batch and a page); nothing local is held open while the centre
        is asked. A round cut short after the centre answered still marks what it stored."""
        with self._lock:
            started = time.monotonic()
            report = SyncReport()
            held: list[PushResult] = []
            try:
                report.pushed = self.push(report, held=held)
                # The centre's epoch comes with the first page (`_pull`): a centre restored
                # or rebuilt is pulled again from the start, and what we kept is sent again.
                _, last = self._pull(report, keep_last=True)
                if report.epoch_reset:
                    report.pushed += self.push(report)
            except BaseException:
                if held:
                    with transaction(self.store) as session:
                        self._mark(session, held, report)
                raise
            self._close_round(report, held, last)
            report.seconds = round(time.monotonic() - started, 3)
            return report

    # -- epoch -----------------------------------------------------------------------------
    def _check_epoch(self) -> bool:
        """A centre restored or rebuilt: pull everything again and re-send what we kept."""
        return self._new_epoch(self.central.epoch())

    def _new_epoch(self, epoch: str) -> bool:
        """Keep the centre's `epoch`; True when it replaced another one (the cursor then
        starts again and every fact we kept is to be sent again)."""
        with transaction(self.store) as session:
            conn = session.connection()
            known = _get_meta(conn, EPOCH_KEY)
            if known == epoch:
                return False
            _set_meta(conn, EPOCH_KEY, epoch)
            if known is None:
                return False
            _set_meta(conn, CURSOR_KEY, START)
            outbox.resend_all(session)
            return True

    # -- push ------------------------------------------------------------------------------
    def push(self, report: SyncReport | None = None, *,
             held: list[PushResult] | None = None) -> int:
        """Send the refused events again (oldest first: the centre may have put their target
        right), then what is pending. Only what the centre acknowledges is marked sent; a
        refusal stays open with its reason. `held` given: the centre's answer to the last
        batch is left there, for the caller to mark in its own transaction."""
        pushed = 0
        after: tuple[dt.datetime, uuid.UUID] | None = None
        with Session(self.store) as session:
            refused = outbox.any_refused(session)
        while refused:  # each refused event once per sync
            batch: list[Event] = []
            with transaction(self.store) as session:
                page = outbox.refused_events(session, self.batch_size, after)
                if page:
                    after = (page[-1][1], page[-1][0].id)
                    batch = outbox.supersede(session, [e for e, _ in page])
            if not page:
                break
            if batch:
                pushed += self._send(batch, report)
            if len(page) < self.batch_size:
                break
        while True:
            with Session(self.store) as session:
                batch = outbox.pending(session, self.batch_size)
            if not batch:
                return pushed
            if len(batch) < self.batch_size and held is not None:
                result = self.central.push(batch)  # raises on any failure: nothing is marked
                held.append(result)
                return pushed + len(result.acked)
            pushed += self._send(batch, report)
            if len(batch) < self.batch_size:
                return pushed

    def _send(self, batch: list[Event], report: SyncReport | None) -> int:
        result = self.central.push(batch)  # raises on any failure: nothing is marked
        with transaction(self.store) as session:
            self._mark(session, [result], report)
        return len(result.acked)

    @staticmethod
    def _mark(session: Session, results: list[PushResult], report: SyncReport | None) -> None:
        """Only after the centre's commit: what it stored is sent, what it refused stays
        open with its reason, what a person settled is closed."""
        for result in results:
            outbox.mark_sent(session, result.acked)
            outbox.mark_rejected(session, result.rejected)
            resolved = outbox.mark_resolved(session, result.resolved)
            if report is not None:
                report.resolved += resolved

    # -- first sync ------------------------------------------------------------------------
    def first_sync(self, on_progress: Callable[[int, int], None],
                   should_stop: Callable[[], bool]) -> SyncReport | None:
        """The first (long) pull of a new store, reporting (entries done, total) after each
        page; None when `should_stop()` said so. Each page is committed with its cursor, so
        a stopped first sync resumes where it was at the next call (or the next sync)."""
        with self._lock:
            started = time.monotonic()
            report = SyncReport()
            self._check_epoch()
            report.pushed = self.push(report)
            with Session(self.store) as session:
                cursor = _get_meta(session.connection(), CURSOR_KEY) or START
            total = self.central.backlog(cursor)
            done = 0
            on_progress(0, total)

            def page_done(page: PullPage) -> None:
                nonlocal done
                done += page.entries
                on_progress(min(done, total), total)

            stopped = self.pull(report, on_page=page_done, should_stop=should_stop)
            if stopped:
                return None
            self._close_round(report)
            report.seconds = round(time.monotonic() - started, 3)
            on_progress(total, total)
            return report

    def _close_round(self, report: SyncReport, held: list[PushResult] | None = None,
                     page: PullPage | None = None) -> None:
        """End a round in one local transaction: mark the last push batch, apply the last
        pull page and its cursor, count what still waits or was refused, stamp the round;
        then hand back the own history (once per store)."""
        with self.store.connect() as conn:
            if page is not None:  # see `apply`
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.commit()
            try:
                with conn.begin():
                    session = Session(bind=conn)
                    self._mark(session, held or [], report)
                    if page is not None:
                        pulled, conflicts = _apply_page(conn, page)
                        _set_meta(conn, CURSOR_KEY, page.cursor)
                        report.pulled += pulled
                        report.conflicts += conflicts
                    session.flush()
                    report.waiting, report.rejected_total = outbox.open_counts(session)
                    if report.rejected_total:
                        report.rejected = [r.as_dict() for r in outbox.refusals(session)]
                    _set_meta(conn, LAST_SYNC_KEY, clock.utcnow().isoformat(timespec="seconds"))
                    report.cursor = _get_meta(conn, CURSOR_KEY) or START
                    session.close()
            finally:
                if page is not None:
                    conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                    conn.commit()
        report.restored = self.restore_history()

    # -- pull ------------------------------------------------------------------------------
    def pull(self, report: SyncReport, *, on_page: Callable[[PullPage], None] | None = None,
             should_stop: Callable[[], bool] | None = None) -> bool:
        """Pull every page; True when `should_stop` ended it early."""
        return self._pull(report, on_page=on_page, should_stop=should_stop)[0]

    def _pull(self, report: SyncReport, *, on_page: Callable[[PullPage], None] | None = None,
              should_stop: Callable[[], bool] | None = None,
              keep_last: bool = False) -> tuple[bool, PullPage | None]:
        """Pull every page, each applied with its cursor in one local transaction; with
        `keep_last` the last page (when it holds entries) is returned unapplied instead."""
        while True:
            if should_stop is not None and should_stop():
                return True, None
            with self.store.connect() as conn:
                meta: dict[str, str] = dict(conn.exec_driver_sql(  # type: ignore[arg-type]
                    "SELECT key, value FROM meta WHERE key IN (?, ?)",
                    (CURSOR_KEY, EPOCH_KEY)).all())
            cursor = meta.get(CURSOR_KEY) or START
            page = self.central.pull(cursor, self.page_size)
            report.pages += 1
            if meta.get(EPOCH_KEY) != page.epoch and self._new_epoch(page.epoch):
                report.epoch_reset = True
                continue  # from the start
            report.held_back, report.held_for_s = page.held_back, page.held_for_s
            if keep_last and not page.more:
                return False, page if page.entries else None
            if page.entries:
                pulled, conflicts = self.apply(page)
                report.pulled += pulled
                report.conflicts += conflicts
            if on_page is not None:
                on_page(page)
            if not page.more:
                return False, None

    # -- own history -----------------------------------------------------------------------
    def restore_history(self) -> int:
        """Once per store: get back this depot's own past facts (sales with their lines and
        payments, register sessions, pack events of the orders it still sees, ...), so a store
        set up from scratch continues its receipt numbers and shows the right progress.
        Inserted as they are (a known id is kept) and never written to the outbox: they are
        the centre's already. Each page is one local transaction; the mark comes last, so an
        interrupted restore starts again (harmlessly) at the next sync."""
        if self._history_done:
            return 0
        with Session(self.store) as session:
            conn = session.connection()
            if _get_meta(conn, HISTORY_KEY):
                self._history_done = True
                return 0
            if not _own_depot_known(conn):
                # The register counters hang on the depot's own row: until a pull brings it
                # (the centre may hold the feed back behind an open transaction), wait.
                return 0
        n = 0
        for table in topics.HISTORY:
            after: uuid.UUID | None = None
            while True:
                rows = self.central.history(table, after, self.page_size)
                if rows:
                    with self.store.connect() as conn:
                        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                        conn.commit()
                        try:
                            with conn.begin():
                                _insert_new(conn, table, rows)
                        finally:
                            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                            conn.commit()
                    n += len(rows)
                    after = rows[-1]["id"]
                if len(rows) < self.page_size:
                    break
        with transaction(self.store) as session:
            conn = session.connection()
            _catch_up_counters(conn)
            _set_meta(conn, HISTORY_KEY, clock.utcnow().isoformat(timespec="seconds"))
        return n

    def apply(self, page: PullPage) -> tuple[int, int]:
        """Apply one page and store its cursor, in one local transaction."""
        with self.store.connect() as conn:
            # The centre checked the foreign keys; a parent may come in a later page of the
            # same sync (concurrent central transactions), so the mirror doesn't re-check.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
            try:
                with conn.begin():
                    result = _apply_page(conn, page)
                    _set_meta(conn, CURSOR_KEY, page.cursor)
            finally:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
        return result


def _apply_page(conn: Connection, page: PullPage) -> tuple[int, int]:
    """Upsert the page's rows (tuples in the store's encoding, see cpdesk.sync.encoding)
    with one `executemany` per table, then its tombstones. An order we know and began
    packing that changed is compared before and after (its lines as the store reads them)."""
    rows = dict(page.rows)
    gone: dict[str, list[str]] = defaultdict(list)
    for table, key in page.gone:
        gone[table].append(key)
    code = _get_meta(conn, "depot")
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


def _insert_new(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    t = T[table]
    stmt = sqlite.insert(t).on_conflict_do_nothing(index_elements=["id"])
    conn.execute(stmt, [{c.key: r.get(c.key) for c in t.columns} for r in rows])


def _own_depot_known(conn: Connection) -> bool:
    code = _get_meta(conn, "depot")
    d = T["depot"]
    return code is not None and conn.execute(
        select(d.c.id).where(d.c.code == code)).first() is not None


def _catch_up_counters(conn: Connection) -> None:
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
    o, ol, pe = T["order"], T["order_line"], T["pack_event"]
    ids = [uuid.UUID(r[0]) for r in orders]
    started: set[uuid.UUID] = set()
    for i in range(0, len(ids), 500):
        started |= set(conn.execute(select(pe.c.order_id).distinct().where(
            pe.c.order_id.in_(ids[i:i + 500]), pe.c.depot_id == me)).scalars())
    if not started:
        return []
    vi, si, ni = (encoding.index("order", c) for c in ("version", "status", "number"))
    out = []
    for row in orders:
        oid = uuid.UUID(row[0])
        if oid not in started:
            continue
        version, status = int(row[vi]), row[si]
        old = conn.execute(select(o.c.version, o.c.status).where(o.c.id == oid)).first()
        if old is None or (old.version == version and (
                old.status == status or status == "delivered")):
            continue  # collected (a pick-up, set centrally): nothing for the packer to do
        before = {r.id: r._asdict() for r in conn.execute(select(ol).where(
            ol.c.order_id == oid, ol.c.packing_depot_id == me))}
        out.append(_Changed(oid, row[ni], old.version, version, status == "cancelled", before))
    return out


def _record_order_changes(conn: Connection, me: uuid.UUID | None, changed: list[_Changed],
                          lines: dict[str, list[str]]) -> int:
    """After the page is applied: record each changed order's difference (our lines in the
    page, read back from the store, against `before`)."""
    ol = T["order_line"]
    for c in changed:
        ids = [uuid.UUID(x) for x in lines.get(c.id.hex, ())]
        after = {r.id: r._asdict() for r in conn.execute(select(ol).where(
            ol.c.id.in_(ids), ol.c.packing_depot_id == me))} if ids else {}
        diff = OrderDifference.between(c.before, after, cancelled=c.cancelled)
        _record_change(conn, c.id, c.number, c.old_version, c.new_version, diff)
    return len(changed)


def _record_change(conn: Connection, order_id: uuid.UUID, number: str, old_version: int,
                   new_version: int, diff: OrderDifference) -> None:
    conn.execute(T["order_change"].insert().values(
        id=new_id(), order_id=order_id, number=number, kind=diff.kind, old_version=old_version,
        new_version=new_version, diff=diff.to_json(), detected_at=clock.utcnow()))


def _get_meta(conn: Connection, key: str) -> str | None:
    return conn.exec_driver_sql(  # type: ignore[no-any-return]
        "SELECT value FROM meta WHERE key = ?", (key,)).scalar()


def _set_meta(conn: Connection, key: str, value: str) -> None:
    conn.exec_driver_sql("INSERT INTO meta (key, value) VALUES (?, ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))
