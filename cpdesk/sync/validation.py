"""Checking files brought in from outside (CSV or JSON exports) before anything is imported.

Files from a web shop, a spreadsheet or a partner are untrusted: they may be in the wrong
encoding, hold NUL or control characters, values longer than the column that stores them,
numbers with more decimals than the database keeps, digits of another script, duplicated
columns or keys, or JSON nested deep enough to exhaust the stack. Each of these is refused
here, with the file, the line (CSV) or the JSON path and the reason; a value that passes is
returned exactly as it was written, never rounded, truncated, stripped or converted from
another type.

Use: describe a record with a `Schema` of typed fields (`Text`, `Code`, `Digits`, `Phone`,
`Exact`, `Whole`, `Day`, `Flag`, and `Nested`/`Many` for JSON objects and arrays), then read
the file with `reading` (`read_csv(path, schema)`, `read_json` then `check_json`), which
checks each row or object against it.

Any problem raises `ImportRefused` (a `CpdeskError`): its message is one line,
`FILE: WHERE: REASON; nothing imported`. Call `refuse(path, where, reason)` for problems
found later (an unknown product, a reference to a missing row) to keep the same form.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from cpdesk.errors import CpdeskError

# Characters refused in any text: controls (NUL included), lone surrogates (not encodable in
# UTF-8, refused by PostgreSQL), and the bidirectional overrides that make a text display
# differently from what it holds.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)
DECIMAL_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?", re.ASCII)
WHOLE_TEXT = re.compile(r"-?[0-9]+", re.ASCII)
DAY_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
PHONE_TEXT = re.compile(r"\+?[0-9 ./()-]+", re.ASCII)


class ImportRefused(CpdeskError):
    """A file refused whole: which file, where in it, and why."""

    def __init__(self, file: str, where: str, reason: str) -> None:
        super().__init__(f"{file}: {where}: {reason}; nothing imported")
        self.file, self.where, self.reason = file, where, reason


class Bad(Exception):
    """A value refused; the caller adds where it was (raised inside field checks)."""

    def __init__(self, reason: str, where: str = "") -> None:
        super().__init__(reason)
        self.reason, self.where = reason, where


def refuse(path: Path | str, where: str, reason: str) -> ImportRefused:
    return ImportRefused(str(path), where, reason)


def shown(value: Any, limit: int = 40) -> str:
    """A value quoted for a message, cut short (a refused value may be 200 kB long)."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def check_text(value: str, *, multiline: bool = False) -> None:
    """Refuse control characters, NUL, lone surrogates and bidirectional overrides."""
    for i, ch in enumerate(value):
        cat = unicodedata.category(ch)
        if ch == "\x00":
            raise Bad(f"NUL character at position {i + 1}")
        if cat == "Cs":
            raise Bad(f"invalid character (lone surrogate) at position {i + 1}")
        if cat == "Cc" and not (multiline and ch in "\n\t"):
            raise Bad(f"control character U+{ord(ch):04X} at position {i + 1}")
        if ch in BIDI_CONTROLS:
            raise Bad(f"text direction control U+{ord(ch):04X} at position {i + 1}")


# -- JSON values no field accepts as they are ---------------------------------------------

