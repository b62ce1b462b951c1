"""The counter inside the desk window, by keyboard: the person signed in serves (no second
PIN), Enter acts in the amount and receipt fields, refund boxes are not clipped, and an order
of a later day is not handed over without a word."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QSpinBox
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpdesk.store import models as m

from ..conftest import DEMO_TODAY
from .desk import Desk

pytestmark = pytest.mark.gui


@pytest.fixture
def desk(qtbot, demo_dir) -> Iterator[Desk]:
    d = Desk(qtbot, demo_dir)
    yield d
    d.close()


def _open_register(desk: Desk) -> None:
    register = desk.window.counter.register
    desk.window.counter.tabs.setCurrentWidget(register)  # the tab reads the register
    desk.idle()
    assert not register.is_open
    register.cash_edit.setFocus()
    register.cash_edit.setText("100,00")
    QTest.keyClick(register.cash_edit, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: register.is_open, timeout=30_000)


def test_the_person_signed_in_serves_and_enter_acts_in_the_fields(desk) -> None:
    desk.sign_in("2001")
    window, counter = desk.window, desk.window.counter
    desk.key(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is counter
    assert counter.cashier is not None and counter.cashier.id == window.staff.id
    assert counter.who.text() == window.staff.name
    assert window.staff_label.text() == f"Signed in: {window.staff.name}"
    assert counter.pin_panel.isHidden()
    desk.qtbot.waitUntil(lambda: counter.catalogue is not None, timeout=30_000)
    _open_register(desk)

    register = counter.register
    with Session(desk.ctx.engine) as s:
        receipt_no = s.scalar(select(func.max(m.Sale.receipt_no)).where(m.Sale.kind == "sale"))
    assert receipt_no, "the demo has counter sales"
    register.receipt_edit.setFocus()
    register.receipt_edit.setText(str(receipt_no))
    QTest.keyClick(register.receipt_edit, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: register.refund_table.rowCount() > 0, timeout=30_000)
    table = register.refund_table
    for row in range(table.rowCount()):
        spin = table.cellWidget(row, 3)
        assert isinstance(spin, QSpinBox)
        assert table.rowHeight(row) >= spin.sizeHint().height()  # the box is not clipped
        assert spin.height() >= spin.minimumSizeHint().height()
        assert table.columnWidth(3) >= spin.sizeHint().width()

    desk.key(Qt.Key.Key_F12)  # someone else takes over the counter
    assert window.stack.currentWidget() is window.sign_in
    desk.sign_in("2002")
    assert window.stack.currentWidget() is counter
    assert counter.cashier.id == window.staff.id and counter.who.text() == window.staff.name


def test_an_order_of_a_later_day_is_handed_over_only_when_confirmed(qtbot, demo_dir) -> None:
    desk = Desk(qtbot, demo_dir, today=DEMO_TODAY - dt.timedelta(days=1))
    try:
        desk.sign_in("2001")
        counter = desk.window.counter
        desk.window.show_counter()
        desk.qtbot.waitUntil(lambda: counter.catalogue is not None, timeout=30_000)
        _open_register(desk)
        with Session(desk.ctx.engine) as s:
            number = s.scalars(
                select(m.Order.number).join(m.Crate, m.Crate.order_id == m.Order.id)
                .where(m.Order.delivery_date == DEMO_TODAY, m.Order.status == "open")
                .order_by(m.Order.number)).first()
        info = counter.service.pickup_info(number)
        pickup = counter.pickup
        for code in info.crates:
            desk.scan(code, focus=pickup.search)
        desk.qtbot.waitUntil(lambda: pickup.info is not None and not pickup.missing,
                             timeout=30_000)
        later = DEMO_TODAY.strftime("%d/%m/%Y")
        assert f"{number} is for {later}, not today" in counter.message.text()
        if info.balance_cents:
            pickup.payment.reference.setText("P12345")
            pickup.payment.card_button.click()
        pickup.hand_over_button.click()
        assert "Press again" in counter.message.text()
        with Session(desk.ctx.engine) as s:
            assert s.scalar(select(m.Order.status).where(m.Order.number == number)) == "open"
        with desk.qtbot.waitSignal(pickup.sig_done, timeout=30_000):
            pickup.hand_over_button.click()
        with Session(desk.ctx.engine) as s:
            assert s.scalar(select(m.Order.status).where(m.Order.number == number)) == "delivered"
    finally:
        desk.close()


def test_the_later_day_warning_is_in_the_screen_language(qtbot, demo_dir) -> None:
    desk = Desk(qtbot, demo_dir, today=DEMO_TODAY - dt.timedelta(days=1))
    try:
        desk.window.set_language("nl")
        desk.sign_in("2001")
        desk.window.show_counter()
        counter = desk.window.counter
        with Session(desk.ctx.engine) as s:
            number = s.scalars(select(m.Order.number)
                               .where(m.Order.delivery_date == DEMO_TODAY)).first()
        with desk.qtbot.waitSignal(counter.pickup.sig_loaded, timeout=30_000):
            desk.scan(number, focus=counter.pickup.search)
        assert f"Bestelling {number} is voor" in counter.message.text()
    finally:
        desk.window.set_language("en")
        desk.close()


def test_refusals_and_what_was_done_are_coloured_as_at_packing(desk) -> None:
    """The counter's message line: a refusal in the packing screen's refusal colours, a sale
    recorded in its success colours (they once shared one brown)."""
    from PySide6.QtGui import QPalette

    def colours(label) -> tuple[str, str]:
        label.ensurePolished()
        palette = label.palette()
        return (palette.color(QPalette.ColorRole.WindowText).name(),
                palette.color(QPalette.ColorRole.Window).name())

    desk.sign_in("2001")
    window, counter = desk.window, desk.window.counter
    desk.key(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    desk.qtbot.waitUntil(lambda: counter.catalogue is not None, timeout=30_000)
    _open_register(desk)
    counter.tabs.setCurrentIndex(0)
    packing = window.packing
    packing.say("refused", ok=False)
    refused = colours(packing.message)
    packing.say("done", ok=True)
    done = colours(packing.message)
    assert refused != done

    window.on_scan("2000000000008")  # no such product
    assert counter.message.text() and counter.message.property("ok") == "no"
    assert colours(counter.message) == refused
    unit = next(ci for code, ci in counter.catalogue.by_code.items()
                if not ci.item.weighed and len(code) == 13)
    window.on_scan(unit.barcodes[0])
    assert counter.message.text() == "" and counter.message.property("ok") == ""
    with desk.qtbot.waitSignal(counter.sig_sale_done, timeout=30_000):
        counter.payment.cash_button.click()
    assert counter.message.text().startswith("Receipt ")
    assert counter.message.property("ok") == "yes"
    assert colours(counter.message) == done
