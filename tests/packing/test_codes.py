from cpdesk.domain import gtin
from cpdesk.packing.codes import CodeKind, Invalid, classify


def test_order_slip_and_crate_codes_are_recognised_case_insensitively():
    assert classify("cp-261126-0003\n").kind is CodeKind.ORDER
    assert classify("CP-261126-0003").value == "CP-261126-0003"
    crate = classify("cr0123456789")
    assert crate.kind is CodeKind.CRATE and crate.value == "CR0123456789"
    assert classify("CR01234567IL").kind is CodeKind.INVALID  # I and L are not Crockford


def test_ean_with_a_bad_check_digit_is_refused_before_any_lookup():
    good = gtin.with_check_digit("541234500223")
    assert classify(good).kind is CodeKind.PRODUCT
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert classify(bad).invalid is Invalid.BAD_CHECK_DIGIT
    assert classify("96385074").kind is CodeKind.PRODUCT  # EAN-8


def test_gs1_128_with_net_weight_gives_grams():
    good = gtin.with_check_digit("9876543210987")
    code = classify("01" + good + "3103000523")
    assert code.kind is CodeKind.WEIGHED and code.value == good
    assert code.weight_g == 523
    # a lot number before the weight, ended by the GS separator, and an AIM prefix
    code = classify("]C101" + good + "10LOT7\x1d" + "3103001250")
    assert code.weight_g == 1250
    assert classify("01" + good[:-1] + str((int(good[-1]) + 1) % 10) + "3103000523").invalid is Invalid.BAD_CHECK_DIGIT
    assert classify("01" + good + "99XX").kind is CodeKind.INVALID


def test_prefix_2_scale_label_gives_item_prefix_and_grams():
    code = classify(gtin.with_check_digit("200103700734"))
    assert code.kind is CodeKind.SCALE and code.value == "2001037" and code.weight_g == 734


def test_garbage_is_unknown():
    assert classify("hello").invalid is Invalid.UNKNOWN_FORMAT
    assert classify("12345").invalid is Invalid.UNKNOWN_FORMAT
