"""Counter helper widgets: the payment panel and the in-window PIN panel."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpdesk.domain.cart import CartError, Checkout, PayMethod

from ..i18n import money_text
from ..refusals import refusal_text

_AMOUNT = re.compile(r"^\s*(-?)(\d{1,6})(?:[.,](\d{1,2}))?\s*€?\s*$")


def parse_eur(text: str) -> int | None:
    """'12,5' → 1250 cents; None for an empty or malformed amount (no float involved)."""
    match = _AMOUNT.match(text)
    if not match:
        return None
    sign, euros, cents = match.groups()
    value = int(euros) * 100 + int((cents or "0").ljust(2, "0"))
    return -value if sign else value


def _set_text(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)


class PaymentPanel(QWidget):
    """Takes the payments of one total: cash (tendered, change), card (approval code),
    voucher, in any mix. Emits `sig_paid` once the total is settled."""

    sig_paid = Signal(object)
    """The settled `Checkout`."""
    sig_message = Signal(object)
    """A refusal or hint for the message line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checkout: Checkout | None = None
        self.amount = QLineEdit()
        self.reference = QLineEdit()
        self.cash_button = QPushButton()
        self.card_button = QPushButton()
        self.voucher_button = QPushButton()
        self.undo_button = QPushButton()
        for button, colour in ((self.cash_button, "#15803d"), (self.card_button, "#1d4ed8"),
                               (self.voucher_button, "#7c3aed")):
            button.setStyleSheet(f"background:{colour}; color:white; font-weight:700;"
                                 "min-height:52px;")
        self.remaining = QLabel()
        self.remaining.setObjectName("remaining")
        self.change = QLabel()
        self.change.setObjectName("change")
        self.paid_list = QLabel()
        self.paid_list.setWordWrap(True)
        # Fixed heights: a label whose size hint changes relayouts (and repaints) the whole
        # window on every scan (measured in bench/bench_counter.py).
        self.remaining.setFixedHeight(28)
        self.change.setFixedHeight(28)
        self.paid_list.setFixedHeight(38)
        self.change.setStyleSheet("font-size:20px; font-weight:700; color:#15803d;")

        grid = QGridLayout()
        grid.addWidget(self.cash_button, 0, 0)
        grid.addWidget(self.card_button, 0, 1)
        grid.addWidget(self.voucher_button, 0, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.amount)
        lay.addWidget(self.reference)
        lay.addLayout(grid)
        amounts = QHBoxLayout()  # one row: the panel fits a 768 px screen
        amounts.addWidget(self.remaining, 1)
        amounts.addWidget(self.change)
        lay.addLayout(amounts)
        lay.addWidget(self.paid_list)
        lay.addWidget(self.undo_button)
        self.cash_button.clicked.connect(self.pay_cash)
        self.card_button.clicked.connect(self.pay_card)
        self.voucher_button.clicked.connect(self.pay_voucher)
        self.undo_button.clicked.connect(self.undo)
        self.set_total(None)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        """Every text of the panel in the current language (also on a language switch)."""
        self.amount.setPlaceholderText(self.tr("Amount (empty: all that is left)"))
        self.reference.setPlaceholderText(self.tr("Approval code / voucher number"))
        self.cash_button.setText(self.tr("Cash"))
        self.card_button.setText(self.tr("Card"))
        self.voucher_button.setText(self.tr("Voucher"))
        self.undo_button.setText(self.tr("Undo payment"))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def set_total(self, total_cents: int | None) -> None:
        """Start taking payments for `total_cents` (None: nothing to pay, panel disabled)."""
        self.checkout = None if total_cents is None else Checkout(total_cents)
        for edit in (self.amount, self.reference):
            if edit.text():
                edit.clear()
        _set_text(self.change, "")
        self._refresh()

    def _refresh(self) -> None:
        co = self.checkout
        for w in (self.cash_button, self.card_button, self.voucher_button, self.undo_button):
            w.setEnabled(co is not None and not co.complete)
        if co is None:
            _set_text(self.remaining, "")
            _set_text(self.paid_list, "")
            return
        self.undo_button.setEnabled(bool(co.payments) and not co.complete)
        _set_text(self.remaining,
                  self.tr("Left to pay: {0}").format(money_text(co.remaining_cents)))
        names = {PayMethod.CASH: self.tr("cash"), PayMethod.CARD: self.tr("card"),
                 PayMethod.VOUCHER: self.tr("voucher"), PayMethod.ROUNDING: self.tr("rounding")}
        _set_text(self.paid_list, " · ".join(f"{names[p.method]} {money_text(p.amount_cents)}"
                                          for p in co.payments))
        if co.change_cents:
            self.change.setText(self.tr("Change: {0}").format(money_text(co.change_cents)))

    def _typed(self) -> int | None | bool:
        text = self.amount.text().strip()
        if not text:
            return None
        value = parse_eur(text)
        if value is None:
            self.sig_message.emit(lambda: self.tr("Type an amount such as 12,50"))
            return False
        return value

    def _done(self) -> None:
        self.amount.clear()
        self.reference.clear()
        self._refresh()
        if self.checkout is not None and self.checkout.complete:
            self.sig_paid.emit(self.checkout)

    def pay_cash(self) -> None:
        co = self.checkout
        typed = self._typed()
        if co is None or typed is False:
            return
        try:
            if co.total_cents < 0:  # a refund: cash paid out
                co.add_cash(None, None if typed is None else -abs(int(typed)))
            elif typed is None:
                co.add_cash(tendered_cents=None)
            else:
                from cpdesk.domain.cart import cash_round

                due = cash_round(co.remaining_cents)
                if typed >= due:  # the customer hands over at least what is due
                    co.add_cash(tendered_cents=int(typed))
                else:  # part in cash, the rest another way
                    co.add_cash(tendered_cents=int(typed), amount_cents=int(typed))
        except CartError as exc:
            self._refused(exc)
            return
        self._done()

    def pay_card(self) -> None:
        co = self.checkout
        typed = self._typed()
        if co is None or typed is False:
            return
        try:
            amount = None if typed is None else int(typed)
            if amount is not None and co.total_cents < 0:
                amount = -abs(amount)
            co.add_card(amount, reference=self.reference.text())
        except CartError as exc:
            self._refused(exc)
            return
        self._done()

    def pay_voucher(self) -> None:
        co = self.checkout
        typed = self._typed()
        if co is None or typed is False:
            return
        try:
            co.add_voucher(co.remaining_cents if typed is None else int(typed),
                           reference=self.reference.text())
        except CartError as exc:
            self._refused(exc)
            return
        self._done()

    def _refused(self, exc: CartError) -> None:
        self.sig_message.emit(lambda: refusal_text(exc))

    def undo(self) -> None:
        if self.checkout is not None and not self.checkout.complete:
            self.checkout.undo_last()
            self.change.clear()
            self._refresh()


