#!/usr/bin/env python3
"""One-command set-up and tasks for cpdesk (only the Python standard library is needed).

    python3 dev.py demo [cpdesk demo options]   # start the app on the embedded demo network
    python3 dev.py test [pytest options]        # lint, type-check and run the whole test suite
    python3 dev.py bundle                       # build the one-file install for this platform
                                                # (dist/cpdesk-VERSION-linux-x86_64.tar.gz)

The first run creates `.venv/` and installs cpdesk with its dev extras; later runs reinstall
only when `pyproject.toml` changed.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".cpdesk-installed"


def ensure_env() -> None:
    if not PY.exists():
        print("dev.py: creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    print("dev.py: installing cpdesk and its dependencies into .venv", flush=True)
    subprocess.run([str(PY), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([str(PY), "-m", "pip", "install", "-q", "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(digest)


def run(cmd: list[str]) -> int:
    return subprocess.run(cmd, cwd=ROOT).returncode


def run_forwarding_signals(cmd: list[str]) -> int:
    """Run the app as a child and pass Ctrl+C (SIGINT) and SIGTERM on to it, so that stopping
    `dev.py demo` stops the app (which closes cleanly on both), then wait for it to end."""
    child = subprocess.Popen(cmd, cwd=ROOT)

    def forward(signum: int, _frame: object) -> None:
        if child.poll() is None:
            child.send_signal(signum)

    wanted = [signal.SIGINT, getattr(signal, "SIGTERM", None)]
    previous = {s: signal.signal(s, forward) for s in wanted if s is not None}
    try:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:  # a handler replaced after start: keep waiting
                forward(signal.SIGINT, None)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def test(args: list[str]) -> int:
    for step in (
        [str(PY), "-m", "ruff", "check", "cpdesk", "tests", "bench", "deploy"],
        [str(PY), "-m", "mypy"],
    ):
        print("dev.py:", " ".join(step[1:]), flush=True)
        if rc := run(step):
            return rc
    env_cmd = [str(PY), "-m", "pytest", *args]
    print("dev.py:", " ".join(env_cmd[1:]), flush=True)
    rc = run(env_cmd)
    if rc == 5:
        print("dev.py: pytest collected no tests: that is a failure", file=sys.stderr)
        return 1
    return rc


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "bundle", "cpdesk"}:
        print(__doc__)
        return 2
    ensure_env()
    task, rest = argv[0], argv[1:]
    if task == "test":
        return test(rest)
    if task == "bundle":
        return run([str(PY), "-m", "deploy.build", *rest])
    if task == "demo":
        return run_forwarding_signals([str(BIN / "cpdesk"), "demo", *rest])
    return run([str(BIN / "cpdesk"), *rest])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
