"""Python's garbage collector, run on the GUI thread only.

The collector runs on whichever thread happens to allocate when a threshold is reached. If
that is a worker thread and the garbage holds Qt objects (a finished task's signal object,
a closed dialog in a reference cycle), Qt objects are destroyed off their thread and the
process can crash (seen here as a segfault "Garbage-collecting" in a pool thread). Anki
does the same for the same reason (aqt's GarbageCollector): automatic collection off,
a timer collects on the GUI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGC(QObject):
    def __init__(self, parent: QObject | None = None, *, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()

    def collect(self) -> None:
        # Only what the automatic collector would have done by now: cheap when idle.
        threshold, _, _ = gc.get_threshold()
        if gc.get_count()[0] > threshold:
            gc.collect()
