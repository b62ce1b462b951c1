"""ESC/POS receipt printers: their status (DLE EOT 1 and 4).

What they print (receipts in code page CP858, the test page) is rendered by
`cpdesk.documents` and reaches the printer as bytes.
"""

from __future__ import annotations

from escpos.escpos import Escpos

from .faults import NO_STATUS, PrinterStatus
from .printer_link import answers_status, read_reply

DLE_EOT_ONLINE = b"\x10\x04\x01"
DLE_EOT_PAPER = b"\x10\x04\x04"


def query_status(device: Escpos, url: str, *, timeout_s: float) -> PrinterStatus:
    """DLE EOT 1 (online) and DLE EOT 4 (paper sensor); silence is a fault."""
    if not answers_status(url):
        return NO_STATUS
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
