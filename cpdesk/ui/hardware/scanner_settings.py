"""The scanners' page of the hardware settings dialog: how the keyboard-wedge scanners type
(their keyboard layout), the serial / USB CDC scanners (added, removed, each one's port and
speed), and a live view of one serial scanner: the bytes as they come off its port and the
codes read from them, as the desk will understand them.

The live view reads through the desk's own reader (`SerialScanner`) on a thread of its own,
as the scale's page does (`live.LiveView`)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cpdesk.errors import CpdeskError
from cpdesk.hardware.barcodes import BadCheckDigit, BarcodeError, parse_barcode
from cpdesk.hardware.serial_scanner import SerialScanner
from cpdesk.hardware.transport import LineSettings
from cpdesk.station import WEDGE_LAYOUTS, ScannerSettings
from cpdesk.ui.hardware.device_status import state_words
from cpdesk.ui.hardware.live import LiveView, LiveWorker
from cpdesk.ui.refusals import refusal_text


def raw_line(data: bytes) -> str:
    """Bytes as the live views show them: hex, then as Python would write them."""
    return data.hex(" ") + "   " + repr(data)


class ScannersPanel(QWidget):
    """The scanners of the station file, edited; `scanners()` gives them back."""

    sig_code = Signal(str)
    """Each code the live view read (tests, and whoever wants it)."""

    def __init__(self, ports: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ports = ports
        self._serial: list[ScannerSettings] = []  # the serial scanners, in the list's order
        self._wedges: list[ScannerSettings] = []  # the keyboard ones the file names
        self._live = LiveView(self)
        self._showing = False  # the selected scanner's fields are being filled, not edited

        # Keyboard-wedge scanners: only how they type is set (they are a keyboard).
        self.layout_box = QComboBox()
        names = {"auto": self.tr("Automatic"), "native": self.tr("As this keyboard"),
                 "us-on-azerty": self.tr("US (QWERTY) on AZERTY")}
        for value in WEDGE_LAYOUTS:
            self.layout_box.addItem(names[value], value)
        self.layout_help = QLabel()
        self.layout_help.setWordWrap(True)
        self.layout_box.currentIndexChanged.connect(lambda _i: self._explain_layout())
        wedge_form = QFormLayout()
        wedge_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        wedge_form.addRow(self.tr("Keyboard layout"), self.layout_box)
        wedge_form.addRow(self.layout_help)
        wedge_box = QGroupBox(self.tr("Keyboard scanners (wedge)"))
        wedge_box.setLayout(wedge_form)

        # Serial / USB CDC scanners: a list, and the selected one's port and speed.
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._selected)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.clicked.connect(self.add_scanner)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_scanner)
        self.port = QComboBox()
        self.port.setEditable(True)
        self.port.addItems(ports)
        edit = self.port.lineEdit()
        if edit is not None:
            edit.setPlaceholderText("/dev/ttyACM0, COM4, socket://10.0.0.9:4001")
        self.port.currentTextChanged.connect(self._port_edited)
        self.baud = QSpinBox()
        self.baud.setRange(300, 115200)
        self.baud.setValue(9600)
        self.baud.valueChanged.connect(self._baud_edited)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        serial_form = QFormLayout()
        serial_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        serial_form.addRow(self.list)
        serial_form.addRow(buttons)
        serial_form.addRow(self.tr("Port (URL)"), self.port)
        serial_form.addRow(self.tr("Speed (baud)"), self.baud)
        serial_box = QGroupBox(self.tr("Serial and USB scanners"))
        serial_box.setLayout(serial_form)

        # The live view of the selected serial scanner.
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.clicked.connect(self.toggle)
        self.status = QLabel(self.tr("stopped"))
        self.status.setWordWrap(True)
        self.codes = QPlainTextEdit()
        self.codes.setReadOnly(True)
        self.codes.setMaximumBlockCount(200)
        self.raw = QPlainTextEdit()
        self.raw.setReadOnly(True)
        self.raw.setMaximumBlockCount(500)
        live_form = QFormLayout()
        live_form.addRow(self.start_button)
        live_form.addRow(self.tr("Status"), self.status)
        live = QVBoxLayout()
        live.addLayout(live_form)
        live.addWidget(QLabel(self.tr("Codes read")))
        live.addWidget(self.codes, 1)
        live.addWidget(QLabel(self.tr("Raw bytes")))
        live.addWidget(self.raw, 1)
        live_box = QGroupBox(self.tr("Live view of the selected scanner"))
        live_box.setLayout(live)

        left = QVBoxLayout()
        left.addWidget(wedge_box)
        left.addWidget(serial_box, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(live_box, 1)
        self._explain_layout()
        self._selected(-1)

    # --- what the station file says ----------------------------------------------------
    def fill(self, scanners: list[ScannerSettings]) -> None:
        self._wedges = [s for s in scanners if s.kind == "wedge"]
        self._serial = [replace(s) for s in scanners if s.kind == "serial"]
        if self._wedges:
            self.layout_box.setCurrentIndex(self.layout_box.findData(self._wedges[0].layout))
        self.list.clear()
        for scanner in self._serial:
            self.list.addItem(self._item_text(scanner))
        if self._serial:
            self.list.setCurrentRow(0)

    def scanners(self) -> list[ScannerSettings]:
        """The scanners as the page shows them: the keyboard ones (the desk applies one layout
        to the keyboard, so all of them get it; one is written when a layout other than
        "auto" is chosen), then the serial ones in the list's order."""
        layout = self.layout_box.currentData()
        wedges = [replace(w, layout=layout) for w in self._wedges]
        if not wedges and layout != "auto":
            wedges = [ScannerSettings(kind="wedge", layout=layout)]
        return [*wedges, *(replace(s, port=s.port.strip()) for s in self._serial)]

    def problem(self) -> str | None:
        """Why the page cannot be saved as it is, in words (None: it can)."""
        for n, scanner in enumerate(self._serial, start=1):
            if not scanner.port.strip():
                return self.tr("serial scanner {0} has no port: choose one or remove it"
                               ).format(n)
        return None

    def _item_text(self, scanner: ScannerSettings) -> str:
        return scanner.port.strip() or self.tr("(no port yet)")

    def _explain_layout(self) -> None:
        help_texts = {
            "auto": self.tr("A scanner typing with a US layout on this AZERTY keyboard is "
                            "recognised and its codes mapped back."),
            "native": self.tr("The scanner types with this computer's keyboard layout: its "
                              "codes are used as they are typed."),
            "us-on-azerty": self.tr("The scanner types with a US layout on this AZERTY "
                                    "keyboard: every code is mapped back."),
        }
        self.layout_help.setText(help_texts[self.layout_box.currentData()])

    # --- the list --------------------------------------------------------------------
    def add_scanner(self) -> None:
        self._serial.append(ScannerSettings(kind="serial", port=""))
        self.list.addItem(self._item_text(self._serial[-1]))
        self.list.setCurrentRow(len(self._serial) - 1)
        self.port.setFocus()

    def remove_scanner(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.stop_live()
        del self._serial[row]
        self.list.takeItem(row)
        self._selected(self.list.currentRow())

    def _selected(self, row: int) -> None:
        """Another scanner chosen in the list: its fields shown, the live view stopped."""
        self.stop_live()
        chosen = 0 <= row < len(self._serial)
        for widget in (self.port, self.baud, self.remove_button, self.start_button):
            widget.setEnabled(chosen)
        self._showing = True
        try:
            self.port.setCurrentText(self._serial[row].port if chosen else "")
            self.baud.setValue(self._serial[row].baudrate if chosen else 9600)
        finally:
            self._showing = False

    def _port_edited(self, text: str) -> None:
        row = self.list.currentRow()
        if self._showing or not 0 <= row < len(self._serial):
            return
        self.stop_live()  # the live view read the old port
        self._serial[row] = replace(self._serial[row], port=text)
        item = self.list.item(row)
        if item is not None:
            item.setText(self._item_text(self._serial[row]))

    def _baud_edited(self, value: int) -> None:
        row = self.list.currentRow()
        if self._showing or not 0 <= row < len(self._serial):
            return
        self.stop_live()
        self._serial[row] = replace(self._serial[row], baudrate=value)

    # --- the live view ---------------------------------------------------------------
    @property
    def live(self) -> bool:
        return self._live.running

    def toggle(self) -> None:
        if not self._live.running:
            self.start_live()
        else:
            self.stop_live()

    def start_live(self) -> None:
        row = self.list.currentRow()
        if self._live.running or not 0 <= row < len(self._serial):
            return
        scanner = self._serial[row]
        if not scanner.port.strip():
            self.status.setText(self.tr("choose its port first"))
            return
        url, line = scanner.port.strip(), LineSettings(scanner.baudrate)

        def make(worker: LiveWorker) -> SerialScanner:
            return SerialScanner(url=url, line=line, on_scan=worker.sig_item.emit,
                                 on_raw=worker.sig_raw.emit, on_status=worker.sig_status.emit)

        self._live.start(make, on_raw=self._on_raw, on_item=self._on_code,
                         on_status=self._on_status)
        self.start_button.setText(self.tr("Stop"))

    def stop_live(self) -> None:
        self._live.stop()
        self.start_button.setText(self.tr("Start"))
        self.status.setText(self.tr("stopped"))

    def _on_raw(self, data: bytes) -> None:
        self.raw.appendPlainText(raw_line(data))

    def _on_status(self, state: str) -> None:
        self.status.setText(state_words(state))

    def _on_code(self, code: str) -> None:
        self.codes.appendPlainText(f"{code}   →   {self.code_words(code)}")
        self.sig_code.emit(code)

    def code_words(self, code: str) -> str:
        """What the desk would make of a scan, in words."""
        try:
            scan = parse_barcode(code)
        except BadCheckDigit:
            return refusal_text(CpdeskError(code="packing.bad_check_digit"))
        except BarcodeError:
            return self.tr("not a code the desk reads")
        kinds = {"gtin": self.tr("product barcode"), "gs1": self.tr("GS1 code"),
                 "scale": self.tr("scale label"), "crate": self.tr("crate label"),
                 "order": self.tr("order slip")}
        words = kinds.get(scan.kind, scan.kind)
        understood = scan.lookup_code or scan.text
        if understood != code:  # the symbology identifier or a keyboard's signs taken off
            words += " " + understood
        if scan.symbology:
            words += " " + self.tr("(symbology {0})").format(scan.symbology)
        return words

