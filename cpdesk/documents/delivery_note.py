"""Delivery note (A4 PDF) of one order: as ordered, as packed, amounts, VAT, crates."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable

from . import a4
from .data import ELSEWHERE, DeliveryNoteData, NoteLine
from .formatting import eur, kg, quantity, unit_price
from .i18n import colon, long_date, tr


def line_note(lang: str, ln: NoteLine) -> str:
    """Why a line differs from the order: shortage, substitution (with reason), not packed."""
    reason = tr(lang, f"reason.{ln.reason}") if ln.reason else ""
    if ln.state == "short":
        return f"{tr(lang, 'short')}" + (f"{colon(lang)}{reason}" if reason else "")
    if ln.state == "substituted":
        what = (f"{tr(lang, 'substituted_by')} {ln.substitute}" if ln.substitute
                else tr(lang, "substituted"))
        return what + (f"{colon(lang)}{reason}" if reason else "")
    if ln.state == ELSEWHERE:
        return f"{tr(lang, 'packed_at')} {ln.packing_depot}"
    if ln.state == "to_pack":
        return tr(lang, "not_packed")
    if ln.state == "removed":
        return tr(lang, "removed")
    return ""


def packed_text(lang: str, ln: NoteLine) -> str:
    if ln.state in (ELSEWHERE, "to_pack", "removed"):
        return "—"
    if ln.sale_unit == "kg":
        weight = kg(ln.packed_weight_g or 0, lang)
        return f"{weight} ({tr(lang, 'manual_weight')})" if ln.manual_weight else weight
    return str(ln.packed_units)


def render_delivery_note(data: DeliveryNoteData,
                         out: str | Path | io.BytesIO | None = None) -> bytes:
    lang = data.lang
    st = a4.styles()
    iss = data.issuer
    story: list[Flowable] = []
    left = a4.Pm(f"<b>{escape(iss.coop)}</b><br/>{escape(iss.depot)}<br/>{escape(iss.address)}"
                 + (f"<br/>{tr(lang, 'vat_number')} {escape(iss.vat_number)}"
                    if iss.vat_number else ""), st["base"])
    right = a4.Pm(f"<b>{tr(lang, 'customer')}</b><br/><font size=11><b>{escape(data.customer)}"
                  f"</b></font><br/>{escape(data.address)}<br/>{escape(data.postcode)} "
                  f"{escape(data.commune)}" + (f"<br/>{escape(data.phone)}" if data.phone else ""),
                  st["base"])
    story.append(a4.table([[left, right]], [90, 90], header_rows=0, zebra=False,
                          extra=[("LINEBELOW", (0, 0), (-1, -1), 0, a4.colors.white),
                                 ("BOX", (1, 0), (1, 0), 0.6, a4.colors.black)]))
    story.append(a4.spacer(4))
    story.append(a4.P(f"{tr(lang, 'delivery_note')} {data.order_number}", st["title"]))
    meta = f"{tr(lang, 'delivery_date')}{colon(lang)}{long_date(lang, data.delivery_date)}"
    if data.round_code:
        meta += f" · {tr(lang, 'round')} {data.round_code} · {tr(lang, 'stop')} {data.stop_seq}"
    story.append(a4.P(meta, st["base"]))
    if data.notes:
        story.append(a4.P(data.notes, st["small"]))
    story.append(a4.spacer(3))
    head = [a4.P("#", st["head"]), a4.P(tr(lang, "product"), st["head"]),
            a4.P(tr(lang, "ordered"), st["head_right"]), a4.P(tr(lang, "packed"), st["head_right"]),
            a4.P(tr(lang, "unit_price"), st["head_right"]),
            a4.P(tr(lang, "amount"), st["head_right"]),
            a4.P(tr(lang, "vat"), st["head_right"])]
    rows: list[list[object]] = [head]
    for ln in data.lines:
        note = line_note(lang, ln)
        unit = f" · {escape(ln.unit_label)}" if ln.unit_label and ln.sale_unit != "kg" else ""
        product = (f"<b>{escape(ln.product)}</b>{unit}<br/>"
                   f"<font size=7>{escape(ln.producer)}</font>")
        if note:
            product += f"<br/><font size=7.5><b>{escape(note)}</b></font>"
        # Plain strings (not Paragraphs) for the short cells: several times faster to lay out.
        rows.append([
            str(ln.line_no), a4.Pm(product, st["base"]),
            quantity(lang, ln.quantity, ln.sale_unit), packed_text(lang, ln),
            unit_price(lang, ln.unit_price_cents, ln.sale_unit), eur(ln.amount_cents, lang),
            f"{ln.vat_pct} %",
        ])
    story.append(a4.table(rows, [8, 72, 24, 22, 22, 22, 12], extra=[
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ("FONT", (5, 1), (5, -1), a4.sans(True), 8.5),
    ]))
    story.append(a4.spacer(4))
    vat_rows: list[list[object]] = [[
        a4.P(tr(lang, "vat"), st["head"]), a4.P(tr(lang, "base"), st["head_right"]),
        a4.P(tr(lang, "vat"), st["head_right"]), a4.P(tr(lang, "total"), st["head_right"])]]
    for v in data.vat:
        vat_rows.append([a4.P(f"{v.rate_pct} %", st["base"]),
                         a4.P(eur(v.base_cents, lang), st["right"]),
                         a4.P(eur(v.vat_cents, lang), st["right"]),
                         a4.P(eur(v.total_cents, lang), st["right"])])
    vat_rows.append([a4.P(tr(lang, "total_incl"), st["bold"]), "", "",
                     a4.P(eur(data.total_cents, lang), st["bold_right"])])
    story.append(a4.table(vat_rows, [40, 30, 30, 30], zebra=False, fill=False,
                          extra=[("LINEABOVE", (0, -1), (-1, -1), 0.8, a4.colors.black),
                                 ("SPAN", (0, -1), (2, -1))]))
    if data.crates:
        story.append(a4.P(f"{tr(lang, 'crates')} ({len(data.crates)})", st["h2"]))
        by_zone = ", ".join(f"{c.code} ({c.depot} {c.seq}, {tr(lang, 'zone.' + c.zone).lower()})"
                            for c in data.crates)
        story.append(a4.P(by_zone, st["base"]))
    return a4.build(story, title=f"{tr(lang, 'delivery_note')} {data.order_number}",
                    footer=f"{iss.coop} · {tr(lang, 'delivery_note')} {data.order_number}",
                    page_word=tr(lang, "page"), out=out)
