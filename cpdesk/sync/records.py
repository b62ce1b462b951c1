"""Reading the network's CSV and JSON files into checked records, each with where it came from.

The value checks are the shared ones of `cpdesk.sync.validation` (UTF-8 only, no NUL or
control characters, no spaces around a text, ASCII digits, exact decimals never rounded,
sizes of the columns, strict JSON with bounded nesting and no key twice); a bad value
refuses the file with the file name, the line (CSV) or JSON path, and the reason.

What this module adds is the shape of the network's files: one CSV file may hold several
kinds of rows, a `record` column naming the kind of each row (`product`, `producer`, ...),
and a row may fill only its kind's columns; a file of one kind needs no `record` column.
The JSON form has one list per kind: {"products": [{...}], ...}. Lists inside a value
(barcodes, weekdays) are space-separated in CSV, JSON arrays in JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import reading
from . import validation as v
from .validation import ImportRefused as Refused

__all__ = ["DAYS", "Record", "Refused", "plural", "read_records"]

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class Record:
    """One row of one kind, with typed getters that refuse rather than fix."""

    kind: str
    where: str  # "line 7" or "$.products[3]"
    values: Mapping[str, Any]
    path: Path

    def _at(self, name: str) -> str:
        return f"{self.where} ({name})" if self.where.startswith("line") else f"{self.where}.{name}"

    def refuse(self, name: str, reason: str) -> Refused:
        return v.refuse(self.path, self._at(name), reason)

    def _check(self, name: str, spec: v.Field) -> Any:
        try:
            return spec.check_value(self.values.get(name))
        except v.Bad as bad:
            raise self.refuse(name, bad.reason) from None

    def text(self, name: str, max_len: int, *, required: bool = True, default: str = "",
             pattern: str | None = None) -> str:
        spec: v.Field = (v.Code(max_len=max_len, pattern=pattern, required=required,
                                default=default) if pattern
                         else v.Text(max_len=max_len, required=required, default=default))
        return str(self._check(name, spec))

    def choice(self, name: str, options: Sequence[str], *, default: str | None = None) -> str:
        return str(self._check(name, v.Text(max_len=40, choices=tuple(options),
                                            required=default is None, default=default)))

    def cents(self, name: str, *, required: bool = True) -> int | None:
        """Euros with at most two decimals ("3.5", "12.40", or a JSON number) -> cents."""
        euros = self._check(name, v.Exact(scale=2, low=Decimal(0), high=Decimal(1_000_000),
                                          required=required))
        return None if euros is None else int(euros * 100)

    def integer(self, name: str, lo: int, hi: int, *, default: int | None = None) -> int:
        return int(self._check(name, v.Whole(low=lo, high=hi, required=default is None,
                                             default=default)))

    def boolean(self, name: str, *, default: bool) -> bool:
        return bool(self._check(name, v.Flag(required=False, default=default)))

    def time(self, name: str, *, required: bool = True) -> dt.time | None:
        text = self.text(name, 5, required=required, pattern=r"([01][0-9]|2[0-3]):[0-5][0-9]")
        return dt.time.fromisoformat(text) if text else None

    def words(self, name: str, max_len: int, *, required: bool = False) -> list[str]:
        """A list: space-separated in CSV, an array of texts in JSON."""
        raw = self.values.get(name)
        if raw is None or raw == "" or raw == []:
            if required:
                raise self.refuse(name, "required, but empty")
            return []
        items = raw.split(" ") if isinstance(raw, str) else raw
        if not isinstance(items, list):
            raise self.refuse(name, "expected a list of texts")
        spec = v.Text(max_len=max_len)
        out = []
        for item in items:
            try:
                out.append(spec.check_value(item))
            except v.Bad as bad:
                raise self.refuse(name, f"item {v.shown(item)}: {bad.reason}") from None
        if len(set(out)) != len(out):
            raise self.refuse(name, "an item appears twice")
        return out

    def weekdays(self, name: str) -> str:
        """mon..sun -> ISO weekday digits in order, e.g. ["tue", "fri"] -> "25"."""
        days = self.words(name, 3, required=True)
        bad = [d for d in days if d not in DAYS]
        if bad:
            raise self.refuse(name, f"{bad[0]!r} is not one of {' '.join(DAYS)}")
        return "".join(str(DAYS.index(d) + 1) for d in sorted(days, key=DAYS.index))


def plural(kind: str) -> str:
    return kind if kind.endswith(("s", "ing", "staff")) else kind + "s"


def read_records(path: Path, kinds: Mapping[str, Sequence[str]]) -> list[Record]:
    """Every record of `path` (CSV, or JSON by its .json suffix).

    `kinds`: kind -> its field names; in JSON the list of kind `k` is under `plural(k)`."""
    if path.suffix.lower() == ".json":
        return _json(path, kinds)
    return _csv(path, kinds)


def _csv(path: Path, kinds: Mapping[str, Sequence[str]]) -> list[Record]:
    one = next(iter(kinds)) if len(kinds) == 1 else None
    known = {"record"} | {f for fields in kinds.values() for f in fields}

    def check_header(header: list[str]) -> None:
        unknown = [h for h in header if h not in known]
        if unknown:
            raise v.refuse(path, "line 1", f"unknown column {v.shown(unknown[0])}")
        if len(set(header)) != len(header):
            raise v.refuse(path, "line 1", "a column appears twice")
        if one is None and "record" not in header:
            raise v.refuse(path, "line 1", f"a 'record' column is needed ({', '.join(kinds)})")

    out = []
    for where, values in reading.csv_table(path, check_header):
        kind = values.pop("record", "") or one or ""
        if kind not in kinds:
            raise v.refuse(path, where, f"record {v.shown(kind)} is not one of "
                           f"{', '.join(kinds)}")
        stray = [k for k, x in values.items() if x and k not in kinds[kind]]
        if stray:
            raise v.refuse(path, where, f"column {stray[0]!r} does not belong to a "
                           f"{kind} row")
        out.append(Record(kind, where, values, path))
    return out


def _json(path: Path, kinds: Mapping[str, Sequence[str]]) -> list[Record]:
    data = reading.read_json(path)
    if not isinstance(data, dict):
        raise v.refuse(path, "$", "expected an object of lists")
    if isinstance(data, v.KeyTwice):
        raise v.refuse(path, "$", f"key {v.shown(data.twice)} appears twice")
    lists = {plural(k): k for k in kinds}
    unknown = [k for k in data if k not in lists]
    if unknown:
        raise v.refuse(path, f"$.{unknown[0]}", f"unknown list (expected {', '.join(lists)})")
    out = []
    for key, kind in lists.items():
        items = data.get(key, [])
        if not isinstance(items, list):
            raise v.refuse(path, f"$.{key}", "expected a list")
        for i, item in enumerate(items):
            where = f"$.{key}[{i}]"
            if not isinstance(item, dict):
                raise v.refuse(path, where, "expected an object")
            if isinstance(item, v.KeyTwice):
                raise v.refuse(path, where, f"key {v.shown(item.twice)} appears twice")
            stray = [k for k in item if k not in kinds[kind]]
            if stray:
                raise v.refuse(path, f"{where}.{stray[0]}", f"unknown field for a {kind}")
            out.append(Record(kind, where, item, path))
    return out
