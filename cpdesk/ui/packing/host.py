"""What the packing screen offers the flows it hands work to (weighing, the supervisor's PIN):
a small interface, so a flow never reaches into the screen's widgets or private methods.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtWidgets import QWidget

from cpdesk.packing.service import PackingService
from cpdesk.packing.state import OrderState, Outcome, StaffInfo

from ..hardware.devices import DeviceHub
from ..sounds import Sounds


class PackingHost(Protocol):
    """The packing screen as its flows see it."""

    service: PackingService
    devices: DeviceHub
    sounds: Sounds
    state: OrderState | None
    """The order shown (as of the last confirmed action), or None."""
    selected: uuid.UUID | None
    """The line selected in the list."""
    weigh_line: uuid.UUID | None
    """A per-kg line waiting for the scale (scanned, or chosen after a tolerance question)."""

    def busy(self) -> bool:
        """An action is running or waiting on the action queue."""
        ...

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        """Run `fn` off the GUI thread, in order with the other actions; `on_done(result)`."""
        ...

    def say(self, text: str | Callable[[], str], *, ok: bool) -> None:
        """Show `text` in the message line (a refusal when not `ok`); a function making it
        makes it again in another language when the packer switches."""
        ...

    def needs_staff(self) -> StaffInfo | None:
        """The signed-in packer, or None after telling them to sign in."""
        ...

    def after_action(self, outcome: Outcome,
                     text: str | Callable[[], str] | None = None) -> None:
        """Show a confirmed action (or its refusal), then check tolerance and completion."""
        ...

    def ask(self, question: str, options: Sequence[str],
            on_chosen: Callable[[int], None]) -> None:
        """Ask `question` on the choice panel; `on_chosen(index)` once answered."""
        ...

    def show_panel(self, panel: QWidget) -> None:
        """Show a question panel in place of the right column."""
        ...

    def close_panel(self) -> None:
        """Back to the scale, crates and actions."""
        ...

    def undo(self) -> None:
        """Undo the packer's last action on the order."""
        ...
