"""A scale reader: one plain thread per scale, reconnecting on its own, no Qt.

    reader = ScaleReader(url="/dev/ttyUSB0", protocol=PROTOCOLS["mt-sics"],
                         on_reading=callback, on_status=status_callback)
    reader.start()
    ...
    reading = reader.capture(timeout_s=3)   # the weight to book (stable in legal mode)
    reader.stop()

Callbacks run on the reader thread: a GUI must hand them over to its own thread (a Qt
signal does that). Statuses are short sentences for the packer: "connected",
"no answer from the scale", "disconnected: ...", "unreadable bytes: check the line
settings (9600 7E1 expected)".
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace

import serial

from cpdesk.errors import CpdeskError

from .scales import FrameParser, ProtocolSpec, Reading
from .transport import LineSettings, TransportError, open_transport

ReadingCallback = Callable[[Reading], None]
StatusCallback = Callable[[str], None]
RawCallback = Callable[[bytes], None]


class StabilityFilter:
    """A reading counts as stable only if the scale says so AND the last `settle_count`
    readings flagged stable had the same weight: a moving load is never reported stable."""

    def __init__(self, settle_count: int = 2) -> None:
        self.settle_count = max(1, settle_count)
        self.recent: deque[Reading] = deque(maxlen=self.settle_count)

    def apply(self, reading: Reading) -> Reading:
        if not reading.stable or reading.weight_g is None:
            self.recent.clear()
            return replace(reading, stable=False) if reading.stable else reading
        self.recent.append(reading)
        settled = len(self.recent) == self.settle_count and all(
            r.weight_g == reading.weight_g for r in self.recent
        )
        return reading if settled else replace(reading, stable=False)


class ScaleReader:
    """Reads one scale on a background thread; reconnects with backoff when it disappears."""

    def __init__(
        self,
        *,
        url: str,
        protocol: ProtocolSpec,
        line: LineSettings | None = None,
        on_reading: ReadingCallback | None = None,
        on_status: StatusCallback | None = None,
        on_raw: RawCallback | None = None,
        poll_interval_s: float = 0.1,
        timeout_s: float = 1.0,
        settle_count: int = 2,
        legal_for_trade: bool = False,
        max_backoff_s: float = 2.0,
    ) -> None:
        self.url = url
        self.protocol = protocol
        self.line = line or protocol.line
        self.on_reading = on_reading
        self.on_status = on_status
        self.on_raw = on_raw
        self.poll_interval_s = poll_interval_s
        self.timeout_s = timeout_s
        self.legal_for_trade = legal_for_trade
        self.max_backoff_s = max_backoff_s
        self.filter = StabilityFilter(settle_count)
        self.parser: FrameParser = protocol.make_parser()
        self.status = "not started"
        self.latest: Reading | None = None
        self.reconnects = 0
        self._port: serial.SerialBase | None = None
        self._commands: deque[bytes] = deque()
        self._stop = threading.Event()
        self._new_reading = threading.Condition()
        self._thread: threading.Thread | None = None

    # --- public API -----------------------------------------------------------------
    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"scale {self.url}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.timeout_s + 2)
        self._close()

    def tare(self) -> None:
        self._command(self.protocol.tare, "tare")

    def zero(self) -> None:
        self._command(self.protocol.zero, "zero")

    @property
    def errors(self) -> int:
        return self.parser.errors

    def capture(self, timeout_s: float = 3.0) -> Reading | None:
        """The next reading that may be booked: stable in legal-for-trade mode, else the
        next reading with a weight. None when none came in time."""
        deadline = time.monotonic() + timeout_s
        with self._new_reading:
            seen = self.latest
            while True:
                latest = self.latest
                if latest is not None and latest is not seen and self._countable(latest):
                    return latest
                seen = latest
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._new_reading.wait(remaining)

    def _countable(self, reading: Reading) -> bool:
        if reading.weight_g is None:
            return False
        return reading.stable or not self.legal_for_trade

    # --- thread ---------------------------------------------------------------------
    def _command(self, command: bytes | None, what: str) -> None:
        if command is None:
            raise ValueError(f"the {self.protocol.name} protocol has no {what} command")
        self._commands.append(command)

    def _set_status(self, status: str) -> None:
        if status != self.status:
            self.status = status
            if self.on_status:
                self.on_status(status)

    def _close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except (OSError, serial.SerialException):
                pass

    def _run(self) -> None:
        backoff = 0.05
        while not self._stop.is_set():
            try:
                self._port = open_transport(self.url, self.line, timeout_s=self.poll_interval_s)
            except TransportError as exc:
                self._set_status(f"disconnected: {exc}")
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff_s)
                continue
            backoff = 0.05
            self.parser = self.protocol.make_parser()
            self._set_status("connected")
            try:
                self._read_loop(self._port)
            except (serial.SerialException, OSError) as exc:
                self._set_status(f"disconnected: {exc}")
                self.reconnects += 1
            finally:
                self._close()

    def _read_loop(self, port: serial.SerialBase) -> None:
        last_frame = time.monotonic()
        errors_seen = self.parser.errors
        frames_seen = self.parser.frames
        next_poll = 0.0
        while not self._stop.is_set():
            while self._commands:
                port.write(self._commands.popleft())
            now = time.monotonic()
            if self.protocol.request and now >= next_poll:
                port.write(self.protocol.request)
                next_poll = now + self.poll_interval_s
            data = port.read(port.in_waiting or 1)
            if data and self.on_raw:
                self.on_raw(data)
            readings = self.parser.feed(data) if data else []
            for reading in readings:
                self._deliver(reading)
            if self.parser.frames > frames_seen:
                frames_seen = self.parser.frames
                last_frame = time.monotonic()
            if self.parser.errors > errors_seen and not readings:
                errors_seen = self.parser.errors
                if time.monotonic() - last_frame > self.timeout_s:
                    self._set_status(
                        f"unreadable bytes: check the line settings "
                        f"({self.protocol.line} expected; {self.parser.last_error})"
                    )
            elif time.monotonic() - last_frame > self.timeout_s and not data:
                self._set_status("no answer from the scale")

    def _deliver(self, reading: Reading) -> None:
        reading = self.filter.apply(reading)
        if reading.overload:
            self._set_status("overload")
        elif reading.underload:
            self._set_status("underload")
        else:
            self._set_status("connected")
        with self._new_reading:
            self.latest = reading
            self._new_reading.notify_all()
        if self.on_reading and (reading.stable or not self.legal_for_trade):
            self.on_reading(reading)


class ScaleReadError(CpdeskError):
    """One reading could not be had; the message says why in one line."""


def read_once(url: str, protocol: ProtocolSpec, *, line: LineSettings | None = None,
              timeout_s: float = 2.0) -> Reading:
    """Open the port, ask once (polled protocols), return the first reading or say why not."""
    line = line or protocol.line
    try:
        port = open_transport(url, line, timeout_s=0.05)
    except TransportError as exc:
        raise ScaleReadError(f"disconnected: {exc}") from exc
    parser = protocol.make_parser()
    received = 0
    try:
        if protocol.request:
            port.write(protocol.request)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            data = port.read(port.in_waiting or 1)
            received += len(data)
            for reading in parser.feed(data):
                if reading.overload:
                    raise ScaleReadError(f"overload (raw {reading.raw!r})")
                if reading.underload:
                    raise ScaleReadError(f"underload (raw {reading.raw!r})")
                return reading
    except (serial.SerialException, OSError) as exc:
        raise ScaleReadError(f"disconnected: {exc}") from exc
    finally:
        port.close()
    if received == 0:
        raise ScaleReadError(f"no answer from the scale at {url} within {timeout_s:g} s")
    reason = parser.last_error or "incomplete frame"
    raise ScaleReadError(
        f"unparseable frame ({reason}); check the line settings, {protocol.name} "
        f"usually runs at {protocol.line}"
    )
