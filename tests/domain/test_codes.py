"""What a scanned code means: product codes, GS1, in-store scale labels, crates, orders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpdesk.domain.codes import BadCheckDigit, BarcodeError, ScaleLayout, parse_code
from cpdesk.domain.gtin import with_check_digit

EAN = with_check_digit("540014100712")  # 5400141007121


def test_ean13_ean8_upc_and_gtin14() -> None:
    code = parse_code(EAN)
    assert (code.kind, code.gtin, code.lookup_code) == ("gtin", "0" + EAN, EAN)
    assert parse_code("96385074").lookup_code == "96385074"
    upc = with_check_digit("03600029145")
    assert parse_code(upc).lookup_code == "0" + upc
    assert parse_code("0" + EAN).lookup_code == EAN


@pytest.mark.parametrize("bad", ["5400141007125", "96385075", "05400141007122"])
def test_bad_check_digit_is_said_plainly(bad: str) -> None:
    with pytest.raises(BarcodeError, match="bad check digit"):
        parse_code(bad)


def test_gs1_128_with_weight_lot_and_dates() -> None:
    gtin14 = with_check_digit("9540014100712")
    text = "]C101" + gtin14 + "3103001250" + "10LOT7\x1d" + "15270102" + "17270131"
    code = parse_code(text)
    assert code.kind == "gs1" and code.gtin == gtin14 and code.symbology == "]C1"
    assert code.weight_g == Decimal("1250.000")
    assert code.lot == "LOT7"
    assert code.best_before == dt.date(2027, 1, 2) and code.use_by == dt.date(2027, 1, 31)


def test_gs1_datamatrix_and_printed_text_forms() -> None:
    gtin14 = "0" + EAN
    dm = parse_code("]d201" + gtin14 + "3102012345")
    assert dm.weight_g == Decimal("123450.00") and dm.lookup_code == EAN
    hri = parse_code("(01)" + gtin14 + "(3103)000500(10)AB")
    assert hri.weight_g == Decimal("500.000") and hri.lot == "AB"
    databar = parse_code("]e001" + gtin14 + "3103000750")
    assert databar.weight_g == Decimal("750.000")


def test_variable_weight_gs1_without_weight_is_rejected() -> None:
    with pytest.raises(BarcodeError, match="weight missing"):
        parse_code("]C101" + with_check_digit("9540014100712") + "10LOT")


def test_gs1_bad_check_digit_in_gtin() -> None:
    with pytest.raises(BarcodeError, match="check digit"):
        parse_code("]C1010540014100712" + "9" + "3103001250")


def test_scale_label_default_layout_weight() -> None:
    code = parse_code(with_check_digit("2012345" + "01250"))
    assert (code.kind, code.lookup_code, code.weight_g) == ("scale", "2012345", Decimal(1250))


def test_scale_label_price_layout_from_depot_settings() -> None:
    layout = ScaleLayout.from_settings(
        {"scale_barcode": {"prefix": "28", "item_digits": 4, "value": "price", "decimals": 2}}
    )
    code = parse_code(with_check_digit("28" + "1234" + "003495"), layout)
    assert (code.lookup_code, code.price_cents, code.weight_g) == ("281234", 3495, None)
    # a prefix-2 code outside the configured prefix is an ordinary (internal) EAN
    assert parse_code(with_check_digit("211234500349"), layout).kind == "gtin"


def test_scale_label_with_zero_weight_says_weight_missing() -> None:
    with pytest.raises(BarcodeError, match="weight missing"):
        parse_code(with_check_digit("2012345" + "00000"))


def test_bad_layout_setting_is_refused() -> None:
    with pytest.raises(ValueError):
        ScaleLayout.from_settings({"scale_barcode": {"prefix": "x"}})


def test_crates_and_orders() -> None:
    assert parse_code("cr0123456789").kind == "crate"
    assert parse_code("CP-261128-0042").text == "CP-261128-0042"
    with pytest.raises(BarcodeError, match="crate"):
        parse_code("CR01234")
    with pytest.raises(BarcodeError, match="order slip"):
        parse_code("CP-2611-42")


def test_unknown_things_and_empty() -> None:
    for text, reason in [("", "empty"), ("hello", "not a code"), ("12345", "5 digits")]:
        with pytest.raises(BarcodeError, match=reason):
            parse_code(text)


# -- what the packing station and the counter rely on (ported from their stand-in parsers) --


def test_order_slip_and_crate_codes_are_recognised_case_insensitively() -> None:
    order = parse_code("cp-261126-0003\n")
    assert (order.kind, order.text) == ("order", "CP-261126-0003")
    crate = parse_code("cr0123456789")
    assert (crate.kind, crate.text) == ("crate", "CR0123456789")
    with pytest.raises(BarcodeError, match="not a crate code"):
        parse_code("CR01234567IL")  # I and L are not Crockford


def test_a_bad_check_digit_is_its_own_error_before_any_lookup() -> None:
    good = with_check_digit("541234500223")
    assert parse_code(good).kind == "gtin"
    with pytest.raises(BadCheckDigit):
        parse_code(good[:-1] + str((int(good[-1]) + 1) % 10))
    assert parse_code("96385074").kind == "gtin"  # EAN-8
    gtin14 = with_check_digit("9541234500002")
    code = parse_code(gtin14)  # a variable-measure GTIN-14 on its own: weigh it
    assert (code.kind, code.grams, code.candidates[0]) == ("gtin", None, gtin14)
    for text in ("hello", "12345", "01" + gtin14 + "99XX"):
        with pytest.raises(BarcodeError) as caught:
            parse_code(text)
        assert not isinstance(caught.value, BadCheckDigit)


def test_gs1_128_net_weight_in_whole_grams() -> None:
    good = with_check_digit("9876543210987")
    code = parse_code("01" + good + "3103000523")  # no symbology identifier
    assert (code.kind, code.gtin, code.grams) == ("gs1", good, 523)
    assert good in code.candidates
    # a lot before the weight, ended by the GS separator, and an AIM prefix
    assert parse_code("]C101" + good + "10LOT7\x1d" + "3103001250").grams == 1250
    assert parse_code("]C101" + good + "3103001234").grams == 1234
    assert parse_code("01" + good + "3102000150").grams == 1500  # 1.50 kg
    with pytest.raises(BadCheckDigit):
        parse_code("01" + good[:-1] + str((int(good[-1]) + 1) % 10) + "3103000523")


@pytest.mark.parametrize(("body", "item", "grams"),
                         [("200103700734", "2001037", 734), ("200100100845", "2001001", 845)])
def test_prefix_2_scale_label_gives_item_prefix_and_grams(body: str, item: str,
                                                          grams: int) -> None:
    code = parse_code(with_check_digit(body))
    assert (code.kind, code.lookup_code, code.grams, code.candidates[0]) == (
        "scale", item, grams, item)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_fuzz_any_text_gives_a_code_or_a_barcode_error(text: str) -> None:
    try:
        parse_code(text)
    except BarcodeError as exc:
        assert exc.reason
