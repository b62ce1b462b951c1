"""The window with the devices of a station file: an absent scale is said in words (which,
what, since when) and never stops the app; a serial scanner's reads reach the screen shown;
the hardware settings dialog saves the station file and the change applies at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from cpdesk import station as station_file
from cpdesk.hardware.simulator import SimulatedScale
from cpdesk.station import (
    LabelPrinterSettings,
    ReceiptPrinterSettings,
    ScaleSettings,
    ScannerSettings,
    StationConfig,
)
from cpdesk.ui.app import DeskConfig, build_desk
from cpdesk.ui.hardware.hub import StationDevices
from cpdesk.ui.hardware.settings import HardwareSettingsDialog

from ..conftest import DEMO_TODAY
from ..hardware.conftest import socat  # noqa: F401 - the fixture
from ..packing.conftest import to_pack_order

pytestmark = pytest.mark.gui


@pytest.fixture
def make_desk(qtbot, demo_dir: Path, tmp_path: Path):
    made = []

    def make(station: StationConfig):
        station.path = tmp_path / "station.toml"
        config = DeskConfig.for_station(demo_dir, "HES", station.path)
        config.station, config.today, config.sync_interval_s = station, DEMO_TODAY, 3600
        desk = build_desk(config)
        qtbot.addWidget(desk.window)
        made.append(desk)
        desk.start()
        return desk

    yield make
    for desk in made:
        desk.close()
        desk.ctx.engine.dispose()


def test_an_absent_scale_is_said_in_french_with_since_when(qtbot, make_desk, tmp_path) -> None:
    missing = tmp_path / "ttyUSB9"
    desk = make_desk(StationConfig(scale=ScaleSettings(port=str(missing))))
    window = desk.window
    desk.translations.set_language("fr")
    qtbot.waitUntil(lambda: "depuis" in window.device_label.text(), timeout=30_000)
    text = window.device_label.text()
    # a no-break space before the colon, as French is written
    assert text.startswith("Balance\u00a0: absent ou débranché") and str(missing) in text
    assert "absent ou débranché" in window.board.dashboard.scale_label.text()
    window.set_language("en")


def test_an_absent_serial_scanner_is_said_in_the_status_bar(qtbot, make_desk, tmp_path) -> None:
    """A serial scanner unplugged (no scale to make the status bar speak): said in words."""
    missing = tmp_path / "ttyACM9"
    desk = make_desk(StationConfig(scanners=[ScannerSettings(kind="serial", port=str(missing))]))
    window = desk.window
    desk.translations.set_language("fr")
    qtbot.waitUntil(lambda: "Scanner 0" in window.device_label.text(), timeout=30_000)
    text = window.device_label.text()
    assert "absent ou débranché" in text and str(missing) in text and "depuis" in text
    window.set_language("en")


@pytest.mark.usefixtures("socat")
def test_a_serial_scanner_opens_the_order_it_reads(qtbot, make_desk, tmp_path) -> None:
    from cpdesk.hardware.ptypair import PtyPair

    pair = PtyPair(tmp_path, "scanner")
    pair.start()
    try:
        desk = make_desk(StationConfig(scanners=[ScannerSettings(kind="serial",
                                                                 port=str(pair.b))]))
        assert isinstance(desk.devices, StationDevices) and desk.devices.scanners
        qtbot.waitUntil(lambda: desk.devices.device_states.get("scanner 0", ("",))[0]
                        == "connected", timeout=30_000)
        window = desk.window
        for digit in "1001":
            window.sign_in.buttons[digit].click()
        window.sign_in.ok_button.click()
        qtbot.waitUntil(lambda: window.staff is not None, timeout=30_000)
        number = to_pack_order(desk.ctx.engine)
        with open(pair.a, "wb", buffering=0) as device:  # the scanner sends its read + CR LF
            device.write(number.encode() + b"\r\n")
        qtbot.waitUntil(lambda: window.packing.state is not None
                        and window.packing.state.number == number, timeout=30_000)
        assert window.stack.currentWidget() is window.packing
    finally:
        pair.stop()


def test_the_hardware_dialog_saves_the_station_file_and_the_scale_starts(
        qtbot, make_desk, tmp_path) -> None:
    sim = SimulatedScale("mt-sics", weight_g=1234)
    url = sim.serve_tcp()
    try:
        desk = make_desk(StationConfig())
        window = desk.window
        assert desk.devices.scale is None
        seen: list[HardwareSettingsDialog] = []

        def fill_and_save() -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, HardwareSettingsDialog)
            seen.append(dialog)
            dialog.port.setCurrentText(url)
            dialog.protocol.setCurrentText("mt-sics")
            dialog.legal.setChecked(True)
            dialog.a4.setText(str(tmp_path / "pdfs"))
            dialog.printer_kind.setCurrentText("escpos")
            dialog.printer_url.setText("tcp://127.0.0.1:9")
            dialog.receipt_width.setCurrentText("58")
            dialog.cash_drawer.setChecked(True)
            dialog.save_button.click()
            dialog.accept()

        QTimer.singleShot(200, fill_and_save)
        window.show_hardware_settings()
        assert seen and "station.toml" in seen[0].saved.text()
        saved = station_file.load(tmp_path / "station.toml")
        assert saved.scale is not None and saved.scale.port == url and saved.legal_for_trade
        assert saved.a4_printer is not None and saved.a4_printer.folder.endswith("pdfs")
        receipt = saved.receipt_printer
        assert receipt is not None and (receipt.url, receipt.width, receipt.cash_drawer) == (
            "tcp://127.0.0.1:9", 58, True)
        assert desk.devices.receipt_width_mm == 58 and desk.devices.cash_drawer
        # applied without a restart: the app's reader reads the new scale
        assert desk.devices.scale is not None
        qtbot.waitUntil(lambda: (w := desk.devices.stable_weight()) is not None
                        and w.weight_g == 1234, timeout=30_000)
        assert desk.devices.legal_for_trade
    finally:
        sim.stop()


def test_the_dialog_keeps_each_printers_url_when_another_is_shown(qtbot, tmp_path) -> None:
    """A station with a receipt and a label printer: the dialog shows one at a time; switching
    shows the other's URL (not the first one's, which saving would have given to both)."""
    station = StationConfig(receipt_printer=ReceiptPrinterSettings(url="tcp://10.0.0.5:9100"),
                            label_printer=LabelPrinterSettings(url="tcp://10.0.0.6:9100"),
                            path=tmp_path / "station.toml")
    dialog = HardwareSettingsDialog(station=station)
    qtbot.addWidget(dialog)
    assert (dialog.printer_kind.currentText(), dialog.printer_url.text()) == (
        "zpl", "tcp://10.0.0.6:9100")
    dialog.printer_kind.setCurrentText("escpos")
    assert dialog.printer_url.text() == "tcp://10.0.0.5:9100"
    dialog.printer_url.setText("tcp://10.0.0.7:9100")  # the receipt printer moved
    dialog.printer_kind.setCurrentText("zpl")
    assert dialog.printer_url.text() == "tcp://10.0.0.6:9100"
    dialog.save_button.click()
    saved = station_file.load(tmp_path / "station.toml")
    assert saved.receipt_printer is not None and saved.label_printer is not None
    assert (saved.receipt_printer.url, saved.label_printer.url) == (
        "tcp://10.0.0.7:9100", "tcp://10.0.0.6:9100")


def _burst(window, text: str) -> None:
    """Key events 4 ms apart (by their timestamps), as a wedge scanner types, then Enter."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    stamp = 5_000_000
    target = window.board.view
    for ch in [*text, "\r"]:
        key = Qt.Key.Key_Return if ch == "\r" else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            stamp += 4
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
            event.setTimestamp(stamp)
            QApplication.sendEvent(target, event)


