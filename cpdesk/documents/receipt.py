"""Counter receipt: one column layout, two outputs (ESC/POS bytes, or a narrow PDF).

ESC/POS (Epson TM-T20/T88 family and compatibles, Font A): 80 mm paper = 48 columns, 58 mm
= 32 columns. Text goes out in code page 858 selected explicitly with `ESC t 19`, so that
`€` (0xD5) prints right (the printers' default, code page 437, has no `€`); characters
outside CP858 print as '?'.
Commands used (and decoded by the tests): ESC @, ESC t n, ESC a n, ESC E n, GS ! n,
GS h/w/H + GS k 73 (Code 128), ESC p 0 25 250 (drawer kick, pin 2: 50 ms on, 500 ms off),
GS V 65 n (feed and cut). A reprint is marked DUPLICATA and never opens the drawer; a
receipt with a cash payment opens it.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.barcode.code128 import Code128 as RLCode128
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cpdesk import clock
from cpdesk.domain.money import format_eur as eur  # plain forms: the code page, the columns
from cpdesk.domain.money import format_kg as kg

from .data import ReceiptData, receipt_code
from .fonts import mono
from .i18n import tr
from .output import deliver

COLUMNS = {80: 48, 58: 32}
CODE_PAGE = 19  # ESC t 19 → CP858 (CP850 + €)
ENCODING = "cp858"

ESC, GS, LF = b"\x1b", b"\x1d", b"\n"
INIT = ESC + b"@" + ESC + b"t" + bytes([CODE_PAGE])  # initialise, then CP858 before any text
DRAWER_KICK = ESC + b"p\x00\x19\xfa"
CUT = GS + b"V" + bytes([65, 3])  # feed 3 lines and cut


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool = False
    tall: bool = False  # double height (columns unchanged)
    align: str = "L"  # L | C | R


@dataclass(frozen=True)
class Barcode:
    data: str


Item = Line | Barcode


def columns_for(width_mm: int) -> int:
    try:
        return COLUMNS[width_mm]
    except KeyError:
        raise ValueError(f"receipt paper must be 80 or 58 mm wide, not {width_mm}") from None


def _lr(left: str, right: str, cols: int) -> str:
    """`left` and `right` on one line; a too-long left side is cut, never the amount."""
    room = cols - len(right) - 1
    if len(left) > room:
        left = left[: max(room - 1, 0)] + "."
    return left + " " * (cols - len(left) - len(right)) + right


def _wrap(text: str, cols: int) -> list[str]:
    return textwrap.wrap(text, cols, break_long_words=True) or [""]


def receipt_lines(data: ReceiptData, cols: int, *, copy: bool = False) -> list[Item]:
    """The receipt as lines of at most `cols` characters (already printable in CP858)."""
    return [Line(printable(i.text), i.bold, i.tall, i.align) if isinstance(i, Line) else i
            for i in _lines(data, cols, copy)]


def receipt_text(data: ReceiptData, width_mm: int = 80, *, copy: bool = False) -> list[str]:
    """The receipt as plain text lines (shown on screen when there is no receipt printer)."""
    return [i.text for i in receipt_lines(data, columns_for(width_mm), copy=copy)
            if isinstance(i, Line)]


def _lines(data: ReceiptData, cols: int, copy: bool = False) -> list[Item]:
    lang = data.lang
    rule = Line("-" * cols)
    iss = data.issuer
    items: list[Item] = [Line(f"*** {tr(lang, 'copy')} ***", bold=True, align="C")] if copy else []
    items.append(Line(iss.coop, bold=True, tall=True, align="C"))
    items += [Line(t, align="C") for t in _wrap(iss.depot, cols)]
    items += [Line(t, align="C") for t in _wrap(iss.address, cols)]
    if iss.vat_number:
        items.append(Line(f"{tr(lang, 'vat_number')} {iss.vat_number}", align="C"))
    items.append(Line(""))
    if data.refund:
        items.append(Line(tr(lang, "refund"), bold=True, tall=True, align="C"))
    items.append(Line(_lr(f"{tr(lang, 'receipt')} {data.receipt_no:06d}",
                          clock.stamp(data.at), cols), bold=True))
    items.append(Line(_lr(f"{tr(lang, 'register')} {data.register}", data.staff, cols)))
    if data.refund_of is not None:
        items.append(Line(f"{tr(lang, 'refund_of')} {receipt_code(data.register, data.refund_of)}"))
    items += [Line(t) for t in _wrap(data.note, cols)] if data.note else []
    items.append(rule)
    for ln in data.lines:
        amount = eur(ln.amount_cents + ln.discount_cents)  # stored net: before its discount
        if ln.weight_g is not None:
            items += [Line(t) for t in _wrap(ln.description, cols)]
            detail = f"  {kg(ln.weight_g)} x {eur(ln.unit_price_cents)}{tr(lang, 'per_kg')}"
            items.append(Line(_lr(detail, amount, cols)))
        elif ln.quantity != 1:
            items += [Line(t) for t in _wrap(ln.description, cols)]
            items.append(Line(_lr(f"  {ln.quantity} x {eur(ln.unit_price_cents)}", amount, cols)))
        else:
            room = cols - len(amount) - 1
            wrapped = _wrap(ln.description, room)
            items += [Line(t) for t in wrapped[:-1]]
            items.append(Line(_lr(wrapped[-1], amount, cols)))
        if ln.discount_cents:
            items.append(Line(_lr(f"  {tr(lang, 'discount')}", eur(-ln.discount_cents), cols)))
    items.append(rule)
    if data.discount_cents:
        items.append(Line(_lr(tr(lang, "discounts_total"), eur(-data.discount_cents), cols)))
    items.append(Line(_lr(tr(lang, "total").upper(), eur(data.total_cents), cols), bold=True,
                      tall=True))
    items.append(rule)
    w = 10 if cols >= 40 else 8
    items.append(Line(f"{tr(lang, 'vat'):<6}" + "".join(
        f"{h:>{w}}" for h in (tr(lang, "base")[:w - 1], tr(lang, "vat")[:w - 1],
                              tr(lang, "total")[:w - 1]))[:cols]))
    for v in data.vat:
        items.append(Line(f"{f'{v.rate_pct} %':<6}" + "".join(
            f"{eur(c):>{w}}" for c in (v.base_cents, v.vat_cents, v.total_cents))[-cols:]))
    items.append(rule)
    for p in data.payments:
        label = tr(lang, f"pay.{p.method}") + (f" ({p.reference})" if p.reference else "")
        items.append(Line(_lr(label, eur(p.amount_cents), cols)))
        if p.tendered_cents:
            items.append(Line(_lr(f"  {tr(lang, 'tendered')}", eur(p.tendered_cents), cols)))
            items.append(Line(_lr(f"  {tr(lang, 'change')}", eur(p.change_cents), cols)))
    items.append(Line(""))
    items.append(Barcode(data.code))
    items.append(Line(data.code, align="C"))
    items.append(Line(tr(lang, "thanks"), align="C"))
    return items


# Characters printed on French/Dutch/German receipts that CP858 lacks, spelled out; the
# no-break spaces of French typography ("Merci et à bientôt\u202f!", kept together when a
# line wraps) print as spaces, on paper and in the PDF receipt alike.
_SPELL = str.maketrans({"Œ": "OE", "œ": "oe", "—": "-", "–": "-", "‘": "'", "’": "'",
                        "“": '"', "”": '"', "…": "...", "\u00a0": " ", "\u202f": " "})


def printable(text: str) -> str:
    """`text` as the printer will show it: CP858 characters, others spelled out or '?'."""
    return text.translate(_SPELL).encode(ENCODING, errors="replace").decode(ENCODING)


def encode_text(text: str) -> bytes:
    return text.translate(_SPELL).encode(ENCODING, errors="replace")


def render_receipt(data: ReceiptData, width_mm: int = 80, *, copy: bool = False,
                   open_drawer: bool | None = None) -> bytes:
    """The receipt as ESC/POS bytes for an 80 or 58 mm printer, cut at the end.

    `copy` marks a reprint; the drawer opens for a cash payment (never on a copy) unless
    `open_drawer` says otherwise."""
    cols = columns_for(width_mm)
    out = bytearray(INIT)
    align = bold = size = -1
    for item in receipt_lines(data, cols, copy=copy):
        a = {"L": 0, "C": 1, "R": 2}[item.align if isinstance(item, Line) else "C"]
        if a != align:
            out += ESC + b"a" + bytes([a])
            align = a
        if isinstance(item, Barcode):
            payload = b"{B" + item.data.encode("ascii")
            module = 3 if width_mm == 80 else 2
            out += GS + b"h" + bytes([80]) + GS + b"w" + bytes([module]) + GS + b"H" + b"\x00"
            out += GS + b"k" + bytes([73, len(payload)]) + payload + LF
            continue
        if int(item.bold) != bold:
            out += ESC + b"E" + bytes([int(item.bold)])
            bold = int(item.bold)
        s = 0x01 if item.tall else 0x00
        if s != size:
            out += GS + b"!" + bytes([s])
            size = s
        out += encode_text(item.text[:cols]) + LF
    out += ESC + b"a\x00" + ESC + b"E\x00" + GS + b"!\x00"
    if data.has_cash and not copy if open_drawer is None else open_drawer:
        out += DRAWER_KICK
    out += CUT
    return bytes(out)


def render_text_document(lines: list[str], width_mm: int = 80) -> bytes:
    """Plain text lines (an X or Z report) as ESC/POS: the first one centred in bold, cut."""
    cols = columns_for(width_mm)
    out = bytearray(INIT)
    for i, line in enumerate(lines):
        if i == 0:
            out += ESC + b"a\x01" + ESC + b"E\x01"
        out += encode_text(line[:cols]) + LF
        if i == 0:
            out += ESC + b"E\x00" + ESC + b"a\x00"
    out += LF + CUT
    return bytes(out)


def render_receipt_pdf(data: ReceiptData, width_mm: int = 80,
                       out: str | Path | io.BytesIO | None = None, *, copy: bool = False) -> bytes:
    """The same receipt as a narrow PDF page (no printer: shown and saved)."""
    cols = columns_for(width_mm)
    items = receipt_lines(data, cols, copy=copy)
    margin = 4.0
    char_w = (width_mm - 2 * margin) / cols  # mm per column
    size = char_w / 0.602  # DejaVu Sans Mono / Courier advance: 0.6 em
    lead = size * 1.25
    bar_h = 12.0
    height = 2 * margin + sum(bar_h + 2 if isinstance(i, Barcode) else
                              lead * (2 if i.tall else 1) for i in items)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(width_mm * mm, height * mm), pageCompression=1)
    c.setTitle(f"{tr(data.lang, 'receipt')} {data.code}")
    y = height - margin
    for item in items:
        if isinstance(item, Barcode):
            bc = RLCode128(item.data, barWidth=0.33 * mm if width_mm == 80 else 0.25 * mm,
                           barHeight=bar_h * mm, quiet=False, humanReadable=False)
            y -= bar_h + 1
            bc.drawOn(c, (width_mm * mm - bc.width) / 2, y * mm)
            y -= 1
            continue
        tall = 2 if item.tall else 1
        y -= lead * tall
        c.saveState()
        c.setFont(mono(item.bold), size * mm)
        x = margin * mm
        text = item.text[:cols]
        if item.align == "C":
            x += (cols - len(text)) / 2 * char_w * mm
        elif item.align == "R":
            x += (cols - len(text)) * char_w * mm
        c.translate(x, (y + lead * 0.25) * mm)
        c.scale(1, tall)
        c.drawString(0, 0, text)
        c.restoreState()
    c.showPage()
    c.save()
    return deliver(buf.getvalue(), out)
