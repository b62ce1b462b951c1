"""A small ESC/POS encoder for counter receipts and X/Z reports (issue 7).

Kept in one module on purpose: the documents issue brings `cpdesk.documents` with its own
receipt renderer; the lead can swap `encode_receipt` for it without touching the counter.

Commands used (Epson "ESC/POS Application Programming Guide"):
  ESC @           initialise
  ESC t 19        character code table 19 = PC858 (CP858: CP850 with € at 0xD5)
  ESC a n         justification 0 left, 1 centre
  ESC E n         bold on/off
  GS ! n          character size (0x11 = double width and height)
  ESC p 0 25 250  pulse the drawer kick-out pin 2 (t1 = 25 × 2 ms on, t2 = 250 × 2 ms off)
  GS V 66 0       feed to the cutter and partial cut
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cpdesk.domain.money import VatLine, format_eur, format_kg

ESC, GS = b"\x1b", b"\x1d"
INIT = ESC + b"@"
CODEPAGE_CP858 = ESC + b"t\x13"
ALIGN_LEFT, ALIGN_CENTRE = ESC + b"a\x00", ESC + b"a\x01"
BOLD_ON, BOLD_OFF = ESC + b"E\x01", ESC + b"E\x00"
SIZE_NORMAL, SIZE_DOUBLE = GS + b"!\x00", GS + b"!\x11"
DRAWER_KICK = ESC + b"p\x00\x19\xfa"
CUT = GS + b"V\x42\x00"
ENCODING = "cp858"

COLUMNS = {80: 48, 58: 32}  # Font A, 12 × 24 dots: 576 and 384 printable dots

METHOD_LABELS = {"cash": "Espèces", "card": "Carte", "voucher": "Bon d'achat",
                 "rounding": "Arrondi"}


@dataclass(frozen=True)
class ReceiptLine:
    description: str
    quantity: int
    weight_g: int | None  # weighed goods: the weight, €/kg is the unit price
    unit_price_cents: int
    discount_cents: int
    amount_cents: int
    vat_pct: int


@dataclass(frozen=True)
class ReceiptPayment:
    method: str
    amount_cents: int
    tendered_cents: int | None = None
    reference: str = ""


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed on a receipt; built by `cpdesk.counter.service` from a sale."""

    header: list[str]  # coop name, depot, address, VAT number
    register: str
    receipt_no: int
    at: dt.datetime
    staff: str
    kind: str  # sale | refund
    lines: list[ReceiptLine]
    vat: list[VatLine]
    total_cents: int
    discount_cents: int
    payments: list[ReceiptPayment]
    refund_of: int | None = None  # receipt number of the original sale
    note: str = ""  # e.g. the order collected
    footer: list[str] = field(default_factory=lambda: ["Merci et à bientôt !"])

    @property
    def change_cents(self) -> int:
        return sum((p.tendered_cents or 0) - p.amount_cents for p in self.payments
                   if p.tendered_cents is not None)

    @property
    def has_cash(self) -> bool:
        return any(p.method == "cash" for p in self.payments)


def local_time(at: dt.datetime) -> dt.datetime:
    """A stored time (SQLite gives it back naive, in UTC) in the PC's local time."""
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone()


def receipt_number(register: str, receipt_no: int) -> str:
    return f"{register}/{receipt_no:06d}"


class _Writer:
    def __init__(self, width_mm: int) -> None:
        if width_mm not in COLUMNS:
            raise ValueError(f"receipt paper is 58 or 80 mm, not {width_mm}")
        self.cols = COLUMNS[width_mm]
        self.out = bytearray(INIT + CODEPAGE_CP858)

    def raw(self, data: bytes) -> None:
        self.out += data

    def text(self, line: str) -> None:
        self.out += line[: self.cols].encode(ENCODING, errors="replace") + b"\n"

    def pair(self, left: str, right: str) -> None:
        room = self.cols - len(right) - 1
        self.text(f"{left[:room]:<{room}} {right}")

    def centre(self, line: str, *, bold: bool = False, big: bool = False) -> None:
        self.raw(ALIGN_CENTRE + (BOLD_ON if bold else b"") + (SIZE_DOUBLE if big else b""))
        self.text(line)
        self.raw(SIZE_NORMAL + BOLD_OFF + ALIGN_LEFT)

    def rule(self) -> None:
        self.text("-" * self.cols)


def eur(cents: int) -> str:
    return format_eur(cents)


