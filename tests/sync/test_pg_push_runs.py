"""A push batch of several topics, as a packing station makes it (a crate opened, an item
packed into it, the crate closed, again and again), on the real PostgreSQL: its runs of one
topic go to the centre together, in one pipeline, not one round trip each
(`central_push._send`); a refused fact among them is still found and parked with the
database's own reason, and every other fact stored once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from cpdesk.store import models as m

from .conftest import PgCentre, depot_copy
from .helpers import pack_one
from .test_demo_rejections import _packed_into_an_unsent_crate


def test_a_mixed_batch_travels_in_one_pipeline_and_its_refusal_is_found(
        pg_fresh: PgCentre, tmp_path: Path) -> None:
    pg = pg_fresh  # a centre of its own: the refusal stays parked there
    eng = depot_copy(pg, tmp_path, "HES")
    eng.batch_size = 100
    good = [i for _ in range(8) for i in pack_one(eng.store, "HES")]
    _, bad = _packed_into_an_unsent_crate(eng.store, "HES")
    good += [i for _ in range(8) for i in pack_one(eng.store, "HES")]
    one_by_one: list[str] = []  # statements SQLAlchemy executed for the push, one at a time

    @event.listens_for(eng.central.engine, "before_cursor_execute")  # type: ignore[attr-defined]
    def executed(conn: object, cursor: object, statement: str, *_: object) -> None:
        one_by_one.append(statement.split(None, 1)[0].upper())

    report = eng.sync_once()
    assert [r["id"] for r in report.rejected] == [str(bad)]
    assert "foreign key" in report.rejected[0]["reason"].lower()
    assert report.pushed == len(good) == 48
    with Session(pg.admin) as s:
        assert s.scalar(select(m.CentralEvent.status).where(m.CentralEvent.id == bad)) == \
            "rejected"
        assert s.get(m.PackEvent, bad) is None
        statuses = dict(s.execute(select(m.CentralEvent.id, m.CentralEvent.status)
                                  .where(m.CentralEvent.id.in_(good))).all())
        assert set(statuses) == set(good) and set(statuses.values()) == {"accepted"}
    # The batch has 33 runs of one topic; one at a time, each try would execute them all.
    # Sent together, what SQLAlchemy executes itself is the receiving statement, the
    # savepoints of the tries that find the refusal, the status marks and the pull.
    inserts = [s for s in one_by_one if s == "INSERT"]
    assert len(inserts) <= 2, one_by_one
