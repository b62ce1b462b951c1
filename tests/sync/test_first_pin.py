"""A first PIN chosen at a depot reaches the demo's SQLite centre; the centre keeps the first
one that arrives and hands it back to a depot that raced it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cpdesk.cli import main
from cpdesk.domain.pins import verify_pin
from cpdesk.packing.first_pin import PinRefusal, set_first_pin, staff_without_pin
from cpdesk.packing.service import PackingService
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import make_engine, sqlite_url, transaction

from .conftest import engine_for


def test_a_first_pin_goes_to_the_centre_and_the_first_one_wins(demo: Path) -> None:
    central = make_engine(sqlite_url(paths.central_path(demo)))
    with transaction(central) as s:  # a newly imported person: no PIN anywhere
        staff = s.scalars(select(m.Staff).where(m.Staff.role == "packer")
                          .order_by(m.Staff.name)).first()
        assert staff is not None
        sid = staff.id
        s.execute(update(m.Staff).where(m.Staff.id == sid).values(pin_hash=""))
    hes, car = engine_for(demo, "HES"), engine_for(demo, "CAR")
    for eng in (hes, car):
        eng.sync_once()
        assert sid in [row[0] for row in staff_without_pin(eng.store)]
    assert set_first_pin(hes.store, "HES", sid, "12a4") is PinRefusal.BAD_PIN
    assert set_first_pin(hes.store, "HES", sid, "1001") is PinRefusal.TAKEN  # a demo PIN
    assert set_first_pin(hes.store, "HES", sid, "4821") is None
    assert set_first_pin(hes.store, "HES", sid, "4822") is PinRefusal.HAS_PIN
    assert set_first_pin(car.store, "CAR", sid, "7777") is None  # the same person, racing
    signed = PackingService(hes.store, "HES").sign_in("4821")
    assert signed is not None and signed.id == sid
    hes.sync_once()
    car.sync_once()  # its PIN arrives second: refused at the centre
    car.sync_once()
    with Session(central) as s:
        assert verify_pin("4821", s.get_one(m.Staff, sid).pin_hash)
    # The centre's hash never travels to a depot: CAR keeps the PIN chosen there until the
    # centre publishes every depot's verifiers (`cpdesk central publish-pins`).
    car_svc = PackingService(car.store, "CAR")
    assert car_svc.sign_in("7777") is not None


def test_first_pin_on_the_command_line(demo: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    store = make_engine(sqlite_url(paths.depot_path(demo, "TDH")))
    with transaction(store) as s:
        staff = s.scalars(select(m.Staff).order_by(m.Staff.name)).first()
        assert staff is not None
        staff.pin_hash = ""
        name = staff.name
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("6543\n6543\n"))
    assert main(["first-pin", "--data-dir", str(demo), "--depot", "TDH", "--staff", name,
                 "--pin-stdin"]) == 0
    assert "PIN set" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("6543\n6543\n"))
    assert main(["first-pin", "--data-dir", str(demo), "--depot", "TDH", "--staff", name,
                 "--pin-stdin"]) == 1
    assert "already has a PIN" in capsys.readouterr().err


def test_the_demo_centre_takes_no_first_pin_but_a_depots_own_hash(demo: Path) -> None:
    """The same rule as cp_set_first_pin on PostgreSQL (migration 0014): a crafted hash of a
    cheap scheme is refused and parked, the account keeps no PIN."""
    from cpdesk.store.outbox import record

    central = make_engine(sqlite_url(paths.central_path(demo)))
    with transaction(central) as s:
        sid = s.scalars(select(m.Staff.id).order_by(m.Staff.name)).first()
        s.execute(update(m.Staff).where(m.Staff.id == sid).values(pin_hash=""))
    eng = engine_for(demo, "HES")
    eng.sync_once()
    with transaction(eng.store) as s:
        staff = s.get_one(m.Staff, sid)
        staff.pin_hash = "pbkdf2_sha256$1$00$" + "0" * 64
        record(s, "staff_pin", staff)
    report = eng.sync_once()
    assert [r["topic"] for r in report.rejected] == ["staff_pin"]
    assert "scrypt hash made by cpdesk" in report.rejected[0]["reason"]
    with Session(central) as s:
        assert s.get_one(m.Staff, sid).pin_hash == ""
