"""The centre's side of staff PINs: each depot's pepper and its verifiers (domain/pins.py).

A depot's pepper is derived from the centre's PIN key, a random secret kept in a file outside
the database (`CPDESK_PIN_KEY`, else `DATA_DIR/secrets/central-pin.key` of whoever runs the
`cpdesk central` commands, made 0600 on first use): the database alone, a backup of it or a
depot login reading its own rows, gives nothing to search PINs with. `cpdesk central
add-depot` prints the depot's pepper with its credentials; `cpdesk setup --pin-pepper` keeps
it at the depot. Verifiers are HMACs of the centre's hashes, so the centre makes them for any
depot, new ones included, without knowing a PIN.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from cpdesk.domain import pins
from cpdesk.errors import CpdeskError
from cpdesk.store import paths
from cpdesk.store.models import Base, Depot, DepotLogin, Staff

KEY_ENV = "CPDESK_PIN_KEY"


def key_path() -> Path:
    env = os.environ.get(KEY_ENV)
    return Path(env) if env else paths.default_data_dir() / "secrets" / "central-pin.key"


def central_key(path: Path | None = None) -> bytes:
    """The centre's PIN key, made (owner-only) the first time."""
    path = path or key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # made meanwhile by another process: read it
        else:
            with os.fdopen(fd, "w") as f:
                f.write(os.urandom(32).hex())
    try:
        key = bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError) as exc:
        raise CpdeskError(f"can't read the centre's PIN key {path}: {exc}") from None
    if len(key) < 32:
        raise CpdeskError(f"the centre's PIN key {path} is too short (64 hex digits expected)")
    return key


def depot_pepper(key: bytes, code: str) -> bytes:
    return hmac.new(key, b"cpdesk staff PIN pepper:" + code.upper().encode(),
                    hashlib.sha256).digest()


def publish(conn: Connection, code: str, pepper: bytes) -> int:
    """(Re)make depot `code`'s verifiers of every account's PIN; returns how many."""
    depot_id = conn.execute(select(Depot.id).where(Depot.code == code.upper())).scalar()
    if depot_id is None:
        raise CpdeskError(f"the centre knows no depot {code}")
    staff = [(r.id, r.pin_hash) for r in conn.execute(select(Staff.id, Staff.pin_hash))]
    rows = pins.verifier_rows(staff, depot_id, pepper)
    t = Base.metadata.tables["staff_pin"]
    keep = [r["id"] for r in rows]
    conn.execute(delete(t).where(t.c.depot_id == depot_id, t.c.id.not_in(keep)))
    if rows:
        ins = (postgresql.insert(t) if conn.dialect.name == "postgresql" else sqlite.insert(t))
        # Only a changed verifier is written (and logged for the depot's pull).
        conn.execute(ins.on_conflict_do_update(
            index_elements=["id"], set_={"verifier": ins.excluded.verifier},
            where=t.c.verifier != ins.excluded.verifier), rows)
    return len(rows)


def publish_all(engine: Engine, key: bytes) -> dict[str, int]:
    """Every depot with a login gets its verifiers again (after PINs changed centrally)."""
    with engine.begin() as conn:
        codes = sorted(set(conn.execute(select(DepotLogin.depot_code)).scalars()))
        return {code: publish(conn, code, depot_pepper(key, code)) for code in codes}


def set_pin(engine: Engine, name: str, pin: str, key: bytes) -> dict[str, int]:
    """Give the active account called `name` a new PIN (hashed with the network's salt, see
    domain/pins.py) and every depot its new verifier."""
    if not pins.valid_pin(pin):
        raise CpdeskError("a PIN is 4 to 8 digits")
    with engine.begin() as conn:
        found = conn.execute(select(Staff.id).where(Staff.name == name)).scalars().all()
        if len(found) != 1:
            raise CpdeskError(f"no single account called {name!r} (found {len(found)})")
        hashes = conn.execute(select(Staff.pin_hash)).scalars().all()
        salt = next((bytes.fromhex(h.split("$")[4]) for h in hashes
                     if h.startswith("scrypt$") and len(h.split("$")) == 6), None)
        conn.execute(update(Staff).where(Staff.id == found[0])
                     .values(pin_hash=pins.hash_pin(pin, salt=salt)))
    return publish_all(engine, key)
