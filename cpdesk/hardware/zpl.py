"""Zebra-compatible label printers: their `~HS` host status, and sending ZPL.

The labels themselves are drawn by `cpdesk.documents` (`label_zpl`), the test label too.
"""

from __future__ import annotations

from escpos.escpos import Escpos

from cpdesk import clock

from .printers import PrinterFault, PrinterStatus, answers_status, read_reply

ETX = b"\x03"


def test_label() -> str:
    """`cpdesk printer test`: the real crate label (cpdesk.documents) of a test crate."""

    from cpdesk import documents as docs

    return docs.label_zpl(docs.LabelData(
        crate_code="CR0TEST00000", round_code="TEST", round_letter="T", stop_seq=1,
        customer="cpdesk test label", postcode="4000", commune="Liège",
        order_number="CP-000000-0000", crate_seq=1, crate_count=1, depot_code="TEST",
        other_depots=(), zone="ambient", delivery_date=clock.today(), coop="Circuits Paysans"))


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
        return PrinterStatus(None, "unknown", "this connection gives no status")
    device._raw(b"~HS")
    return parse_host_status(read_reply(device, until=ETX, size=3, timeout_s=timeout_s))


def send(device: Escpos, url: str, payload: bytes, *, timeout_s: float) -> PrinterStatus:
    status = query_status(device, url, timeout_s=timeout_s)
    if not status.can_print:
        raise PrinterFault(status.detail or "label printer cannot print")
    device._raw(payload)
    return status
