"""First start of a depot workstation: credentials in, connection tested, store filled.

The first-start assistant (cpdesk/ui/first_start/screen.py) and `cpdesk run` without a prepared
store use this; no Qt here.

    creds = parse_credentials(pasted_text)        # JSON of `central add-depot --json`, or a URL
    check = check_connection(creds.url, creds.depot)   # ok, or a reason in plain words
    report = first_sync(data_dir, creds, on_progress, should_stop)   # None when stopped

A stopped first sync keeps what it pulled (each page is committed with its cursor) and
resumes where it was when started again.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from cpdesk.errors import CpdeskError

from .engine import SyncReport
from .urls import psycopg_url


@dataclass(frozen=True)
class DepotCredentials:
    depot: str
    url: str  # with the password
    pin_pepper: str = ""  # the depot's PIN secret (hex) from add-depot: staff PINs need it
    ca_pem: str = ""  # the certificate authority of the centre's TLS certificate (add-depot --ca)


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    reason: str  # one of REASONS' keys ("" when ok)
    detail: str = ""  # the driver's own message, for the log and support


# What went wrong, as a support person and a depot manager both understand it.
REASONS = {
    "unreachable": "The centre cannot be reached: check its address and port, and the "
                   "network (the server may be down)",
    "password": "The centre refused the login or its password: paste the credentials again "
                "(a new 'add-depot' gives a new password)",
    "tls_required": "The address demands an encrypted (TLS) connection but the centre does "
                    "not offer one: check the sslmode in the address",
    "certificate": "The centre's certificate is not trusted by this computer: install the "
                   "centre's certificate authority, or check the centre's name",
    "no_database": "The centre has no such database: check the database name in the address",
    "wrong_depot": "These credentials belong to another depot",
    "bad_url": "That is not a centre address (postgresql://user:password@host/database)",
    "other": "The centre answered with an error",
}


def _pg_url(url: str) -> str:
    return psycopg_url(url)


def parse_credentials(text: str, depot: str = "", pin_pepper: str = "") -> DepotCredentials:
    """The JSON printed by `cpdesk central add-depot --json` (with the depot's PIN pepper), or
    a centre URL with its password (then `depot` says which depot, `pin_pepper` its PIN
    pepper)."""
    text = text.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CpdeskError(code="credentials.not_json", detail=exc.msg,
                              line=exc.lineno) from exc
        if not isinstance(data, dict) or not data.get("url") or not data.get("depot"):
            raise CpdeskError(code="credentials.incomplete")
        if depot and str(data["depot"]).upper() != depot.upper():
            raise CpdeskError(code="credentials.other_depot", other=str(data["depot"]),
                              depot=depot)
        return DepotCredentials(str(data["depot"]).upper(), _pg_url(str(data["url"])),
                                _pepper(str(data.get("pin_pepper") or pin_pepper)),
                                _ca(str(data.get("ca") or "")))
    if not depot:
        raise CpdeskError(code="credentials.depot_needed")
    try:
        u = make_url(_pg_url(text))
    except ArgumentError as exc:
        raise CpdeskError(code="credentials.bad_url") from exc
    if not u.host or not u.username:
        raise CpdeskError(code="credentials.bad_url")
    return DepotCredentials(depot.upper(), u.render_as_string(hide_password=False),
                            _pepper(pin_pepper))


def _ca(text: str) -> str:
    """The centre's certificate authority as PEM text, checked now ("" when not given)."""
    if text.strip() and "-----BEGIN CERTIFICATE-----" not in text:
        raise CpdeskError(code="credentials.bad_ca")
    return text.strip()


@contextmanager
def _ca_file(ca_pem: str) -> Iterator[Path | None]:
    """The PEM in a private temporary file for libpq (None when there is none)."""
    if not ca_pem:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="cpdesk-ca-") as folder:
        path = Path(folder) / "ca.pem"
        path.write_text(ca_pem + "\n", encoding="ascii")
        yield path


def _pepper(text: str) -> str:
    """The depot's PIN pepper, checked now (64 hex digits): without it the depot can check no
    staff PIN, so nobody could sign in after the first sync."""
    from .config import parse_pepper

    if not text.strip():
        raise CpdeskError(code="credentials.no_pepper")
    try:
        return parse_pepper(text).hex()
    except CpdeskError:
        raise CpdeskError(code="credentials.bad_pepper") from None


