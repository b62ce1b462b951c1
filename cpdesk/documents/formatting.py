"""Numbers, money and weights as printed on the A4 documents, in the document's language
(Belgian conventions of each, from Babel through `cpdesk.formats`: '12,34 €' in French,
'€ 12,34' in Dutch). Receipts keep the plain forms of `cpdesk.domain.money`: the ESC/POS
printer's code page and its fixed columns want them.
"""

from __future__ import annotations

from decimal import Decimal

from cpdesk import formats

from .i18n import tr


def quantity(lang: str, qty: Decimal, sale_unit: str) -> str:
    """'1,500 kg' for weighed goods, '3' (pieces) otherwise."""
    if sale_unit == "kg":
        return kg(int((qty * 1000).to_integral_value()), lang)
    return formats.number(int(qty) if qty == qty.to_integral_value() else qty, lang)


def unit_price(lang: str, cents: int, sale_unit: str) -> str:
    return eur(cents, lang) + (tr(lang, "per_kg") if sale_unit == "kg" else "")


def eur(cents: int, lang: str) -> str:
    """Euros from integer cents in `lang`'s form."""
    return formats.money(cents, lang)


def kg(weight_g: int, lang: str) -> str:
    """A weight with the scale's three decimals in `lang`'s form: '1,234 kg'."""
    return formats.weight_kg(weight_g, lang)
