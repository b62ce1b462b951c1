"""A supervisor's PIN asked on the packing screen's pad, checked off the GUI thread, before an
action only a supervisor may allow (accept a weight out of tolerance, enter a weight by hand).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from cpdesk.packing.state import StaffInfo

from ..pin_pad import PinPad
from .host import PackingHost


class SupervisorCheck(QObject):
    """Owns the pad: `ask(action)` shows it, a supervisor's PIN runs `action(supervisor)`."""

    def __init__(self, host: PackingHost, pad: PinPad) -> None:
        super().__init__(pad)
        self.host = host
        self.pad = pad
        self._action: Callable[[StaffInfo], None] | None = None
        pad.sig_pin.connect(self._check)
        pad.sig_cancelled.connect(host.close_panel)

    def ask(self, action: Callable[[StaffInfo], None]) -> None:
        self.pad.clear()
        self.pad.set_message("")
        self._action = action
        self.host.show_panel(self.pad)

    def handle_scan(self, code: str) -> bool:
        """A scan while the pad is shown is a PIN typed fast, or a badge: True if it took it."""
        if not self.pad.isVisible():
            return False
        if code.isdigit():
            self.pad.sig_pin.emit(code)
        else:
            self.pad.set_message(lambda: self.tr("Enter the PIN on the pad"))
        return True

    def _check(self, pin: str) -> None:
        action = self._action
        if action is None:
            return
        self.host.run(lambda: self.host.service.supervisor(pin),
                      lambda supervisor: self._checked(supervisor, action))

    def _checked(self, supervisor: StaffInfo | None,
                 action: Callable[[StaffInfo], None]) -> None:
        if supervisor is None:
            self.host.sounds.refused()
            self.pad.set_message(lambda: self.tr("Not a supervisor PIN"))
            return
        self.host.close_panel()
        action(supervisor)
