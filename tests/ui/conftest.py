from __future__ import annotations

import pytest

from cpdesk.ui.app import build_context
from cpdesk.ui.counter.screen import CounterWidget
from cpdesk.ui.hardware.devices import SimulatedDevices
from cpdesk.ui.sounds import Sounds

from ..conftest import DEMO_TODAY


@pytest.fixture
def counter(qtbot, demo_dir):
    """A started counter for depot HES with simulated devices, cashier 2001 signed in."""
    ctx = build_context(demo_dir, "HES")
    ctx.today = DEMO_TODAY
    devices = SimulatedDevices()
    widget = CounterWidget(ctx, devices, sounds=Sounds(enabled=False))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    with qtbot.waitSignal(widget.sig_ready, timeout=30_000):
        widget.start()
    with qtbot.waitSignal(widget.sig_signed_in, timeout=30_000):
        widget.sign_in("2001")
    assert widget.cashier is not None
    yield widget
    ctx.engine.dispose()


def open_register(qtbot, counter, float_text="100,00"):
    counter.register.cash_edit.setText(float_text)
    with qtbot.waitSignal(counter.register.sig_session_changed, timeout=30_000) as opened:
        counter.register.open_button.click()
    assert opened.args == [True]
