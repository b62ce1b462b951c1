"""The push as a pipeline (cpdesk/sync/engine.py, `_push_pending`): while the centre applies
one batch, the batch before it is marked and the next one read on a helper thread. Whatever
fails on the way, only what the centre answered for is marked, every mark of an answered batch
is written before the push returns or raises, and a second push sends the rest once."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from cpdesk.store import paths
from cpdesk.store.db import make_engine, sqlite_url
from cpdesk.store.models import Outbox
from cpdesk.sync import outbox
from cpdesk.sync.contract import Event, PushResult
from cpdesk.sync.engine import SyncEngine

from .conftest import engine_for
from .helpers import central_event_count, pack_one, waiting


def _twelve_events(eng: SyncEngine) -> list[uuid.UUID]:
    """Twelve open events: six batches of two."""
    return [i for _ in range(4) for i in pack_one(eng.store, "HES")]


def _sent(eng: SyncEngine) -> set[uuid.UUID]:
    with eng.store.connect() as conn:
        return set(conn.execute(select(Outbox.id).where(Outbox.sent_at.is_not(None)))
                   .scalars())


class _Failing:
    """The centre, answering `ok` calls to push and failing the next one."""

    def __init__(self, inner: object, ok: int) -> None:
        self.inner, self.ok, self.answered = inner, ok, []  # type: ignore[var-annotated]

    def push(self, batch: list[Event]) -> PushResult:
        if len(self.answered) == self.ok:
            raise ConnectionError("the link dropped")
        result: PushResult = self.inner.push(batch)  # type: ignore[attr-defined]
        self.answered.append([e.id for e in batch])
        return result

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


def test_a_dropped_link_mid_push_marks_every_answered_batch_and_no_other(demo: Path) -> None:
    eng = engine_for(demo, "HES")  # batches of two
    assert eng.batch_size == 2
    ids = _twelve_events(eng)
    real = eng.central
    failing = _Failing(real, ok=3)
    eng.central = failing  # type: ignore[assignment]
    with pytest.raises(ConnectionError):
        eng.push()
    answered = {i for batch in failing.answered for i in batch}
    assert len(answered) == 6
    # The third batch's marks were in flight on the helper when the fourth push failed.
    assert _sent(eng) == answered
    eng.central = real
    assert eng.push() == len(ids) - 6
    assert waiting(eng.store) == 0
    central = make_engine(sqlite_url(paths.central_path(demo)))
    assert central_event_count(central, ids) == len(ids)


def test_a_mark_that_fails_stops_the_push_and_the_rest_goes_once_later(
        demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    eng = engine_for(demo, "HES")
    ids = _twelve_events(eng)
    real_mark, calls = outbox.mark_sent, []

    def mark_sent(db: outbox.Db, acked: list[uuid.UUID]) -> int:
        calls.append(list(acked))
        if len(calls) == 2:
            raise OSError("disk full")
        return real_mark(db, acked)

    monkeypatch.setattr(outbox, "mark_sent", mark_sent)
    pushes = []
    real_push = eng.central.push

    def push(batch: list[Event]) -> PushResult:
        pushes.append(len(batch))
        return real_push(batch)

    monkeypatch.setattr(eng.central, "push", push)
    with pytest.raises(OSError, match="disk full"):
        eng.push()
    # The second batch's mark failed while the third was at the centre: the push stops there
    # (at most one batch's marks in flight), having marked the first batch only.
    assert pushes == [2, 2, 2]
    assert _sent(eng) == set(calls[0])
    monkeypatch.setattr(outbox, "mark_sent", real_mark)
    assert eng.push() == len(ids) - 2  # the stored ones acknowledged again, none twice
    assert waiting(eng.store) == 0
    central = make_engine(sqlite_url(paths.central_path(demo)))
    assert central_event_count(central, ids) == len(ids)
