"""A scanner's text understood: a US-layout scanner on an AZERTY keyboard is mapped back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpdesk.domain.gtin import with_check_digit
from cpdesk.hardware.barcodes import BadCheckDigit, BarcodeError, parse_barcode, scanned_kind
from cpdesk.hardware.wedge import from_us_on_azerty

EAN = with_check_digit("540014100712")  # 5400141007121


def to_us_on_azerty(text: str) -> str:
    back = {"1": "&", "2": "é", "3": '"', "4": "'", "5": "(", "6": "§", "7": "è", "8": "!",
            "9": "ç", "0": "à", "-": ")", "A": "Q", "Q": "A", "Z": "W", "W": "Z", "M": "?"}
    return "".join(back.get(c, c) for c in text)


def test_us_layout_scanner_on_azerty_is_mapped() -> None:
    assert from_us_on_azerty('&é"\'(§è!çà') == "1234567890"
    code = parse_barcode(to_us_on_azerty(EAN))
    assert code.lookup_code == EAN and code.remapped
    order = parse_barcode(to_us_on_azerty("CP-261128-0042"))
    assert order.text == "CP-261128-0042" and order.remapped


def test_us_layout_scanner_that_gives_no_valid_code_is_reported() -> None:
    with pytest.raises(BarcodeError, match="US keyboard layout"):
        parse_barcode(to_us_on_azerty("5400141007125"))


def test_printed_gs1_form_with_a_bad_check_digit_is_not_blamed_on_the_layout() -> None:
    # `(` is also the AZERTY sign of a US scanner's 5: the digits say the layout is fine.
    for text in ("(01)05412345678901(3103)001250", "(01)05412345678901"):
        with pytest.raises(BadCheckDigit, match="check digit") as caught:
            parse_barcode(text)
        assert "layout" not in str(caught.value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789()\x1d]Cde1-&é\"'(§è!çàCRP", max_size=50))
def test_fuzz_barcode_like_text(text: str) -> None:
    try:
        parse_barcode(text)
    except BarcodeError:
        pass



def test_a_plain_code_reads_as_the_domain_reads_it() -> None:
    code = parse_barcode(" " + EAN + "\r\n")
    assert (code.kind, code.lookup_code, code.remapped) == ("gtin", EAN, False)
    assert scanned_kind("CR01234567IL") is None and scanned_kind("cr0123456789") == "crate"
    with pytest.raises(BarcodeError, match="empty"):
        parse_barcode("  ")
