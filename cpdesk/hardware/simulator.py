"""A simulated scale that speaks the real protocols over a pseudo-terminal or TCP.

For demo mode and tests. The weight, motion and faults are plain attributes, changed from
any thread:

    sim = SimulatedScale(protocol="mt-sics", weight_g=Decimal("1250"))
    url = sim.serve_pty()            # or sim.serve_tcp() -> "socket://127.0.0.1:PORT"
    reader = ScaleReader(url=url, protocol=PROTOCOLS["mt-sics"], ...)
    sim.moving = True; sim.fault = "garbage"; sim.unplug(); sim.replug()
    sim.stop()

Faults: None, "silent" (answers nothing), "garbage" (random bytes before each frame),
"partial" (half a frame before each frame), "wrong-line" (only high-bit bytes, as a wrong
baud rate or parity looks), "overload", "underload".
The regex protocol is spoken as `W: <grams> g ST|US` lines in answer to `P\\r\\n`.
"""

from __future__ import annotations

import random
import socket
import tempfile
import threading
from decimal import Decimal
from pathlib import Path

import serial

from .ptypair import PtyPair
from .scales import CR, STX, checksum_7bit

STREAMING = {"toledo-continuous", "cas"}
REGEX_REQUEST = b"P\r\n"
REGEX_PATTERN = r"W:\s*(?P<weight>-?[\d.]+)\s*(?P<unit>\w+)\s+(?:(?P<stable>ST)|US)"


def _kg(weight_g: Decimal) -> Decimal:
    return (weight_g / 1000).quantize(Decimal("0.001"))


def encode_mt_sics(weight_g: Decimal, *, stable: bool, fault: str | None = None) -> bytes:
    if fault == "overload":
        return b"S +\r\n"
    if fault == "underload":
        return b"S -\r\n"
    value = f"{weight_g.quantize(Decimal('0.01'))}"
    return f"S {'S' if stable else 'D'} {value:>10} g\r\n".encode()


def encode_8217(weight_g: Decimal, *, stable: bool, net: bool = False,
                fault: str | None = None) -> bytes:
    status = 0
    if not stable:
        status |= 0x01
    if fault == "overload":
        status |= 0x02
    if fault == "underload":
        status |= 0x04
    if status:
        return bytes([STX]) + b"?" + bytes([status | (0x20 if net else 0)]) + bytes([CR])
    return bytes([STX]) + f"{_kg(weight_g):>7}".encode() + (b"N" if net else b"") + bytes([CR])


def encode_continuous(weight_g: Decimal, *, stable: bool, net: bool = False,
                      tare_g: Decimal = Decimal(0), fault: str | None = None,
                      checksum: bool = False) -> bytes:
    # kg with 3 decimals: decimal point code 5 (SWA bits 0-2), SWB bit 4 = kg.
    swa = 0x20 | 5
    swb = 0x20 | 0x10 | (0x01 if net else 0) | (0x08 if not stable else 0)
    if weight_g < 0 or fault == "underload":
        swb |= 0x02
    if fault in ("overload", "underload"):
        swb |= 0x04
    grams = abs(int(weight_g.quantize(Decimal(1))))
    frame = bytes([STX, swa, swb, 0x20]) + f"{grams % 10**6:06d}{int(tare_g) % 10**6:06d}".encode()
    frame += bytes([CR])
    return frame + (bytes([checksum_7bit(frame)]) if checksum else b"")


def encode_cas(weight_g: Decimal, *, stable: bool, net: bool = False,
               fault: str | None = None) -> bytes:
    header = b"OL" if fault in ("overload", "underload") else (b"ST" if stable else b"US")
    lamp = 0x20 | (0x40 if stable else 0) | (0x02 if net else 0x04)
    number = "  -OL   " if fault == "underload" else f"{_kg(weight_g):>8}"
    return header + b"," + (b"NT" if net else b"GS") + b",1" + bytes([lamp]) + b"," + (
        number.encode() + b" kg\r\n"
    )


def encode_regex(weight_g: Decimal, *, stable: bool, fault: str | None = None) -> bytes:
    return f"W: {weight_g} g {'ST' if stable else 'US'}\r\n".encode()


