"""`cpdesk scale read|watch` against the simulated scale on a pty."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cpdesk.cli import main
from cpdesk.hardware.simulator import REGEX_PATTERN


@pytest.mark.serial
@pytest.mark.parametrize("name", ["mt-sics", "toledo-8217", "toledo-continuous", "cas"])
def test_scale_read_json(sim_factory, capsys, name) -> None:
    sim = sim_factory(name, weight_g=Decimal(1500))
    url = sim.serve_pty()
    assert main(["scale", "read", "--port", url, "--protocol", name, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["weight_g"] == 1500 and out["stable"] is True
    assert set(out) == {"weight_g", "unit", "stable", "net", "overload", "underload", "raw"}


@pytest.mark.serial
def test_scale_read_moving_says_not_stable(sim_factory, capsys) -> None:
    sim = sim_factory("cas", weight_g=Decimal(321))
    sim.moving = True
    assert main(["scale", "read", "--port", sim.serve_pty(), "--protocol", "cas", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["stable"] is False


@pytest.mark.serial
def test_scale_read_regex_over_tcp(sim_factory, capsys) -> None:
    sim = sim_factory("regex", weight_g=Decimal(75))
    url = sim.serve_tcp()
    argv = ["scale", "read", "--port", url, "--protocol", "regex", "--request", "P\\r\\n",
            "--pattern", REGEX_PATTERN, "--json"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["weight_g"] == 75


@pytest.mark.serial
@pytest.mark.parametrize(
    ("fault", "message"),
    [("silent", "no answer"), ("overload", "overload"), ("wrong-line", "unparseable frame")],
)
def test_scale_read_fails_with_one_line_reason(sim_factory, capsys, fault, message) -> None:
    sim = sim_factory("mt-sics", weight_g=Decimal(1))
    sim.fault = fault
    argv = ["scale", "read", "--port", sim.serve_pty(), "--protocol", "mt-sics",
            "--timeout", "0.5", "--baud", "9600", "--parity", "N"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("cpdesk: ") and message in err and err.count("\n") == 1


def test_scale_read_disconnected_and_unknown_protocol(tmp_path, capsys) -> None:
    assert main(["scale", "read", "--port", str(tmp_path / "gone"), "--protocol", "cas"]) == 1
    assert "disconnected" in capsys.readouterr().err
    assert main(["scale", "read", "--port", "loop://", "--protocol", "dibal"]) == 1
    assert "unknown scale protocol" in capsys.readouterr().err


@pytest.mark.serial
def test_scale_watch_streams_readings_with_raw_bytes(sim_factory, capsys) -> None:
    sim = sim_factory("toledo-continuous", weight_g=Decimal(42))
    argv = ["scale", "watch", "--port", sim.serve_pty(), "--protocol", "toledo-continuous",
            "--count", "3"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.count("reading 42") >= 3 and "bytes b'\\x02" in out
