"""A newcomer's first minutes: missing X11 libraries said in one line; Ctrl+C or SIGTERM to
`python3 dev.py demo` stops the app, cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cpdesk.ui.platform_check import XCB_LIBRARIES, display_problem, missing_packages, uses_xcb

ROOT = Path(__file__).resolve().parents[2]
ABSENT = ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")  # what a fresh Debian desktop lacked


def test_missing_xcb_libraries_are_named_with_their_debian_packages() -> None:
    assert missing_packages(lambda soname: soname not in ABSENT) == [
        "libxcb-icccm4", "libxcb-keysyms1"]
    env = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}
    problem = display_problem(env, lambda soname: soname not in ABSENT)
    assert problem is not None and "\n" not in problem
    assert problem.endswith("sudo apt-get install libxcb-icccm4 libxcb-keysyms1")
    assert display_problem(env, lambda soname: True) is None
    assert "DISPLAY" in (display_problem({"QT_QPA_PLATFORM": "xcb"}, lambda s: True) or "")


def test_only_an_x11_window_needs_them() -> None:
    assert uses_xcb({}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not uses_xcb({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, "linux")
    assert not uses_xcb({}, "win32")
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, lambda s: False) is None


def test_this_machine_has_every_library_the_table_names() -> None:
    """The table is real sonames: on the test machine (Qt runtime installed) all load."""
    assert missing_packages() == [], XCB_LIBRARIES


def test_cpdesk_demo_says_what_to_install_in_one_line(tmp_path: Path) -> None:
    script = ("import cpdesk.ui.platform_check as p\n"
              f"p._loads = lambda soname: soname not in {ABSENT!r}\n"
              "from cpdesk.cli import main\n"
              f"raise SystemExit(main(['demo', '--data-dir', {str(tmp_path / 'net')!r}]))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": ":99"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "cpdesk: the window needs these Debian packages (Qt's X11 plugin): "
        "sudo apt-get install libxcb-icccm4 libxcb-keysyms1"]
    assert not (tmp_path / "net").exists()  # said before anything was made


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stopping_dev_py_demo_stops_the_app(demo_dir: Path, signum: int) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    dev = subprocess.Popen([sys.executable, str(ROOT / "dev.py"), "demo", "--data-dir",
                            str(demo_dir)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        app_pid = None
        # The app is up (its signal handlers installed) once its demo printers' spool exists.
        while time.monotonic() < deadline and dev.poll() is None:
            kids = _children(dev.pid)
            if kids and (demo_dir / "spool").exists():
                app_pid = kids[0]
                break
            time.sleep(0.2)
        assert app_pid is not None, ("still starting after 120 s" if dev.poll() is None
                                     else dev.communicate(timeout=10))
        time.sleep(1.0)  # let the event loop start: the signal must work then too
        dev.send_signal(signum)  # to dev.py only: it passes the signal on
        _out, err = dev.communicate(timeout=60)
        survived = _alive(app_pid)
    finally:
        # never leave an app behind, nor what dev.py was running when the test gave up on it
        # (its first run in a fresh checkout installs .venv: a pip left running on its own)
        left = {app_pid} if app_pid else set()
        if dev.poll() is None:
            left.update(_children(dev.pid))
            dev.kill()
        for pid in left:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert dev.returncode == 0, err
    assert not survived
    assert "Traceback" not in err
