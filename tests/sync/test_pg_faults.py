"""Fault injection through a loopback TCP proxy between the depot and PostgreSQL.

Invariant after every run: each event exists exactly once centrally, nothing waits locally.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from cpdesk.sync import engine as sync_engine
from cpdesk.sync.engine import SyncEngine
from cpdesk.sync.worker import SyncWorker

from .conftest import PgCentre, depot_copy
from .helpers import central_event_count, pack_one, waiting
from .proxy import Proxy

pytestmark = pytest.mark.postgres


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    p = Proxy()
    yield p
    p.close()


def via_proxy(pg: PgCentre, tmp_path: Path, proxy: Proxy, depot: str = "HES") -> SyncEngine:
    return depot_copy(pg, tmp_path, depot, proxy.url(pg.logins[depot]))


def settle(eng: SyncEngine, proxy: Proxy, pg: PgCentre, ids: list) -> None:  # type: ignore[type-arg]
    proxy.set(None)
    proxy.cut_all()
    eng.central.engine.dispose()
    report = eng.sync_once()
    assert report.waiting == 0 and waiting(eng.store) == 0
    assert central_event_count(pg.admin, ids) == len(ids)  # each exactly once (unique id)


@pytest.mark.parametrize("mode", ["drop_commit", "cut_reply_after_commit"])
def test_cut_before_and_during_the_central_commit(pg: PgCentre, tmp_path: Path, proxy: Proxy,
                                                  mode: str) -> None:
    eng = via_proxy(pg, tmp_path, proxy)
    eng.sync_once()  # connected, identity checked
    ids = pack_one(eng.store, "HES")
    proxy.set(mode)
    with pytest.raises(Exception):  # noqa: B017 - any error: outcome unknown
        eng.sync_once()
    assert proxy.tripped
    assert waiting(eng.store) == 3  # nothing marked without the centre's answer
    expected = 0 if mode == "drop_commit" else 3
    assert central_event_count(pg.admin, ids) == expected
    settle(eng, proxy, pg, ids)


def test_cut_after_the_commit_before_the_local_mark(pg: PgCentre, tmp_path: Path, proxy: Proxy,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The app dies between the central commit and the local mark: a re-send, no duplicate."""
    eng = via_proxy(pg, tmp_path, proxy)
    ids = pack_one(eng.store, "HES")

    class Killed(BaseException):
        pass

    def die(*_: object) -> int:
        raise Killed

    monkeypatch.setattr(sync_engine.outbox, "mark_sent", die)
    with pytest.raises(Killed):
        eng.sync_once()
    monkeypatch.undo()
    assert central_event_count(pg.admin, ids) == 3 and waiting(eng.store) == 3
    settle(eng, proxy, pg, ids)


def test_cut_at_every_point_of_a_push(pg: PgCentre, tmp_path: Path, proxy: Proxy) -> None:
    eng = via_proxy(pg, tmp_path, proxy)
    all_ids: list = []  # type: ignore[type-arg]
    for cut in (40, 200, 900, 1500, 2500, 4000, 8000):
        all_ids += pack_one(eng.store, "HES")
        proxy.cut_all()
        eng.central.engine.dispose()
        proxy.set(None, cut_at_byte=cut)
        try:
            eng.sync_once()
        except Exception:  # noqa: S110 - the cut may land anywhere, or after the sync
            pass
    settle(eng, proxy, pg, all_ids)


def test_the_centre_restarted_mid_sync(pg: PgCentre, tmp_path: Path, proxy: Proxy) -> None:
    """Every backend of the centre's database terminated (what a restart does to sessions;
    the cluster itself is shared with other test runs, so it is not stopped)."""
    eng = via_proxy(pg, tmp_path, proxy)
    ids = pack_one(eng.store, "HES")
    eng.sync_once()
    ids += pack_one(eng.store, "HES")
    with pg.admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    try:
        eng.sync_once()  # pre-ping reconnects; or it fails and the next round succeeds
    except Exception:  # noqa: S110
        pass
    settle(eng, proxy, pg, ids)


def test_the_worker_backs_off_while_offline_and_catches_up(pg: PgCentre, tmp_path: Path,
                                                           proxy: Proxy) -> None:
    eng = via_proxy(pg, tmp_path, proxy)
    ids = pack_one(eng.store, "HES")
    worker = SyncWorker(eng, interval_s=60, backoff_base_s=1, backoff_max_s=8)
    proxy.set("refuse")
    proxy.cut_all()
    eng.central.engine.dispose()
    status = worker.run_once()
    assert status.online is False and status.waiting == 3 and status.last_error
    worker.run_once()
    assert 1.5 < worker.next_delay() < 2.5  # 2 s after the second failure, with jitter
    proxy.set(None)
    status = worker.run_once()
    assert status.online and status.waiting == 0 and status.last_success_at is not None
    assert worker.next_delay() == 60
    assert central_event_count(pg.admin, ids) == 3


def test_a_connection_the_server_dropped_is_renewed_within_the_round(
        pg: PgCentre, tmp_path: Path) -> None:
    """No ping before each checkout: the pooled connections the server killed are noticed on
    first use and the call is made again on a fresh one, in the same round."""
    eng = depot_copy(pg, tmp_path, "HES")
    eng.sync_once()  # the pool now holds connections
    ids = pack_one(eng.store, "HES")
    with pg.admin.connect() as conn:
        killed = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND usename <> current_user")).scalar()
    assert killed
    report = eng.sync_once()  # no error
    assert report.pushed == 3 and waiting(eng.store) == 0
    assert central_event_count(pg.admin, ids) == 3