@pytest.mark.parametrize(("layout", "expected"), [("us-on-azerty", "12345678"),
                                                  ("native", "&é\"'(§è!")])
def test_the_wedge_layout_of_the_station_file_is_used(qtbot, make_desk, layout,
                                                      expected) -> None:
    desk = make_desk(StationConfig(scanners=[ScannerSettings(kind="wedge", layout=layout)]))
    window = desk.window
    assert window.scan_filter.layout == layout
    window.scan_filter.install()
    seen: list[str] = []
    window.scan_filter.sig_scanned.connect(seen.append)
    _burst(window, "&é\"'(§è!")
    assert seen == [expected]


def _other_order(engine, number: str) -> str:
    from sqlalchemy.orm import Session

    from cpdesk.domain.pack_state import PackState
    from cpdesk.store.queries import day_board

    with Session(engine) as s:
        return next(o.number for r in day_board(s, DEMO_TODAY, "HES") for o in r.orders
                    if o.pack_state == PackState.TO_PACK and o.number != number)


def _in_the_dialog(qtbot, window, edit) -> list[HardwareSettingsDialog]:
    """Open the hardware dialog from the window, `edit(dialog)` in it, save and close."""
    seen: list[HardwareSettingsDialog] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, HardwareSettingsDialog)
        seen.append(dialog)
        try:
            edit(dialog)
            dialog.save_button.click()
        finally:
            dialog.accept()

    QTimer.singleShot(200, run)
    window.show_hardware_settings()
    assert seen
    return seen


