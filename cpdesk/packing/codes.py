"""What a scanned code is: an order slip, a crate, a product, or a product with its weight.

Deliberately small and isolated: the barcode module of the hardware issue (biip-based) is
meant to replace `classify` later; the packing service only relies on `Code`.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from cpdesk.domain import gtin


class CodeKind(enum.StrEnum):
    ORDER = "order"  # an order slip: CP-YYMMDD-NNNN
    CRATE = "crate"  # a crate label: CR + 10 Crockford base32 characters
    PRODUCT = "product"  # an EAN-8/EAN-13/GTIN-14 to match exactly in table `barcode`
    WEIGHED = "weighed"  # GS1-128 (01) GTIN + (3103) net weight: `value` is the GTIN-14
    SCALE = "scale"  # prefix-2 in-store EAN-13: `value` is the 7-char item prefix
    INVALID = "invalid"


class Invalid(enum.StrEnum):
    BAD_CHECK_DIGIT = "bad_check_digit"
    UNKNOWN_FORMAT = "unknown_format"


@dataclass(frozen=True, slots=True)
class Code:
    kind: CodeKind
    value: str
    weight_g: int | None = None
    invalid: Invalid | None = None


_ORDER = re.compile(r"^CP-\d{6}-\d{4}$")
_CRATE = re.compile(r"^CR[0-9A-HJKMNP-TV-Z]{10}$")
_AIM = re.compile(r"^\][A-Za-z]\d")  # symbology identifier sent by some scanners (]C1, ]E0)
_GS = "\x1d"
# Fixed-length GS1 AIs we accept after (01): net weight kg/3 decimals, best-before, use-by.
_FIXED_AIS = {"3103": 6, "15": 6, "17": 6, "11": 6, "13": 6}


def classify(raw: str) -> Code:
    """Classify one scanned string (already stripped of its Enter)."""
    code = _AIM.sub("", raw.strip())
    upper = code.upper()
    if _ORDER.match(upper):
        return Code(CodeKind.ORDER, upper)
    if _CRATE.match(upper):
        return Code(CodeKind.CRATE, upper)
    digits = code.replace(_GS, "")
    if code.startswith("01") and len(digits) > 16 and digits[:16].isdigit():
        return _gs1(code)
    if code.isdigit() and len(code) in (8, 13, 14):
        if not gtin.is_valid(code):
            return Code(CodeKind.INVALID, code, invalid=Invalid.BAD_CHECK_DIGIT)
        if len(code) == 13 and code[0] == "2":
            # Prefix-2 EAN-13 of a trade scale: 2P IIIII WWWWW C, weight in grams.
            return Code(CodeKind.SCALE, code[:7], weight_g=int(code[7:12]))
        return Code(CodeKind.PRODUCT, code)
    return Code(CodeKind.INVALID, code, invalid=Invalid.UNKNOWN_FORMAT)


def _gs1(code: str) -> Code:
    """GS1-128 element string: (01) GTIN-14 then fixed AIs, (10) lot up to a GS or the end."""
    gtin14 = code[2:16]
    if not gtin.is_valid(gtin14):
        return Code(CodeKind.INVALID, code, invalid=Invalid.BAD_CHECK_DIGIT)
    rest, weight_g = code[16:], None
    while rest:
        if rest.startswith(_GS):
            rest = rest[1:]
            continue
        for ai, size in _FIXED_AIS.items():
            if rest.startswith(ai) and len(rest) >= len(ai) + size and rest[len(ai):len(ai) + size].isdigit():
                if ai == "3103":  # kg with 3 decimals: the digits are grams
                    weight_g = int(rest[len(ai):len(ai) + size])
                rest = rest[len(ai) + size:]
                break
        else:
            if rest.startswith("10"):  # lot: variable length, ends at GS or the end
                end = rest.find(_GS)
                rest = "" if end < 0 else rest[end:]
                continue
            return Code(CodeKind.INVALID, code, invalid=Invalid.UNKNOWN_FORMAT)
    if weight_g is None:
        return Code(CodeKind.PRODUCT, gtin14)
    return Code(CodeKind.WEIGHED, gtin14, weight_g=weight_g)
