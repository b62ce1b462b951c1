"""A sale's receipt out of the counter: to the receipt printer through the `DeviceHub`, or, when
the station has none, shown in the register tab and saved as text and PDF in the counter's
folder (so the customer can still be given it, and the cashier finds it again)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from cpdesk.counter.files import counter_dir
from cpdesk.documents.receipt import receipt_text, render_receipt, render_receipt_pdf

from ..hardware.devices import PrintRequest

if TYPE_CHECKING:
    from .host import CounterHost

NO_PRINTER_STATES = ("absent", "none", "not configured", "disconnected")


class ReceiptPrinting(QObject):
    sig_receipt = Signal(bytes)
    """ESC/POS bytes of a receipt sent to the printer (or saved when there is none)."""

    def __init__(self, counter: CounterHost, show_text: Callable[[list[str]], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.counter = counter
        self.show_text = show_text
        self.printer = True  # a receipt printer answers (its status says so)
        counter.devices.sig_printer_status.connect(self._printer_status)

    def _printer_status(self, printer: str, state: str) -> None:
        if printer == "receipts":
            self.printer = state.lower() not in NO_PRINTER_STATES

    def print(self, sale_id: uuid.UUID, *, copy: bool = False,
              reprinted_by: uuid.UUID | None = None) -> None:
        """Print (or, with no receipt printer, show and save as text + PDF) a sale's receipt;
        a copy is logged as a reprint by `reprinted_by`."""
        counter = self.counter
        folder = counter_dir(counter.ctx.data_dir, "receipts")
        lang = counter.ctx.language  # the cashier's language
        width = counter.devices.receipt_width_mm
        drawer = counter.devices.cash_drawer
        printer = self.printer

        def build() -> tuple[bytes, list[str], str, Path | None]:
            data = counter.service.receipt(sale_id, lang=lang)
            raw = render_receipt(data, width, copy=copy, open_drawer=None if drawer else False)
            if copy:
                counter.service.log_reprint(sale_id, reprinted_by)
            lines, pdf = receipt_text(data, copy=copy), None
            if not printer:
                pdf = folder / (data.code + ("-copie" if copy else "") + ".pdf")
                pdf.with_suffix(".txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
                render_receipt_pdf(data, out=pdf, copy=copy)
            return raw, lines, data.code, pdf

        def done(result: tuple[bytes, list[str], str, Path | None]) -> None:
            raw, lines, number, pdf = result
            title = f"receipt{'-copy' if copy else ''} {number}"  # the spool file's name
            if pdf is None:
                counter.devices.print(PrintRequest("receipts", "escpos", raw, title))
            else:
                self.show_text(lines)
                counter.say(lambda: self.tr("No receipt printer: receipt saved as {0}").format(
                    pdf), ok=True)
            self.sig_receipt.emit(raw)

        counter.read(build, done)
