"""How a screen tells the shell what it is: its toolbar action, its key, the scans it takes,
how it is built. The main window iterates over these records for its stack, toolbar,
shortcuts, scan routing and retranslation; adding a screen is one record (in the screen's
own folder, `SCREEN` in its `__init__.py`) and one line of the registry (main_window.SCREENS).

Screens are built on first use: only the board is built with the window; the counter, the
loading screen and the packing station when they are first opened (a faster start).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from cpdesk.packing.state import StaffInfo

    from .context import AppContext, Services
    from .hardware.devices import DeviceHub
    from .sounds import Sounds

# The toolbar texts are translated in the main window's context (their .ts entries live there).
TITLE_CONTEXT = "MainWindow"


class Shell(Protocol):
    """What a screen's factory may use of the main window: the shared services and devices,
    and navigation. A screen never reaches into another screen's widgets."""

    ctx: AppContext
    devices: DeviceHub
    services: Services
    sounds: Sounds

    def show_screen(self, key: str) -> None: ...

    def built(self, key: str) -> QWidget | None: ...

    def refresh(self, key: str) -> None:
        """Load that screen's data again (its `on_open`) if it has been built."""

    def open_order(self, number: str) -> None: ...

    def switch_packer(self) -> None: ...

    def sync_now(self) -> None: ...


def _nothing(_screen: Any) -> None:
    return None


@dataclass(frozen=True, kw_only=True)
class ScreenSpec:
    """One screen of the desk, as data. Callables take the screen widget built by `build`."""

    key: str
    """Its name in the registry: "board", "packing", "counter", "loading"."""
    build: Callable[[Shell], QWidget]
    """Make the widget and connect its signals to the shell (called once, on first use)."""
    title: str | None = None
    """Toolbar text, English source (`QT_TRANSLATE_NOOP("MainWindow", ...)`) with the
    shortcut hint; None: no toolbar action (the packing station opens from the board)."""
    shortcut: str | None = None
    """The key that opens it from anywhere ("Ctrl+2"), as `QKeySequence` reads it."""
    icon: str | None = None
    """The toolbar icon's name in resources/icons/ ("cash-register")."""
    scan_kinds: frozenset[str] | None = None
    """The scan kinds (`ScannedCode.kind`) it takes while shown; None: every scan, the screen
    says itself what it cannot use."""
    on_scan: Callable[[Any, str], None] = lambda _screen, _code: None
    """A scan it takes, while it is shown."""
    refuse_scan: Callable[[Any], None] = _nothing
    """Say on the screen why a scan of another kind did nothing (the shell sounds it)."""
    needs_staff: bool = True
    """Opening it asks for a sign-in first."""
    set_staff: Callable[[Any, StaffInfo], None] = lambda _screen, _staff: None
    """The person signed in on the window (also called when built after the sign-in)."""
    on_open: Callable[[Any], None] = _nothing
    """Opened from the toolbar or its key: load, reload, start."""
    focus: Callable[[Any], QWidget] = lambda screen: screen
    """The widget that takes the keyboard focus when it is shown, so its keys work at once."""
