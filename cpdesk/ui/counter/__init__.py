"""The counter (point of sale): cart, payment, order pick-ups, the register's day."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from ..screens import ScreenSpec, Shell

if TYPE_CHECKING:
    from cpdesk.packing.state import StaffInfo

    from .screen import CounterWidget


def _build(shell: Shell) -> QWidget:
    from .screen import CounterWidget

    # In the window, scans are routed here while it is shown and the window's PIN pad signs
    # people in (F12 switches).
    counter = CounterWidget(shell.ctx, shell.devices, own_scans=False, own_sign_in=False,
                            service=shell.services.counter, sounds=shell.sounds)
    counter.sig_switch_person.connect(shell.switch_packer)
    return counter


def _open(counter: CounterWidget) -> None:
    if not counter.started:
        counter.start()


def _set_staff(counter: CounterWidget, staff: StaffInfo) -> None:
    from cpdesk.counter.service import StaffRef  # with the counter, not at start

    counter.set_cashier(StaffRef(staff.id, staff.name, staff.role))


SCREEN = ScreenSpec(
    key="counter",
    build=_build,
    title=str(QT_TRANSLATE_NOOP("MainWindow", "Counter (Ctrl+2)")),
    shortcut="Ctrl+2",
    icon="cash-register",
    on_scan=lambda counter, code: counter.on_scanned(code),
    set_staff=_set_staff,
    on_open=_open,
    focus=lambda counter: counter.search,
)
