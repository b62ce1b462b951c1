"""The command line contract, run as a real subprocess (exit codes, stderr, JSON)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import DEMO_TODAY


def cpdesk(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cpdesk", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def test_init_demo_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "net"
    first = cpdesk("init-demo", "--data-dir", str(target), "--orders", "30", "--seed", "2",
                   "--json")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["counts"]["order"] == 30 and data["depots"] == ["HES", "CAR", "TDH"]
    again = cpdesk("init-demo", "--data-dir", str(target))
    assert again.returncode == 1
    assert again.stderr.strip().startswith("cpdesk: a network already exists")
    assert "Traceback" not in again.stderr
    forced = cpdesk("init-demo", "--data-dir", str(target), "--orders", "12", "--force", "--json")
    assert forced.returncode == 0 and json.loads(forced.stdout)["counts"]["order"] == 12


def test_orders_and_order_as_json(demo_dir):
    out = cpdesk("orders", "--data-dir", str(demo_dir), "--date", DEMO_TODAY.isoformat(),
                 "--depot", "HES", "--json")
    assert out.returncode == 0, out.stderr
    listing = json.loads(out.stdout)
    assert listing["depot"] == "HES" and listing["orders"]
    states = {o["pack_state"] for o in listing["orders"]}
    assert "packed" in states and "to_pack" in states
    number = listing["orders"][0]["number"]
    detail = cpdesk("order", number, "--data-dir", str(demo_dir), "--json")
    assert detail.returncode == 0, detail.stderr
    order = json.loads(detail.stdout)
    assert order["number"] == number
    assert order["round"]["code"] and order["stop"] >= 1
    assert order["customer"]["commune"] and order["lines"]
    assert all("state" in ln and "packing_depot" in ln for ln in order["lines"])


def test_order_json_shows_what_to_scan_for_each_line(demo_dir):
    listing = json.loads(cpdesk("orders", "--data-dir", str(demo_dir), "--date",
                                DEMO_TODAY.isoformat(), "--json").stdout)
    lines = [ln for o in listing["orders"][:8]
             for ln in json.loads(cpdesk("order", o["number"], "--data-dir", str(demo_dir),
                                         "--json").stdout)["lines"]]
    with_codes = [ln for ln in lines if ln["barcodes"]]
    assert with_codes and all(set(b) == {"code", "kind"} for ln in lines for b in ln["barcodes"])
    ean = next(ln for ln in with_codes if ln["barcodes"][0]["kind"] == "ean13")
    looked_up = cpdesk("barcode", ean["barcodes"][0]["code"], "--data-dir", str(demo_dir), "--json")
    assert looked_up.returncode == 0, looked_up.stderr
    assert json.loads(looked_up.stdout)["sku"] == ean["sku"]


def test_default_data_dir_comes_from_the_environment(demo_dir):
    out = cpdesk("orders", "--date", DEMO_TODAY.isoformat(), "--json",
                 env={"CPDESK_DATA_DIR": str(demo_dir)})
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("args,message", [
    (["order", "CP-000000-9999"], "no order"),
    (["orders", "--depot", "XYZ"], "no depot XYZ"),
])
def test_errors_are_one_clear_line(demo_dir, args, message):
    out = cpdesk(*args, "--data-dir", str(demo_dir))
    assert out.returncode == 1
    assert message in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_missing_data_dir_is_explained(tmp_path: Path):
    out = cpdesk("orders", "--data-dir", str(tmp_path / "empty"))
    assert out.returncode == 1 and "init-demo" in out.stderr and "Traceback" not in out.stderr


def test_demo_screenshot_renders_the_window(demo_dir, tmp_path):
    shot = tmp_path / "board.png"
    out = cpdesk("demo", "--data-dir", str(demo_dir), "--depot", "HES", "--screenshot", str(shot),
                 env={"QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_run_screenshot_opens_the_board_of_a_prepared_store(demo_dir, tmp_path):
    shot = tmp_path / "board.png"
    out = cpdesk("run", "--data-dir", str(demo_dir), "--depot", "HES", "--station",
                 str(tmp_path / "no-station.toml"), "--screenshot", str(shot),
                 env={"QT_QPA_PLATFORM": "offscreen", "CPDESK_LOG_DIR": str(tmp_path / "log")})
    assert out.returncode == 0, out.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    log = (tmp_path / "log" / "cpdesk.log").read_text()
    assert "starting (run)" in log and "no devices configured" in log


def test_run_without_a_store_opens_the_first_start_assistant(tmp_path):
    shot = tmp_path / "assistant.png"
    out = cpdesk("run", "--data-dir", str(tmp_path / "empty"), "--station",
                 str(tmp_path / "no-station.toml"), "--screenshot", str(shot),
                 env={"QT_QPA_PLATFORM": "offscreen", "CPDESK_LOG_DIR": str(tmp_path / "log")})
    assert out.returncode == 0, out.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "first-start assistant" in (tmp_path / "log" / "cpdesk.log").read_text()


@pytest.mark.parametrize("words", [
    ["demo", "--data-dir", "d", "--depot", "hes", "--screenshot", "s.png"],
    ["--debug", "run", "--data-dir", "d", "--station", "st.toml"],
    ["run"],
])
def test_the_desk_commands_parse_alike_on_the_desks_own_parser(words):
    """`cpdesk demo`/`run` build only the desk's parsers (cli/__init__.py): the same arguments
    as with the whole command tree."""
    from cpdesk.cli import DESK_COMMANDS, build_parser

    whole = build_parser()
    desk = build_parser(desk_only=True)
    assert vars(desk.parse_args(words)) == vars(whole.parse_args(words))
    commands = whole._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(desk._subparsers._group_actions[0].choices) == set(DESK_COMMANDS)  # type: ignore[union-attr]
    assert {"init-demo", "orders", "demo", "run"} <= set(commands)


def test_help_lists_every_command():
    out = cpdesk("--help")
    assert out.returncode == 0
    assert all(name in out.stdout for name in ("init-demo", "orders", "demo", "run", "sync"))
