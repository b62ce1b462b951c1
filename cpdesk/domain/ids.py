"""Globally unique, time-ordered ids made at a depot without asking the centre (UUIDv7)."""

from __future__ import annotations

import uuid

import uuid6


def new_id() -> uuid.UUID:
    """A UUIDv7: 48 bits of milliseconds, then randomness; sortable by creation time."""
    return uuid.UUID(bytes=uuid6.uuid7().bytes)


def short_code(value: uuid.UUID, length: int = 10) -> str:
    """A short, case-insensitive, scanner-friendly rendering of the random tail of an id."""
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
    n = value.int & ((1 << (5 * length)) - 1)
    out = []
    for _ in range(length):
        n, r = divmod(n, 32)
        out.append(alphabet[r])
    return "".join(reversed(out))
