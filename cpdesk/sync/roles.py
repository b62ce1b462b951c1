"""PostgreSQL logins for depots: one role per depot, member of the database's depot group.

The group gets its grants and row-level security policies from migration 0003; the policies
derive the depot from the login (`depot_login`), never from anything the client may set.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url

from cpdesk.errors import CpdeskError
from cpdesk.store.models import Depot, DepotLogin

# Role settings: a session idle in a transaction with an xid holds back every depot's pull
# (the pull gate), so none may linger. A login may SET these defaults away; the centre then
# ends it itself past the same limit (migration 0019, `cp_end_stale_holders`). No JIT: the
# row-level security policies make the planner's cost estimates large, and compiling a pull
# page took ~6 s for a query that runs in ~20 ms.
ROLE_SETTINGS = {"idle_in_transaction_session_timeout": "60s", "statement_timeout": "60s",
                 "lock_timeout": "10s", "jit": "off"}


@dataclass(frozen=True)
class DepotLoginInfo:
    depot: str
    user: str
    password: str
    url: str
    pin_pepper: str = ""  # hex: the depot's secret for checking staff PINs (sync/pins.py)

    def as_dict(self) -> dict[str, Any]:
        return {"depot": self.depot, "user": self.user, "password": self.password,
                "url": self.url, "pin_pepper": self.pin_pepper}


def _ident(name: str) -> str:
    return re.sub(r"[^a-z0-9_]", "_", name.lower())[:63]


def group_name(database: str) -> str:
    """The depots' group role of a database (roles are cluster-wide: one per database)."""
    return _ident("cpdesk_depot_" + database)


def group_role(engine: Engine) -> str:
    with engine.connect() as conn:
        db = conn.exec_driver_sql("select current_database()").scalar() or ""
    return group_name(db)


def add_depot(admin: Engine, code: str, *, sslmode: str = "verify-full",
              host: str | None = None, pin_key: bytes | None = None) -> DepotLoginInfo:
    """Create (or give a new password to) the login of depot `code`, and publish its PIN
    verifiers (made with its pepper, derived from the centre's PIN key, see sync/pins.py)."""
    from . import pins

    pepper = pins.depot_pepper(pin_key or pins.central_key(), code)
    if admin.dialect.name != "postgresql":
        raise CpdeskError("depot logins exist only on a PostgreSQL centre")
    code = code.upper()
    group = group_role(admin)
    password = secrets.token_urlsafe(24)  # [A-Za-z0-9_-] only: safe inside a quoted literal
    with admin.begin() as conn:
        if conn.execute(select(Depot.id).where(Depot.code == code)).scalar() is None:
            raise CpdeskError(f"the centre knows no depot {code} (seed it first)")
        db = conn.exec_driver_sql("select current_database()").scalar() or ""
        role = _ident(f"cpd_{db}_{code}")
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                              {"r": role}).scalar()
        verb = "ALTER" if exists else "CREATE"
        conn.exec_driver_sql(f"{verb} ROLE {role} WITH LOGIN NOSUPERUSER NOCREATEDB "
                             f"NOCREATEROLE NOBYPASSRLS PASSWORD '{password}'")
        conn.exec_driver_sql(f"GRANT {group} TO {role}")
        for key, value in ROLE_SETTINGS.items():
            conn.exec_driver_sql(f"ALTER ROLE {role} SET {key} = '{value}'")
        ins = postgresql.insert(DepotLogin).values(role_name=role, depot_code=code)
        conn.execute(ins.on_conflict_do_update(index_elements=["role_name"],
                                               set_={"depot_code": code}))
        pins.publish(conn, code, pepper)
    base = make_url(admin.url.render_as_string(hide_password=False))
    url = base.set(username=role, password=password, host=host or base.host,
                   query={"sslmode": sslmode})
    return DepotLoginInfo(code, role, password, url.render_as_string(hide_password=False),
                          pepper.hex())


def drop_depot_logins(admin: Engine) -> list[str]:
    """Drop this database's depot roles and group (tests; retiring a centre)."""
    group = group_role(admin)
    with admin.begin() as conn:
        roles = list(conn.execute(select(DepotLogin.role_name)).scalars())
        for role in roles:
            conn.exec_driver_sql(f"DROP OWNED BY {role}")
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
        conn.exec_driver_sql(f"DROP OWNED BY {group}")
    return roles


def drop_centre(admin: Engine, server: Engine, *databases: str) -> None:
    """Retire a throwaway centre (tests, benchmarks): end its sessions (a failed run may have
    left one open), drop its depot logins and group, then the databases named. `admin` is
    the centre's database; `server` an AUTOCOMMIT connection to another database of the
    same server. Both engines are disposed of."""
    group = group_role(admin)
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                          "datname = current_database() AND pid <> pg_backend_pid()"))
    try:
        drop_depot_logins(admin)
    finally:
        admin.dispose()
        with server.connect() as conn:
            for database in databases:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            conn.execute(text(f"DROP ROLE IF EXISTS {group}"))
        server.dispose()
