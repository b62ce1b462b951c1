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
import operator
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, Uuid, delete, func, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.domain.ids import new_id
from cpdesk.domain.order_change import OrderDifference
from cpdesk.store import pack_progress, topics
from cpdesk.store.db import transaction
from cpdesk.store.models import Base

from . import outbox
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

    def sync_once(self) -> SyncReport:
        """One round. The last push batch's marks, the last pull page with its cursor and the
        round's stamp are written in one local transaction (one commit, one fsync, for a
        round that fits in a batch and a page); nothing local is held open while the centre
        is asked. A round cut short after the centre answered still marks what it stored."""
        with self._lock:
            started = time.monotonic()
            report = SyncReport()
            report.epoch_reset = self._check_epoch()
            held: list[PushResult] = []
            try:
                report.pushed = self.push(report, held=held)
                _, last = self._pull(report, keep_last=True)
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
        epoch = self.central.epoch()
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
        while True:  # each refused event once per sync
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
                    report.waiting = outbox.waiting(session)
                    report.rejected = [r.as_dict() for r in outbox.refusals(session)]
                    report.rejected_total = outbox.refused_count(session)
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
            with Session(self.store) as session:
                cursor = _get_meta(session.connection(), CURSOR_KEY) or START
            page = self.central.pull(cursor, self.page_size)
            report.pages += 1
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
        with Session(self.store) as session:
            conn = session.connection()
            if _get_meta(conn, HISTORY_KEY):
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
            pack_progress.refresh_dirty(conn)  # the pack events handed back
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
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    gone: dict[str, list[str]] = defaultdict(list)
    for ch in page.changes:
        if ch.row is None:
            gone[ch.table].append(ch.key)
        else:
            rows[ch.table].append(ch.row)
    code = _get_meta(conn, "depot")
    if rows.get("depot"):
        _upsert(conn, "depot", rows.pop("depot"))
    me = conn.execute(select(T["depot"].c.id).where(T["depot"].c.code == code)).scalar()
    # A brand-new order has no local lines to drop, nothing packed to compare with.
    known = _known(conn, "order", [r["id"] for r in rows.get("order", [])])
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
    pack_progress.refresh_dirty(conn)  # the board's rows of the orders this page changed
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


def _known(conn: Connection, table: str, ids: list[Any]) -> set[Any]:
    """Which of `ids` the store already holds."""
    t = T[table]
    out: set[Any] = set()
    for i in range(0, len(ids), 500):
        out |= set(conn.execute(select(t.c.id).where(t.c.id.in_(ids[i:i + 500]))).scalars())
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


def _get_meta(conn: Connection, key: str) -> str | None:
    m = T["meta"]
    return conn.execute(select(m.c.value).where(m.c.key == key)).scalar()


def _set_meta(conn: Connection, key: str, value: str) -> None:
    m = T["meta"]
    ins = sqlite.insert(m).values(key=key, value=value)
    conn.execute(ins.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


