"""The one clock of the app: times are stored in UTC and shown in the depot's time zone.

A depot lives in its own time zone (Europe/Brussels unless its `time_zone` setting says
otherwise): the status bar, the register, receipts, Z reports, labels and the board's
packing-per-hour all read the time through here, so they never disagree; stored timestamps
stay UTC (`utcnow`). Plain Python (zoneinfo; on Windows the `tzdata` package provides the
zone database).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Europe/Brussels"

_zone: dt.tzinfo | None = None


def _load(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r} (like {DEFAULT_ZONE})") from exc


def set_zone(name: str | None) -> None:
    """Use the depot's time zone (`None`: the default, Europe/Brussels)."""
    global _zone
    _zone = _load(name or DEFAULT_ZONE)


def zone() -> dt.tzinfo:
    """The depot's time zone."""
    global _zone
    if _zone is None:
        _zone = _load(DEFAULT_ZONE)
    return _zone


def utcnow() -> dt.datetime:
    """Now, as stored: an aware UTC datetime."""
    return dt.datetime.now(dt.UTC)


def local(at: dt.datetime) -> dt.datetime:
    """A stored time (UTC; a naive one is read as UTC, as SQLite hands it back) at the depot."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(zone())


def now() -> dt.datetime:
    """Now at the depot."""
    return local(utcnow())


def today() -> dt.date:
    """The depot's calendar day (not the machine's, nor UTC's)."""
    return now().date()


def hm(at: dt.datetime) -> str:
    """'13:08': a stored time as the depot's wall clock."""
    return local(at).strftime("%H:%M")


def hms(at: dt.datetime) -> str:
    return local(at).strftime("%H:%M:%S")


def stamp(at: dt.datetime | None) -> str:
    """'26/11/2026 13:08' (the Belgian numeric form, the same in every language); '-' for None."""
    return local(at).strftime("%d/%m/%Y %H:%M") if at is not None else "-"
