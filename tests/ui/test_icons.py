"""The toolbar and the main actions carry icons from resources/icons/, at touch size; the
window and the taskbar show the application's icon."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QToolButton

from cpdesk import resources
from cpdesk.ui.app import qt_app
from cpdesk.ui.icons import app_icon, icon

from .desk import Desk

pytestmark = pytest.mark.gui


def _drawn(qicon, size: int) -> int:
    """How many pixels of the icon at `size` are not transparent (0: nothing drawn)."""
    image = qicon.pixmap(size, size).toImage()
    return sum(1 for x in range(image.width()) for y in range(image.height())
               if image.pixelColor(x, y).alpha() > 0)


def test_every_shipped_icon_draws_something_in_the_text_colour(qapp):
    names = [p.stem for p in resources.root().joinpath("icons").glob("*.svg")]
    assert len(names) >= 10
    for name in names:
        assert _drawn(icon(name), 32) > 40, name  # a line drawing, not an empty square
    image = icon("printer", colour="#ff0000").pixmap(48, 48).toImage()
    opaque = [image.pixelColor(x, y) for x in range(48) for y in range(48)
              if image.pixelColor(x, y).alpha() == 255]
    assert opaque and all(c.red() > 200 and c.green() < 60 and c.blue() < 60 for c in opaque), \
        {c.name() for c in opaque}  # currentColor became the asked colour


def test_the_toolbar_and_the_packing_actions_show_icons_at_touch_size(qtbot, demo_dir):
    desk = Desk(qtbot, demo_dir)
    try:
        w = desk.window
        assert w.screens.iconSize().width() >= 32
        for action in (w.board_action, w.counter_action, w.loading_action, w.hardware_action,
                       w.sync_action):
            assert not action.icon().isNull(), action.text()
            button = w.screens.widgetForAction(action)
            assert isinstance(button, QToolButton), action.text()
            assert button.iconSize().height() >= 32, action.text()
        packing = w.packing
        for name in ("short", "substitute", "new_crate", "close_crate"):
            b = packing.buttons[name]
            assert not b.icon().isNull() and b.iconSize().width() >= 20, name
        assert not packing.take_button.icon().isNull()  # weigh
        assert not w.windowIcon().isNull()
    finally:
        desk.close()


def test_the_application_icon_comes_in_every_size_and_names_its_desktop_file(qapp):
    sizes = sorted(s.width() for s in app_icon().availableSizes())
    assert sizes == [16, 24, 32, 48, 64, 128, 256]
    assert qt_app() is qapp
    assert not QGuiApplication.windowIcon().isNull()
    assert QGuiApplication.desktopFileName() == "cpdesk"
    assert resources.desktop_file().name == f"{QGuiApplication.desktopFileName()}.desktop"
