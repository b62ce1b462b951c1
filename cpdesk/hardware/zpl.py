"""ZPL labels for Zebra-compatible printers, and their `~HS` host status.

100 x 150 mm at 203 dpi is `^PW800^LL1200` (HARDWARE.md). Code 128 is written with the
`>:` (subset B) start so letters in crate codes are never dropped (subset C is digits only).
"""

from __future__ import annotations

from escpos.escpos import Escpos

from .printers import PrinterFault, PrinterStatus, answers_status, read_reply

ETX = b"\x03"


def _field(text: str) -> str:
    """ZPL field data: `^` and `~` are commands, so replace them; keep to Latin-1."""
    return text.replace("^", " ").replace("~", " ").encode("latin-1", "replace").decode("latin-1")


def crate_label(*, crate_code: str, order_number: str, customer: str, round_code: str = "",
                zone: str = "", seq: str = "") -> str:
    return "".join([
        "^XA^CI28^PW800^LL1200",
        f"^FO40,40^A0N,60,60^FD{_field(customer)}^FS",
        f"^FO40,120^A0N,45,45^FD{_field(order_number)}  {_field(round_code)}^FS",
        f"^FO40,180^A0N,45,45^FD{_field(zone)} {_field(seq)}^FS",
        f"^FO60,260^BY3^BCN,200,Y,N,N^FD>:{_field(crate_code)}^FS",
        "^XZ",
    ])


def test_label() -> str:
    return crate_label(crate_code="CR0TEST0000", order_number="CP-000000-0000",
                       customer="cpdesk test label", round_code="TEST", zone="ambient",
                       seq="1/1")


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
