"""The durable print queue: a job is written to the store before anything is printed.

    queue = PrintQueue(PrintJobStore(engine),          # cpdesk.store.print_jobs
                       {"labels": PrinterConfig("labels", "tcp://10.0.0.9:9100", "zpl")},
                       on_change=callback)
    queue.start()
    job_id = queue.enqueue("labels", label_zpl(data).encode("utf-8"), title="Crate CR…")
    queue.jobs()   # what the screen shows: state, attempts, last error
    queue.stop()

`enqueue` only inserts a row and wakes the worker; printing happens on the worker thread, so
the GUI never waits for a printer. A printer that is offline, out of paper, silent or
unreachable leaves its job queued with the error and is retried with a growing delay;
other printers go on. A job found in state "printing" at start (the app stopped mid-job)
is queued again: a label printed twice beats a label lost.

The queue keeps its jobs through `JobStore` (the depot's SQLite store implements it), so
this package never imports the store.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from .printer_kinds import KINDS, PrinterConfig

__all__ = ["Job", "JobStore", "JobView", "PrintQueue", "PrinterConfig"]


@dataclass(frozen=True)
class JobView:
    id: uuid.UUID
    printer: str
    kind: str
    title: str
    state: str  # queued | printing | done | failed
    attempts: int
    last_error: str
    created_at: dt.datetime
    done_at: dt.datetime | None


@dataclass(frozen=True)
class Job:
    """A job to print now: its view and its bytes."""

    view: JobView
    payload: bytes


class JobStore(Protocol):
    """Where the jobs are kept, durably: each call is one committed transaction."""

    def add(self, printer: str, kind: str, payload: bytes, title: str) -> JobView: ...

    def views(self, states: tuple[str, ...] | None, limit: int) -> list[JobView]: ...

    def next_queued(self, skip_printers: list[str]) -> Job | None:
        """The oldest queued job of a printer not in `skip_printers`."""
        ...

    def update(self, job_id: uuid.UUID, *, state: str, attempts: int | None = None,
               last_error: str | None = None, done: bool = False) -> JobView: ...

    def requeue(self, job_id: uuid.UUID) -> JobView:
        """Queue a job again; KeyError for an unknown job."""
        ...

    def requeue_interrupted(self) -> None:
        """Jobs left "printing" by a stopped app are queued again."""
        ...


def _default_send(config: PrinterConfig, kind: str, payload: bytes, title: str) -> None:
    from .printers import send_payload  # python-escpos is slow to import: only when printing

    send_payload(config, kind, payload, title)


class PrintQueue:
    def __init__(
        self,
        store: JobStore,
        printers: Mapping[str, PrinterConfig],
        *,
        on_change: Callable[[JobView], None] | None = None,
        retry_base_s: float = 1.0,
        retry_max_s: float = 30.0,
        send: Callable[[PrinterConfig, str, bytes, str], None] = _default_send,
    ) -> None:
        self.store = store
        self.printers = dict(printers)
        self.on_change = on_change
        self.retry_base_s = retry_base_s
        self.retry_max_s = retry_max_s
        self.send = send
        self._retry_at: dict[str, float] = {}
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- callers (any thread) -------------------------------------------------------
    def enqueue(self, printer: str, payload: bytes, *, title: str = "",
                kind: str | None = None) -> uuid.UUID:
        config = self.printers.get(printer)
        kind = kind or (config.kind if config else "")
        if kind not in KINDS:
            raise ValueError(f"unknown print job kind {kind!r} (one of {', '.join(KINDS)})")
        view = self.store.add(printer, kind, payload, title[:120])
        self._notify(view)
        self._wake.set()
        return view.id

    def jobs(self, *, states: tuple[str, ...] | None = None, limit: int = 100) -> list[JobView]:
        """The newest jobs first."""
        return self.store.views(states, limit)

    def retry(self, job_id: uuid.UUID) -> None:
        """Queue a failed job again and retry its printer now."""
        view = self.store.requeue(job_id)
        self._retry_at.pop(view.printer, None)
        self._notify(view)
        self._wake.set()

    def start(self) -> None:
        self.store.requeue_interrupted()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="print queue", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    # --- worker ---------------------------------------------------------------------
    def _notify(self, view: JobView) -> None:
        if self.on_change:
            self.on_change(view)

    def _set(self, job_id: uuid.UUID, **values: object) -> None:
        self._notify(self.store.update(job_id, **values))  # type: ignore[arg-type]

    def _run(self) -> None:
        while not self._stop.is_set():
            now = time.monotonic()
            job = self.store.next_queued([p for p, at in self._retry_at.items() if at > now])
            if job is None:
                due = [at for at in self._retry_at.values() if at > time.monotonic()]
                wait = min(due) - time.monotonic() if due else 1.0
                self._wake.wait(max(0.01, min(wait, 1.0)))
                self._wake.clear()
                continue
            view = job.view
            config = self.printers.get(view.printer)
            if config is None:
                self._set(view.id, state="failed",
                          last_error=f"no printer named {view.printer!r} is configured")
                continue
            self._set(view.id, state="printing")
            try:
                self.send(config, view.kind, job.payload, view.title)
            except Exception as exc:  # PrinterFault, or a driver bug: the queue must go on
                attempts = view.attempts + 1
                delay = min(self.retry_max_s, self.retry_base_s * 2 ** (attempts - 1))
                self._retry_at[view.printer] = time.monotonic() + delay
                self._set(view.id, state="queued", attempts=attempts, last_error=str(exc))
            else:
                self._retry_at.pop(view.printer, None)
                self._set(view.id, state="done", attempts=view.attempts + 1, last_error="",
                          done=True)