@pytest.mark.usefixtures("socat")
def test_a_scanner_added_in_the_dialog_reads_at_once_and_removed_stops(
        qtbot, make_desk, tmp_path) -> None:
    """The scanners page: a serial scanner added (its port typed, as the pty is no port that
    `list_ports` knows) and the keyboard layout chosen, saved: the file has them, the scan
    sent on the pty opens the order on the screen shown, without a restart. Removed again:
    its reader stops and what it sends reaches nothing."""
    import threading

    from cpdesk.hardware.ptypair import PtyPair

    pair = PtyPair(tmp_path, "scanner")
    pair.start()
    try:
        desk = make_desk(StationConfig())
        window = desk.window
        assert desk.devices.scanners == {} and window.scan_filter.layout == "auto"
        for digit in "1001":
            window.sign_in.buttons[digit].click()
        window.sign_in.ok_button.click()
        qtbot.waitUntil(lambda: window.staff is not None, timeout=30_000)

        def add(dialog: HardwareSettingsDialog) -> None:
            page = dialog.scanners_page
            dialog.tabs.setCurrentWidget(page)
            page.add_button.click()
            page.port.setCurrentText(str(pair.b))
            page.baud.setValue(19200)
            page.layout_box.setCurrentIndex(page.layout_box.findData("us-on-azerty"))

        saved_text = _in_the_dialog(qtbot, window, add)[0].saved.text()
        assert "station.toml" in saved_text
        saved = station_file.load(tmp_path / "station.toml")
        assert [(s.kind, s.layout, s.port, s.baudrate) for s in saved.scanners] == [
            ("wedge", "us-on-azerty", "", 9600), ("serial", "auto", str(pair.b), 19200)]
        assert window.scan_filter.layout == "us-on-azerty"  # the keyboard's layout applied
        assert list(desk.devices.scanners) == ["scanner 1"]
        qtbot.waitUntil(lambda: desk.devices.device_states.get("scanner 1", ("",))[0]
                        == "connected", timeout=30_000)
        number = to_pack_order(desk.ctx.engine)
        with open(pair.a, "wb", buffering=0) as device:
            device.write(number.encode() + b"\r\n")
        qtbot.waitUntil(lambda: window.packing.state is not None
                        and window.packing.state.number == number, timeout=30_000)
        assert window.stack.currentWidget() is window.packing

        def remove(dialog: HardwareSettingsDialog) -> None:
            page = dialog.scanners_page
            assert page.list.count() == 1 and page.port.currentText() == str(pair.b)
            page.list.setCurrentRow(0)
            page.remove_button.click()
            page.layout_box.setCurrentIndex(page.layout_box.findData("native"))

        _in_the_dialog(qtbot, window, remove)
        saved = station_file.load(tmp_path / "station.toml")
        assert [(s.kind, s.layout) for s in saved.scanners] == [("wedge", "native")]
        assert desk.devices.scanners == {} and window.scan_filter.layout == "native"
        assert not [t for t in threading.enumerate() if t.name == f"scanner {pair.b}"]
        other = _other_order(desk.ctx.engine, number)
        with open(pair.a, "wb", buffering=0) as device:
            device.write(other.encode() + b"\r\n")
        qtbot.wait(600)
        assert window.packing.state is not None and window.packing.state.number == number
    finally:
        pair.stop()
