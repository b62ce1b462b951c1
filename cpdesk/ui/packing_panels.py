"""In-window panels of the packing screen: choose a reason, a line, a tolerance decision.

Panels replace modal dialogs so the scanner keeps typing into the window; each has large
buttons numbered 1..n that the number keys also press.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cpdesk.domain.model import SHORT_REASONS


def reason_label(reason: str) -> str:
    labels = {
        "out_of_stock": QCoreApplication.translate("Reasons", "Out of stock"),
        "damaged": QCoreApplication.translate("Reasons", "Damaged"),
        "not_delivered": QCoreApplication.translate("Reasons", "Not delivered by the producer"),
        "quality": QCoreApplication.translate("Reasons", "Quality not good enough"),
    }
    return labels.get(reason, reason)


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
        self.row = QHBoxLayout()
        self.cancel = QPushButton()
        self.cancel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel.clicked.connect(self.sig_cancelled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addLayout(self.row)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.cancel)
        layout.addLayout(bottom)
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
        row.addWidget(self.grams, 1)
        row.addWidget(self.ok)
        row.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addLayout(row)
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
