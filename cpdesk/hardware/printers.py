"""Printer connections from URLs, status, and the test page.

URLs: `tcp://host:9100` (raw TCP), `usb://VID:PID` (hex), `serial:///dev/ttyUSB0[?baud=N]`,
`cups://QUEUE`, `file:///path`. Every connection is a python-escpos printer object used
for its transport (`_raw`, `_read`), so ESC/POS and ZPL go through the same code; the
commands themselves are encoded apart (cpdesk.documents: receipts, labels, PDFs).

A status query that gets no answer within the timeout is a fault ("printer silent"), never
"ok". Where the connection cannot answer (file, CUPS) the status is "unknown".
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import parse_qs, urlparse

from escpos import printer as ep
from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError

from .faults import PrinterFault


@dataclass(frozen=True)
class PrinterStatus:
    online: bool | None  # None: the connection cannot tell
    paper: str  # ok | near end | out | unknown
    detail: str = ""

    @property
    def can_print(self) -> bool:
        return self.online is not False and self.paper != "out"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class LpPrinter(Escpos):
    """A CUPS queue reached with the `lp` command (when pycups is not installed)."""

    def __init__(self, queue: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.queue = queue
        self.pending = bytearray()

    def open(self, raise_not_found: bool = True) -> None:
        if shutil.which("lp") is None:
            raise DeviceNotFoundError("CUPS printing needs pycups or the 'lp' command")
        self.device = True  # type: ignore[assignment]

    def _raw(self, msg: bytes) -> None:
        self.pending += msg

    def close(self) -> None:
        if self.pending:
            done = subprocess.run(["lp", "-d", self.queue, "-o", "raw"], input=bytes(self.pending),
                                  capture_output=True, timeout=30)
            self.pending.clear()
            if done.returncode != 0:
                raise PrinterFault(f"lp refused the job: {done.stderr.decode().strip()}")


def connect(url: str, *, timeout_s: float = 3.0) -> Escpos:
    """An opened python-escpos printer object for `url`; PrinterFault when unreachable."""
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

            queue = parsed.netloc or parsed.path.strip("/")
            state = queue_state(queue)  # a stopped queue would hold the job out of sight
            if not state.ready:
                raise PrinterFault(state.describe())
            device = ep.CupsPrinter(queue) if ep.CupsPrinter.is_usable() else LpPrinter(queue)
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
    except Exception as exc:  # pyusb and pycups raise their own exception types
        raise PrinterFault(f"printer {url} unreachable: {exc}") from exc


def answers_status(url: str) -> bool:
    return urlparse(url).scheme in ("tcp", "usb", "serial")


def close_quietly(device: Escpos) -> None:
    try:
        device.close()
    except (OSError, AttributeError):
        pass


def read_reply(device: Escpos, *, until: bytes | None = None, size: int = 1,
               timeout_s: float = 3.0) -> bytes:
    """Read a status reply; PrinterFault("silent") when nothing comes in time."""
    import time

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


def print_test_page(url: str, *, kind: str, timeout_s: float = 3.0) -> dict[str, Any]:
    """`cpdesk printer test`: status first, then the page if the printer can take it."""
    from . import escpos_printer, zpl

    report: dict[str, Any] = {"printer": url, "kind": kind, "ok": False}
    try:
        device = connect(url, timeout_s=timeout_s)
    except PrinterFault as exc:
        report["error"] = str(exc)
        return report
    try:
        if kind == "escpos":
            status = escpos_printer.query_status(device, url, timeout_s=timeout_s)
            payload = escpos_printer.test_page()
        else:
            status = zpl.query_status(device, url, timeout_s=timeout_s)
            payload = zpl.test_label().encode("utf-8")
        report.update(status.to_json())
        if not status.can_print:
            report["error"] = f"not printed: {status.detail or 'paper ' + status.paper}"
            return report
        device._raw(payload)
        report["bytes_sent"] = len(payload)
        report["ok"] = True
        if status.paper == "near end":
            report["warning"] = "paper near end"
    except PrinterFault as exc:
        report["error"] = str(exc)
    except OSError as exc:
        report["error"] = f"printer connection lost: {exc}"
    finally:
        try:
            close_quietly(device)
        except PrinterFault as exc:
            report.update(ok=False, error=str(exc))
    return report


def printer_status_report(url: str, *, kind: str, timeout_s: float = 3.0,
                          print_page: bool = False) -> dict[str, Any]:
    """`cpdesk station test`: can this printer take a job now? (and print a test page)"""
    if kind == "pdf":
        return _pdf_printer_report(url)
    if print_page:
        return print_test_page(url, kind=kind, timeout_s=timeout_s)
    from . import escpos_printer, zpl

    report: dict[str, Any] = {"printer": url, "kind": kind, "ok": False}
    try:
        device = connect(url, timeout_s=timeout_s)
    except PrinterFault as exc:
        report["error"] = str(exc)
        return report
    try:
        if not answers_status(url):
            report.update(ok=True, online=None, paper="unknown")
            return report
        module = escpos_printer if kind == "escpos" else zpl
        status = module.query_status(device, url, timeout_s=timeout_s)
        report.update(status.to_json())
        report["ok"] = status.can_print
        if not status.can_print:
            report["error"] = status.detail or f"paper {status.paper}"
    except (PrinterFault, OSError) as exc:
        report["error"] = str(exc)
    finally:
        close_quietly(device)
    return report


def _pdf_printer_report(url: str) -> dict[str, Any]:
    from pathlib import Path

    parsed = urlparse(url)
    report: dict[str, Any] = {"printer": url, "kind": "pdf", "ok": False}
    if parsed.scheme == "file":
        folder = Path(parsed.path)
        if folder.is_dir():
            report["ok"] = True
        else:
            report["error"] = f"no folder {folder}"
        return report
    if parsed.scheme == "cups":
        from .cups import queue_state

        state = queue_state(parsed.netloc or parsed.path.strip("/"))
        report.update(ok=state.ready, state=state.describe())
        if not state.ready:
            report["error"] = state.describe()
        return report
    report["error"] = f"an A4 printer is cups://QUEUE or a folder, not {url}"
    return report
