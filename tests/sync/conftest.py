"""PostgreSQL fixtures: a throwaway database per run (roles and RLS are cluster-wide, so the
depot logins get names unique to that database), dropped with its roles at the end.

PostgreSQL tests are skipped only when CPDESK_SKIP_PG=1; an unreachable server fails them.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text, update

from cpdesk.demo.generator import generate, write
from cpdesk.demo.network import init_demo
from cpdesk.store import paths
from cpdesk.store.db import make_engine, migrate, open_store, set_meta, sqlite_url, transaction
from cpdesk.store.models import Outbox
from cpdesk.sync.central import CentralBackend
from cpdesk.sync.config import central_engine, connect_central, setup_depot
from cpdesk.sync.engine import SyncEngine
from cpdesk.sync.roles import add_depot, drop_centre

ADMIN = os.environ.get("CPDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TODAY = dt.date(2026, 11, 26)
DEPOTS = ("HES", "CAR", "TDH")


@dataclass
class PgCentre:
    url: str  # admin (superuser) URL of the throwaway database
    admin: Engine
    logins: dict[str, str]  # depot -> its own login URL
    template: Path  # synced depot stores to copy


def _skip_pg() -> bool:
    return os.environ.get("CPDESK_SKIP_PG") == "1"


@contextmanager
def _centre(template: Path) -> Iterator[PgCentre]:
    """A throwaway central database with the demo network and three synced depot stores."""
    name = f"cpdesk_t_{secrets.token_hex(4)}"
    server = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:  # fails (not skips) when the server is down
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = ADMIN.rsplit("/", 1)[0] + f"/{name}"
    admin = make_engine(url)
    try:
        migrate(admin)
        net = generate(seed=3, orders=60, today=TODAY)
        write(admin, net.rows, {"role": "central"})
        infos = {d: add_depot(admin, d, sslmode="disable") for d in DEPOTS}
        logins = {d: info.url for d, info in infos.items()}
        for d in DEPOTS:  # with its PIN pepper, as `cpdesk setup --pin-pepper` keeps it
            store = open_store(setup_depot(template, d, logins[d],
                                           pin_pepper=infos[d].pin_pepper))
            SyncEngine(store, connect_central(store, template)).sync_once()
            store.dispose()
        yield PgCentre(url, admin, logins, template)
    finally:
        drop_centre(admin, server, name)


@pytest.fixture(scope="session")
def pg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PgCentre]:
    """One centre for the session: tests that need untouched data take `pg_fresh`."""
    if _skip_pg():
        pytest.skip("CPDESK_SKIP_PG=1")
    with _centre(tmp_path_factory.mktemp("pg-template")) as centre:
        yield centre


@pytest.fixture
def pg_fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PgCentre]:
    """A centre of the test's own, for tests that need orders no other test has packed."""
    if _skip_pg():
        pytest.skip("CPDESK_SKIP_PG=1")
    with _centre(tmp_path_factory.mktemp("pg-fresh")) as centre:
        yield centre


def depot_copy(pg: PgCentre, tmp: Path, depot: str, url: str | None = None) -> SyncEngine:
    """A depot store already synced once (a copy of the template), talking to `url`."""
    tmp.mkdir(parents=True, exist_ok=True)
    for p in pg.template.glob(f"depot-{depot}.sqlite"):
        shutil.copy(p, tmp / p.name)
    shutil.copytree(pg.template / "secrets", tmp / "secrets", dirs_exist_ok=True)
    store = open_store(tmp / f"depot-{depot}.sqlite")
    central = CentralBackend(central_engine(url or pg.logins[depot]), depot)
    return SyncEngine(store, central, batch_size=50, page_size=500)


# -- the demo's embedded centre (SQLite) ------------------------------------------------------

@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("demo")
    init_demo(d, orders=40, today=TODAY)
    return d


@pytest.fixture
def demo(tmp_path: Path, demo_template: Path) -> Path:
    d = tmp_path / "net"
    d.mkdir()
    for p in demo_template.glob("*.sqlite"):
        (d / p.name).write_bytes(p.read_bytes())
    shutil.copytree(demo_template / "secrets", d / "secrets")  # the depots' PIN peppers
    for depot in paths.depots_in(d):  # the copies point at their own central.sqlite
        with transaction(make_engine(sqlite_url(paths.depot_path(d, depot)))) as s:
            s.execute(update(Outbox).values(sent_at=None))
            set_meta(s, "central_url", sqlite_url(paths.central_path(d)))
    return d


def engine_for(d: Path, depot: str) -> SyncEngine:
    store = open_store(paths.depot_path(d, depot))
    return SyncEngine(store, connect_central(store, d), batch_size=2, page_size=50)
