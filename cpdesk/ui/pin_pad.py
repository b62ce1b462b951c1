"""A PIN pad as an in-window panel (never a modal dialog that would steal scanner keys)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class PinPad(QWidget):
    sig_pin = Signal(str)
    """A complete PIN (4 to 8 digits) entered with OK or Enter."""
    sig_cancelled = Signal()
    """The person pressed Cancel or Esc."""

    def __init__(self, parent: QWidget | None = None, *, cancellable: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("pinPad")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title = QLabel()
        self.title.setObjectName("pinTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel()
        self.message.setObjectName("pinMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = QLabel()
        self.dots.setObjectName("pinDots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._digits = ""
        # What the title and the message say, kept as functions making them: a language
        # switch words them anew while the pad is on screen.
        self._title: Callable[[], str] = lambda: self.tr("Enter your PIN")
        self._message: Callable[[], str] | None = None
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, label in enumerate("123456789"):
            self._add(grid, label, i // 3, i % 3)
        self.clear_button = QPushButton()
        self.ok_button = QPushButton()
        self.ok_button.setObjectName("primary")
        self._add(grid, "0", 3, 1)
        grid.addWidget(self.clear_button, 3, 0)
        grid.addWidget(self.ok_button, 3, 2)
        for b in (self.clear_button, self.ok_button):
            b.setMinimumSize(110, 70)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button = QPushButton()
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.dots)
        layout.addWidget(self.message)
        layout.addLayout(grid)
        layout.addWidget(self.cancel_button)
        # Only once it has a parent: setVisible(True) on a parentless widget shows it as a
        # window of its own, which takes the activation (and the scanner's keys) from the
        # desk's window when a screen is built while the desk runs.
        self.cancel_button.setVisible(cancellable)
        layout.addStretch(1)
        layout.setAlignment(grid, Qt.AlignmentFlag.AlignHCenter)
        self.clear_button.clicked.connect(self.clear)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self._cancel)
        self.retranslateUi()

    def _add(self, grid: QGridLayout, label: str, row: int, col: int) -> None:
        b = QPushButton(label)
        b.setMinimumSize(110, 70)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.clicked.connect(lambda _=False, d=label: self.press(d))
        grid.addWidget(b, row, col)
        self.buttons[label] = b

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.clear_button.setText(self.tr("Clear"))
        self.ok_button.setText(self.tr("OK (Enter)"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        self.title.setText(self._title())
        self.message.setText(self._message() if self._message is not None else "")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def set_title(self, text: str | Callable[[], str]) -> None:
        """The pad's title; given as a function making it, it follows a language switch."""
        self._title = text if callable(text) else (lambda: text)
        self.title.setText(self._title())

    def set_message(self, text: str | Callable[[], str]) -> None:
        """The line under the dots (a refusal, a hint; "" clears it); given as a function
        making it, it is made again in the new language on a switch."""
        self._message = text if callable(text) else (lambda: text)
        self.message.setText(self._message())

    def _clear_message(self) -> None:
        self._message = None
        self.message.clear()

    def press(self, digit: str) -> None:
        if len(self._digits) < 8:
            self._digits += digit
            self._clear_message()
            self._show()

    def clear(self) -> None:
        self._digits = ""
        self._show()

    def submit(self) -> None:
        pin, self._digits = self._digits, ""
        self._show()
        if pin:
            self.sig_pin.emit(pin)

    def _cancel(self) -> None:
        self.clear()
        self._clear_message()
        self.sig_cancelled.emit()

    def _show(self) -> None:
        self.dots.setText("● " * len(self._digits) or " ")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        text = event.text()
        if text.isdigit() and len(text) == 1:
            self.press(text)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif event.key() == Qt.Key.Key_Backspace:
            self._digits = self._digits[:-1]
            self._show()
        elif event.key() == Qt.Key.Key_Escape and self.cancel_button.isVisible():
            self._cancel()
        else:
            super().keyPressEvent(event)
