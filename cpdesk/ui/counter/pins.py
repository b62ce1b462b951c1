"""PINs at the counter: who serves (standalone, the counter asks for it; in the main window the
window's pad signs people in), and a supervisor's PIN before a discount over the limit. The PIN
pad takes the payment's place while it is shown (no sale is paid then)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from cpdesk.counter.service import StaffRef

from .payment import PinPanel

if TYPE_CHECKING:
    from .host import CounterHost


class CounterPins(QObject):
    sig_signed_in = Signal(object)
    """The `StaffRef` a PIN signed in (None when the PIN was wrong)."""
    sig_switch_person = Signal()
    """Inside the main window: someone must sign in there (the window's PIN pad, F12)."""

    def __init__(self, counter: CounterHost, pad: PinPanel, hidden_by_pad: list[QWidget], *,
                 own_sign_in: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.counter = counter
        self.pad = pad
        self.hidden_by_pad = hidden_by_pad
        self.own_sign_in = own_sign_in
        self._after_supervisor: Callable[[uuid.UUID], None] | None = None
        pad.sig_entered.connect(self._entered)
        pad.sig_cancelled.connect(lambda: setattr(self, "_after_supervisor", None))
        pad.sig_entered.connect(lambda _pin: self._shown(False))
        pad.sig_cancelled.connect(lambda: self._shown(False))

    def ask_sign_in(self) -> None:
        self._after_supervisor = None
        if not self.own_sign_in:
            self.sig_switch_person.emit()
            return
        self._shown(True)
        self.pad.ask(lambda: self.tr("Your PIN to serve at the counter"))

    def needs_supervisor(self, reason: Callable[[], str],
                         action: Callable[[uuid.UUID], None]) -> None:
        """`action(supervisor_id)` once a supervisor typed their PIN; `reason` makes the
        words of why (again on a language switch)."""
        self._after_supervisor = action
        self._shown(True)
        self.pad.ask(lambda: self.tr("{0}: a supervisor's PIN is needed").format(reason()))

    def sign_in(self, pin: str) -> None:
        def done(staff: StaffRef | None) -> None:
            if staff is None:
                self.counter.say(lambda: self.tr("Unknown PIN"))
            self.sig_signed_in.emit(staff)

        self.counter.read(lambda: self.counter.service.check_pin(pin), done)

    def _shown(self, shown: bool) -> None:
        for widget in self.hidden_by_pad:
            widget.setVisible(not shown)

    def _entered(self, pin: str) -> None:
        action = self._after_supervisor
        if action is None:
            self.sign_in(pin)
            return
        self._after_supervisor = None

        def done(sup: StaffRef | None) -> None:
            if sup is None:
                self.counter.say(lambda: self.tr("That is not a supervisor's PIN"))
                return
            action(sup.id)

        self.counter.read(lambda: self.counter.service.check_pin(pin, supervisor=True), done)
