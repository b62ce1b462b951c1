"""A serial scanner over a socat pty: lines become scans, unplug and replug."""

from __future__ import annotations

import time

import pytest
import serial

from cpdesk.hardware.barcodes import parse_barcode
from cpdesk.hardware.ptypair import PtyPair
from cpdesk.hardware.serial_scanner import SerialScanner


def wait_for(predicate, timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


@pytest.mark.serial
def test_scans_with_aim_identifiers_and_replug(pty_pair: PtyPair) -> None:
    scans: list[str] = []
    scanner = SerialScanner(url=str(pty_pair.b), on_scan=scans.append)
    scanner.start()
    try:
        wait_for(lambda: scanner.status == "connected")
        with serial.Serial(str(pty_pair.a)) as device:
            device.write(b"]E05400141007121\r\n]C1CP-261128-")
            device.write(b"0042\r")
            wait_for(lambda: len(scans) == 2)
        assert parse_barcode(scans[0]).lookup_code == "5400141007121"
        assert parse_barcode(scans[1]).kind == "order"
        pty_pair.stop()
        wait_for(lambda: scanner.status.startswith("disconnected"))
        pty_pair.start()
        wait_for(lambda: scanner.status == "connected")
        with serial.Serial(str(pty_pair.a)) as device:
            device.write(b"CR0123456789\n")
            wait_for(lambda: len(scans) == 3)
        assert scans[2] == "CR0123456789"
    finally:
        scanner.stop()


@pytest.mark.serial
def test_the_raw_bytes_are_handed_on_as_they_come(pty_pair: PtyPair) -> None:
    """What came off the port, before it is cut into scans (the settings dialog shows it)."""
    scans: list[str] = []
    raw: list[bytes] = []
    scanner = SerialScanner(url=str(pty_pair.b), on_scan=scans.append, on_raw=raw.append)
    scanner.start()
    try:
        wait_for(lambda: scanner.status == "connected")
        with serial.Serial(str(pty_pair.a)) as device:
            device.write(b"]E05400141007121\r\n")
            wait_for(lambda: len(scans) == 1)
            device.write(b"CR01")  # half a scan: bytes, no scan yet
            wait_for(lambda: b"".join(raw).endswith(b"CR01"))
        assert b"".join(raw) == b"]E05400141007121\r\nCR01"
        assert scans == ["]E05400141007121"]
    finally:
        scanner.stop()
