"""A scanner's text understood: the code's meaning with the fix for a wrong keyboard layout.

What a code means (EAN, GS1, scale labels, crates, order slips) is the domain's
(`cpdesk.domain.codes`). A keyboard-wedge scanner set to a US layout on a Belgian AZERTY PC
types `&é"'(§è!çà` for digits: when the text as it came is no valid code, it is mapped back
(`cpdesk.hardware.wedge`) and parsed again (`remapped` is then True); when that does not give
a valid code either, the reason says how to fix the scanner.
"""

from __future__ import annotations

from dataclasses import replace

from cpdesk.domain.codes import (
    DEFAULT_LAYOUT,
    BadCheckDigit,
    BarcodeError,
    ScaleLayout,
    ScannedCode,
    parse_code,
)

from .wedge import from_us_on_azerty, looks_like_us_on_azerty

__all__ = ["DEFAULT_LAYOUT", "BadCheckDigit", "BarcodeError", "ScaleLayout", "ScannedCode",
           "parse_barcode", "scanned_kind"]


def parse_barcode(text: str, layout: ScaleLayout = DEFAULT_LAYOUT) -> ScannedCode:
    """What a scanner sent means, a US-layout scanner on AZERTY mapped back."""
    try:
        return parse_code(text, layout)
    except BarcodeError as first:
        raw = text.strip(" \t\r\n")
        if not raw or not looks_like_us_on_azerty(raw):
            raise
        try:
            fixed = parse_code(from_us_on_azerty(raw), layout)
        except BarcodeError:
            # A US-layout scanner on AZERTY never types a plain digit (they arrive as signs),
            # so digits in the scan mean the layout is fine: `(01)…` is the printed GS1 form
            # and its own error (a wrong check digit, say) is the true one.
            if isinstance(first, BadCheckDigit) or any(ch in "0123456789" for ch in raw):
                raise first from None
            raise BarcodeError(
                "the scanner types with a US keyboard layout on this AZERTY keyboard "
                f"({raw!r}): set the scanner to Belgian AZERTY"
            ) from first
        return replace(fixed, remapped=True)


def scanned_kind(text: str, layout: ScaleLayout = DEFAULT_LAYOUT) -> str | None:
    """The `ScannedCode.kind` of a scan, or None when it is no code we can use."""
    try:
        return parse_barcode(text, layout).kind
    except BarcodeError:
        return None
