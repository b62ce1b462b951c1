"""The day shown by a screen, and the way to another: ◀ day ▶, Alt+←/→, and the note when the
screen opened on the next day with rounds. One piece for the board, the loading screen and
the counter's pick-ups; each screen places the widgets in its own layout.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from .i18n import day_text


class DayNavigator(QObject):
    sig_step = Signal(int)
    """-1 or +1: the person asked for the previous or the next day (a button, Alt+←/→)."""

    def __init__(self, screen: QWidget) -> None:
        super().__init__(screen)
        self.prev_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        self.label = QLabel()
        self.label.setObjectName("day")
        # Said when today has no round and the screen opened on the next day with rounds.
        self.note = QLabel()
        self.note.setObjectName("dayNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color:#1d4ed8; font-weight:600;")
        for button in (self.prev_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.prev_button.clicked.connect(lambda: self.sig_step.emit(-1))
        self.next_button.clicked.connect(lambda: self.sig_step.emit(+1))
        # Keys independent of any text (a button's text would replace its shortcut); alive
        # while the screen is shown.
        QShortcut(QKeySequence("Alt+Left"), screen, lambda: self.sig_step.emit(-1))
        QShortcut(QKeySequence("Alt+Right"), screen, lambda: self.sig_step.emit(+1))
        self._day: dt.date | None = None
        self._moved_from: dt.date | None = None
        screen.installEventFilter(self)  # its language changes are this piece's too
        self.retranslateUi()

    def show_day(self, day: dt.date, moved_from: dt.date | None = None) -> None:
        """`day` shown; `moved_from`: the day without rounds the screen moved on from."""
        self._day, self._moved_from = day, moved_from
        self.label.setText(day_text(day))
        self.note.setText(self.tr("No round on {0}: next day with rounds").format(
            day_text(moved_from)) if moved_from else "")
        self.note.setVisible(moved_from is not None)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.prev_button.setToolTip(self.tr("Previous day (Alt+←)"))
        self.next_button.setToolTip(self.tr("Next day (Alt+→)"))
        if self._day is not None:
            self.show_day(self._day, self._moved_from)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        return False
