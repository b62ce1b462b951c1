"""After too many wrong PINs the sign-in pad says it is locked and until when, instead of
"Unknown PIN" (which would send people to try again)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.store import pin_guard
from cpdesk.store.queries import pin_locked_until

from .desk import open_window

pytestmark = pytest.mark.gui


def _type_pin(qtbot, window, pin: str) -> str:
    window.switch_packer()
    for digit in pin:
        window.sign_in.buttons[digit].click()
    window.sign_in.ok_button.click()
    qtbot.waitUntil(lambda: not window.queue.busy and bool(window.sign_in.message.text()),
                    timeout=30_000)
    return window.sign_in.message.text()


def test_the_pin_pad_says_locked_and_until_when(qtbot, demo_dir) -> None:
    ctx, _devices, _sounds, window = open_window(qtbot, demo_dir)
    for _ in range(pin_guard.LOCK_AFTER - 1):
        assert _type_pin(qtbot, window, "0000") == "Unknown PIN"
    said = _type_pin(qtbot, window, "0000")
    with Session(ctx.engine) as s:
        until = pin_locked_until(s)
    assert until is not None
    assert said == f"Too many wrong PINs: sign-in is locked until {clock.hm(until)}"
    # the right PIN is refused while locked, with the same words, and nobody is signed in
    assert _type_pin(qtbot, window, "9001") == said
    assert window.staff is None
