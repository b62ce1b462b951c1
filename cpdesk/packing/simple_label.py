"""A simple ZPL crate label until the documents issue lands (the lead replaces this module).

100 × 150 mm at 203 dpi (`^PW800^LL1200`, shared/HARDWARE.md). The crate code is printed
as Code 128 in subset B (`>:`) because crate codes hold letters: subset C drops them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ZONE_WORDS = {"ambient": "AMBIANT", "chilled": "FRAIS", "frozen": "SURGELE"}


@dataclass(frozen=True, slots=True)
class CrateLabel:
    crate_code: str
    customer: str
    commune: str
    round_code: str
    stop_seq: int
    zone: str
    seq: int
    count: int
    delivery_date: dt.date
    order_number: str
    depot: str


def _field(text: str) -> str:
    """ZPL field data: ^ and ~ are command prefixes; ^FH lets us escape them as hex."""
    return text.replace("_", "_5F").replace("^", "_5E").replace("~", "_7E")


def crate_label_zpl(label: CrateLabel) -> bytes:
    lines = [
        "^XA^CI28^PW800^LL1200",
        f"^FO40,40^A0N,90,90^FH^FD{_field(label.round_code)}  #{label.stop_seq}^FS",
        f"^FO40,160^A0N,70,70^FB720,2,0,L^FH^FD{_field(label.customer)}^FS",
        f"^FO40,320^A0N,55,55^FH^FD{_field(label.commune)}^FS",
        f"^FO40,420^A0N,120,120^FD{label.seq}/{label.count}^FS",
        f"^FO400,440^A0N,80,80^FD{ZONE_WORDS.get(label.zone, label.zone.upper())}^FS",
        f"^FO40,600^A0N,45,45^FH^FD{_field(label.order_number)}  {label.delivery_date:%d/%m/%Y}"
        f"  {_field(label.depot)}^FS",
        f"^FO40,700^BY4^BCN,220,Y,N,N^FD>:{label.crate_code}^FS",
        "^XZ",
    ]
    return "\n".join(lines).encode("utf-8")
