"""The shell builds its screens from their records (cpdesk.ui.screens), on first use."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from cpdesk.ui.main_window import SCREENS

from .desk import Desk

pytestmark = pytest.mark.gui


class WindowsShown(QObject):
    """Every widget shown as a window of its own while installed."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow()):
            self.shown.append(f"{type(obj).__name__} {obj.objectName()!r}")
        return False


def test_only_the_board_is_built_with_the_window(qtbot, demo_dir) -> None:
    desk = Desk(qtbot, demo_dir)
    try:
        assert set(desk.window._built) == {"board"}
        desk.sign_in()
        assert set(desk.window._built) == {"board"}  # signing in builds nothing
    finally:
        desk.close()


@pytest.mark.parametrize("key", ["counter", "loading", "packing"])
def test_a_screen_built_while_the_desk_runs_keeps_the_keyboard(qtbot, demo_dir, key) -> None:
    """Built at run time, a screen opens no window of its own (a parentless widget made
    visible does) and the desk's window stays active: the scanner's keys still reach it."""
    desk = Desk(qtbot, demo_dir)
    window = desk.window
    try:
        desk.sign_in()
        assert QApplication.activeWindow() is window
        spy = WindowsShown()
        QApplication.instance().installEventFilter(spy)
        try:
            screen = window.screen_for(key)
            window.stack.setCurrentWidget(screen)
            qtbot.wait(50)  # the activation change, if any, is delivered meanwhile
        finally:
            QApplication.instance().removeEventFilter(spy)
        assert spy.shown == []
        assert QApplication.activeWindow() is window
        assert window.screen_for(key) is screen  # built once
    finally:
        desk.close()


def test_a_screen_built_after_the_sign_in_knows_who_is_signed_in(qtbot, demo_dir) -> None:
    desk = Desk(qtbot, demo_dir)
    try:
        desk.sign_in()
        staff = desk.window.staff
        assert staff is not None
        assert desk.window.packing.staff == staff
        assert desk.window.loading.staff_id == staff.id
        assert desk.window.counter.cashier is not None
        assert desk.window.counter.cashier.id == staff.id
    finally:
        desk.close()


def test_each_toolbar_text_names_the_key_that_opens_its_screen() -> None:
    for spec in SCREENS:
        assert (spec.title is None) == (spec.shortcut is None), spec.key
        if spec.title is not None and spec.shortcut is not None:
            hint = re.search(r"\(([^)]+)\)$", spec.title)
            assert hint is not None, spec.title
            assert QKeySequence(hint.group(1)) == QKeySequence(spec.shortcut), spec.key
    assert len({spec.key for spec in SCREENS}) == len(SCREENS)
    shortcuts = [spec.shortcut for spec in SCREENS if spec.shortcut]
    assert len(set(shortcuts)) == len(shortcuts)
