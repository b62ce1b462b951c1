"""ESC/POS receipt printers: their status (DLE EOT), and sending bytes.

Receipts are encoded by `cpdesk.documents` (`render_receipt`, code page CP858 set
explicitly), the test page too.
"""

from __future__ import annotations

from escpos.escpos import Escpos

from cpdesk import clock

from .printers import PrinterFault, PrinterStatus, answers_status, read_reply

DLE_EOT_ONLINE = b"\x10\x04\x01"
DLE_EOT_PAPER = b"\x10\x04\x04"


def test_page() -> bytes:
    """`cpdesk printer test`: a real receipt (cpdesk.documents) with accents and euros."""

    from cpdesk import documents as docs
    from cpdesk.domain.money import vat_breakdown

    lines = [docs.ReceiptLine("Pommes", 1, 1250, 350, 438, 6),
             docs.ReceiptLine("Pain d'épeautre", 1, None, 350, 350, 6),
             docs.ReceiptLine("àéèçù ÀÉÈ ß", 1, None, 0, 0, 21)]
    return docs.render_receipt(docs.ReceiptData(
        issuer=docs.Issuer("Circuits Paysans", "cpdesk test", "TEST", "test page", ""),
        register="TEST", receipt_no=0, at=clock.utcnow(), staff="cpdesk",
        lines=lines, total_cents=788,
        vat=vat_breakdown((ln.vat_pct, ln.amount_cents) for ln in lines)), open_drawer=False)


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
