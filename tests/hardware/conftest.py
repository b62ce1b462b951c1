"""Fixtures for the hardware tests: socat pty pairs, simulated scales, fake printers."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def socat() -> str:
    """socat's path; a missing socat fails the test unless CPDESK_SKIP_SERIAL=1."""
    path = shutil.which("socat")
    if path is None:
        if os.environ.get("CPDESK_SKIP_SERIAL") == "1":
            pytest.skip("socat missing and CPDESK_SKIP_SERIAL=1")
        pytest.fail("socat is not installed (apt-get install socat, or CPDESK_SKIP_SERIAL=1)")
    return path


@pytest.fixture
def pty_pair(socat: str, tmp_path: Path) -> Iterator[object]:
    from cpdesk.hardware.ptypair import PtyPair

    pair = PtyPair(tmp_path, "dev")
    pair.start()
    yield pair
    pair.stop()


@pytest.fixture
def sim_factory(socat: str) -> Iterator[object]:
    """Make simulated scales; all are stopped at the end of the test."""
    from cpdesk.hardware.simulator import SimulatedScale

    made: list[SimulatedScale] = []

    def make(protocol: str, **kwargs: object) -> SimulatedScale:
        sim = SimulatedScale(protocol, **kwargs)  # type: ignore[arg-type]
        made.append(sim)
        return sim

    yield make
    for sim in made:
        sim.stop()


class FakePrinter:
    """A raw printer on 127.0.0.1: captures bytes, answers DLE EOT 1/4 and ~HS.

    mode: "ok", "near end", "out", "offline", "silent"."""

    def __init__(self) -> None:
        import socket
        import threading

        self.mode = "ok"
        self.captured = bytearray()
        self.connections = 0
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.05)
        self.port = self.server.getsockname()[1]
        self.url = f"tcp://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _answer(self, query: bytes) -> bytes:
        if self.mode == "silent":
            return b""
        if query == b"\x10\x04\x01":
            return b"\x1e" if self.mode == "offline" else b"\x16"
        if query == b"\x10\x04\x04":
            return {"near end": b"\x1e", "out": b"\x72"}.get(self.mode, b"\x12")
        paper_out = "1" if self.mode == "out" else "0"
        head_up = "1" if self.mode == "offline" else "0"
        return (f"\x02030,{paper_out},0,1245,000,0,0,0,000,0,0,0\x03\r\n"
                f"\x02001,0,{head_up},0,1,2,6,0,00000000,1,000\x03\r\n"
                "\x021234,0\x03\r\n").encode()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.settimeout(0.05)
            seen = len(self.captured)
            with conn:  # queries are looked for in the bytes after `seen`
                while not self._stop.is_set():
                    try:
                        data = conn.recv(4096)
                    except TimeoutError:
                        continue
                    except OSError:
                        break
                    if not data:
                        break
                    self.captured += data
                    for query in (b"\x10\x04\x01", b"\x10\x04\x04", b"~HS"):
                        pos = self.captured.find(query, seen)
                        while pos >= 0:
                            reply = self._answer(query)
                            if reply:
                                try:
                                    conn.sendall(reply)
                                except OSError:
                                    pass
                            pos = self.captured.find(query, pos + len(query))
                    seen = len(self.captured)

    def wait_bytes(self, n: int, timeout_s: float = 3.0) -> bytes:
        """The captured bytes once at least `n` have arrived (the sender may have closed
        before this server read them)."""
        import time

        deadline = time.monotonic() + timeout_s
        while len(self.captured) < n and time.monotonic() < deadline:
            time.sleep(0.01)
        return bytes(self.captured)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.server.close()


@pytest.fixture
def fake_printer() -> Iterator[FakePrinter]:
    printer = FakePrinter()
    yield printer
    printer.stop()
