"""Cold start to the first frame of the loaded board, against a bare PySide6 window, in the
same run.

Each run is a new process (`python -m cpdesk demo --screenshot FILE`): the clock starts
before the process is spawned and stops when the process says on its standard output that
the PNG of its first loaded board frame is written (`screenshot: FILE`); what the process
does after that (closing devices, the sync worker, the stores) is not counted. The baseline
is a bare PySide6 window of the same size started, grabbed to a PNG and reported the same
way, on the same platform plugin (offscreen). Runs are interleaved so that every kind sees
the same machine load; one unmeasured warm-up run of each kind first, so that Python's
bytecode caches exist (PYTHONDONTWRITEBYTECODE is removed from the children's environment,
as an installed app has its .pyc files) and the OS file cache is equally warm for all.

Two figures per run: the wall clock (what a person waits for; it swings with the machine's
load) and the CPU time of the process, all threads, to that frame (`time.process_time()`,
printed on the same line by both processes; steady under load).

Measured:
- bare PySide6 window (the baseline);
- `cpdesk demo` on the 250-order demo week (HES depot);
- `cpdesk run` on the same store with a station file without devices;
- `cpdesk demo` on a 5,000-order network (HES depot).
Goals: demo / bare <= 3x; 5,000 orders / 250 orders <= 1.3x.

The cpdesk run is the checkout this file lives in (its folder is the children's working
directory and first on their PYTHONPATH, whatever cpdesk the interpreter has installed).
`--compare CHECKOUT` adds the `demo` and `run` starts of another checkout (main, before a
change), interleaved with the others: a before/after from the same minutes.

    python bench/bench_startup.py [--runs 5] [--keep DIR] [--compare CHECKOUT]
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
from typing import Any

BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QLabel("bare")); w.resize(1280, 800); w.show()
def grab():
    w.grab().save(sys.argv[1])
    print(f"screenshot: {sys.argv[1]} (cpu {time.process_time():.3f} s)", flush=True)
    app.quit()
QTimer.singleShot(0, grab)
app.exec()
"""

MARK = "screenshot: "
CHECKOUT = Path(__file__).resolve().parent.parent


def in_checkout(env: dict[str, str], checkout: Path) -> dict[str, str]:
    """The environment that makes `python -m cpdesk` import `checkout`'s code."""
    return {**env, "PYTHONPATH": os.pathsep.join(
        [str(checkout), *filter(None, [env.get("PYTHONPATH")])])}


def to_first_frame(cmd: list[str], env: dict[str, str],
                   checkout: Path = CHECKOUT) -> tuple[float, float]:
    """Seconds from spawning `cmd` (in `checkout`) to its `screenshot: FILE (cpu N s)` line on
    stdout, and the CPU time (all its threads) the process says it spent to that frame."""
    start = time.perf_counter()
    with subprocess.Popen(cmd, env=in_checkout(env, checkout), cwd=checkout,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True) as proc:
        assert proc.stdout is not None
        elapsed, cpu = None, 0.0
        for line in proc.stdout:
            if line.startswith(MARK) and elapsed is None:
                elapsed = time.perf_counter() - start
                cpu = float(line.rsplit("(cpu ", 1)[1].split()[0])
        code = proc.wait()
    if elapsed is None or code != 0:
        raise SystemExit(f"no first frame (exit code {code}): {' '.join(cmd)}")
    return elapsed, cpu


def describe(name: str, times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    return (f"{name:<46} min {ms[0]:6.0f}  median {statistics.median(ms):6.0f}  "
            f"max {ms[-1]:6.0f} ms")


def verdict(ratio: float, goal: float) -> str:
    return f"{ratio:.2f}x (goal <= {goal}x: {'met' if ratio <= goal else 'NOT met'})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big-orders", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="make (or reuse) the networks in this folder")
    parser.add_argument("--compare", type=Path, metavar="CHECKOUT",
                        help="also start `demo` and `run` from this checkout, interleaved")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        base = args.keep or tmp
        small, big = base / "demo-250", base / f"demo-{args.big_orders}"
        for folder, orders in ((small, 250), (big, args.big_orders)):
            if not (folder / "depot-HES.sqlite").exists():
                subprocess.run([py, "-m", "cpdesk", "init-demo", "--data-dir", str(folder),
                                "--orders", str(orders)], check=True, capture_output=True,
                               env=in_checkout(env, CHECKOUT), cwd=CHECKOUT)
        bare_script = tmp / "bare.py"
        bare_script.write_text(BARE)
        station = tmp / "station.toml"  # no file: a station without devices
        kinds: dict[str, Any] = {
            "bare PySide6 window": lambda png: [py, str(bare_script), png],
            "cpdesk demo, 250 orders": lambda png: [
                py, "-m", "cpdesk", "demo", "--data-dir", str(small), "--depot", "HES",
                "--screenshot", png],
            "cpdesk run (station file), 250 orders": lambda png: [
                py, "-m", "cpdesk", "run", "--data-dir", str(small), "--depot", "HES",
                "--station", str(station), "--screenshot", png],
            f"cpdesk demo, {args.big_orders} orders": lambda png: [
                py, "-m", "cpdesk", "demo", "--data-dir", str(big), "--depot", "HES",
                "--screenshot", png],
        }
        where = dict.fromkeys(kinds, CHECKOUT)
        if args.compare is not None:
            other = args.compare.resolve()
            for name in ("cpdesk demo, 250 orders", "cpdesk run (station file), 250 orders"):
                kinds[f"{name} [{other.name}]"] = kinds[name]
                where[f"{name} [{other.name}]"] = other
        times: dict[str, list[float]] = {name: [] for name in kinds}
        cpus: dict[str, list[float]] = {name: [] for name in kinds}
        for name, cmd in kinds.items():  # warm-up: bytecode caches, file cache
            to_first_frame(cmd(str(tmp / "warm.png")), env, where[name])
        for i in range(args.runs):  # interleaved so all kinds see the same machine load
            for n, (name, cmd) in enumerate(kinds.items()):
                wall, cpu = to_first_frame(cmd(str(tmp / f"{n}-{i}.png")), env, where[name])
                times[name].append(wall)
                cpus[name].append(cpu)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"cold start (new process) to the first loaded board frame, {args.runs} runs each "
          f"(load average {load:.1f} on {os.cpu_count()} CPUs), cpdesk from {CHECKOUT}:")
    for title, table in (("wall clock", times), ("CPU time of the process (all threads)", cpus)):
        print(f"  {title}:")
        for name, values in table.items():
            print("  " + describe(name, values))
        med = {name: statistics.median(values) for name, values in table.items()}
        bare, demo, run, bigger, *compared = (med[name] for name in kinds)
        print(f"    cpdesk demo / bare (medians): {verdict(demo / bare, 3.0)}")
        print(f"    cpdesk run / bare (medians): {verdict(run / bare, 3.0)}")
        print(f"    {args.big_orders} orders / 250 orders (medians): "
              f"{verdict(bigger / demo, 1.3)}")
        if compared:
            other_demo, other_run = compared
            print(f"    [{args.compare.name}] cpdesk demo / bare (medians): "
                  f"{verdict(other_demo / bare, 3.0)}")
            print(f"    [{args.compare.name}] cpdesk run / bare (medians): "
                  f"{verdict(other_run / bare, 3.0)}")


if __name__ == "__main__":
    main()
