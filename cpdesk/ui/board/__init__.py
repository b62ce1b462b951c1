"""The order board: rounds, orders and their progress, with the dashboard strip."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from ..screens import ScreenSpec, Shell

if TYPE_CHECKING:
    from .screen import BoardWidget


def _build(shell: Shell) -> QWidget:
    from ..documents.board_menu import install_board_print_menu
    from .screen import BoardWidget

    board = BoardWidget(shell.ctx)
    install_board_print_menu(board, shell.ctx, lambda: shell.services.documents)
    board.sig_open_order.connect(shell.open_order)
    # Its own keys, alive while it is shown (a hidden widget's shortcuts do not fire).
    QShortcut(QKeySequence("F5"), board, board.reload)
    QShortcut(QKeySequence(QKeySequence.StandardKey.Find), board, board.search.setFocus)
    return board


def _refuse_scan(board: BoardWidget) -> None:
    board.summary.setText(QCoreApplication.translate(
        "MainWindow", "Scan an order slip or a crate to open an order"))


SCREEN = ScreenSpec(
    key="board",
    build=_build,
    title=str(QT_TRANSLATE_NOOP("MainWindow", "Board (Ctrl+1)")),
    shortcut="Ctrl+1",
    icon="clipboard-list",
    scan_kinds=frozenset({"order", "crate"}),
    on_scan=lambda board, code: board.sig_open_order.emit(code),
    refuse_scan=_refuse_scan,
    needs_staff=False,
    on_open=lambda board: board.reload(),
    focus=lambda board: board.view,
)
