"""Logs a support person can ask for: the rotating log (with passwords redacted) and the
support bundle (logs, station file, versions, counts, integrity check; no secrets)."""

from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path

import pytest

from cpdesk import logs
from cpdesk.cli import main
from cpdesk.sync.config import setup_depot


def test_passwords_are_redacted_from_log_lines() -> None:
    line = logs.redact("connect postgresql+psycopg://cpd_hes:s3cr3t-PW@db:5432/c password=abc")
    assert "s3cr3t-PW" not in line and "abc" not in line and "cpd_hes" in line


def test_support_bundle_holds_logs_station_and_counts_but_no_secret(
        tmp_path: Path, demo_dir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    log_dir = tmp_path / "logs"
    monkeypatch.setenv("CPDESK_LOG_DIR", str(log_dir))
    path = logs.setup_logging()
    try:
        logging.getLogger("cpdesk.test").warning(
            "device scale: disconnected; url postgresql://u:hunter22@x/db")
    finally:
        logs.stop_logging()
    assert "hunter22" not in path.read_text() and "device scale" in path.read_text()
    # a depot set up with a password: the secret stays out of the bundle
    data = tmp_path / "depot"
    setup_depot(data, "CAR", "postgresql+psycopg://cpd_car:TopSecret123@127.0.0.1:1/db")
    for p in demo_dir.glob("depot-HES.sqlite"):
        (data / p.name).write_bytes(p.read_bytes())
    station = tmp_path / "station.toml"
    assert main(["station", "set", "scale.port", "/dev/ttyUSB0", "--station", str(station)]) == 0
    out = tmp_path / "bundle.zip"
    assert main(["support-bundle", "--out", str(out), "--data-dir", str(data),
                 "--station", str(station)]) == 0
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        blob = b"".join(zf.read(n) for n in names)
        summary = json.loads(zf.read("summary.json"))
    assert {"summary.json", "station.toml", "logs/cpdesk.log"} <= set(names)
    assert not any(n.endswith(".sqlite") or "secret" in n for n in names)
    assert b"TopSecret123" not in blob and b"hunter22" not in blob
    stores = {s["file"]: s for s in summary["stores"]}
    assert stores["depot-HES.sqlite"]["integrity_check"] == "ok"
    assert stores["depot-HES.sqlite"]["outbox_waiting"] >= 0
    assert "print_jobs" in stores["depot-HES.sqlite"]
    assert summary["versions"]["cpdesk"] and summary["station"] == [
        "scale: mt-sics on /dev/ttyUSB0 (legal for trade)"]
