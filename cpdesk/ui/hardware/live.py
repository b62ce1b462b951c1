"""A device read live in the hardware dialog (the scale's page, the scanners' page).

The reader (a `ScaleReader`, a `SerialScanner`) reads a continuous stream, so it is not a
one-off job for `workers`: it is made on a `QThread` of its own, and its callbacks become the
signals of a `LiveWorker` living on that thread. The page connects them to *bound methods* of
its own: a method of a widget of the GUI thread is queued to that thread, in order; a lambda
would run on the worker's thread and touch widgets from there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QThread, Signal, Slot


class Reader(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...


class LiveWorker(QObject):
    """Owns a reader; lives in a QThread. Its signals reach the page queued."""

    sig_raw = Signal(bytes)
    """Bytes as they came off the port."""
    sig_item = Signal(object)
    """What the reader made of them: a `Reading` (scale), a code (scanner)."""
    sig_status = Signal(str)
    """The reader's status sentence (connected, no answer, disconnected: ...)."""

    def __init__(self, make: Callable[[LiveWorker], Reader]) -> None:
        super().__init__()
        self._make = make
        self.reader: Reader | None = None

    @Slot()
    def start(self) -> None:
        self.reader = self._make(self)  # on the worker's thread: the reader's own thread next
        self.reader.start()

    @Slot()
    def stop(self) -> None:
        if self.reader is not None:
            self.reader.stop()
            self.reader = None


class LiveView:
    """One live reader of a page at a time: `start` it, `stop` it (joins its threads)."""

    def __init__(self, owner: QObject) -> None:
        self._owner = owner
        self._thread: QThread | None = None
        self._worker: LiveWorker | None = None

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(self, make: Callable[[LiveWorker], Reader], *, on_raw: Callable[[bytes], Any],
              on_item: Callable[[Any], Any], on_status: Callable[[str], Any]) -> None:
        """Read with the reader `make(worker)` builds; `on_*` must be bound methods of the
        page (see the module's docstring)."""
        self.stop()
        self._thread = QThread(self._owner)
        self._worker = LiveWorker(make)
        self._worker.moveToThread(self._thread)
        self._worker.sig_raw.connect(on_raw)
        self._worker.sig_item.connect(on_item)
        self._worker.sig_status.connect(on_status)
        self._thread.started.connect(self._worker.start)
        self._thread.start()

    def stop(self) -> None:
        worker, thread = self._worker, self._thread
        self._worker = self._thread = None
        if worker is not None:
            worker.stop()  # joins the reader's thread; safe from here
        if thread is not None:
            thread.quit()
            thread.wait(3000)
