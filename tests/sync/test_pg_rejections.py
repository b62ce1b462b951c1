"""A fact the centre can't store is never acknowledged and forgotten, against the real
PostgreSQL with the depots' own logins.

- A line removed by a re-import while a depot packed it offline: the line is kept centrally
  at quantity 0, the pack event is stored (flagged), the depot gets the change to resolve.
- A line deleted centrally all the same: the pack event is parked with the reason, the
  depot keeps it open and shows it, and it is stored as soon as the line is back.
- A fact refused by a policy: reported (`cpdesk sync --json`, exit code 4), sent again at
  each sync, listed for a supervisor by `cpdesk central rejections`, closed only when a person
  settles it there.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from cpdesk.cli import main
from cpdesk.domain.ids import new_id
from cpdesk.packing.service import PackingService
from cpdesk.store import models as m
from cpdesk.store.db import transaction
from cpdesk.store.order_changes import open_changes
from cpdesk.sync import outbox
from cpdesk.sync.engine import SyncEngine

from .conftest import PgCentre, depot_copy
from .helpers import waiting

pytestmark = pytest.mark.postgres

HEADER = ("number", "delivery_date", "status", "customer_name", "customer_kind", "address",
          "postcode", "commune", "phone", "round", "sku", "quantity", "packing_depot")


def _order_to_cut(pg: PgCentre, depot: str) -> tuple[uuid.UUID, uuid.UUID]:
    """An open order nobody packed yet, with at least two lines, all packed by this depot
    (orders shared between depots are left to the other tests), and a unit line (whole
    pieces): (order id, that line's id). Taken from the end of the list, away from the
    orders the other tests take from the start."""
    with Session(pg.admin) as s:
        me = s.scalars(select(m.Depot.id).where(m.Depot.code == depot)).one()
        packed = set(s.scalars(select(m.PackEvent.order_id)))
        for order in s.scalars(select(m.Order).where(m.Order.status == "open")
                               .order_by(m.Order.number.desc())):
            if (order.id in packed or len(order.lines) < 2
                    or {ln.packing_depot_id for ln in order.lines} != {me}):
                continue
            for ln in order.lines:
                if (ln.packing_depot_id == me and ln.product.sale_unit != "kg"
                        and ln.quantity == int(ln.quantity) and ln.quantity > 0):
                    return order.id, ln.id
    raise AssertionError(f"no open order with a unit line of {depot}")


def _export_without(pg: PgCentre, order_id: uuid.UUID, line_id: uuid.UUID, path: Path) -> None:
    """The web shop's export of the order, the line taken out (as the shop would send it)."""
    with Session(pg.admin) as s:
        o = s.get_one(m.Order, order_id)
        c = o.customer
        rows = [(o.number, o.delivery_date.isoformat(), "open", c.name, c.kind, c.address,
                 c.postcode, c.commune, c.phone or "", "", ln.product.sku, str(ln.quantity),
                 ln.packing_depot.code)
                for ln in sorted(o.lines, key=lambda x: x.line_no) if ln.id != line_id]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows)


def _pack_whole_line(eng: SyncEngine, depot: str, order_id: uuid.UUID,
                     line_id: uuid.UUID) -> list[uuid.UUID]:
    """At the station, offline: the line packed to its last item. Returns the pack events."""
    svc = PackingService(eng.store, depot)
    with Session(eng.store) as s:
        staff = s.scalars(select(m.Staff.id).order_by(m.Staff.name)).first()
        qty = int(s.get_one(m.OrderLine, line_id).quantity)
    assert staff is not None
    out = svc.pack_line(order_id, line_id, staff, quantity=qty)
    assert out.state is not None, out
    with Session(eng.store) as s:
        events = list(s.scalars(select(m.PackEvent.id).where(m.PackEvent.line_id == line_id)))
    assert events, out
    return events