class PinPanel(QWidget):
    """A PIN pad inside the window (never a modal dialog: the scanner keeps working)."""

    sig_entered = Signal(str)
    """The PIN typed, when OK is pressed."""
    sig_cancelled = Signal()
    """Cancel was pressed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("font-weight:700; color:#92400e;")
        # The prompt as a function making it: a language switch words it anew on screen.
        self._prompt: Callable[[], str] | None = None
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin.returnPressed.connect(self._ok)
        pad = QGridLayout()
        pad.setSpacing(4)
        for i, key in enumerate("123456789"):
            b = QPushButton(key)
            b.setObjectName("pinKey")
            b.clicked.connect(lambda _=False, k=key: self.pin.insert(k))
            pad.addWidget(b, i // 3, i % 3)
        zero = QPushButton("0")
        zero.setObjectName("pinKey")
        zero.clicked.connect(lambda: self.pin.insert("0"))
        pad.addWidget(zero, 3, 1)
        clear = QPushButton("C")
        clear.setObjectName("pinKey")
        clear.clicked.connect(self.pin.clear)
        pad.addWidget(clear, 3, 0)
        self.ok_button = ok = QPushButton()
        ok.setObjectName("pinKey")
        ok.clicked.connect(self._ok)
        pad.addWidget(ok, 3, 2)
        self.cancel_button = cancel = QPushButton()
        cancel.clicked.connect(self._cancel)
        lay = QVBoxLayout(self)
        lay.addWidget(self.prompt)
        lay.addWidget(self.pin)
        lay.addLayout(pad)
        row = QHBoxLayout()
        row.addWidget(cancel)
        lay.addLayout(row)
        self.setStyleSheet("PinPanel { background:#fef3c7; border:2px solid #d97706; }")
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.ok_button.setText(self.tr("OK"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.prompt.setText(self._prompt() if self._prompt is not None else "")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def ask(self, prompt: str | Callable[[], str]) -> None:
        """Show the pad with `prompt`; given as a function making it, it follows a language
        switch while the pad is shown."""
        self._prompt = prompt if callable(prompt) else (lambda: prompt)
        self.prompt.setText(self._prompt())
        self.pin.clear()
        self.show()
        self.pin.setFocus()

    def _ok(self) -> None:
        pin = self.pin.text()
        self.pin.clear()
        self.hide()
        self.sig_entered.emit(pin)

    def _cancel(self) -> None:
        self.pin.clear()
        self.hide()
        self.sig_cancelled.emit()
