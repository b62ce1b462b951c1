"""Print documents from the screens: a PDF preview dialog (the board's print menu that opens it
is `board_menu.py`).

Documents are gathered and rendered on a worker thread by the `DocumentService` (each call
reads in a session of its own); the preview opens on the GUI thread when the PDF bytes
arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QPoint,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..icons import icon
from ..workers import query

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter


PREVIEW_SIZE = QSize(820, 980)
"""An A4 page at a readable width, when the screen has room for it."""


def preview_size(parent: QWidget | None) -> QSize:
    """The preview's size, within the screen (its buttons were below a 800 px screen's edge)
    and the desk window it opens over."""
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    room = screen.availableGeometry().size() if screen is not None else PREVIEW_SIZE
    if parent is not None:
        room = room.boundedTo(parent.window().size())
    return PREVIEW_SIZE.boundedTo(room - QSize(40, 60))  # a title bar and a margin


class DocumentPreview(QDialog):
    """A PDF shown page by page, with Print… and Save as PDF…."""

    sig_printed = Signal(int)
    """The number of pages sent to the printer."""

    def __init__(self, title: str, pdf: bytes, *, file_name: str,
                 parent: QWidget | None = None) -> None:
        # Qt PDF is imported with the first preview, not with the board's print menu at start.
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        super().__init__(parent)
        self.setWindowTitle(title)
        self.pdf = pdf
        self.file_name = file_name
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)  # must outlive the document
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setIcon(icon("printer"))
        self.print_button.setIconSize(QSize(32, 32))
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.close_button = QPushButton(self.tr("Close"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self.ask_print)
        self.save_button.clicked.connect(self.ask_save)
        self.close_button.clicked.connect(self.accept)
        self.resize(preview_size(parent))


    @property
    def pages(self) -> int:
        return self.document.pageCount()

    def ask_print(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Rasterise each page at the printer's resolution onto its page; returns pages."""
        printer.setDocName(self.windowTitle())
        painter = QPainter()
        if not painter.begin(printer):
            raise RuntimeError(self.tr("The printer refused the job"))
        try:
            for n in range(self.pages):
                if n:
                    printer.newPage()
                target = painter.viewport()
                size = self.document.pagePointSize(n)
                scale = min(target.width() / size.width(), target.height() / size.height())
                image = self.document.render(
                    n, QSize(int(size.width() * scale), int(size.height() * scale)))
                painter.drawImage(QPoint(0, 0), image)
        finally:
            painter.end()
        self.sig_printed.emit(self.pages)
        return self.pages

    def ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"), self.file_name,
                                              "PDF (*.pdf)")
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        path.write_bytes(self.pdf)


def render_in_background(make: Callable[[], bytes], title: str, file_name: str,
                         parent: QWidget,
                         on_ready: Callable[[DocumentPreview], None] | None = None) -> Any:
    """Gather and render off the GUI thread (`make`, a call of the `DocumentService`), then
    open the preview (or report the error)."""

    def done(pdf: bytes) -> None:
        preview = DocumentPreview(title, pdf, file_name=file_name, parent=parent)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if on_ready is not None:
            on_ready(preview)
        preview.show()

    def failed(message: str) -> None:
        QMessageBox.warning(parent, title, message)

    return query(parent, make, done, failed)
