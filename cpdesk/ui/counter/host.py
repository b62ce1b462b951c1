"""What the counter's panels (pick-up, register) may use of their screen: its context,
devices and service, its two ways to run work, the person serving, a message line and the
receipt printer. They see this, not the sale screen's widgets (and import no screen)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from cpdesk.counter.service import CounterService

    from ..context import AppContext
    from ..hardware.devices import DeviceHub
    from ..sounds import Sounds


class CounterHost(Protocol):
    ctx: AppContext
    devices: DeviceHub
    service: CounterService
    sounds: Sounds
    """The good and bad scan sounds (a refusal said on the line sounds by itself)."""

    def read(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_failed: Callable[[], None] | None = None) -> None:
        """A read of the service on the pool, at once; errors become the message line."""

    def act(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_failed: Callable[[], None] | None = None) -> None:
        """A change on the counter's ordered queue; errors become the message line."""

    def staff_id(self) -> uuid.UUID | None:
        """Who serves (None: asks for a sign-in and says so)."""

    def say(self, text: str | Callable[[], str], *, ok: bool = False) -> None:
        """A line for the counter's message bar: a refusal or warning (sounded as refused),
        or (`ok`) what was done; a function making it makes it again on a language switch."""

    def print_receipt(self, sale_id: uuid.UUID, *, copy: bool = False) -> None:
        """Print (or show and save) a sale's receipt."""
