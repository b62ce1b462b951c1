"""Staff PINs: an expensive hash at the centre, a peppered verifier at each depot.

A PIN has 4 to 8 digits: 10,000 guesses find a 4-digit one, so what protects it is the cost of
each guess and a secret the guesser lacks.

- The centre keeps `staff.pin_hash` = scrypt(PIN) with strong parameters (N=2^15, r=8, p=1:
  32 MiB and ~0.1 s a guess on a depot PC). Depot logins can't read it.
- Staff accounts work at every depot (staff move between depots), so every depot must check
  every active account's PIN offline. Each depot gets, per account, a *verifier*: the same hash
  with its digest replaced by HMAC-SHA256(depot pepper, digest). The pepper is a random
  per-depot secret kept out of every database (the depot's secrets folder or keyring; the
  centre derives it from a key file of its own). A verifier without its pepper says nothing
  about the PIN; with it, each guess still costs one scrypt.
- Checking a PIN computes the hash once per distinct (scheme, parameters, salt) among the
  candidates, not once per person: the network's PINs share a salt, so a sign-in costs one
  scrypt whatever the number of staff. (Older PBKDF2 hashes, one salt per person, are still
  read until the centre sets new PINs.)
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import uuid
from collections.abc import Iterable
from typing import TypeVar

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024
_PBKDF2_ITERATIONS = 60_000  # the older scheme, read only
VERIFIER = "pep1"  # prefix of a peppered verifier
_NS = uuid.UUID("2f0c7a52-51a5-4d8e-9d3c-6b1a3f0b8e21")  # staff_pin ids: uuid5(staff:depot)
K = TypeVar("K")


def valid_pin(pin: str) -> bool:
    return pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """The centre's hash of a PIN: `scrypt$N$r$p$salt$digest` (hex)."""
    if not valid_pin(pin):
        raise ValueError("a PIN is 4 to 8 digits")
    salt = salt if salt is not None else os.urandom(16)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def is_first_pin_hash(h: str) -> bool:
    """Whether `h` is a hash as `hash_pin` makes it at a depot (its fixed parameters, a
    16-byte salt): the only kind of first PIN a centre takes from a depot (migration 0014)."""
    return re.fullmatch(r"scrypt\$32768\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{64}", h) is not None


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32)


def _split(stored: str) -> tuple[str, tuple[str, ...], str] | None:
    """(scheme, parameters incl. salt, digest hex) of a hash or a verifier, else None."""
    parts = stored.split("$")
    if parts and parts[0] == VERIFIER:
        parts = parts[1:]
    if len(parts) == 6 and parts[0] == "scrypt":
        return parts[0], tuple(parts[1:5]), parts[5]
    if len(parts) == 4 and parts[0] == "pbkdf2_sha256":
        return parts[0], tuple(parts[1:3]), parts[3]
    return None


def _digest(pin: str, scheme: str, params: tuple[str, ...]) -> bytes | None:
    try:
        if scheme == "scrypt":
            n, r, p, salt = params
            if int(n) > 2**20 or int(r) > 32 or int(p) > 16:  # no memory bomb from a row
                return None
            return _scrypt(pin, bytes.fromhex(salt), int(n), int(r), int(p))
        iterations, salt = params
        return hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations))
    except (ValueError, OverflowError, MemoryError):
        return None


def verify_pin(pin: str, stored: str) -> bool:
    """The centre's own check of a PIN against `staff.pin_hash` (either scheme)."""
    parts = _split(stored)
    if parts is None or stored.startswith(VERIFIER) or not valid_pin(pin):
        return False
    digest = _digest(pin, parts[0], parts[1])
    return digest is not None and hmac.compare_digest(digest.hex(), parts[2])


def _mac(pepper: bytes, digest: bytes) -> str:
    return hmac.new(pepper, digest, hashlib.sha256).hexdigest()


def verifier(pin_hash: str, pepper: bytes) -> str | None:
    """A depot's verifier of the centre's hash `pin_hash` (None for an unreadable hash)."""
    parts = _split(pin_hash)
    if parts is None or pin_hash.startswith(VERIFIER):
        return None
    try:
        digest = bytes.fromhex(parts[2])
    except ValueError:
        return None
    return "$".join((VERIFIER, parts[0], *parts[1], _mac(pepper, digest)))


def match_verifier(pin: str, candidates: Iterable[tuple[K, str]], pepper: bytes) -> K | None:
    """The key of the first candidate whose verifier this PIN opens, else None. One hash per
    distinct (scheme, parameters, salt), however many candidates share it."""
    if not valid_pin(pin):
        return None
    macs: dict[tuple[str, tuple[str, ...]], str | None] = {}
    for key, stored in candidates:
        parts = _split(stored)
        if parts is None or not stored.startswith(VERIFIER):
            continue
        group = (parts[0], parts[1])
        if group not in macs:
            digest = _digest(pin, *group)
            macs[group] = _mac(pepper, digest) if digest is not None else None
        mac = macs[group]
        if mac is not None and hmac.compare_digest(mac, parts[2]):
            return key
    return None


def verifier_id(staff_id: uuid.UUID, depot_id: uuid.UUID) -> uuid.UUID:
    """The id of an account's verifier at a depot (the same wherever it is made)."""
    return uuid.uuid5(_NS, f"{staff_id}:{depot_id}")


def verifier_rows(staff: Iterable[tuple[uuid.UUID, str]], depot_id: uuid.UUID,
                  pepper: bytes) -> list[dict[str, object]]:
    """`staff_pin` rows of a depot for (staff id, centre's hash) pairs (unreadable hashes
    get none)."""
    rows: list[dict[str, object]] = []
    for staff_id, pin_hash in staff:
        v = verifier(pin_hash, pepper)
        if v is not None:
            rows.append({"id": verifier_id(staff_id, depot_id), "staff_id": staff_id,
                         "depot_id": depot_id, "verifier": v})
    return rows
