"""ESC/POS receipts encoded with python-escpos's Dummy printer: bytes apart from transport.

The code page is always set explicitly (CP858: `ESC t 0x13`, where `€` is 0xD5), since a
printer left on its default code page prints a wrong sign for the euro (HARDWARE.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from escpos.escpos import Escpos
from escpos.printer import Dummy

from .printers import PrinterFault, PrinterStatus, answers_status, read_reply

DLE_EOT_ONLINE = b"\x10\x04\x01"
DLE_EOT_PAPER = b"\x10\x04\x04"


def _dummy() -> Dummy:
    p = Dummy()
    p.charcode("CP858")
    return p


def receipt(*, title: str, lines: Sequence[tuple[str, str]], total: str,
            footer: str = "", open_drawer: bool = False, width: int = 42) -> bytes:
    """A receipt: a title, `(label, amount)` lines, the total, a cut, optionally the drawer."""
    p = _dummy()
    p.set(align="center", bold=True, double_height=True)
    p.text(title + "\n")
    p.set(align="left", bold=False, normal_textsize=True)
    for label, amount in lines:
        room = max(1, width - len(amount) - 1)
        p.text(f"{label[:room]:<{room}} {amount}\n")
    p.set(bold=True)
    p.text(f"{'TOTAL':<{width - len(total) - 1}} {total}\n")
    p.set(bold=False)
    if footer:
        p.text(footer + "\n")
    p.cut()
    if open_drawer:
        p.cashdraw(2)
    return bytes(p.output)


def drawer_kick() -> bytes:
    p = Dummy()
    p.cashdraw(2)
    return bytes(p.output)


def test_page() -> bytes:
    return receipt(
        title="cpdesk test",
        lines=[("Pommes 1,250 kg", "4,38 €"), ("Pain d'épeautre", "3,50 €"),
               ("àéèçù ÀÉÈ ß", "0,00 €")],
        total="7,88 €",
        footer="Circuits Paysans - test page",
    )


def query_status(device: Escpos, url: str, *, timeout_s: float) -> PrinterStatus:
    """DLE EOT 1 (online) and DLE EOT 4 (paper sensor); silence is a fault."""
    if not answers_status(url):
        return PrinterStatus(None, "unknown", "this connection gives no status")
    device._raw(DLE_EOT_ONLINE)
    online_byte = read_reply(device, timeout_s=timeout_s)[0]
    device._raw(DLE_EOT_PAPER)
    paper_byte = read_reply(device, timeout_s=timeout_s)[0]
    online = not online_byte & 0x08
    if paper_byte & 0x60 == 0x60:
        paper = "out"
    elif paper_byte & 0x0C == 0x0C:
        paper = "near end"
    else:
        paper = "ok"
    detail = "" if online else "printer offline (cover open or error)"
    if paper == "out":
        detail = "paper out"
    return PrinterStatus(online, paper, detail)


def send(device: Escpos, url: str, payload: bytes, *, timeout_s: float) -> PrinterStatus:
    """Check the status, then send; PrinterFault if the printer cannot take it."""
    status = query_status(device, url, timeout_s=timeout_s)
    if not status.can_print:
        raise PrinterFault(status.detail or "printer cannot print")
    device._raw(payload)
    return status
