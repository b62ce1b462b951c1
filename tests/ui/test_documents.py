"""Printing documents from the board: the preview dialog and the board's print menu."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from sqlalchemy.orm import Session

from cpdesk import documents as docs
from cpdesk.store import paths
from cpdesk.store.db import open_store
from cpdesk.ui.app import build_context
from cpdesk.ui.documents.printing import DocumentPreview
from cpdesk.ui.main_window import MainWindow

from ..conftest import DEMO_TODAY

pytestmark = pytest.mark.gui


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)


def test_preview_shows_prints_and_saves_a_manifest(qtbot, demo_dir: Path, tmp_path: Path) -> None:
    with Session(open_store(paths.depot_path(demo_dir, "HES"))) as s:
        code = f"HES-{DEMO_TODAY:%Y%m%d}-A"
        pdf = docs.render_manifest(docs.manifest_data(s, code))
    preview = DocumentPreview("Manifest", pdf, file_name="m.pdf")
    qtbot.addWidget(preview)
    preview.show()
    assert preview.pages == len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    with qtbot.waitSignal(preview.sig_printed, timeout=30_000) as sig:
        assert preview.print_to(printer) == preview.pages
    assert sig.args == [preview.pages]
    assert len(PdfReader(printed).pages) == preview.pages
    preview.save_to(tmp_path / "saved.pdf")
    assert (tmp_path / "saved.pdf").read_bytes() == pdf


def _previews() -> list[DocumentPreview]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, DocumentPreview)
            and w.isVisible()]


def _board_window(qtbot, demo_dir: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """HES's main window on the demo's day, shown, not started yet."""
    ctx = build_context(demo_dir, "HES")
    ctx.today = DEMO_TODAY
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


def _menu_at(board, source):  # type: ignore[no-untyped-def]
    """The board's print menu, opened on the row of the model index `source`."""
    return board.print_menu_for(board.view.visualRect(board.proxy.mapFromSource(source))
                                .center())


def test_board_menu_prints_the_delivery_note_and_labels_of_an_order(qtbot, demo_dir: Path) -> None:
    window = _board_window(qtbot, demo_dir)
    board = window.board
    with qtbot.waitSignal(board.sig_loaded, timeout=30_000):
        window.start()
    packed = next(o for r in board.model.rounds for o in r.orders
                  if o.pack_state == "packed" and o.crates)
    source = next(board.model.index(row, 0, board.model.index(r, 0))
                  for r, rnd in enumerate(board.model.rounds)
                  for row, o in enumerate(rnd.orders) if o is packed)
    menu = _menu_at(board, source)
    actions = {a.text(): a for a in menu.actions()}
    assert f"Delivery note {packed.number}…" in actions
    assert f"Van manifest {packed.round_code}…" in actions
    assert "Pick list of the day…" in actions
    for p in _previews():
        p.close()
    actions[f"Delivery note {packed.number}…"].trigger()
    qtbot.waitUntil(lambda: len(_previews()) == 1, timeout=30_000)
    (preview,) = _previews()
    assert f"{packed.number}" in _text(preview.pdf) and preview.pages >= 1
    preview.close()
    actions[f"Crate labels of {packed.number}…"].trigger()
    qtbot.waitUntil(lambda: len(_previews()) == 1, timeout=30_000)
    (labels,) = _previews()
    assert labels.pages == packed.crates  # one label per crate packed here
    labels.close()


@pytest.mark.parametrize("lang", ["fr", "nl", "de"])
def test_the_board_menu_speaks_the_language_on_screen(qtbot, demo_dir: Path, lang: str) -> None:
    """Its entries are translated like every other text on screen (they were once left
    in English: not found by lupdate)."""
    from ..ts_files import translated

    window = _board_window(qtbot, demo_dir)
    board = window.board
    window.set_language(lang)
    try:
        with qtbot.waitSignal(board.sig_loaded, timeout=30_000):
            window.start()
        order = board.model.rounds[0].orders[0]
        source = board.model.index(0, 0, board.model.index(0, 0))
        menu = _menu_at(board, source)
        texts = [a.text() for a in menu.actions()]
        assert texts == [
            translated(lang, "Delivery note {0}…", "BoardWidget").format(order.number),
            translated(lang, "Crate labels of {0}…", "BoardWidget").format(order.number),
            translated(lang, "Van manifest {0}…", "BoardWidget").format(order.round_code),
            translated(lang, "Pick list of round {0}…", "BoardWidget").format(order.round_code),
            translated(lang, "Pick list of the day…", "BoardWidget")]
        english = [f"Delivery note {order.number}…", f"Crate labels of {order.number}…",
                   f"Van manifest {order.round_code}…", f"Pick list of round {order.round_code}…",
                   "Pick list of the day…"]
        assert not set(texts) & set(english)
    finally:
        window.set_language("en")
