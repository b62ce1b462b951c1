"""Receipts: ESC/POS bytes decoded back to text lines and commands, and the PDF variant."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk import documents as docs
from cpdesk.documents.data import Issuer
from cpdesk.domain.money import format_eur, format_kg, vat_breakdown
from cpdesk.errors import NotFound
from cpdesk.store import models as m

from ..escpos import decode_escpos
from .conftest import decode, pdf_text, pdf_to_images


def _receipt(**kw: object) -> docs.ReceiptData:
    lines = [
        docs.ReceiptLine("Comté 18 mois affiné en cave — Fromagerie des Hauts-Plateaux", 1,
                         412, 3290, 1355, 6),
        docs.ReceiptLine("Bière triple", 3, None, 295, 885, 21),
        docs.ReceiptLine("Œufs frais ×6", 1, None, 360, 360, 6),
    ]
    base: dict[str, object] = dict(
        issuer=Issuer("Hesbicoop", "Dépôt Hesbicoop", "HES", "Rue de la Station 12, 4260 Braives",
                      "BE0123456789"),
        register="HES-1", receipt_no=123, at=dt.datetime(2026, 11, 26, 13, 5, tzinfo=dt.UTC),
        staff="Nadia Rossi", lines=lines, total_cents=2600,
        vat=vat_breakdown((ln.vat_pct, ln.amount_cents) for ln in lines),
        payments=[docs.ReceiptPayment("cash", 2600, 3000)])
    base.update(kw)
    return docs.ReceiptData(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize("width, cols", [(80, 48), (58, 32)])
def test_escpos_receipt_decodes_to_the_sale(width: int, cols: int) -> None:
    data = _receipt()
    raw = docs.render_receipt(data, width)
    d = decode_escpos(raw)
    assert d.commands[0] == "init" and d.code_page == 19  # CP858 chosen before any text
    assert raw.index(b"\x1bt\x13") < raw.index(b"Hesbicoop")
    assert d.commands[-1] == "cut 65 3"
    assert all(len(line) <= cols for line in d.lines)
    text = "\n".join(d.lines)
    assert "€" in text and b"\xd5" in raw  # the euro sign as CP858 0xD5
    assert "Ticket 000123" in text and "26/11/2026 14:05" in text  # Brussels time
    assert "Caisse HES-1" in text and "Nadia Rossi" in text
    assert "Comté" in text and "OEufs frais ×6" in text  # CP858 has no Œ: spelled OE
    assert f"  {format_kg(412)} x 32,90 €/kg" in text
    assert "  3 x 2,95 €" in text
    total = next(line for line in d.lines if line.startswith("TOTAL"))
    assert total.endswith("26,00 €")
    assert d.styles[d.lines.index(total)] == (0, 1, 1)  # bold, double height
    for v in data.vat:
        row = next(line for line in d.lines if line.startswith(f"{v.rate_pct} %"))
        assert format_eur(v.base_cents) in row and format_eur(v.vat_cents) in row
    assert any(line.startswith("Rendu") or "Rendu" in line for line in d.lines)
    assert any(line.strip().endswith(format_eur(400)) for line in d.lines if "Rendu" in line)
    assert d.barcodes == [(73, b"{BHES-1-000123")]
    assert d.lines[-2:] == ["HES-1-000123", "Merci et à bientôt !"]
    assert d.styles[0][0] == 1  # header centred


def test_receipt_line_amounts_stay_aligned_with_long_descriptions() -> None:
    d = decode_escpos(docs.render_receipt(_receipt(), 58))
    amounts = [line for line in d.lines if line.endswith(" €") and not line[0].isdigit()]
    assert amounts and all(len(line) == 32 for line in amounts)


def test_refund_receipt_says_so() -> None:
    d = decode_escpos(docs.render_receipt(_receipt(refund=True, lang="nl")))
    assert "TERUGBETALING" in d.lines and "Kasticket 000123" in "\n".join(d.lines)


def test_receipt_data_from_a_demo_sale(session: Session, tmp_path: Path) -> None:
    sale = session.scalars(select(m.Sale).order_by(m.Sale.at)).first()
    assert sale is not None
    code = f"{sale.register}-{sale.receipt_no:06d}"
    data = docs.receipt_data(session, code)
    assert data == docs.receipt_data(session, sale.id)
    assert data.code == code and len(data.lines) == len(sale.lines)
    assert sum(v.total_cents for v in data.vat) == sale.total_cents == data.total_cents
    d = decode_escpos(docs.render_receipt(data))
    text = "\n".join(d.lines)
    for ln in sale.lines:
        assert ln.description[:20] in text
        assert format_eur(ln.amount_cents) in text
        if ln.weight_g:
            assert format_kg(ln.weight_g) in text
    pdf = docs.render_receipt_pdf(data)
    ptext = pdf_text(pdf)
    assert code in ptext and format_eur(sale.total_cents) in ptext
    (image,) = pdf_to_images(pdf, tmp_path, dpi=300)
    assert decode(image) == [code]
    with pytest.raises(NotFound):
        docs.receipt_data(session, "XXX-9-000001")


def test_receipt_width_must_be_a_paper_width() -> None:
    with pytest.raises(ValueError, match="80 or 58"):
        docs.render_receipt(_receipt(), 72)


def test_cash_opens_the_drawer_before_the_cut_a_copy_or_a_card_never() -> None:
    cash = decode_escpos(docs.render_receipt(_receipt()))
    assert cash.commands[-2:] == ["drawer 0 25 250", "cut 65 3"]
    assert "DUPLICATA" not in cash.text()
    copy = decode_escpos(docs.render_receipt(_receipt(), 58, copy=True))
    assert copy.lines[0] == "*** DUPLICATA ***" and copy.styles[0][:2] == (1, 1)
    assert not any(c.startswith("drawer") for c in copy.commands)
    card = decode_escpos(docs.render_receipt(_receipt(payments=[
        docs.ReceiptPayment("card", 2600, None, "A654321")])))
    assert not any(c.startswith("drawer") for c in card.commands)
    assert any(ln.startswith("Carte (A654321)") and ln.endswith("26,00 €") for ln in card.lines)
    assert docs.receipt_text(_receipt(), copy=True)[0] == "*** DUPLICATA ***"


def test_refund_names_the_receipt_it_returns_and_a_note_is_printed() -> None:
    d = decode_escpos(docs.render_receipt(_receipt(refund=True, refund_of=97,
                                                   note="Retrait commande CP-261126-0042")))
    assert "REMBOURSEMENT" in d.lines and "Retour du ticket HES-1-000097" in d.lines
    assert "Retrait commande CP-261126-0042" in d.lines


def test_text_document_for_reports() -> None:
    d = decode_escpos(docs.render_text_document(["Rapport Z 3", "Espèces 12,50 €"], 58))
    assert d.commands[:2] == ["init", "ESC t 19"] and d.commands[-1] == "cut 65 3"
    assert d.lines[:2] == ["Rapport Z 3", "Espèces 12,50 €"] and d.styles[0][:2] == (1, 1)


def test_french_no_break_spaces_print_as_spaces_never_as_question_marks() -> None:
    """French texts carry U+00A0 before ':' and U+202F before '!' and '?' (README): CP858 has
    no U+202F, so both go to the printer as plain spaces, never as '?' nor an error."""
    lines = ["Tickets\u00a0: aucun", "Ventes\u00a0: 2", "Non\u202f; «\u202fok\u202f»\u202f?",
             "Merci et à bientôt\u202f!"]
    raw = docs.render_text_document(lines, 58)
    assert raw.count(b"?") == 1 and b"\xff" not in raw  # the '?' of the text only
    assert decode_escpos(raw).lines[:4] == ["Tickets : aucun", "Ventes : 2",
                                            "Non ; « ok » ?", "Merci et à bientôt !"]
    receipt = docs.render_receipt(_receipt())
    assert b"Merci et \x85 bient\x93t !" in receipt  # à and ô in CP858
    assert docs.receipt_text(_receipt())[-1] == "Merci et à bientôt !"  # as printed
    assert "Merci et à bientôt !" in pdf_text(docs.render_receipt_pdf(_receipt()))


def test_a_discounted_line_shows_its_price_then_the_discount_and_vat_adds_up() -> None:
    lines = [docs.ReceiptLine("Bière triple", 3, None, 295, 885 - 44, 21, 44)]  # stored net
    data = _receipt(lines=lines, total_cents=841, discount_cents=44,
                    vat=vat_breakdown([(21, 841)]), payments=[docs.ReceiptPayment("card", 841)])
    d = decode_escpos(docs.render_receipt(data))
    assert any(ln.startswith("  3 x 2,95 €") and ln.endswith("8,85 €") for ln in d.lines)
    assert any(ln.startswith("  Remise") and ln.endswith("-0,44 €") for ln in d.lines)
    assert any(ln.startswith("Dont remises") and ln.endswith("-0,44 €") for ln in d.lines)
    assert next(ln for ln in d.lines if ln.startswith("TOTAL")).endswith("8,41 €")
    assert any(ln.startswith("21 %") and ln.endswith("8,41 €") for ln in d.lines)
