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
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer

_pauses = 0
_pause_lock = threading.Lock()


@contextmanager
def long_lived_objects() -> Iterator[None]:
    """Around work that makes many objects that live as long as the app (the store's modules,
    SQLAlchemy and its mapping, imported on a worker thread after the first frame): the GUI
    thread's collections wait for its end, then what it made is frozen out of the collector's
    sight (`gc.freeze()`), as start-up's objects are; otherwise the next collection on the
    GUI thread scanned the ~80,000 objects of the ORM (~150 ms)."""
    global _pauses
    with _pause_lock:
        _pauses += 1
    try:
        yield
    finally:
        gc.freeze()
        with _pause_lock:
            _pauses -= 1


class MainThreadGC(QObject):
    def __init__(self, parent: QObject | None = None, *, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect)
        self._was_enabled = True  # automatic collection before `start()`

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        """No more collections here; automatic collection as it was before `start()`."""
        self.timer.stop()
        if self._was_enabled:
            gc.enable()

    def collect(self) -> None:
        if _pauses:  # long-lived objects being made (`long_lived_objects`)
            return
        # Only what the automatic collector would have done by now: the youngest objects
        # most of the time, an older generation when its own threshold is passed too (as
        # CPython decides). A full `gc.collect()` at every tick scanned every object the
        # process holds, holding the GIL all along: a read on the thread pool (the counter's
        # catalogue) waited seconds for it.
        threshold = gc.get_threshold()
        count = gc.get_count()
        if count[0] <= threshold[0]:
            return
        gc.collect(max(g for g in range(3) if g == 0 or count[g] > threshold[g]))
