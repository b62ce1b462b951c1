"""The scale reader against the simulated scale over real pseudo-terminals and TCP."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from decimal import Decimal

import pytest

from cpdesk.hardware.scale_service import ScaleReader, ScaleReadError, StabilityFilter, read_once
from cpdesk.hardware.scales import PROTOCOLS, Reading, get_protocol
from cpdesk.hardware.simulator import REGEX_PATTERN, REGEX_REQUEST

ALL = ["mt-sics", "toledo-8217", "toledo-continuous", "cas", "regex"]


def spec_for(name: str):
    if name == "regex":
        return get_protocol("regex", request=REGEX_REQUEST.decode(), pattern=REGEX_PATTERN)
    return PROTOCOLS[name]


def wait_for(predicate: Callable[[], bool], timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


class Recorder:
    def __init__(self) -> None:
        self.readings: list[Reading] = []
        self.statuses: list[str] = []
        self.lock = threading.Lock()

    def reading(self, r: Reading) -> None:
        with self.lock:
            self.readings.append(r)

    def status(self, s: str) -> None:
        with self.lock:
            self.statuses.append(s)


def start_reader(url: str, name: str, rec: Recorder, **kw) -> ScaleReader:
    reader = ScaleReader(url=url, protocol=spec_for(name), on_reading=rec.reading,
                         on_status=rec.status, poll_interval_s=0.05, timeout_s=0.5, **kw)
    reader.start()
    return reader


@pytest.mark.serial
@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("transport", ["pty", "tcp"])
def test_stable_weight_arrives_over_each_transport(sim_factory, name, transport) -> None:
    sim = sim_factory(name, weight_g=Decimal("1250"))
    url = sim.serve_pty() if transport == "pty" else sim.serve_tcp()
    rec = Recorder()
    reader = start_reader(url, name, rec, legal_for_trade=True)
    try:
        r = reader.capture(timeout_s=3)
        assert r is not None and r.stable and r.weight_g == Decimal(1250)
        assert all(x.stable for x in rec.readings)  # legal mode: only stable readings delivered
    finally:
        reader.stop()


@pytest.mark.serial
@pytest.mark.parametrize("name", ALL)
def test_a_moving_weight_is_never_reported_stable(sim_factory, name) -> None:
    sim = sim_factory(name, weight_g=Decimal("700"))
    sim.moving = True
    url = sim.serve_pty()
    rec = Recorder()
    reader = start_reader(url, name, rec)
    try:
        wait_for(lambda: len(rec.readings) >= 3 or (
            name == "toledo-8217" and reader.latest is not None))
        assert not any(r.stable for r in rec.readings)
        assert reader.latest is not None and not reader.latest.stable
        # legal-for-trade: nothing to book while it moves
        reader.legal_for_trade = True
        assert reader.capture(timeout_s=0.4) is None
        sim.moving = False
        r = reader.capture(timeout_s=3)
        assert r is not None and r.stable and r.weight_g == Decimal(700)
    finally:
        reader.stop()


def test_stability_filter_needs_consecutive_equal_stable_readings() -> None:
    f = StabilityFilter(settle_count=2)
    r = Reading(Decimal(100), "g", stable=True)
    assert not f.apply(r).stable
    assert f.apply(r).stable
    assert not f.apply(Reading(Decimal(101), "g", stable=True)).stable
    assert not f.apply(Reading(Decimal(101), "g", stable=False)).stable
    assert not f.apply(Reading(Decimal(101), "g", stable=True)).stable


@pytest.mark.serial
@pytest.mark.parametrize("name", ["mt-sics", "toledo-continuous", "cas", "toledo-8217"])
def test_garbage_and_partial_frames_are_counted_and_reading_goes_on(sim_factory, name) -> None:
    sim = sim_factory(name, weight_g=Decimal("300"))
    sim.fault = "garbage"
    url = sim.serve_pty()
    rec = Recorder()
    reader = start_reader(url, name, rec)
    try:
        wait_for(lambda: reader.errors >= 2 and len(rec.readings) >= 2)
        sim.fault = "partial"
        n = len(rec.readings)
        wait_for(lambda: len(rec.readings) >= n + 2)
        assert all(r.weight_g == Decimal(300) for r in rec.readings)
    finally:
        reader.stop()


@pytest.mark.serial
def test_silence_is_reported_as_no_answer(sim_factory) -> None:
    sim = sim_factory("mt-sics", weight_g=Decimal(5))
    sim.fault = "silent"
    rec = Recorder()
    reader = start_reader(sim.serve_pty(), "mt-sics", rec)
    try:
        wait_for(lambda: reader.status == "no answer from the scale")
        sim.fault = None
        wait_for(lambda: reader.status == "connected" and reader.latest is not None)
    finally:
        reader.stop()


@pytest.mark.serial
def test_wrong_line_settings_are_named(sim_factory) -> None:
    sim = sim_factory("cas", weight_g=Decimal(5))
    sim.fault = "wrong-line"
    rec = Recorder()
    reader = start_reader(sim.serve_pty(), "cas", rec)
    try:
        wait_for(lambda: reader.status.startswith("unreadable bytes"))
        assert "9600 8N1" in reader.status and rec.readings == []
    finally:
        reader.stop()


@pytest.mark.serial
def test_overload_and_underload_become_the_status(sim_factory) -> None:
    sim = sim_factory("toledo-continuous", weight_g=Decimal(5))
    sim.fault = "overload"
    rec = Recorder()
    reader = start_reader(sim.serve_pty(), "toledo-continuous", rec)
    try:
        wait_for(lambda: reader.status == "overload")
        sim.fault = "underload"
        wait_for(lambda: reader.status == "underload")
        sim.fault = None
        wait_for(lambda: reader.status == "connected")
    finally:
        reader.stop()


@pytest.mark.serial
@pytest.mark.parametrize("name", ["mt-sics", "toledo-continuous"])
def test_unplug_reports_disconnected_and_replug_resumes(sim_factory, name) -> None:
    sim = sim_factory(name, weight_g=Decimal(900))
    rec = Recorder()
    reader = start_reader(sim.serve_pty(), name, rec)
    try:
        wait_for(lambda: reader.latest is not None)
        sim.unplug()
        wait_for(lambda: reader.status.startswith("disconnected"))
        sim.weight_g = Decimal(950)
        sim.replug()
        wait_for(lambda: reader.latest is not None and reader.latest.weight_g == Decimal(950))
        assert reader.status == "connected" and reader.reconnects >= 1
    finally:
        reader.stop()


@pytest.mark.serial
def test_tcp_scale_that_goes_away_and_comes_back(sim_factory) -> None:
    from cpdesk.hardware.simulator import SimulatedScale

    sim = sim_factory("cas", weight_g=Decimal(10))
    url = sim.serve_tcp()
    port = int(url.rsplit(":", 1)[1])
    rec = Recorder()
    reader = start_reader(url, "cas", rec)
    try:
        wait_for(lambda: reader.latest is not None)
        sim.stop()
        wait_for(lambda: reader.status.startswith("disconnected"))
        again = SimulatedScale("cas", weight_g=Decimal(20))
        again.serve_tcp(port=port)
        try:
            wait_for(lambda: reader.latest is not None and reader.latest.weight_g == Decimal(20))
        finally:
            again.stop()
    finally:
        reader.stop()


@pytest.mark.serial
@pytest.mark.parametrize("name", ["mt-sics", "toledo-8217"])
def test_tare_and_zero_commands_reach_the_scale(sim_factory, name) -> None:
    sim = sim_factory(name, weight_g=Decimal(400))
    rec = Recorder()
    reader = start_reader(sim.serve_pty(), name, rec)
    try:
        wait_for(lambda: reader.latest is not None)
        reader.tare()
        wait_for(lambda: reader.latest is not None and reader.latest.weight_g == 0)
        assert sim.tare_g == Decimal(400)
        reader.zero()
        wait_for(lambda: sim.weight_g == 0)
    finally:
        reader.stop()


def test_streaming_protocol_has_no_tare_command() -> None:
    reader = ScaleReader(url="loop://", protocol=PROTOCOLS["cas"])
    with pytest.raises(ValueError, match="no tare"):
        reader.tare()


@pytest.mark.serial
def test_read_once_reasons(sim_factory, tmp_path) -> None:
    sim = sim_factory("mt-sics", weight_g=Decimal(12))
    url = sim.serve_pty()
    assert read_once(url, PROTOCOLS["mt-sics"], timeout_s=2).weight_g == Decimal(12)
    sim.fault = "silent"
    with pytest.raises(ScaleReadError, match="no answer"):
        read_once(url, PROTOCOLS["mt-sics"], timeout_s=0.3)
    sim.fault = "wrong-line"
    with pytest.raises(ScaleReadError, match="unparseable frame.*9600 8N1"):
        read_once(url, PROTOCOLS["mt-sics"], timeout_s=0.5)
    sim.fault = "overload"
    with pytest.raises(ScaleReadError, match="overload"):
        read_once(url, PROTOCOLS["mt-sics"], timeout_s=1)
    with pytest.raises(ScaleReadError, match="disconnected"):
        read_once(str(tmp_path / "nothing"), PROTOCOLS["mt-sics"], timeout_s=0.3)
