"""The printer kinds, as one registry: what each prints, where it can be reached, how its
status is asked, which file name it gets in a spool folder, which station file section
configures it and under which name the print queue knows it.

    kind = printer_kind("escpos")        # PrinterError naming the kinds for anything else
    kind.query_status(device, url, timeout_s=3)
    for kind in KINDS.values(): ...      # the station file, the hardware dialog, the queue

Adding a kind is one entry here (and its test page in `cpdesk.documents.printer_pages`).
Nothing heavy is imported: the status drivers (python-escpos, half a second to import)
are imported when a status is first asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .faults import NO_STATUS, PrinterFault, PrinterStatus

if TYPE_CHECKING:
    from escpos.escpos import Escpos

StatusQuery = Callable[["Escpos", str, float], PrinterStatus]


def _escpos_status(device: Escpos, url: str, timeout_s: float) -> PrinterStatus:
    from .escpos_printer import query_status

    return query_status(device, url, timeout_s=timeout_s)


def _zpl_status(device: Escpos, url: str, timeout_s: float) -> PrinterStatus:
    from .zpl_printer import query_status

    return query_status(device, url, timeout_s=timeout_s)


@dataclass(frozen=True)
class PrinterKind:
    name: str  # what the print queue stores with each job
    device: str  # in words: "receipt printer"
    language: str  # in words: "ESC/POS"
    printer: str  # the print queue's printer of this kind: "receipts", "labels", ...
    section: str  # the station file's section that configures it
    extension: str  # of its jobs' files in a spool folder
    schemes: tuple[str, ...]  # the URLs it can be reached at
    raw: bool  # the printer's own language, sent unchanged (cups: `lp -o raw`)
    status: StatusQuery | None = None  # None: the kind gives no status (documents)

    @property
    def what(self) -> str:
        return f"{self.device} ({self.language})"

    def query_status(self, device: Escpos, url: str, *, timeout_s: float) -> PrinterStatus:
        if self.status is None:
            return NO_STATUS
        return self.status(device, url, timeout_s)

    def check_url(self, url: str) -> None:
        scheme = url.partition("://")[0] if "://" in url else ""
        if scheme not in self.schemes:
            raise PrinterFault(f"a {self.what} is reached at "
                               f"{', '.join(s + '://' for s in self.schemes)}, not {url!r}")


KINDS: dict[str, PrinterKind] = {
    kind.name: kind for kind in (
        PrinterKind("escpos", "receipt printer", "ESC/POS", "receipts", "receipt_printer",
                    "bin", ("tcp", "usb", "serial", "cups", "file"), True, _escpos_status),
        PrinterKind("zpl", "label printer", "ZPL", "labels", "label_printer", "zpl",
                    ("tcp", "usb", "serial", "cups", "file"), True, _zpl_status),
        PrinterKind("pdf", "A4 printer", "PDF", "documents", "a4_printer", "pdf",
                    ("cups", "file"), False),
    )
}


def printer_kind(name: str) -> PrinterKind:
    try:
        return KINDS[name]
    except KeyError:
        raise PrinterFault(f"unknown printer kind {name!r} (one of {', '.join(KINDS)})") from None


def raw_kinds() -> list[str]:
    """The kinds that speak a printer language of their own (ESC/POS, ZPL), with a status."""
    return [k.name for k in KINDS.values() if k.raw]


@dataclass(frozen=True)
class PrinterConfig:
    name: str
    url: str
    kind: str  # a key of KINDS
    timeout_s: float = 3.0
