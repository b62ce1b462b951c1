from cpdesk.counter.codes import classify
from cpdesk.domain.gtin import with_check_digit


def test_product_codes_need_a_valid_check_digit():
    ean = with_check_digit("541234500001")
    assert classify(ean).kind == "product"
    assert classify(ean[:-1] + str((int(ean[-1]) + 1) % 10)).kind == "unknown"
    assert classify(with_check_digit("9541234500002")).kind == "product"


def test_gs1_weight_and_in_store_weight_labels():
    gtin14 = with_check_digit("9541234500002")
    scan = classify(f"]C101{gtin14}3103001234")
    assert (scan.kind, scan.code, scan.weight_g) == ("weighed", gtin14, 1234)
    assert classify(f"01{gtin14}3102000150").weight_g == 1500
    label = with_check_digit("200100100845")
    scan = classify(label)
    assert (scan.kind, scan.code, scan.weight_g) == ("weighed", "2001001", 845)


def test_crates_and_orders():
    assert classify("cr0123456789").kind == "crate"
    assert classify("CP-261126-0042").kind == "order"
    assert classify("hello").kind == "unknown"
