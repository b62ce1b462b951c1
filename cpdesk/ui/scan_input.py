"""Keyboard-wedge scanners: tell a scanner's key burst from a person typing.

A wedge scanner is a keyboard: it types the code (≤ 50 ms between characters) and Enter
(sometimes Tab or a line feed), pressing and releasing Shift around every capital (AltGr for
some signs on some layouts, Ctrl+] for the GS1 separator). The filter holds printable keys
back while a burst may be forming: a burst of ≥ 4 characters ended by Enter or Tab becomes
`sig_scanned(code)` and never reaches the focused widget (no field fills); anything slower is
replayed to the widget it was meant for. Modifier-only key events (Shift, AltGr, Ctrl...) are
part of a burst, never its end: an order slip `CP-261130-0018` is typed with Shift.
A US-layout scanner on a Belgian AZERTY PC types `&é"'(§è!çà` for digits: mapped back with
`cpdesk.hardware.wedge.from_us_on_azerty` (letters too). Serial scanners come through the
device hub instead (`cpdesk.hardware.serial_scanner`).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from cpdesk.hardware.wedge import from_us_on_azerty, looks_like_us_on_azerty

MAX_GAP_S = 0.050
MIN_LENGTH = 4
GS = "\x1d"  # the GS1 separator (FNC1), typed by scanners as Ctrl+]
MODIFIER_KEYS = frozenset({
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Hyper_L,
    Qt.Key.Key_Hyper_R, Qt.Key.Key_Mode_switch,
})
END_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab})


class ScanBurstFilter(QObject):
    sig_scanned = Signal(str)
    """A complete code typed by a wedge scanner (without its Enter)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = True
        self.layout = "auto"
        """The wedge scanner's keyboard layout (station file): auto | native | us-on-azerty."""
        self._held: list[tuple[QObject, QKeyEvent]] = []
        self._last = 0.0
        self._replaying = False
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(int(MAX_GAP_S * 1000) + 10)
        self._flush_timer.timeout.connect(self.flush)
        self.installed = False

    def install(self) -> None:
        """Watch the application's key presses. An application-wide filter in Python makes
        PySide6 wrap every object that receives an event, Qt's internal ones too: the first
        such object makes it create the Python classes (and their enums) of every QObject
        subclass of QtCore, QtGui and QtWidgets, ~20-30 ms of CPU once. The desk installs it
        after its first frame (`Desk.start_later`)."""
        app = QApplication.instance()
        if app is not None and not self.installed:
            app.installEventFilter(self)
            self.installed = True

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (self._replaying or not self.enabled or event.type() != QEvent.Type.KeyPress
                or not watched.isWidgetType()):
            return False
        assert isinstance(event, QKeyEvent)
        # The window system's timestamp says when the key was typed, even if the GUI thread
        # was busy meanwhile; synthetic events (timestamp 0) fall back to the clock.
        now = event.timestamp() / 1000 if event.timestamp() else time.monotonic()
        gap = now - self._last
        text = event.text()
        key = event.key()
        if key in MODIFIER_KEYS:
            # Shift before a capital (AltGr, Ctrl before ]): part of a burst, never its end.
            if self._held and gap <= MAX_GAP_S:
                self._last = now
                self._flush_timer.start()
            return False
        if key in END_KEYS or text in ("\r", "\n"):
            if self._held and gap <= MAX_GAP_S * 2 and len(self._held) >= MIN_LENGTH:
                code = "".join(e.text() for _, e in self._held)
                if self.layout == "us-on-azerty" or (
                        self.layout == "auto" and looks_like_us_on_azerty(code)):
                    code = from_us_on_azerty(code)
                self._held.clear()
                self._flush_timer.stop()
                self.sig_scanned.emit(code.strip())
                return True
            self.flush()
            return False
        # Space is a shortcut (take weight) and never part of a code: let it through.
        modifiers = event.modifiers()
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
        # Ctrl or Alt alone make a shortcut; both together are AltGr on Windows (a sign).
        printable = (len(text) == 1 and text.isprintable() and text != " "
                     and (ctrl == alt))
        separator = text == GS or (key == Qt.Key.Key_BracketRight and ctrl)
        if separator:
            text = GS
        elif not printable:
            self.flush()
            return False
        if self._held and gap > MAX_GAP_S:
            self.flush()  # too slow to be the same burst: give the earlier keys back
        if separator and not self._held:
            return False  # a lone Ctrl+] from a person: not the start of a code
        self._held.append((watched, QKeyEvent(event.type(), key, modifiers, text,
                                              event.isAutoRepeat(), event.count())))
        self._last = now
        self._flush_timer.start()
        return True

    def flush(self) -> None:
        """Give held keys back to the widgets they were typed into (a person typing)."""
        held, self._held = self._held, []
        self._flush_timer.stop()
        if not held:
            return
        self._replaying = True
        try:
            for target, ev in held:
                QApplication.sendEvent(target, ev)
        finally:
            self._replaying = False
