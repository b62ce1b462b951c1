"""Thousands of background jobs without a fatal interpreter error.

With PySide6 6.12.0 on CPython 3.11 every Python `emit()` lost a reference to True and
every slot returning None one to None: after about 300 `run_in_background` tasks the
process aborted with "Fatal Python error: bool_dealloc" (or "none_dealloc"), on exit or
sooner. cpdesk.ui.refcount_guard is the fix; the jobs run in a subprocess so that an
abort fails this test instead of killing pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cpdesk.ui import refcount_guard

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.gui


def _run(code: list[str], timeout_s: float = 240) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, *code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout_s)


def test_two_thousand_background_jobs_then_a_clean_exit() -> None:
    done = _run([str(ROOT / "tests" / "ui" / "soak_background.py"), "2000"])
    assert "Fatal Python error" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["ok", "2000", "True"]


SIGNALS_AND_SLOTS = """
import sys
import cpdesk.ui  # the guard
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
app = QCoreApplication([])
class Source(QObject):
    sig = Signal(object)
source, got = Source(), []
source.sig.connect(got.append)  # a slot called from C++, returning None
for i in range(20_000):
    source.sig.emit(None if i % 2 else bool(i % 3))  # emit() itself returns True
QTimer.singleShot(0, app.quit)
app.exec()
print(len(got))
"""


def test_signals_and_slots_do_not_use_up_none_true_and_false() -> None:
    """Far more emits and slot calls than the three objects had references at start."""
    done = _run(["-c", SIGNALS_AND_SLOTS])
    assert "Fatal Python error" not in done.stderr, done.stderr[-2000:]
    assert (done.returncode, done.stdout.strip()) == (0, "20000")


def test_the_guard_is_applied_where_it_is_needed() -> None:
    assert refcount_guard.needed() == (sys.implementation.name == "cpython"
                                       and sys.version_info < (3, 12)
                                       and not hasattr(sys, "gettotalrefcount"))
    if refcount_guard.needed():
        assert sys.getrefcount(None) > 1 << 59 and sys.getrefcount(True) > 1 << 59
        assert refcount_guard.keep_singletons_alive() is False  # once only
