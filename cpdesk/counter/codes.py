"""What a scanned code is, for the counter (small and isolated: the hardware issue brings
`cpdesk.hardware.barcodes`, which the lead can swap in here).

- EAN-13, EAN-8, GTIN-14 with a valid check digit: a product barcode (table `barcode`).
- GS1-128 / GS1 DataBar element string `01` + GTIN-14 + `3103` + 6 digits: net weight in kg
  with 3 decimals (AI 310n, n = decimals; GS1 General Specifications 3.6.2). Scanners send
  it with or without the symbology identifier `]C1`/`]e0`; a FNC1 arrives as GS (0x1D).
- In-store weight labels, EAN-13 with prefix 20: `20` + 5-digit item + 5-digit grams +
  check digit; the 7-character prefix+item is stored as barcode.code with kind 'scale'.
- Crate codes: `CR` + 10 Crockford base32 characters. Order numbers: `CP-YYMMDD-NNNN`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cpdesk.domain import gtin

_CRATE = re.compile(r"^CR[0-9A-HJKMNP-TV-Z]{10}$")
_ORDER = re.compile(r"^CP-\d{6}-\d{4}$")
_GS1_WEIGHT = re.compile(r"^01(\d{14})310([0-5])(\d{6})")


@dataclass(frozen=True)
class Scan:
    kind: str  # product | weighed | crate | order | unknown
    code: str  # the product barcode to look up, crate code, order number, or the raw text
    weight_g: int | None = None


def classify(raw: str) -> Scan:
    text = raw.strip().replace("\x1d", "")
    for prefix in ("]C1", "]e0", "]d2", "]E0", "]E4"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    upper = text.upper()
    if _CRATE.match(upper):
        return Scan("crate", upper)
    if _ORDER.match(upper):
        return Scan("order", upper)
    match = _GS1_WEIGHT.match(text)
    if match and gtin.is_valid(match.group(1)):
        decimals = int(match.group(2))
        weight_g = int(match.group(3)) * 1000 // 10**decimals
        return Scan("weighed", match.group(1), weight_g)
    if text.isdigit() and len(text) == 13 and text.startswith("20") and gtin.is_valid(text):
        return Scan("weighed", text[:7], int(text[7:12]))
    if text.isdigit() and len(text) in (8, 13, 14) and gtin.is_valid(text):
        return Scan("product", text)
    return Scan("unknown", text)
