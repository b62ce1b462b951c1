"""Run N jobs through the one background mechanism, offscreen, then exit: used by
test_background_soak.py in a subprocess, so a fatal interpreter error fails the test
instead of killing pytest.

Usage: python tests/ui/soak_background.py N
Prints "ok <received> <in order>" and exits 0 when every result came back in order.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

from cpdesk.ui.action_queue import ActionQueue  # noqa: E402
from cpdesk.ui.workers import query  # noqa: E402

# What killed the interpreter: None, True and False as results (and a signal per task).
RESULTS: tuple[object, ...] = (None, True, False, 0, "text", (1, None))


def main(n: int) -> int:
    app = QApplication([])
    screen = QLabel()
    queue = ActionQueue(screen)
    ordered: list[int] = []
    received = [0]

    def finished() -> None:
        if received[0] == n:
            app.quit()

    def shown(value: object) -> None:
        screen.setText(repr(value))  # a widget touched with every result, on the GUI thread
        received[0] += 1
        finished()

    for i in range(n):
        value = RESULTS[i % len(RESULTS)]
        if i % 2:  # half reads, half ordered actions
            query(screen, lambda v=value: v, shown, lambda _m: shown(None))
        else:
            queue.submit(lambda i=i: i, lambda i: (ordered.append(i), shown(i)),
                         lambda _m: shown(None))
    QTimer.singleShot(120_000, lambda: app.exit(2))  # a lost result: fail, don't hang
    rc = app.exec()
    in_order = ordered == sorted(ordered) and len(ordered) == (n + 1) // 2
    print("ok" if rc == 0 else "timeout", received[0], in_order, flush=True)
    return 0 if rc == 0 and in_order else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1])))