class JsonConstant:
    """NaN, Infinity or -Infinity in a JSON file: kept as a marker that no field accepts."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


class KeyTwice(dict[str, Any]):
    """A JSON object in which a key appears twice (`twice`); refused where it is checked,
    so that the refusal names its JSON path (json.loads itself would keep the last)."""

    twice: str = ""


# -- field types ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    """One value of a record. `required`: must be present and not empty."""

    required: bool = True
    default: Any = None  # returned for an absent or empty optional value

    def check(self, value: Any) -> Any:
        raise NotImplementedError

    def check_value(self, value: Any) -> Any:
        if value is None or value == "":
            if self.required:
                raise Bad("required, but empty" if value == "" else "required, but missing")
            return self.default
        return self.check(value)


def _text_of(value: Any) -> str:
    if not isinstance(value, str):
        raise Bad(f"expected a text, got {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, Decimal, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if value is None:
        return "null"
    if isinstance(value, JsonConstant):
        return value.name
    if isinstance(value, str):
        return "a text"
    return type(value).__name__


@dataclass(frozen=True)
class Text(Field):
    """Free text of at most `max_len` characters, stored exactly as written (no trimming)."""

    max_len: int = 200
    multiline: bool = False
    choices: tuple[str, ...] = ()

    def check(self, value: Any) -> str:
        text = _text_of(value)
        if len(text) > self.max_len:
            raise Bad(f"longer than {self.max_len} characters ({len(text)})")
        check_text(text, multiline=self.multiline)
        if text != text.strip():
            raise Bad(f"spaces before or after the text {shown(text)}")
        if self.choices and text not in self.choices:
            raise Bad(f"{shown(text)} is not one of {', '.join(self.choices)}")
        return text


@dataclass(frozen=True)
class Code(Text):
    """An identifier made of ASCII characters matching `pattern` (e.g. an order number)."""

    pattern: str = r"[A-Za-z0-9_.-]+"
    example: str = ""

    def check(self, value: Any) -> str:
        text = super().check(value)
        if not re.fullmatch(self.pattern, text, re.ASCII):
            hint = f" (expected like {self.example})" if self.example else ""
            raise Bad(f"bad code {shown(text)}{hint}")
        return text


@dataclass(frozen=True)
class Digits(Field):
    """ASCII digits 0-9 only (a postcode), `min_len` to `max_len` of them; kept as text."""

    min_len: int = 1
    max_len: int = 20

    def check(self, value: Any) -> str:
        text = _text_of(value)
        if not ASCII_DIGITS.fullmatch(text):
            raise Bad(f"{shown(text)} is not made of the digits 0-9")
        if not self.min_len <= len(text) <= self.max_len:
            size = (f"{self.max_len}" if self.min_len == self.max_len
                    else f"{self.min_len} to {self.max_len}")
            raise Bad(f"{shown(text)} should have {size} digits")
        return text


@dataclass(frozen=True)
class Phone(Field):
    """A phone number: an optional leading +, digits 0-9 and the separators ` ./()-`,
    with `min_digits` to `max_digits` digits (15 is the international maximum)."""

    min_digits: int = 6
    max_digits: int = 15
    max_len: int = 32

    def check(self, value: Any) -> str:
        text = _text_of(value)
        if len(text) > self.max_len:
            raise Bad(f"longer than {self.max_len} characters ({len(text)})")
        if not PHONE_TEXT.fullmatch(text):
            raise Bad(f"{shown(text)} is not a phone number (digits 0-9, + . / ( ) - and "
                      "spaces)")
        digits = sum(ch.isdigit() for ch in text)
        if not self.min_digits <= digits <= self.max_digits:
            raise Bad(f"{shown(text)} has {digits} digits, a phone number has "
                      f"{self.min_digits} to {self.max_digits}")
        return text


@dataclass(frozen=True)
class Exact(Field):
    """An exact decimal with at most `scale` decimals, between `low` and `high`.

    Written with a decimal point and ASCII digits ("1.250"), or a JSON number; never
    rounded: more decimals than the column keeps is refused. `positive` refuses zero and
    below."""

    scale: int = 3
    low: Decimal | None = None
    high: Decimal | None = None
    positive: bool = False

    def check(self, value: Any) -> Decimal:
        if isinstance(value, float):  # JSON read without parse_float=Decimal: already rounded
            raise Bad(f"{value!r} was read as a binary float, which is not exact")
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            raise Bad(f"expected a number, got {_kind(value)}")
        text = value if isinstance(value, str) else str(value)
        if not DECIMAL_TEXT.fullmatch(text):
            raise Bad(f"{shown(text)} is not a number written like 12 or 1.250")
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern lets only numbers through
            raise Bad(f"{shown(text)} is not a number") from None
        decimals = len(text.partition(".")[2])
        if decimals > self.scale:
            raise Bad(f"{shown(text)} has {decimals} decimal(s), at most {self.scale} kept")
        if self.positive and number <= 0:
            raise Bad(f"{shown(text)} must be above zero")
        if self.low is not None and number < self.low:
            raise Bad(f"{shown(text)} is below {self.low}")
        if self.high is not None and number > self.high:
            raise Bad(f"{shown(text)} is above {self.high}")
        return number


@dataclass(frozen=True)
class Whole(Field):
    """A whole number (ASCII digits, or a JSON integer) between `low` and `high`."""

    low: int | None = None
    high: int | None = None

    def check(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise Bad(f"expected a whole number, got {_kind(value)}")
        text = value if isinstance(value, str) else str(value)
        if not WHOLE_TEXT.fullmatch(text) or len(text) > 19:
            raise Bad(f"{shown(text)} is not a whole number")
        number = int(text)
        if self.low is not None and number < self.low:
            raise Bad(f"{shown(text)} is below {self.low}")
        if self.high is not None and number > self.high:
            raise Bad(f"{shown(text)} is above {self.high}")
        return number


@dataclass(frozen=True)
class Day(Field):
    """A calendar date written YYYY-MM-DD (no other ISO form, no time)."""

    def check(self, value: Any) -> dt.date:
        text = _text_of(value)
        if not DAY_TEXT.fullmatch(text):
            raise Bad(f"{shown(text)} is not a date written YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise Bad(f"{shown(text)} is not a date of the calendar") from None


@dataclass(frozen=True)
class Flag(Field):
    """Yes or no: a JSON true/false, or the text "true"/"false" in a CSV cell."""

    def check(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return bool(value == "true")
        raise Bad(f"expected true or false, got {shown(value)}")


@dataclass(frozen=True)
class Nested(Field):
    """A JSON object checked against its own schema."""

    schema: Schema | None = None

    def check(self, value: Any) -> dict[str, Any]:
        raise AssertionError("checked by Schema.check_json")  # pragma: no cover


@dataclass(frozen=True)
class Many(Field):
    """A JSON array of objects checked against `schema`, `min_items` to `max_items` long."""

    schema: Schema | None = None
    min_items: int = 0
    max_items: int = 100_000

    def check(self, value: Any) -> list[dict[str, Any]]:
        raise AssertionError("checked by Schema.check_json")  # pragma: no cover


@dataclass(frozen=True)
class Schema:
    """The fields of one record. A key or column not listed is refused (a misspelt optional
    column would otherwise be dropped without a word)."""

    fields: Mapping[str, Field] = field(default_factory=dict)

    def check_row(self, row: Mapping[str, Any], where: str) -> dict[str, Any]:
        """Check a flat record (a CSV row); `where` is e.g. "line 7"."""
        out = {}
        for name, spec in self.fields.items():
            try:
                out[name] = spec.check_value(row.get(name))
            except Bad as bad:
                raise Bad(f"{name}: {bad.reason}", where) from None
        return out

    def check_json(self, obj: Any, path: str) -> dict[str, Any]:
        """Check a JSON object, nested objects and arrays included; `path` is e.g. "$"."""
        if not isinstance(obj, dict):
            raise Bad(f"expected an object, got {_kind(obj)}", path)
        if isinstance(obj, KeyTwice):
            raise Bad(f"key {shown(obj.twice)} appears twice in this object", path)
        for key in obj:
            if key not in self.fields:
                raise Bad(f"unknown field {shown(key)}", path)
        out: dict[str, Any] = {}
        for name, spec in self.fields.items():
            here = f"{path}.{name}"
            value = obj.get(name)
            if isinstance(spec, (Nested, Many)) and value is not None:
                assert spec.schema is not None
                if isinstance(spec, Nested):
                    out[name] = spec.schema.check_json(value, here)
                    continue
                if not isinstance(value, list):
                    raise Bad(f"expected a list, got {_kind(value)}", here)
                if not spec.min_items <= len(value) <= spec.max_items:
                    raise Bad(f"{len(value)} items, expected {spec.min_items} to "
                              f"{spec.max_items}", here)
                out[name] = [spec.schema.check_json(item, f"{here}[{i}]")
                             for i, item in enumerate(value)]
                continue
            try:
                out[name] = spec.check_value(value)
            except Bad as bad:
                raise Bad(bad.reason, here) from None
        return out
