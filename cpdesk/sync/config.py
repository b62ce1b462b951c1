"""A depot's connection to its centre: the URL in the store's meta table, the secret apart.

`central_url` (meta) holds the URL without its password. The password is kept in the
platform keyring where there is a usable one, else in `DIR/secrets/central-CODE.secret`,
readable by its owner only (0600). The demo's embedded centre needs no secret.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from cpdesk.errors import CpdeskError
from cpdesk.store import paths
from cpdesk.store.db import get_meta, make_engine, open_store, set_meta, transaction

from .central import CentralBackend

KEYRING_SERVICE = "cpdesk-central"
# libpq: fail fast and notice a dead peer; a half-open connection once left a backend idle in
# a transaction and the client waiting forever.
PG_CONNECT_ARGS: dict[str, Any] = {
    "connect_timeout": 5, "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
    "keepalives_count": 3, "tcp_user_timeout": 15000,
    # jit=off: see roles.ROLE_SETTINGS (a pull page spent ~6 s compiling, ~20 ms running).
    # A sync runs the same few statements again and again: each is prepared at its first
    # run and planned once per connection, for any parameters (the pull page, one statement
    # over every pulled table with their row-level security, takes ~7 ms to plan and ~4 ms
    # to run; its plan is the same whatever the cursor).
    "options": "-c statement_timeout=60000 -c idle_in_transaction_session_timeout=60000 "
               "-c jit=off -c plan_cache_mode=force_generic_plan",
    "prepare_threshold": 0,
}


def central_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("postgresql"):
        kwargs.setdefault("connect_args", PG_CONNECT_ARGS)
        kwargs.setdefault("pool_size", 2)
        kwargs.setdefault("max_overflow", 2)
        # No ping before every checkout (a round trip each): a dropped connection is noticed
        # on use and the call made once more (CentralBackend._once_more); connections are
        # renewed after 5 minutes anyway.
        kwargs.setdefault("pool_pre_ping", False)
        kwargs.setdefault("pool_recycle", 300)
    return make_engine(url, **kwargs)


def _usable_keyring() -> Any | None:
    try:
        import keyring
        from keyring.backends import fail

        kr = keyring.get_keyring()
        if isinstance(kr, fail.Keyring) or getattr(kr, "priority", 0) <= 0:
            return None
        return keyring
    except Exception:  # no backend at all: fall back to the file
        return None


def secrets_dir(data_dir: Path) -> Path:
    """DIR/secrets, made (or closed up) to be its owner's only (0700 on POSIX)."""
    path = data_dir / "secrets"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        os.chmod(path, 0o700)
    return path


def secret_file(data_dir: Path, depot: str) -> Path:
    return data_dir / "secrets" / f"central-{depot.upper()}.secret"


def store_secret(data_dir: Path, depot: str, username: str, password: str) -> str:
    """Keep the password; returns where ('keyring' or 'file')."""
    kr = _usable_keyring()
    if kr is not None:
        kr.set_password(KEYRING_SERVICE, f"{depot.upper()}:{username}", password)
        return "keyring"
    path = secret_file(data_dir, depot)
    secrets_dir(data_dir)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(password)
    os.chmod(path, 0o600)
    return "file"


def ca_file(data_dir: Path, depot: str) -> Path:
    """The certificate authority that signed the centre's TLS certificate (given at setup)."""
    return data_dir / "secrets" / f"central-{depot.upper()}-ca.pem"


PEPPER_SERVICE = "cpdesk-pin-pepper"


def pepper_file(data_dir: Path, depot: str) -> Path:
    return data_dir / "secrets" / f"pin-pepper-{depot.upper()}.secret"


def parse_pepper(text: str) -> bytes:
    """A depot's PIN pepper as `cpdesk central add-depot` prints it (64 hex digits)."""
    try:
        pepper = bytes.fromhex(text.strip())
    except ValueError:
        pepper = b""
    if len(pepper) != 32:
        raise CpdeskError("a PIN pepper is 64 hexadecimal digits (as 'cpdesk central add-depot' "
                          "prints it)")
    return pepper


