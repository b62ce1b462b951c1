"""Staff PINs at a depot: peppered verifiers only, the pepper outside the store, a lock-out
after wrong PINs, and the centre's hashes of an older store retired."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.domain import pins
from cpdesk.errors import CpdeskError
from cpdesk.store import models as m
from cpdesk.store import pin_guard
from cpdesk.store.db import open_store, transaction
from cpdesk.store.paths import depot_path
from cpdesk.store.queries import pin_locked_until, staff_with_pin


@pytest.fixture
def hes(demo_dir: Path) -> Engine:
    return open_store(depot_path(demo_dir, "HES"))


def sign_in(engine: Engine, pin: str, role: str | None = None) -> str | None:
    with Session(engine) as s:
        staff = staff_with_pin(s, pin, role=role)
        return staff.name if staff is not None else None


def test_a_depot_store_holds_verifiers_only_and_they_work(hes: Engine, demo_dir: Path) -> None:
    with Session(hes) as s:
        assert set(s.scalars(select(m.Staff.pin_hash))) == {""}  # no centre's hash here
        verifiers = s.scalars(select(m.StaffPin.verifier)).all()
    assert verifiers and all(v.startswith("pep1$scrypt$32768$8$1$") for v in verifiers)
    raw = b"".join(p.read_bytes() for p in demo_dir.glob("depot-HES.sqlite*"))
    pepper = (demo_dir / "secrets" / "pin-pepper-HES.secret").read_text()
    assert pepper.encode() not in raw and bytes.fromhex(pepper) not in raw
    assert sign_in(hes, "9001") == "Amélie Dethier"
    assert sign_in(hes, "1001") == "Hugo Lambert"
    assert sign_in(hes, "1001", role="supervisor") is None
    assert sign_in(hes, "9001", role="supervisor") == "Amélie Dethier"


def test_without_its_pepper_a_store_signs_nobody_in(hes: Engine, demo_dir: Path) -> None:
    (demo_dir / "secrets" / "pin-pepper-HES.secret").unlink()
    assert sign_in(hes, "9001") is None


def test_a_verifier_of_another_depot_opens_nothing_here(hes: Engine, demo_dir: Path) -> None:
    """Each depot's verifiers are its own: CAR's, copied here, match no PIN."""
    car = open_store(depot_path(demo_dir, "CAR"))
    with Session(car) as s:
        theirs = {r.staff_id: r.verifier for r in s.scalars(select(m.StaffPin))}
    car.dispose()
    with transaction(hes) as s:
        mine = {r.staff_id: r for r in s.scalars(select(m.StaffPin))}
        assert set(mine) == set(theirs)
        assert all(mine[k].verifier != theirs[k] for k in mine)
        for staff_id, row in mine.items():
            row.verifier = theirs[staff_id]
    assert sign_in(hes, "9001") is None


def test_wrong_pins_lock_sign_in_for_a_while_with_an_audit_entry(hes: Engine) -> None:
    for _ in range(pin_guard.LOCK_AFTER - 1):
        assert sign_in(hes, "0000") is None
    assert sign_in(hes, "9001") == "Amélie Dethier"  # a right PIN resets the count
    for _ in range(pin_guard.LOCK_AFTER - 1):
        assert sign_in(hes, "0000") is None
    with pytest.raises(CpdeskError) as locked:  # the last wrong PIN locks, and says so
        sign_in(hes, "0000")
    with pytest.raises(CpdeskError) as still:  # locked: even the right PIN, said the same way
        sign_in(hes, "9001")
    with Session(hes) as s:
        until = pin_locked_until(s)
        assert until is not None and until > dt.datetime.now(dt.UTC)
    for refusal in (locked.value, still.value):
        assert refusal.code == "pin.locked" and refusal.values == {"until": clock.hm(until)}
        audit = s.scalars(select(m.AuditLog).where(m.AuditLog.action == "pin_locked")).one()
        assert audit.detail["wrong_pins"] == pin_guard.LOCK_AFTER
        sent = s.scalars(select(m.Outbox.payload).where(m.Outbox.topic == "audit_log")).all()
        assert [p for p in sent if p.get("action") == "pin_locked"]
    with transaction(hes) as s:  # the time passes
        past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        s.execute(update(m.Meta).where(m.Meta.key == "pin_locked_until")
                  .values(value=past.isoformat()))
    assert sign_in(hes, "9001") == "Amélie Dethier"


def test_an_older_store_keeps_signing_in_and_its_central_hashes_go(hes: Engine,
                                                                   demo_dir: Path) -> None:
    """A store from before the verifiers: the centre's (PBKDF2) hashes in staff.pin_hash."""
    salt = bytes(16)
    legacy = "pbkdf2_sha256$60000${}${}".format(
        salt.hex(), hashlib.pbkdf2_hmac("sha256", b"9001", salt, 60_000).hex())
    with transaction(hes) as s:
        verifiers = [(r.staff_id, r.depot_id, r.verifier) for r in s.scalars(select(m.StaffPin))]
        s.execute(delete(m.StaffPin))
        s.execute(update(m.Staff).where(m.Staff.name == "Amélie Dethier").values(pin_hash=legacy))
    assert sign_in(hes, "9001") == "Amélie Dethier"  # read while there is no verifier
    with Session(hes) as s:
        assert s.scalar(select(m.Staff.pin_hash).where(m.Staff.name == "Amélie Dethier")) == legacy
    with transaction(hes) as s:  # the next sync brings the verifiers
        s.add_all([m.StaffPin(staff_id=a, depot_id=b, verifier=v) for a, b, v in verifiers])
    assert sign_in(hes, "9001") == "Amélie Dethier"
    with Session(hes) as s:
        assert set(s.scalars(select(m.Staff.pin_hash))) == {""}  # retired


def test_a_store_copied_without_its_secrets_folder_is_useless_for_pins(
        demo_dir: Path, tmp_path: Path) -> None:
    shutil.copy(depot_path(demo_dir, "HES"), tmp_path / "depot-HES.sqlite")
    copy = open_store(tmp_path / "depot-HES.sqlite")
    assert sign_in(copy, "9001") is None
    copy.dispose()


def test_the_centre_hash_is_scrypt_and_the_old_one_still_reads() -> None:
    h = pins.hash_pin("4321", salt=b"s" * 16)
    assert h.startswith("scrypt$32768$8$1$") and pins.verify_pin("4321", h)
    assert not pins.verify_pin("4322", h)
    v = pins.verifier(h, b"p" * 32)
    assert v is not None and not pins.verify_pin("4321", v)  # a verifier is not a hash
    assert pins.match_verifier("4321", [("a", v)], b"p" * 32) == "a"
    assert pins.match_verifier("4321", [("a", v)], b"q" * 32) is None
    bomb = "pep1$scrypt$1099511627776$8$1$00$" + "0" * 64  # a row can't ask for 128 TiB
    assert pins.match_verifier("4321", [("a", bomb)], b"p" * 32) is None
    assert os.environ["PYTHON_KEYRING_BACKEND"].endswith("fail.Keyring")
