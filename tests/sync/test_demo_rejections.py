"""A refusal is not a delivery, on the demo's embedded centre (the same code as PostgreSQL):
the depot keeps a refused fact open with the centre's reason, shows it, and sends it again
until it is stored or a person at the centre settles it."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from cpdesk.cli import main
from cpdesk.domain.ids import new_id, short_code
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import make_engine, sqlite_url, transaction
from cpdesk.sync import outbox
from cpdesk.sync.worker import SyncWorker

from .conftest import engine_for
from .helpers import open_order, waiting


def _central(d: Path) -> Engine:
    return make_engine(sqlite_url(paths.central_path(d)))


def _packed_into_an_unsent_crate(store: Engine, depot: str) -> tuple[uuid.UUID, uuid.UUID]:
    """A pack event into a crate whose own record never went into the outbox: the centre
    can't store the event (its crate is unknown there). Returns (crate id, event id)."""
    with transaction(store) as s:
        order, line, dep, staff = open_order(s, depot)
        cid = new_id()
        crate = m.Crate(id=cid, code=f"CR{short_code(cid)}", order_id=order.id,
                        depot_id=dep.id, zone="ambient", seq=98, status="open")
        s.add(crate)
        ev = m.PackEvent(depot_id=dep.id, order_id=order.id, line_id=line.id, crate_id=cid,
                         kind="pack", quantity=1, amount_cents=100, staff_id=staff.id,
                         order_version=order.version, at=dt.datetime.now(dt.UTC))
        s.add(ev)
        return cid, outbox.record_fact(s, ev)


