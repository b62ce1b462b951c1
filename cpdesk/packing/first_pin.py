"""A staff member's first PIN, chosen by the person at a depot (never carried in a file).

Staff imported with `cpdesk central import-staff` have no PIN (`pin_hash` empty) and cannot
sign in. At a depot the person picks their name and types a new PIN (twice, on the screen
or with `cpdesk first-pin`); `set_first_pin` stores its hash in the depot's store with an
audit-log entry, and the `staff_pin` outbox topic carries it to the centre, which takes it
only while the centre still has no PIN for that person (`cp_set_first_pin` on PostgreSQL,
the same rule on the demo's SQLite centre). When two depots race, the first PIN to reach the
centre wins: the centre logs the staff row again, so the other depot's next pull replaces
its local hash with the winning one. A PIN is unique among active staff, since a PIN alone
says who signs in.
"""

from __future__ import annotations

import enum
import uuid

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.domain.pins import hash_pin
from cpdesk.store import models as m
from cpdesk.store.db import transaction
from cpdesk.store.outbox import record
from cpdesk.store.queries import depot_by_code, staff_with_pin


class PinRefusal(enum.StrEnum):
    UNKNOWN = "unknown"  # no such active staff member
    HAS_PIN = "has_pin"  # a PIN is already set: changing it is not a first sign-in
    BAD_PIN = "bad_pin"  # not 4 to 8 digits
    TAKEN = "taken"  # another person's PIN


def staff_without_pin(engine: Engine) -> list[tuple[uuid.UUID, str, str]]:
    """(id, name, home depot) of the active staff who have no PIN yet, by name."""
    with Session(engine) as s:
        return [(r.id, r.name, r.depot_code or "") for r in s.scalars(
            select(m.Staff).where(m.Staff.active.is_(True), m.Staff.pin_hash == "")
            .order_by(m.Staff.name))]


def set_first_pin(engine: Engine, depot_code: str, staff_id: uuid.UUID,
                  pin: str) -> PinRefusal | None:
    """Store the first PIN of `staff_id` at this depot and send it to the centre; None when
    done, else why not."""
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8):
        return PinRefusal.BAD_PIN
    with transaction(engine) as s:
        staff = s.get(m.Staff, staff_id)
        if staff is None or not staff.active:
            return PinRefusal.UNKNOWN
        if staff.pin_hash:
            return PinRefusal.HAS_PIN
        if staff_with_pin(s, pin, sign_in=False) is not None:
            return PinRefusal.TAKEN
        staff.pin_hash = hash_pin(pin)
        # A verifier held here for this person is of an older PIN: the new one counts here
        # until the centre publishes its verifiers (`cpdesk central publish-pins`).
        s.execute(delete(m.StaffPin).where(m.StaffPin.staff_id == staff.id))
        record(s, "staff_pin", staff)
        depot = depot_by_code(s, depot_code)
        audit = m.AuditLog(depot_id=depot.id, staff_id=staff.id, action="first_pin",
                           detail={}, at=clock.utcnow())
        s.add(audit)
        record(s, "audit_log", audit)
    return None
