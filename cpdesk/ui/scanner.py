"""Wedge scanners in the GUI: fast key bursts become `sig_scanned(str)` wherever focus is.

Install once on the application:

    scanner = ScannerFilter()
    QApplication.instance().installEventFilter(scanner)
    scanner.sig_scanned.connect(packing_screen.on_scan)

Keys typed at human speed pass through untouched. Once a burst is recognised (two keys
within `max_gap_ms`), its further keys and the final Enter are kept from the focused widget;
the first key or two of a scan may still reach a focused text field.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent

from cpdesk.hardware.wedge import WedgeClassifier


class ScannerFilter(QObject):
    sig_scanned = Signal(str)
    """A complete scan: the characters of the burst, without the Enter."""

    def __init__(self, parent: QObject | None = None, *, max_gap_ms: float = 50.0,
                 min_length: int = 4) -> None:
        super().__init__(parent)
        self.classifier = WedgeClassifier(max_gap_ms=max_gap_ms, min_length=min_length)
        self.last_scan: str | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.isAutoRepeat():
            return False
        now_ms = time.monotonic() * 1000
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            char = "\r"
        else:
            char = event.text()
            if not char or not char.isprintable():
                return False
        in_burst = self.classifier.in_burst(now_ms)
        code = self.classifier.key(char, now_ms)
        if code is not None:
            self.last_scan = code
            self.sig_scanned.emit(code)
            return True
        return in_burst and char != "\r"
