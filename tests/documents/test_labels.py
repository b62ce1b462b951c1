"""Crate labels: data from the store, one layout for ZPL and PDF, fitting, scannable codes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpdesk import documents as docs
from cpdesk.documents.fonts import text_width_mm
from cpdesk.documents.label_layout import Box, Code128, LabelSize, Text, fit_text, label_layout
from cpdesk.documents.zpl_label import field_data
from cpdesk.errors import NotFound
from cpdesk.store import models as m

from .conftest import BIG_ORDER, LONG_NAME, decode, pdf_text, pdf_to_images, zpl_to_image

CODE = re.compile(r"^CR[0-9A-HJKMNP-TV-Z]{10}$")


def _label(**kw: object) -> docs.LabelData:
    base: dict[str, object] = dict(
        crate_code="CR0K3M9X2Q7B", round_code="HES-20261128-A", round_letter="A", stop_seq=12,
        customer="Léa Closset", postcode="4260", commune="Braives",
        order_number="CP-261128-0042", crate_seq=1, crate_count=2, depot_code="HES",
        other_depots=(), zone="chilled", delivery_date=dt.date(2026, 11, 28), coop="Hesbicoop")
    base.update(kw)
    return docs.LabelData(**base)  # type: ignore[arg-type]


def test_label_data_matches_the_store_by_code_and_by_uuid(session: Session) -> None:
    crate = session.scalars(select(m.Crate).order_by(m.Crate.code)).first()
    assert crate is not None
    by_code = docs.label_data(session, crate.code.lower())
    by_id = docs.label_data(session, str(crate.id))
    assert by_code == by_id
    order = session.get(m.Order, crate.order_id)
    assert order is not None and order.stop is not None
    rnd = session.get(m.Round, order.stop.round_id)
    assert rnd is not None
    n_here = session.scalar(select(func.count()).select_from(m.Crate).where(
        m.Crate.order_id == order.id, m.Crate.depot_id == crate.depot_id))
    assert by_code.crate_code == crate.code and CODE.match(by_code.crate_code)
    assert (by_code.customer, by_code.commune) == (order.customer.name, order.customer.commune)
    assert by_code.round_code == rnd.code and by_code.round_letter == rnd.code[-1]
    assert by_code.stop_seq == order.stop.seq
    assert (by_code.crate_seq, by_code.crate_count) == (crate.seq, n_here)
    assert by_code.delivery_date == order.delivery_date and by_code.zone == crate.zone
    assert by_code.lang == "fr"


def test_unknown_crate_is_a_clear_error(session: Session) -> None:
    with pytest.raises(NotFound, match="no crate"):
        docs.label_data(session, "CR0000000000")


def test_order_packed_at_two_depots_shows_both_counts(session: Session) -> None:
    codes = docs.crates_of_order(session, BIG_ORDER, "HES")
    data = docs.label_data(session, codes[1])
    assert (data.crate_seq, data.crate_count, data.other_depots) == (2, 2, (("CAR", 1),))
    text = pdf_text(docs.label_pdf(data))
    assert "HES 2/2 · CAR 1 · Total 3" in text


def test_a_label_printed_before_the_count_is_final_says_n_of_unknown() -> None:
    provisional = _label(crate_seq=1, crate_count=1, count_final=False,
                         other_depots=(("CAR", 1),))
    texts = [el.text for el in label_layout(provisional) if isinstance(el, Text)]
    assert "Caisse 1/?" in texts and "HES 1/? · CAR 1" in texts
    assert not any("1/1" in t or "Total" in t for t in texts)  # no count that may be wrong
    zpl = docs.label_zpl(provisional)
    assert f"^FD{field_data('Caisse 1/?')}^FS" in zpl
    assert "Caisse 1/?" in pdf_text(docs.label_pdf(provisional))
    final = _label(crate_seq=1, crate_count=3, other_depots=(("CAR", 1),))
    texts = [el.text for el in label_layout(final) if isinstance(el, Text)]
    assert "Caisse 1/3" in texts and "HES 1/3 · CAR 1 · Total 4" in texts


@pytest.mark.parametrize("zone, word", [("ambient", "AMBIANT"), ("chilled", "FRAIS"),
                                        ("frozen", "SURGELÉ")])
def test_pdf_label_text_and_barcode_decode_to_the_crate(tmp_path: Path, zone: str,
                                                        word: str) -> None:
    data = _label(zone=zone)
    pdf = docs.label_pdf(data)
    text = pdf_text(pdf)
    for expected in ("Léa Closset", "4260 Braives", "Commande CP-261128-0042", "Caisse 1/2",
                     word, "28/11/2026", "Hesbicoop", "HES-20261128-A", "Tournée", "Arrêt",
                     "12", "CR0K3M9X2Q7B"):
        assert expected in text, expected
    (image,) = pdf_to_images(pdf, tmp_path, dpi=150)
    assert decode(image) == ["CR0K3M9X2Q7B"]


@pytest.mark.parametrize("zone", ["ambient", "chilled", "frozen"])
def test_zpl_label_barcode_decodes_to_the_crate(zone: str) -> None:
    zpl = docs.label_zpl(_label(zone=zone, customer=LONG_NAME))
    assert zpl.startswith("^XA") and zpl.rstrip().endswith("^XZ")
    assert "^PW800" in zpl and "^LL1200" in zpl and "^CI28" in zpl
    assert "^BCN," in zpl and "^FD>:CR0K3M9X2Q7B^FS" in zpl  # Code 128 started in subset B
    assert decode(zpl_to_image(zpl)) == ["CR0K3M9X2Q7B"]


def test_every_demo_crate_label_scans_back(session: Session, tmp_path: Path) -> None:
    crates = session.scalars(select(m.Crate).order_by(m.Crate.code).limit(6)).all()
    labels = [docs.label_data(session, c.code) for c in crates]
    images = pdf_to_images(docs.label_pdf(labels), tmp_path, dpi=120)
    assert [decode(i) for i in images] == [[c.code] for c in crates]
    for data in labels:
        assert decode(zpl_to_image(docs.label_zpl(data))) == [data.crate_code]


def test_zpl_and_pdf_carry_the_same_texts() -> None:
    data = _label(customer="Brasserie « L'Œil » & Cie ^~_", other_depots=(("CAR", 1),))
    texts = [el.text for el in label_layout(data) if isinstance(el, Text)]
    zpl = docs.label_zpl(data)
    pdf = pdf_text(docs.label_pdf(data))
    for t in texts:
        assert f"^FH_^FD{field_data(t)}^FS" in zpl
        assert t in pdf
    assert "_5E_7E_5F" in zpl  # ^ ~ _ escaped, never raw commands
    injected = docs.label_zpl(_label(customer="A^XZ~JR"))
    assert injected.count("^XZ") == 1 and "~JR" not in injected


def test_pdf_label_is_one_100x150_page_with_the_crate_code() -> None:
    from io import BytesIO

    from pypdf import PdfReader

    (page,) = PdfReader(BytesIO(docs.label_pdf(_label()))).pages
    assert round(float(page.mediabox.width) / 72 * 25.4) == 100
    assert round(float(page.mediabox.height) / 72 * 25.4) == 150
    assert "CR0K3M9X2Q7B" in (page.extract_text() or "")


LONG_CASES = [
    LONG_NAME,
    "Ççççççççççççççççççççççççççççççççççççççççççççççççççççç",
    "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
    "Ökologische Großküche Müßiggang-Straße Überetsch ÄÖÜ ß €",
]


@pytest.mark.parametrize("name", LONG_CASES)
@pytest.mark.parametrize("size", [LabelSize(100, 150), LabelSize(101.6, 152.4),
                                  LabelSize(100, 100), LabelSize(60, 90)])
@pytest.mark.parametrize("lang", ["fr", "nl", "de", "en"])
def test_long_texts_fit_their_boxes_and_the_label(name: str, size: LabelSize, lang: str) -> None:
    data = _label(customer=name, commune=name, stop_seq=60, other_depots=(("CAR", 3), ("TDH", 2)),
                  zone="frozen", lang=lang)
    for el in label_layout(data, size):
        assert el.x >= 0 and el.y >= 0, el
        assert el.x + el.w <= size.width_mm + 1e-6 and el.y + el.h <= size.height_mm + 1e-6, el
        if isinstance(el, Text):
            assert text_width_mm(el.text, el.size, el.bold) <= el.w + 1e-6, el
            assert el.size <= el.h + 1e-6
        if isinstance(el, Code128):
            assert (11 * (len(el.data) + 2) + 13) * el.module <= el.w


def test_fit_text_shrinks_then_ellipsises() -> None:
    assert fit_text("Braives", 7, 80, bold=True, min_size=4) == ("Braives", 7)
    text, size = fit_text("Saint-Georges-sur-Meuse", 9, 70, bold=True, min_size=4)
    assert text == "Saint-Georges-sur-Meuse" and 4 <= size < 9
    text, size = fit_text(LONG_NAME, 9, 90, bold=True, min_size=5)
    assert size == 5 and text.endswith("...") and LONG_NAME.startswith(text[:-3])


def test_zone_marks_differ_so_zones_tell_apart_without_reading() -> None:
    def boxes(zone: str) -> list[tuple[float, bool]]:
        return [(b.w * b.h, b.border == 0) for b in label_layout(_label(zone=zone))
                if isinstance(b, Box)]
    ambient, chilled, frozen = boxes("ambient"), boxes("chilled"), boxes("frozen")
    assert ambient != chilled != frozen != ambient
    assert any(area > 100 * 150 * 0.9 for area, _ in frozen)  # the frozen frame


@pytest.mark.parametrize("lang, word", [("nl", "GEKOELD"), ("de", "GEKÜHLT"), ("en", "CHILLED")])
def test_label_in_other_languages(lang: str, word: str) -> None:
    text = pdf_text(docs.label_pdf(_label(lang=lang)))
    assert word in text
    assert {"nl": "Krat 1/2", "de": "Kiste 1/2", "en": "Crate 1/2"}[lang] in text


def test_label_size_parsing() -> None:
    assert LabelSize.parse("100x150") == LabelSize(100, 150)
    assert LabelSize.parse("101.6X152.4mm") == LabelSize(101.6, 152.4)
    for bad in ("100", "axb", "10x10", "300x150"):
        with pytest.raises(ValueError):
            LabelSize.parse(bad)


def test_a_long_customer_name_goes_on_two_lines_rather_than_being_cut() -> None:
    name = "Cuisine collective du Centre Hospitalier Régional de Huy-Waremme"
    lines = [el for el in label_layout(_label(customer=name))
             if isinstance(el, Text) and el.bold and 55 < el.y < 68]
    assert len(lines) == 2
    assert f"{lines[0].text} {lines[1].text}" == name
    assert all(el.size >= 4.2 for el in lines)


@pytest.mark.parametrize("name", ["WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
                                  "Traiteur La Fourchette Locale", "MMMMMMMM MMMMMMMMMM MMMMMMM"])
def test_zpl_font_0_text_stays_inside_the_box_fitted_with_pdf_metrics(name: str) -> None:
    """Each text drawn alone, without ^FB, by zplkit's font 0: its ink ends inside its box."""
    from PIL import ImageOps

    from cpdesk.documents.zpl_label import dots

    for el in label_layout(_label(customer=name, commune=name)):
        if not isinstance(el, Text) or not el.text.isascii():
            continue
        h = max(10, dots(el.size))
        zpl = f"^XA^CI28^PW800^LL1200^FO{dots(el.x)},10^A0N,{h},{h}^FD{el.text}^FS^XZ\n"
        ink = ImageOps.invert(zpl_to_image(zpl).convert("L")).getbbox()
        assert ink is not None and ink[2] <= dots(el.x + el.w), el


