"""Scale protocols: parsers of bytes into readings, and each protocol's settings as data.

One interface for all protocols: `parser.feed(bytes) -> list[Reading]`. A parser keeps the
bytes of a partial frame until the rest arrives, resynchronises on the next frame start
after garbage, and counts what it threw away (`errors`, `last_error`, `garbage_bytes`)
instead of raising. `parse_frame(frame)` parses one complete frame and raises only
`ScaleParseError`.

Frame layouts (from the manuals cited per parser):

- mt-sics: `S S     100.00 g\r\n` (MT-SICS reference manual, command S/SI): `S S` stable,
  `S D` dynamic, `S +` overload, `S -` underload, `S I` busy; `ES`/`ET`/`EL` errors.
- toledo-8217: STX `  1.234` [`N`] CR answers `W`; STX `?` status CR while not weighable
  (bit 0 motion, 1 over capacity, 2 under zero, 3 outside zero range, 4 centre of zero,
  5 net; bit 6 is set by many scales only to keep the status a printable letter, so it
  means "bad command" only when none of bits 0-4 is set).
- toledo-continuous: STX SWA SWB SWC + 6 weight digits + 6 tare digits + CR [+ checksum]
  (SWA bits 0-2 decimal point code, SWB bit 0 net, 1 negative, 2 out of range, 3 motion,
  4 kg else lb).
- cas: 22 bytes `ST,GS,` ID LAMP `,` weight(8) ` ` unit(2) CR LF; `ST`/`US`/`OL` header,
  `GS`/`NT` gross/net, lamp bit 6 stable.
- regex: a request string and a regular expression with named groups (`weight`, and
  optionally `unit`, `stable`, `motion`, `net`, `overload`, `underload`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from cpdesk.errors import BadSetting

from .transport import LineSettings

STX, CR, LF = 0x02, 0x0D, 0x0A

# Exact factors to grams; the avoirdupois pound is defined as exactly 453.59237 g.
GRAMS_PER_UNIT = {
    "mg": Decimal("0.001"),
    "g": Decimal(1),
    "kg": Decimal(1000),
    "lb": Decimal("453.59237"),
    "oz": Decimal("28.349523125"),
}


class ScaleParseError(ValueError):
    """A frame that is not what the protocol says; the reader counts it and goes on."""


@dataclass(frozen=True)
class Reading:
    """One reading. `weight_g` is None when the scale sends no weight (overload, motion)."""

    weight_g: Decimal | None
    unit: str
    stable: bool
    net: bool = False
    overload: bool = False
    underload: bool = False
    raw: bytes = b""
    tare_g: Decimal | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "weight_g": _json_number(self.weight_g),
            "unit": self.unit,
            "stable": self.stable,
            "net": self.net,
            "overload": self.overload,
            "underload": self.underload,
            "raw": self.raw.decode("latin-1"),
        }

    def describe(self) -> str:
        if self.overload:
            return "overload"
        if self.underload:
            return "underload"
        if self.weight_g is None:
            return "moving (no weight)"
        state = "stable" if self.stable else "moving"
        return f"{self.weight_g} g {'net' if self.net else 'gross'} {state}"


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def to_grams(number: str, unit: str) -> Decimal:
    """`"1.234", "kg"` → `Decimal("1234.000")`: exact, never through float."""
    factor = GRAMS_PER_UNIT.get(unit.strip().lower())
    if factor is None:
        raise ScaleParseError(f"unknown unit {unit!r}")
    try:
        value = Decimal(number.replace(" ", ""))
    except InvalidOperation:
        raise ScaleParseError(f"not a number: {number!r}") from None
    if not value.is_finite():
        raise ScaleParseError(f"not a number: {number!r}")
    return value * factor


class FrameParser:
    """Base: buffering, resynchronisation and error counting; subclasses frame and parse."""

    max_buffer = 256  # bytes kept while waiting for a frame end; more is garbage

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.errors = 0
        self.frames = 0
        self.garbage_bytes = 0
        self.last_error = ""

    def feed(self, data: bytes) -> list[Reading]:
        self.buffer += data
        readings: list[Reading] = []
        while (frame := self._next_frame()) is not None:
            try:
                reading = self.parse_frame(frame)
            except ScaleParseError as exc:
                self._error(str(exc), len(frame))
                continue
            self.frames += 1
            if reading is not None:
                readings.append(reading)
        if len(self.buffer) > self.max_buffer:
            self._error("no frame end in the stream", len(self.buffer))
            self.buffer.clear()
        return readings

    def _error(self, message: str, n_bytes: int) -> None:
        self.errors += 1
        self.garbage_bytes += n_bytes
        self.last_error = message

    def _next_frame(self) -> bytes | None:
        raise NotImplementedError

    def parse_frame(self, frame: bytes) -> Reading | None:
        raise NotImplementedError


class LineParser(FrameParser):
    """Frames end with LF (CR LF or LF); empty lines are ignored."""

    def _next_frame(self) -> bytes | None:
        while True:
            end = self.buffer.find(b"\n")
            if end < 0:
                return None
            frame = bytes(self.buffer[: end + 1])
            del self.buffer[: end + 1]
            if frame.strip(b"\r\n\x00 "):
                return frame


def _text(frame: bytes) -> str:
    if any(b >= 0x80 for b in frame):
        raise ScaleParseError("bytes with the high bit set: wrong baud rate or parity?")
    return frame.decode("ascii").strip("\r\n\x00")


_NUMBER = re.compile(r"^[+-]?\s*\d+(\.\d*)?$|^[+-]?\s*\.\d+$", re.ASCII)
_MT_WEIGHT = re.compile(r"(?<![A-Z])SI? ([SD]) +([+-]?[0-9.]+) *([a-zA-Z]*)$", re.ASCII)
_MT_SHORT = re.compile(r"(?<![A-Z])SI? ([+\-I])$", re.ASCII)
_MT_START = re.compile(r"(?<![A-Z])(ES|ET|EL|TA|T|Z|I4|@)(?= |$)", re.ASCII)


class MtSicsParser(LineParser):
    """MT-SICS level 0: replies to S, SI and SIR; acknowledgements of T and Z are no readings."""

    ERRORS = {"ES": "syntax error", "ET": "transmission error", "EL": "logical error"}

    def parse_frame(self, frame: bytes) -> Reading | None:
        text = frame.decode("latin-1").strip("\r\n\x00 ")
        # Search from the right end so that noise or a cut-off reply before the real
        # reply on the same line is skipped (and counted) rather than failing the line.
        match = _MT_WEIGHT.search(text) or _MT_SHORT.search(text) or _MT_START.search(text)
        if match is None:
            raise ScaleParseError(f"not an MT-SICS reply: {text!r}")
        if match.start() > 0:
            self._error("bytes before the frame start", match.start())
        parts = text[match.start():].split()
        if parts[0] in self.ERRORS:
            raise ScaleParseError(f"scale answered {parts[0]} ({self.ERRORS[parts[0]]})")
        if parts[0] not in ("S", "SI"):
            return None  # acknowledgement of tare/zero/reset; the weight comes with S
        status = parts[1] if len(parts) > 1 else ""
        if status == "+":
            return Reading(None, "", stable=False, overload=True, raw=frame)
        if status == "-":
            return Reading(None, "", stable=False, underload=True, raw=frame)
        if status == "I":
            raise ScaleParseError("scale busy (S I): command not executable now")
        if match.re is not _MT_WEIGHT:
            raise ScaleParseError(f"not an MT-SICS weight reply: {text!r}")
        status, number, unit = match.groups()
        if not _NUMBER.match(number):
            raise ScaleParseError(f"not a weight: {number!r}")
        unit = unit or "g"
        return Reading(to_grams(number, unit), unit, stable=status == "S", raw=frame)


class Toledo8217Parser(FrameParser):
    """Mettler Toledo 8217 ("protocol 3"): STX weight CR, or STX ? status CR."""

    def __init__(self, unit: str = "kg") -> None:
        super().__init__()
        self.unit = unit

    def _next_frame(self) -> bytes | None:
        start = self.buffer.find(bytes([STX]))
        if start < 0:
            if self.buffer:
                self._error("bytes outside a frame", len(self.buffer))
                self.buffer.clear()
            return None
        if start > 0:
            self._error("bytes before the frame start", start)
            del self.buffer[:start]
        if self.buffer[1:2] == b"?":  # status frame: STX ? status CR, status may be any byte
            if len(self.buffer) < 4:
                return None
            frame = bytes(self.buffer[:4])
            del self.buffer[:4]
            return frame
        end = self.buffer.find(bytes([CR]))
        if end < 0:
            return None
        nxt = self.buffer.find(bytes([STX]), 1, end)
        if nxt > 0:  # a new frame began before this one ended: drop the partial frame
            self._error("partial frame", nxt)
            del self.buffer[:nxt]
            return self._next_frame()
        frame = bytes(self.buffer[: end + 1])
        del self.buffer[: end + 1]
        return frame

    def parse_frame(self, frame: bytes) -> Reading | None:
        if len(frame) < 3 or frame[0] != STX or frame[-1] != CR:
            raise ScaleParseError("not an 8217 frame")
        body = frame[1:-1]
        if body[:1] == b"?":
            if len(body) != 2:
                raise ScaleParseError("bad status frame")
            status = body[1]
            # Bits 0-4 first: `?D` (0x44) is "under zero" with bit 6 set to make it a letter.
            if status & 0x40 and not status & 0x1F:
                raise ScaleParseError("scale says: bad command")
            return Reading(
                None,
                self.unit,
                stable=False,
                net=bool(status & 0x20),
                overload=bool(status & 0x02),
                underload=bool(status & 0x04),
                raw=frame,
            )
        if body[:1] == b"E":
            return None  # echo of the `E` probe
        text = _text(body).strip()
        net = text.endswith("N")
        number = text.removesuffix("N").strip()
        if not _NUMBER.match(number):
            raise ScaleParseError(f"not a weight: {text!r}")
        return Reading(to_grams(number, self.unit), self.unit, stable=True, net=net, raw=frame)


class ToledoContinuousParser(FrameParser):
    """Toledo continuous output: fixed 17-byte frames (18 with the checksum byte)."""

    def __init__(self, checksum: bool = False) -> None:
        super().__init__()
        self.checksum = checksum
        self.size = 18 if checksum else 17

    def _next_frame(self) -> bytes | None:
        while True:
            start = self.buffer.find(bytes([STX]))
            if start < 0:
                if self.buffer:
                    self._error("bytes outside a frame", len(self.buffer))
                    self.buffer.clear()
                return None
            if start > 0:
                self._error("bytes before the frame start", start)
                del self.buffer[:start]
            if len(self.buffer) < self.size:
                return None
            if self.buffer[16] == CR:
                frame = bytes(self.buffer[: self.size])
                del self.buffer[: self.size]
                return frame
            self._error("frame without CR at byte 17 (partial frame)", 1)
            del self.buffer[:1]  # resynchronise on the next STX

    def parse_frame(self, frame: bytes) -> Reading | None:
        if len(frame) != self.size or frame[0] != STX or frame[16] != CR:
            raise ScaleParseError("not a continuous-output frame")
        if self.checksum and frame[17] != checksum_7bit(frame[:17]):
            raise ScaleParseError("checksum mismatch")
        swa, swb = frame[1], frame[2]
        digits, tare_digits = frame[4:10], frame[10:16]
        if not (digits.isdigit() and tare_digits.replace(b" ", b"0").isdigit()):
            raise ScaleParseError("weight is not 6 digits")
        exponent = (swa & 0x07) - 2  # code 0: x100, 1: x10, 2: x1, 3: 0.1 ... 7: 0.00001
        unit = "kg" if swb & 0x10 else "lb"
        scale = Decimal(10) ** -exponent
        weight = Decimal(int(digits)) * scale
        tare = Decimal(int(tare_digits.replace(b" ", b"0"))) * scale
        if swb & 0x02:
            weight = -weight
        out_of_range = bool(swb & 0x04)
        factor = GRAMS_PER_UNIT[unit]
        return Reading(
            None if out_of_range else weight * factor,
            unit,
            stable=not (swb & 0x08) and not out_of_range,
            net=bool(swb & 0x01),
            overload=out_of_range and not swb & 0x02,
            underload=out_of_range and bool(swb & 0x02),
            raw=frame,
            tare_g=tare * factor,
        )


def checksum_7bit(data: bytes) -> int:
    """Two's complement of the 7-bit sum of the bytes (Toledo continuous output)."""
    return (-sum(data)) & 0x7F


