"""A simple ZPL crate label until the documents issue lands (the lead replaces this module).

100 × 150 mm at 203 dpi (`^PW800^LL1200`, shared/HARDWARE.md). The crate code is printed
as Code 128 in subset B (`>:`) because crate codes hold letters: subset C drops them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cpdesk.domain.money import format_eur, format_kg

from .state import OrderState

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
        f"^FO40,30^A0N,60,60^FH^FD{_field(label.round_code)}^FS",
        f"^FO40,110^A0N,160,160^FD#{label.stop_seq}^FS",
        f"^FO440,130^A0N,130,130^FD{label.seq}/{label.count}^FS",
        f"^FO40,300^A0N,64,64^FB720,2,0,L^FH^FD{_field(label.customer)}^FS",
        f"^FO40,450^A0N,52,52^FH^FD{_field(label.commune)}^FS",
        f"^FO40,530^A0N,80,80^FD{ZONE_WORDS.get(label.zone, label.zone.upper())}^FS",
        f"^FO40,640^A0N,40,40^FH^FD{_field(label.order_number)}  {label.delivery_date:%d/%m/%Y}"
        f"  {_field(label.depot)}^FS",
        f"^FO40,720^BY4^BCN,220,Y,N,N^FD>:{label.crate_code}^FS",
        "^XZ",
    ]
    return "\n".join(lines).encode("utf-8")


def delivery_note_zpl(state: OrderState) -> bytes:
    """A stand-in delivery note on the label printer: lines as packed, actual weights, total.

    The documents issue replaces it with the real A4/A5 delivery note (reportlab)."""
    y = 40
    out = ["^XA^CI28^PW800^LL1200",
           f"^FO40,{y}^A0N,50,50^FH^FD{_field(state.number)}^FS",
           f"^FO40,{y + 60}^A0N,40,40^FH^FD{_field(state.customer)} - {_field(state.commune)}^FS"]
    y += 130
    for line in state.lines[:28]:  # a 150 mm label holds about 28 lines at this size
        p = line.progress
        if line.weighed:
            packed = format_kg(p.packed_weight_g)
        else:
            packed = f"{p.packed_units}/{int(line.quantity)}"
        if p.reason:
            packed = f"{p.state} ({p.reason})"
        text = f"{line.product[:34]}  {packed}  {format_eur(p.amount_cents)}"
        out.append(f"^FO40,{y}^A0N,28,28^FH^FD{_field(text)}^FS")
        y += 34
    if len(state.lines) > 28:
        out.append(f"^FO40,{y}^A0N,28,28^FD+ {len(state.lines) - 28}^FS")
        y += 34
    out.append(f"^FO40,{y + 10}^A0N,45,45^FH^FDTOTAL {_field(format_eur(state.total_cents))}^FS")
    out.append("^XZ")
    return "\n".join(out).encode("utf-8")
