"""The one way the screens run blocking work: off the GUI thread, results back by signal.

Two operations, one mechanism:

- `query(owner, fn, on_done, on_failed)`: a read (load the board, gather a document, check
  the store); it runs at once on the thread pool, next to any other.
- `ActionQueue.submit(fn, on_done, on_failed)` (action_queue.py): a change (a scan, a sale,
  a departure); a screen's changes run one after the other, in the order submitted.

Either way `fn` runs on a pool thread and must not touch a widget; `on_done(result)` or
`on_failed(message)` runs on the GUI thread. When the `owner` (the screen) has been
destroyed by then, the result is dropped: the work is done (and committed), nobody is
left to show it, and its widgets must not be touched.

How the result travels, and why so (PySide6 6.12 on CPython 3.11 crashed after a few
hundred tasks, "Fatal Python error: bool_dealloc"/"none_dealloc"; see refcount_guard.py,
which is the fix, and tests/ui/test_background_soak.py):

- one long-lived `_Dispatcher`, made on the GUI thread, receives every outcome through a
  queued signal into a `@Slot`, rather than a fresh QObject per task whose last reference
  could be dropped on the pool thread;
- what crosses threads is always an `_Outcome`, never a bare None or bool;
- the job (its function, handlers and owner, which may hold widgets) is kept in a table
  of the GUI thread: the pool thread lets go of the function before it reports, so no
  widget's last reference is ever dropped off the GUI thread.
"""

from __future__ import annotations

import itertools
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from cpdesk.errors import CpdeskError, StoreProblem

from .failures import failure_words


@dataclass
class Job:
    """A piece of background work waiting for its result (GUI thread only)."""

    id: int
    owner: QObject | None
    on_done: Callable[[Any], None]
    on_failed: Callable[[str], None] | None
    fn: Callable[[], Any] | None
    finished: bool = False


@dataclass(frozen=True)
class _Outcome:
    job_id: int
    ok: bool
    value: Any  # the result, or the failure in words


class _Dispatcher(QObject):
    sig_outcome = Signal(object)
    """An `_Outcome`, emitted on a pool thread, handled on the GUI thread."""

    def __init__(self) -> None:
        super().__init__()
        self.jobs: dict[int, Job] = {}
        self.sig_outcome.connect(self._deliver)

    @Slot(object)
    def _deliver(self, outcome: _Outcome) -> None:
        job = self.jobs.pop(outcome.job_id, None)
        if job is None:
            return
        job.finished, job.fn = True, None
        if job.owner is not None and not shiboken6.isValid(job.owner):
            return  # its screen is gone: dropped
        if outcome.ok:
            job.on_done(outcome.value)
        elif job.on_failed is not None:
            job.on_failed(outcome.value)


class _Task(QRunnable):
    def __init__(self, dispatcher: _Dispatcher, job_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._dispatcher = dispatcher
        self._job_id = job_id
        self._fn: Callable[[], Any] | None = fn

    def run(self) -> None:  # runs on a pool thread: never touch a widget here
        fn, self._fn = self._fn, None
        assert fn is not None
        try:
            outcome = _Outcome(self._job_id, True, fn())
        except Exception as exc:  # noqa: BLE001 - reported to the GUI, not swallowed
            if not isinstance(exc, CpdeskError) or isinstance(exc, StoreProblem):
                traceback.print_exc()
            # Worded here (Qt's translate is thread-safe).
            outcome = _Outcome(self._job_id, False, failure_words(exc))
        del fn  # the GUI thread's table keeps the function (and what it holds) alive
        self._dispatcher.sig_outcome.emit(outcome)


_dispatcher: _Dispatcher | None = None
_ids = itertools.count(1)
_lock = threading.Lock()

MIN_THREADS = 8
"""Threads of the pool, at least. Qt's default is one per core: two on a depot's PC, so a
cashier's read or a packer's scan waited behind two long jobs (the store's integrity check
reads every page, a document renders, the store opens after the first frame). Threads are
made only when needed and end after 30 s idle; Python code on them takes turns on the GIL,
so a short read runs beside a long job instead of after it."""


def _the_pool() -> QThreadPool:
    pool = QThreadPool.globalInstance()
    if pool.maxThreadCount() < MIN_THREADS:
        pool.setMaxThreadCount(MIN_THREADS)
    return pool


def _the_dispatcher() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None or not shiboken6.isValid(_dispatcher):
        _dispatcher = _Dispatcher()
    return _dispatcher


def query(owner: QObject | None, fn: Callable[[], Any], on_done: Callable[[Any], None],
          on_failed: Callable[[str], None] | None = None, *,
          pool: QThreadPool | None = None) -> Job:
    """Run `fn` on the thread pool now; `on_done(result)` or `on_failed(message)` on the GUI
    thread, unless `owner` has been destroyed by then. Call it on the GUI thread."""
    dispatcher = _the_dispatcher()
    with _lock:
        job_id = next(_ids)
    job = Job(job_id, owner, on_done, on_failed, fn)
    dispatcher.jobs[job_id] = job
    task = _Task(dispatcher, job_id, fn)
    task.setAutoDelete(True)  # the pool deletes it after run(); it holds no widget by then
    (pool or _the_pool()).start(task)
    return job


def pending(owner: QObject) -> int:
    """How many jobs of `owner` have not reported yet (tests wait for zero)."""
    if _dispatcher is None:
        return 0
    return sum(1 for job in _dispatcher.jobs.values() if job.owner is owner)
