"""The day's board: rounds with their orders in stop order, progress, filters and a summary."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cpdesk.domain.pack_state import PackState
from cpdesk.packing.board_data import (
    CHANGED,
    BoardData,
    OrderSummary,
    RoundSummary,
    read_board,
)

from ..context import AppContext
from ..days import DayNavigator
from ..i18n import counted
from ..words import zone_label
from ..workers import query
from .dashboard import DashboardStrip

Index = QModelIndex | QPersistentModelIndex

STATE_COLOURS = {
    PackState.TO_PACK: "#6b7280",
    PackState.IN_PROGRESS: "#d97706",
    PackState.PACKED: "#15803d",
    PackState.DELIVERED: "#1d4ed8",
    PackState.CANCELLED: "#b91c1c",
    PackState.ELSEWHERE: "#9ca3af",
    CHANGED: "#c026d3",
}
ZONE_SHORT = {"ambient": "A", "chilled": "F", "frozen": "S"}  # ambiant, frais, surgelé
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 1
ORDER_ROLE = Qt.ItemDataRole.UserRole + 2


# The states' words, marked for lupdate (the texts themselves, translated when shown).
_STATE_WORDS = {
    PackState.TO_PACK: QT_TRANSLATE_NOOP("BoardModel", "to pack"),
    PackState.IN_PROGRESS: QT_TRANSLATE_NOOP("BoardModel", "in progress"),
    PackState.PACKED: QT_TRANSLATE_NOOP("BoardModel", "packed"),
    PackState.DELIVERED: QT_TRANSLATE_NOOP("BoardModel", "delivered"),
    PackState.CANCELLED: QT_TRANSLATE_NOOP("BoardModel", "cancelled"),
    PackState.ELSEWHERE: QT_TRANSLATE_NOOP("BoardModel", "other depot"),
    CHANGED: QT_TRANSLATE_NOOP("BoardModel", "changed centrally"),
}


def state_label(state: str) -> str:
    # One translation per call (the view asks for every visible cell at every paint).
    words = _STATE_WORDS.get(state)
    return state if words is None else QCoreApplication.translate("BoardModel", str(words))


class BoardModel(QAbstractItemModel):
    """Two levels: rounds, then their orders. Internal ids: 0 for rounds, round row + 1 for
    orders."""

    COLUMNS = ("stop", "order", "customer", "commune", "zones", "lines", "crates", "state",
               "progress")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rounds: list[RoundSummary] = []

    def headers(self) -> list[str]:
        return [self.tr("Stop"), self.tr("Order"), self.tr("Customer"), self.tr("Commune"),
                self.tr("Zones"), self.tr("Lines"), self.tr("Crates"), self.tr("State"),
                self.tr("Progress")]

    def set_rounds(self, rounds: list[RoundSummary]) -> None:
        self.beginResetModel()
        self.rounds = rounds
        self.endResetModel()

    # -- structure ----------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        # hasIndex() in Python: Qt's would call rowCount and columnCount back in Python.
        if not (0 <= column < len(self.COLUMNS) and 0 <= row < self.rowCount(parent)):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self.rounds)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.rounds[parent.row()].orders)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    # -- data ---------------------------------------------------------------------------
    def order_at(self, index: Index) -> OrderSummary | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.rounds[index.internalId() - 1].orders[index.row()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.COLUMNS[index.column()]
        if index.internalId() == 0:
            return self._round_data(self.rounds[index.row()], column, role)
        return self._order_data(self.order_at(index), column, role)

    def _round_data(self, r: RoundSummary, column: str, role: int) -> Any:
        # Round rows span all columns (see BoardWidget._span_rounds): only column 0 is shown.
        if role == Qt.ItemDataRole.DisplayRole and column == "stop":
            packed = sum(o.pack_state in (PackState.PACKED, PackState.DELIVERED) for o in r.orders)
            parts = [
                f"{r.code}", f"{r.departure:%H:%M}", r.van, self.tr("driver: {0}").format(r.driver),
                self.tr("{0}/{1} orders packed").format(packed, len(r.orders)),
                self.tr("{0}/{1} lines").format(sum(o.lines_resolved for o in r.orders),
                                                sum(o.lines for o in r.orders)),
                counted(self.tr("%n crate(s)", "", n := sum(o.crates for o in r.orders)), n),
                f"{r.progress:.0%}",
            ]
            parts += [self.tr("⚠ {0} crates {1}/{2} places").format(zone_label(w.zone), w.crates,
                                                                  w.capacity)
                      for w in r.over_capacity]
            return "   ·   ".join(parts)
        # Colours as QColor: Qt makes the brush (a QBrush made here costs PySide6's making of
        # QBrush, QGradient and QImage with their enums, ~2 ms of the first frame).
        if role == Qt.ItemDataRole.ForegroundRole and r.over_capacity:
            return QColor("#b91c1c")
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor("#dbe4f0")
        return None

    def _order_data(self, o: OrderSummary | None, column: str, role: int) -> Any:
        if o is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._order_text(o, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == "state":
            return QColor(STATE_COLOURS.get(o.pack_state, "#000"))
        if role == PROGRESS_ROLE and column == "progress":
            return o.progress
        if role == ORDER_ROLE:
            return o.number
        if role == Qt.ItemDataRole.ToolTipRole and column == "zones":
            return ", ".join(zone_label(z) for z in o.zones)
        return None


    @staticmethod
    def _order_text(o: OrderSummary, column: str) -> str | None:
        """The text of one cell (only that one: the view asks for every visible cell)."""
        if column == "stop":
            return str(o.stop_seq)
        if column == "order":
            return o.number
        if column == "customer":
            return o.customer + ("  (pro)" if o.customer_kind == "pro" else "")
        if column == "commune":
            return o.commune
        if column == "zones":
            return " ".join(ZONE_SHORT[z] for z in o.zones)
        if column == "lines":
            return f"{o.lines_resolved}/{o.lines}"
        if column == "crates":
            return str(o.crates)
        if column == "state":
            return state_label(o.pack_state) + (
                f" — {', '.join(o.packers)}" if o.pack_state == PackState.IN_PROGRESS else "")
        return None


class ProgressDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        value = index.data(PROGRESS_ROLE)
        if value is None:
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect.adjusted(6, 9, -6, -9)  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e5e7eb"))
        painter.drawRoundedRect(rect, 4, 4)
        done = QRect(rect)
        done.setWidth(int(rect.width() * float(value)))
        painter.setBrush(QColor("#15803d" if value >= 1 else "#f59e0b"))
        painter.drawRoundedRect(done, 4, 4)
        painter.setPen(QColor("#111827"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{value:.0%}")
        painter.restore()


class BoardFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.state = ""
        self.round_code = ""
        self.zone = ""
        self.setRecursiveFilteringEnabled(True)

    def set_filter(self, text: str, state: str, round_code: str = "", zone: str = "") -> None:
        def assign() -> None:
            self.text, self.state = text.strip().lower(), state
            self.round_code, self.zone = round_code, zone

        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            assign()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            assign()
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, BoardModel)
        if not parent.isValid():
            if self.round_code and model.rounds[row].code != self.round_code:
                return False
            # rounds show when they have a matching order
            return not (self.text or self.state or self.zone)
        order = model.rounds[parent.row()].orders[row]
        if self.round_code and model.rounds[parent.row()].code != self.round_code:
            return False
        if self.state and order.pack_state != self.state:
            return False
        if self.zone and self.zone not in order.zones:
            return False
        hay = f"{order.number} {order.customer} {order.commune}".lower()
        return not self.text or self.text in hay


class BoardWidget(QWidget):
    sig_open_order = Signal(str)
    """An order number the user chose to open (double click or Enter)."""
    sig_loaded = Signal()
    """The board finished (re)loading its data."""
    sig_load_failed = Signal(str)
    """Loading the board failed; carries the reason."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.day: dt.date = ctx.today
        self.model = BoardModel(self)
        self.proxy = BoardFilter(self)
        self.proxy.setSourceModel(self.model)

        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.dashboard = DashboardStrip()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.state_box = QComboBox()
        self.round_box = QComboBox()
        self.zone_box = QComboBox()
        self.days = DayNavigator(self)
        self.days.sig_step.connect(self.step_day)
        # its widgets, placed in this screen's layout
        self.prev_day, self.next_day = self.days.prev_button, self.days.next_button
        self.day_label, self.day_note = self.days.label, self.days.note
        self.moved_from: dt.date | None = None
        self._opening = True  # the first load picks the day (today, or the next with rounds)
        self.refresh_button = QPushButton()
        self.data: BoardData | None = None
        self.retranslateUi()

        top = QHBoxLayout()
        for w in (self.prev_day, self.day_label, self.next_day):
            top.addWidget(w)
        for box in (self.state_box, self.round_box, self.zone_box):
            # Long translated names must not widen the window past a 1024 px screen.
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
        top.addSpacing(16)
        top.addWidget(self.search, 1)  # the filters keep room for their words
        top.addWidget(self.round_box, 1)
        top.addWidget(self.zone_box, 1)
        top.addWidget(self.state_box, 1)
        top.addWidget(self.refresh_button)

        self.view = QTreeView()
        self.view.setModel(self.proxy)
        self.view.setItemDelegateForColumn(BoardModel.COLUMNS.index("progress"),
                                           ProgressDelegate(self))
        self.view.setAlternatingRowColors(True)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        # Fixed widths: ResizeToContents measures every row (about 1 s with 1,700 orders).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(BoardModel.COLUMNS.index("customer"),
                                    QHeaderView.ResizeMode.Stretch)
        for column, width in (("stop", 90), ("order", 170), ("commune", 200), ("state", 280),
                              ("zones", 70), ("lines", 70), ("crates", 70),
                              ("progress", 160)):
            header.setSectionResizeMode(BoardModel.COLUMNS.index(column),
                                        QHeaderView.ResizeMode.Interactive)
            header.resizeSection(BoardModel.COLUMNS.index(column), width)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.day_note)
        layout.addWidget(self.dashboard)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)

        self.search.textChanged.connect(self._apply_filter)
        self.state_box.currentIndexChanged.connect(self._apply_filter)
        self.round_box.currentIndexChanged.connect(self._apply_filter)
        self.zone_box.currentIndexChanged.connect(self._apply_filter)
        self.refresh_button.clicked.connect(self.reload)
        self.view.activated.connect(self._activated)
        self._update_day_label()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        # short enough to be read whole in the field at 1280 px; the rest in its tooltip
        self.search.setPlaceholderText(self.tr("Order, customer…"))
        self.search.setToolTip(self.tr("Search an order (number) or a customer (Ctrl+F)"))
        if hasattr(self, "days"):
            self._update_day_label()
        self.refresh_button.setText(self.tr("Refresh (F5)"))
        self._fill_box(self.state_box, [("", self.tr("All states"))] + [
            (state, state_label(state)) for state in (
                PackState.TO_PACK, PackState.IN_PROGRESS, PackState.PACKED, CHANGED,
                PackState.DELIVERED, PackState.CANCELLED)])
        self._fill_box(self.zone_box, [("", self.tr("All zones")), ("ambient", self.tr("Ambient")),
                                       ("chilled", self.tr("Chilled")),
                                       ("frozen", self.tr("Frozen"))])
        rounds = self.model.rounds if hasattr(self, "model") else []
        self._fill_box(self.round_box, [("", self.tr("All rounds"))]
                       + [(r.code, f"{r.code} {r.departure:%H:%M}") for r in rounds])
        if hasattr(self, "model"):
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                              len(BoardModel.COLUMNS) - 1)
            self._show_summary()

    @staticmethod
    def _fill_box(box: QComboBox, items: list[tuple[str, str]]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        for value, text in items:
            box.addItem(text, value)
        index = box.findData(current)
        box.setCurrentIndex(max(index, 0))
        box.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
            # Every cell's words anew; a layout change lets the view forget which rounds
            # were open and spanned, so they are set again.
            self.model.layoutChanged.emit()
            self._span_rounds()
        super().changeEvent(event)

    def set_day(self, day: dt.date) -> None:
        self.day = day
        self.moved_from = None
        self._opening = False
        self._update_day_label()
        self.reload()

    def step_day(self, days: int) -> None:
        self.set_day(self.day + dt.timedelta(days=days))

    def _update_day_label(self) -> None:
        self.days.show_day(self.day, self.moved_from)

    def reload(self) -> None:
        """Load the day's board on a worker thread; the view updates when it arrives."""
        store, day, depot = self.ctx.store, self.day, self.ctx.depot
        opening, today = self._opening, self.ctx.today

        self.summary.setText(self.tr("Loading…"))
        query(self, lambda: read_board(store, depot, day, opening_from=today if opening else None),
              self._loaded, self._failed)

    def _loaded(self, result: tuple[dt.date, BoardData]) -> None:
        day, data = result
        if self._opening:
            self._opening = False
            self.day = day
            self.moved_from = self.ctx.today if day != self.ctx.today else None
            self._update_day_label()
        elif day != self.day:
            return  # an earlier load, for a day no longer shown
        self.data = data
        self.model.set_rounds(data.rounds)
        self._fill_box(self.round_box, [("", self.tr("All rounds"))]
                       + [(r.code, f"{r.code} {r.departure:%H:%M}") for r in data.rounds])
        self._apply_filter()
        self._show_summary()
        self.sig_loaded.emit()

    def _show_summary(self) -> None:
        if self.data is None:
            return
        orders = self.data.orders
        packed = sum(o.pack_state in (PackState.PACKED, PackState.DELIVERED) for o in orders)
        crates = sum(o.crates for o in orders)
        self.dashboard.set_figures(packed=packed, total=len(orders), crates=crates,
                                   per_hour=self.data.per_hour)
        self.summary.setText(" · ".join((
            counted(self.tr("%n round(s)", "", len(self.data.rounds)), len(self.data.rounds)),
            self.tr("{0}/{1} orders packed").format(packed, len(orders)),
            counted(self.tr("%n crate(s)", "", crates), crates))))

    def _failed(self, message: str) -> None:
        self.summary.setText(self.tr("Could not load the board: {0}").format(message))
        self.sig_load_failed.emit(message)

    def _apply_filter(self) -> None:
        self.proxy.set_filter(self.search.text(), self.state_box.currentData() or "",
                              self.round_box.currentData() or "", self.zone_box.currentData() or "")
        self._span_rounds()

    def _span_rounds(self) -> None:
        # Expanded first: each span asks the view for its layout, which expandAll makes anew
        # (the other way round the view laid out its rows twice).
        self.view.expandAll()
        for row in range(self.proxy.rowCount()):
            self.view.setFirstColumnSpanned(row, QModelIndex(), True)

    def _activated(self, index: QModelIndex) -> None:
        number = self.proxy.mapToSource(index).siblingAtColumn(0).data(ORDER_ROLE)
        if number:
            self.sig_open_order.emit(number)
