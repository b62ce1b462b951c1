"""Every field's hint (its placeholder) is read whole on a 1280×800 screen, in each language:
a hint cut to "Chercher une comma…" tells the person at the bench nothing."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame, QWidget

from cpdesk.hardware.simulator import SimulatedScale
from cpdesk.ui.hardware.demo_scale import dock_demo_scale

from .desk import Desk

pytestmark = pytest.mark.gui


def placeholder_room(edit: QLineEdit) -> tuple[int, int]:
    """(pixels the placeholder needs, pixels QLineEdit gives it): the contents rectangle less
    the text margins and the 2 px QLineEdit keeps on each side (qlineedit.cpp)."""
    edit.ensurePolished()
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    contents = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    room = contents.width() - margins.left() - margins.right() - 4
    return edit.fontMetrics().horizontalAdvance(edit.placeholderText()), room


def cut_placeholders(top: QWidget) -> list[str]:
    cut = []
    for edit in top.findChildren(QLineEdit):
        if edit.isVisible() and edit.placeholderText():
            needed, room = placeholder_room(edit)
            if needed > room:
                cut.append(f"{edit.placeholderText()!r} needs {needed} px, has {room}")
    return cut


def test_the_measure_finds_a_cut_placeholder(qtbot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    edit = QLineEdit(holder)
    edit.resize(200, 44)
    holder.show()
    edit.setPlaceholderText("Chercher une commande ou un client…  (Ctrl+F)")
    assert cut_placeholders(holder)
    edit.setPlaceholderText("Chercher")
    assert not cut_placeholders(holder)


@pytest.fixture(params=["fr", "nl", "de", "en"])
def desk(request, qtbot, demo_dir) -> Iterator[Desk]:
    d = Desk(qtbot, demo_dir)
    d.window.set_language(request.param)
    dock_demo_scale(d.window, SimulatedScale("mt-sics", weight_g=Decimal(0)))
    d.window.setGeometry(QRect(0, 0, 1280, 800))
    qtbot.wait(20)
    yield d
    d.window.set_language("en")
    d.close()


def test_every_placeholder_is_whole_at_1280(desk) -> None:
    w = desk.window
    cut: list[str] = []

    def look(what: str, top: QWidget | None = None) -> None:
        desk.qtbot.wait(10)  # let the layouts settle
        cut.extend(f"{what}: {c}" for c in cut_placeholders(top or w))

    desk.sign_in("2001")
    look("board")
    w.show_counter()
    counter = w.counter
    desk.qtbot.waitUntil(lambda: counter.catalogue is not None, timeout=30_000)
    unit = next(ci for ci in counter.catalogue.by_code.values() if not ci.item.weighed)
    counter.add_product(unit)  # a cart: the payment's fields are shown
    desk.idle()
    look("counter sale")
    counter.tabs.setCurrentWidget(counter.pickup)
    desk.qtbot.waitUntil(lambda: counter.pickup.results.count() > 0, timeout=30_000)
    look("counter pick-up")
    counter.tabs.setCurrentWidget(counter.register)
    desk.idle()
    look("counter register")
    w.show_loading()
    desk.qtbot.waitUntil(lambda: w.loading.plan is not None, timeout=30_000)
    look("loading")
    desk.key(Qt.Key.Key_F9)
    desk.qtbot.waitUntil(w.loading.override.isVisible, timeout=30_000)
    look("departure override")
    assert not cut, "\n".join(cut)