def _font_files(pdf: bytes) -> list[bytes]:
    """The embedded TrueType programs of a PDF, decompressed."""
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    found = []
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        if "/FontDescriptor" in font:
            found.append(font["/FontDescriptor"].get_object()["/FontFile2"].get_object()
                         .get_data())
    return found


def test_labels_reuse_one_font_subset_and_their_texts_stay_right() -> None:
    """The label fonts start every PDF with the same characters, so the subset made for one
    label serves the next; the texts still come out right, accents included."""
    from cpdesk.documents.fonts import LABEL_CHARACTERS

    first = docs.label_pdf(_label(customer="Épicerie Wallonne"))
    second = docs.label_pdf(_label(customer="Łukasz Żółć, Straße 1"))
    assert "Épicerie Wallonne" in pdf_text(first)
    assert "Łukasz Żółć, Straße 1" in pdf_text(second)
    fonts = _font_files(first)
    assert len(fonts) == 2 and fonts == _font_files(second)  # regular and bold, the same
    assert len(LABEL_CHARACTERS) == len(set(LABEL_CHARACTERS)) <= 159  # one 256-code subset


def test_a_character_outside_the_label_set_still_prints(tmp_path: Path) -> None:
    """Greek is not in the label characters: its subset is made for this label."""
    from cpdesk.documents.fonts import LABEL_CHARACTERS

    name = "Ωmega Ψυχή"
    assert not set("ΩΨυχή") & set(LABEL_CHARACTERS)
    pdf = docs.label_pdf(_label(customer=name))
    assert name in pdf_text(pdf)
    assert _font_files(pdf) != _font_files(docs.label_pdf(_label()))
    assert decode(pdf_to_images(pdf, tmp_path, dpi=150)[0]) == ["CR0K3M9X2Q7B"]


def test_barcode_bars_are_one_path_filled_once() -> None:
    from io import BytesIO

    from pypdf import PdfReader
    from reportlab.graphics.barcode.code128 import Code128 as RLCode128

    from cpdesk.documents.pdf_label import code128_bars

    bars = code128_bars("CR0K3M9X2Q7B")
    assert bars[-1][0] + bars[-1][1] == RLCode128("CR0K3M9X2Q7B", barWidth=1,
                                                   quiet=False).width
    page = PdfReader(BytesIO(docs.label_pdf(_label()))).pages[0]
    lines = page.get_contents().get_data().split(b"\n")
    [at] = [n for n, line in enumerate(lines) if line.count(b" re") > 2]
    assert lines[at].count(b" re") == len(bars) and lines[at + 1] == b"f*"


def test_reportlab_runs_with_its_c_accelerator() -> None:
    """Without rl_accel reportlab falls back to Python silently, at half the speed."""
    from reportlab.lib import rl_accel

    assert rl_accel.fp_str.__module__ == "_rl_accel"
