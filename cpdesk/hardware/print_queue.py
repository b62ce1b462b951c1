"""The durable print queue: a job is written to the store before anything is printed.

    queue = PrintQueue(engine, {"labels": PrinterConfig("labels", "tcp://10.0.0.9:9100", "zpl")},
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
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.store.models import PrintJob

from .faults import PrinterFault

KINDS = ("escpos", "zpl", "pdf")


@dataclass(frozen=True)
class PrinterConfig:
    name: str
    url: str
    kind: str  # escpos | zpl | pdf
    timeout_s: float = 3.0


@dataclass(frozen=True)
class JobView:
    id: uuid.UUID
    printer: str
    kind: str
    title: str
    state: str
    attempts: int
    last_error: str
    created_at: dt.datetime
    done_at: dt.datetime | None


def _view(job: PrintJob) -> JobView:
    return JobView(job.id, job.printer, job.kind, job.title, job.state, job.attempts,
                   job.last_error, job.created_at, job.done_at)


EXTENSIONS = {"escpos": "bin", "zpl": "zpl", "pdf": "pdf"}
_UNSAFE = re.compile(r"[^0-9A-Za-z]+")


def spool_file(folder: Path, kind: str, title: str) -> Path:
    """The next file of a spool folder: every job kept, in order, named for what it is.

    `000042-20261126-101502-crate-label-CP-261126-0001-1-of-3-CR0K3M9X2Q7B.zpl`: a sequence
    number (one more than the folder's highest), the depot's local time, the job's title."""
    highest = max((int(p.name.split("-", 1)[0]) for p in folder.iterdir()
                   if p.name.split("-", 1)[0].isdigit()), default=0)
    stem = _UNSAFE.sub("-", title.replace("/", " of ")).strip("-")[:80] or "job"
    return folder / f"{highest + 1:06d}-{clock.now():%Y%m%d-%H%M%S}-{stem}.{EXTENSIONS[kind]}"


def send_payload(config: PrinterConfig, kind: str, payload: bytes, title: str = "") -> None:
    """Print one payload now (worker thread); PrinterFault when the printer cannot.

    A `file://` URL naming a folder is a spool: each job becomes a file of its own there
    (`spool_file`), so no job overwrites another."""
    from . import escpos_printer, zpl  # python-escpos is slow to import: only when printing
    from .printers import close_quietly, connect

    parsed = urlparse(config.url)
    if parsed.scheme == "file" and Path(parsed.path).is_dir():
        spool_file(Path(parsed.path), kind, title).write_bytes(payload)
        return
    if kind == "pdf":
        _send_pdf(config, payload, title)
        return
    device = connect(config.url, timeout_s=config.timeout_s)
    try:
        module = escpos_printer if kind == "escpos" else zpl
        module.send(device, config.url, payload, timeout_s=config.timeout_s)
    except OSError as exc:
        raise PrinterFault(f"printer connection lost: {exc}") from exc
    finally:
        close_quietly(device)


def _send_pdf(config: PrinterConfig, payload: bytes, title: str = "") -> None:
    import subprocess

    parsed = urlparse(config.url)
    if parsed.scheme == "file":
        Path(parsed.path).write_bytes(payload)
        return
    if parsed.scheme == "cups":
        from .cups import queue_state

        queue = parsed.netloc or parsed.path.strip("/")
        # A stopped queue would accept the job and hold it out of sight: keep it here instead,
        # with the reason, until the queue is back.
        state = queue_state(queue)
        if not state.ready:
            raise PrinterFault(state.describe())
        try:
            done = subprocess.run(["lp", "-d", queue, "-t", title or "cpdesk"], input=payload,
                                  capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrinterFault(f"cannot reach CUPS: {exc}") from exc
        if done.returncode != 0:
            raise PrinterFault(f"CUPS refused the job: {done.stderr.decode().strip()}")
        return
    raise PrinterFault(f"a PDF needs a cups:// or file:// printer, not {config.url}")


class PrintQueue:
    def __init__(
        self,
        engine: Engine,
        printers: Mapping[str, PrinterConfig],
        *,
        on_change: Callable[[JobView], None] | None = None,
        retry_base_s: float = 1.0,
        retry_max_s: float = 30.0,
        send: Callable[[PrinterConfig, str, bytes, str], None] = send_payload,
    ) -> None:
        self.engine = engine
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
            raise ValueError(f"unknown print job kind {kind!r}")
        with Session(self.engine) as session, session.begin():
            job = PrintJob(printer=printer, kind=kind, payload=payload, title=title[:120],
                           state="queued", attempts=0, last_error="")
            session.add(job)
            session.flush()
            view = _view(job)
        self._notify(view)
        self._wake.set()
        return view.id

    def jobs(self, *, states: tuple[str, ...] | None = None, limit: int = 100) -> list[JobView]:
        with Session(self.engine) as session:
            query = select(PrintJob).order_by(PrintJob.created_at.desc()).limit(limit)
            if states:
                query = query.where(PrintJob.state.in_(states))
            return [_view(j) for j in session.scalars(query)]

    def retry(self, job_id: uuid.UUID) -> None:
        """Queue a failed job again and retry its printer now."""
        with Session(self.engine) as session, session.begin():
            job = session.get(PrintJob, job_id)
            if job is None:
                raise KeyError(job_id)
            job.state = "queued"
            self._retry_at.pop(job.printer, None)
        self._wake.set()

    def start(self) -> None:
        with Session(self.engine) as session, session.begin():
            session.execute(update(PrintJob).where(PrintJob.state == "printing")
                            .values(state="queued"))
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

    def _next_job(self) -> PrintJob | None:
        now = time.monotonic()
        waiting = [p for p, at in self._retry_at.items() if at > now]
        with Session(self.engine, expire_on_commit=False) as session:
            query = select(PrintJob).where(PrintJob.state == "queued")
            if waiting:
                query = query.where(PrintJob.printer.not_in(waiting))
            return session.scalars(query.order_by(PrintJob.created_at).limit(1)).first()

    def _set(self, job_id: uuid.UUID, **values: object) -> None:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            job = session.get(PrintJob, job_id)
            assert job is not None
            for key, value in values.items():
                setattr(job, key, value)
            session.flush()
            view = _view(job)
        self._notify(view)

    def _run(self) -> None:
        while not self._stop.is_set():
            job = self._next_job()
            if job is None:
                due = [at for at in self._retry_at.values() if at > time.monotonic()]
                wait = min(due) - time.monotonic() if due else 1.0
                self._wake.wait(max(0.01, min(wait, 1.0)))
                self._wake.clear()
                continue
            config = self.printers.get(job.printer)
            if config is None:
                self._set(job.id, state="failed",
                          last_error=f"no printer named {job.printer!r} is configured")
                continue
            self._set(job.id, state="printing")
            try:
                self.send(config, job.kind, job.payload, job.title)
            except Exception as exc:  # PrinterFault, or a driver bug: the queue must go on
                attempts = job.attempts + 1
                delay = min(self.retry_max_s, self.retry_base_s * 2 ** (attempts - 1))
                self._retry_at[job.printer] = time.monotonic() + delay
                self._set(job.id, state="queued", attempts=attempts, last_error=str(exc))
            else:
                self._retry_at.pop(job.printer, None)
                self._set(job.id, state="done", attempts=job.attempts + 1, last_error="",
                          done_at=clock.utcnow())
