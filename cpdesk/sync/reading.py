"""Reading a file brought in from outside, before its values are checked (`validation`):
its size, UTF-8 only, no NUL; CSV with a header row (each format checks its own header),
rows with their line number; JSON parsed strictly (bounded nesting, no key twice, no
NaN/Infinity, exact decimals). A problem refuses the whole file, naming the line or path.

    for where, values in read_csv(path, schema): ...        # where = "line 7"
    data = read_json(path)                                  # strict JSON, bounded nesting
    values = check_json(path, data, schema)                 # where = "$.orders[3].sku"
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from .validation import Bad, JsonConstant, KeyTwice, Schema, refuse, shown

MAX_FILE_BYTES = 100 * 1024 * 1024  # a week of web-shop orders is a few MB
MAX_DEPTH = 16  # nesting of JSON arrays/objects; the formats here need at most 5


def read_text(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file as text: UTF-8 only (a leading byte-order mark is allowed), no NUL byte."""
    if not path.is_file():
        raise refuse(path, "file", "no such file" if not path.exists() else "not a file")
    size = path.stat().st_size
    if size > max_bytes:
        raise refuse(path, "file", f"{size} bytes, more than the {max_bytes} accepted")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise refuse(path, "file", f"cannot be read ({exc.strerror or exc})") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise refuse(path, f"line {line}", f"not UTF-8 (byte 0x{raw[exc.start]:02X}); save "
                     "the file as UTF-8") from None
    nul = text.find("\x00")
    if nul >= 0:
        raise refuse(path, f"line {text.count(chr(10), 0, nul) + 1}", "NUL character")
    return text


def csv_table(path: Path, check_header: Callable[[list[str]], None], *,
              max_bytes: int = MAX_FILE_BYTES) -> Iterator[tuple[str, dict[str, str]]]:
    """The rows of a CSV file with a header row, as ("line N", {column: cell}), blank lines
    skipped. `check_header` refuses a header the format does not take; an empty file, a row
    with more or fewer cells than the header, or text that is not CSV refuses the file."""
    text = read_text(path, max_bytes=max_bytes)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise refuse(path, "line 1", "empty file: expected a header row")
        check_header(header)
        while True:
            start = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                break
            where = f"line {start}"
            if not cells:
                continue  # a blank line
            if len(cells) != len(header):
                raise refuse(path, where, f"{len(cells)} cells, the header has {len(header)}")
            yield where, dict(zip(header, cells, strict=True))
    except csv.Error as exc:
        reason = str(exc)
        if "field larger than field limit" in reason:
            reason = f"a value longer than {csv.field_size_limit()} characters"
        raise refuse(path, f"line {reader.line_num}", f"not valid CSV ({reason})") from None


def read_csv(path: Path, schema: Schema, *, max_bytes: int = MAX_FILE_BYTES,
             ) -> Iterator[tuple[str, dict[str, Any]]]:
    """Rows of a CSV file with a header row, checked against `schema`: ("line N", values).

    The header must name each required column once; a duplicated or unknown column, a row
    with more or fewer cells than the header, or a bad value refuses the file."""
    def check_header(header: list[str]) -> None:
        seen: set[str] = set()
        for name in header:
            if name in seen:
                raise refuse(path, "line 1", f"column {shown(name)} appears twice")
            seen.add(name)
            if name not in schema.fields:
                raise refuse(path, "line 1", f"unknown column {shown(name)}")
        missing = [n for n, spec in schema.fields.items() if spec.required and n not in seen]
        if missing:
            raise refuse(path, "line 1", f"missing column(s) {', '.join(missing)}")

    rows = 0
    for where, cells in csv_table(path, check_header, max_bytes=max_bytes):
        try:
            values = schema.check_row(cells, where)
        except Bad as bad:
            raise refuse(path, bad.where or where, bad.reason) from None
        rows += 1
        yield where, values
    if rows == 0:
        raise refuse(path, "line 2", "no rows after the header")


# -- JSON ---------------------------------------------------------------------------------

def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            dup = KeyTwice(pairs)
            dup.twice = key
            return dup
        out[key] = value
    return out


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def _deepest(text: str, max_depth: int) -> int | None:
    """The offset where nesting first goes deeper than `max_depth`, else None (strings are
    skipped; checked before parsing, so a deep file never reaches the recursive parser)."""
    depth = 0
    for m in _JSON_TOKEN.finditer(text):
        token = m.group()
        if token in "[{":
            depth += 1
            if depth > max_depth:
                return m.start()
        elif token in "]}":
            depth -= 1
    return None


def read_json(path: Path, *, max_bytes: int = MAX_FILE_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """A JSON file parsed strictly: UTF-8, nesting at most `max_depth`, no key twice in one
    object, no NaN/Infinity (both refused by `check_json` at their path); numbers with a
    decimal point come back as exact `Decimal`."""
    text = read_text(path, max_bytes=max_bytes)
    deep = _deepest(text, max_depth)
    if deep is not None:
        raise refuse(path, f"line {text.count(chr(10), 0, deep) + 1}",
                     f"nested deeper than {max_depth} levels")
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=JsonConstant,
                          object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise refuse(path, f"line {exc.lineno}", f"not valid JSON ({exc.msg}, column "
                     f"{exc.colno})") from None
    except RecursionError:  # pragma: no cover - _deepest stops deep files before parsing
        raise refuse(path, "file", f"nested deeper than {max_depth} levels") from None


def check_json(path: Path, data: Any, schema: Schema, where: str = "$") -> dict[str, Any]:
    """`schema.check_json` with a refusal naming the file and the JSON path."""
    try:
        return schema.check_json(data, where)
    except Bad as bad:
        raise refuse(path, bad.where or where, bad.reason) from None