_CAS = re.compile(
    rb"(ST|US|OL),(GS|NT),(.)(.),([ -~]{8}) ?(kg|lb|oz|g ?)\s*$", re.DOTALL
)


class CasParser(LineParser):
    """CAS 22-byte frames (CAS PB, ER, CI series continuous output)."""

    def parse_frame(self, frame: bytes) -> Reading | None:
        match = _CAS.search(frame.rstrip(b"\r\n"))
        if not match:
            raise ScaleParseError(f"not a CAS frame: {frame!r}")
        if match.start() > 0:  # noise or a cut-off frame before this one on the line
            self._error("bytes before the frame start", match.start())
        header, kind, _device, lamp, number, unit_b = match.groups()
        unit = unit_b.decode().strip()
        text = number.decode().strip()
        negative = "-" in text
        if header == b"OL":
            return Reading(
                None, unit, stable=False, net=kind == b"NT", overload=not negative,
                underload=negative, raw=frame,
            )
        if not _NUMBER.match(text):
            raise ScaleParseError(f"not a weight: {text!r}")
        # Stable only when the header and the lamp byte both say so.
        stable = header == b"ST" and bool(lamp[0] & 0x40)
        return Reading(to_grams(text, unit), unit, stable=stable, net=kind == b"NT", raw=frame)


