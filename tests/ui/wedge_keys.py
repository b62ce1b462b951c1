"""What a keyboard-wedge scanner sends, as key events: press/release pairs a few ms apart,
Shift pressed and released around every capital, Ctrl+] for the GS1 separator, then Enter.

Three set-ups seen at depots:
- "us": a US-layout scanner on a US (or QWERTY) PC;
- "azerty": a scanner set to Belgian AZERTY on a Belgian AZERTY PC (digits need Shift);
- "us-on-azerty": a US-layout scanner on a Belgian AZERTY PC: the PC reads the US key
  positions as AZERTY, so `1` arrives as `&`, `-` as `)`, `A` as `Q`, `M` as `?`.

The tables below are written from the keyboard layouts themselves (not from the app's mapping),
so a test built on them checks the app's mapping too.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

GS = "\x1d"
LAYOUTS = ("us", "azerty", "us-on-azerty")

# Belgian AZERTY, unshifted / shifted signs of the keys where a US keyboard has 1..0 and -.
_AZERTY_TOP = "&é\"'(§è!çà)"
_AZERTY_TOP_SHIFTED = "1234567890°"
_US_TOP = "1234567890-"
# Letter keys whose sign differs between the two layouts (US sign -> AZERTY sign, same key).
_US_KEY_ON_AZERTY = {"a": "q", "q": "a", "z": "w", "w": "z", "m": ","}
_US_SHIFTED_KEY_ON_AZERTY = {"A": "Q", "Q": "A", "Z": "W", "W": "Z", "M": "?"}


@dataclass(frozen=True)
class Stroke:
    """One key as the PC sees it: its sign and whether Shift (or Ctrl) is held around it."""

    text: str
    shift: bool = False
    ctrl: bool = False

    @property
    def key(self) -> Qt.Key:
        if self.ctrl:
            return Qt.Key.Key_BracketRight
        return Qt.Key(ord(self.text.upper()))


def strokes(code: str, layout: str) -> list[Stroke]:
    """The keys a scanner presses for `code` on `layout`, as the PC reads them."""
    out: list[Stroke] = []
    for ch in code:
        if ch == GS:
            out.append(Stroke(GS, ctrl=True))
        elif layout == "us":
            out.append(Stroke(ch, shift=ch.isupper()))
        elif layout == "azerty":
            if ch.isdigit():
                out.append(Stroke(ch, shift=True))  # digits are the shifted top row
            elif ch == "-":
                out.append(Stroke("-"))  # AZERTY has its own '-' key, unshifted
            else:
                out.append(Stroke(ch, shift=ch.isupper()))
        elif layout == "us-on-azerty":
            if ch in _US_TOP:
                out.append(Stroke(_AZERTY_TOP[_US_TOP.index(ch)]))
            elif ch.isupper():
                out.append(Stroke(_US_SHIFTED_KEY_ON_AZERTY.get(ch, ch), shift=True))
            else:
                out.append(Stroke(_US_KEY_ON_AZERTY.get(ch, ch)))
        else:
            raise ValueError(layout)
    assert all(s.text not in _AZERTY_TOP_SHIFTED or layout != "us-on-azerty" for s in out)
    return out


class Wedge:
    """Sends a scanner's key events to the focused widget (as the window system would)."""

    def __init__(self, gap_ms: int = 6) -> None:
        self.gap_ms = gap_ms
        self.stamp = 5_000_000

    def _send(self, kind: QEvent.Type, key: Qt.Key, mods: Qt.KeyboardModifier, text: str,
              target: QWidget) -> None:
        self.stamp += self.gap_ms // 2 or 1
        event = QKeyEvent(kind, key, mods, text)
        event.setTimestamp(self.stamp)
        QApplication.sendEvent(target, event)

    def type(self, code: str, layout: str = "us", *, suffix: str = "\r",
             target: QWidget | None = None) -> None:
        widget = target or QApplication.focusWidget() or QApplication.activeWindow()
        assert widget is not None, "no widget has the keyboard focus"
        self.stamp += 1_000  # a new scan, well apart from the last one
        press, release = QEvent.Type.KeyPress, QEvent.Type.KeyRelease
        none, shift = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier
        ctrl = Qt.KeyboardModifier.ControlModifier
        for s in strokes(code, layout):
            if s.ctrl:
                self._send(press, Qt.Key.Key_Control, ctrl, "", widget)
                self._send(press, s.key, ctrl, GS, widget)
                self._send(release, s.key, ctrl, GS, widget)
                self._send(release, Qt.Key.Key_Control, none, "", widget)
            elif s.shift:
                self._send(press, Qt.Key.Key_Shift, shift, "", widget)
                self._send(press, s.key, shift, s.text, widget)
                self._send(release, s.key, shift, s.text, widget)
                self._send(release, Qt.Key.Key_Shift, none, "", widget)
            else:
                self._send(press, s.key, none, s.text, widget)
                self._send(release, s.key, none, s.text, widget)
        end = Qt.Key.Key_Tab if suffix == "\t" else Qt.Key.Key_Return
        self._send(press, end, none, suffix, widget)
        self._send(release, end, none, suffix, widget)
