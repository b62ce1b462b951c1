"""Cold start of `cpdesk demo --screenshot` and of `cpdesk run --screenshot` (a depot store
with a station file, here the demo's HES store and a station without devices) on the demo
week, to the first frame of the loaded board, against a bare PySide6 window started and
grabbed the same way, in the same run. Prints medians and the ratios.

    python bench/bench_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QLabel("bare")); w.resize(1280, 800); w.show()
def grab():
    w.grab().save(sys.argv[1]); app.quit()
QTimer.singleShot(0, grab)
app.exec()
"""


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "demo"
        subprocess.run([sys.executable, "-m", "cpdesk", "init-demo", "--data-dir", str(data)],
                       check=True, capture_output=True)
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE)
        station = Path(tmp) / "station.toml"  # no file: a station without devices
        bare, app, run = [], [], []
        for i in range(args.runs):  # interleaved so both see the same machine load
            bare.append(timed([sys.executable, str(bare_script), f"{tmp}/b{i}.png"], env))
            app.append(timed([sys.executable, "-m", "cpdesk", "demo", "--data-dir", str(data),
                              "--depot", "HES", "--screenshot", f"{tmp}/a{i}.png"], env))
            run.append(timed([sys.executable, "-m", "cpdesk", "run", "--data-dir", str(data),
                              "--depot", "HES", "--station", str(station),
                              "--screenshot", f"{tmp}/r{i}.png"], env))
    b, a, r = statistics.median(bare), statistics.median(app), statistics.median(run)
    print(f"bare PySide6 window, start to PNG: median {b * 1000:.0f} ms over {args.runs} runs")
    print(f"cpdesk demo (250 orders), start to board PNG: median {a * 1000:.0f} ms")
    print(f"cpdesk run (station file, same store), start to board PNG: median {r * 1000:.0f} ms")
    print(f"ratio cpdesk demo / bare: {a / b:.2f}; cpdesk run / bare: {r / b:.2f}")


if __name__ == "__main__":
    main()
