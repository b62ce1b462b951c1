"""Depot stores and the secrets folder are their owner's only (POSIX): customers' personal
data, PIN verifiers and the central password are on that disk."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from cpdesk.store.db import open_store
from cpdesk.sync import config

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture(autouse=True)
def lax_umask() -> Iterator[None]:
    """The usual desktop umask: files 0644 and folders 0755 unless the code says otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_store_and_its_wal_and_shm_are_owner_only(tmp_path: Path) -> None:
    store = tmp_path / "data" / "depot-HES.sqlite"
    engine = open_store(store, create=True)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('x', 'y')"))
        wal, shm = (store.with_name(store.name + s) for s in ("-wal", "-shm"))
        assert wal.exists() and shm.exists()
        assert (mode(store), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
    engine.dispose()
    assert mode(store.parent) == 0o700  # a data folder the app made itself


def test_an_old_world_readable_store_is_closed_up_on_open(tmp_path: Path) -> None:
    store = tmp_path / "depot-HES.sqlite"
    open_store(store, create=True).dispose()
    os.chmod(store, 0o644)
    engine = open_store(store)
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        assert mode(store) == 0o600
        for suffix in ("-wal", "-shm"):
            side = store.with_name(store.name + suffix)
            assert not side.exists() or mode(side) == 0o600
    engine.dispose()


def test_setup_keeps_the_password_in_an_owner_only_secrets_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "_usable_keyring", lambda: None)
    data = tmp_path / "net"
    store = config.setup_depot(data, "HES",
                               "postgresql+psycopg://cpd_x_hes:s3cret@centre.example:5432/cp")
    secret = config.secret_file(data, "HES")
    assert secret.read_text() == "s3cret"
    assert mode(secret) == 0o600 and mode(secret.parent) == 0o700
    assert mode(store) == 0o600


def test_an_existing_open_secrets_folder_is_closed_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "_usable_keyring", lambda: None)
    (tmp_path / "secrets").mkdir(mode=0o755)
    config.store_secret(tmp_path, "HES", "u", "pw")
    assert mode(tmp_path / "secrets") == 0o700
