"""A background worker that syncs on a timer and on demand, with backoff while offline.

Qt-free: the UI wires `on_status` to a signal (it is called on the worker thread, so it must
not touch widgets). One worker per depot store.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from cpdesk import clock

from . import outbox
from .connect_errors import in_words
from .engine import SyncEngine, SyncReport

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncStatus:
    online: bool | None = None  # None: not tried yet
    last_success_at: dt.datetime | None = None
    waiting: int = 0  # events in the outbox not yet acknowledged by the centre
    last_error: str | None = None
    syncing: bool = False
    last_report: SyncReport | None = None
    rejected: int = 0  # facts the centre refused, still open (shown until stored or settled)
    refusals: tuple[outbox.Refusal, ...] = ()  # the oldest of them, with their reasons


class SyncWorker:
    def __init__(self, engine: SyncEngine, *, interval_s: float = 30.0,
                 backoff_base_s: float = 2.0, backoff_max_s: float = 300.0,
                 on_status: Callable[[SyncStatus], None] | None = None) -> None:
        self.engine = engine
        self.interval_s = interval_s
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.on_status = on_status
        self._status = replace(SyncStatus(waiting=self._waiting()), **self._refusals())
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0
        self._lock = threading.Lock()

    # -- control -----------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="cpdesk-sync", daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def request_sync(self) -> None:
        """Sync now (e.g. after a crate is closed, or the user clicks 'sync')."""
        self._wake.set()

    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    # -- loop --------------------------------------------------------------------------
    def next_delay(self) -> float:
        if self._failures == 0:
            return self.interval_s
        delay = min(self.backoff_max_s, self.backoff_base_s * 2 ** (self._failures - 1))
        return delay * random.uniform(0.8, 1.2)  # jitter: 50 depots don't retry in step

    def run_once(self) -> SyncStatus:
        self._set(syncing=True)
        try:
            report = self.engine.sync_once()
        except Exception as exc:  # any failure: outcome unknown, events are sent again later
            self._failures += 1
            log.warning("sync failed (%s attempt): %s", self._failures, _one_line(exc))
            return self._set(online=False, syncing=False, last_error=_one_line(exc),
                             waiting=self._waiting(), **self._refusals())
        self._failures = 0
        log.info("sync round: pushed %d, pulled %d, conflicts %d, waiting %d, %.2f s",
                 report.pushed, report.pulled, report.conflicts, report.waiting, report.seconds)
        return self._set(online=True, syncing=False, last_error=None, waiting=report.waiting,
                         last_success_at=clock.utcnow(), last_report=report,
                         **self._refusals())

    def _run(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._wake.wait(self.next_delay())
            self._wake.clear()

    def _set(self, **changes: object) -> SyncStatus:
        with self._lock:
            self._status = replace(self._status, **changes)  # type: ignore[arg-type]
            status = self._status
        if self.on_status is not None:
            self.on_status(status)
        return status

    def _waiting(self) -> int:
        try:
            with Session(self.engine.store) as session:
                return outbox.waiting(session)
        except Exception:  # the local store is always there; never let the status crash
            return -1


    def _refusals(self) -> dict[str, Any]:
        try:
            with Session(self.engine.store) as session:
                return {"rejected": outbox.refused_count(session),
                        "refusals": tuple(outbox.refusals(session, 20))}
        except Exception:  # the local store is always there; never let the status crash
            return {}


def _one_line(exc: BaseException) -> str:
    """The failure in plain words when it is a known connection problem (TLS, login, ...)."""
    return in_words(exc)
