"""Run service calls one after the other off the GUI thread (a scan never overtakes another).

Measured (bench/bench_packing.py): a scan is 8.8 ms median, 12 ms p95 from the call to the
durable commit and the new order state (ORM load of the order + fsync); above the 5 ms
budget for inline work, and a slow or busy disk makes the fsync much longer. So every
service call runs here, off the GUI thread, one at a time; results come back in order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from .workers import run_in_background


class ActionQueue(QObject):
    sig_idle = Signal()
    """Every submitted call has finished and its result was handled."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: deque[tuple[Callable[[], Any], Callable[[Any], None],
                                   Callable[[str], None]]] = deque()
        self._task: Any = None
        self._running = False

    @property
    def busy(self) -> bool:
        return self._running or bool(self._pending)

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
               on_failed: Callable[[str], None]) -> None:
        self._pending.append((fn, on_done, on_failed))
        self._next()

    def _next(self) -> None:
        if self._running:
            return
        if not self._pending:
            self.sig_idle.emit()
            return
        fn, on_done, on_failed = self._pending.popleft()
        self._running = True

        def done(result: Any) -> None:
            self._finish(on_done, result)

        def failed(message: str) -> None:
            self._finish(on_failed, message)

        self._task = run_in_background(fn, done, failed)

    def _finish(self, handler: Callable[[Any], None], value: Any) -> None:
        if not shiboken6.isValid(self):
            # The screen that owns this queue was destroyed while the call ran (a window
            # closed, a test torn down): the work is done and committed; nobody is left to
            # show its result, and its widgets must not be touched.
            return
        try:
            handler(value)
        finally:
            self._running = False
            self._next()
