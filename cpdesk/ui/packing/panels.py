"""In-window panels of the packing screen: choose a reason, a line, a tolerance decision.

Panels replace modal dialogs so the scanner keeps typing into the window; each has large
buttons numbered 1..n that the number keys also press.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cpdesk.domain.model import SHORT_REASONS
from cpdesk.packing.state import ChangedLine, OrderChangeView
from cpdesk.ui.i18n import weight_text


def reason_label(reason: str) -> str:
    labels = {
        "out_of_stock": QCoreApplication.translate("Reasons", "Out of stock"),
        "damaged": QCoreApplication.translate("Reasons", "Damaged"),
        "not_delivered": QCoreApplication.translate("Reasons", "Not delivered by the producer"),
        "quality": QCoreApplication.translate("Reasons", "Quality not good enough"),
    }
    return labels.get(reason, reason)


class PanelStack(QScrollArea):
    """The right column's question panels (reasons, PIN pad, manual weight), one at a time,
    as a QStackedWidget is used (`addWidget`, `setCurrentWidget`, `currentWidget`).

    They scroll inside the column when the screen is too short for them (a 768 px screen with
    a central change shown above): a PIN pad's height never grows the window past the
    screen's edge (tests/ui/test_fit_screen.py)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = QStackedWidget()
        self.setWidget(self.stack)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def addWidget(self, widget: QWidget) -> int:  # noqa: N802 - as QStackedWidget
        return self.stack.addWidget(widget)

    def setCurrentWidget(self, widget: QWidget) -> None:  # noqa: N802 - as QStackedWidget
        self.stack.setCurrentWidget(widget)
        self.ensureVisible(0, 0)

    def currentWidget(self) -> QWidget | None:  # noqa: N802 - as QStackedWidget
        return self.stack.currentWidget()


