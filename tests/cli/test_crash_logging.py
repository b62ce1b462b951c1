"""What a support person finds after a crash: an uncaught exception (GUI thread or worker
thread) is logged with its traceback and handed to the app's dialog; an interpreter that
dies leaves faulthandler's trace in crash.log. Each in its own process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def _run(code: str, log_dir: Path) -> subprocess.CompletedProcess[str]:
    script = textwrap.dedent(f"""
        import sys, threading
        from pathlib import Path
        from cpdesk import logs
        logs.setup_logging(Path({str(log_dir)!r}))
    """) + textwrap.dedent(code)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parents[2])


def test_an_uncaught_exception_is_logged_and_shown(tmp_path: Path) -> None:
    done = _run("""
        shown = []
        logs.install_excepthook(shown.append)
        t = threading.Thread(target=lambda: 1 / 0, name="worker")
        t.start(); t.join()
        try:
            raise RuntimeError("the till drawer is jammed")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        print("shown:", shown)
    """, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "shown: ['RuntimeError: the till drawer is jammed']" in done.stdout
    log = (tmp_path / "cpdesk.log").read_text()
    assert log.count("CRITICAL cpdesk [") == 2 and "uncaught exception" in log
    assert "ZeroDivisionError" in log and "RuntimeError: the till drawer is jammed" in log
    assert "Traceback (most recent call last)" in log


def test_an_interpreter_that_dies_leaves_its_trace_in_crash_log(tmp_path: Path) -> None:
    done = _run("""
        import faulthandler
        faulthandler._sigsegv()
    """, tmp_path)
    assert done.returncode != 0
    crash = (tmp_path / "crash.log").read_text()
    assert "Fatal Python error: Segmentation fault" in crash and "<string>" in crash
