"""A damaged, empty or garbage depot store: every command says so in one line, exits 3 and
changes nothing; `cpdesk setup` restores the store from the centre, the damaged file kept."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from cpdesk.cli import main
from cpdesk.errors import StoreProblem
from cpdesk.store.db import open_store
from cpdesk.store.health import is_damaged

from ..conftest import DEMO_TODAY
from .test_cli import cpdesk

DAYS = [DEMO_TODAY.replace(day=d).isoformat() for d in (24, 25, 26, 27)]


def damage_an_index(store: Path) -> None:
    """Overwrite the cells of one index page: the store still opens and reads, but
    `PRAGMA quick_check` reports the page."""
    with sqlite3.connect(store) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = "
                            "'ix_customer_name'").fetchone()[0]
    conn.close()
    with store.open("r+b") as f:
        f.seek(root * page_size - 300)
        f.write(b"\xff" * 200)
    with sqlite3.connect(store) as conn:  # still readable: the damage is silent without a check
        assert conn.execute("SELECT count(*) FROM meta").fetchone()[0] > 0
    conn.close()


def garbage(store: Path) -> None:
    store.write_bytes(os.urandom(3 * 4096))


def empty(store: Path) -> None:
    store.write_bytes(b"")


DAMAGES = {"garbage": (garbage, "is not a cpdesk database"),
           "empty": (empty, "is empty (0 bytes)"),
           "quick_check": (damage_an_index, "is damaged (integrity check: On tree page")}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_store_is_named_with_what_to_do(demo_dir: Path, damage: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    store = demo_dir / "depot-HES.sqlite"
    make, words = DAMAGES[damage]
    make(store)
    before = store.read_bytes()
    for command in (["orders", "--date", DAYS[2]], ["order", "CP-000000-0000"],
                    ["sync", "--once"], ["barcode", "5400000000005"]):
        code, out, err = run(capsys, *command, "--data-dir", str(demo_dir), "--depot", "HES")
        assert code == 3, (command, err)
        assert out == "" and len(err.strip().splitlines()) == 1, err
        assert err.startswith(f"cpdesk: the store {store} {words}"), err
        assert "cpdesk setup --depot HES --central URL" in err
        assert store.read_bytes() == before  # an empty file is not turned into a blank store
    process = cpdesk("orders", "--data-dir", str(demo_dir), "--depot", "HES")  # the real thing
    assert process.returncode == 3 and "Traceback" not in process.stderr
    assert len(process.stderr.strip().splitlines()) == 1


def test_open_store_refuses_what_it_would_have_created(tmp_path: Path) -> None:
    store = tmp_path / "depot-HES.sqlite"
    store.write_bytes(b"")
    with pytest.raises(StoreProblem) as err:
        open_store(store, create=True)
    assert err.value.kind == "empty" and store.stat().st_size == 0
    with pytest.raises(StoreProblem, match="not a cpdesk database"):
        store.write_bytes(b"PK\x03\x04 a zip file, not a store")
        open_store(store)


@pytest.mark.parametrize("make,code,words", [
    ("PRAGMA user_version = 1", 3, "is empty (a SQLite file without any table)"),
    ("CREATE TABLE photos (id INTEGER)", 3, "is not a cpdesk database (damaged or overwritten) "
                                            "(a SQLite file, but not a cpdesk store)"),
])
def test_a_sqlite_file_that_is_no_store_is_refused(demo_dir: Path, make: str, code: int,
                                                   words: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    store = demo_dir / "depot-HES.sqlite"
    store.unlink()
    with sqlite3.connect(store) as conn:
        conn.execute(make)
    conn.close()
    before = store.read_bytes()
    got, _, err = run(capsys, "orders", "--data-dir", str(demo_dir), "--depot", "HES")
    assert got == code and err.startswith(f"cpdesk: the store {store} {words}"), err
    assert store.read_bytes() == before  # not turned into a blank store


def test_a_store_from_a_newer_cpdesk_is_refused(demo_dir: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    store = demo_dir / "depot-HES.sqlite"
    with sqlite3.connect(store) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999_future'")
    conn.close()
    code, _, err = run(capsys, "orders", "--data-dir", str(demo_dir), "--depot", "HES")
    assert code == 1 and err == (f"cpdesk: the store {store} was written by a newer version of "
                                 "cpdesk (schema 0999_future): run that version or a newer one\n")


def orders_by_day(demo_dir: Path, capsys: pytest.CaptureFixture[str],
                  ) -> dict[str, list[tuple[str, str]]]:
    seen = {}
    for day in DAYS:
        code, out, err = run(capsys, "orders", "--data-dir", str(demo_dir), "--depot", "HES",
                             "--date", day, "--json")
        assert code == 0, err
        seen[day] = sorted((o["number"], o["pack_state"]) for o in json.loads(out)["orders"])
    return seen


@pytest.mark.parametrize("damage", DAMAGES)
def test_setup_restores_a_damaged_store_from_the_centre(demo_dir: Path, damage: str,
                                                        capsys: pytest.CaptureFixture[str],
                                                        ) -> None:
    store = demo_dir / "depot-HES.sqlite"
    code, _, err = run(capsys, "sync", "--once", "--data-dir", str(demo_dir), "--depot", "HES")
    assert code == 0, err  # every fact of the depot is at the centre
    expected = orders_by_day(demo_dir, capsys)
    assert any(expected.values())
    DAMAGES[damage][0](store)
    damaged = store.read_bytes()
    code, out, err = run(capsys, "setup", "--data-dir", str(demo_dir), "--depot", "HES",
                         "--central", "sqlite:///central.sqlite", "--json")
    assert code == 0, err
    kept = Path(json.loads(out)["damaged_store_kept_as"])
    assert kept.parent == demo_dir and kept.name.startswith("depot-HES.sqlite.damaged-")
    assert kept.read_bytes() == damaged  # set aside, never deleted
    assert is_damaged(store) is None
    code, _, err = run(capsys, "sync", "--once", "--data-dir", str(demo_dir), "--depot", "HES")
    assert code == 0, err
    assert orders_by_day(demo_dir, capsys) == expected


def test_setup_keeps_a_sound_store(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "setup", "--data-dir", str(demo_dir), "--depot", "HES",
                         "--central", "sqlite:///central.sqlite", "--json")
    assert code == 0, err
    assert json.loads(out)["damaged_store_kept_as"] is None
    assert not list(demo_dir.glob("*.damaged-*"))


def test_a_store_restored_by_setup_still_signs_staff_in(demo_dir: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """The depot's PIN pepper stays in its secrets: a store made again finds it there."""
    from sqlalchemy.orm import Session

    from cpdesk.store.db import open_store
    from cpdesk.store.queries import staff_with_pin

    (demo_dir / "depot-HES.sqlite").write_bytes(b"")
    code, _, err = run(capsys, "setup", "--data-dir", str(demo_dir), "--depot", "HES",
                       "--central", "sqlite:///central.sqlite")
    assert code == 0, err
    code, _, err = run(capsys, "sync", "--once", "--data-dir", str(demo_dir), "--depot", "HES")
    assert code == 0, err
    engine = open_store(demo_dir / "depot-HES.sqlite")
    with Session(engine) as s:
        assert staff_with_pin(s, "9001") is not None
    engine.dispose()
