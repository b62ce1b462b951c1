"""Reading the network's CSV and JSON files into checked records, each with where it came from.

The whole input is read and every value checked before anything is written: a bad value
refuses the file with the file name, the line (CSV) or JSON path, and the reason. Values are
taken exactly as given or refused: nothing is trimmed, rounded or guessed (a price with three
decimals, a padded name, a control character, a non-ASCII digit are refused, not fixed).

One CSV file may hold several kinds of rows: a `record` column names the kind of each row
(`product`, `producer`, ...) and a row may fill only its kind's columns. A file of one kind
needs no `record` column. The JSON form has one list per kind: {"products": [{...}], ...}.
Lists inside a value (barcodes, weekdays) are space-separated in CSV, JSON arrays in JSON.

This module is the one place parsing happens, so the importers can switch to a shared
validation module without touching their logic (see `Record` and its typed getters).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from cpdesk.errors import CpdeskError

MAX_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 4
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MONEY = re.compile(r"^(0|[1-9][0-9]{0,6})(\.[0-9]{1,2})?$")
_INT = re.compile(r"^-?(0|[1-9][0-9]{0,8})$")
_DECIMAL = re.compile(r"^(0|[1-9][0-9]{0,6})(\.[0-9]{1,3})?$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Refused(CpdeskError):
    """A file refused whole: where (file and line or JSON path) and why."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}; nothing imported")
        self.where, self.reason = where, reason


