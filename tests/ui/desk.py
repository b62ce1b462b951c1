"""The whole desk window for GUI tests, driven by key events as at the bench."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk.store import models as m
from cpdesk.ui.app import build_context
from cpdesk.ui.hardware.devices import SimulatedDevices
from cpdesk.ui.main_window import MainWindow
from cpdesk.ui.sounds import Sounds
from cpdesk.ui.workers import pending

from ..conftest import DEMO_TODAY
from .wedge_keys import Wedge


def open_window(qtbot, demo_dir: Path, today=DEMO_TODAY):
    """HES's main window on the demo network, shown, started, its board loaded: the context,
    simulated devices, silent sounds and the window."""
    ctx = build_context(demo_dir, "HES")
    ctx.today = today
    devices = SimulatedDevices()
    sounds = Sounds(enabled=False)
    window = MainWindow(ctx, devices, sounds=sounds)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window, timeout=30_000)
    with qtbot.waitSignal(window.board.sig_loaded, timeout=30_000):
        window.start()
    return ctx, devices, sounds, window


class Desk:
    """The main window, driven by key events only, as at the bench."""

    def __init__(self, qtbot, demo_dir: Path, layout: str = "us", today=DEMO_TODAY) -> None:
        self.qtbot = qtbot
        self.layout = layout
        self.ctx, self.devices, self.sounds, self.window = open_window(qtbot, demo_dir, today)
        self.wedge = Wedge()
        self.scans: list[str] = []
        self.window.scan_filter.sig_scanned.connect(self.scans.append)

    def idle(self) -> None:
        w = self.window
        def busy() -> bool:  # the screens built so far (a screen is built on first use)
            queues = [w.queue] + [getattr(s, "queue", None) for s in w._built.values()]
            return (any(q is not None and q.busy for q in queues)
                    or any(pending(s) for s in w._built.values()))

        self.qtbot.waitUntil(lambda: not busy(), timeout=30_000)

    def scan(self, code: str, focus=None) -> None:
        if focus is not None:
            focus.setFocus()
            self.qtbot.waitUntil(focus.hasFocus, timeout=30_000)
        self.wedge.type(code, self.layout)
        assert self.scans[-1] == code  # the burst came through whole, mapped back
        self.idle()

    def sign_in(self, pin: str = "1001") -> None:
        self.window.sign_in.setFocus()
        self.scan(pin)  # a staff badge, or the PIN typed fast
        assert self.window.staff is not None

    def crate_of(self, **where) -> tuple[str, str]:
        with Session(self.ctx.engine) as s:
            crate = s.scalars(select(m.Crate).filter_by(**where).order_by(m.Crate.code)).first()
            assert crate is not None
            return crate.code, s.get(m.Order, crate.order_id).number


    def key(self, key, modifier=None) -> None:
        """A person pressing a key (with Alt, Ctrl...) wherever the focus is."""
        target = QApplication.focusWidget() or self.window
        QTest.keyClick(target, key, modifier or Qt.KeyboardModifier.NoModifier)
        self.qtbot.wait(5)
        self.idle()

    def close(self) -> None:
        self.window.close()
        self.ctx.engine.dispose()