class SimulatedScale:
    def __init__(self, protocol: str = "mt-sics", *, weight_g: Decimal | int = 0,
                 stream_interval_s: float = 0.05, checksum: bool = False) -> None:
        self.protocol = protocol
        self.weight_g = Decimal(weight_g)
        self.tare_g = Decimal(0)
        self.net = False
        self.moving = False
        self.fault: str | None = None
        self.stream_interval_s = stream_interval_s
        self.checksum = checksum
        self.requests: list[bytes] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pty: PtyPair | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._server: socket.socket | None = None
        self._port: serial.SerialBase | None = None
        self._conn: socket.socket | None = None
        self._lock = threading.Lock()

    # --- frames ---------------------------------------------------------------------
    def frame(self) -> bytes:
        """The frame the scale would send now, fault included."""
        stable = not self.moving
        fault = self.fault if self.fault in ("overload", "underload") else None
        shown = self.weight_g - self.tare_g
        if self.protocol == "mt-sics":
            body = encode_mt_sics(shown, stable=stable, fault=fault)
        elif self.protocol == "toledo-8217":
            body = encode_8217(shown, stable=stable, net=self.net, fault=fault)
        elif self.protocol == "toledo-continuous":
            body = encode_continuous(shown, stable=stable, net=self.net, tare_g=self.tare_g,
                                     fault=fault, checksum=self.checksum)
        elif self.protocol == "cas":
            body = encode_cas(shown, stable=stable, net=self.net, fault=fault)
        else:
            body = encode_regex(shown, stable=stable, fault=fault)
        if self.fault == "garbage":
            return bytes(random.randrange(0x80, 0x100) for _ in range(5)) + b"#~" + body
        if self.fault == "partial":
            return body[: len(body) // 2] + body
        if self.fault == "wrong-line":
            return bytes(b | 0x80 for b in body)
        return body

    def _answer(self, command: bytes) -> bytes | None:
        self.requests.append(command)
        cmd = command.strip()
        if self.protocol == "mt-sics":
            if cmd in (b"S", b"SI"):
                if cmd == b"S" and self.moving:
                    return b"S I\r\n"
                return self.frame()
            if cmd == b"T":
                self.tare_g = self.weight_g
                self.net = True
                return f"T S {self.tare_g:>10} g\r\n".encode()
            if cmd == b"Z":
                self.weight_g = Decimal(0)
                return b"Z A\r\n"
            return b"ES\r\n"
        if self.protocol == "toledo-8217":
            if cmd == b"W":
                return self.frame()
            if cmd == b"T":
                self.tare_g, self.net = self.weight_g, True
            elif cmd == b"Z":
                self.weight_g = Decimal(0)
            elif cmd == b"C":
                self.tare_g, self.net = Decimal(0), False
            return None
        if self.protocol == "regex" and command == REGEX_REQUEST:
            return self.frame()
        return None

    # --- transports -----------------------------------------------------------------
    def serve_pty(self, directory: Path | None = None) -> str:
        """Start a socat pty pair; return the device path the application opens."""
        if directory is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="cpdesk-sim-")
            directory = Path(self._tmp.name)
        self._pty = PtyPair(directory, self.protocol)
        self._plug()
        self._start()
        return str(self._pty.b)

    def serve_tcp(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on TCP; return the `socket://` URL the application opens."""
        self._server = socket.create_server((host, port))
        self._server.settimeout(0.05)
        self._start()
        return f"socket://{host}:{self._server.getsockname()[1]}"

    def unplug(self) -> None:
        assert self._pty is not None, "unplug needs serve_pty()"
        with self._lock:
            if self._port is not None:
                self._port.close()
                self._port = None
            self._pty.stop()

    def replug(self) -> None:
        self._plug()

    def _plug(self) -> None:
        assert self._pty is not None
        with self._lock:
            self._pty.start()
            self._port = serial.Serial(str(self._pty.a), timeout=0)

    def _start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="simulated scale", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=3)
        if self._pty is not None:
            self.unplug()
        if self._conn is not None:
            self._conn.close()
        if self._server is not None:
            self._server.close()
        if self._tmp is not None:
            self._tmp.cleanup()

    def _read(self) -> bytes:
        with self._lock:
            if self._port is not None:
                try:
                    return bytes(self._port.read(256))
                except (serial.SerialException, OSError):
                    return b""
        if self._server is not None:
            if self._conn is None:
                try:
                    self._conn, _ = self._server.accept()
                    self._conn.settimeout(0)
                except (TimeoutError, OSError):
                    return b""
            try:
                data = self._conn.recv(256)
            except (BlockingIOError, TimeoutError):
                return b""
            except OSError:
                data = b""
            if not data:
                self._conn.close()
                self._conn = None
            return data
        return b""

    def _write(self, data: bytes) -> None:
        try:
            with self._lock:
                if self._port is not None:
                    self._port.write(data)
                    return
            if self._conn is not None:
                self._conn.sendall(data)
        except (OSError, serial.SerialException):
            pass

    def _run(self) -> None:
        pending = b""
        while not self._stop.is_set():
            pending += self._read()
            for command in self._split(pending):
                pending = pending[len(command):]
                answer = self._answer(command)
                if answer and self.fault != "silent":
                    self._write(answer)
            if self.protocol in STREAMING and self.fault != "silent":
                self._write(self.frame())
            self._stop.wait(self.stream_interval_s)

    def _split(self, pending: bytes) -> list[bytes]:
        """Commands found in `pending`: lines for MT-SICS/regex, single letters for 8217."""
        if self.protocol == "toledo-8217":
            return [bytes([b]) for b in pending]
        out = []
        while b"\n" in pending:
            line, _, pending = pending.partition(b"\n")
            out.append(line + b"\n")
        return out
