"""Connections to ESC/POS and ZPL printers from URLs, and reading their status replies.

URLs: `tcp://host:9100` (raw TCP), `usb://VID:PID` (hex), `serial:///dev/ttyUSB0[?baud=N]`,
`cups://QUEUE` (the bytes go to the queue unchanged, `lp -o raw`), `file:///path`. Every
connection is a python-escpos printer object used for its transport (`_raw`, `_read`), so
ESC/POS and ZPL go through the same code; what is printed is rendered elsewhere
(cpdesk.documents) and arrives here as bytes.

A status query that gets no answer within the timeout is a fault ("printer silent"), never
"ok". Where the connection cannot answer (file, CUPS) the status is "unknown".
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlparse

from escpos import printer as ep
from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError

from .faults import PrinterFault

SCHEMES = ("tcp", "usb", "serial", "cups", "file")
"""The URL schemes `connect` opens."""


class CupsRawPrinter(Escpos):
    """A CUPS queue taking the printer's own bytes: the job is gathered, then handed to CUPS
    in one piece with `lp -o raw` when the connection is closed."""

    def __init__(self, queue: str, title: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.queue = queue
        self.title = title
        self.pending = bytearray()

    def open(self, raise_not_found: bool = True) -> None:
        self.device = True  # type: ignore[assignment]

    def _raw(self, msg: bytes) -> None:
        self.pending += msg

    def close(self) -> None:
        from .cups import submit

        if self.pending:
            payload = bytes(self.pending)
            self.pending.clear()
            submit(self.queue, payload, title=self.title, raw=True)


def cups_queue_name(url: str) -> str:
    parsed = urlparse(url)
    return parsed.netloc or parsed.path.strip("/")


def connect(url: str, *, timeout_s: float = 3.0, title: str = "") -> Escpos:
    """An opened python-escpos printer object for `url`; PrinterFault when unreachable.
    `title` names the job where the connection keeps names (CUPS)."""
    parsed = urlparse(url)
    scheme = parsed.scheme
    try:
        device: Escpos
        if scheme == "tcp":
            device = ep.Network(parsed.hostname or "", parsed.port or 9100, timeout=timeout_s)
        elif scheme == "usb":
            vid, _, pid = parsed.netloc.partition(":")
            device = ep.Usb(int(vid, 16), int(pid, 16), timeout=int(timeout_s * 1000))
        elif scheme == "serial":
            baud = int(parse_qs(parsed.query).get("baud", ["9600"])[0])
            device = ep.Serial(parsed.path, baudrate=baud, timeout=timeout_s, dsrdtr=False)
        elif scheme == "cups":
            from .cups import queue_state

            queue = cups_queue_name(url)
            state = queue_state(queue)  # a stopped queue would hold the job out of sight
            if not state.ready:
                raise PrinterFault(state.describe())
            device = CupsRawPrinter(queue, title)
        elif scheme == "file":
            device = ep.File(parsed.path)
        else:
            raise PrinterFault(f"unknown printer URL {url!r} (tcp://, usb://, serial://, "
                               "cups://, file://)")
        device.open()
        return device
    except PrinterFault:
        raise
    except (DeviceNotFoundError, OSError, ValueError) as exc:
        raise PrinterFault(f"printer {url} unreachable: {str(exc).splitlines()[0]}") from exc
    except Exception as exc:  # pyusb raises its own exception types
        raise PrinterFault(f"printer {url} unreachable: {exc}") from exc


def answers_status(url: str) -> bool:
    return urlparse(url).scheme in ("tcp", "usb", "serial")


def close_quietly(device: Escpos) -> None:
    """Close a connection whose job is done or lost; a CUPS job handed over at close
    still raises PrinterFault when CUPS refuses it."""
    try:
        device.close()
    except (OSError, AttributeError):
        pass


def read_reply(device: Escpos, *, until: bytes | None = None, size: int = 1,
               timeout_s: float = 3.0) -> bytes:
    """Read a status reply; PrinterFault("silent") when nothing comes in time."""
    deadline = time.monotonic() + timeout_s
    got = b""
    while time.monotonic() < deadline:
        try:
            chunk = bytes(device._read() or b"")
        except TimeoutError:
            break
        except Exception as exc:  # pyusb timeouts, serial errors
            if "timeout" in str(exc).lower() or "timed out" in str(exc).lower():
                break
            raise PrinterFault(f"printer connection lost: {exc}") from exc
        if not chunk and isinstance(device, ep.Network):
            raise PrinterFault("printer closed the connection")
        got += chunk
        if (until is None and len(got) >= size) or (until is not None and got.count(until) >= size):
            return got
    raise PrinterFault(f"printer silent: no status answer within {timeout_s:g} s")
