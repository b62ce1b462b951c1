"""A line edit that keeps room for its whole hint (placeholder) in every language.

A narrow field beside a wrapping explanation (the loading screen's supervisor PIN) was given
a stretch share of the row: "Code PIN du resp…" in French, less in Dutch. This one asks its
layout for at least its placeholder's width, measured with the font it is shown in, so a
language switch asks again (`tests/ui/test_placeholders_fit.py`).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame

SIDE = 2
"""The pixels QLineEdit keeps on each side of its text (qlineedit.cpp, horizontalMargin)."""


class HintEdit(QLineEdit):
    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().minimumSizeHint()
        margins = self.textMargins()
        text = (self.fontMetrics().horizontalAdvance(self.placeholderText())
                + 2 * SIDE + margins.left() + margins.right())
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        whole = self.style().sizeFromContents(QStyle.ContentsType.CT_LineEdit, option,
                                              QSize(text, hint.height()), self)
        return QSize(max(hint.width(), whole.width()), hint.height())

    def setPlaceholderText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setPlaceholderText(text)
        self.updateGeometry()  # another language: another width
