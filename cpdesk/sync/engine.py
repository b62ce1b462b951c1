"""One round of sync from the depot's side: push the outbox, then pull pages of changes.

Push marks an event sent only after the centre committed it and answered; any error means
"outcome unknown" and the same ids go again (the centre ignores known ids). An event the
centre refused (it can't store the fact) is not sent: it stays open with the centre's reason,
is reported (`SyncReport.rejected`) and goes again at each sync until stored or settled. Pull
applies a page and stores the cursor after it in one local transaction: a crash leaves the old
cursor and the page is pulled again, which is harmless (upserts). What a page does to the
store is in `apply.py`.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.store import pack_progress, topics
from cpdesk.store.db import transaction

from . import outbox
from .apply import (
    apply_page,
    catch_up_counters,
    get_meta,
    insert_new,
    own_depot_known,
    set_meta,
)
from .contract import START, Central, Event, PullPage, PushResult

CURSOR_KEY = "sync_cursor"
EPOCH_KEY = "central_epoch"
LAST_SYNC_KEY = "last_sync_at"
HISTORY_KEY = "own_history_restored"


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
    held_by: str | None = None  # whose transaction, when the centre says (see PullPage)

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
                    with self.store.begin() as conn:
                        self._mark(conn, held, report)
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
            known = get_meta(conn, EPOCH_KEY)
            if known == epoch:
                return False
            set_meta(conn, EPOCH_KEY, epoch)
            if known is None:
                return False
            set_meta(conn, CURSOR_KEY, START)
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
        with self.store.connect() as conn:
            refused = outbox.any_refused(conn)
            batch = [] if refused else outbox.pending(conn, self.batch_size)
        while refused:  # each refused event once per sync
            batch = []
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
        if refused:
            batch = self._pending()
        return pushed + self._push_pending(batch, report, held)

    def _push_pending(self, batch: list[Event], report: SyncReport | None,
                      held: list[PushResult] | None) -> int:
        """Send pending events a batch at a time, from `batch` on, as a pipeline: while the
        centre applies a full batch, a helper thread marks the batch before it (the centre
        committed it and answered) and reads the next one from the store, payloads decoded.
        The wait on the centre releases the interpreter, so the centre's work is the only
        step in line; at most one batch's marks are in flight, and a mark that fails stops
        the push (what the centre stored meanwhile is sent again next time: it ignores known
        ids). It reads what comes after the batch in flight; an event written meanwhile with
        an earlier time (a concurrent transaction) waits for the next round, as a refusal
        does. `held` given, the last batch's answer is left there for the caller to mark."""
        pushed = 0
        helper: ThreadPoolExecutor | None = None
        marking: Future[None] | None = None
        try:
            while batch:
                ahead: Future[list[Event]] | None = None
                if len(batch) == self.batch_size:
                    helper = helper or ThreadPoolExecutor(1, thread_name_prefix="cpdesk push")
                    ahead = helper.submit(self._pending, batch[-1].id)
                try:
                    result = self.central.push(batch)  # raises on any failure: not marked
                finally:
                    # the helper's store connection back in the pool before anything else
                    in_flight: list[Future[Any]] = [f for f in (ahead, marking) if f is not None]
                    wait(in_flight)
                if marking is not None:  # the batch before this one marked (or its error)
                    done, marking = marking, None
                    done.result()
                pushed += len(result.acked)
                if ahead is None:  # the last batch
                    if held is not None:
                        held.append(result)
                    else:
                        self._mark_one(result, report)
                    return pushed
                assert helper is not None
                marking = helper.submit(self._mark_one, result, report)
                batch = ahead.result()
            return pushed
        finally:
            if helper is not None:
                helper.shutdown()  # after what it was given
            if marking is not None:
                marking.result()

    def _mark_one(self, result: PushResult, report: SyncReport | None) -> None:
        with self.store.begin() as conn:
            self._mark(conn, [result], report)

    def _pending(self, after: uuid.UUID | None = None) -> list[Event]:
        with self.store.connect() as conn:
            return outbox.pending(conn, self.batch_size, after)

    def _send(self, batch: list[Event], report: SyncReport | None) -> int:
        result = self.central.push(batch)  # raises on any failure: nothing is marked
        self._mark_one(result, report)
        return len(result.acked)

    @staticmethod
    def _mark(db: outbox.Db, results: list[PushResult], report: SyncReport | None) -> None:
        """Only after the centre's commit: what it stored is sent, what it refused stays
        open with its reason, what a person settled is closed."""
        for result in results:
            outbox.mark_sent(db, result.acked)
            outbox.mark_rejected(db, result.rejected)
            resolved = outbox.mark_resolved(db, result.resolved)
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
                cursor = get_meta(session.connection(), CURSOR_KEY) or START
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
                    self._mark(conn, held or [], report)
                    if page is not None:
                        pulled, conflicts = apply_page(conn, page)
                        set_meta(conn, CURSOR_KEY, page.cursor)
                        report.pulled += pulled
                        report.conflicts += conflicts
                        report.cursor = page.cursor
                    else:
                        report.cursor = get_meta(conn, CURSOR_KEY) or START
                    report.waiting, report.rejected_total = outbox.open_counts(conn)
                    if report.rejected_total:
                        report.rejected = [r.as_dict() for r in outbox.refusals(conn)]
                    set_meta(conn, LAST_SYNC_KEY, clock.utcnow().isoformat(timespec="seconds"))
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
            report.held_by = page.held_by
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
            if get_meta(conn, HISTORY_KEY):
                self._history_done = True
                return 0
            if not own_depot_known(conn):
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
                                insert_new(conn, table, rows)
                        finally:
                            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                            conn.commit()
                    n += len(rows)
                    after = rows[-1]["id"]
                if len(rows) < self.page_size:
                    break
        with transaction(self.store) as session:
            conn = session.connection()
            catch_up_counters(conn)
            pack_progress.refresh_dirty(conn)  # the board's rows of the pack events handed back
            set_meta(conn, HISTORY_KEY, clock.utcnow().isoformat(timespec="seconds"))
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
                    result = apply_page(conn, page)
                    set_meta(conn, CURSOR_KEY, page.cursor)
            finally:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
        return result
