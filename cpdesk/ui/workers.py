"""Run blocking work off the GUI thread; results come back to the GUI thread by signal."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from cpdesk.errors import CpdeskError, StoreProblem

from .failures import failure_text


class _Signals(QObject):
    sig_done = Signal(object)
    """The function's return value."""
    sig_failed = Signal(str)
    """The exception in words for the user: a store problem or a typed refusal in the
    user's language (`failures.failure_text`), anything unexpected with its type."""


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:  # runs on a pool thread: never touch a widget here
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 - reported to the GUI, not swallowed
            if not isinstance(exc, CpdeskError) or isinstance(exc, StoreProblem):
                traceback.print_exc()
            # Worded here (Qt's translate is thread-safe).
            self.signals.sig_failed.emit(failure_text(exc))
        else:
            self.signals.sig_done.emit(result)


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[str], None] | None = None,
    *,
    pool: QThreadPool | None = None,
) -> _Task:
    """Run `fn` on the thread pool; `on_done(result)` or `on_failed(message)` on the GUI thread."""
    task = _Task(fn)
    task.setAutoDelete(False)  # the caller may keep it to connect more slots
    task.signals.sig_done.connect(on_done)
    if on_failed is not None:
        task.signals.sig_failed.connect(on_failed)
    (pool or QThreadPool.globalInstance()).start(task)
    return task
