"""The desk window for the Xvfb test, in its own process on a real X display (xcb).

Usage: python xvfb_desk.py DEMO_DIR. Prints one line per event on stdout:
`READY <window id>` once shown and signed in, `SCAN <code>` for every wedge burst,
`ORDER <number>` when the packing screen shows an order, `SCREEN <class>` on a screen change.
Quits when stdin closes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication


def main() -> int:
    demo_dir = Path(sys.argv[1])
    app = QApplication(sys.argv[:1])
    from cpdesk.ui.app import build_context
    from cpdesk.ui.hardware.devices import SimulatedDevices
    from cpdesk.ui.main_window import MainWindow
    from cpdesk.ui.sounds import Sounds
    from tests.conftest import DEMO_TODAY

    ctx = build_context(demo_dir, "HES")
    ctx.today = DEMO_TODAY
    window = MainWindow(ctx, SimulatedDevices(), sounds=Sounds(enabled=False))

    def say(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    window.scan_filter.sig_scanned.connect(lambda code: say(f"SCAN {code}"))
    window.packing.sig_state.connect(lambda state: say(f"ORDER {state.number}"))
    window.stack.currentChanged.connect(
        lambda _i: say(f"SCREEN {type(window.stack.currentWidget()).__name__}"))
    window.show()
    window.start()
    staff = window.service.sign_in("1001")
    window._signed_in(staff)

    def ready() -> None:
        window.activateWindow()
        window.board.view.setFocus()
        say(f"READY {int(window.winId())}")

    QTimer.singleShot(300, ready)
    quit_on_eof = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    quit_on_eof.activated.connect(lambda *_: app.quit() if not sys.stdin.readline() else None)
    QTimer.singleShot(300_000, app.quit)  # never outlive a stuck test
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