def encode_receipt(data: ReceiptData, *, width_mm: int = 80, copy: bool = False,
                   open_drawer: bool | None = None) -> bytes:
    """The receipt as ESC/POS bytes. `copy` marks a reprint; the drawer opens for cash
    (never on a copy)."""
    w = _Writer(width_mm)
    if copy:
        w.centre("*** DUPLICATA / COPIE ***", bold=True)
    for i, line in enumerate(data.header):
        w.centre(line, bold=i == 0)
    w.rule()
    title = "REMBOURSEMENT" if data.kind == "refund" else "TICKET"
    w.pair(f"{title} {receipt_number(data.register, data.receipt_no)}",
           local_time(data.at).strftime("%d/%m/%Y %H:%M"))
    w.text(f"Caisse {data.register} - {data.staff}")
    if data.refund_of is not None:
        w.text(f"Retour du ticket {receipt_number(data.register, data.refund_of)}")
    if data.note:
        w.text(data.note)
    w.rule()
    for ln in data.lines:
        w.pair(ln.description, f"{eur(ln.amount_cents + ln.discount_cents)} {_vat_code(ln.vat_pct)}")
        if ln.weight_g is not None:
            w.text(f"  {format_kg(ln.weight_g)} x {eur(ln.unit_price_cents)}/kg")
        elif ln.quantity != 1:
            w.text(f"  {ln.quantity} x {eur(ln.unit_price_cents)}")
        if ln.discount_cents:
            w.pair("  Remise", eur(-ln.discount_cents))
    w.rule()
    if data.discount_cents:
        w.pair("Dont remises", eur(-data.discount_cents))
    w.raw(BOLD_ON + SIZE_DOUBLE)
    half = w.cols // 2  # double width halves the columns
    total = eur(data.total_cents)
    w.text(f"{'TOTAL':<{half - len(total) - 1}} {total}")
    w.raw(SIZE_NORMAL + BOLD_OFF)
    for p in data.payments:
        label = METHOD_LABELS.get(p.method, p.method)
        if p.reference:
            label = f"{label} ({p.reference})"
        w.pair(label, eur(p.amount_cents))
        if p.tendered_cents is not None:
            w.pair("  Reçu", eur(p.tendered_cents))
    if data.change_cents:
        w.pair("Rendu", eur(data.change_cents))
    w.rule()
    w.text(f"{'TVA':<6}{'Base HT':>14}{'TVA':>12}{'TTC':>12}"[: w.cols])
    for v in data.vat:
        w.text(f"{_vat_code(v.rate_pct) + ' ' + str(v.rate_pct) + '%':<6}"
               f"{eur(v.base_cents):>14}{eur(v.vat_cents):>12}{eur(v.total_cents):>12}"[: w.cols])
    w.rule()
    for line in data.footer:
        w.centre(line)
    w.text("")
    w.text("")
    kick = data.has_cash and not copy if open_drawer is None else open_drawer
    if kick:
        w.raw(DRAWER_KICK)
    w.raw(CUT)
    return bytes(w.out)


_VAT_CODES = {6: "A", 12: "B", 21: "C", 0: "D"}


def _vat_code(rate_pct: int) -> str:
    return _VAT_CODES.get(rate_pct, "?")


def encode_text_document(lines: list[str], *, width_mm: int = 80) -> bytes:
    """Plain text lines (an X or Z report) as ESC/POS, cut at the end."""
    w = _Writer(width_mm)
    for i, line in enumerate(lines):
        if i == 0:
            w.centre(line, bold=True)
        else:
            w.text(line)
    w.text("")
    w.raw(CUT)
    return bytes(w.out)


def receipt_text(data: ReceiptData, *, width_mm: int = 80, copy: bool = False) -> list[str]:
    """The receipt as plain text lines (shown on screen when there is no receipt printer)."""
    raw = encode_receipt(data, width_mm=width_mm, copy=copy, open_drawer=False)
    return strip_commands(raw)


def strip_commands(raw: bytes) -> list[str]:
    """Text lines of ESC/POS bytes produced by this module (commands dropped)."""
    out = bytearray()
    i = 0
    lengths = {b"@": 0, b"t": 1, b"a": 1, b"E": 1, b"p": 3}
    while i < len(raw):
        b = raw[i : i + 1]
        if b == ESC:
            i += 2 + lengths[raw[i + 1 : i + 2]]
        elif b == GS:
            i += 3 if raw[i + 1 : i + 2] == b"!" else 4
        else:
            out += b
            i += 1
    return out.decode(ENCODING).split("\n")[:-1]
