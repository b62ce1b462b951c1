"""What a scanned code means: products (EAN/UPC/GS1), weighed in-store labels, crates, orders.

`parse_code(text, layout)` returns a `ScannedCode` or raises `BarcodeError(reason)` with
a reason a packer understands. No database and no device here: what a code points to in a
store is looked up by `cpdesk.store.barcode_lookup`; how a scanner's bytes or key bursts
become text, and the fix for a scanner typing with the wrong keyboard layout, are
`cpdesk.hardware`'s
(`hardware.barcodes.parse_barcode` is this parse with that fix).

Codes handled:
- EAN-13, EAN-8, UPC-A, GTIN-14: check digit verified (cpdesk.domain.gtin).
- GS1-128, GS1 DataMatrix, GS1 DataBar (with or without the AIM symbology identifier
  `]C1`/`]d2`/`]e0`, or as printed text `(01)...`), parsed by biip: GTIN (01), net weight
  in kg (310n), lot (10), best before (15), use by (17).
- In-store (prefix 2) EAN-13 from the depot's trade scale. The layout is per depot, in
  `depot.settings["scale_barcode"]`, as `ScaleLayout`. Decided default, the common Belgian
  retail layout:  `2F IIIII VVVVV C`
      2F     prefix digit 2 and a flag digit (any of 20-29 when prefix is "2")
      IIIII  item code, `item_digits` = 5
      VVVVV  the value: weight in grams (`value` "weight", `decimals` 3: kg with 3
             decimals) or price in cents (`value` "price", `decimals` 2)
      C      EAN-13 check digit
  The product is found by the first 2 + item_digits digits (e.g. `2012345`) in the
  `barcode` table where kind == "scale".
- Crates: `CR` + 10 Crockford base32 characters (the `crate.code` column).
- Order slips: `CP-YYMMDD-NNNN` (the `order.number` column).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cpdesk.errors import CpdeskError

from . import gtin as gtin_digits

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CRATE = re.compile(rf"^CR[{CROCKFORD}]{{10}}$")
_ORDER = re.compile(r"^CP-\d{6}-\d{4}$")
_SYMBOLOGY = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
GS = "\x1d"


class BarcodeError(CpdeskError):
    """A code we cannot use; `reason` is what the packer reads."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BadCheckDigit(BarcodeError):
    """The code's check digit is wrong: a misread, scan again (or type the code)."""


@dataclass(frozen=True)
class ScaleLayout:
    prefix: str = "2"
    item_digits: int = 5
    value: str = "weight"  # weight | price
    decimals: int = 3

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> ScaleLayout:
        raw = (settings or {}).get("scale_barcode") or {}
        layout = cls(
            prefix=str(raw.get("prefix", "2")),
            item_digits=int(raw.get("item_digits", 5)),
            value=str(raw.get("value", "weight")),
            decimals=int(raw.get("decimals", 3 if raw.get("value", "weight") == "weight" else 2)),
        )
        if not (layout.prefix.isdigit() and 1 <= len(layout.prefix) <= 2):
            raise ValueError(f"scale_barcode prefix must be 1 or 2 digits: {layout.prefix!r}")
        if not 3 <= layout.item_digits <= 6 or layout.value not in ("weight", "price"):
            raise ValueError(f"bad scale_barcode layout: {raw!r}")
        return layout

    @property
    def head_digits(self) -> int:
        return 2 + self.item_digits


DEFAULT_LAYOUT = ScaleLayout()


@dataclass(frozen=True)
class ScannedCode:
    kind: str  # gtin | gs1 | scale | crate | order
    text: str  # the code as understood (after symbology id and keyboard fixes)
    gtin: str | None = None  # GTIN-14 when the code carries one
    lookup_code: str | None = None  # what to look for in the barcode table
    weight_g: Decimal | None = None
    price_cents: int | None = None
    lot: str | None = None
    best_before: dt.date | None = None
    use_by: dt.date | None = None
    symbology: str | None = None
    remapped: bool = False

    @property
    def grams(self) -> int | None:
        """The weight in whole grams (truncated), when the code carries one."""
        return None if self.weight_g is None else int(self.weight_g)

    @property
    def candidates(self) -> tuple[str, ...]:
        """The strings to look for in the barcode table, best first."""
        return tuple(dict.fromkeys(c for c in (self.lookup_code, self.gtin, self.text) if c))

    def to_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if v is not None and v is not False}
        if self.weight_g is not None:
            out["weight_g"] = int(self.weight_g) if self.weight_g == int(self.weight_g) else str(
                self.weight_g
            )
        for key in ("best_before", "use_by"):
            if key in out:
                out[key] = out[key].isoformat()
        return out


def parse_code(text: str, layout: ScaleLayout = DEFAULT_LAYOUT) -> ScannedCode:
    """What `text` (a scanned or typed code, surrounding blanks ignored) means."""
    raw = text.strip(" \t\r\n")
    if not raw:
        raise BarcodeError("empty scan")
    return _parse(raw, layout)


