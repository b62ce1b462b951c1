"""The board's print menu (a right-click on a round or an order): made with the board, which
is on the desk's first frame, so it imports the preview's module (`printing.py`: dialogs,
file dialog, Qt PDF later) and draws its icon when the menu is first opened."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt

from ..context import AppContext
from ..icons import icon

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from cpdesk.documents.service import DocumentService


def install_board_print_menu(board: Any, ctx: AppContext,
                             service: Callable[[], DocumentService]) -> None:
    """A right-click menu on the board: delivery note, crate labels, manifest, pick lists.
    `service()` gives the `DocumentService`, called with the first document (on the worker
    thread: the store's engine may not be open before that)."""
    view = board.view
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def start(make: Callable[[], bytes], title: str, file_name: str) -> None:
        from .printing import render_in_background

        render_in_background(make, title, file_name, board)

    def menu_for(pos: QPoint) -> QMenu:
        from PySide6.QtWidgets import QMenu

        printer = icon("printer")
        menu = QMenu(board)
        index = board.proxy.mapToSource(view.indexAt(pos))
        order = board.model.order_at(index)
        round_code = (order.round_code if order else
                      board.model.rounds[index.row()].code if index.isValid() else None)
        lang = ctx.language  # the user's language

        def add(text: str, make: Callable[[], bytes], title: str, file_name: str) -> None:
            menu.addAction(printer, text, lambda: start(make, title, file_name))

        if order is not None:
            number = order.number
            add(QCoreApplication.translate("BoardWidget", "Delivery note {0}…").format(number),
                lambda: service().delivery_note(number, lang), number, f"{number}.pdf")
            add(QCoreApplication.translate("BoardWidget", "Crate labels of {0}…").format(number),
                lambda: service().crate_labels(number, lang), number, f"labels-{number}.pdf")
        if round_code and round_code != "—":
            code = round_code
            add(QCoreApplication.translate("BoardWidget", "Van manifest {0}…").format(code),
                lambda: service().manifest(code, lang), code, f"manifest-{code}.pdf")
            add(QCoreApplication.translate("BoardWidget", "Pick list of round {0}…").format(code),
                lambda: service().picklist(board.day, lang, code), code, f"picklist-{code}.pdf")
        day = board.day
        add(QCoreApplication.translate("BoardWidget", "Pick list of the day…"),
            lambda: service().picklist(day, lang), str(day), f"picklist-{ctx.depot}-{day}.pdf")
        return menu

    board.print_menu_for = menu_for  # for tests and for keyboard access
    view.customContextMenuRequested.connect(
        lambda pos: menu_for(pos).exec(view.viewport().mapToGlobal(pos)))