def classify(message: str) -> str:
    """The reason key for a driver's error message (libpq/psycopg wording)."""
    m = message.lower()
    if "password authentication failed" in m or "no password supplied" in m or \
            "role" in m and "does not exist" in m:
        return "password"
    if "server does not support ssl" in m or "ssl was required" in m:
        return "tls_required"
    if "certificate" in m or "root cert" in m or "ssl error" in m:
        return "certificate"
    if "database" in m and "does not exist" in m:
        return "no_database"
    if any(w in m for w in ("connection refused", "could not connect", "timeout expired",
                            "timed out", "could not translate host", "name or service",
                            "no route to host", "network is unreachable",
                            "temporary failure in name resolution", "connection is bad")):
        return "unreachable"
    if "speaks for depot" in m:
        return "wrong_depot"
    return "other"


def check_connection(url: str, depot: str, ca_pem: str = "") -> ConnectionCheck:
    """Log in to the centre as the depot and ask who it speaks for (trusting `ca_pem`, the
    centre's certificate authority, when given); never raises."""
    with _ca_file(ca_pem) as ca:
        if ca is not None:
            url = make_url(_pg_url(url)).update_query_dict({"sslrootcert": str(ca)}) \
                .render_as_string(hide_password=False)
        return _check_connection(url, depot)


def _check_connection(url: str, depot: str) -> ConnectionCheck:
    from .central import CentralBackend
    from .config import central_engine

    try:
        engine = central_engine(_pg_url(url))
    except (ArgumentError, CpdeskError, ValueError) as exc:
        return ConnectionCheck(False, "bad_url", str(exc))
    backend = CentralBackend(engine, depot.upper())
    try:
        backend.epoch()
        with engine.connect() as conn:
            backend._check(conn)  # the login speaks for this depot
    except Exception as exc:  # psycopg / SQLAlchemy errors: classified by their message
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        text = " ".join(detail)[:500]
        return ConnectionCheck(False, classify(text), text)
    finally:
        backend.close()
    return ConnectionCheck(True, "")


def first_sync(data_dir: Path, creds: DepotCredentials,
               on_progress: Callable[[int, int], None],
               should_stop: Callable[[], bool] = lambda: False, *,
               page_size: int = 2000) -> SyncReport | None:
    """Prepare the store (as `cpdesk setup`) and pull everything, page by page."""
    from cpdesk.store.db import open_store

    from .config import connect_central, setup_depot
    from .engine import SyncEngine

    with _ca_file(creds.ca_pem) as ca:  # kept beside the store's secrets by setup_depot
        store = open_store(setup_depot(data_dir, creds.depot, creds.url, ca=ca,
                                       pin_pepper=creds.pin_pepper or None))  # resumed: kept
    try:
        central = connect_central(store, data_dir)
        try:
            return SyncEngine(store, central, page_size=page_size).first_sync(on_progress,
                                                                              should_stop)
        finally:
            central.close()
    finally:
        store.dispose()


def address_url(address: str) -> str:
    """A centre address without a login: made a URL the login fields complete."""
    if "://" not in address:
        address = "postgresql://" + address
    return psycopg_url(address)


class FirstStartService:
    """What the first-start assistant reads and does in `data_dir`, for its screen: a set-up
    left unfinished, credentials from the form's fields, the connection test, the first
    sync. Call `unfinished`, `check` and `sync` off the GUI thread."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def unfinished(self, depot: str | None) -> DepotCredentials | None:
        """The credentials of a store set up earlier whose first sync was not finished."""
        from cpdesk.store import paths
        from cpdesk.store.db import open_store

        from .config import connect_central

        found = [d for d in paths.depots_in(self.data_dir)
                 if not depot or d == depot.upper()]
        if not found:
            return None
        try:
            engine = open_store(paths.depot_path(self.data_dir, found[0]), check=False)
        except CpdeskError:
            return None
        try:
            central = connect_central(engine, self.data_dir)
        except CpdeskError:
            return None
        finally:
            engine.dispose()
        url = central.engine.url.render_as_string(hide_password=False)
        central.close()
        return DepotCredentials(found[0], url)

    def credentials(self, depot: str, address: str, login: str, password: str,
                    pin_pepper: str) -> DepotCredentials:
        """The centre's address (a URL with its password, or a host the login and password
        complete) for `depot`, with its PIN pepper; CpdeskError (typed) when it is not an
        address or the pepper is missing."""
        try:
            url = make_url(parse_credentials(address, depot, pin_pepper).url if "@" in address
                           else address_url(address))
        except ArgumentError as exc:
            raise CpdeskError(code="credentials.bad_url") from exc
        if login:
            url = url.set(username=login)
        if password:
            url = url.set(password=password)
        return parse_credentials(url.render_as_string(hide_password=False), depot, pin_pepper)

    def check(self, creds: DepotCredentials) -> ConnectionCheck:
        return check_connection(creds.url, creds.depot, creds.ca_pem)

    def sync(self, creds: DepotCredentials, on_progress: Callable[[int, int], None],
             should_stop: Callable[[], bool]) -> SyncReport | None:
        return first_sync(self.data_dir, creds, on_progress, should_stop)
