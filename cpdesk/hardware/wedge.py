"""Keyboard-emulating ("wedge") scanners: tell scans from typing, undo a wrong keyboard layout.

Pure Python, no Qt: `cpdesk/ui/scanner.py` feeds key events into `WedgeClassifier`.

A scanner types a whole code in a burst (a few ms between characters, ≤ 50 ms per
HARDWARE.md) ending with Enter; a person types slower than that. A burst of at least
`min_length` characters, every gap ≤ `max_gap_ms`, ended by Enter is a scan; anything
else is typing and is left to the focused widget.

A scanner configured for a US layout on a Belgian AZERTY PC sends the key positions of US
characters, which the PC reads as AZERTY: `1234567890` arrives as `&é"'(§è!çà`, `-` as `)`,
`A`/`Q` and `Z`/`W` are swapped, `M` arrives as `?`. `from_us_on_azerty` undoes that.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# What a Belgian AZERTY PC shows for each key a US-layout scanner presses (shown → meant).
US_ON_AZERTY = {
    "&": "1", "é": "2", '"': "3", "'": "4", "(": "5", "§": "6", "è": "7", "!": "8",
    "ç": "9", "à": "0", ")": "-", "-": "=",
    "Q": "A", "A": "Q", "W": "Z", "Z": "W", "?": "M",
    "q": "a", "a": "q", "w": "z", "z": "w", ",": "m",
}
AZERTY_DIGIT_SIGNS = set("&é\"'(§è!çà")


def looks_like_us_on_azerty(text: str) -> bool:
    """True when the text holds the AZERTY signs of a US-layout scanner's digits."""
    return any(ch in AZERTY_DIGIT_SIGNS for ch in text)


def from_us_on_azerty(text: str) -> str:
    return "".join(US_ON_AZERTY.get(ch, ch) for ch in text)


@dataclass
class WedgeClassifier:
    """Feed it characters with their time; it returns a scanned code when a burst ends."""

    max_gap_ms: float = 50.0
    min_length: int = 4
    buffer: list[str] = field(default_factory=list)
    last_ms: float | None = None
    burst_ok: bool = True

    def key(self, char: str, at_ms: float) -> str | None:
        """One key press. `char` is "\\n" or "\\r" for Enter. Returns the code at the end
        of a scan burst, else None (the key belongs to normal typing)."""
        gap_ok = self.last_ms is None or at_ms - self.last_ms <= self.max_gap_ms
        self.last_ms = at_ms
        if char in ("\r", "\n"):
            code = "".join(self.buffer)
            is_scan = gap_ok and self.burst_ok and len(code) >= self.min_length
            self.reset()
            return code if is_scan else None
        if not gap_ok:  # a slow key starts a new candidate burst
            self.buffer.clear()
            self.burst_ok = True
        self.buffer.append(char)
        return None

    def in_burst(self, at_ms: float) -> bool:
        """Whether a key at `at_ms` continues a burst already long enough to be a scanner
        (so the GUI may keep the key from the focused widget)."""
        return (
            self.last_ms is not None
            and at_ms - self.last_ms <= self.max_gap_ms
            and len(self.buffer) >= 2
        )

    def reset(self) -> None:
        self.buffer.clear()
        self.last_ms = None
        self.burst_ok = True