@dataclass
class Record:
    """One row of one kind, with typed getters that refuse rather than fix."""

    kind: str
    where: str
    values: Mapping[str, Any]

    def _at(self, name: str) -> str:
        return f"{self.where} ({name})" if "line" in self.where else f"{self.where}.{name}"

    def refuse(self, name: str, reason: str) -> Refused:
        return Refused(self._at(name), reason)

    def _raw(self, name: str) -> Any:
        v = self.values.get(name)
        return None if v == "" else v

    def has(self, name: str) -> bool:
        return self._raw(name) is not None

    def text(self, name: str, max_len: int, *, required: bool = True, default: str = "",
             pattern: str | None = None) -> str:
        v = self._raw(name)
        if v is None:
            if required:
                raise self.refuse(name, "missing")
            return default
        if not isinstance(v, str):
            raise self.refuse(name, f"expected text, got {json.dumps(v)}")
        if len(v) > max_len:
            raise self.refuse(name, f"longer than {max_len} characters")
        if _CONTROL.search(v):
            raise self.refuse(name, "control character in the text")
        if v != v.strip():
            raise self.refuse(name, f"spaces around {v!r}")
        if pattern and not re.fullmatch(pattern, v):
            raise self.refuse(name, f"{v!r} is not of the form {pattern}")
        return v

    def choice(self, name: str, options: Sequence[str], *, default: str | None = None) -> str:
        v = self.text(name, 40, required=default is None, default=default or "")
        if v not in options:
            raise self.refuse(name, f"{v!r} is not one of {', '.join(options)}")
        return v

    def _number(self, name: str, regex: re.Pattern[str], what: str, required: bool) -> str | None:
        v = self._raw(name)
        if v is None:
            if required:
                raise self.refuse(name, "missing")
            return None
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            # JSON floats are refused: 0.1 + 0.2 is not a price; give decimals as strings.
            raise self.refuse(name, f"{what} expected as a string or integer, got {json.dumps(v)}")
        s = str(v)
        if not regex.fullmatch(s):
            raise self.refuse(name, f"{s!r} is not {what}")
        return s

    def cents(self, name: str, *, required: bool = True) -> int | None:
        """Euros with at most two decimals and a decimal point ("3.5", "12.40") -> cents."""
        s = self._number(name, _MONEY, "an amount in euros (digits, point, 2 decimals)", required)
        return None if s is None else int(Decimal(s) * 100)

    def integer(self, name: str, lo: int, hi: int, *, default: int | None = None) -> int:
        s = self._number(name, _INT, "a whole number", default is None)
        if s is None:
            assert default is not None
            return default
        n = int(s)
        if not lo <= n <= hi:
            raise self.refuse(name, f"{n} is outside {lo}..{hi}")
        return n

    def decimal(self, name: str, *, positive: bool = True) -> Decimal:
        s = self._number(name, _DECIMAL, "a decimal (digits, point, 3 decimals)", True)
        assert s is not None
        d = Decimal(s)
        if positive and d <= 0:
            raise self.refuse(name, "must be more than 0")
        return d

    def boolean(self, name: str, *, default: bool) -> bool:
        v = self._raw(name)
        if v is None:
            return default
        if isinstance(v, bool):
            return v
        if v in ("true", "false"):
            return v == "true"
        raise self.refuse(name, f"{json.dumps(v)} is not true or false")

    def time(self, name: str, *, required: bool = True) -> dt.time | None:
        v = self.text(name, 5, required=required)
        if not v:
            return None
        if not _TIME.fullmatch(v):
            raise self.refuse(name, f"{v!r} is not a time HH:MM")
        return dt.time.fromisoformat(v)

    def date(self, name: str) -> dt.date:
        v = self.text(name, 10, pattern=r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            raise self.refuse(name, f"{v!r} is not a date") from None

    def words(self, name: str, max_len: int, *, required: bool = False) -> list[str]:
        """A list: space-separated in CSV, an array of strings in JSON."""
        v = self._raw(name)
        if v is None:
            if required:
                raise self.refuse(name, "missing")
            return []
        items = v.split(" ") if isinstance(v, str) else v
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise self.refuse(name, "expected a list of texts")
        for i in items:
            if not i or len(i) > max_len or _CONTROL.search(i) or i != i.strip():
                raise self.refuse(name, f"bad item {i!r}")
        if len(set(items)) != len(items):
            raise self.refuse(name, "an item appears twice")
        return items

    def weekdays(self, name: str) -> str:
        """mon..sun -> ISO weekday digits in order, e.g. ["tue", "fri"] -> "25"."""
        days = self.words(name, 3, required=True)
        bad = [d for d in days if d not in DAYS]
        if bad:
            raise self.refuse(name, f"{bad[0]!r} is not one of {' '.join(DAYS)}")
        return "".join(str(DAYS.index(d) + 1) for d in sorted(days, key=DAYS.index))


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise CpdeskError(f"no file {path}")
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise Refused(path.name, f"larger than {MAX_BYTES // 1024 // 1024} MB")
    if b"\x00" in data:
        line = data[:data.index(b"\x00")].count(b"\n") + 1
        raise Refused(f"{path.name} line {line}", "NUL byte (not a text file?)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise Refused(f"{path.name} line {line}", "not UTF-8 text") from None


def read_records(path: Path, kinds: Mapping[str, Sequence[str]]) -> list[Record]:
    """Every record of `path` (CSV, or JSON by its .json suffix), in file order.

    `kinds`: kind -> its field names; in JSON the list of kind `k` is under `k + "s"`
    (or `k` itself when it already ends in s)."""
    text = _read_text(path)
    if path.suffix.lower() == ".json":
        return _json(path.name, text, kinds)
    return _csv(path.name, text, kinds)


def plural(kind: str) -> str:
    return kind if kind.endswith(("s", "ing", "staff")) else kind + "s"


def _csv(name: str, text: str, kinds: Mapping[str, Sequence[str]]) -> list[Record]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise Refused(name, "empty file") from None
    except csv.Error as exc:
        raise Refused(f"{name} line 1", f"not CSV ({exc})") from None
    one = next(iter(kinds)) if len(kinds) == 1 else None
    known = {"record"} | {f for fields in kinds.values() for f in fields}
    unknown = [h for h in header if h not in known]
    if unknown:
        raise Refused(f"{name} line 1", f"unknown column {unknown[0]!r}")
    if len(set(header)) != len(header):
        raise Refused(f"{name} line 1", "a column appears twice")
    if one is None and "record" not in header:
        raise Refused(f"{name} line 1", f"a 'record' column is needed ({', '.join(kinds)})")
    out = []
    try:
        for row in reader:
            where = f"{name} line {reader.line_num}"
            if not row:
                continue
            if len(row) != len(header):
                raise Refused(where, f"{len(row)} fields, the header has {len(header)}")
            values = dict(zip(header, row, strict=True))
            kind = values.pop("record", "") or one or ""
            if kind not in kinds:
                raise Refused(where, f"record {kind!r} is not one of {', '.join(kinds)}")
            stray = [k for k, v in values.items() if v and k not in kinds[kind]]
            if stray:
                raise Refused(where, f"column {stray[0]!r} does not belong to a {kind} row")
            out.append(Record(kind, where, values))
    except csv.Error as exc:
        raise Refused(f"{name} line {reader.line_num}", f"not CSV ({exc})") from None
    return out


def _depth(v: Any) -> int:
    if isinstance(v, dict):
        return 1 + max((_depth(x) for x in v.values()), default=0)
    if isinstance(v, list):
        return 1 + max((_depth(x) for x in v), default=0)
    return 0


def _json(name: str, text: str, kinds: Mapping[str, Sequence[str]]) -> list[Record]:
    try:
        data = json.loads(text, parse_float=lambda s: float(s), parse_constant=_no_constant)
    except (json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", 1)
        raise Refused(f"{name} line {line}", f"not JSON ({exc})") from None
    except ValueError as exc:
        raise Refused(name, str(exc)) from None
    if not isinstance(data, dict):
        raise Refused(f"{name} $", "expected an object of lists")
    if _depth(data) > MAX_DEPTH:
        raise Refused(f"{name} $", f"nested deeper than {MAX_DEPTH} levels")
    lists = {plural(k): k for k in kinds}
    unknown = [k for k in data if k not in lists]
    if unknown:
        raise Refused(f"{name} $.{unknown[0]}", f"unknown list (expected {', '.join(lists)})")
    out = []
    for key, kind in lists.items():
        items = data.get(key, [])
        if not isinstance(items, list):
            raise Refused(f"{name} $.{key}", "expected a list")
        for i, item in enumerate(items):
            where = f"{name} $.{key}[{i}]"
            if not isinstance(item, dict):
                raise Refused(where, "expected an object")
            stray = [k for k in item if k not in kinds[kind]]
            if stray:
                raise Refused(f"{where}.{stray[0]}", f"unknown field for a {kind}")
            out.append(Record(kind, where, item))
    return out


def _no_constant(s: str) -> Any:
    raise ValueError(f"{s} is not a number")
