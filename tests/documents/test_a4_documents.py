"""Delivery notes, van manifests and pick lists: the PDF text matches the data, long
documents flow over pages without losing a line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk import documents as docs
from cpdesk import formats
from cpdesk.documents.delivery_note import line_note
from cpdesk.documents.formatting import quantity
from cpdesk.documents.i18n import LANGUAGES, colon, keys, long_date, tr
from cpdesk.domain.money import format_eur
from cpdesk.errors import NotFound
from cpdesk.store import models as m

from .conftest import BIG_ORDER, EXTREME_DAY, EXTREME_ROUND, LONG_NAME, TODAY, pdf_pages, pdf_text


def _flat(text: str) -> str:
    """PDF text with line breaks and repeated spaces folded (wrapped cells)."""
    return re.sub(r"\s+", " ", text)


# -- delivery note -----------------------------------------------------------------------------

def test_delivery_note_of_a_packed_demo_order_matches_its_data(session: Session) -> None:
    order = session.scalars(select(m.Order).where(m.Order.delivery_date < TODAY)
                            .order_by(m.Order.number)).first()
    assert order is not None
    data = docs.delivery_note_data(session, order.number)
    text = _flat(pdf_text(docs.render_delivery_note(data)))
    assert f"Bon de livraison {order.number}" in text
    assert order.customer.name in text and order.customer.commune in text
    assert len(data.lines) == len(order.lines)
    for ln in data.lines:
        assert ln.product in text
        assert format_eur(ln.amount_cents) in text
        if ln.packed_weight_g:
            assert f"{ln.packed_weight_g // 1000},{ln.packed_weight_g % 1000:03d} kg" in text
    assert data.total_cents == sum(ln.amount_cents for ln in data.lines) > 0
    assert sum(v.total_cents for v in data.vat) == data.total_cents
    assert sum(v.base_cents + v.vat_cents for v in data.vat) == data.total_cents
    for v in data.vat:
        assert f"{v.rate_pct} % {format_eur(v.base_cents)} {format_eur(v.vat_cents)}" in text
    assert f"Total TVAC {format_eur(data.total_cents)}" in text
    for c in data.crates:
        assert c.code in text


def test_forty_line_order_flows_over_pages_with_shortage_and_substitution(session: Session) -> None:
    data = docs.delivery_note_data(session, BIG_ORDER)
    assert len(data.lines) == 40
    pdf = docs.render_delivery_note(data)
    text = _flat(pdf_text(pdf))
    pages = pdf_pages(pdf)
    assert pages >= 2
    assert f"Page {pages} / {pages}" in text
    for ln in data.lines:
        assert ln.product in text
    short = data.lines[4]
    sub = data.lines[5]
    assert short.state == "short" and short.reason == "damaged" and short.amount_cents == 0
    assert "Manquant : abîmé" in text
    assert sub.state == "substituted" and sub.substitute
    assert f"Remplacé par {sub.substitute} : rupture de stock" in text
    # the three lines CAR packs: known here (central) as not packed yet
    assert [ln.state for ln in data.lines[37:]] == ["to_pack"] * 3
    assert LONG_NAME[:40] in text
    assert "€" in text and "Œuvres" in text and "Émerveillement" in text


def test_delivery_note_at_a_depot_store_says_where_other_lines_are_packed(demo_dir) -> None:  # type: ignore[no-untyped-def]
    from cpdesk.store import paths
    from cpdesk.store.db import open_store

    with Session(open_store(paths.depot_path(demo_dir, "HES"))) as s:
        multi = None
        for order in s.scalars(select(m.Order).where(m.Order.delivery_date < TODAY)):
            if {ln.packing_depot_id for ln in order.lines} != {order.lines[0].packing_depot_id}:
                multi = order.number
                break
        if multi is None:
            pytest.fail("the demo network should have an order packed at two depots")
        data = docs.delivery_note_data(s, multi)
    elsewhere = [ln for ln in data.lines if ln.state == "elsewhere"]
    assert elsewhere and all(ln.packing_depot != "HES" for ln in elsewhere)
    text = _flat(pdf_text(docs.render_delivery_note(data)))
    assert f"Préparé à {elsewhere[0].packing_depot}" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_delivery_note_in_each_language(session: Session, lang: str) -> None:
    data = docs.delivery_note_data(session, BIG_ORDER, lang=lang)
    text = _flat(pdf_text(docs.render_delivery_note(data)))
    assert f"{tr(lang, 'delivery_note')} {BIG_ORDER}" in text
    assert long_date(lang, EXTREME_DAY) in text
    assert tr(lang, "total_incl") in text


def test_unknown_order_is_a_clear_error(session: Session) -> None:
    with pytest.raises(NotFound):
        docs.delivery_note_data(session, "CP-000000-0000")


# -- manifest ----------------------------------------------------------------------------------

def test_sixty_stop_manifest_lists_every_stop_and_loads_last_stop_first(session: Session) -> None:
    data = docs.manifest_data(session, EXTREME_ROUND)
    assert [s.seq for s in data.stops] == list(range(1, 61))
    assert [s.seq for s in data.loading_order][:3] == [60, 59, 58]
    pdf = docs.render_manifest(data)
    assert pdf_pages(pdf) >= 3
    text = _flat(pdf_text(pdf))
    for s in data.stops:
        assert s.customer[:30] in text
        for c in s.crates:
            assert c.code in text
    totals = data.totals()
    n = sum(totals.values())
    assert n == sum(len(s.crates) for s in data.stops) == sum((seq % 3) + 1 for seq in
                                                               range(1, 61)) + 1
    assert f"Total {totals['ambient']} {totals['chilled']} {totals['frozen']} {n}" in text
    # the loading table starts with the last stop
    loading = text[text.index("Ordre de chargement"):]
    first = re.search(r"Caisses 1 (\d+) ", loading)
    assert first and first.group(1) == "60"
    assert "Jean-Benoît Müller-Lüdenscheidt" in text


def test_demo_manifest_matches_the_round(session: Session) -> None:
    rnd = session.scalars(select(m.Round).where(m.Round.date == TODAY)
                          .order_by(m.Round.code)).first()
    assert rnd is not None
    by_id = docs.manifest_data(session, str(rnd.id))
    data = docs.manifest_data(session, rnd.code.lower())
    assert by_id == data
    assert len(data.stops) == len(rnd.stops)
    crates = session.scalars(select(m.Crate).join(m.Order)
                             .join(m.Stop, m.Order.stop_id == m.Stop.id)
                             .where(m.Stop.round_id == rnd.id)).all()
    assert sum(data.totals().values()) == len(crates)
    text = _flat(pdf_text(docs.render_manifest(data)))
    assert f"Feuille de route {rnd.code}" in text and rnd.driver_name in text
    for s in rnd.stops:
        assert s.customer.phone in text and s.customer.name in text


# -- pick list ---------------------------------------------------------------------------------

def test_pick_list_sums_each_product_over_the_days_orders(session: Session) -> None:
    day = TODAY + dt.timedelta(days=1)
    data = docs.picklist_data(session, day, depot_code="HES")
    hes = session.scalar(select(m.Depot).where(m.Depot.code == "HES"))
    assert hes is not None
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for ln in session.scalars(select(m.OrderLine).join(m.Order).where(
            m.Order.delivery_date == day, m.OrderLine.packing_depot_id == hes.id)):
        expected[ln.product.sku] += ln.quantity
    assert {i.sku: i.quantity for i in data.items} == expected
    text = _flat(pdf_text(docs.render_picklist(data)))
    for i in data.items:
        assert i.product in text
        assert _flat(f"{i.sku} {quantity('fr', i.quantity, i.sale_unit)} {i.orders}") in text


def test_pick_list_of_one_round(session: Session) -> None:
    data = docs.picklist_data(session, EXTREME_DAY, round_ref=EXTREME_ROUND)
    assert data.round_codes == [EXTREME_ROUND] and data.issuer.depot_code == "HES"
    assert sum(i.orders for i in data.items) == 37 + 59 * 2  # CAR packs 3 of the 40 lines
    text = _flat(pdf_text(docs.render_picklist(data)))
    assert EXTREME_ROUND in text
    with pytest.raises(NotFound, match="not"):
        docs.picklist_data(session, TODAY, round_ref=EXTREME_ROUND)
    with pytest.raises(NotFound, match="--depot"):
        docs.picklist_data(session, TODAY)


# -- words ---------------------------------------------------------------------------------------

def test_every_document_word_exists_in_every_language() -> None:
    for key in keys():
        for lang in LANGUAGES:
            assert tr(lang, key).strip(), (key, lang)
    assert long_date("de", dt.date(2026, 3, 2)) == "Montag 2 März 2026"



def test_french_document_words_put_a_no_break_space_before_colons_and_question_marks() -> None:
    """As the screens' translations do (tests/ui/test_translations.py): U+00A0 before ':',
    U+202F before ';', '!', '?'; the other languages put no space before a colon."""
    wrong = re.compile("[ \u202f](?=:)|[ \u00a0](?=[;!?»])|(?<=«)[ \u00a0]")
    assert not [key for key in keys() if wrong.search(tr("fr", key))]
    assert tr("fr", "thanks") == "Merci et à bientôt\u202f!"
    assert colon("fr") == "\u00a0: " and {colon(lang) for lang in ("nl", "de", "en")} == {": "}
    short = docs.NoteLine(1, "Pommes", "Verger", "P1", "unit", "pièce", Decimal(2), 100, 1, None,
                          100, 6, "short", reason="damaged")
    assert line_note("fr", short) == "Manquant\u00a0: abîmé"
    assert line_note("nl", short) == "Ontbreekt: beschadigd"

@pytest.mark.parametrize("lang", ["fr", "de"])
def test_extreme_documents_leave_the_page_margins_blank(session: Session, tmp_path: Path,
                                                        lang: str) -> None:
    """Rendered pages of the 40-line note, the 60-stop manifest and a pick list: no ink in
    the 15 mm side margins, so nothing overflowed its table or got clipped at the edge."""
    from PIL import ImageOps

    from .conftest import pdf_to_images

    pdfs = [
        docs.render_delivery_note(docs.delivery_note_data(session, BIG_ORDER, lang=lang)),
        docs.render_manifest(docs.manifest_data(session, EXTREME_ROUND, lang=lang)),
        docs.render_picklist(docs.picklist_data(session, EXTREME_DAY, round_ref=EXTREME_ROUND,
                                                lang=lang)),
    ]
    dpi = 40
    margin = int((15 - 1) / 25.4 * dpi)  # 1 mm of tolerance for anti-aliasing
    for pdf in pdfs:
        for page in pdf_to_images(pdf, tmp_path, dpi=dpi):
            ink = ImageOps.invert(page.convert("L"))
            w, h = ink.size
            assert ink.crop((0, 0, margin, h)).getbbox() is None
            assert ink.crop((w - margin, 0, w, h)).getbbox() is None


@pytest.mark.parametrize("lang", ["nl", "de", "en"])
def test_delivery_note_writes_money_and_weights_as_its_language_does(session: Session,
                                                                      lang: str) -> None:
    """Amounts and weights in the note's language (Belgian conventions of each, Babel): '€
    1.234,50' in Dutch, '1.234,50 €' in German and English, not the French '1 234,50 €'."""
    data = docs.delivery_note_data(session, BIG_ORDER, lang=lang)
    # a total with thousands (a caterer's week): the separator tells the locales apart
    data = dataclasses.replace(data, total_cents=123_456)
    text = _flat(pdf_text(docs.render_delivery_note(data)))
    total = _flat(formats.money(data.total_cents, lang))
    assert total == {"nl": "€ 1.234,56", "de": "1.234,56 €", "en": "1.234,56 €"}[lang]
    assert f"{tr(lang, 'total_incl')} {total}" in text
    assert _flat(formats.money(data.total_cents, "fr")) not in text
    for ln in data.lines:
        assert _flat(formats.money(ln.amount_cents, lang)) in text
    weighed = [ln.packed_weight_g for ln in data.lines if ln.packed_weight_g]
    assert weighed and all(_flat(formats.weight_kg(g, lang)) in text for g in weighed)
    if lang == "nl":
        assert total.startswith("€ ")
