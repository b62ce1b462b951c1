"""The pick-up tab: find an order, scan every crate handed over, take the balance, deliver."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
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
from cpdesk.domain.money import format_eur
from cpdesk.hardware.barcodes import ScannedCode

from .counter_payment import PaymentPanel

if TYPE_CHECKING:
    from .counter import CounterWidget


class PickupPanel(QWidget):
    sig_loaded = Signal(object)
    """The `PickupInfo` of the order now on screen."""
    sig_crate_checked = Signal(str, bool)
    """(crate code, True if it belongs to the order) after each crate scan."""
    sig_done = Signal(object)
    """(pickup id, balance SaleResult or None, missing crate codes) once handed over."""

    def __init__(self, counter: CounterWidget) -> None:
        super().__init__(counter)
        self.counter = counter
        self.info: PickupInfo | None = None
        self.scanned: set[str] = set()
        self.checkout: Checkout | None = None
        self._confirm_missing = False

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Customer name or order number, or scan a crate"))
        self.search.returnPressed.connect(self.find_orders)
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.clicked.connect(self.find_orders)
        self.results = QListWidget()
        self.results.itemClicked.connect(lambda it: self.load(it.data(Qt.ItemDataRole.UserRole)))
        self.results.itemActivated.connect(lambda it: self.load(it.data(Qt.ItemDataRole.UserRole)))
        self.title = QLabel(self.tr("No order"))
        self.title.setObjectName("summary")
        self.crates = QListWidget()
        self.crates.setStyleSheet("QListWidget::item { min-height: 40px; font-size: 17px; }")
        self.balance = QLabel()
        self.balance.setStyleSheet("font-size:24px; font-weight:800;")
        self.payment = PaymentPanel()
        self.payment.sig_paid.connect(self._paid)
        self.payment.sig_message.connect(counter.sig_message)
        self.hand_over_button = QPushButton(self.tr("Hand over and mark delivered"))
        self.hand_over_button.setStyleSheet("background:#15803d; color:white; font-weight:700;"
                                            "min-height:56px;")
        self.hand_over_button.clicked.connect(self.hand_over)
        self.hand_over_button.setEnabled(False)

        left = QVBoxLayout()
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

    def find_orders(self) -> None:
        text = self.search.text()

        def done(rows: list[tuple[str, str, str, str]]) -> None:
            self.results.clear()
            for number, customer, day, status in rows:
                item = QListWidgetItem(f"{number}  {customer}\n{day} · {status}")
                item.setData(Qt.ItemDataRole.UserRole, number)
                self.results.addItem(item)
            if len(rows) == 1:
                self.load(rows[0][0])

        self.counter.run(lambda: self.counter.service.find_orders(text), done)

    def load(self, number: str, *, first_crate: str | None = None) -> None:
        def done(info: PickupInfo) -> None:
            self.info = info
            self.scanned = set()
            self._confirm_missing = False
            self.title.setText(self.tr("{0} — {1}").format(info.number, info.customer))
            if info.collected:
                self.counter.sig_message.emit(self.tr("Order {0} was already collected")
                                              .format(info.number))
            self.balance.setText(self.tr("To pay: {0}").format(format_eur(info.balance_cents)))
            self.checkout = None
            self.payment.set_total(info.balance_cents if info.balance_cents and
                                   not info.collected else None)
            if first_crate:
                self.scanned.add(first_crate)
            self._show()
            self.sig_loaded.emit(info)

        self.counter.run(lambda: self.counter.service.pickup_info(number), done)

    def on_scanned(self, scan: ScannedCode | None) -> None:
        if scan is not None and scan.kind == "order":
            self.load(scan.text)
        elif scan is not None and scan.kind == "crate":
            if self.info is None or scan.text not in self.info.crates and not self.scanned:
                self.counter.run(lambda: self.counter.service.order_of_crate(scan.text),
                                 lambda number: self.load(number, first_crate=scan.text))
                return
            ok = scan.text in self.info.crates
            if ok:
                self.scanned.add(scan.text)
                self._confirm_missing = False
                self._show()
            else:
                self.counter.sig_message.emit(self.tr("Crate {0} is not of order {1}")
                                              .format(scan.text, self.info.number))
            self.sig_crate_checked.emit(scan.text, ok)
        else:
            self.counter.sig_message.emit(self.tr("Scan a crate or an order slip here"))

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
        missing = self.missing
        if missing and not self._confirm_missing:
            self._confirm_missing = True
            self.counter.sig_message.emit(self.tr(
                "Missing crate(s): {0}. Press again to hand over anyway (it will be flagged)")
                .format(", ".join(missing)))
            return
        scanned, checkout = set(self.scanned), self.checkout

        def done(result: Any) -> None:
            _pickup_id, sale, missing_now = result
            self.counter.sig_message.emit(
                self.tr("Order {0} delivered").format(info.number)
                + (self.tr(" — missing crate(s) flagged: {0}").format(", ".join(missing_now))
                   if missing_now else ""))
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

        self.counter.run(lambda: self.counter.service.pickup(
            info.number, scanned, checkout, staff_id=staff), done)
