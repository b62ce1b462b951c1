"""Run a screen's changes one after the other off the GUI thread (a scan never overtakes
another): the ordered half of the one background mechanism (workers.py).

Measured (bench/bench_packing.py): a scan is 8.8 ms median, 12 ms p95 from the call to the
durable commit and the new order state (ORM load of the order + fsync); above the 5 ms
budget for inline work, and a slow or busy disk makes the fsync much longer. So every
service call runs here, off the GUI thread, one at a time; results come back in order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from .workers import query


class ActionQueue(QObject):
    sig_idle = Signal()
    """Every submitted call has finished and its result was handled."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: deque[tuple[Callable[[], Any], Callable[[Any], None],
                                   Callable[[str], None]]] = deque()
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
        # Owned by the queue, a child of its screen: once the screen is destroyed the
        # result is dropped and the rest of the queue with it.
        query(self, fn, lambda result: self._finish(on_done, result),
              lambda message: self._finish(on_failed, message))

    def _finish(self, handler: Callable[[Any], None], value: Any) -> None:
        try:
            handler(value)
        finally:
            self._running = False
            self._next()
