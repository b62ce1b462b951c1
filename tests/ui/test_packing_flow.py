"""The packing station driven through its real widgets (offscreen), scans as key bursts."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk.documents.formatting import eur
from cpdesk.domain.packing import LineState
from cpdesk.store import models as m
from cpdesk.store.queries import PackState

from ..documents.conftest import pdf_text
from ..packing.conftest import add_line, gs1_weight, to_pack_order
from .desk import open_window

pytestmark = pytest.mark.gui


class Station:
    def __init__(self, qtbot, demo_dir: Path) -> None:
        self.qtbot = qtbot
        self.ctx, self.devices, self.sounds, self.window = open_window(qtbot, demo_dir)
        self.packing = self.window.packing
        self._stamp = 1_000_000

    def idle(self) -> None:
        self.qtbot.waitUntil(lambda: not (self.packing.queue.busy or self.window.queue.busy),
                             timeout=30_000)

    def burst(self, text: str, widget=None) -> None:
        """Type like a wedge scanner: key events 8 ms apart (by their timestamps), then Enter."""
        target = widget or self.window.stack.currentWidget()
        self._stamp += 10_000
        for ch in text:
            self._key(target, Qt.Key(ord(ch.upper())) if ch.isalnum() else Qt.Key.Key_unknown, ch)
        self._key(target, Qt.Key.Key_Return, "\r")
        self.idle()

    def _key(self, target, key, text: str) -> None:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            self._stamp += 4
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            event.setTimestamp(self._stamp)
            QApplication.sendEvent(target, event)

    def key(self, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(self.packing.tree, key, modifier)
        self.idle()

    def press(self, widget, text: str) -> None:
        """A person pressing a key (held back briefly in case a scan is starting)."""
        QTest.keyClick(widget, text)
        self.qtbot.wait(120)
        self.idle()

    def sign_in(self, pin: str = "1001") -> None:
        for digit in pin:
            self.window.sign_in.buttons[digit].click()
        self.window.sign_in.ok_button.click()
        self.idle()

    def open(self, number: str) -> None:
        self.burst(number)
        assert self.window.stack.currentWidget() is self.packing
        assert self.packing.state is not None and self.packing.state.number == number

    def line(self, line_id):
        return self.packing.state.line(line_id)

    def barcode(self, product_id) -> str | None:
        with Session(self.ctx.engine) as s:
            return s.scalar(select(m.Barcode.code).where(m.Barcode.product_id == product_id))

    def close(self) -> None:
        self.window.close()
        self.ctx.engine.dispose()


@pytest.fixture
def station(qtbot, demo_dir) -> Iterator[Station]:
    st = Station(qtbot, demo_dir)
    yield st
    st.close()


@pytest.fixture
def number(station) -> str:
    return to_pack_order(station.ctx.engine)


def _coded_unit_line(st: Station):
    for ln in st.packing.state.lines:
        if not ln.weighed and not ln.resolved and st.barcode(ln.product_id):
            return ln
    raise AssertionError("no unit line with a barcode")


def test_sign_in_with_a_pin_then_open_an_order_by_scanning_its_slip(station, number):
    assert station.window.stack.currentWidget() is station.window.sign_in
    station.burst("0000")  # a PIN typed fast arrives as a burst: refused
    assert station.window.staff is None and station.sounds.played[-1] == "refused"
    station.sign_in("1001")
    assert station.window.staff is not None and station.window.staff.name == "Hugo Lambert"
    assert station.window.stack.currentWidget() is station.window.board
    station.open(number)
    assert station.packing.title.text().startswith(number)


def test_scanning_products_ticks_lines_and_refuses_strangers_with_a_reason(station, number):
    station.sign_in()
    station.open(number)
    line = _coded_unit_line(station)
    station.burst(station.barcode(line.product_id))
    assert station.line(line.id).progress.packed_units == 1
    assert station.sounds.played[-1] == "accepted"
    assert station.packing.message.text().startswith("✓")
    with Session(station.ctx.engine) as s:
        in_order = [ln.product_id for ln in station.packing.state.lines]
        stranger = s.scalars(select(m.Barcode.code).where(m.Barcode.kind == "ean13",
                                                          m.Barcode.product_id.not_in(in_order))).first()
    station.burst(stranger)
    assert station.sounds.played[-1] == "refused"
    assert "not in this order" in station.packing.message.text()
    assert station.line(line.id).progress.packed_units == 1


def test_weighing_takes_only_stable_readings_and_out_of_tolerance_needs_a_supervisor(
        station, number):
    station.sign_in()
    station.open(number)
    kg = [ln for ln in station.packing.state.lines if ln.weighed]
    first, second = kg[0], kg[1]
    station.packing._select(first.id)
    ordered_g = int(first.quantity * 1000)
    station.devices.put_weight(ordered_g, stable=False)
    shown = f"{ordered_g // 1000},{ordered_g % 1000:03d}\u00a0kg"  # no-break space before kg
    assert station.packing.weight_label.text() == shown
    station.key(Qt.Key.Key_Space)
    assert station.sounds.played[-1] == "refused"
    assert station.line(first.id).progress.packed_weight_g == 0
    station.devices.put_weight(ordered_g + 5, stable=True)
    station.key(Qt.Key.Key_Space)
    assert station.line(first.id).state is LineState.PACKED
    assert station.line(first.id).progress.packed_weight_g == ordered_g + 5
    # far too heavy: the supervisor decides
    station.packing._select(second.id)
    heavy = int(second.quantity * 1000 * (1 + Decimal(second.tolerance_pct + 15) / 100))
    station.devices.put_weight(heavy, stable=True)
    station.key(Qt.Key.Key_Space)
    assert station.line(second.id).state is LineState.OUT_OF_TOLERANCE
    assert station.packing.panels.isVisible()
    over = heavy - int(second.quantity * 1000)
    shown = f"+{over:,}\u00a0g".replace(",", ".")  # en_BE groups digits with a dot
    assert shown in station.packing.choice.question.text()  # the unit held to its number
    station.press(station.packing.choice, "1")  # supervisor accepts
    assert station.packing.panels.currentWidget() is station.packing.supervisor_pad
    for digit in "1002":  # a packer's PIN is not a supervisor's
        station.packing.supervisor_pad.buttons[digit].click()
    station.packing.supervisor_pad.ok_button.click()
    station.idle()
    assert station.packing.panels.isVisible()
    assert station.line(second.id).state is LineState.OUT_OF_TOLERANCE
    station.burst("9001", station.packing.supervisor_pad)  # typed fast on the pad
    assert station.line(second.id).state is LineState.PACKED
    assert not station.packing.panels.isVisible()


def test_a_gs1_weight_barcode_needs_no_scale(station, number):
    order_id = station.window.service.find_order(number)
    line_id, gtin14 = add_line(station.ctx.engine, order_id, barcode_kind="gtin14",
                               quantity="0.5")
    station.sign_in()
    station.open(number)
    station.burst(gs1_weight(gtin14, 507))
    assert station.line(line_id).progress.packed_weight_g == 507
    assert station.line(line_id).state is LineState.PACKED
    assert station.devices.last_weight is None  # the scale was never used


def test_closing_a_crate_prints_its_label(station, number):
    station.sign_in()
    station.open(number)
    line = _coded_unit_line(station)
    station.burst(station.barcode(line.product_id))
    crate = station.packing.state.current_crate(line.zone)
    station.packing._select(line.id)
    station.key(Qt.Key.Key_F7)
    assert [c.status for c in station.packing.state.crates if c.id == crate.id] == ["closed"]
    job = station.devices.printed[-1]
    assert job.printer == "labels" and job.kind == "zpl"
    assert b"^XA" in job.payload and crate.code.encode() in job.payload


def test_short_a_line_with_a_reason_then_undo(station, number):
    station.sign_in()
    station.open(number)
    line = station.packing.state.lines[0]
    station.packing._select(line.id)
    station.key(Qt.Key.Key_F3)
    assert station.packing.panels.currentWidget() is station.packing.choice
    station.press(station.packing.choice, "2")  # damaged
    assert station.line(line.id).state is LineState.SHORT
    assert station.line(line.id).progress.reason == "damaged"
    station.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert station.line(line.id).state is LineState.TO_PACK
    assert station.packing.message.text()


def test_f3_and_f4_on_a_line_packed_in_full_are_refused_in_words_without_a_question(
        station, number):
    station.sign_in()
    station.open(number)
    line = next(ln for ln in station.packing.state.lines if not ln.weighed)
    station.packing._select(line.id)
    for _ in range(int(line.quantity)):
        station.key(Qt.Key.Key_F2)
    assert station.line(line.id).state is LineState.PACKED
    for key in (Qt.Key.Key_F3, Qt.Key.Key_F4):
        station.sounds.played.clear()
        station.key(key)
        assert not station.packing.panels.isVisible()  # no reason asked for
        assert station.sounds.played == ["refused"]
        assert station.packing.message.text() == (
            "✗ This line is already packed in full: take an item out first (F8)")
        assert station.packing.message.property("ok") == "no"
        assert station.line(line.id).state is LineState.PACKED
    station.key(Qt.Key.Key_F8)  # one item out: now something is missing
    station.key(Qt.Key.Key_F3)
    assert station.packing.panels.currentWidget() is station.packing.choice
    assert station.packing.panels.isVisible()


def _pack_everything(st: Station) -> None:
    for ln in st.packing.state.lines:
        st.packing._select(ln.id)
        if ln.weighed:
            st.devices.put_weight(0, stable=False)
            st.devices.put_weight(int(ln.quantity * 1000), stable=True)
            st.key(Qt.Key.Key_Space)
        else:
            for _ in range(int(ln.quantity)):
                st.key(Qt.Key.Key_F2)


def test_packing_every_line_packs_the_order_prints_labels_and_updates_the_board(station, number):
    station.sign_in()
    station.open(number)
    with station.qtbot.waitSignal(station.packing.sig_order_packed, timeout=30_000):
        _pack_everything(station)
    station.idle()
    state = station.packing.state
    assert state.packed and all(c.status == "closed" for c in state.crates)
    labels = [j for j in station.devices.printed if j.title.endswith(tuple(
        c.code for c in state.crates))]
    assert len(labels) == len([c for c in state.crates if c.items])
    assert all(j.title.startswith(f"crate-label {number} ") for j in labels)
    note = [j for j in station.devices.printed if j.title == f"delivery-note {number}"]
    assert len(note) == 1 and (note[0].printer, note[0].kind) == ("documents", "pdf")
    text = " ".join(pdf_text(note[0].payload).split())  # Babel's no-break spaces folded
    assert number in text and " ".join(eur(state.total_cents, "fr").split()) in text
    with station.qtbot.waitSignal(station.window.board.sig_loaded, timeout=30_000):
        station.key(Qt.Key.Key_Escape)
    packed = {o.number: o.pack_state for r in station.window.board.model.rounds for o in r.orders}
    assert packed[number] == PackState.PACKED


def test_a_restart_shows_the_exact_same_state(qtbot, demo_dir):
    first = Station(qtbot, demo_dir)
    number = to_pack_order(first.ctx.engine)
    first.sign_in()
    first.open(number)
    line = _coded_unit_line(first)
    first.burst(first.barcode(line.product_id))
    kg = next(ln for ln in first.packing.state.lines if ln.weighed)
    first.packing._select(kg.id)
    first.devices.put_weight(321, stable=True)
    first.key(Qt.Key.Key_Space)
    before = first.packing.state
    first.close()  # quit mid-order

    second = Station(qtbot, demo_dir)
    second.sign_in("1002")
    second.open(number)
    after = second.packing.state
    assert after.lines == before.lines
    assert [(c.code, c.status, c.items) for c in after.crates] == \
        [(c.code, c.status, c.items) for c in before.crates]
    second.close()


def test_slow_typing_is_not_a_scan_and_reaches_the_search_field(station):
    station.sign_in()
    search = station.window.board.search
    search.setFocus()
    for ch in "Her":
        QTest.keyClick(search, ch)
        station.qtbot.wait(80)
    station.qtbot.waitUntil(lambda: search.text() == "Her", timeout=30_000)


def test_the_language_switches_at_runtime(station, number):
    station.sign_in()
    station.open(number)
    station.window.set_language("fr")
    try:
        assert station.packing.take_button.text() == "Prendre le poids (Espace)"
        assert station.window.switch_button.text() == "Changer d'utilisateur (F12)"
        station.window.set_language("nl")
        assert station.packing.take_button.text() == "Gewicht nemen (Spatie)"
    finally:
        station.window.set_language("en")
    assert station.packing.take_button.text() == "Take weight (Space)"


def test_french_typography_no_break_spaces_before_colons_and_between_numbers_and_units(
        station, number):
    """A French screen: "Rôti de bœuf : 0,260 kg", "(+312 g, toléré ±25 g)" and "±5 %" never
    break where a French reader would not (no-break spaces), and numbers take a comma."""
    nb = "\u00a0"
    station.sign_in()
    station.open(number)
    station.window.set_language("fr")
    try:
        line = _coded_unit_line(station)
        station.burst(station.barcode(line.product_id))
        assert station.packing.message.text() == (
            f"✓ {line.product}{nb}: 1/{int(line.quantity)}")
        assert f"</b>{nb}: " in station.packing.crates_label.text()  # "Ambiant : CR… ouverte"
        kg = next(ln for ln in station.packing.state.lines if ln.weighed and not ln.resolved)
        station.packing._select(kg.id)
        target = station.packing.target_label.text()
        assert target.startswith(f"{kg.product}{nb}: commandé ")
        assert f"±{kg.tolerance_pct}{nb}%, préparé" in target
        ordered_g = int(kg.quantity * 1000)
        heavy = ordered_g * 2
        station.devices.put_weight(heavy, stable=True)
        station.key(Qt.Key.Key_Space)
        question = station.packing.choice.question.text()
        check = station.line(kg.id).progress.tolerance
        def fr(n: int) -> str:  # French digit groups: a narrow no-break space
            return f"{n:,}".replace(",", "\u202f")
        assert f"(+{fr(heavy - ordered_g)}{nb}g, toléré ±{fr(check.allowed_g)}{nb}g)." \
            in question
        assert question.startswith(f"{kg.product}{nb}: commandé ")
        assert " g" not in question  # every gram sign is held to its number
    finally:
        station.window.set_language("en")


def test_the_message_on_screen_follows_a_language_switch(station, number):
    """What the packer was just told is said again in the language switched to: the README's
    Dutch screenshot kept the French line of the scan before the switch."""
    station.sign_in()
    station.open(number)
    line = _coded_unit_line(station)
    station.burst(station.barcode(line.product_id))
    packed = f"1/{int(line.quantity)}"
    assert station.packing.message.text() == f"✓ {line.product}: {packed}"
    try:
        station.window.set_language("fr")
        assert station.packing.message.text() == f"✓ {line.product}\u00a0: {packed}"
        station.packing.selected = None  # no line chosen: F3 says so
        station.key(Qt.Key.Key_F3)
        assert station.packing.message.text() == "Choisissez d'abord une ligne"
        station.window.set_language("nl")
        assert station.packing.message.text() == "Kies eerst een lijn"
    finally:
        station.window.set_language("en")
    assert station.packing.message.text() == "Select a line first"


def test_scanning_a_crate_code_on_the_board_opens_its_order(station):
    station.sign_in()
    with Session(station.ctx.engine) as s:
        crate = s.scalars(select(m.Crate).order_by(m.Crate.code)).first()
        number = s.get(m.Order, crate.order_id).number
    station.burst(crate.code)
    assert station.window.stack.currentWidget() is station.packing
    assert station.packing.state.number == number


def test_a_product_on_two_lines_asks_which_line(station, number):
    station.sign_in()
    station.open(number)
    line = _coded_unit_line(station)
    order_id = station.packing.state.order_id
    twin, code = add_line(station.ctx.engine, order_id, product_id=line.product_id)
    station.open(number)  # reopen: the order now has the twin line
    station.burst(code)
    assert station.packing.panels.currentWidget() is station.packing.choice
    assert len(station.packing.choice.buttons) == 2
    station.press(station.packing.choice, "2")
    assert station.line(twin).progress.packed_units == 1
    assert station.line(line.id).progress.packed_units == 0


def test_auto_take_of_a_stable_weight_per_depot_setting(station, number):
    station.window.service.settings["auto_take_stable"] = True
    order_id = station.window.service.find_order(number)
    line_id, gtin14 = add_line(station.ctx.engine, order_id, barcode_kind="gtin14",
                               quantity="0.5")
    station.sign_in()
    station.open(number)
    station.burst(gtin14)  # a per-kg product scanned without its weight: the scale is needed
    assert station.packing.weigh_line == line_id
    station.devices.put_weight(480, stable=False)
    station.idle()
    assert station.line(line_id).progress.packed_weight_g == 0
    station.devices.put_weight(495, stable=True)
    station.idle()
    assert station.line(line_id).progress.packed_weight_g == 495
    station.devices.put_weight(495, stable=True)  # the same reading again is not a new item
    station.idle()
    assert station.line(line_id).progress.packed_weight_g == 495


def test_a_manual_weight_needs_a_supervisor_pin(station, number):
    station.sign_in()
    station.open(number)
    kg = next(ln for ln in station.packing.state.lines if ln.weighed)
    station.packing._select(kg.id)
    station.key(Qt.Key.Key_F10)
    assert station.packing.panels.currentWidget() is station.packing.supervisor_pad
    station.burst("9002", station.packing.supervisor_pad)
    assert station.packing.panels.currentWidget() is station.packing.manual_panel
    station.packing.manual_panel.grams.setValue(int(kg.quantity * 1000))
    station.packing.manual_panel.ok.click()
    station.idle()
    assert station.line(kg.id).state is LineState.PACKED
    with Session(station.ctx.engine) as s:
        row = s.scalars(select(m.AuditLog).where(m.AuditLog.action == "manual_weight")).one()
        assert row.detail["weight_g"] == int(kg.quantity * 1000)


def test_take_out_and_move_an_item_between_crates(station, number):
    station.sign_in()
    station.open(number)
    line = _coded_unit_line(station)
    station.burst(station.barcode(line.product_id))
    first = station.packing.state.current_crate(line.zone)
    station.packing._select(line.id)
    station.key(Qt.Key.Key_F9)  # nowhere to move yet
    assert station.sounds.played[-1] == "refused"
    station.key(Qt.Key.Key_F6)  # new crate of the line's zone
    second = station.packing.state.current_crate(line.zone)
    assert second.id != first.id
    station.key(Qt.Key.Key_F9)
    assert [i.crate_id for i in station.packing.state.items] == [second.id]
    station.key(Qt.Key.Key_F8)
    assert station.packing.state.items == ()
    assert station.line(line.id).progress.packed_units == 0


def test_the_board_filters_by_round_zone_and_state(station):
    board = station.window.board
    rounds = board.model.rounds
    board.round_box.setCurrentIndex(board.round_box.findData(rounds[0].code))
    proxy = board.proxy
    assert proxy.rowCount() == 1
    assert proxy.rowCount(proxy.index(0, 0)) == len(rounds[0].orders)
    board.round_box.setCurrentIndex(0)
    board.zone_box.setCurrentIndex(board.zone_box.findData("frozen"))
    shown = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    frozen = [o for r in rounds for o in r.orders if "frozen" in o.zones]
    assert sum(proxy.rowCount(proxy.index(r, 0)) for r in range(len(shown))) == len(frozen)
    board.zone_box.setCurrentIndex(0)
    board.state_box.setCurrentIndex(board.state_box.findData(PackState.PACKED))
    packed = [o for r in rounds for o in r.orders if o.pack_state == PackState.PACKED]
    assert sum(proxy.rowCount(proxy.index(r, 0)) for r in range(proxy.rowCount())) == len(packed)


def test_crate_weighing_and_not_saved_messages_follow_a_language_switch(station, number):
    """The crate closed, the item moved, the weighing refusals and "Not saved: …" (its
    reason too) are said again in the language switched to, like the scans' lines."""
    from cpdesk.errors import CpdeskError
    from cpdesk.ui.refusals import refusal_text

    station.sign_in()
    try:
        station.window.set_language("fr")
        station.open(number)
        line = _coded_unit_line(station)
        station.burst(station.barcode(line.product_id))
        crate = station.packing.state.current_crate(line.zone)
        station.packing._select(line.id)
        station.key(Qt.Key.Key_F7)
        assert station.packing.message.text() == (
            f"Caisse {crate.code} fermée\u00a0: étiquette imprimée")
        station.window.set_language("de")
        assert station.packing.message.text() == \
            f"Kiste {crate.code} geschlossen: Etikett gedruckt"

        station.window.set_language("fr")
        station.packing.selected = station.packing.weigh_line = None
        station.packing.take_weight()  # Space with no per-kg line: a weighing refusal
        assert station.packing.message.text() == \
            "Choisissez ou scannez d'abord un produit vendu au kilo"
        station.window.set_language("de")
        assert station.packing.message.text() == \
            "Zuerst ein Produkt wählen oder scannen, das nach kg verkauft wird"

        refusal = CpdeskError(code="packing.line_packed")

        def refuse(*_args, **_kwargs):
            raise refusal

        station.window.set_language("fr")
        french_reason = refusal_text(refusal)
        station.packing._select(line.id)
        station.packing.service.open_crate = refuse  # the store refuses the new crate
        station.key(Qt.Key.Key_F6)
        assert station.packing.message.text() == f"Non enregistré\u00a0: {french_reason}"
        station.window.set_language("de")
        german_reason = refusal_text(refusal)
        assert german_reason != french_reason
        assert station.packing.message.text() == f"Nicht gespeichert: {german_reason}"
    finally:
        station.window.set_language("en")
