"""A pair of linked pseudo-terminals made by socat: a serial cable without hardware.

Killing socat is an unplug (both device links disappear); starting it again with the same
links is a replug. Used by the simulated scale (demo mode) and by the tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from cpdesk.errors import CpdeskError


class PtyPair:
    def __init__(self, directory: Path, name: str = "scale") -> None:
        self.a = directory / f"{name}-a"  # the device side (simulator)
        self.b = directory / f"{name}-b"  # the application side
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 5.0) -> None:
        socat = shutil.which("socat")
        if socat is None:
            raise CpdeskError("socat is not installed (Debian package 'socat')")
        self.process = subprocess.Popen(
            [socat, "pty,raw,echo=0,link=" + str(self.a), "pty,raw,echo=0,link=" + str(self.b)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout_s
        while not (self.a.exists() and self.b.exists()):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise CpdeskError("socat did not create the pseudo-terminals")
            time.sleep(0.01)

    def stop(self) -> None:
        """Unplug: end socat and wait until the links are gone."""
        process, self.process = self.process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for link in (self.a, self.b):
            if os.path.lexists(link):
                link.unlink()
