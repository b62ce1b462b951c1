"""Numbers and quantities as printed on documents (Belgian style: comma decimals)."""

from __future__ import annotations

from decimal import Decimal

from cpdesk import formats
from cpdesk.domain.money import format_eur, format_kg

from .i18n import tr


def quantity(lang: str, qty: Decimal, sale_unit: str) -> str:
    """'1,500 kg' for weighed goods, '3' (pieces) otherwise."""
    if sale_unit == "kg":
        return format_kg(int((qty * 1000).to_integral_value()))
    return formats.number(int(qty) if qty == qty.to_integral_value() else qty, lang)


def unit_price(lang: str, cents: int, sale_unit: str) -> str:
    return format_eur(cents) + (tr(lang, "per_kg") if sale_unit == "kg" else "")


def eur(cents: int) -> str:
    return format_eur(cents)


def kg(weight_g: int) -> str:
    return format_kg(weight_g)