class ChoicePanel(QWidget):
    """A question and up to nine numbered choices; `sig_chosen(index)` or `sig_cancelled`."""

    sig_chosen = Signal(int)
    """The index of the chosen option."""
    sig_cancelled = Signal()
    """Esc or the cancel button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.question = QLabel()
        self.question.setObjectName("panelQuestion")
        self.question.setWordWrap(True)
        # One choice per row: the panel takes the packing screen's right column.
        self.row = QVBoxLayout()
        self.cancel = QPushButton()
        self.cancel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel.clicked.connect(self.sig_cancelled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addLayout(self.row)
        layout.addStretch(1)
        layout.addWidget(self.cancel)
        self.buttons: list[QPushButton] = []
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.cancel.setText(self.tr("Cancel (Esc)"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def ask(self, question: str, options: list[str]) -> None:
        self.question.setText(question)
        for b in self.buttons:
            self.row.removeWidget(b)
            b.deleteLater()
        self.buttons = []
        for i, text in enumerate(options[:9]):
            b = QPushButton(f"{i + 1}.  {text}")
            b.setObjectName("choice")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _=False, n=i: self.sig_chosen.emit(n))
            self.row.addWidget(b)
            self.buttons.append(b)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        text = event.text()
        if text.isdigit() and 1 <= int(text) <= len(self.buttons):
            self.sig_chosen.emit(int(text) - 1)
        elif event.key() == Qt.Key.Key_Escape:
            self.sig_cancelled.emit()
        else:
            super().keyPressEvent(event)


class ManualWeightPanel(QWidget):
    """A supervisor types a weight in grams (logged as a manual weight)."""

    sig_weight = Signal(int)
    """The weight in grams the supervisor confirmed."""
    sig_cancelled = Signal()
    """Esc or the cancel button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.question = QLabel()
        self.question.setObjectName("panelQuestion")
        self.question.setWordWrap(True)
        self.grams = QSpinBox()
        self.grams.setRange(1, 99_999)
        self.grams.setSuffix(" g")
        self.grams.setObjectName("manualGrams")
        self.ok = QPushButton()
        self.ok.setObjectName("primary")
        self.cancel = QPushButton()
        self.ok.clicked.connect(lambda: self.sig_weight.emit(self.grams.value()))
        self.cancel.clicked.connect(self.sig_cancelled)
        row = QHBoxLayout()
        row.addWidget(self.ok)
        row.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.grams)
        layout.addLayout(row)
        layout.addStretch(1)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.question.setText(self.tr("Manual weight (supervisor): weight in grams"))
        self.ok.setText(self.tr("Record weight"))
        self.cancel.setText(self.tr("Cancel (Esc)"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.sig_cancelled.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.sig_weight.emit(self.grams.value())
        else:
            super().keyPressEvent(event)


def reason_options() -> list[tuple[str, str]]:
    return [(r, reason_label(r)) for r in SHORT_REASONS]


Callback = Callable[[int], None]


# --- central changes ---

def _amount(line: ChangedLine, quantity: Decimal | int) -> str:
    if line.weighed:
        return weight_text(int(Decimal(quantity) * 1000))
    return str(int(quantity))


class ChangePanel(QFrame):
    """The order was changed or cancelled centrally: what to do, and "Done, resolved".

    Not a dialog: it stays in the window while the packer scans (the scanner keeps typing
    into the screen); `sig_resolve` when the packer has dealt with the difference."""

    sig_resolve = Signal()
    """The packer pressed "Done, resolved"."""
    MAX_ROWS = 5
    """Lines of text shown at once; a longer change scrolls."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePanel")
        self.change: OrderChangeView | None = None
        self.title = QLabel()
        self.title.setObjectName("changeTitle")
        self.title.setWordWrap(True)  # beside the right column on a 1024 px screen
        self.body = QLabel()
        self.body.setObjectName("changeBody")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.resolve_button = QPushButton()
        self.resolve_button.setObjectName("primary")
        self.resolve_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.resolve_button.clicked.connect(self.sig_resolve)
        # A change of many lines scrolls inside the panel instead of growing the window past
        # the screen's edge (tests/ui/test_fit_screen.py).
        self.body_scroll = QScrollArea()
        self.body_scroll.setObjectName("changeScroll")
        self.body_scroll.setWidget(self.body)
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body_scroll.viewport().setAutoFillBackground(False)
        self.body.setAutoFillBackground(False)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.body_scroll)
        layout = QHBoxLayout(self)
        layout.addLayout(text, 1)
        layout.addWidget(self.resolve_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.setVisible(False)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.resolve_button.setText(self.tr("Done, resolved"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def show_change(self, change: OrderChangeView | None) -> None:
        self.change = change
        self._render()
        self.setVisible(change is not None)

    def _render(self) -> None:
        change = self.change
        if change is None:
            self.title.clear()
            self.body.clear()
            return
        rows: list[str] = []
        if change.cancelled:
            self.title.setText(self.tr("Order cancelled centrally"))
            if change.crates_to_empty:
                rows.append(self.tr("Take everything out of its crates: {0}").format(
                    ", ".join(change.crates_to_empty)))
            else:
                rows.append(self.tr("Its crates are empty: nothing to take out"))
            rows.append(self.tr("Nothing more may be packed for this order."))
        else:
            self.title.setText(self.tr("Order changed centrally"))
            for ln in change.added:
                rows.append(self.tr("New line, to pack: {0} × {1}").format(
                    html.escape(ln.product, quote=False), _amount(ln, ln.quantity)))
            for ln in change.increased:
                rows.append(self.tr("More ordered, to pack: {0}: {1} → {2}").format(
                    html.escape(ln.product, quote=False), _amount(ln, ln.old_quantity or 0),
                    _amount(ln, ln.quantity)))
            for ln in change.removed:
                rows.append(self._removed(ln))
        rows.append(self.tr("When it is done, press “Done, resolved”."))
        self.body.setText("<br>".join(f"• {r}" for r in rows))
        self._fit_body()

    def _fit_body(self) -> None:
        """As tall as its rows, up to MAX_ROWS of them; more scroll."""
        width = max(self.body_scroll.viewport().width(), 200)
        rows_h = self.body.heightForWidth(width)
        line = self.body.fontMetrics().lineSpacing()
        self.body_scroll.setFixedHeight(min(max(rows_h, line), line * self.MAX_ROWS + 4))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_body()

    def _removed(self, ln: ChangedLine) -> str:
        name = html.escape(ln.product, quote=False)
        what = (self.tr("Removed: {0}").format(name) if ln.quantity <= 0 else
                self.tr("Reduced: {0}: {1} → {2}").format(
                    name, _amount(ln, ln.old_quantity or 0), _amount(ln, ln.quantity)))
        if ln.weighed:
            extra_g = ln.packed - int(ln.quantity * 1000)
            extra = weight_text(extra_g) if extra_g > 0 else ""
        else:
            extra_units = ln.packed - int(ln.quantity)
            extra = str(extra_units) if extra_units > 0 else ""
        if not extra:
            return what + " — " + self.tr("nothing to take out")
        return what + " — " + self.tr("take {0} out of crate {1}").format(
            extra, ", ".join(ln.in_crates))
