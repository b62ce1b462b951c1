"""Test pages, one per printer kind: what `cpdesk printer test`, `cpdesk station test
--print` and the hardware dialog print to show a printer works. Each is a real document
of that kind (a receipt, a crate label, an A4 page) with accents and euros, so a wrong
code page or a missing font shows on paper.

    page_for("escpos") -> ESC/POS bytes;  page_for("zpl") -> ZPL;  page_for("pdf") -> PDF
"""

from __future__ import annotations

from collections.abc import Callable

from cpdesk import clock
from cpdesk.domain.money import vat_breakdown

from .data import Issuer, LabelData, ReceiptData, ReceiptLine
from .labels import label_zpl

COOP = "Circuits Paysans"


def receipt_test_page() -> bytes:
    """A receipt in CP858 with accents and euros; it never opens the cash drawer."""
    from .receipt import render_receipt

    lines = [ReceiptLine("Pommes", 1, 1250, 350, 438, 6),
             ReceiptLine("Pain d'épeautre", 1, None, 350, 350, 6),
             ReceiptLine("àéèçù ÀÉÈ ß", 1, None, 0, 0, 21)]
    return render_receipt(ReceiptData(
        issuer=Issuer(COOP, "cpdesk test", "TEST", "test page", ""),
        register="TEST", receipt_no=0, at=clock.utcnow(), staff="cpdesk",
        lines=lines, total_cents=788,
        vat=vat_breakdown((ln.vat_pct, ln.amount_cents) for ln in lines)), open_drawer=False)


def label_test_data() -> LabelData:
    return LabelData(
        crate_code="CR0TEST00000", round_code="TEST", round_letter="T", stop_seq=1,
        customer="cpdesk test label", postcode="4000", commune="Liège",
        order_number="CP-000000-0000", crate_seq=1, crate_count=1, depot_code="TEST",
        other_depots=(), zone="ambient", delivery_date=clock.today(), coop=COOP)


def label_test_page() -> bytes:
    """The real crate label of a test crate, as ZPL."""
    return label_zpl(label_test_data()).encode("utf-8")


def a4_test_page() -> bytes:
    """An A4 page with accents and euros in the documents' font."""
    from .a4 import P, build, spacer, styles

    s = styles()
    story = [P("cpdesk — page de test / testpagina / Testseite", s["bold"]), spacer(4),
             P("àéèçù ÀÉÈ œ ß — 7,88 € — Liège, Namur, Gent", s["base"])]
    return build(story, title="cpdesk test page", footer=COOP, page_word="Page")


TEST_PAGES: dict[str, Callable[[], bytes]] = {
    "escpos": receipt_test_page,
    "zpl": label_test_page,
    "pdf": a4_test_page,
}
"""Keyed by the printer kinds of `cpdesk.hardware.printer_kinds.KINDS` (a test checks
that every kind has its page)."""


def page_for(kind: str) -> bytes:
    try:
        return TEST_PAGES[kind]()
    except KeyError:
        raise ValueError(f"no test page for printer kind {kind!r} "
                         f"(one of {', '.join(TEST_PAGES)})") from None