def test_a_refused_fact_stays_open_is_shown_and_is_stored_once_put_right(
        demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    eng = engine_for(demo, "HES")
    crate_id, event_id = _packed_into_an_unsent_crate(eng.store, "HES")

    report = eng.sync_once()
    assert report.pushed == 0 and report.waiting == 1 and report.rejected_total == 1
    (refusal,) = report.rejected
    assert refusal["id"] == str(event_id) and refusal["topic"] == "pack_event"
    assert "FOREIGN KEY" in refusal["reason"] and "crate" in refusal["target"]
    with Session(eng.store) as s:
        row = s.get_one(m.Outbox, event_id)
        assert row.sent_at is None and row.rejected_at is not None
    with Session(_central(demo)) as s:  # parked with its payload, not stored
        parked = s.get_one(m.CentralEvent, event_id)
        assert parked.status == "rejected" and parked.payload["crate_id"] == str(crate_id)
        assert s.get(m.PackEvent, event_id) is None

    status = SyncWorker(eng).run_once()  # what the screens get
    assert status.online and status.rejected == 1 and status.waiting == 1
    assert [r.id for r in status.refusals] == [event_id]
    assert "FOREIGN KEY" in status.refusals[0].reason

    assert main(["sync", "--data-dir", str(demo), "--depot", "HES", "--once", "--json"]) == 4
    out = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in out["rejected"]] == [str(event_id)] and out["rejected_total"] == 1
    assert main(["central", "rejections", "--db", sqlite_url(paths.central_path(demo)),
                 "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["total"] == 1 and listed["rejected"][0]["depot"] == "HES"
    assert listed["rejected"][0]["target"]["crate_id"] == str(crate_id)

    with transaction(eng.store) as s:  # the cause put right: the crate is sent
        outbox.record_fact(s, s.get_one(m.Crate, crate_id))
    eng.sync_once()  # the refused event goes first (still refused), then the crate
    report = eng.sync_once()  # sent again: stored now
    assert report.rejected == [] and report.waiting == 0
    with Session(_central(demo)) as s:
        assert s.get_one(m.CentralEvent, event_id).status == "accepted"
        assert s.get(m.PackEvent, event_id) is not None
    with Session(eng.store) as s:
        row = s.get_one(m.Outbox, event_id)
        assert row.sent_at is not None and row.resolution is None
    assert main(["sync", "--data-dir", str(demo), "--depot", "HES", "--once", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rejected"] == []


def test_a_refused_old_state_of_a_row_is_superseded_by_a_newer_one_sent(demo: Path) -> None:
    """A crate's state is sent whole: once a later state is stored, sending an older refused
    one again would put the crate back in time. It is closed as superseded instead."""
    eng = engine_for(demo, "CAR")
    with transaction(eng.store) as s:
        order, _, dep, _ = open_order(s, "CAR")
        cid = new_id()
        crate = m.Crate(id=cid, code=f"CR{short_code(cid)}", order_id=order.id,
                        depot_id=dep.id, zone="ambient", seq=97, status="open")
        s.add(crate)
        old = outbox.record_fact(s, crate)
    with transaction(eng.store) as s:
        s.get_one(m.Crate, cid).status = "closed"
        new = outbox.record_fact(s, s.get_one(m.Crate, cid))
    assert eng.sync_once().waiting == 0
    # As if the centre had refused the open state while storing the closed one after it.
    with transaction(_central(demo)) as s:
        s.execute(update(m.CentralEvent).where(m.CentralEvent.id == old)
                  .values(status="rejected", note="refused for the test"))
    with transaction(eng.store) as s:
        s.get_one(m.Outbox, old).sent_at = None
        outbox.mark_rejected(s, {old: "refused for the test"})
    report = eng.sync_once()
    assert report.rejected == [] and waiting(eng.store) == 0
    with Session(_central(demo)) as s:  # not put back to open by the old state
        assert s.get_one(m.Crate, cid).status == "closed"
    with Session(eng.store) as s:
        assert s.get_one(m.Outbox, new).sent_at is not None
        assert "superseded" in (s.get_one(m.Outbox, old).resolution or "")


def test_every_refused_fact_is_sent_again_page_after_page(demo: Path) -> None:
    eng = engine_for(demo, "TDH")  # pushes 2 events a batch
    made = [_packed_into_an_unsent_crate(eng.store, "TDH") for _ in range(5)]
    report = eng.sync_once()
    assert report.rejected_total == 5 and report.waiting == 5 and report.pushed == 0
    assert [r["id"] for r in report.rejected] == [str(e) for _, e in made]  # oldest first
    with transaction(eng.store) as s:  # the causes put right: the crates are sent
        for crate_id, _ in made:
            outbox.record_fact(s, s.get_one(m.Crate, crate_id))
    eng.sync_once()
    report = eng.sync_once()  # all five sent again, across three batches
    assert report.rejected == [] and report.waiting == 0 and report.pushed == 5
    with Session(_central(demo)) as s:
        assert all(s.get(m.PackEvent, e) is not None for _, e in made)


def test_one_refused_fact_in_a_large_batch_is_found_in_a_few_tries(
        demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The centre splits a batch it can't take in halves until it holds the refused fact
    alone (central_push `_apply`): a few tries for one bad fact among 61, not one per fact."""
    from cpdesk.sync.central_push import PushSide

    from .helpers import pack_one

    eng = engine_for(demo, "HES")
    eng.batch_size = 100
    good = [i for _ in range(10) for i in pack_one(eng.store, "HES")]
    _, bad = _packed_into_an_unsent_crate(eng.store, "HES")
    good += [i for _ in range(10) for i in pack_one(eng.store, "HES")]
    tries: list[int] = []
    apply_facts = PushSide._apply_facts

    def counted(self: PushSide, conn: object, events: list[object]) -> None:
        tries.append(len(events))
        apply_facts(self, conn, events)  # type: ignore[arg-type]

    monkeypatch.setattr(PushSide, "_apply_facts", counted)
    report = eng.sync_once()
    assert [r["id"] for r in report.rejected] == [str(bad)]
    assert report.pushed == len(good) == 60
    assert tries[0] == 61 and len(tries) <= 1 + 2 * 6  # the batch, then two halves a level
    with Session(_central(demo)) as s:
        assert s.get(m.PackEvent, bad) is None
        assert all(s.get(m.CentralEvent, i).status == "accepted" for i in good)
