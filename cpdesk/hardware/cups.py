"""CUPS queues through its commands (no pycups needed): a queue's state in words
(`lpstat`), and handing it a job (`lp`).

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


def submit(queue: str, payload: bytes, *, title: str = "", raw: bool,
           timeout_s: float = 30.0) -> None:
    """Hand one job to the CUPS queue with `lp`; PrinterFault when CUPS does not take it.

    `raw`: the bytes are the printer's own language (ESC/POS, ZPL) and go to it unchanged
    (`lp -o raw`); otherwise CUPS converts the document (a PDF) for the queue's driver.
    A stopped queue would accept the job and hold it out of sight: the job is refused here
    instead, with the reason, so the caller keeps it until the queue is back."""
    from .faults import PrinterFault

    state = queue_state(queue)
    if not state.ready:
        raise PrinterFault(state.describe())
    lp = shutil.which("lp")
    if lp is None:
        raise PrinterFault("CUPS printing needs the 'lp' command")
    command = [lp, "-d", queue, "-t", title or "cpdesk"] + (["-o", "raw"] if raw else [])
    try:
        done = subprocess.run(command, input=payload, capture_output=True, timeout=timeout_s)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrinterFault(f"cannot reach CUPS: {exc}") from exc
    if done.returncode != 0:
        raise PrinterFault(f"CUPS refused the job: {done.stderr.decode().strip()}")
