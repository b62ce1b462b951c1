"""Render example documents from the demo network into docs/documents/ (PDF → PNG).

    .venv/bin/python docs/documents/render_examples.py

Needs poppler's `pdftoppm`; the ZPL rendering needs the test-only `zplkit` package.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk import documents as docs
from cpdesk.demo.network import init_demo
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import open_store

HERE = Path(__file__).resolve().parent
TODAY = dt.date(2026, 11, 26)


def small(img: Image.Image) -> Image.Image:
    """32 grey levels are plenty for documents and keep docs/ to a few hundred KB."""
    return img.convert("L").quantize(colors=32)


def png(pdf: bytes, name: str, dpi: int, pages: int = 1) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-l", str(pages), str(src),
                        str(Path(tmp) / "page")], check=True)
        for i, page in enumerate(sorted(Path(tmp).glob("page*.png")), start=1):
            target = HERE / (f"{name}.png" if pages == 1 else f"{name}-{i}.png")
            small(Image.open(page)).save(target, optimize=True)
            print(target.relative_to(HERE.parent.parent))


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        init_demo(data_dir, orders=250, today=TODAY)
        with Session(open_store(paths.central_path(data_dir))) as s:
            multi = None
            for order in s.scalars(select(m.Order).where(m.Order.delivery_date == TODAY)
                                   .order_by(m.Order.number)):
                if len(docs.crates_of_order(s, order.number)) >= 3 and \
                        len({ln.packing_depot_id for ln in order.lines}) > 1:
                    multi = order
                    break
            assert multi is not None
            codes = docs.crates_of_order(s, multi.number)
            labels = [docs.label_data(s, c) for c in codes]
            png(docs.label_pdf(labels[0]), "label-pdf", 60)
            frozen = next((d for d in (docs.label_data(s, c.code) for c in s.scalars(
                select(m.Crate).where(m.Crate.zone == "frozen").limit(1)))), None)
            if frozen:
                png(docs.label_pdf(frozen), "label-pdf-frozen", 60)
            try:
                import zplkit

                zpl = docs.label_zpl(labels[0]).replace("^PQ1\n", "")
                for ch in sorted({c for c in zpl if ord(c) > 127}):
                    try:
                        zplkit.render(f"^XA^CI28^FO0,0^A0N,30,30^FD{ch}^FS^XZ")
                    except ValueError:  # zplkit's font lacks it; a printer's font 0 has it
                        zpl = zpl.replace(ch, "?")
                doc = zplkit.render(zpl, zplkit.Options(dpi=203, width=800, height=1200))
                img = Image.open(io.BytesIO(doc.labels[0].png())).convert("L")
                small(img.resize((img.width * 3 // 8, img.height * 3 // 8))).save(
                    HERE / "label-zpl.png", optimize=True)
                print("docs/documents/label-zpl.png")
            except ImportError:
                print("zplkit not installed: no ZPL rendering", file=sys.stderr)
            note = None  # a delivered order with a shortage or a substitution, if any
            for order in s.scalars(select(m.Order).where(m.Order.delivery_date < TODAY)
                                   .order_by(m.Order.number)):
                data_note = docs.delivery_note_data(s, order.number)
                if note is None or any(ln.reason for ln in data_note.lines):
                    note = data_note
                if any(ln.reason for ln in data_note.lines) and len(data_note.vat) > 1:
                    break
            assert note is not None
            png(docs.render_delivery_note(note), "delivery-note", 50)
            rnd = s.scalars(select(m.Round).where(m.Round.date == TODAY)
                            .order_by(m.Round.code)).first()
            assert rnd is not None
            png(docs.render_manifest(docs.manifest_data(s, rnd.code)), "manifest", 50, pages=2)
            png(docs.render_picklist(docs.picklist_data(
                s, TODAY + dt.timedelta(days=1), depot_code="HES")), "picklist", 50)
            sale = s.scalars(select(m.Sale).where(m.Sale.depot_id == rnd.depot_id)
                             .order_by(m.Sale.at)).first()
            assert sale is not None
            data = docs.receipt_data(s, sale.id)
            png(docs.render_receipt_pdf(data, 80), "receipt-80mm", 110)
            png(docs.render_receipt_pdf(data, 58), "receipt-58mm", 110)
            png(docs.label_pdf(docs.label_data(s, codes[0], lang="nl")), "label-pdf-nl", 60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
