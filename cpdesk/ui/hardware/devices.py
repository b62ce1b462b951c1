"""The devices as the screens see them: one hub object with signals, whatever the hardware.

Screens never talk to a port: they connect to `DeviceHub` signals and call its methods.
The composition root gives them either the hub wired to the real drivers (cpdesk/hardware,
each device on its own worker thread) or `SimulatedDevices` (demo mode and tests).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class Weight:
    """One scale reading as the screens need it (grams exact, never float)."""

    weight_g: int
    stable: bool
    overload: bool = False
    underload: bool = False
    raw: bytes = b""


@dataclass
class PrintRequest:
    printer: str  # "labels" | "receipts" | "documents"
    kind: str  # "zpl" | "escpos" | "pdf"
    payload: bytes
    title: str


class DeviceHub(QObject):
    sig_weight = Signal(object)
    """A new `Weight` from the scale (live, stable or not)."""
    sig_scale_status = Signal(str)
    """Scale state in words for the status bar: "ok", "disconnected", "no answer", ..."""
    sig_scanned = Signal(str)
    """A complete barcode read by a scanner (keyboard wedge or serial)."""
    sig_printer_status = Signal(str, str)
    """(printer name, state in words) whenever a printer's state changes."""
    sig_print_state = Signal(object, str)
    """(job id, state) as print jobs move through the queue."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.last_weight: Weight | None = None
        self.legal_for_trade = False
        """The scale is approved for trade (the station file says so): in a legal-for-trade
        depot only its stable readings are booked."""
        self.receipt_width_mm = 80
        self.cash_drawer = True  # the receipt printer drives a cash drawer (opened on cash)
        self.sig_weight.connect(self._remember)

    def _remember(self, weight: Weight) -> None:
        self.last_weight = weight

    def stable_weight(self) -> Weight | None:
        """The current reading if it is stable and in range, else None (legal-for-trade rule)."""
        w = self.last_weight
        if w is None or not w.stable or w.overload or w.underload:
            return None
        return w

    # Commands: the real hub forwards them to the device threads.
    def tare(self) -> None:
        raise NotImplementedError

    def zero(self) -> None:
        raise NotImplementedError

    def print(self, request: PrintRequest) -> object:
        """Queue a print job durably; returns its id. Never blocks."""
        raise NotImplementedError

    def shutdown(self) -> None:
        """Stop the device threads (called once when the app quits)."""


class SimulatedDevices(DeviceHub):
    """Devices for tests and the demo: weights are pushed by code, print jobs are kept."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.legal_for_trade = True  # stands in for an approved scale
        self.printed: list[PrintRequest] = []
        self.tare_g = 0

    def put_weight(self, weight_g: int, *, stable: bool = True) -> None:
        self.sig_weight.emit(Weight(weight_g - self.tare_g, stable))

    def scan(self, code: str) -> None:
        self.sig_scanned.emit(code)

    def tare(self) -> None:
        if self.last_weight is not None:
            self.tare_g += self.last_weight.weight_g

    def zero(self) -> None:
        self.tare_g = 0

    def print(self, request: PrintRequest) -> object:
        self.printed.append(request)
        job_id = len(self.printed)
        self.sig_print_state.emit(job_id, "done")
        return job_id
