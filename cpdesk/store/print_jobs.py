"""The print queue's jobs in the depot store (table `print_job`): `PrintJobStore(engine)`
is the `JobStore` that `cpdesk.hardware.print_queue.PrintQueue` keeps its jobs in.
Each call is one committed transaction, so a queued job survives a crash."""

from __future__ import annotations

import uuid

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.hardware.print_queue import Job, JobView

from .models import PrintJob


def _view(job: PrintJob) -> JobView:
    return JobView(job.id, job.printer, job.kind, job.title, job.state, job.attempts,
                   job.last_error, job.created_at, job.done_at)


class PrintJobStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, printer: str, kind: str, payload: bytes, title: str) -> JobView:
        with Session(self.engine) as session, session.begin():
            job = PrintJob(printer=printer, kind=kind, payload=payload, title=title,
                           state="queued", attempts=0, last_error="")
            session.add(job)
            session.flush()
            return _view(job)

    def views(self, states: tuple[str, ...] | None = None, limit: int = 100) -> list[JobView]:
        with Session(self.engine) as session:
            query = select(PrintJob).order_by(PrintJob.created_at.desc()).limit(limit)
            if states:
                query = query.where(PrintJob.state.in_(states))
            return [_view(j) for j in session.scalars(query)]

    def next_queued(self, skip_printers: list[str]) -> Job | None:
        with Session(self.engine) as session:
            query = select(PrintJob).where(PrintJob.state == "queued")
            if skip_printers:
                query = query.where(PrintJob.printer.not_in(skip_printers))
            job = session.scalars(query.order_by(PrintJob.created_at).limit(1)).first()
            return None if job is None else Job(_view(job), job.payload)

    def update(self, job_id: uuid.UUID, *, state: str, attempts: int | None = None,
               last_error: str | None = None, done: bool = False) -> JobView:
        with Session(self.engine) as session, session.begin():
            job = session.get(PrintJob, job_id)
            if job is None:
                raise KeyError(job_id)
            job.state = state
            if attempts is not None:
                job.attempts = attempts
            if last_error is not None:
                job.last_error = last_error
            if done:
                job.done_at = clock.utcnow()
            session.flush()
            return _view(job)

    def requeue(self, job_id: uuid.UUID) -> JobView:
        return self.update(job_id, state="queued")

    def requeue_interrupted(self) -> None:
        with Session(self.engine) as session, session.begin():
            session.execute(update(PrintJob).where(PrintJob.state == "printing")
                            .values(state="queued"))
