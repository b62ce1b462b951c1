"""Before the window opens: does this machine have what Qt's X11 (xcb) plugin loads?

Without them Qt stops with "Could not load the Qt platform plugin xcb" and names at best one
library. Here each library the plugin links against is loaded with ctypes first, and the
missing ones are named in one line with their Debian packages.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

# The shared libraries libqxcb.so needs (ldd of PySide6's plugin), with their Debian package.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def uses_xcb(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether Qt will open its window through X11 (xcb) here."""
    env = os.environ if env is None else env
    if not (platform or sys.platform).startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen == "xcb"
    # Qt 6 picks Wayland in a Wayland session, X11 otherwise.
    return not (env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland")


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_packages(loads: Callable[[str], bool] | None = None) -> list[str]:
    """Debian packages of the xcb plugin's libraries that cannot be loaded."""
    load = loads or _loads
    return sorted({package for soname, package in XCB_LIBRARIES.items() if not load(soname)})


def display_problem(env: Mapping[str, str] | None = None,
                    loads: Callable[[str], bool] | None = None) -> str | None:
    """One line saying what to install before the window can open, or None when all is there."""
    env = os.environ if env is None else env
    if not uses_xcb(env):
        return None
    if not env.get("DISPLAY"):
        return "no X display to open the window on (DISPLAY is not set)"
    missing = missing_packages(loads)
    if not missing:
        return None
    return ("the window needs these Debian packages (Qt's X11 plugin): "
            f"sudo apt-get install {' '.join(missing)}")