class RegexParser(LineParser):
    """The long tail of bench scales: one line per reading, read by a regular expression.

    Named groups: `weight` (required); `unit` (else `default_unit`); `stable` (stable when it
    matched something) or `motion` (moving when it matched); `net`, `overload`, `underload`.
    Without `stable` or `motion` groups a reading is never called stable.
    """

    def __init__(self, pattern: str, default_unit: str = "g") -> None:
        super().__init__()
        try:
            self.pattern = re.compile(pattern)
        except re.error as exc:
            raise BadSetting(code="scale.bad_pattern", detail=str(exc)) from exc
        if "weight" not in self.pattern.groupindex:
            raise BadSetting(code="scale.pattern_weight_group")
        self.default_unit = default_unit

    def parse_frame(self, frame: bytes) -> Reading | None:
        text = frame.decode("latin-1").strip("\r\n")
        match = self.pattern.search(text)
        if not match:
            raise ScaleParseError(f"line does not match the pattern: {text!r}")
        groups = match.groupdict()
        unit = (groups.get("unit") or self.default_unit).strip()
        over, under = bool(groups.get("overload")), bool(groups.get("underload"))
        if over or under:
            return Reading(None, unit, stable=False, overload=over, underload=under, raw=frame)
        number = (groups.get("weight") or "").strip()
        if not _NUMBER.match(number):
            raise ScaleParseError(f"not a weight: {number!r}")
        if "stable" in self.pattern.groupindex:
            stable = bool(groups.get("stable"))
        elif "motion" in self.pattern.groupindex:
            stable = not groups.get("motion")
        else:
            stable = False
        return Reading(
            to_grams(number, unit), unit, stable=stable, net=bool(groups.get("net")), raw=frame
        )