def _pull_until(eng: SyncEngine, check: Callable[[Session], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with Session(eng.store) as s:
            if check(s):
                return
        assert time.monotonic() < deadline, "the pull never brought the change"
        time.sleep(0.2)
        eng.sync_once()


def _outbox_row(eng: SyncEngine, event_id: uuid.UUID) -> m.Outbox:
    with Session(eng.store, expire_on_commit=False) as s:
        return s.get_one(m.Outbox, event_id)


def test_a_line_removed_by_a_reimport_while_packed_offline_keeps_the_fact(
        pg: PgCentre, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    eng = depot_copy(pg, tmp_path / "d", "HES")
    order_id, line_id = _order_to_cut(pg, "HES")
    events = _pack_whole_line(eng, "HES", order_id, line_id)  # offline: nothing pushed yet

    export = tmp_path / "orders.csv"
    _export_without(pg, order_id, line_id, export)
    assert main(["central", "import-orders", str(export), "--db", pg.url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["updated"] == 1
    with Session(pg.admin) as s:  # kept, at quantity 0: a depot may have packed it
        assert s.get_one(m.OrderLine, line_id).quantity == 0
        version = s.get_one(m.Order, order_id).version

    report = eng.sync_once()
    assert report.rejected == [] and report.rejected_total == 0 and report.waiting == 0
    with Session(pg.admin) as s:  # the packed items reached the centre's facts
        stored = set(s.scalars(select(m.PackEvent.id).where(m.PackEvent.id.in_(events))))
        assert stored == set(events)
        statuses = set(s.scalars(select(m.CentralEvent.status)
                                 .where(m.CentralEvent.id.in_(events))))
        assert statuses == {"flagged"}  # packed against an older version: for a person
    for ev in events:
        row = _outbox_row(eng, ev)
        assert row.sent_at is not None and row.rejected_at is None

    # The depot gets the change to resolve (the pull gate is cluster-wide: a transaction
    # open anywhere on the shared server may hold the change back for a while).
    _pull_until(eng, lambda s: s.get_one(m.Order, order_id).version == version)
    with Session(eng.store) as s:
        assert s.get_one(m.OrderLine, line_id).quantity == 0
        assert open_changes(s, order_id)
    state = PackingService(eng.store, "HES").state(order_id)
    assert state.change is not None
    removed = {c.line_id: c for c in state.change.removed}
    assert line_id in removed and removed[line_id].quantity == 0 and removed[line_id].packed > 0

    # the same export again changes nothing: the removed line stays, the version too
    assert main(["central", "import-orders", str(export), "--db", pg.url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unchanged"] == 1
    with Session(pg.admin) as s:
        assert s.get_one(m.Order, order_id).version == version
        assert s.get_one(m.OrderLine, line_id).quantity == 0


def test_a_pack_event_whose_line_was_deleted_is_parked_shown_and_stored_later(
        pg: PgCentre, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    eng = depot_copy(pg, tmp_path / "d", "CAR")
    order_id, line_id = _order_to_cut(pg, "CAR")
    events = _pack_whole_line(eng, "CAR", order_id, line_id)
    with Session(pg.admin) as s:
        line = {c.key: getattr(s.get_one(m.OrderLine, line_id), c.key)
                for c in m.OrderLine.__table__.columns}
    with transaction(pg.admin) as s:  # deleted centrally by other means than the importer
        s.execute(delete(m.OrderLine).where(m.OrderLine.id == line_id))

    report = eng.sync_once()
    refused = {uuid.UUID(r["id"]): r for r in report.rejected}
    assert set(events) <= set(refused) and report.rejected_total == len(refused)
    assert all("foreign key" in refused[e]["reason"] for e in events), refused
    assert report.waiting == len(refused)
    for ev in events:  # not marked sent: open, with the centre's reason
        row = _outbox_row(eng, ev)
        assert row.sent_at is None and row.rejected_at is not None
        assert "order_line" in (row.reject_reason or "")
    with Session(pg.admin) as s:  # parked with its payload, for a supervisor
        parked = {e.id: e for e in s.scalars(select(m.CentralEvent)
                                             .where(m.CentralEvent.id.in_(events)))}
        assert {e.status for e in parked.values()} == {"rejected"}
        assert all(e.payload["line_id"] == str(line_id) for e in parked.values())
        assert s.scalar(select(func.count()).select_from(m.PackEvent)
                        .where(m.PackEvent.id.in_(events))) == 0
    assert main(["central", "rejections", "--db", pg.url, "--depot", "CAR", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {uuid.UUID(r["id"]) for r in listed["rejected"]} >= set(events)
    assert all(r["target"]["line_id"] == str(line_id) for r in listed["rejected"]
               if uuid.UUID(r["id"]) in events)

    again = eng.sync_once()  # sent again; still refused, still one central row each
    assert {uuid.UUID(r["id"]) for r in again.rejected} == set(refused)
    with Session(pg.admin) as s:
        assert s.scalar(select(func.count()).select_from(m.CentralEvent)
                        .where(m.CentralEvent.id.in_(events))) == len(events)

    with transaction(pg.admin) as s:  # the centre puts the line back
        s.execute(insert(m.OrderLine).values(**line))
    fixed = eng.sync_once()
    assert fixed.rejected == [] and fixed.waiting == 0 and fixed.pushed >= len(events)
    with Session(pg.admin) as s:
        assert s.scalar(select(func.count()).select_from(m.PackEvent)
                        .where(m.PackEvent.id.in_(events))) == len(events)
        assert set(s.scalars(select(m.CentralEvent.status)
                             .where(m.CentralEvent.id.in_(events)))) <= {"accepted", "flagged"}
    assert all(_outbox_row(eng, e).sent_at is not None for e in events)


def _forged_pack_event(eng: SyncEngine, other: str) -> uuid.UUID:
    """A pack event written as another depot's: the centre's policy refuses it."""
    with transaction(eng.store) as s:
        depot = s.scalars(select(m.Depot).where(m.Depot.code == other)).one()
        line = s.scalars(select(m.OrderLine).order_by(m.OrderLine.id)).first()
        staff = s.scalars(select(m.Staff.id).order_by(m.Staff.name)).first()
        assert line is not None and staff is not None
        ev = m.PackEvent(id=new_id(), depot_id=depot.id, order_id=line.order_id,
                         line_id=line.id, kind="short", quantity=0, reason="forged",
                         staff_id=staff, order_version=1, at=dt.datetime.now(dt.UTC))
        s.add(ev)
        return outbox.record_fact(s, ev)


def _sync_cli(tmp: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code = main(["sync", "--data-dir", str(tmp), "--depot", "TDH", "--once", "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_a_fact_refused_by_a_policy_is_reported_resent_and_settled_by_a_person(
        pg: PgCentre, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    eng = depot_copy(pg, tmp_path, "TDH")
    bad = _forged_pack_event(eng, "HES")
    eng.store.dispose()

    code, out = _sync_cli(tmp_path, capsys)
    assert code == 4 and out["online"] is True  # synced, but not everything was delivered
    (refusal,) = [r for r in out["rejected"] if r["id"] == str(bad)]
    assert "row-level security" in refusal["reason"] and refusal["topic"] == "pack_event"
    assert out["rejected_total"] == 1 and out["waiting"] == 1
    assert _outbox_row(eng, bad).sent_at is None

    code, out = _sync_cli(tmp_path, capsys)  # sent again at the next sync: still refused
    assert code == 4 and [r["id"] for r in out["rejected"]] == [str(bad)]

    assert main(["central", "rejections", "--db", pg.url, "--depot", "TDH"]) == 0
    listing = capsys.readouterr().out
    assert str(bad) in listing and "row-level security" in listing
    assert main(["central", "rejections", "--db", pg.url, "--resolve", str(bad)]) == 1
    assert "--note" in capsys.readouterr().err  # a person says how it was settled
    assert main(["central", "rejections", "--db", pg.url, "--resolve", str(bad),
                 "--note", "a mistake at TDH, nothing to store"]) == 0
    capsys.readouterr()
    with Session(pg.admin) as s:
        row = s.get_one(m.CentralEvent, bad)
        assert row.status == "resolved" and row.resolved_at is not None
        assert s.get(m.PackEvent, bad) is None  # settled, not stored

    code, out = _sync_cli(tmp_path, capsys)
    assert code == 0 and out["rejected"] == [] and out["waiting"] == 0 and out["resolved"] == 1
    row = _outbox_row(eng, bad)
    assert row.sent_at is not None
    assert row.resolution is not None and "nothing to store" in row.resolution
    assert waiting(eng.store) == 0
    assert main(["central", "rejections", "--db", pg.url, "--resolve", str(bad),
                 "--note", "again"]) == 1  # only a refused event can be settled
    assert "resolved, not refused" in capsys.readouterr().err
