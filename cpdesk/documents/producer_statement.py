"""Producer statement (A4 PDF): per producer, a week's deliveries in the producer's language.

Quantities and weights delivered per product, what customers paid (the billing export's
amounts), the amount at the producer's price, and the lines short or substituted with their
reasons. One section per producer, each starting on a new page.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, PageBreak

from cpdesk.sync.billing import ProducerStatement

from . import a4
from .formatting import eur, kg, unit_price
from .i18n import check_language, short_date, tr


def _section(st: ProducerStatement) -> list[Flowable]:
    lang = check_language(st.language)
    s = a4.styles()
    story: list[Flowable] = [
        a4.P(f"{tr(lang, 'statement')} · {st.producer}", s["title"]),
        a4.Pm(f"<b>{tr(lang, 'week')} {escape(st.week)}</b> ({short_date(st.first_day)} – "
              f"{short_date(st.last_day)}) · {escape(st.producer_ref)} · "
              f"{escape(st.commune)} · {escape(st.coop)}", s["base"]),
        a4.spacer(4),
    ]
    if not st.items:
        story.append(a4.P(tr(lang, "nothing_delivered"), s["base"]))
        return story
    rows: list[list[object]] = [[
        a4.P(tr(lang, "product"), s["head"]), a4.P(tr(lang, "lines"), s["head_right"]),
        a4.P(tr(lang, "delivered"), s["head_right"]),
        a4.P(tr(lang, "sales_incl"), s["head_right"]),
        a4.P(tr(lang, "producer_price"), s["head_right"]),
        a4.P(tr(lang, "producer_amount"), s["head_right"]),
        a4.P(tr(lang, "shortages"), s["head"])]]
    for i in st.items:
        unit = f" · {escape(i.unit_label)}" if i.unit_label and i.sale_unit != "kg" else ""
        delivered = (kg(i.delivered_weight_g or 0, lang) if i.sale_unit == "kg"
                     else f"{i.delivered_units} {tr(lang, 'pcs')}")
        short = ""
        if i.short_lines:
            reasons = ", ".join(tr(lang, f"reason.{r}") if f"reason.{r}" in _REASONS else r
                                for r in i.short_reasons)
            short = f"{i.short_lines}" + (f" ({reasons})" if reasons else "")
        rows.append([
            a4.Pm(f"<b>{escape(i.product)}</b>{unit}<br/><font size=7>{escape(i.sku)}</font>",
                  s["base"]),
            str(i.lines), delivered, eur(i.sales_cents, lang),
            unit_price(lang, i.producer_price_cents, i.sale_unit)
            if i.producer_price_cents is not None else "—",
            eur(i.producer_cents, lang) if i.producer_cents is not None else tr(lang, "no_price"),
            a4.P(short, s["small"]),
        ])
    rows.append([a4.P(tr(lang, "total"), s["bold"]), "", "", a4.P(eur(st.sales_cents, lang),
                                                               s["bold_right"]),
                 "", a4.P(eur(st.producer_cents, lang), s["bold_right"]), ""])
    story.append(a4.table(rows, [50, 15, 22, 26, 32, 26, 29], extra=[
        ("ALIGN", (1, 1), (-2, -1), "RIGHT"),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, a4.colors.black)]))
    return story


_REASONS = {"reason.out_of_stock", "reason.damaged", "reason.not_delivered", "reason.quality"}


def render_producer_statements(statements: list[ProducerStatement],
                               out: str | Path | io.BytesIO | None = None) -> bytes:
    """One PDF, a section per producer (each in the producer's own language)."""
    story: list[Flowable] = []
    for n, st in enumerate(statements):
        if n:
            story.append(PageBreak())
        story.extend(_section(st))
    langs = {check_language(st.language) for st in statements}
    lang = langs.pop() if len(langs) == 1 else None
    week = statements[0].week if statements else ""
    title = (f"{tr(lang, 'statement')} {week}" if lang else f"Circuits Paysans {week}")
    return a4.build(story, title=title, footer=title, page_word=tr(lang, "page") if lang else "",
                    out=out)
