"""The register tab: open with a float, cash in/out, X and Z reports, refunds, reprints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cpdesk import clock
from cpdesk.counter.files import counter_dir, save_text_and_pdf
from cpdesk.counter.service import Report, SaleResult, SoldReceipt, report_lines
from cpdesk.documents.receipt import render_text_document
from cpdesk.domain.cart import CartError, Checkout, refund_lines

from ..hardware.devices import PrintRequest
from ..i18n import money_text, weight_text
from ..refusals import refusal_text
from .payment import parse_eur

if TYPE_CHECKING:
    from .host import CounterHost


class RegisterPanel(QWidget):
    sig_session_changed = Signal(bool)
    """True when the register is open after an open/close/refresh."""
    sig_report = Signal(object)
    """An X or Z `Report` just made (a Z one is printed and saved)."""
    sig_refunded = Signal(object)
    """The `SaleResult` of a refund just recorded."""

    def __init__(self, counter: CounterHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counter = counter
        self.is_open = False
        self.sold: SoldReceipt | None = None
        self.last_z_path: Path | None = None
        self._session: Any = None  # the register's session read last (None: closed)

        self.state = QLabel()
        self.state.setObjectName("summary")
        self.cash_edit = QLineEdit()
        self.open_button = QPushButton()
        self.close_button = QPushButton()
        self.x_button = QPushButton()
        self.move_amount = QLineEdit()
        self.move_reason = QLineEdit()
        self.cash_in_button = QPushButton()
        self.cash_out_button = QPushButton()
        self.open_button.clicked.connect(self.open_register)
        # Enter in the amount opens the register (a float) or closes it (cash counted).
        self.cash_edit.returnPressed.connect(
            lambda: self.close_register() if self.is_open else self.open_register())
        self.close_button.clicked.connect(self.close_register)
        self.x_button.clicked.connect(self.x_report)
        self.cash_in_button.clicked.connect(lambda: self.cash_move(+1))
        self.cash_out_button.clicked.connect(lambda: self.cash_move(-1))

        self.session_box = session_box = QGroupBox()
        grid = QGridLayout(session_box)
        grid.addWidget(self.state, 0, 0, 1, 4)
        grid.addWidget(self.cash_edit, 1, 0, 1, 2)
        grid.addWidget(self.open_button, 1, 2)
        grid.addWidget(self.close_button, 1, 3)
        grid.addWidget(self.move_amount, 2, 0)
        grid.addWidget(self.move_reason, 2, 1)
        grid.addWidget(self.cash_in_button, 2, 2)
        grid.addWidget(self.cash_out_button, 2, 3)
        grid.addWidget(self.x_button, 3, 3)

        self.receipt_edit = QLineEdit()
        self.load_button = QPushButton()
        self.reprint_button = QPushButton()
        self.refund_table = QTableWidget(0, 4)
        self.refund_table.horizontalHeader().setStretchLastSection(True)
        # Rows as tall as the quantity boxes (44 px in the window's style), never clipped.
        self.refund_table.verticalHeader().setDefaultSectionSize(52)
        self.refund_table.verticalHeader().hide()
        self.refund_reference = QLineEdit()
        self.refund_cash_button = QPushButton()
        self.refund_card_button = QPushButton()
        self.load_button.clicked.connect(self.load_receipt)
        self.receipt_edit.returnPressed.connect(self.load_receipt)
        self.reprint_button.clicked.connect(self.reprint)
        self.refund_cash_button.clicked.connect(lambda: self.refund(card=False))
        self.refund_card_button.clicked.connect(lambda: self.refund(card=True))
        self.refund_box = refund_box = QGroupBox()
        rl = QVBoxLayout(refund_box)
        row = QHBoxLayout()
        row.addWidget(self.receipt_edit)
        row.addWidget(self.load_button)
        row.addWidget(self.reprint_button)
        rl.addLayout(row)
        rl.addWidget(self.refund_table, 1)
        row2 = QHBoxLayout()
        row2.addWidget(self.refund_reference)
        row2.addWidget(self.refund_cash_button)
        row2.addWidget(self.refund_card_button)
        rl.addLayout(row2)

        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        mono = QFont("Monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.text.setFont(mono)
        left = QVBoxLayout()
        left.addWidget(session_box)
        left.addWidget(refund_box, 1)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 3)
        lay.addWidget(self.text, 2)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        """Every text of the panel in the current language (also on a language switch)."""
        self.cash_edit.setPlaceholderText(self.tr("Counted cash, e.g. 150,00"))
        self.move_amount.setPlaceholderText(self.tr("Amount"))
        self.move_reason.setPlaceholderText(self.tr("Reason"))
        self.receipt_edit.setPlaceholderText(self.tr("Receipt number"))
        self.refund_reference.setPlaceholderText(self.tr("Card approval code (card refund)"))
        self.open_button.setText(self.tr("Open the register"))
        self.close_button.setText(self.tr("Close (Z report)"))
        self.x_button.setText(self.tr("X report"))
        self.cash_in_button.setText(self.tr("Cash in"))
        self.cash_out_button.setText(self.tr("Cash out"))
        self.load_button.setText(self.tr("Find the receipt"))
        self.reprint_button.setText(self.tr("Reprint (copy)"))
        self.refund_cash_button.setText(self.tr("Refund in cash"))
        self.refund_card_button.setText(self.tr("Refund to card"))
        self.session_box.setTitle(self.tr("Register session"))
        self.refund_box.setTitle(self.tr("Refund or reprint a receipt"))
        self.refund_table.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Sold"), self.tr("Amount"), self.tr("Returned")])
        if self.state.text():  # the session was read: say it again in this language
            self._show_session(self._session)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # -- session -----------------------------------------------------------------------
    def refresh(self, then: Callable[[], None] | None = None) -> None:
        svc = self.counter.service

        def read() -> Any:
            current = svc.current_session()
            if current is None:
                return None
            return (current.z_no, current.opened_at, current.float_cents)

        def done(state: Any) -> None:
            self.is_open = state is not None
            self._show_session(state)
            for w in (self.close_button, self.x_button, self.cash_in_button,
                      self.cash_out_button):
                w.setEnabled(self.is_open)
            self.open_button.setEnabled(not self.is_open)
            self.sig_session_changed.emit(self.is_open)
            if then is not None:
                then()

        self.counter.read(read, done)

    def _show_session(self, state: Any) -> None:
        self._session = state
        register = self.counter.service.register
        if state is None:
            self.state.setText(self.tr("Register {0} is closed").format(register))
        else:
            z_no, opened_at, float_cents = state
            self.state.setText(self.tr("Register {0} open since {1} (session {2}, float {3})")
                               .format(register, clock.hm(opened_at), z_no,
                                       money_text(float_cents)))

    def _amount(self, edit: QLineEdit) -> int | None:
        cents = parse_eur(edit.text())
        if cents is None or cents < 0:
            self.counter.say(lambda: self.tr("Type an amount such as 150,00"))
            return None
        return cents

    def open_register(self) -> None:
        staff = self.counter.staff_id()
        cents = self._amount(self.cash_edit)
        if staff is None or cents is None:
            return
        self.cash_edit.clear()
        self.counter.act(
            lambda: self.counter.service.open_session(staff_id=staff, float_cents=cents),
            lambda _row: self.refresh())

    def cash_move(self, sign: int) -> None:
        staff = self.counter.staff_id()
        cents = self._amount(self.move_amount)
        if staff is None or cents is None:
            return
        reason = self.move_reason.text()

        def done(_: Any) -> None:
            self.move_amount.clear()
            self.move_reason.clear()
            self.counter.say(lambda: self.tr("Cash movement recorded"), ok=True)

        self.counter.act(lambda: self.counter.service.cash_movement(
            staff_id=staff, amount_cents=sign * cents, reason=reason), done)

    def _lang(self) -> str:
        return self.counter.ctx.language  # the cashier's language

    def x_report(self) -> None:
        def done(rep: Report) -> None:
            lines = report_lines(rep, self._lang())
            self.show_text(lines)
            self._print(lines, f"x-report {rep.register}")
            self.sig_report.emit(rep)

        self.counter.read(self.counter.service.report, done)

    def close_register(self) -> None:
        staff = self.counter.staff_id()
        cents = self._amount(self.cash_edit)
        if staff is None or cents is None:
            return
        self.cash_edit.clear()

        def close() -> Report:
            rep = self.counter.service.close_session(staff_id=staff, counted_cents=cents)
            stem = f"Z-{rep.register}-{rep.z_no:04d}"
            self.last_z_path = save_text_and_pdf(
                report_lines(rep, self._lang()), counter_dir(self.counter.ctx.data_dir, "reports"),
                stem, title=stem)
            return rep

        def done(rep: Report) -> None:
            lines = report_lines(rep, self._lang())
            self.show_text(lines)
            self._print(lines, f"z-report {rep.register} {rep.z_no:04d}")
            self.refresh()
            self.sig_report.emit(rep)

        self.counter.act(close, done)

    def _print(self, lines: list[str], title: str) -> None:
        self.counter.devices.print(PrintRequest("receipts", "escpos",
                                                render_text_document(lines), title))

    def show_text(self, lines: list[str]) -> None:
        self.text.setPlainText("\n".join(lines))

    # -- refunds and reprints ------------------------------------------------------------
    def _receipt_no(self) -> int | None:
        text = self.receipt_edit.text().strip().replace("/", "-").rsplit("-", 1)[-1]
        if not text.isdigit():
            self.counter.say(lambda: self.tr("Type a receipt number"))
            return None
        return int(text)

    def load_receipt(self) -> None:
        number = self._receipt_no()
        if number is None:
            return

        def done(sold: SoldReceipt) -> None:
            self.sold = sold
            self.refund_table.setRowCount(len(sold.lines))
            for row, ln in enumerate(sold.lines):
                qty = weight_text(ln.weight_g) if ln.weight_g is not None else str(ln.quantity)
                self.refund_table.setItem(row, 0, QTableWidgetItem(ln.item.name))
                self.refund_table.setItem(row, 1, QTableWidgetItem(qty))
                self.refund_table.setItem(row, 2, QTableWidgetItem(money_text(ln.amount_cents)))
                spin = QSpinBox()
                spin.setRange(0, ln.quantity - sold.refunded.get(ln.line_no, 0))
                spin.setMinimumWidth(110)
                self.refund_table.setCellWidget(row, 3, spin)
            self.refund_table.resizeColumnsToContents()
            self.refund_table.resizeRowsToContents()
            if sold.lines:
                first = self.refund_table.cellWidget(0, 3)
                assert first is not None
                first.setFocus()

        self.counter.read(lambda: self.counter.service.sold_receipt(number), done)

    def set_returned(self, row: int, quantity: int) -> None:
        spin = self.refund_table.cellWidget(row, 3)
        assert isinstance(spin, QSpinBox)
        spin.setValue(quantity)

    def refund(self, *, card: bool) -> None:
        staff = self.counter.staff_id()
        sold = self.sold
        if staff is None or sold is None:
            return
        wanted = {}
        for row, ln in enumerate(sold.lines):
            spin = self.refund_table.cellWidget(row, 3)
            if isinstance(spin, QSpinBox) and spin.value():
                wanted[ln.line_no] = spin.value()
        try:
            total = sum(r.amount_cents for r in refund_lines(sold.lines, sold.refunded, wanted))
            checkout = Checkout(total)
            if card:
                checkout.add_card(reference=self.refund_reference.text())
            else:
                checkout.add_cash()
        except CartError as exc:
            refusal = exc
            self.counter.say(lambda: refusal_text(refusal))
            return

        def done(result: SaleResult) -> None:
            self.sold = None
            self.refund_table.setRowCount(0)
            self.refund_reference.clear()
            self.counter.say(lambda: self.tr("Refund recorded: {0}").format(
                money_text(result.total_cents)), ok=True)
            self.counter.print_receipt(result.sale_id)
            self.sig_refunded.emit(result)

        self.counter.act(lambda: self.counter.service.refund(
            sold.receipt_no, wanted, checkout, staff_id=staff), done)

    def reprint(self) -> None:
        number = self._receipt_no()
        if number is None:
            return
        self.counter.read(lambda: self.counter.service.sale_id_of(number),
                         lambda sale_id: self.counter.print_receipt(sale_id, copy=True))
