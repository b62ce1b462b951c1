"""Hardware settings, one page per kind of device: the scale (port, protocol, raw bytes and
readings live), the scanners (`scanner_settings.py`: the keyboard ones' layout, the serial
ones, their bytes and codes live), the printers (a test page); saved into the station file.

The live views read through the desk's own readers, each owned by a worker on a thread of its
own (what they read arrives through signals); the test page is printed through the app's one
way off the GUI thread (`workers.query`). While the dialog is open the app's own scale and
scanner readers are paused (one reader per port); when it closes, the saved station file is
applied at once (`StationDevices.apply`), without a restart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cpdesk.errors import CpdeskError
from cpdesk.hardware.printer_kinds import KINDS, raw_kinds
from cpdesk.hardware.scale_service import ScaleReader
from cpdesk.hardware.scales import PROTOCOLS, Reading, get_protocol
from cpdesk.hardware.transport import LineSettings
from cpdesk.station import (
    SECTIONS,
    A4PrinterSettings,
    ScaleSettings,
    StationConfig,
)
from cpdesk.station import save as save_station
from cpdesk.ui.hardware.device_status import state_words
from cpdesk.ui.hardware.live import LiveView, LiveWorker
from cpdesk.ui.hardware.scanner_settings import ScannersPanel, raw_line
from cpdesk.ui.i18n import grams_text
from cpdesk.ui.refusals import refusal_text
from cpdesk.ui.workers import query


def serial_ports() -> list[str]:
    from serial.tools import list_ports

    return [p.device for p in list_ports.comports()]


class HardwareSettingsDialog(QDialog):
    sig_reading = Signal(object)
    """Each reading shown, for whoever wants it (tests, the packing screen preview)."""

    def __init__(self, parent: QWidget | None = None, *, station: StationConfig | None = None,
                 on_saved: Callable[[StationConfig], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hardware"))
        self.station = station
        self.on_saved = on_saved
        self._live = LiveView(self)
        self._printing = False

        ports = serial_ports()
        self.port = QComboBox()
        self.port.setEditable(True)
        self.port.addItems(ports)
        self.protocol = QComboBox()
        self.protocol.addItems([*PROTOCOLS, "regex"])
        self.protocol.currentTextChanged.connect(self._protocol_changed)
        self.request = QLineEdit()
        self.pattern = QLineEdit()
        self.baud = QSpinBox()
        self.baud.setRange(300, 115200)
        self.bytesize = QComboBox()
        self.bytesize.addItems(["8", "7"])
        self.parity = QComboBox()
        self.parity.addItems(["N", "E", "O"])
        self.stopbits = QComboBox()
        self.stopbits.addItems(["1", "2"])
        self.legal = QCheckBox(self.tr("Legal for trade (only stable readings are booked)"))
        self.legal.setChecked(True)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.clicked.connect(self.toggle)
        self.status = QLabel(self.tr("stopped"))
        self.reading = QLabel("—")
        self.raw = QPlainTextEdit()
        self.raw.setReadOnly(True)
        self.raw.setMaximumBlockCount(500)

        scale_form = QFormLayout()
        scale_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # fits 1024 px
        scale_form.addRow(self.tr("Port (URL)"), self.port)
        scale_form.addRow(self.tr("Protocol"), self.protocol)
        scale_form.addRow(self.tr("Request (regex)"), self.request)
        scale_form.addRow(self.tr("Pattern (regex)"), self.pattern)
        line = QHBoxLayout()
        for widget in (self.baud, self.bytesize, self.parity, self.stopbits):
            line.addWidget(widget)
        scale_form.addRow(self.tr("Line"), line)
        scale_form.addRow(self.legal)
        scale_box = QGroupBox(self.tr("Settings"))
        scale_box.setLayout(scale_form)
        # The live view beside the settings: the raw bytes get the column's height.
        live_form = QFormLayout()
        live_form.addRow(self.start_button)
        live_form.addRow(self.tr("Status"), self.status)
        live_form.addRow(self.tr("Reading"), self.reading)
        live = QVBoxLayout()
        live.addLayout(live_form)
        live.addWidget(QLabel(self.tr("Raw bytes")))
        live.addWidget(self.raw, 1)
        live_box = QGroupBox(self.tr("Live view"))
        live_box.setLayout(live)
        scale_left = QVBoxLayout()
        scale_left.addWidget(scale_box)
        scale_left.addStretch(1)
        scale_page = QWidget()
        scale_row = QHBoxLayout(scale_page)
        scale_row.addLayout(scale_left, 1)
        scale_row.addWidget(live_box, 1)

        self.printer_url = QLineEdit()
        self.printer_url.setPlaceholderText("tcp://192.168.1.50:9100, usb://04b8:0e15, ...")
        self.printer_kind = QComboBox()
        self.printer_kind.addItems(raw_kinds())
        # One printer shown at a time: the URL of each kind is kept while another is shown.
        self._urls: dict[str, str] = {}
        self._shown_kind = self.printer_kind.currentText()
        self.printer_kind.currentTextChanged.connect(self._kind_changed)
        self.print_button = QPushButton(self.tr("Print test page"))
        self.print_button.clicked.connect(self.print_test)
        self.print_result = QLabel("")
        self.print_result.setWordWrap(True)  # "printed (paper: near end)" in a narrow column
        printer_form = QFormLayout()
        printer_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # fits 1024 px
        # The language first: it says which of the station's printers the URL below is.
        printer_form.addRow(self.tr("Language"), self.printer_kind)
        printer_form.addRow(self.tr("Printer (URL)"), self.printer_url)
        printer_form.addRow(self.print_button)
        printer_form.addRow(self.tr("Result"), self.print_result)
        # What the station file keeps about each printer besides its URL.
        self.receipt_width = QComboBox()
        self.receipt_width.addItems(["80", "58"])
        self.cash_drawer = QCheckBox(self.tr("Cash drawer on the receipt printer"))
        receipt_row = QHBoxLayout()
        receipt_row.addWidget(self.receipt_width)
        receipt_row.addWidget(self.cash_drawer, 1)
        printer_form.addRow(self.tr("Receipt width (mm)"), receipt_row)
        self.label_dpi = QComboBox()
        self.label_dpi.addItems(["203", "300", "600"])
        self.label_size = QLineEdit("100x150")
        self.label_size.setMaximumWidth(self.label_size.fontMetrics().horizontalAdvance("0") * 14)
        label_row = QHBoxLayout()
        label_row.addWidget(self.label_dpi)
        label_row.addWidget(self.label_size)
        label_row.addStretch(1)
        printer_form.addRow(self.tr("Labels: dpi, size (mm)"), label_row)
        self.a4 = QLineEdit()
        self.a4.setPlaceholderText(self.tr("CUPS queue name, or a folder for the PDFs"))
        printer_form.addRow(self.tr("A4 printer"), self.a4)
        printer_page = QWidget()
        printer_column = QVBoxLayout(printer_page)
        printer_column.addLayout(printer_form)
        printer_column.addStretch(1)

        self.scanners_page = ScannersPanel(ports)

        self.save_button = QPushButton(self.tr("Save to the station file"))
        self.save_button.setObjectName("primary")
        self.save_button.setEnabled(station is not None)
        self.save_button.clicked.connect(self.save)
        self.saved = QLabel("")
        self.saved.setWordWrap(True)

        # One page per kind of device: each gets the dialog's whole width and height, so the
        # dialog fits a 1024×768 screen and the live views have room for their bytes.
        self.tabs = QTabWidget()
        self.tabs.addTab(scale_page, self.tr("Scale"))
        self.tabs.addTab(self.scanners_page, self.tr("Scanners"))
        self.tabs.addTab(printer_page, self.tr("Printers"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.saved, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self._protocol_changed(self.protocol.currentText())
        if station is not None:
            self._fill(station)
        self._size_for(parent)

    def _size_for(self, parent: QWidget | None) -> None:
        """Roomy, within the desk's window (maximised: the screen), else within the screen.
        (Left to Qt, a dialog opens at most 2/3 of the screen: its live views squeezed.)"""
        bound = (parent.window().size() if parent is not None
                 else self.screen().availableGeometry().size())
        hint = self.sizeHint()
        self.resize(min(max(hint.width(), 1100), bound.width() - 40),
                    min(max(hint.height(), 700), bound.height() - 70))

    # --- station file ---------------------------------------------------------------
    def _fill(self, station: StationConfig) -> None:
        sc = station.scale
        if sc is not None:
            self.port.setCurrentText(sc.port)
            self.protocol.setCurrentText(sc.protocol)
            self._protocol_changed(sc.protocol)
            self.request.setText(sc.request)
            self.pattern.setText(sc.pattern)
            if sc.baudrate:
                self.baud.setValue(sc.baudrate)
            if sc.bytesize:
                self.bytesize.setCurrentText(str(sc.bytesize))
            if sc.parity:
                self.parity.setCurrentText(sc.parity)
            if sc.stopbits:
                self.stopbits.setCurrentText(str(sc.stopbits))
            self.legal.setChecked(sc.legal_for_trade)
        if station.receipt_printer is not None:
            self.receipt_width.setCurrentText(str(station.receipt_printer.width))
            self.cash_drawer.setChecked(station.receipt_printer.cash_drawer)
        if station.label_printer is not None:
            self.label_dpi.setCurrentText(str(station.label_printer.dpi))
            self.label_size.setText(station.label_printer.size)
        for kind in raw_kinds():
            settings = getattr(station, KINDS[kind].section)
            if settings is not None:
                self._urls[kind] = settings.url
        self._show_url(self._urls.get(self._shown_kind, ""))
        for kind in reversed(raw_kinds()):  # one printer shown: the label printer if any
            if kind in self._urls:
                self.printer_kind.setCurrentText(kind)  # shows its URL (_kind_changed)
                break
        if station.a4_printer is not None:
            self.a4.setText(station.a4_printer.cups_queue or station.a4_printer.folder)
        self.scanners_page.fill(station.scanners)

    def edited_station(self) -> StationConfig:
        """The station file as the dialog shows it (devices it does not show are kept)."""
        assert self.station is not None
        new = replace(self.station)
        port = self.port.currentText().strip()
        protocol = self.protocol.currentText()
        usual = PROTOCOLS[protocol].line if protocol in PROTOCOLS else LineSettings()
        new.scale = None if not port else ScaleSettings(
            port=port, protocol=protocol,
            baudrate=self.baud.value() if self.baud.value() != usual.baudrate else 0,
            bytesize=int(self.bytesize.currentText())
            if int(self.bytesize.currentText()) != usual.bytesize else 0,
            parity=self.parity.currentText() if self.parity.currentText() != usual.parity else "",
            stopbits=int(self.stopbits.currentText())
            if int(self.stopbits.currentText()) != usual.stopbits else 0,
            legal_for_trade=self.legal.isChecked(),
            request=self.request.text() if protocol == "regex" else "",
            pattern=self.pattern.text() if protocol == "regex" else "")
        self._urls[self._shown_kind] = self.printer_url.text().strip()
        for kind in raw_kinds():
            section, url = KINDS[kind].section, self._urls.get(kind, "")
            old = getattr(self.station, section) or SECTIONS[section]()
            setattr(new, section, replace(old, url=url) if url else None)
        if new.receipt_printer is not None:
            new.receipt_printer = replace(new.receipt_printer,
                                          width=int(self.receipt_width.currentText()),
                                          cash_drawer=self.cash_drawer.isChecked())
        if new.label_printer is not None:
            new.label_printer = replace(new.label_printer, dpi=int(self.label_dpi.currentText()),
                                        size=self.label_size.text().strip())
        new.scanners = self.scanners_page.scanners()
        a4 = self.a4.text().strip()
        if not a4:
            new.a4_printer = None
        elif "/" in a4 or "\\" in a4:
            new.a4_printer = A4PrinterSettings(folder=a4)
        else:
            new.a4_printer = A4PrinterSettings(cups_queue=a4)
        return new

    def _kind_changed(self, kind: str) -> None:
        """Another printer shown: the URL typed for the one shown before is kept for it."""
        self._urls[self._shown_kind] = self.printer_url.text().strip()
        self._shown_kind = kind
        self._show_url(self._urls.get(kind, ""))

    def _show_url(self, url: str) -> None:
        """A printer's URL with its start in view (the scheme and host say which printer)."""
        self.printer_url.setText(url)
        self.printer_url.setCursorPosition(0)

    def save(self) -> None:
        if self.station is None:
            return
        problem = self.scanners_page.problem()
        if problem is not None:
            self.saved.setText(self.tr("Not saved: {0}").format(problem))
            return
        try:
            new = self.edited_station()
            new.check()
            save_station(new, self.station.path or Path("station.toml"))
        except (CpdeskError, OSError, ValueError) as exc:
            why = exc.strerror or str(exc) if isinstance(exc, OSError) else refusal_text(exc)
            self.saved.setText(self.tr("Not saved: {0}").format(why))
            return
        self.station = new
        self.saved.setText(
            self.tr("Saved in {0}; in use as soon as this window is closed.").format(new.path))
        if self.on_saved is not None:
            self.on_saved(new)

    # --- scale ----------------------------------------------------------------------
    def _protocol_changed(self, name: str) -> None:
        is_regex = name == "regex"
        self.request.setEnabled(is_regex)
        self.pattern.setEnabled(is_regex)
        line = PROTOCOLS[name].line if name in PROTOCOLS else LineSettings()
        self.baud.setValue(line.baudrate)
        self.bytesize.setCurrentText(str(line.bytesize))
        self.parity.setCurrentText(line.parity)
        self.stopbits.setCurrentText(str(line.stopbits))

    def toggle(self) -> None:
        if not self._live.running:
            self.start_scale()
        else:
            self.stop_scale()

    def start_scale(self) -> None:
        try:
            spec = get_protocol(self.protocol.currentText(), request=self.request.text(),
                                pattern=self.pattern.text())
        except ValueError as exc:  # a typed BadSetting: worded in the user's language
            self.status.setText(refusal_text(exc))
            return
        line = replace(spec.line, baudrate=self.baud.value(),
                       bytesize=int(self.bytesize.currentText()),
                       parity=self.parity.currentText(),
                       stopbits=int(self.stopbits.currentText()))
        url = self.port.currentText().strip()

        def make(worker: LiveWorker) -> ScaleReader:
            return ScaleReader(url=url, protocol=spec, line=line, on_reading=worker.sig_item.emit,
                               on_raw=worker.sig_raw.emit, on_status=worker.sig_status.emit)

        self._live.start(make, on_raw=self._on_raw, on_item=self._on_reading,
                         on_status=self._on_status)
        self.start_button.setText(self.tr("Stop"))

    def stop_scale(self) -> None:
        self._live.stop()
        self.start_button.setText(self.tr("Start"))
        self.status.setText(self.tr("stopped"))

    def _on_status(self, state: str) -> None:
        self.status.setText(state_words(state))

    def _on_raw(self, data: bytes) -> None:
        self.raw.appendPlainText(raw_line(data))

    def _on_reading(self, reading: Reading) -> None:
        self.reading.setText(self.reading_words(reading))
        self.sig_reading.emit(reading)

    # --- printer --------------------------------------------------------------------
    def print_test(self) -> None:
        if self._printing:
            return
        self._printing = True
        self.print_button.setEnabled(False)
        self.print_result.setText(self.tr("printing…"))
        url, kind = self.printer_url.text().strip(), self.printer_kind.currentText()

        def work() -> dict[str, Any]:
            """The report of `print_test_page` (ok, online, paper, error...)."""
            from cpdesk.documents.printer_pages import page_for
            from cpdesk.hardware.printers import print_test_page  # python-escpos: slow import

            return print_test_page(url, kind=kind, page=page_for(kind))

        query(self, work, self._on_printed,
              lambda message: self._on_printed({"ok": False, "error": message}))

    def reading_words(self, reading: Reading) -> str:
        """A reading as the dialog shows it (the driver's `describe()` is English)."""
        if reading.overload:
            return self.tr("overload")
        if reading.underload:
            return self.tr("under zero")
        if reading.weight_g is None:
            return self.tr("moving (no weight)")
        # the number in the screen's language, with the digits the scale sent ("1 234,00 g")
        return self.tr("{0} {1} {2}", "a weight in grams, net or gross, stable or moving").format(
            grams_text(reading.weight_g), self.tr("net") if reading.net else self.tr("gross"),
            self.tr("stable") if reading.stable else self.tr("moving"))

    def _on_printed(self, report: dict[str, Any]) -> None:
        if report.get("ok"):
            paper = {"ok": self.tr("ok"), "near end": self.tr("near end"),
                     "out": self.tr("out")}.get(report.get("paper", ""), self.tr("unknown"))
            text = self.tr("printed ({0} paper)").format(paper)
            if report.get("warning") == "paper near end":
                text += " — " + self.tr("paper near end")
            elif report.get("warning"):
                text += " — " + state_words(str(report["warning"]))
        else:  # the driver's sentence, worded where it is a known state
            text = self.tr("failed: {0}").format(
                state_words(str(report["error"])) if report.get("error")
                else self.tr("unknown error"))
        self.print_result.setText(text)
        self.print_button.setEnabled(True)
        self._printing = False

    def done(self, result: int) -> None:  # closing the dialog stops the live views
        self.stop_scale()
        self.scanners_page.stop_live()
        super().done(result)
