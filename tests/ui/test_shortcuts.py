"""Every documented key on every screen, after switching the language while running (a
button's setText() once replaced its shortcut with the text's mnemonic: F9 died)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk.store import models as m

from ..packing.conftest import to_pack_order
from .desk import Desk

pytestmark = pytest.mark.gui
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
K = Qt.Key


@pytest.fixture(params=["fr", "nl", "de", "en"])
def desk(request, qtbot, demo_dir) -> Iterator[Desk]:
    d = Desk(qtbot, demo_dir)
    d.window.set_language("de" if request.param != "de" else "nl")
    d.window.set_language(request.param)  # switched at run time, after the screens were built
    assert d.window.translations.language == request.param
    yield d
    d.window.set_language("en")
    d.close()


def test_every_documented_key_on_every_screen(desk) -> None:
    w, qtbot = desk.window, desk.qtbot
    desk.sign_in()
    assert w.stack.currentWidget() is w.board

    # -- the window: screens, find, refresh, days, switch user ------------------------
    with qtbot.waitSignal(w.loading.sig_plan_loaded, timeout=30_000):
        desk.key(K.Key_3, CTRL)
    assert w.stack.currentWidget() is w.loading
    desk.key(K.Key_F9)  # Mark departed: refused (crates missing), the override asks why
    qtbot.waitUntil(w.loading.override.isVisible, timeout=30_000)
    w.loading.cancel.click()
    day = w.loading.day
    with qtbot.waitSignal(w.loading.sig_plan_loaded, timeout=30_000):
        desk.key(K.Key_Right, ALT)
    assert w.loading.day == day + dt.timedelta(days=1)
    with qtbot.waitSignal(w.loading.sig_plan_loaded, timeout=30_000):
        desk.key(K.Key_Left, ALT)
    assert w.loading.day == day

    desk.key(K.Key_2, CTRL)
    assert w.stack.currentWidget() is w.counter
    pickup = w.counter.pickup
    qtbot.waitUntil(lambda: w.counter.catalogue is not None, timeout=30_000)
    w.counter.tabs.setCurrentWidget(pickup)
    pickup.search.setFocus()
    day = pickup.day
    with qtbot.waitSignal(pickup.sig_day_listed, timeout=30_000):
        desk.key(K.Key_Right, ALT)
    assert pickup.day == day + dt.timedelta(days=1)
    with qtbot.waitSignal(pickup.sig_day_listed, timeout=30_000):
        desk.key(K.Key_Left, ALT)
    assert pickup.day == day
    # the register: Enter in the float opens it, Enter in the receipt number looks it up
    register = w.counter.register
    w.counter.tabs.setCurrentWidget(register)
    desk.idle()
    register.cash_edit.setFocus()
    register.cash_edit.setText("100")
    desk.key(K.Key_Return)
    qtbot.waitUntil(lambda: register.is_open, timeout=30_000)
    with Session(desk.ctx.engine) as s:
        receipt_no = s.scalar(select(m.Sale.receipt_no).where(m.Sale.kind == "sale")
                              .order_by(m.Sale.receipt_no))
    register.receipt_edit.setFocus()
    register.receipt_edit.setText(str(receipt_no))
    desk.key(K.Key_Return)
    qtbot.waitUntil(lambda: register.refund_table.rowCount() > 0, timeout=30_000)

    with qtbot.waitSignal(w.board.sig_loaded, timeout=30_000):
        desk.key(K.Key_1, CTRL)
    assert w.stack.currentWidget() is w.board
    desk.key(K.Key_F, CTRL)
    assert w.board.search.hasFocus()
    with qtbot.waitSignal(w.board.sig_loaded, timeout=30_000):
        desk.key(K.Key_F5)
    day = w.board.day
    with qtbot.waitSignal(w.board.sig_loaded, timeout=30_000):
        desk.key(K.Key_Right, ALT)
    assert w.board.day == day + dt.timedelta(days=1)
    with qtbot.waitSignal(w.board.sig_loaded, timeout=30_000):
        desk.key(K.Key_Left, ALT)
    assert w.board.day == day
    desk.key(K.Key_F12)
    assert w.stack.currentWidget() is w.sign_in
    desk.sign_in()
    assert w.stack.currentWidget() is w.board

    # -- the packing station ------------------------------------------------------------
    packing = w.packing
    desk.scan(to_pack_order(desk.ctx.engine), focus=w.board.view)
    assert w.stack.currentWidget() is packing
    with Session(desk.ctx.engine) as s:
        coded = set(s.scalars(select(m.Barcode.product_id)))
    unit = next(ln for ln in packing.state.lines
                if not ln.weighed and not ln.resolved and ln.product_id in coded)
    packing._select(unit.id)
    packing.tree.setFocus()
    desk.key(K.Key_F2)  # +1 piece
    assert packing.state.line(unit.id).progress.packed_units == 1
    crates = len(packing.state.crates)
    desk.key(K.Key_F6)  # new crate
    assert len(packing.state.crates) == crates + 1
    newest = packing.state.current_crate(unit.zone)
    desk.key(K.Key_F9)  # move the item into the new crate
    assert [i.crate_id for i in packing.state.items if i.line_id == unit.id] == [newest.id]
    desk.key(K.Key_F8)  # take it out
    assert packing.state.line(unit.id).progress.packed_units == 0
    desk.key(K.Key_Z, CTRL)  # undo the take-out
    assert packing.state.line(unit.id).progress.packed_units == 1
    printed = len(desk.devices.printed)
    desk.key(K.Key_F7)  # close the crate: its label prints
    assert len(desk.devices.printed) == printed + 1
    for key in (K.Key_F3, K.Key_F4):  # short / substitute ask for a reason
        desk.key(key)
        assert packing.panels.isVisible() and packing.panels.currentWidget() is packing.choice
        desk.key(K.Key_Escape)
        assert not packing.panels.isVisible()
    kg = next(ln for ln in packing.state.lines if ln.weighed and not ln.resolved)
    packing._select(kg.id)
    packing.tree.setFocus()
    desk.key(K.Key_F10)  # manual weight: a supervisor's PIN first
    assert packing.panels.currentWidget() is packing.supervisor_pad and packing.panels.isVisible()
    desk.key(K.Key_Escape)
    assert not packing.panels.isVisible()
    desk.devices.put_weight(int(kg.quantity * 1000), stable=True)
    desk.key(K.Key_Space)  # take the weight
    assert packing.state.line(kg.id).progress.packed_weight_g == int(kg.quantity * 1000)
    with qtbot.waitSignal(w.board.sig_loaded, timeout=30_000):
        desk.key(K.Key_Escape)  # back to the board
    assert w.stack.currentWidget() is w.board
