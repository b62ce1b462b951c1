"""Byte transports opened from a URL, with the serial line settings kept as data.

A port is always given as a URL so the same driver runs against real hardware and tests:
`/dev/ttyUSB0` or `COM3` (a serial device), `serial:///dev/ttyUSB0`, `socket://host:port`
(a scale or scanner behind a serial-to-Ethernet bridge, or the simulator), `loop://`.
Everything goes through pyserial's `serial_for_url`.
"""

from __future__ import annotations

from dataclasses import dataclass

import serial

from cpdesk.errors import CpdeskError

PARITIES = {"N": serial.PARITY_NONE, "E": serial.PARITY_EVEN, "O": serial.PARITY_ODD}


class TransportError(CpdeskError):
    """The port cannot be opened or went away (unplugged, refused, no such device)."""


@dataclass(frozen=True)
class LineSettings:
    """Serial line settings; ignored by `socket://` and `loop://` transports."""

    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"  # N | E | O
    stopbits: int = 1

    def __post_init__(self) -> None:
        if self.parity not in PARITIES:
            raise ValueError(f"parity must be N, E or O, not {self.parity!r}")
        if self.bytesize not in (5, 6, 7, 8):
            raise ValueError(f"bytesize must be 5..8, not {self.bytesize}")
        if self.stopbits not in (1, 2):
            raise ValueError(f"stopbits must be 1 or 2, not {self.stopbits}")

    def __str__(self) -> str:  # "9600 7E1", as written on scale manuals
        return f"{self.baudrate} {self.bytesize}{self.parity}{self.stopbits}"


def normalise_url(url: str) -> str:
    """`serial:///dev/x` → `/dev/x`; other URLs and device paths are passed as they are."""
    if url.startswith("serial://"):
        return url.removeprefix("serial://")
    return url


def open_transport(url: str, line: LineSettings, *, timeout_s: float) -> serial.SerialBase:
    """Open `url` with `line` settings and a read timeout; TransportError when it fails."""
    try:
        return serial.serial_for_url(
            normalise_url(url),
            baudrate=line.baudrate,
            bytesize=line.bytesize,
            parity=PARITIES[line.parity],
            stopbits=line.stopbits,
            timeout=timeout_s,
            write_timeout=timeout_s,
        )
    except (serial.SerialException, OSError, ValueError) as exc:
        raise TransportError(f"cannot open {url}: {exc}") from exc
