"""A line taken off the order centrally (kept at quantity 0) says so on the delivery note."""

from decimal import Decimal

import pytest

from cpdesk.documents.data import NoteLine
from cpdesk.documents.delivery_note import line_note, packed_text

WORDS = {"fr": "Retiré de la commande", "nl": "Uit de bestelling geschrapt",
         "de": "Aus der Bestellung gestrichen"}


@pytest.mark.parametrize("lang", sorted(WORDS))
def test_a_removed_line_is_named_not_shown_as_packed(lang: str) -> None:
    ln = NoteLine(line_no=2, product="Jus", producer="Ferme", sku="P1", sale_unit="unit",
                  unit_label="1 l", quantity=Decimal(0), unit_price_cents=350, packed_units=0,
                  packed_weight_g=None, amount_cents=0, vat_pct=6, state="removed")
    assert line_note(lang, ln) == WORDS[lang]
    assert packed_text(lang, ln) == "—"
