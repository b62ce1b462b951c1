"""Zebra-compatible label printers: their `~HS` host status.

What they print (crate labels, the test label) is rendered as ZPL by `cpdesk.documents`
and reaches the printer as bytes.
"""

from __future__ import annotations

from escpos.escpos import Escpos

from .faults import NO_STATUS, PrinterFault, PrinterStatus
from .printer_link import answers_status, read_reply

ETX = b"\x03"


def parse_host_status(reply: bytes) -> PrinterStatus:
    """`~HS` answers three STX...ETX CR LF strings; string 1 field 2 is paper out,
    field 3 pause; string 2 field 3 head up, field 4 ribbon out (ZPL manual, ~HS)."""
    parts = [p.strip(b"\x02\r\n ") for p in reply.split(ETX)]
    strings = [p.decode("latin-1").split(",") for p in parts if p]
    if len(strings) < 2 or len(strings[0]) < 3 or len(strings[1]) < 4:
        raise PrinterFault(f"unreadable ~HS answer: {reply!r}")
    paper_out = strings[0][1] == "1"
    paused = strings[0][2] == "1"
    head_up = strings[1][2] == "1"
    ribbon_out = strings[1][3] == "1"
    problems = [name for flag, name in ((paper_out, "paper out"), (paused, "paused"),
                                        (head_up, "head open"), (ribbon_out, "ribbon out"))
                if flag]
    return PrinterStatus(not (paused or head_up or ribbon_out), "out" if paper_out else "ok",
                         ", ".join(problems))


def query_status(device: Escpos, url: str, *, timeout_s: float) -> PrinterStatus:
    if not answers_status(url):
        return NO_STATUS
    device._raw(b"~HS")
    return parse_host_status(read_reply(device, until=ETX, size=3, timeout_s=timeout_s))
