"""A PIN prompt or the payment panel on screen follows a language switch: its title, its
message (a refusal said before the switch), its buttons and placeholders are worded anew in the
new language, and its keys still work."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from cpdesk.ui.counter.payment import PaymentPanel
from cpdesk.ui.i18n import Translations, money_text
from cpdesk.ui.packing.supervisor import SupervisorCheck
from cpdesk.ui.pin_pad import PinPad

from ..ts_files import translated
from .conftest import open_register
from .desk import open_window

pytestmark = pytest.mark.gui


@pytest.fixture
def translations(qapp):
    t = Translations()
    yield t
    t.set_language("en")


def test_the_sign_in_pad_follows_a_switch_with_its_message(qtbot, demo_dir) -> None:
    _ctx, _devices, _sounds, window = open_window(qtbot, demo_dir)
    try:
        window.set_language("en")
        pad = window.sign_in
        window.switch_packer()
        for digit in "0000":
            pad.buttons[digit].click()
        pad.ok_button.click()
        qtbot.waitUntil(lambda: not window.queue.busy and bool(pad.message.text()),
                        timeout=30_000)
        assert pad.message.text() == "Unknown PIN"
        assert pad.title.text() == "Sign in: enter your PIN"
        window.set_language("fr")
        assert pad.message.text() == translated("fr", "Unknown PIN", "MainWindow")
        assert pad.title.text() == translated("fr", "Sign in: enter your PIN", "MainWindow")
        assert pad.ok_button.text() == translated("fr", "OK (Enter)", "PinPad")
        # the pad's keys still work after the switch: Backspace, Enter
        for digit in "90017":
            pad.buttons[digit].click()
        with qtbot.waitSignal(pad.sig_pin, timeout=5_000) as typed:
            qtbot.keyClick(pad, Qt.Key.Key_Backspace)
            qtbot.keyClick(pad, Qt.Key.Key_Return)
        assert typed.args == ["9001"]
        qtbot.waitUntil(lambda: window.staff is not None, timeout=30_000)
    finally:
        window.set_language("en")


def test_the_supervisor_pad_follows_a_switch_with_its_message(qtbot, translations) -> None:
    translations.set_language("fr")
    pad = PinPad()
    qtbot.addWidget(pad)
    host = SimpleNamespace(close_panel=lambda: None, show_panel=lambda w: w.show(),
                           run=lambda fn, done: done(None),
                           sounds=SimpleNamespace(refused=lambda: None))
    check = SupervisorCheck(host, pad)  # type: ignore[arg-type]
    pad.set_title(lambda: pad.tr("Enter your PIN"))
    check.ask(lambda _sup: None)
    assert check.handle_scan("CR0123456789")
    assert pad.message.text() == translated("fr", "Enter the PIN on the pad", "SupervisorCheck")
    translations.set_language("nl")
    assert pad.message.text() == translated("nl", "Enter the PIN on the pad", "SupervisorCheck")
    assert pad.title.text() == translated("nl", "Enter your PIN", "PinPad")
    pad.sig_pin.emit("1234")  # not a supervisor's (the fake host finds nobody)
    assert pad.message.text() == translated("nl", "Not a supervisor PIN", "SupervisorCheck")
    translations.set_language("en")
    assert pad.message.text() == "Not a supervisor PIN"
    assert pad.cancel_button.text() == "Cancel (Esc)"
    # Esc still cancels, the message goes, and stays gone on the next switch
    with qtbot.waitSignal(pad.sig_cancelled, timeout=5_000):
        qtbot.keyClick(pad, Qt.Key.Key_Escape)
    translations.set_language("fr")
    assert pad.message.text() == ""


def test_the_counter_pin_prompt_follows_a_switch(qtbot, counter, translations) -> None:
    translations.set_language("en")
    open_register(qtbot, counter)
    unit = next(ci for code, ci in counter.catalogue.by_code.items()
                if not ci.item.weighed and len(code) == 13)
    counter.devices.scan(unit.barcodes[0])
    counter.discount_edit.setText("50%")
    counter.cart_discount_button.click()
    panel = counter.pin_panel
    assert not panel.isHidden()
    english = panel.prompt.text()
    assert english.endswith(": a supervisor's PIN is needed")
    assert panel.cancel_button.text() == "Cancel"
    translations.set_language("fr")
    french = translated("fr", "{0}: a supervisor's PIN is needed", "CounterPins")
    said = panel.prompt.text()
    assert said.endswith(french.split("{0}")[1]) and said != english
    assert english.split(":")[0] not in said  # the refusal is worded anew too
    assert panel.cancel_button.text() == translated("fr", "Cancel", "PinPanel")
    # Enter in the PIN field still takes the PIN
    panel.pin.setText("9001")
    with qtbot.waitSignal(counter.sig_cart_changed, timeout=30_000):
        qtbot.keyClick(panel.pin, Qt.Key.Key_Return)
    assert counter.cart.discount is not None

    counter.pins.own_sign_in = True
    counter.pins.ask_sign_in()
    assert panel.prompt.text() == translated("fr", "Your PIN to serve at the counter",
                                             "CounterPins")
    translations.set_language("de")
    assert panel.prompt.text() == translated("de", "Your PIN to serve at the counter",
                                             "CounterPins")


def test_the_payment_list_follows_a_switch(qtbot, translations) -> None:
    translations.set_language("en")
    panel = PaymentPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_total(1000)
    panel.amount.setText("3")
    panel.pay_cash()
    panel.reference.setText("A1")
    panel.amount.setText("2")
    panel.pay_card()
    three, two, five = (money_text(c) for c in (300, 200, 500))
    assert panel.paid_list.text() == f"cash {three} · card {two}"
    assert panel.remaining.text() == f"Left to pay: {five}"
    translations.set_language("fr")
    cash, card = (translated("fr", w, "PaymentPanel") for w in ("cash", "card"))
    assert panel.paid_list.text() == f"{cash} {three} · {card} {two}"
    assert panel.remaining.text() == translated(
        "fr", "Left to pay: {0}", "PaymentPanel").format(five)
    assert panel.cash_button.text() == translated("fr", "Cash", "PaymentPanel")
    assert panel.amount.placeholderText() == translated(
        "fr", "Amount (empty: all that is left)", "PaymentPanel")


def test_the_pickup_order_list_follows_a_switch(qtbot, counter, translations) -> None:
    translations.set_language("en")
    panel = counter.pickup
    with qtbot.waitSignal(panel.sig_day_listed, timeout=30_000):
        panel.list_day()
    assert panel.results.count() > 0
    panel.results.setCurrentRow(0)
    english = [panel.results.item(i).text() for i in range(panel.results.count())]
    assert any(text.endswith(" · to hand over") for text in english)
    translations.set_language("fr")
    french = [panel.results.item(i).text() for i in range(panel.results.count())]
    words = translated("fr", "to hand over", "PickupPanel")
    assert [t.split(" · ")[0].split("\n")[0] for t in french] == \
        [t.split(" · ")[0].split("\n")[0] for t in english]  # the same orders, in order
    assert any(text.endswith(f" · {words}") for text in french)
    assert not any(text.endswith(" · to hand over") for text in french)
    assert panel.results.currentRow() == 0
