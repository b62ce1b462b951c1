"""The cart as a table model, and the category tiles of the counter."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from cpdesk.domain.cart import Cart, PricedLine
from cpdesk.ui.i18n import money_text, weight_text

if TYPE_CHECKING:
    from cpdesk.counter.service import CatalogueItem

Index = QModelIndex | QPersistentModelIndex

# Colours of the demo catalogue's categories (no downloaded pictures: coloured tiles).
CATEGORY_COLOURS = {
    "légumes": "#15803d", "fruits": "#ea580c", "fromages": "#ca8a04", "viandes": "#b91c1c",
    "pains": "#92400e", "épicerie": "#7c3aed", "boissons": "#0369a1", "entretien": "#0f766e",
}


def categories_of(items: Iterable[CatalogueItem]) -> list[str]:
    """The catalogue's categories: those with a colour in their usual order, then any other
    alphabetically (a category the centre adds gets a grey tile, not none)."""
    present = {ci.category for ci in items if ci.category}
    known = [c for c in CATEGORY_COLOURS if c in present]
    return known + sorted(present - set(known))


class CartModel(QAbstractTableModel):
    """One row per cart line: product, quantity or weight, price, discount, amount."""

    COLUMNS = 5

    def __init__(self, cart: Cart, parent: Any = None) -> None:
        super().__init__(parent)
        self.cart = cart
        self.priced: list[PricedLine] = []

    def refresh(self) -> None:
        """Re-read the cart (after any change): a reset is cheap for a few dozen lines."""
        self.beginResetModel()
        self.priced = self.cart.priced_lines()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.priced)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Product"), self.tr("Qty / weight"), self.tr("Price"),
                    self.tr("Discount"), self.tr("Amount"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.priced[index.row()]
        ln, col = p.line, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return ln.item.name
            if col == 1:
                return weight_text(ln.weight_g) if ln.weight_g is not None else str(ln.quantity)
            if col == 2:
                price = money_text(ln.item.price_cents)
                return f"{price}/kg" if ln.item.weighed else price
            if col == 3:
                return money_text(-p.discount_cents) if p.discount_cents else ""
            return money_text(p.amount_cents)
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and col == 4:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and col == 3:
            return QBrush(QColor("#b91c1c"))
        if role == Qt.ItemDataRole.ToolTipRole and ln.weight_source:
            return self.tr("weight from the {0}").format(ln.weight_source)
        return None


class CategoryTiles(QWidget):
    """Big coloured buttons, one per category, for goods without a barcode."""

    sig_category = Signal(str)
    """The category chosen ("" for all)."""

    def __init__(self, categories: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        self.buttons: dict[str, QPushButton] = {}
        self.set_categories(categories or [])

    def set_categories(self, categories: list[str]) -> None:
        """One tile per category, in this order (the catalogue's, see `categories_of`)."""
        for b in self.buttons.values():
            self.grid.removeWidget(b)
            b.deleteLater()
        self.buttons = {}
        for i, cat in enumerate(categories):
            b = QPushButton(cat.capitalize())
            b.setCheckable(True)
            colour = CATEGORY_COLOURS.get(cat, "#4b5563")
            b.setStyleSheet(
                f"QPushButton {{ background:{colour}; color:white; font-weight:700; "
                "min-height:54px; border-radius:8px; font-size:13px; padding:0 1px; }"
                "QPushButton:checked { border:3px solid #111827; }")
            b.clicked.connect(lambda _=False, c=cat: self._chosen(c))
            self.buttons[cat] = b
            self.grid.addWidget(b, i // 3, i % 3)  # three columns: narrow enough for 1024 px

    def _chosen(self, category: str) -> None:
        active = self.buttons[category].isChecked()
        for cat, b in self.buttons.items():
            b.setChecked(active and cat == category)
        self.sig_category.emit(category if active else "")
