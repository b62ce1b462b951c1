"""GS1 check digits (EAN-8, EAN-13, GTIN-14): shared by the demo generator and the scanners."""

from __future__ import annotations


def check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for the digits of `body` (without its check digit)."""
    if not body.isdigit():
        raise ValueError(f"not digits: {body!r}")
    total = 0
    for i, ch in enumerate(reversed(body)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return (10 - total % 10) % 10


def with_check_digit(body: str) -> str:
    return body + str(check_digit(body))


def is_valid(code: str) -> bool:
    """True for an 8, 12, 13 or 14 digit code whose last digit is its check digit."""
    return (
        code.isdigit()
        and len(code) in (8, 12, 13, 14)
        and check_digit(code[:-1]) == int(code[-1])
    )