@dataclass(frozen=True)
class ProtocolSpec:
    """A scale protocol as data: line settings, the poll/tare/zero commands, the parser."""

    name: str
    title: str
    line: LineSettings
    make_parser: Callable[[], FrameParser]
    request: bytes | None = None  # None: the scale streams by itself
    tare: bytes | None = None
    zero: bytes | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def with_line(self, line: LineSettings) -> ProtocolSpec:
        return replace(self, line=line)


PROTOCOLS: dict[str, ProtocolSpec] = {
    "mt-sics": ProtocolSpec(
        "mt-sics", "MT-SICS (Mettler Toledo, Ohaus)", LineSettings(9600, 8, "N", 1),
        MtSicsParser, request=b"SI\r\n", tare=b"T\r\n", zero=b"Z\r\n",
    ),
    "toledo-8217": ProtocolSpec(
        "toledo-8217", "Mettler Toledo 8217", LineSettings(9600, 7, "E", 1),
        Toledo8217Parser, request=b"W", tare=b"T", zero=b"Z",
    ),
    "toledo-continuous": ProtocolSpec(
        "toledo-continuous", "Toledo continuous output", LineSettings(9600, 7, "E", 1),
        ToledoContinuousParser,
    ),
    "cas": ProtocolSpec("cas", "CAS 22-byte frames", LineSettings(9600, 8, "N", 1), CasParser),
}


def regex_protocol(request: str, pattern: str, *, unit: str = "g") -> ProtocolSpec:
    """A `regex` protocol: `request` (with \\r \\n escapes, may be empty) and `pattern`."""
    RegexParser(pattern, unit)  # validate now, with a clear message
    raw = request.encode("latin-1").decode("unicode_escape").encode("latin-1")
    return ProtocolSpec(
        "regex", "Request + regular expression", LineSettings(9600, 8, "N", 1),
        lambda: RegexParser(pattern, unit), request=raw or None,
        options={"pattern": pattern, "request": request},
    )


def get_protocol(name: str, *, request: str | None = None, pattern: str | None = None) -> (
    ProtocolSpec
):
    if name == "regex":
        if not pattern:
            raise BadSetting(code="scale.pattern_needed")
        return regex_protocol(request or "", pattern)
    try:
        return PROTOCOLS[name]
    except KeyError:
        known = ", ".join([*PROTOCOLS, "regex"])
        raise BadSetting(code="scale.unknown_protocol", name=name, known=known) from None
