"""Van manifest (A4 PDF) of one round: stops in order, crates per stop and zone, totals,
and the loading order (last stop loaded first)."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import Flowable

from . import a4
from .data import ZONES, ManifestData
from .i18n import colon, long_date, tr


def _hm(t: object) -> str:
    return t.strftime("%H:%M") if t is not None else ""  # type: ignore[attr-defined]


def render_manifest(data: ManifestData, out: str | Path | io.BytesIO | None = None) -> bytes:
    lang = data.lang
    st = a4.styles()
    story: list[Flowable] = []
    story.append(a4.P(f"{tr(lang, 'manifest')} {data.round_code}", st["title"]))
    story.append(a4.Pm(
        f"<b>{escape(long_date(lang, data.date))}</b> · "
        f"{escape(data.issuer.depot)} ({escape(data.issuer.coop)})<br/>"
        f"{tr(lang, 'van')}{colon(lang)}<b>{escape(data.van)}</b> ({escape(data.plate)}) · "
        f"{tr(lang, 'driver')}{colon(lang)}<b>{escape(data.driver)}</b> · {tr(lang, 'departure')} "
        f"<b>{_hm(data.departure)}</b> · {len(data.stops)} {tr(lang, 'stops')}", st["base"]))
    story.append(a4.spacer(3))
    zone_heads = [a4.P(tr(lang, f"zone_short.{z}"), st["head_small_right"]) for z in ZONES]
    head = [a4.P(tr(lang, "stop"), st["head_small"]), a4.P(tr(lang, "eta"), st["head_small"]),
            a4.P(f"{tr(lang, 'customer')} · {tr(lang, 'address')}", st["head"]),
            a4.P(tr(lang, "phone"), st["head"]), a4.P(tr(lang, "order"), st["head"]),
            *zone_heads, a4.P(tr(lang, "total"), st["head_small_right"])]
    rows: list[list[object]] = [head]
    for s in data.stops:
        who = (f"<b>{escape(s.customer)}</b><br/>{escape(s.address)}, {escape(s.postcode)} "
               f"{escape(s.commune)}")
        if s.notes:
            who += f"<br/><font size=7.5><i>{escape(s.notes)}</i></font>"
        if s.left_behind:
            codes = ", ".join(c.code for c in s.left_behind)
            who += (f"<br/><font size=7.5 color='#b91c1c'><b>{tr(lang, 'left_behind')}</b>: "
                    f"{escape(codes)}</font>")
        rows.append([
            a4.P(str(s.seq), st["big"]), a4.P(_hm(s.eta), st["base"]), a4.Pm(who, st["base"]),
            a4.P(s.phone.replace(" ", "\u00a0"), st["small"]),
            a4.P("\n".join(s.order_numbers), st["small"]),
            *[a4.P(str(s.count(z) or ""), st["right"]) for z in ZONES],
            a4.P(str(len(s.crates)), st["bold_right"]),
        ])
    totals = data.totals()
    rows.append([a4.P(tr(lang, "total"), st["bold"]), "", "", "", "",
                 *[a4.P(str(totals[z]), st["bold_right"]) for z in ZONES],
                 a4.P(str(sum(totals.values())), st["bold_right"])])
    story.append(a4.table(rows, [11, 12, 60, 27, 27, 11, 11, 11, 11],
                          extra=[("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                                 ("SPAN", (0, -1), (4, -1))]))
    story.append(a4.P(tr(lang, "loading_order"), st["h2"]))
    load: list[list[object]] = [[a4.P(tr(lang, "load_step"), st["head_small"]),
                                 a4.P(tr(lang, "stop"), st["head_small"]),
                                 a4.P(tr(lang, "customer"), st["head"]),
                                 a4.P(tr(lang, "crates"), st["head"]), ""]]
    for step, s in enumerate(data.loading_order, start=1):
        codes = " ".join(f"{c.code}\u00a0({tr(lang, 'zone_short.' + c.zone)})" for c in s.crates)
        load.append([a4.P(str(step), st["base"]), a4.P(str(s.seq), st["bold"]),
                     a4.P(f"{s.customer} ({s.commune})", st["base"]),
                     a4.P(codes or "—", st["small"]), a4.CheckBox()])
    story.append(a4.table(load, [17, 12, 58, 85, 8]))
    return a4.build(story, title=f"{tr(lang, 'manifest')} {data.round_code}",
                    footer=f"{data.issuer.coop} · {tr(lang, 'manifest')} {data.round_code}",
                    page_word=tr(lang, "page"), out=out)
