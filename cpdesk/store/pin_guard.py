"""Staff sign-in by PIN at a depot: the peppered verifiers, and a lock-out after wrong PINs.

A PIN is checked against the depot's verifiers (`staff_pin`, see cpdesk/domain/pins.py) with
the depot's pepper, kept in its secrets folder or keyring (never in the store). A store of an
older version still holds the centre's hashes in `staff.pin_hash`: they are read while an
account has no verifier, and emptied once every active account has one and the pepper is
there (that is their migration: the centre's hash does not stay on a depot's disk).

Wrong PINs are counted in the store (meta `pin_failures`): after `LOCK_AFTER` in a row, every
PIN is refused for `LOCK_FOR` (meta `pin_locked_until`; time-based, so nobody is locked out
for good) and an audit entry `pin_locked` goes to the centre. A wrong PIN matches nobody, so
the count is the depot's, not a person's; a right PIN resets it.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.domain import pins

from . import models as m
from . import outbox

log = logging.getLogger(__name__)

LOCK_AFTER = 5  # wrong PINs in a row
LOCK_FOR = dt.timedelta(minutes=5)
_peppers: WeakKeyDictionary[Engine, bytes] = WeakKeyDictionary()


@dataclass(frozen=True)
class PinCheck:
    staff_id: uuid.UUID | None
    locked_until: dt.datetime | None = None


def set_pepper(engine: Engine, pepper: bytes) -> None:
    """Give a store its pepper (tests, or a store that is not a file in a data folder)."""
    _peppers[engine] = pepper


def _meta(s: Session, key: str) -> str | None:
    return s.scalar(select(m.Meta.value).where(m.Meta.key == key))


def _set_meta(s: Session, key: str, value: str) -> None:
    row = s.get(m.Meta, key)
    if row is None:
        s.add(m.Meta(key=key, value=value))
    else:
        row.value = value


def pepper_for(engine: Engine, s: Session) -> bytes | None:
    """The depot's pepper: given with `set_pepper`, else from the data folder's secrets."""
    if engine in _peppers:
        return _peppers[engine]
    code, where = _meta(s, "depot"), _meta(s, "pin_pepper")
    if engine.dialect.name != "sqlite" or not engine.url.database or not code or not where:
        return None
    from cpdesk.sync.config import load_pepper  # the secrets live with the central password

    pepper = load_pepper(Path(engine.url.database).parent, code, where)
    if pepper is not None:
        _peppers[engine] = pepper
    return pepper


def engine_of(session: Session) -> Engine:
    bind = session.get_bind()
    return bind.engine if isinstance(bind, Connection) else bind


def check(engine: Engine, pin: str, role: str | None = None) -> PinCheck:
    """Who this PIN is (of `role` when given), counting wrong PINs; in its own transaction."""
    now = clock.utcnow()
    with Session(engine) as s, s.begin():
        until = locked_until(s, now)
        if until is not None:
            return PinCheck(None, until)
        depot_code = _meta(s, "depot")
        depot_id = (s.scalar(select(m.Depot.id).where(m.Depot.code == depot_code))
                    if depot_code else None)
        pepper = pepper_for(engine, s)
        found = _match(s, pin, role, depot_id, pepper)
        failures = int(_meta(s, "pin_failures") or 0)
        if found is not None:
            if failures:
                _set_meta(s, "pin_failures", "0")
            if pepper is not None and _meta(s, "role") == "depot":
                _retire_central_hashes(s, depot_id)
            return PinCheck(found)
        failures += 1
        if failures < LOCK_AFTER:
            _set_meta(s, "pin_failures", str(failures))
            return PinCheck(None)
        until = now + LOCK_FOR
        _set_meta(s, "pin_failures", "0")
        _set_meta(s, "pin_locked_until", until.isoformat())
        row = m.AuditLog(depot_id=depot_id, staff_id=None, action="pin_locked",
                         detail={"wrong_pins": failures, "until": until.isoformat()}, at=now)
        s.add(row)
        outbox.record(s, "audit_log", row)
        log.warning("PIN sign-in locked until %s after %s wrong PINs", until, failures)
        return PinCheck(None, until)


def who(s: Session, pin: str, role: str | None = None) -> uuid.UUID | None:
    """Whose PIN this is, read in the caller's session, without counting (a new PIN's
    uniqueness check is not a sign-in attempt)."""
    depot_code = _meta(s, "depot")
    depot_id = (s.scalar(select(m.Depot.id).where(m.Depot.code == depot_code))
                if depot_code else None)
    return _match(s, pin, role, depot_id, pepper_for(engine_of(s), s))


def locked_until(s: Session, now: dt.datetime | None = None) -> dt.datetime | None:
    """When PIN sign-in opens again, or None when it is open."""
    raw = _meta(s, "pin_locked_until")
    if not raw:
        return None
    try:
        until = dt.datetime.fromisoformat(raw)
    except ValueError:
        return None
    return until if until > (now or clock.utcnow()) else None


def _match(s: Session, pin: str, role: str | None, depot_id: uuid.UUID | None,
           pepper: bytes | None) -> uuid.UUID | None:
    if not pins.valid_pin(pin):
        return None
    sp = m.StaffPin
    query = (select(m.Staff.id, m.Staff.pin_hash, sp.verifier)
             .outerjoin(sp, (sp.staff_id == m.Staff.id) & (sp.depot_id == depot_id))
             .where(m.Staff.active.is_(True)).order_by(m.Staff.name))
    if role is not None:
        query = query.where(m.Staff.role == role)
    rows = s.execute(query).all()
    with_verifier = [(r.id, r.verifier) for r in rows if r.verifier]
    if with_verifier and pepper is None:
        log.warning("this depot's PIN pepper is missing: run 'cpdesk setup' with --pin-pepper")
    if pepper is not None:
        found = pins.match_verifier(pin, with_verifier, pepper)
        if found is not None:
            return found
    for r in rows:  # an older store: the centre's own hash, until the verifiers arrive
        if not r.verifier and r.pin_hash and pins.verify_pin(pin, r.pin_hash):
            return r.id
    return None


def _retire_central_hashes(s: Session, depot_id: uuid.UUID | None) -> None:
    """Empty the centre's hashes an older version kept here, once every active account can
    be checked with a verifier instead."""
    left = s.scalar(select(m.Staff.id).where(m.Staff.pin_hash != "").limit(1))
    if left is None or depot_id is None:
        return
    missing = s.scalar(select(m.Staff.id).where(
        m.Staff.active.is_(True),
        ~m.Staff.id.in_(select(m.StaffPin.staff_id).where(m.StaffPin.depot_id == depot_id)))
        .limit(1))
    if missing is None:
        s.execute(update(m.Staff).where(m.Staff.pin_hash != "").values(pin_hash=""))