def _parse(raw: str, layout: ScaleLayout) -> ScannedCode:
    symbology = None
    if _SYMBOLOGY.match(raw):
        symbology, raw = raw[:3], raw[3:]
    upper = raw.upper()
    if upper.startswith("CR") and not upper[2:3].isspace():
        if not _CRATE.match(upper):
            raise BarcodeError(f"not a crate code: {raw!r} (CR + 10 letters or digits)")
        return ScannedCode("crate", upper, lookup_code=upper, symbology=symbology)
    if upper.startswith("CP-"):
        if not _ORDER.match(upper):
            raise BarcodeError(f"not an order slip number: {raw!r} (like CP-261128-0042)")
        return ScannedCode("order", upper, lookup_code=upper, symbology=symbology)
    if raw.isdigit() and raw.isascii() and len(raw) in (8, 12, 13, 14) and (
        symbology is None or symbology[:2] in ("]E", "]A")
    ):
        return _parse_gtin(raw, layout, symbology)
    gs1_symbology = symbology is not None and symbology[:2] in ("]C", "]d", "]e", "]Q")
    if raw.startswith("(") or GS in raw or gs1_symbology:
        return _parse_gs1(raw, symbology)
    if raw.isdigit() and raw.isascii() and raw.startswith("01") and len(raw) > 16:
        return _parse_gs1(raw, symbology)
    if raw.isdigit():
        raise BarcodeError(f"not a product code: {len(raw)} digits ({raw})")
    raise BarcodeError(f"not a code we know: {raw!r}")


def _parse_gtin(raw: str, layout: ScaleLayout, symbology: str | None) -> ScannedCode:
    if not gtin_digits.is_valid(raw):
        raise BadCheckDigit(f"bad check digit in {raw}: scan again or type the code")
    if len(raw) == 13 and raw.startswith(layout.prefix) and raw[0] == "2":
        return _parse_scale(raw, layout, symbology)
    gtin14 = raw.zfill(14)
    # The barcode table keeps EAN-8 as 8 digits and everything else as GTIN-13 when it fits.
    lookup = raw if len(raw) == 8 else (gtin14[1:] if gtin14[0] == "0" else gtin14)
    return ScannedCode("gtin", raw, gtin=gtin14, lookup_code=lookup, symbology=symbology)


def _parse_scale(raw: str, layout: ScaleLayout, symbology: str | None) -> ScannedCode:
    head = raw[: layout.head_digits]
    value = Decimal(int(raw[layout.head_digits : 12])).scaleb(-layout.decimals)
    if layout.value == "weight":
        weight_g = value * 1000
        if weight_g == 0:
            raise BarcodeError(f"weight missing in scale label {raw} (0 g)")
        return ScannedCode("scale", raw, lookup_code=head, weight_g=weight_g, symbology=symbology)
    return ScannedCode("scale", raw, lookup_code=head, price_cents=int(value * 100),
                       symbology=symbology)


def _parse_gs1(raw: str, symbology: str | None) -> ScannedCode:
    # biip builds its GS1 tables on import (~0.1 s): imported by the first GS1 code, not at
    # start (the desk warms it up on a worker thread after its first frame).
    import biip
    import biip.gs1_messages

    config = biip.ParseConfig(separator_chars=[GS, "|"])
    try:
        if raw.startswith("("):
            message = biip.gs1_messages.GS1Message.parse_hri(raw, config=config)
        else:
            result = biip.parse((symbology or "") + raw, config=config)
            if result.gs1_message is None:
                reason = result.gs1_message_error or "not a GS1 code"
                if "check digit" in reason:
                    raise BadCheckDigit(f"bad check digit in the GS1 code: {reason}")
                raise BarcodeError(f"unreadable GS1 code: {reason}")
            message = result.gs1_message
    except (biip.BiipException, ValueError, IndexError) as exc:
        if isinstance(exc, BarcodeError):
            raise
        reason = str(exc)
        if "check digit" in reason:
            raise BadCheckDigit(f"bad check digit in the GS1 code: {reason}") from None
        raise BarcodeError(f"unreadable GS1 code: {reason}") from None
    fields = {e.ai.ai: e for e in message.element_strings}
    gtin_field = fields.get("01") or fields.get("02")
    if gtin_field is None:
        raise BarcodeError("no product number (GTIN, AI 01) in this code")
    weight_g = None
    for ai, element in fields.items():
        if ai.startswith("310") and element.decimal is not None:
            weight_g = element.decimal * 1000
    gtin14 = gtin_field.value
    if not gtin_digits.is_valid(gtin14):
        raise BadCheckDigit(f"bad check digit in the product number {gtin14}: scan again")
    if gtin14.startswith("9") and weight_g is None:
        raise BarcodeError(f"weight missing: variable-weight product {gtin14} without AI 310n")
    lot = fields["10"].value if "10" in fields else None
    best = fields["15"].date if "15" in fields else None
    use_by = fields["17"].date if "17" in fields else None
    return ScannedCode(
        "gs1", message.value, gtin=gtin14, lookup_code=gtin14.lstrip("0").zfill(13),
        weight_g=weight_g, lot=lot, best_before=best, use_by=use_by, symbology=symbology,
    )