def store_pepper(data_dir: Path, depot: str, pepper: bytes, *, keyring_ok: bool = True) -> str:
    """Keep the depot's PIN pepper beside its central password; returns 'keyring' or 'file'."""
    kr = _usable_keyring() if keyring_ok else None
    if kr is not None:
        kr.set_password(PEPPER_SERVICE, depot.upper(), pepper.hex())
        return "keyring"
    secrets_dir(data_dir)
    fd = os.open(pepper_file(data_dir, depot), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(pepper.hex())
    return "file"


def load_pepper(data_dir: Path, depot: str, where: str) -> bytes | None:
    try:
        if where == "keyring":
            kr = _usable_keyring()
            text = kr.get_password(PEPPER_SERVICE, depot.upper()) if kr else None
        else:
            path = pepper_file(data_dir, depot)
            text = path.read_text() if path.exists() else None
        return parse_pepper(text) if text else None
    except CpdeskError:
        return None


def load_secret(data_dir: Path, depot: str, username: str, where: str) -> str | None:
    if where == "keyring":
        kr = _usable_keyring()
        return kr.get_password(KEYRING_SERVICE, f"{depot.upper()}:{username}") if kr else None
    path = secret_file(data_dir, depot)
    return path.read_text().strip() if path.exists() else None


def setup_depot(data_dir: Path, depot: str, central_url: str, *,
                ca: Path | None = None, pin_pepper: str | None = None) -> Path:
    """Prepare a depot's store and its connection; the first sync then pulls everything.

    `ca`: the certificate authority of the centre's TLS certificate, kept beside the
    secrets and handed to libpq as `sslrootcert` (verify-full checks the certificate and its
    host name against it). `pin_pepper`: the depot's secret for checking staff PINs (hex, from
    `cpdesk central add-depot`), kept in the keyring or the secrets folder."""
    pepper = parse_pepper(pin_pepper) if pin_pepper else None
    code = depot.upper()
    url = make_url(central_url)
    store = paths.depot_path(data_dir, code)
    if ca is not None:
        try:
            pem = ca.read_bytes()
        except OSError as exc:
            raise CpdeskError(f"can't read the CA file {ca}: {exc.strerror}") from None
        if b"-----BEGIN CERTIFICATE-----" not in pem:
            raise CpdeskError(f"{ca} is not a PEM certificate file (CA)")
        secrets_dir(data_dir)
        fd = os.open(ca_file(data_dir, code), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
    engine = open_store(store, create=True)
    where = ""
    if url.password:
        where = store_secret(data_dir, code, url.username or "", str(url.password))
    with transaction(engine) as session:
        known = get_meta(session, "depot")
        if known and known != code:
            raise CpdeskError(f"{store} belongs to depot {known}, not {code}")
        set_meta(session, "role", "depot")
        set_meta(session, "depot", code)
        # URL.set(password=None) keeps the password: replace the field itself.
        set_meta(session, "central_url",
                 url._replace(password=None).render_as_string(hide_password=False))
        set_meta(session, "central_secret", where)
        if pepper is not None:
            set_meta(session, "pin_pepper", store_pepper(data_dir, code, pepper))
        elif not get_meta(session, "pin_pepper"):  # set up again: the pepper already kept
            for kept in ("keyring", "file"):
                if load_pepper(data_dir, code, kept) is not None:
                    set_meta(session, "pin_pepper", kept)
                    break
    engine.dispose()
    return store


def connect_central(store: Engine, data_dir: Path) -> CentralBackend:
    """The centre configured for this depot store (demo: DIR/central.sqlite)."""
    with Session(store) as session:
        code = get_meta(session, "depot")
        url = get_meta(session, "central_url")
        where = get_meta(session, "central_secret") or ""
    if not code:
        raise CpdeskError(code="sync.not_a_depot_store")
    if not url:
        raise CpdeskError(code="sync.no_central", depot=code)
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and not Path(u.database).is_absolute():
        u = u.set(database=str(data_dir / u.database))  # the demo centre beside the stores
    if where:
        password = load_secret(data_dir, code, u.username or "", where)
        if password is None:
            raise CpdeskError(code="sync.no_password", depot=code, where=where)
        u = u.set(password=password)
    elif u.get_backend_name() == "sqlite" and u.database and not Path(u.database).exists():
        raise CpdeskError(code="sync.no_central_db", db=u.database)
    if u.get_backend_name() == "postgresql" and "sslrootcert" not in u.query:
        ca = ca_file(data_dir, code)
        if ca.exists():
            u = u.update_query_dict({"sslrootcert": str(ca)})
    return CentralBackend(central_engine(u.render_as_string(hide_password=False)), code)
