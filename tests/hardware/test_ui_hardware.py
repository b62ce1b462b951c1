"""The Qt pieces: the wedge-scanner event filter and the hardware settings dialog (offscreen)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from cpdesk.ui.hardware.settings import HardwareSettingsDialog
from cpdesk.ui.i18n import grams_text
from cpdesk.ui.scan_input import ScanBurstFilter
from cpdesk.ui.workers import pending

pytestmark = pytest.mark.gui


def press(widget, text: str) -> None:
    """One key press as a QKeyEvent (keyClicks aborts on non-ASCII text, HARDWARE.md)."""
    key = Qt.Key.Key_Return if text == "\r" else Qt.Key.Key_unknown
    event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier,
                      "" if text == "\r" else text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def scanner(qtbot):
    f = ScanBurstFilter()
    f.install()
    yield f
    f.uninstall()


def test_fast_burst_is_a_scan_even_with_a_text_field_focused(qtbot, scanner) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    with qtbot.waitSignal(scanner.sig_scanned, timeout=30_000) as blocker:
        for ch in "5400141007121\r":
            press(edit, ch)
    assert blocker.args == ["5400141007121"]
    assert len(edit.text()) <= 2  # the burst's keys are kept from the field


def test_azerty_signs_pass_through_the_scan_unchanged(qtbot, scanner) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    with qtbot.waitSignal(scanner.sig_scanned, timeout=30_000) as blocker:
        for ch in "('àà&'&ààè&é&\r":
            press(edit, ch)
    from cpdesk.hardware.barcodes import parse_barcode

    assert parse_barcode(blocker.args[0]).lookup_code == "5400141007121"


def test_human_typing_reaches_the_field_and_is_no_scan(qtbot, scanner) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    scans: list[str] = []
    scanner.sig_scanned.connect(scans.append)
    for ch in "1234":
        press(edit, ch)
        qtbot.wait(80)
    press(edit, "\r")
    qtbot.waitUntil(lambda: edit.text() == "1234", timeout=30_000)
    assert scans == []


@pytest.mark.serial
def test_dialog_shows_raw_bytes_and_readings_from_a_simulated_scale(qtbot, sim_factory) -> None:
    sim = sim_factory("cas", weight_g=Decimal(1234))
    url = sim.serve_tcp()
    dialog = HardwareSettingsDialog()
    qtbot.addWidget(dialog)
    dialog.port.setEditText(url)
    dialog.protocol.setCurrentText("cas")
    assert dialog.parity.currentText() == "N" and dialog.baud.value() == 9600
    try:
        with qtbot.waitSignal(dialog.sig_reading, timeout=30_000) as got:
            dialog.start_button.click()
        assert got.args[0].weight_g == Decimal(1234)
        shown = grams_text(got.args[0].weight_g)  # the screen's number format ("1 234,00 g")
        qtbot.waitUntil(lambda: shown in dialog.reading.text(), timeout=30_000)
        assert "ST,GS" in dialog.raw.toPlainText()
        assert dialog.status.text() == "ready"  # the driver's "connected", in the user's words
        dialog.start_button.click()
        assert dialog.status.text() == "stopped"
    finally:
        dialog.stop_scale()  # a failed check leaves no reader thread running


def test_dialog_prints_a_test_page(qtbot, fake_printer) -> None:
    dialog = HardwareSettingsDialog()
    qtbot.addWidget(dialog)
    dialog.printer_kind.setCurrentText("zpl")  # which printer, then its URL
    dialog.printer_url.setText(fake_printer.url)
    dialog.print_button.click()
    assert pending(dialog) == 1  # through the app's one way off the GUI thread
    qtbot.waitUntil(lambda: dialog.print_result.text().startswith("printed"), timeout=30_000)
    assert pending(dialog) == 0
    fake_printer.mode = "out"
    dialog.print_button.click()
    qtbot.waitUntil(lambda: dialog.print_result.text().startswith("failed"), timeout=30_000)
    assert dialog.print_result.text() == "failed: out of paper"  # the driver's state, worded


@pytest.mark.serial
def test_the_scanners_live_view_shows_bytes_and_codes_from_a_pty(qtbot, pty_pair) -> None:
    """A serial scanner's live view: the bytes as they come off the port and each code read
    from them, with what the desk makes of it; choosing another scanner stops it."""
    import serial

    from cpdesk.station import ScannerSettings, StationConfig

    dialog = HardwareSettingsDialog(station=StationConfig(scanners=[
        ScannerSettings(kind="serial", port=str(pty_pair.b)),
        ScannerSettings(kind="serial", port="/dev/ttyACM7")]))
    qtbot.addWidget(dialog)
    page = dialog.scanners_page
    assert page.list.currentRow() == 0 and page.port.currentText() == str(pty_pair.b)
    try:
        page.start_button.click()
        assert page.live
        qtbot.waitUntil(lambda: page.status.text() == "ready", timeout=30_000)
        with serial.Serial(str(pty_pair.a)) as device, qtbot.waitSignal(page.sig_code,
                                                                         timeout=30_000) as read:
            device.write(b"]E05400141007121\r\n")
        assert read.args == ["]E05400141007121"]
        lines = page.codes.toPlainText().splitlines()
        assert lines == ["]E05400141007121   →   product barcode 5400141007121 (symbology ]E0)"]
        # the bytes in hex, in the pieces they came in
        pieces = [ln.partition("   ")[0] for ln in page.raw.toPlainText().splitlines()]
        assert " ".join(pieces) == b"]E05400141007121\r\n".hex(" ")
        with serial.Serial(str(pty_pair.a)) as device, qtbot.waitSignal(page.sig_code,
                                                                         timeout=30_000):
            device.write(b"5400141007128\r")  # a misread
        assert page.codes.toPlainText().splitlines()[-1].endswith("scan it again")
        page.list.setCurrentRow(1)  # another scanner: the live view of the first one stops
        assert not page.live and page.status.text() == "stopped"
        assert page.port.currentText() == "/dev/ttyACM7"
    finally:
        page.stop_live()  # a failed check leaves no reader running
