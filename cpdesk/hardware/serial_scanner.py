"""Serial (USB CDC virtual COM) barcode scanners, through the same transports as scales.

    scanner = SerialScanner(url="/dev/ttyACM0", on_scan=packing.on_scan)
    scanner.start() ... scanner.stop()

Each scan is a line ended by CR and/or LF; an AIM symbology identifier (`]E0`, `]C1`,
`]d2`) is kept, `parse_barcode` understands it. Reconnects like the scale reader. `on_raw`
gets the bytes as they came off the port (the hardware settings dialog shows them).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import serial

from .transport import LineSettings, TransportError, open_transport


class SerialScanner:
    def __init__(self, *, url: str, on_scan: Callable[[str], None],
                 on_status: Callable[[str], None] | None = None,
                 on_raw: Callable[[bytes], None] | None = None,
                 line: LineSettings | None = None, max_backoff_s: float = 2.0) -> None:
        self.url = url
        self.on_scan = on_scan
        self.on_status = on_status
        self.on_raw = on_raw
        self.line = line or LineSettings(9600, 8, "N", 1)
        self.max_backoff_s = max_backoff_s
        self.status = "not started"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"scanner {self.url}",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=3)

    def _set_status(self, status: str) -> None:
        if status != self.status:
            self.status = status
            if self.on_status:
                self.on_status(status)

    def _run(self) -> None:
        backoff = 0.05
        while not self._stop.is_set():
            try:
                port = open_transport(self.url, self.line, timeout_s=0.1)
            except TransportError as exc:
                self._set_status(f"disconnected: {exc}")
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff_s)
                continue
            backoff = 0.05
            self._set_status("connected")
            pending = b""
            try:
                while not self._stop.is_set():
                    data = port.read(port.in_waiting or 1)
                    if data and self.on_raw is not None:
                        self.on_raw(data)
                    pending += data
                    *lines, pending = pending.replace(b"\r\n", b"\n").replace(b"\r", b"\n") \
                        .split(b"\n")
                    for raw in lines:
                        code = raw.decode("latin-1").strip()
                        if code:
                            self.on_scan(code)
                    pending = pending[-512:]
            except (serial.SerialException, OSError) as exc:
                self._set_status(f"disconnected: {exc}")
            finally:
                port.close()
