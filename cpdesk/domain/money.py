"""Exact money: integer euro cents everywhere, Decimal for quantities, never float.

Belgian retail prices include VAT; VAT is extracted per rate from VAT-included totals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

VAT_RATES: tuple[int, ...] = (6, 12, 21)
GRAMS_PER_KG = 1000


def round_half_up(value: Decimal) -> int:
    """Round a Decimal amount of cents to a whole cent, halves away from zero."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def weighed_amount_cents(price_per_kg_cents: int, weight_g: int) -> int:
    """Price of a weighed item: price per kg × weight, rounded half-up to the cent."""
    return round_half_up(Decimal(price_per_kg_cents) * weight_g / GRAMS_PER_KG)


def unit_amount_cents(unit_price_cents: int, quantity: int | Decimal) -> int:
    """Price of `quantity` units (a Decimal quantity is allowed for kg-ordered lines)."""
    return round_half_up(Decimal(unit_price_cents) * Decimal(quantity))


def vat_included_in(total_cents: int, rate_pct: int) -> int:
    """The VAT contained in a VAT-included amount at `rate_pct` percent, to the cent."""
    if rate_pct not in VAT_RATES and rate_pct != 0:
        raise ValueError(f"unknown VAT rate {rate_pct}%")
    return round_half_up(Decimal(total_cents) * rate_pct / (100 + rate_pct))


@dataclass(frozen=True, slots=True)
class VatLine:
    rate_pct: int
    base_cents: int  # excluding VAT
    vat_cents: int
    total_cents: int  # including VAT


def vat_breakdown(amounts: Iterable[tuple[int, int]]) -> list[VatLine]:
    """Group (rate_pct, VAT-included cents) pairs per rate and extract VAT once per rate.

    Extracting per rate (not per line) is what a Belgian receipt shows; the base is the
    difference, so base + VAT == total exactly for each rate and over all rates.
    """
    totals: dict[int, int] = defaultdict(int)
    for rate, cents in amounts:
        totals[rate] += cents
    lines = []
    for rate in sorted(totals):
        total = totals[rate]
        vat = vat_included_in(total, rate)
        lines.append(VatLine(rate, total - vat, vat, total))
    return lines


def format_eur(cents: int, *, symbol: bool = True) -> str:
    """12,34 € in the French/Belgian style (comma decimals, thin grouping not used)."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    text = f"{sign}{euros},{rest:02d}"
    return f"{text} €" if symbol else text


def format_kg(weight_g: int) -> str:
    """1,234 kg with three decimals, as a scale shows it."""
    sign = "-" if weight_g < 0 else ""
    kg, g = divmod(abs(weight_g), 1000)
    return f"{sign}{kg},{g:03d} kg"
