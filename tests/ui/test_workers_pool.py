"""A read runs at once, beside long background jobs, never after them (workers.query)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject

from cpdesk.ui.workers import pending, query


def test_a_read_runs_while_three_long_jobs_hold_their_threads(qtbot) -> None:
    """The store's integrity check, a document and the store's opening at once: the
    cashier's read still answers (with one thread per core, on two cores, it waited)."""
    owner = QObject()
    release = threading.Event()
    started = threading.Semaphore(0)

    def long_job() -> None:
        started.release()
        release.wait(60)

    got: list[object] = []
    try:
        for _ in range(3):
            query(owner, long_job, lambda _r: None)
        for _ in range(3):  # all three hold a thread of the pool now
            assert started.acquire(timeout=30)
        query(owner, lambda: "catalogue", got.append)
        qtbot.waitUntil(lambda: got == ["catalogue"], timeout=30_000)
        assert not release.is_set() and pending(owner) == 3  # the long jobs still run
    finally:
        release.set()
    qtbot.waitUntil(lambda: pending(owner) == 0, timeout=30_000)
