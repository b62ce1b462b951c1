"""The sync worker as the screens see it: a Qt signal carrying its status.

The worker (cpdesk/sync/worker.py) runs on its own thread and calls back on that thread;
the bridge re-emits the status as a signal, which Qt queues to the GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from cpdesk import clock
from cpdesk.formats import NBSP

if TYPE_CHECKING:  # the worker's modules (SQLAlchemy) are imported after the first frame
    from cpdesk.sync.worker import SyncStatus, SyncWorker


class SyncBridge(QObject):
    sig_status = Signal(object)
    """A `SyncStatus` whenever the worker's state changes."""

    def __init__(self, worker: SyncWorker | None, *, problem: str = "",
                 pending: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker: SyncWorker | None = None
        self.problem = ""
        self.pending = pending  # the worker is made later (after the desk's first frame)
        if not pending:
            self.attach(worker, problem=problem)

    def attach(self, worker: SyncWorker | None, *, problem: str = "") -> None:
        """The worker made after the first frame, or why there is none (`problem`)."""
        self.worker, self.problem, self.pending = worker, problem, False
        if worker is not None:
            worker.on_status = self.sig_status.emit

    def start(self) -> None:
        if self.worker is not None:
            self.worker.start()
            self.sig_status.emit(self.worker.status())

    def request(self) -> None:
        if self.worker is not None:
            self.worker.request_sync()

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()

    def describe(self, status: SyncStatus | None) -> str:
        if self.pending:
            return QCoreApplication.translate("Sync", "starting…")
        if self.worker is None:
            return QCoreApplication.translate("Sync", "not configured: {0}").format(self.problem)
        if status is None or status.online is None:
            return QCoreApplication.translate("Sync", "starting…")
        parts = []
        if status.syncing:
            parts.append(QCoreApplication.translate("Sync", "syncing…"))
        elif status.online:
            parts.append(QCoreApplication.translate("Sync", "online"))
        else:
            parts.append(QCoreApplication.translate("Sync", "offline"))
        if status.last_success_at is not None:
            parts.append(QCoreApplication.translate("Sync", "last {0}").format(
                clock.hms(status.last_success_at)))
        parts.append(QCoreApplication.translate("Sync", "{0} waiting").format(status.waiting))
        if status.rejected:
            parts.append(QCoreApplication.translate("Sync", "{0} refused by the centre").format(
                status.rejected))
        report = status.last_report
        if report is not None and report.held_back:
            # Committed at the centre, not handed out yet: a transaction there began before
            # them and is still open. Said, so that a long wait is noticed and explained.
            if report.held_for_s is None:
                parts.append(QCoreApplication.translate(
                    "Sync", "held back at the centre: {0}").format(report.held_back))
            else:
                parts.append(QCoreApplication.translate(
                    "Sync", "held back at the centre for {1}: {0}").format(
                    report.held_back, held_for(report.held_for_s)))
        return " · ".join(parts)


def held_for(seconds: float) -> str:
    """A wait as people read it: 42 s, 12 min, 3 h 05 (units are the same in fr/nl/de)."""
    s = int(seconds)  # never broken between a number and its unit: no-break spaces
    if s < 120:
        return f"{s}{NBSP}s"
    if s < 3600:
        return f"{s // 60}{NBSP}min"
    return f"{s // 3600}{NBSP}h{NBSP}{s % 3600 // 60:02d}"
