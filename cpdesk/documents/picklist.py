"""Pick list (A4 PDF): what to gather per product for a day's (or a round's) orders."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable

from . import a4
from .data import ZONES, PickListData
from .formatting import quantity
from .i18n import long_date, tr


def render_picklist(data: PickListData, out: str | Path | io.BytesIO | None = None) -> bytes:
    lang = data.lang
    st = a4.styles()
    scope = ", ".join(data.round_codes) if data.round_codes else tr(lang, "all_rounds")
    story: list[Flowable] = [
        a4.P(f"{tr(lang, 'picklist')} · {data.issuer.depot_code}", st["title"]),
        a4.Pm(f"<b>{escape(long_date(lang, data.date))}</b> · {escape(scope)} · "
              f"{escape(data.issuer.depot)} ({escape(data.issuer.coop)}) · "
              f"{len(data.items)} {tr(lang, 'products')}", st["base"]),
    ]
    for zone in ZONES:
        items = [i for i in data.items if i.zone == zone]
        if not items:
            continue
        story.append(a4.P(f"{tr(lang, 'zone.' + zone)} ({len(items)})", st["h2"]))
        rows: list[list[object]] = [["", a4.P(tr(lang, "product"), st["head"]),
                                     a4.P("SKU", st["head"]),
                                     a4.P(tr(lang, "quantity"), st["head_right"]),
                                     a4.P(tr(lang, "orders"), st["head_right"])]]
        for i in items:
            unit = f" · {escape(i.unit_label)}" if i.unit_label and i.sale_unit != "kg" else ""
            rows.append([
                a4.CheckBox(),
                a4.Pm(f"<b>{escape(i.product)}</b>{unit}<br/><font size=7>{escape(i.producer)}"
                      f" · {escape(i.category)}</font>", st["base"]),
                a4.P(i.sku, st["small"]),
                a4.P(quantity(lang, i.quantity, i.sale_unit), st["big_right"]),
                a4.P(str(i.orders), st["right"]),
            ])
        story.append(a4.table(rows, [8, 100, 18, 30, 24]))
    title = f"{tr(lang, 'picklist')} {data.issuer.depot_code} {data.date.isoformat()}"
    return a4.build(story, title=title, footer=f"{data.issuer.coop} · {title} · {scope}",
                    page_word=tr(lang, "page"), out=out)
