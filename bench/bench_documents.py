"""Benchmark documents against reportlab saving an empty page of the same size (same run).

    .venv/bin/python bench/bench_documents.py [--orders 250] [--repeat 30] [--labels-only]

Figures: one crate label in ZPL and in PDF (render only, and gather + render), the van
manifest of a 60-stop round, and a week's delivery notes (every order of the demo week,
gather + render). Each is given as min / median / max wall time over the runs (after one
warm-up), with the same figures for the baseline measured in the same run, the ratios of
the medians and of the minimums, and the goal where there is one (label PDF < 5 ms).
Python's automatic garbage collection is off while timing, as in the desk (where the GUI
thread collects, apart from the rendering). On a loaded machine the
median is the scheduler's as much as ours: the minimum is what the code costs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's cpdesk

from cpdesk import documents as docs  # noqa: E402
from cpdesk.demo.network import init_demo  # noqa: E402
from cpdesk.store import models as m  # noqa: E402
from cpdesk.store import paths  # noqa: E402
from cpdesk.store.db import open_store  # noqa: E402

TODAY = dt.date(2026, 11, 26)


class Runs(list[float]):
    """Wall times in seconds, with the CPU time the thread spent in each run (`cpu`)."""

    cpu: list[float]


def timed(fn: Callable[[], object], repeat: int) -> Runs:
    """Wall times of `fn` in seconds over `repeat` runs (at least 3, after one warm-up),
    with automatic garbage collection off for the series, as in the desk. (A full
    collection before each run would walk the whole heap and leave the CPU caches cold:
    it made both the label and the empty page 1.5-2 times slower.)"""
    fn()
    gc.collect()
    gc.disable()
    runs, runs.cpu = Runs(), []
    try:
        for _ in range(max(3, repeat)):
            c0, t0 = time.thread_time(), time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t0)
            runs.cpu.append(time.thread_time() - c0)
    finally:
        gc.enable()
    return runs


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


def spread(runs: list[float]) -> str:
    return (f"{min(runs) * 1000:7.2f} /{statistics.median(runs) * 1000:7.2f} /"
            f"{max(runs) * 1000:7.2f} ms")


def row(name: str, runs: Runs, baseline: Runs, *, goal_ms: float | None = None,
        unit: str = "") -> None:
    """min / median / max, the baseline's, the ratios of medians and of minimums, the
    median CPU time (what the run cost this thread, waiting for a CPU left out), the goal."""
    median, best = statistics.median(runs), min(runs)
    goal = ""
    if goal_ms is not None:
        goal = "  goal < {:g} ms: min {}, median {}".format(
            goal_ms, "met" if best * 1000 < goal_ms else "NOT met",
            "met" if median * 1000 < goal_ms else "NOT met")
    print(f"{name:<40} {spread(runs)}   baseline {spread(baseline)}   ratio "
          f"{median / statistics.median(baseline):5.1f}x median, {best / min(baseline):5.1f}x min"
          f"   cpu median {statistics.median(runs.cpu) * 1000:.2f} ms"
          f" (baseline {statistics.median(baseline.cpu) * 1000:.2f}){goal} {unit}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--labels-only", action="store_true",
                        help="only the labels, from a built-in label (no demo network)")
    args = parser.parse_args()
    size = (100 * mm, 150 * mm)
    print(f"cpdesk documents benchmark: min / median / max of {max(3, args.repeat)} runs; "
          "baseline: reportlab saving an empty page of the same size, same run\n")
    if args.labels_only:
        from cpdesk.documents.printer_pages import label_test_data

        label = label_test_data()
        b_label = timed(lambda: blank(size), args.repeat)
        row("crate label ZPL (render)", timed(lambda: docs.label_zpl(label), args.repeat),
            b_label)
        row("crate label PDF (render)", timed(lambda: docs.label_pdf(label), args.repeat),
            b_label, goal_ms=5)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        init_demo(Path(tmp), orders=args.orders, today=TODAY)
        engine = open_store(paths.central_path(Path(tmp)))
        with Session(engine) as s:
            crate = s.scalars(select(m.Crate).order_by(m.Crate.code)).first()
            assert crate is not None
            label = docs.label_data(s, crate.code)
            b_label = timed(lambda: blank(size), args.repeat)
            row("crate label ZPL (render)", timed(lambda: docs.label_zpl(label), args.repeat),
                b_label)
            row("crate label PDF (render)", timed(lambda: docs.label_pdf(label), args.repeat),
                b_label, goal_ms=5)
            row("crate label PDF (gather + render)", timed(
                lambda: docs.label_pdf(docs.label_data(s, crate.code)), args.repeat), b_label)
            rnd = max(s.scalars(select(m.Round)), key=lambda r: len(r.stops))
            manifest = sixty_stops(docs.manifest_data(s, rnd.code))
            pdf = docs.render_manifest(manifest)
            from pypdf import PdfReader

            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            few = max(3, args.repeat // 4)
            b_manifest = timed(lambda: blank(A4, pages), few)
            row(f"manifest, 60 stops, {pages} pages (render)", timed(
                lambda: docs.render_manifest(manifest), few), b_manifest)
            week = [o.number for o in s.scalars(select(m.Order).order_by(m.Order.number))]
            notes: list[bytes] = []

            def all_notes() -> None:
                notes.clear()
                for number in week:
                    notes.append(docs.render_delivery_note(docs.delivery_note_data(s, number)))

            t_week = timed(all_notes, 3)
            n_pages = sum(len(PdfReader(io.BytesIO(n)).pages) for n in notes)
            b_week = timed(lambda: [blank(A4) for _ in week], 3)
            row(f"week's notes ({len(week)} orders, {n_pages} pages)", t_week, b_week,
                unit=f"({statistics.median(t_week) / len(week) * 1000:.1f} ms per note)")
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
