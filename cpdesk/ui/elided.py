"""A one-line state label that never widens the window: too long, it is cut with "…" and
shows its whole text in its tooltip.

A plain QLabel asks its layout for its whole text's width: a status bar or dashboard state
that grows (three printers' states, a device error with its errno) pushed the desk window past
the screen's edge, and a window never shrinks back (`tests/ui/test_fit_screen.py`).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

MIN_CHARS = 8
"""The width it may shrink to, in average characters."""


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._own_tip = ""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().minimumSizeHint()
        narrow = self.fontMetrics().averageCharWidth() * MIN_CHARS
        return QSize(min(hint.width(), narrow), hint.height())

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self._update_tip()

    def setToolTip(self, tip: str) -> None:  # noqa: N802 - Qt API
        """A tooltip of its own (shown while the text is whole too)."""
        self._own_tip = tip
        self._update_tip()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._update_tip()

    def is_cut(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def _update_tip(self) -> None:
        tip = self._own_tip or (self.text() if self.is_cut() else "")
        if tip != super().toolTip():
            super().setToolTip(tip)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        if not self.is_cut():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             rect.width())
        self.style().drawItemText(painter, rect, int(self.alignment()), self.palette(),
                                  self.isEnabled(), text, self.foregroundRole())
        painter.end()
