"""The counter's sale tab, its widgets and their places: search, category tiles and products
on the left; the scale, the cart and its line actions in the middle; totals, payment and the
PIN pad on the right. No behaviour and no text here: the screen (`screen.CounterWidget`)
connects the widgets to its actions and words them (`retranslateUi`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cpdesk.domain.cart import Cart

from .cart import CartModel, CategoryTiles
from .payment import PaymentPanel, PinPanel


class SaleTabLayout(QWidget):
    """The sale tab's layout (as a Designer form's `setupUi`), built by `_build_sale_tab`."""

    def _build_sale_tab(self, cart: Cart) -> QWidget:
        """The sale tab's widgets in their places (the screen connects them)."""
        tab = QWidget()
        # Left: search, category tiles, products.
        self.search = QLineEdit()
        self.tiles = CategoryTiles()  # filled from the catalogue once it is loaded
        self.products = QListWidget()
        self.products.setStyleSheet("QListWidget::item { min-height: 40px; }")
        self.products.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.products.setTextElideMode(Qt.TextElideMode.ElideRight)
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.tiles)
        left.addWidget(self.products, 1)

        # Middle: scale, cart, line actions.
        self.scale_label = QLabel()
        self.scale_label.setStyleSheet("font-size:20px; font-weight:700; padding:4px;")
        # Wraps rather than widening the window: built in French ("Balance : pas de mesure"
        # at 20 px), one line made the counter 1042 px wide, wider than a 1024 px screen.
        self.scale_label.setWordWrap(True)
        self.take_weight_button = QPushButton()
        self.take_weight_button.setEnabled(False)
        scale_row = QHBoxLayout()
        scale_row.addWidget(self.scale_label, 1)
        scale_row.addWidget(self.take_weight_button)
        self.model = CartModel(cart, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setDefaultSectionSize(40)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: ResizeToContents asks every row's data on each change (measured:
        # it tripled the scan-to-screen time with 25 lines).
        # the price of goods sold per kg ("27,75 €/kg") on one line; the name keeps room at 1024 px
        for col, width in ((1, 100), (2, 96), (3, 72), (4, 84)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, width)
        self.plus_button = QPushButton("+1")
        self.minus_button = QPushButton("−1")
        self.remove_button = QPushButton()
        self.discount_edit = QLineEdit()
        self.discount_edit.setMinimumWidth(110)
        self.line_discount_button = QPushButton()
        self.cart_discount_button = QPushButton()
        actions = QHBoxLayout()
        for w in (self.plus_button, self.minus_button, self.remove_button):
            actions.addWidget(w)
        discounts = QHBoxLayout()
        for widget in (self.discount_edit, self.line_discount_button, self.cart_discount_button):
            discounts.addWidget(widget)
        middle = QVBoxLayout()
        middle.addLayout(scale_row)
        middle.addWidget(self.view, 1)
        middle.addLayout(actions)
        middle.addLayout(discounts)

        # Right: totals, payment, the PIN pad (sign-in, supervisor) in the payment's place.
        self.total_label = QLabel()
        self.total_label.setStyleSheet("font-size:34px; font-weight:800; color:#111827;")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.detail_label = QLabel()
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.detail_label.setStyleSheet("font-size:13px; color:#374151;")
        self.detail_label.setFixedHeight(66)  # discounts + up to 3 VAT rates, no relayout
        self.total_label.setFixedHeight(44)
        self.payment = PaymentPanel()
        self.cancel_button = QPushButton()
        self.pin_panel = PinPanel()
        self.pin_panel.hide()  # while a PIN is asked, it takes the payment's place
        right_box = QWidget()
        right_box.setMinimumWidth(290)
        right_box.setMaximumWidth(330)
        right = QVBoxLayout(right_box)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.total_label)
        right.addWidget(self.detail_label)
        right.addWidget(self.payment)
        right.addWidget(self.pin_panel)
        right.addStretch(1)
        right.addWidget(self.cancel_button)

        left_box = QWidget()
        left_box.setMaximumWidth(340)  # its minimum: what the category tiles need
        left_box.setLayout(left)
        row = QHBoxLayout(tab)
        row.addWidget(left_box)
        row.addLayout(middle, 1)
        row.addWidget(right_box)
        return tab
