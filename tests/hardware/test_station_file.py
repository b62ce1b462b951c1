"""The station file: read, changed key by key, written back; bad values said in words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpdesk import station
from cpdesk.cli import main
from cpdesk.errors import CpdeskError


def test_no_file_is_a_station_without_devices(tmp_path: Path) -> None:
    config = station.load(tmp_path / "none.toml")
    assert config.scale is None and config.scanners == [] and config.label_printer is None
    assert config.describe() == ["no devices configured"]
    assert not config.legal_for_trade


def test_a_full_file_is_read_with_every_section(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_text('''
[scale]
port = "/dev/ttyUSB0"
protocol = "toledo-8217"
baudrate = 4800
legal_for_trade = true

[[scanners]]
kind = "wedge"
layout = "us-on-azerty"

[[scanners]]
port = "/dev/ttyACM0"

[receipt_printer]
url = "tcp://10.0.0.5:9100"
width = 58
cash_drawer = true

[label_printer]
url = "tcp://10.0.0.6:9100"
dpi = 300
size = "100x150"

[a4_printer]
cups_queue = "office"
''')
    config = station.load(path)
    assert config.scale is not None and config.legal_for_trade
    spec, line = config.scale.protocol_and_line()
    assert spec.name == "toledo-8217" and str(line) == "4800 7E1"  # the protocol's 7E1 kept
    assert [s.kind for s in config.scanners] == ["wedge", "serial"]
    assert config.receipt_printer is not None and config.receipt_printer.width == 58
    assert config.a4_printer is not None and config.a4_printer.url == "cups://office"
    # written back and read again: the same station
    station.save(config, tmp_path / "again.toml")
    again = station.load(tmp_path / "again.toml")
    assert again.to_dict() == config.to_dict()


@pytest.mark.parametrize(("text", "words"), [
    ("[scale]\nprotocol = 'dialog06'\n", "scale.protocol must be one of"),
    ("[scale]\nbaudrate = 'fast'\n", "scale.baudrate must be a whole number"),
    ("[receipt_printer]\nwidth = 72\n", "58 or 80"),
    ("[printer]\nurl = 'x'\n", "unknown section [printer]"),
    ("[scale]\nport = \n", "not valid TOML"),
    ("[a4_printer]\ncups_queue = 'a'\nfolder = '/tmp'\n", "not both"),
    ("[receipt_printer]\nurl = 'lpt://1'\n", "receipt_printer.url: a receipt printer (ESC/POS) "
     "is reached at tcp://, usb://, serial://, cups://, file://, not 'lpt://1'"),
])
def test_a_bad_file_is_refused_with_the_setting_named(tmp_path: Path, text: str,
                                                     words: str) -> None:
    path = tmp_path / "station.toml"
    path.write_text(text)
    with pytest.raises(CpdeskError, match="station file") as info:
        station.load(path)
    assert words in str(info.value)


def test_station_set_and_show_from_the_command_line(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "conf" / "station.toml"
    for key, value in (("scale.port", "/dev/ttyUSB0"), ("scale.legal_for_trade", "false"),
                       ("scanners.0.port", "/dev/ttyACM0"), ("scanners.1.layout", "native"),
                       ("label_printer.url", "tcp://127.0.0.1:9100")):
        assert main(["station", "set", key, value, "--station", str(path)]) == 0
    capsys.readouterr()
    assert main(["station", "show", "--station", str(path), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["scale"]["port"] == "/dev/ttyUSB0" and shown["scale"]["legal_for_trade"] is False
    assert [s["kind"] for s in shown["scanners"]] == ["serial", "wedge"]
    assert main(["station", "set", "scale", "none", "--station", str(path)]) == 0
    assert station.load(path).scale is None
    assert main(["station", "set", "scanners.5.port", "x", "--station", str(path)]) == 1
    assert "scanners.2" in capsys.readouterr().err


def test_station_test_says_what_each_device_answers(tmp_path: Path, fake_printer,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "station.toml"
    main(["station", "set", "scale.port", str(tmp_path / "no-such-tty"), "--station", str(path)])
    main(["station", "set", "label_printer.url", fake_printer.url, "--station", str(path)])
    capsys.readouterr()
    assert main(["station", "test", "--station", str(path), "--json", "--timeout", "1"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["scale"]["ok"] is False and "no-such-tty" in report["scale"]["error"]
    assert report["label printer"]["ok"] is True and report["label printer"]["paper"] == "ok"
    fake_printer.mode = "out"
    assert main(["station", "test", "--station", str(path), "--json", "--timeout", "1"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["label printer"]["ok"] is False and report["label printer"]["error"]
