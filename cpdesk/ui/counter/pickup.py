"""The pick-up tab: find an order, scan every crate handed over, take the balance, deliver."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpdesk.counter.service import PickupInfo
from cpdesk.domain.cart import Checkout
from cpdesk.hardware.barcodes import ScannedCode

from ..days import DayNavigator
from ..i18n import day_text, money_text
from .payment import PaymentPanel

if TYPE_CHECKING:
    from .host import CounterHost


class PickupPanel(QWidget):
    sig_loaded = Signal(object)
    """The `PickupInfo` of the order now on screen."""
    sig_crate_checked = Signal(str, bool)
    """(crate code, True if it belongs to the order) after each crate scan."""
    sig_done = Signal(object)
    """(pickup id, balance SaleResult or None, missing crate codes) once handed over."""
    sig_day_listed = Signal()
    """The orders of the day shown are listed."""

    def __init__(self, counter: CounterHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counter = counter
        self.info: PickupInfo | None = None
        self.scanned: set[str] = set()
        self.checkout: Checkout | None = None
        self._confirm_missing = False
        self._confirm_early = False

        self.search = QLineEdit()
        self.search.returnPressed.connect(self.find_orders)
        self.find_button = QPushButton()
        self.find_button.clicked.connect(self.find_orders)
        # The day's orders are listed until a search replaces them; the counter opens on
        # today, or on the next day with rounds when today has none.
        self.day: dt.date = counter.ctx.today
        self.moved_from: dt.date | None = None
        self.days = DayNavigator(self)
        self.days.sig_step.connect(self.step_day)
        # its widgets, placed in this screen's layout
        self.prev_day, self.next_day = self.days.prev_button, self.days.next_button
        self.day_label, self.day_note = self.days.label, self.days.note
        for button in (self.prev_day, self.next_day):
            button.setMinimumWidth(48)
        self.results = QListWidget()
        self._rows: list[tuple[str, str, str, str]] = []  # what the list shows
        self.results.itemClicked.connect(lambda it: self.load(it.data(Qt.ItemDataRole.UserRole)))
        self.results.itemActivated.connect(lambda it: self.load(it.data(Qt.ItemDataRole.UserRole)))
        self.title = QLabel()
        self.title.setObjectName("summary")
        self.crates = QListWidget()
        self.crates.setStyleSheet("QListWidget::item { min-height: 40px; font-size: 17px; }")
        self.balance = QLabel()
        self.balance.setStyleSheet("font-size:24px; font-weight:800;")
        self.payment = PaymentPanel()
        self.payment.sig_paid.connect(self._paid)
        self.payment.sig_message.connect(counter.say)
        self.hand_over_button = QPushButton()
        self.hand_over_button.setStyleSheet("background:#15803d; color:white; font-weight:700;"
                                            "min-height:56px;")
        self.hand_over_button.clicked.connect(self.hand_over)
        self.hand_over_button.setEnabled(False)

        left = QVBoxLayout()
        days = QHBoxLayout()
        days.addWidget(self.prev_day)
        days.addWidget(self.day_label, 1, Qt.AlignmentFlag.AlignCenter)
        days.addWidget(self.next_day)
        left.addLayout(days)
        left.addWidget(self.day_note)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.find_button)
        left.addLayout(row)
        left.addWidget(self.results, 1)
        middle = QVBoxLayout()
        middle.addWidget(self.title)
        middle.addWidget(self.crates, 1)
        right_box = QWidget()
        right_box.setFixedWidth(340)
        right = QVBoxLayout(right_box)
        right.addWidget(self.balance)
        right.addWidget(self.payment)
        right.addStretch(1)
        right.addWidget(self.hand_over_button)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 2)
        lay.addLayout(middle, 3)
        lay.addWidget(right_box)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        """Every text of the panel in the current language (also on a language switch)."""
        self.search.setPlaceholderText(self.tr("Customer or order number"))
        self.find_button.setText(self.tr("Find"))
        # the orders listed, worded anew in place (the selection and the scroll stay)
        for row, text in enumerate(self._row_texts(self._rows)):
            self.results.item(row).setText(text)
        self.hand_over_button.setText(self.tr("Hand over and mark delivered"))
        info = self.info
        if info is None:
            self.title.setText(self.tr("No order"))
        else:
            self.title.setText(self.tr("{0} — {1}").format(info.number, info.customer))
            self.balance.setText(self.tr("To pay: {0}").format(money_text(info.balance_cents)))
            self._show()

    def _row_texts(self, rows: list[tuple[str, str, str, str]]) -> list[str]:
        states = {"open": self.tr("to hand over"), "delivered": self.tr("delivered"),
                  "cancelled": self.tr("cancelled")}
        return [f"{number}  {customer}\n{day_text(dt.date.fromisoformat(day))} · "
                f"{states.get(status, status)}" for number, customer, day, status in rows]

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def open_day(self) -> None:
        """List the orders of the day the counter opens on (today, or the next with rounds)."""
        today, service = self.counter.ctx.today, self.counter.service

        def done(day: dt.date) -> None:
            self.day = day
            self.moved_from = today if day != today else None
            self.list_day()

        self.counter.read(lambda: service.day_to_open(today), done)

    def step_day(self, days: int) -> None:
        self.day += dt.timedelta(days=days)
        self.moved_from = None
        self.list_day()

    def list_day(self) -> None:
        day = self.day
        self.days.show_day(day, self.moved_from)

        def done(rows: list[tuple[str, str, str, str]]) -> None:
            if day == self.day:
                self._list(rows, open_single=False)
                self.sig_day_listed.emit()

        self.counter.read(lambda: self.counter.service.orders_of_day(day), done)

    def _list(self, rows: list[tuple[str, str, str, str]], *, open_single: bool) -> None:
        self.results.clear()
        self._rows = rows
        for text, (number, *_) in zip(self._row_texts(rows), rows, strict=True):
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, number)
            self.results.addItem(item)
        if open_single and len(rows) == 1:
            self.load(rows[0][0])

    def find_orders(self) -> None:
        text = self.search.text()
        if not text.strip():
            self.list_day()
            return
        self.counter.read(lambda: self.counter.service.find_orders(text),
                         lambda rows: self._list(rows, open_single=True))

    def load(self, number: str, *, first_crate: str | None = None,
             scanned: bool = False) -> None:
        """Show an order; `scanned`: its slip or a crate was scanned, and the scan is sounded
        (good, or bad with the warning said when the order was collected or is for later)."""
        def done(info: PickupInfo) -> None:
            self.info = info
            self.scanned = set()
            self._confirm_missing = False
            self._confirm_early = False
            self.title.setText(self.tr("{0} — {1}").format(info.number, info.customer))
            if self.early(info):
                self.counter.say(lambda: self.for_later_text(info))
            if info.collected:
                self.counter.say(lambda: self.tr("Order {0} was already collected")
                                 .format(info.number))
            elif scanned and not self.early(info):
                self.counter.sounds.accepted()
            self.balance.setText(self.tr("To pay: {0}").format(money_text(info.balance_cents)))
            self.checkout = None
            self.payment.set_total(info.balance_cents if info.balance_cents and
                                   not info.collected else None)
            if first_crate:
                self.scanned.add(first_crate)
            self._show()
            self.sig_loaded.emit(info)

        self.counter.read(lambda: self.counter.service.pickup_info(number), done)

    def on_scanned(self, scan: ScannedCode | None) -> None:
        if scan is not None and scan.kind == "order":
            self.load(scan.text, scanned=True)
        elif scan is not None and scan.kind == "crate":
            if self.info is None or scan.text not in self.info.crates and not self.scanned:
                self.counter.read(lambda: self.counter.service.order_of_crate(scan.text),
                                 lambda number: self.load(number, first_crate=scan.text,
                                                          scanned=True))
                return
            ok = scan.text in self.info.crates
            if ok:
                self.counter.sounds.accepted()
                self.scanned.add(scan.text)
                self._confirm_missing = False
                self._show()
            else:
                number = self.info.number
                self.counter.say(lambda: self.tr("Crate {0} is not of order {1}")
                                 .format(scan.text, number))
            self.sig_crate_checked.emit(scan.text, ok)
        else:
            self.counter.say(lambda: self.tr("Scan a crate or an order slip here"))

    def early(self, info: PickupInfo) -> bool:
        """The order belongs to a round of a later day than the counter's."""
        return info.delivery_date is not None and info.delivery_date > self.counter.ctx.today

    def for_later_text(self, info: PickupInfo) -> str:
        day = day_text(info.delivery_date) if info.delivery_date else ""
        return self.tr("Order {0} is for {1}, not today: check with the customer.").format(
            info.number, day)

    @property
    def missing(self) -> list[str]:
        return [c for c in self.info.crates if c not in self.scanned] if self.info else []

    def _show(self) -> None:
        self.crates.clear()
        info = self.info
        if info is None:
            return
        for n, code in enumerate(info.crates, start=1):
            got = code in self.scanned
            mark = "✔" if got else "✘"
            state = self.tr("handed over") if got else self.tr("not scanned")
            item = QListWidgetItem(self.tr("{0}  Crate {1}/{2}  {3}  — {4}").format(
                mark, n, len(info.crates), code, state))
            item.setForeground(QBrush(QColor("#15803d" if got else "#b91c1c")))
            self.crates.addItem(item)
        paid = not info.balance_cents or (self.checkout is not None and self.checkout.complete)
        self.hand_over_button.setEnabled(bool(self.scanned) and paid and not info.collected)

    def _paid(self, checkout: Checkout) -> None:
        self.checkout = checkout
        self._show()

    def hand_over(self) -> None:
        info = self.info
        staff = self.counter.staff_id()
        if info is None or staff is None:
            return
        if self.early(info) and not self._confirm_early:
            # An order of a later round: its crates may be meant for the van, not the customer.
            self._confirm_early = True
            self.counter.say(lambda: self.for_later_text(info) + " " + self.tr(
                "Press again to hand it over anyway."))
            return
        missing = self.missing
        if missing and not self._confirm_missing:
            self._confirm_missing = True
            self.counter.say(lambda: self.tr(
                "Missing crate(s): {0}. Press again to hand over anyway (it will be flagged)")
                .format(", ".join(missing)))
            return
        scanned, checkout = set(self.scanned), self.checkout

        def done(result: Any) -> None:
            _pickup_id, sale, missing_now = result
            self.counter.say(
                lambda: self.tr("Order {0} delivered").format(info.number)
                + (self.tr(" — missing crate(s) flagged: {0}").format(", ".join(missing_now))
                   if missing_now else ""), ok=True)
            if sale is not None:
                self.counter.print_receipt(sale.sale_id)
            self.info = None
            self.scanned = set()
            self.checkout = None
            self.crates.clear()
            self.title.setText(self.tr("No order"))
            self.balance.clear()
            self.payment.set_total(None)
            self.hand_over_button.setEnabled(False)
            self.sig_done.emit(result)

        self.counter.act(lambda: self.counter.service.pickup(
            info.number, scanned, checkout, staff_id=staff), done)
