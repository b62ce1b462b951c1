"""A CUPS queue's state in words, from the `lpstat` command (no pycups needed).

    queue_state("office") -> CupsQueueState(ready=False, reason="the queue 'office' is
                             stopped (Paused)")

A stopped (disabled) or rejecting queue would take a job and keep it in CUPS, out of sight:
the print queue asks first and keeps the job itself until the queue is back.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass


@dataclass(frozen=True)
class CupsQueueState:
    queue: str
    ready: bool
    reason: str = ""

    def describe(self) -> str:
        return "ready" if self.ready else self.reason


def queue_state(queue: str, *, timeout_s: float = 10.0) -> CupsQueueState:
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return CupsQueueState(queue, False, "CUPS is not installed (no 'lpstat' command)")
    try:
        shown = subprocess.run([lpstat, "-p", queue], capture_output=True, text=True,
                               timeout=timeout_s)
        accepting = subprocess.run([lpstat, "-a", queue], capture_output=True, text=True,
                                   timeout=timeout_s)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return CupsQueueState(queue, False, f"CUPS does not answer: {exc}")
    text = shown.stdout + shown.stderr
    if shown.returncode != 0:
        first = (shown.stderr.strip().splitlines() or ["unknown error"])[0]
        if "scheduler" in first.lower() or "connect" in first.lower():
            return CupsQueueState(queue, False, f"the CUPS server is not running ({first})")
        return CupsQueueState(queue, False, f"CUPS has no queue named {queue!r} ({first})")
    if " disabled" in text:
        detail = " ".join(line.strip() for line in text.splitlines()[1:] if line.strip())
        return CupsQueueState(queue, False, f"the printer queue {queue!r} is stopped"
                              + (f" ({detail})" if detail else ""))
    if "not accepting" in accepting.stdout:
        return CupsQueueState(queue, False, f"the printer queue {queue!r} refuses jobs")
    return CupsQueueState(queue, True)
