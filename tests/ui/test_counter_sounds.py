"""The counter sounds its scans as the packing screen does: the good sound when a scan did
something (a product added, an order or crate found), the bad one when it was refused; and
its message line is said again in the language switched to."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from cpdesk.errors import CpdeskError
from cpdesk.store import models as m
from cpdesk.store.db import transaction
from cpdesk.ui.refusals import refusal_text

from ..conftest import DEMO_TODAY
from ..packing.conftest import scale_ean
from .desk import Desk

pytestmark = pytest.mark.gui


@pytest.fixture
def desk(qtbot, demo_dir) -> Iterator[Desk]:
    d = Desk(qtbot, demo_dir)
    d.sign_in("2001")
    d.key(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    counter = d.window.counter
    d.qtbot.waitUntil(lambda: counter.catalogue is not None, timeout=30_000)
    d.idle()
    yield d
    d.window.set_language("en")
    d.close()


def _heard(desk: Desk, code: str, wait=None) -> list[str]:
    """The sounds a scan made at the counter (waiting for `wait`, a signal, when given)."""
    before = len(desk.sounds.played)
    if wait is None:
        desk.window.on_scan(code)
    else:
        with desk.qtbot.waitSignal(wait, timeout=30_000):
            desk.window.on_scan(code)
    desk.idle()
    return desk.sounds.played[before:]


def _unit(counter):
    return next(ci for code, ci in counter.catalogue.by_code.items()
                if not ci.item.weighed and len(code) == 13)


def _order_of_today_with_crates(engine) -> str:
    with transaction(engine) as s:
        number = s.execute(
            select(m.Order.number).join(m.Crate, m.Crate.order_id == m.Order.id)
            .where(m.Order.status == "open", m.Order.delivery_date == DEMO_TODAY)
            .group_by(m.Order.number).having(func.count(m.Crate.id) >= 2)).scalars().first()
    assert number, "the demo has an open order of today with crates"
    return number


def test_the_sale_tab_sounds_good_and_bad_scans(desk) -> None:
    counter = desk.window.counter
    assert counter.sounds is desk.sounds  # the window's sounds, as the packing screen's
    assert _heard(desk, "2000000000008") == ["refused"]  # no such product
    assert counter.message.text() == "Unknown code 2000000000008"
    assert _heard(desk, "x?z") == ["refused"]  # a misread
    assert _heard(desk, scale_ean("2099999", 250)) == ["refused"]  # a weight label, no product
    assert counter.message.text().startswith("Unknown code ")
    unit = _unit(counter)
    assert _heard(desk, unit.barcodes[0]) == ["accepted"]
    assert len(counter.cart.lines) == 1 and counter.message.text() == ""
    # A part paid: the cart is locked, and a scan refused for it sounds so.
    counter.payment.amount.setText("0,05")
    counter.payment.cash_button.click()
    assert counter.payment.checkout.payments
    assert _heard(desk, unit.barcodes[0]) == ["refused"]
    assert "payment was taken" in counter.message.text() and len(counter.cart.lines) == 1


def test_the_pickup_tab_sounds_order_slips_and_crates(desk) -> None:
    counter = desk.window.counter
    panel = counter.pickup
    number = _order_of_today_with_crates(desk.ctx.engine)
    info = counter.service.pickup_info(number)
    assert _heard(desk, info.crates[0], panel.sig_loaded) == ["accepted"]  # its order found
    assert counter.tabs.currentWidget() is panel and panel.info.number == number
    assert _heard(desk, info.crates[1], panel.sig_crate_checked) == ["accepted"]
    other = "CR0000000000"
    assert _heard(desk, other, panel.sig_crate_checked) == ["refused"]  # not of this order
    assert counter.message.text() == f"Crate {other} is not of order {number}"
    assert _heard(desk, _unit(counter).barcodes[0]) == ["refused"]  # no product here
    assert counter.message.text() == "Scan a crate or an order slip here"
    assert _heard(desk, number, panel.sig_loaded) == ["accepted"]  # the order slip


def test_the_message_line_follows_a_language_switch(desk) -> None:
    """What the cashier was just told is said again in the language switched to: a scan's
    refusal, a pick-up's, and a refusal worded when the store refused (a crate not found)."""
    counter, window = desk.window.counter, desk.window
    window.set_language("fr")
    _heard(desk, "2000000000008")
    assert counter.message.text() == "Code inconnu 2000000000008"
    window.set_language("de")
    assert counter.message.text() == "Unbekannter Code 2000000000008"

    window.set_language("fr")
    number = _order_of_today_with_crates(desk.ctx.engine)
    info = counter.service.pickup_info(number)
    _heard(desk, info.crates[0], counter.pickup.sig_loaded)
    _heard(desk, "CR0000000000", counter.pickup.sig_crate_checked)
    assert counter.message.text() == f"La caisse CR0000000000 n'est pas de la commande {number}"
    window.set_language("de")
    assert counter.message.text() == f"Kiste CR0000000000 gehört nicht zu Bestellung {number}"

    window.set_language("fr")
    counter.pickup.info = None  # nothing on screen: the crate's order is looked for
    refusal = CpdeskError(code="crate.not_found", crate="CR0000000000")
    french = refusal_text(refusal)
    assert _heard(desk, "CR0000000000") == ["refused"]
    assert counter.message.text() == french
    window.set_language("de")
    assert refusal_text(refusal) != french
    assert counter.message.text() == refusal_text(refusal)
