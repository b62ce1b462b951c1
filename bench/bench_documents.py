"""Benchmark documents against reportlab drawing a blank page of the same size (same run).

    .venv/bin/python bench/bench_documents.py [--orders 250]

Figures: one crate label in ZPL and in PDF (render only, and gather + render), the van
manifest of a 60-stop round, and a week's delivery notes (every order of the demo week,
gather + render), each with its ratio to blank pages of the same size and count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk import documents as docs
from cpdesk.demo.network import init_demo
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import open_store

TODAY = dt.date(2026, 11, 26)


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of `fn` in seconds over `repeat` runs (after one warm-up)."""
    fn()
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def blank(pagesize: tuple[float, float], pages: int = 1) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=pagesize, pageCompression=1)
    for _ in range(pages):
        c.showPage()
    c.save()
    return buf.getvalue()


def sixty_stops(data: docs.ManifestData) -> docs.ManifestData:
    stops = [docs.ManifestStop(seq=i + 1, eta=s.eta, customer=s.customer, address=s.address,
                               postcode=s.postcode, commune=s.commune, phone=s.phone,
                               notes=s.notes, order_numbers=s.order_numbers, crates=s.crates)
             for i, s in enumerate((data.stops * 60)[:60])]
    return docs.ManifestData(issuer=data.issuer, round_code=data.round_code, date=data.date,
                             van=data.van, plate=data.plate, driver=data.driver,
                             departure=data.departure, stops=stops, lang=data.lang)


def row(name: str, seconds: float, baseline: float, unit: str = "") -> None:
    print(f"{name:<44} {seconds * 1000:9.2f} ms   blank {baseline * 1000:8.2f} ms   "
          f"ratio {seconds / baseline:6.1f}x {unit}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        init_demo(Path(tmp), orders=args.orders, today=TODAY)
        engine = open_store(paths.central_path(Path(tmp)))
        with Session(engine) as s:
            crate = s.scalars(select(m.Crate).order_by(m.Crate.code)).first()
            assert crate is not None
            label = docs.label_data(s, crate.code)
            size = (100 * mm, 150 * mm)
            b_label = timed(lambda: blank(size), args.repeat)
            print(f"cpdesk documents benchmark ({args.orders} demo orders, median of "
                  f"{args.repeat})\n")
            row("crate label ZPL (render)", timed(lambda: docs.label_zpl(label), args.repeat),
                b_label)
            row("crate label PDF (render)", timed(lambda: docs.label_pdf(label), args.repeat),
                b_label)
            row("crate label PDF (gather + render)", timed(
                lambda: docs.label_pdf(docs.label_data(s, crate.code)), args.repeat), b_label)
            rnd = max(s.scalars(select(m.Round)), key=lambda r: len(r.stops))
            manifest = sixty_stops(docs.manifest_data(s, rnd.code))
            pdf = docs.render_manifest(manifest)
            from pypdf import PdfReader

            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            b_manifest = timed(lambda: blank(A4, pages), max(3, args.repeat // 4))
            row(f"manifest, 60 stops, {pages} pages (render)", timed(
                lambda: docs.render_manifest(manifest), max(3, args.repeat // 4)), b_manifest)
            week = [o.number for o in s.scalars(select(m.Order).order_by(m.Order.number))]
            notes: list[bytes] = []

            def all_notes() -> None:
                notes.clear()
                for number in week:
                    notes.append(docs.render_delivery_note(docs.delivery_note_data(s, number)))

            t_week = timed(all_notes, 1)
            n_pages = sum(len(PdfReader(io.BytesIO(n)).pages) for n in notes)
            b_week = timed(lambda: [blank(A4) for _ in week], 1)
            row(f"week's delivery notes ({len(week)} orders, {n_pages} pages)", t_week, b_week,
                f"({t_week / len(week) * 1000:.1f} ms per note)")
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
