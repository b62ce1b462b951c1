from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cpdesk.domain.money import (
    VAT_RATES,
    format_eur,
    format_kg,
    unit_amount_cents,
    vat_breakdown,
    vat_included_in,
    weighed_amount_cents,
)


def test_weighed_price_rounds_half_up_to_the_cent():
    # 3,99 €/kg × 0,125 kg = 0,49875 € → 0,50 €
    assert weighed_amount_cents(399, 125) == 50
    # 2,50 €/kg × 0,001 kg = 0,0025 € → 0,00 € ; × 0,002 kg = 0,005 € → 0,01 €
    assert weighed_amount_cents(250, 1) == 0
    assert weighed_amount_cents(250, 2) == 1


def test_vat_is_extracted_from_included_total():
    assert vat_included_in(106, 6) == 6
    assert vat_included_in(121, 21) == 21
    assert vat_included_in(1000, 21) == 174  # 1000 × 21/121 = 173,55


def test_breakdown_groups_per_rate():
    lines = vat_breakdown([(6, 500), (21, 242), (6, 560)])
    assert [(v.rate_pct, v.total_cents) for v in lines] == [(6, 1060), (21, 242)]
    assert lines[0].vat_cents == 60 and lines[0].base_cents == 1000
    assert lines[1].vat_cents == 42 and lines[1].base_cents == 200


@given(st.lists(st.tuples(st.sampled_from(VAT_RATES), st.integers(-10**7, 10**7)), max_size=40))
def test_breakdown_always_sums_to_the_total(amounts):
    lines = vat_breakdown(amounts)
    assert sum(v.total_cents for v in lines) == sum(c for _, c in amounts)
    for v in lines:
        assert v.base_cents + v.vat_cents == v.total_cents
        assert abs(v.vat_cents) <= abs(v.total_cents)


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_weighed_amount_is_within_half_a_cent_of_exact(price, grams):
    exact = Decimal(price) * grams / 1000
    assert abs(weighed_amount_cents(price, grams) - exact) <= Decimal("0.5")


@given(st.integers(0, 10**6), st.integers(0, 1000))
def test_unit_amount_is_exact_for_whole_units(price, qty):
    assert unit_amount_cents(price, qty) == price * qty


def test_formats():
    assert format_eur(123456) == "1234,56 €"
    assert format_eur(-5) == "-0,05 €"
    assert format_kg(1234) == "1,234 kg"
