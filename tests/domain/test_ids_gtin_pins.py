import time

from hypothesis import given
from hypothesis import strategies as st

from cpdesk.domain import gtin
from cpdesk.domain.ids import new_id, short_code
from cpdesk.domain.pins import hash_pin, verify_pin


def test_ids_are_version_7_unique_and_time_ordered():
    ids = []
    for _ in range(50):
        ids.append(new_id())
        time.sleep(0.001)
    assert all(i.version == 7 for i in ids)
    assert len(set(ids)) == 50
    assert ids == sorted(ids)


def test_short_code_is_scanner_friendly():
    codes = {short_code(new_id()) for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 10
        assert set(code) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")  # no I, L, O, U


def test_known_check_digits():
    assert gtin.is_valid("5449000000996")  # a real EAN-13
    assert not gtin.is_valid("5449000000995")
    assert gtin.with_check_digit("541234500001") == "5412345000013"
    assert gtin.is_valid("96385074")  # EAN-8


@given(st.text(alphabet="0123456789", min_size=7, max_size=13))
def test_a_computed_check_digit_validates(body):
    assert gtin.is_valid(gtin.with_check_digit(body)) == (len(body) + 1 in (8, 12, 13, 14))


def test_pins_are_salted_and_verified():
    a, b = hash_pin("1234"), hash_pin("1234")
    assert a != b
    assert verify_pin("1234", a) and not verify_pin("1235", a)
    assert not verify_pin("1234", "garbage")


def test_a_first_pin_from_a_depot_is_only_a_hash_of_its_own_scheme():
    from cpdesk.domain.pins import is_first_pin_hash

    good = hash_pin("4711")
    assert is_first_pin_hash(good)
    assert not is_first_pin_hash(good.replace("scrypt$32768$", "scrypt$2$"))  # cheap to search
    assert not is_first_pin_hash("pbkdf2_sha256$1$00$" + "0" * 64)
    assert not is_first_pin_hash("pep1$" + good)  # a verifier
    assert not is_first_pin_hash(good + "\n") and not is_first_pin_hash("")
    assert not is_first_pin_hash(hash_pin("4711", salt=b"s" * 8))  # a short salt
