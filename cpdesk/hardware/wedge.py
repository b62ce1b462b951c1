"""Keyboard-emulating ("wedge") scanners: undo a wrong keyboard layout.

Telling a scanner's key burst from a person typing is done in the GUI, where the key events
are (`cpdesk/ui/scan_input.py`).

A scanner configured for a US layout on a Belgian AZERTY PC sends the key positions of US
characters, which the PC reads as AZERTY: `1234567890` arrives as `&é"'(§è!çà`, `-` as `)`,
`A`/`Q` and `Z`/`W` are swapped, `M` arrives as `?`. `from_us_on_azerty` undoes that.
"""

from __future__ import annotations

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
