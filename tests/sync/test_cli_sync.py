"""The command line: `cpdesk sync` on a demo folder; `central add-depot` + `setup` + first
sync against PostgreSQL, with the secret kept out of the store."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text, update
from sqlalchemy.orm import Session

from cpdesk.cli import main
from cpdesk.demo.network import init_demo
from cpdesk.store.db import transaction
from cpdesk.store.models import Order

from .conftest import PgCentre, depot_copy
from .helpers import open_order


def test_sync_once_json_on_a_demo_folder(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    init_demo(tmp_path, orders=20, today=dt.date(2026, 11, 26))
    assert main(["sync", "--data-dir", str(tmp_path), "--depot", "HES", "--once", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["online"] is True and (out["pushed"], out["pulled"], out["waiting"]) == (0, 0, 0)


def test_sync_once_reports_offline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    init_demo(tmp_path, orders=20, today=dt.date(2026, 11, 26))
    db = sqlite3.connect(tmp_path / "depot-HES.sqlite")
    db.execute("UPDATE meta SET value = 'postgresql+psycopg://nobody@127.0.0.1:1/x' "
               "WHERE key = 'central_url'")
    db.commit()
    assert main(["sync", "--data-dir", str(tmp_path), "--depot", "HES", "--once", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["online"] is False and out["waiting"] == 0 and out["error"]


@pytest.mark.postgres
def test_add_depot_setup_and_first_sync(pg: PgCentre, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["central", "init", "--db", pg.url]) == 0  # idempotent on a migrated centre
    capsys.readouterr()
    assert main(["central", "add-depot", "TDH", "--db", pg.url, "--sslmode", "disable",
                 "--json"]) == 0
    creds = json.loads(capsys.readouterr().out)
    pg.logins["TDH"] = creds["url"]  # the old password no longer works (later tests too)
    assert set(creds) == {"depot", "user", "password", "url", "pin_pepper"}
    assert creds["depot"] == "TDH"
    assert main(["setup", "--data-dir", str(tmp_path), "--depot", "TDH",
                 "--central", creds["url"]]) == 0
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("depot-TDH.sqlite*"))
    assert creds["password"].encode() not in raw  # the secret is not in the store
    secret = tmp_path / "secrets" / "central-TDH.secret"  # no keyring on this machine
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    capsys.readouterr()
    assert main(["sync", "--data-dir", str(tmp_path), "--once", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["pulled"] > 1000 and out["waiting"] == 0


@pytest.mark.postgres
def test_sync_says_what_the_centre_holds_back_and_for_how_long(
        pg: PgCentre, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    eng = depot_copy(pg, tmp_path, "CAR")
    eng.sync_once()
    with Session(eng.store) as s:
        order, _, _, _ = open_order(s, "CAR")
    eng.central.close()
    eng.store.dispose()
    holder = pg.admin.connect()  # a transaction open in the centre's own database
    try:
        holder.execute(text("SELECT pg_current_xact_id()"))
        with transaction(pg.admin) as s:
            s.execute(update(Order).where(Order.id == order.id).values(notes="held"))
        capsys.readouterr()
        args = ["sync", "--data-dir", str(tmp_path), "--depot", "CAR", "--once"]
        assert main([*args, "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["held_back"] >= 1 and out["held_for_s"] >= 0
        assert main(args) == 0
        assert "held back at the centre: " in capsys.readouterr().out
    finally:
        holder.rollback()
        holder.close()
    assert main([*args, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["held_back"] == 0 and out["held_for_s"] is None and out["pulled"] >= 1
