"""Fixtures shared by the whole suite: an offscreen Qt, a small demo network, PostgreSQL.

Environment variables (documented in the README):
- CPDESK_TEST_PG_URL: admin URL of the PostgreSQL server for tests
  (default postgresql+psycopg://postgres@127.0.0.1:5432/test).
- CPDESK_SKIP_PG=1: skip PostgreSQL tests (otherwise an unreachable server FAILS them).
PYTHON_KEYRING_BACKEND is set to keyring's "fail" backend for the whole run.
"""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test writes to the keyring of the person running them: secrets go to the owner-only file
# unless a test installs a keyring of its own (tests/sync/test_pg_tls.py).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
# The centre's PIN key of this run (cpdesk/sync/pins.py), never the runner's own.
_PIN_KEY_DIR = tempfile.mkdtemp(prefix="cpdesk-pin-key-")
os.environ["CPDESK_PIN_KEY"] = os.path.join(_PIN_KEY_DIR, "key")
atexit.register(shutil.rmtree, _PIN_KEY_DIR, True)
# The app logs into the platform's log folder; tests (and the apps they start) log apart.
os.environ.setdefault("CPDESK_LOG_DIR", tempfile.mkdtemp(prefix="cpdesk-test-logs-"))

DEMO_TODAY = dt.date(2026, 11, 26)  # a Thursday: past days, today and later days all exist
PG_ADMIN_URL = os.environ.get(
    "CPDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(autouse=True, scope="session")
def _collect_garbage_on_the_main_thread_only() -> Iterator[None]:
    """As the app does (cpdesk/ui/gc_guard.py): no automatic collection, which could run on a
    worker thread and destroy Qt objects there; collect between tests on the main thread."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_each_test() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo network made once per session; copy it before changing it."""
    from cpdesk.demo.network import init_demo

    path = tmp_path_factory.mktemp("demo-template")
    init_demo(path, seed=7, orders=60, today=DEMO_TODAY)
    return path


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the small demo network."""
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    return target


def _pg_skip_allowed() -> bool:
    return os.environ.get("CPDESK_SKIP_PG") == "1"


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A throwaway PostgreSQL database (URL), dropped afterwards."""
    if _pg_skip_allowed():
        pytest.skip("CPDESK_SKIP_PG=1")
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"cpdesk_t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:  # an unreachable server fails here, loudly
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        from cpdesk.sync.roles import group_name

        with admin.connect() as conn:  # roles are cluster-wide: drop the one migrations made
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f"DROP ROLE IF EXISTS {group_name(name)}"))
        admin.dispose()
