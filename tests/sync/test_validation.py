"""The reusable checks of imported files (cpdesk/sync/validation.py, files read by
cpdesk/sync/reading.py), field by field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cpdesk.sync.reading import check_json, read_csv, read_json, read_text
from cpdesk.sync.validation import (
    Bad,
    Code,
    Day,
    Digits,
    Exact,
    Field,
    Flag,
    ImportRefused,
    Many,
    Nested,
    Phone,
    Schema,
    Text,
    Whole,
)


def refused(spec: Field, value: Any) -> str:
    with pytest.raises(Bad) as bad:
        spec.check_value(value)
    return bad.value.reason


@pytest.mark.parametrize("spec,value,reason", [
    (Text(max_len=5), "abcdef", "longer than 5 characters (6)"),
    (Text(), "a\x00b", "NUL character at position 2"),
    (Text(), "a\x1bb", "control character U+001B"),
    (Text(), "line\nbreak", "control character U+000A"),
    (Text(), "\ud83d", "lone surrogate"),
    (Text(), "abc\u2067", "text direction control U+2067"),
    (Text(), " padded", "spaces before or after"),
    (Text(), "\u00a0nbsp", "spaces before or after"),
    (Text(), 12, "expected a text, got a number"),
    (Text(), {"a": 1}, "expected a text, got an object"),
    (Text(), "", "required, but empty"),
    (Text(), None, "required, but missing"),
    (Text(choices=("a", "b")), "c", "'c' is not one of a, b"),
    (Code(pattern=r"[A-Z]{3}", example="HES"), "HE5", "bad code 'HE5' (expected like HES)"),
    (Code(pattern=r"[0-9]+"), "١٢", "bad code"),
    (Digits(min_len=4, max_len=4), "400", "should have 4 digits"),
    (Digits(), "４０００", "not made of the digits 0-9"),
    (Digits(), "-1", "not made of the digits 0-9"),
    (Phone(), "+32 4 222 33 4x", "is not a phone number"),
    (Phone(), "12345", "has 5 digits, a phone number has 6 to 15"),
    (Exact(scale=2), "1.005", "has 3 decimal(s), at most 2 kept"),
    (Exact(scale=0), "1.0", "has 1 decimal(s), at most 0 kept"),
    (Exact(), ".5", "not a number written like"),
    (Exact(), "5.", "not a number written like"),
    (Exact(), "+5", "not a number written like"),
    (Exact(), "1_000", "not a number written like"),
    (Exact(), "Infinity", "not a number written like"),
    (Exact(), 1.5, "read as a binary float, which is not exact"),
    (Exact(), False, "expected a number, got true/false"),
    (Exact(low=Decimal(1)), "0.999", "is below 1"),
    (Exact(high=Decimal(9)), "9.001", "is above 9"),
    (Whole(), "1.0", "is not a whole number"),
    (Whole(), "٣", "is not a whole number"),
    (Whole(), True, "expected a whole number, got true/false"),
    (Whole(low=0), "-1", "is below 0"),
    (Whole(), "9" * 20, "is not a whole number"),
    (Day(), "2026-11-30T10:00", "not a date written YYYY-MM-DD"),
    (Day(), "2026-13-01", "not a date of the calendar"),
    (Flag(), "yes", "expected true or false"),
    (Flag(), 1, "expected true or false"),
])
def test_a_bad_value_is_refused_with_its_reason(spec: Field, value: Any, reason: str) -> None:
    assert reason in refused(spec, value)


@pytest.mark.parametrize("spec,value,expected", [
    (Text(max_len=5), "abcde", "abcde"),
    (Text(multiline=True), "two\nlines\tand a tab", "two\nlines\tand a tab"),
    (Text(), "Zoë \u200dé", "Zoë \u200dé"),  # a joiner is text, not a control
    (Digits(min_len=4, max_len=4), "0400", "0400"),  # leading zero kept: a postcode is text
    (Phone(), "+32 (0)4 222.33-44", "+32 (0)4 222.33-44"),
    (Exact(scale=3), "1.250", Decimal("1.250")),
    (Exact(scale=3), Decimal("0.001"), Decimal("0.001")),
    (Exact(scale=3), 7, Decimal(7)),
    (Exact(), "-2.5", Decimal("-2.5")),
    (Whole(), "-12", -12),
    (Day(), "2028-02-29", dt.date(2028, 2, 29)),
    (Flag(), "false", False),
    (Flag(), True, True),
    (Text(required=False, default="x"), "", "x"),
    (Exact(required=False), None, None),
])
def test_a_good_value_is_returned_exactly(spec: Field, value: Any, expected: Any) -> None:
    got = spec.check_value(value)
    assert got == expected and type(got) is type(expected)
    if isinstance(got, Decimal):
        assert str(got) == str(expected)  # 1.250 keeps its scale


SHOP = Schema({"code": Code(max_len=8), "price": Exact(scale=2, positive=True),
               "tags": Many(schema=Schema({"name": Text(max_len=10)}), max_items=2,
                            required=False),
               "maker": Nested(schema=Schema({"name": Text()}), required=False)})


def test_json_paths_point_at_the_value(tmp_path: Path) -> None:
    f = tmp_path / "x.json"
    cases = {
        '{"code": "A", "price": 1.5, "tags": [{"name": "ok"}, {"name": "far too long"}]}':
            "$.tags[1].name: longer than 10 characters",
        '{"code": "A", "price": 1.5, "tags": [1, 2, 3]}': "$.tags: 3 items, expected 0 to 2",
        '{"code": "A", "price": 1.5, "maker": {"name": "x", "name": "y"}}':
            "$.maker: key 'name' appears twice",
        '{"code": "A", "price": 1.5, "maker": []}': "$.maker: expected an object, got a list",
        '{"code": "A", "price": -Infinity}': "$.price: expected a number, got -Infinity",
        '{"code": "A", "price": 1.555}': "$.price: '1.555' has 3 decimal(s)",
        '{"code": "A", "price": 1e2}': "$.price: '1E+2' is not a number written like",
        '{"code": "A"}': "$.price: required, but missing",
    }
    for text, message in cases.items():
        f.write_text(text, encoding="utf-8")
        with pytest.raises(ImportRefused) as err:
            check_json(f, read_json(f), SHOP)
        assert f"{f}: {message}" in str(err.value), text
    f.write_text('{"code": "A", "price": 19.90, "tags": [{"name": "bio"}]}', encoding="utf-8")
    assert check_json(f, read_json(f), SHOP) == {
        "code": "A", "price": Decimal("19.90"), "tags": [{"name": "bio"}], "maker": None}


def test_nesting_is_bounded_before_parsing(tmp_path: Path) -> None:
    f = tmp_path / "deep.json"
    f.write_text('{"a": "[[[[[[[[", "b":\n' + "[" * 5 + "]" * 5 + "}", encoding="utf-8")
    assert read_json(f, max_depth=6)["b"] == [[[[[]]]]]  # brackets in strings do not count
    with pytest.raises(ImportRefused, match=r"deep.json: line 2: nested deeper than 5 levels"):
        read_json(f, max_depth=5)


def test_file_level_limits(tmp_path: Path) -> None:
    f = tmp_path / "big.csv"
    f.write_bytes(b"x" * 101)
    with pytest.raises(ImportRefused, match="big.csv: file: 101 bytes, more than the 100"):
        read_text(f, max_bytes=100)
    with pytest.raises(ImportRefused, match="nope.csv: file: no such file"):
        read_text(tmp_path / "nope.csv")
    with pytest.raises(ImportRefused, match=": file: not a file"):
        read_text(tmp_path)
    f.write_bytes(b"a,b\n1,2\n\xff")
    with pytest.raises(ImportRefused, match=r"big.csv: line 3: not UTF-8 \(byte 0xFF\)"):
        read_text(f)


def test_csv_rows_and_their_line_numbers(tmp_path: Path) -> None:
    schema = Schema({"name": Text(multiline=True), "n": Whole(), "ok": Flag(required=False)})
    f = tmp_path / "rows.csv"
    f.write_text('name,n\n"two\nlines",1\n\nthird,x\n', encoding="utf-8")
    rows = read_csv(f, schema)
    assert next(rows) == ("line 2", {"name": "two\nlines", "n": 1, "ok": None})
    with pytest.raises(ImportRefused, match=r"rows.csv: line 5: n: 'x' is not a whole number"):
        next(rows)
