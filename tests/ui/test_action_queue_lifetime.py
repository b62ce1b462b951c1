"""A result that arrives after its screen was destroyed is dropped, never handed to dead widgets."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from cpdesk.ui.action_queue import ActionQueue
from cpdesk.ui.workers import pending


def test_a_result_after_the_owner_is_destroyed_is_dropped(qtbot) -> None:
    owner = QLabel("screen")
    queue = ActionQueue(owner)
    release = threading.Event()
    ran = threading.Event()
    handled: list[object] = []

    def work() -> str:
        ran.set()
        release.wait(5)
        return "done"

    def show(result: object) -> None:
        owner.setText(str(result))  # raises RuntimeError once the label is gone
        handled.append(result)

    queue.submit(work, show, handled.append)
    qtbot.waitUntil(ran.is_set, timeout=30_000)
    shiboken6.delete(owner)  # the window closes while the call still runs
    assert not shiboken6.isValid(queue)
    release.set()
    # the outcome reached this thread and was dropped (a fixed wait passed without it when
    # the machine was busy, proving nothing)
    qtbot.waitUntil(lambda: pending(queue) == 0, timeout=30_000)
    assert handled == []


def test_results_still_reach_a_living_owner(qtbot) -> None:
    owner = QObject()
    queue = ActionQueue(owner)
    handled: list[object] = []
    queue.submit(lambda: 41 + 1, handled.append, handled.append)
    qtbot.waitUntil(lambda: handled == [42], timeout=30_000)
