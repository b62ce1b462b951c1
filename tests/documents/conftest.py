"""Fixtures for document tests: the small demo network, extreme hand-made data, and helpers
that turn documents back into text and decoded barcodes."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk.demo.network import init_demo
from cpdesk.domain.ids import new_id, short_code
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import open_store

TODAY = dt.date(2026, 11, 26)
EXTREME_DAY = dt.date(2026, 11, 30)
EXTREME_ROUND = "HES-20261130-Z"
BIG_ORDER = "CP-261130-9001"
LONG_NAME = ("Restaurant « Le Jardin d'Émerveillement » — Œuvres Sociales & Cuisine "
             "Collective de Saint-Georges-sur-Meuse (Hôpital Notre-Dame-des-Bruyères)")
LONG_COMMUNE = "Saint-Georges-sur-Meuse-lez-Waremme-et-Fexhe-le-Haut-Clocher"


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    init_demo(data_dir, orders=40, today=TODAY)
    _add_extreme(paths.central_path(data_dir))
    return data_dir


@pytest.fixture()
def session(demo_dir: Path) -> Iterator[Session]:
    engine = open_store(paths.central_path(demo_dir))
    with Session(engine) as s:
        yield s
    engine.dispose()


def _add_extreme(store: Path) -> None:
    """A 60-stop round with long accented names, and a 40-line order with a shortage and a
    substitution, added to the central database of the demo network."""
    engine = open_store(store)
    with Session(engine) as s, s.begin():
        hes = s.scalar(select(m.Depot).where(m.Depot.code == "HES"))
        car = s.scalar(select(m.Depot).where(m.Depot.code == "CAR"))
        assert hes is not None and car is not None
        van = s.scalars(select(m.Van)).first()
        packer = s.scalar(select(m.Staff).where(m.Staff.role == "packer"))
        assert van is not None and packer is not None
        products = s.scalars(select(m.Product).order_by(m.Product.sku)).all()
        weighed = [p for p in products if p.sale_unit == "kg"]
        units = [p for p in products if p.sale_unit == "unit"]
        rnd = m.Round(id=new_id(), code=EXTREME_ROUND, date=EXTREME_DAY, depot_id=hes.id,
                      van_id=van.id, driver_name="Jean-Benoît Müller-Lüdenscheidt",
                      departure=dt.time(7, 30))
        s.add(rnd)
        zones = ("ambient", "chilled", "frozen")
        for seq in range(1, 61):
            cust = m.Customer(
                id=new_id(), kind="pro", name=f"{LONG_NAME} n° {seq}",
                address=f"Chaussée de Bruxelles-Saint-Éloi {seq}, bâtiment B, 3e étage",
                postcode="4470", commune=LONG_COMMUNE if seq % 2 else "Fexhe-le-Haut-Clocher",
                phone="+32 470 12 34 56",
                notes="Livraison par l'entrée de service côté cour ; sonner à « Économat » "
                      "et attendre le responsable — ne jamais laisser les surgelés dehors")
            stop = m.Stop(id=new_id(), round_id=rnd.id, seq=seq, customer_id=cust.id,
                          eta=dt.time(8 + seq // 10, (seq * 6) % 60))
            number = BIG_ORDER if seq == 1 else f"CP-261130-{9000 + seq:04d}"
            order = m.Order(id=new_id(), number=number, customer_id=cust.id,
                            delivery_date=EXTREME_DAY, stop_id=stop.id)
            s.add_all([cust, stop, order])
            n_lines = 40 if seq == 1 else 2
            lines = []
            for i in range(n_lines):
                product = weighed[i] if (i % 3 == 0) else units[i]
                qty = Decimal("1.250") if product.sale_unit == "kg" else Decimal(i % 4 + 1)
                depot = car if (seq == 1 and i >= 37) else hes
                lines.append(m.OrderLine(id=new_id(), order_id=order.id, line_no=i + 1,
                                         product_id=product.id, quantity=qty,
                                         unit_price_cents=product.price_cents,
                                         packing_depot_id=depot.id))
            s.add_all(lines)
            crates = []
            for n in range(1, (seq % 3) + 2):
                cid = new_id()
                crates.append(m.Crate(id=cid, code=f"CR{short_code(cid)}", order_id=order.id,
                                      depot_id=hes.id, zone=zones[(seq + n) % 3], seq=n,
                                      status="closed"))
            if seq == 1:  # the big order also has a crate packed at CAR
                cid = new_id()
                crates.append(m.Crate(id=cid, code=f"CR{short_code(cid)}", order_id=order.id,
                                      depot_id=car.id, zone="ambient", seq=1, status="closed"))
            s.add_all(crates)
            if seq != 1:
                continue
            s.flush()
            at = dt.datetime(2026, 11, 30, 5, 0, tzinfo=dt.UTC)
            for i, ln in enumerate(lines[:37]):
                product = weighed[i] if (i % 3 == 0) else units[i]
                kw: dict[str, object] = {}
                if i == 4:
                    kw = {"kind": "short", "reason": "damaged"}
                elif i == 5:
                    kw = {"kind": "substitute", "reason": "out_of_stock",
                          "substitute_product_id": units[200].id, "quantity": 1}
                elif product.sale_unit == "kg":
                    kw = {"kind": "weigh", "weight_g": 1234, "weight_source": "scale"}
                else:
                    kw = {"kind": "pack", "quantity": int(ln.quantity)}
                s.add(m.PackEvent(id=new_id(), depot_id=hes.id, order_id=order.id,
                                  line_id=ln.id, crate_id=crates[0].id, staff_id=packer.id,
                                  at=at + dt.timedelta(seconds=i), **kw))
    engine.dispose()


# -- helpers ---------------------------------------------------------------------------------

def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def pdf_to_images(data: bytes, tmp_path: Path, dpi: int = 200) -> list[Image.Image]:
    """Render each page with poppler's pdftoppm (Debian poppler-utils)."""
    src = tmp_path / f"doc-{uuid.uuid4().hex}.pdf"
    src.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(src), str(src.with_suffix(""))],
                   check=True, timeout=60)
    return [Image.open(p) for p in sorted(tmp_path.glob(f"{src.stem}*.png"))]


def decode(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image)]


_GLYPH = re.compile(r"unsupported embedded font glyph '(.)'")


def zpl_to_image(zpl: str) -> Image.Image:
    """Render ZPL offline with zplkit (test-only, OSL-3.0).

    zplkit's embedded font 0 lacks most accented glyphs (è, ü, ß, œ, €...), which a real
    printer's font 0 with ^CI28 prints; such glyphs are replaced by '?' for the rendering
    only (the barcode, the point of this check, is pure ASCII). It also refuses ^PQ.
    """
    import zplkit
    from zplkit.rendering import RenderError

    text = zpl.replace("^PQ1\n", "")
    width = int(re.search(r"\^PW(\d+)", text).group(1))  # type: ignore[union-attr]
    height = int(re.search(r"\^LL(\d+)", text).group(1))  # type: ignore[union-attr]
    for _ in range(200):
        try:
            doc = zplkit.render(text, zplkit.Options(dpi=203, width=width, height=height))
            return Image.open(io.BytesIO(doc.labels[0].png()))
        except RenderError as exc:
            found = _GLYPH.search(str(exc))
            if not found:
                raise
            text = text.replace(found.group(1), "?")
    raise AssertionError("too many unsupported glyphs")
