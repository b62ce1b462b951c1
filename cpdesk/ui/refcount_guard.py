"""Keep None, True and False alive whatever the Qt binding does to their reference counts.

Measured with PySide6 6.12.0 on CPython 3.11 (tests/ui/test_background_soak.py):

- every `SignalInstance.emit()` called from Python returns True without owning a reference
  to it: one reference to True is lost per emit;
- every call from C++ into a Python callable that returns None (a slot, a timer's
  callback, a posted event's handler) loses one reference to None.

After a few hundred to a few thousand of them the count reaches zero and the interpreter
aborts with "Fatal Python error: bool_dealloc" or "none_dealloc" (upstream PYSIDE-3124).
Other objects are not affected: payloads and return values keep their counts.

CPython 3.12 made these three objects immortal (PEP 683), so the lost references do no
harm there. On older CPythons we do what 3.12 does: their counts are raised so far (2**60)
that no run of the desk can bring them down to zero. Nothing reads these counts for
anything else; the objects are never freed anyway (they live as long as the interpreter).
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 60  # a billion lost references a second would take 36 years to use it up
_applied = False


def needed() -> bool:
    """A release CPython older than 3.12: the three singletons can still be freed."""
    return (sys.implementation.name == "cpython" and sys.version_info < (3, 12)
            and not hasattr(sys, "gettotalrefcount"))  # a debug build lays objects out apart


def keep_singletons_alive() -> bool:
    """Raise the reference counts of None, True and False once; True when it was done."""
    global _applied
    if _applied or not needed():
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every object in a release build (Include/object.h).
        ctypes.c_ssize_t.from_address(id(obj)).value += _HEADROOM
    _applied = True
    return True
