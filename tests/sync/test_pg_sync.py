"""The protocol against the real PostgreSQL, each depot with its own login."""

from __future__ import annotations

import sqlite3
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.orm import Session

from cpdesk.demo.generator import depot_view, generate
from cpdesk.store.db import transaction
from cpdesk.store.models import CentralEvent, Crate, Order, PackEvent
from cpdesk.sync.central import CentralBackend
from cpdesk.sync.config import central_engine
from cpdesk.sync.contract import START

from .conftest import ADMIN, TODAY, PgCentre, depot_copy
from .helpers import central_event_count, open_order, pack_one, waiting

pytestmark = pytest.mark.postgres


def test_first_sync_fills_each_depot_with_exactly_its_view(pg: PgCentre) -> None:
    net = generate(seed=3, orders=60, today=TODAY)
    for depot in ("HES", "CAR", "TDH"):
        view = depot_view(net, depot)
        db = sqlite3.connect(pg.template / f"depot-{depot}.sqlite")
        for table in ("product", "staff", "order", "order_line", "customer", "stop", "round"):
            got = {r[0] for r in db.execute(f'SELECT id FROM "{table}"')}
            want = {r["id"].hex for r in view[table]}
            assert got == want, (depot, table)


def test_push_applies_facts_once_and_flags_packing_after_a_cancel(pg: PgCentre,
                                                                   tmp_path: Path) -> None:
    eng = depot_copy(pg, tmp_path, "HES")
    ids = pack_one(eng.store, "HES")
    assert eng.sync_once().pushed == 3
    assert eng.central.push([]).acked == []
    assert central_event_count(pg.admin, ids) == 3
    with Session(eng.store) as s:
        order, _, _, _ = open_order(s, "HES")
    with transaction(pg.admin) as s:
        s.execute(update(Order).where(Order.id == order.id)
                  .values(status="cancelled", version=Order.version + 1))
    late = pack_one(eng.store, "HES", order_id=order.id)  # packed before the news arrived
    report = eng.sync_once()
    assert report.pushed == 3 and report.conflicts == 1
    with Session(pg.admin) as s:
        status = s.scalar(select(CentralEvent.status).where(CentralEvent.id == late[1]))
        assert status == "flagged"
        assert s.get(PackEvent, late[1]) is not None  # accepted: a fact stays a fact


def test_duplicate_batches_are_applied_once(pg: PgCentre, tmp_path: Path) -> None:
    eng = depot_copy(pg, tmp_path, "CAR")
    ids = pack_one(eng.store, "CAR")
    from cpdesk.sync import outbox

    with Session(eng.store) as s:
        batch = outbox.pending(s, 100)
    assert sorted(eng.central.push(batch).acked) == sorted(ids)
    assert sorted(eng.central.push(batch).acked) == sorted(ids)
    assert central_event_count(pg.admin, ids) == 3
    assert eng.sync_once().pushed == 3 and waiting(eng.store) == 0
    assert central_event_count(pg.admin, ids) == 3


def test_a_pull_never_skips_a_row_committed_late(pg: PgCentre, tmp_path: Path) -> None:
    """T1 stamps a change first but commits last: the gate holds the cursor behind T1."""
    eng = depot_copy(pg, tmp_path, "HES")
    eng.sync_once()
    with Session(eng.store) as s:
        (o1, _, _, _), o2 = open_order(s, "HES"), None
        o2 = s.scalars(select(Order).where(Order.id != o1.id, Order.status == "open")).first()
        assert o2 is not None
    t1 = pg.admin.connect()
    try:
        t1.execute(update(Order).where(Order.id == o1.id)
                   .values(notes="late", version=Order.version + 1))
        with transaction(pg.admin) as s:  # T2: starts after T1, commits first
            s.execute(update(Order).where(Order.id == o2.id).values(notes="early"))
        held = eng.sync_once()
        with Session(eng.store) as s:
            assert s.get_one(Order, o1.id).notes != "late"
        # T2's change is committed but held behind T1, and the status says so
        assert held.held_back >= 1 and held.held_for_s is not None and held.held_for_s >= 0
        t1.commit()
    finally:
        t1.close()
    report = eng.sync_once()
    with Session(eng.store) as s:
        assert s.get_one(Order, o1.id).notes == "late"
        assert s.get_one(Order, o2.id).notes == "early"
    assert report.held_back == 0 and report.held_for_s is None


def test_a_pull_never_waits_on_a_transaction_in_another_database(pg: PgCentre,
                                                                 tmp_path: Path) -> None:
    """A transaction open in another database of the same server (a report, another test
    run) can't write this centre's change log: it holds nothing back."""
    eng = depot_copy(pg, tmp_path, "HES")
    eng.sync_once()
    with Session(eng.store) as s:
        order, _, _, _ = open_order(s, "HES")
    server = create_engine(ADMIN)  # the server's own database, not the centre's
    stranger = server.connect()
    try:
        xid = stranger.execute(text("SELECT pg_current_xact_id()::text::bigint")).scalar()
        with transaction(pg.admin) as s:
            s.execute(update(Order).where(Order.id == order.id)
                      .values(notes="while a stranger waits", version=Order.version + 1))
        with pg.admin.connect() as c:  # the cluster-wide horizon is held by the stranger
            stamped = c.execute(text("SELECT max(xid)::text::bigint FROM sync_change")).scalar()
            horizon = c.execute(text(
                "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")).scalar()
        assert horizon <= xid < stamped
        report = eng.sync_once()
        with Session(eng.store) as s:
            assert s.get_one(Order, order.id).notes == "while a stranger waits"
        assert report.held_back == 0 and report.held_for_s is None
    finally:
        stranger.rollback()
        stranger.close()
        server.dispose()


def test_the_login_must_speak_for_the_depot(pg: PgCentre) -> None:
    from cpdesk.errors import CpdeskError

    forged = CentralBackend(central_engine(pg.logins["CAR"]), "HES")
    with pytest.raises(CpdeskError, match="speaks for depot CAR"):
        forged.pull(START, 10)
    forged.close()


def test_epoch_change_pulls_everything_again_and_resends(pg: PgCentre, tmp_path: Path) -> None:
    eng = depot_copy(pg, tmp_path, "TDH")
    pack_one(eng.store, "TDH")
    eng.sync_once()
    with transaction(pg.admin) as s:
        old = s.scalar(text("SELECT value FROM meta WHERE key = 'epoch'"))
        s.execute(text("UPDATE meta SET value = gen_random_uuid()::text WHERE key = 'epoch'"))
    try:
        report = eng.sync_once()
        assert report.epoch_reset and report.pushed == 3 and report.pulled > 1000
        with Session(pg.admin) as s:
            assert s.scalar(select(func.count()).select_from(Crate)) > 0
    finally:  # the centre is shared by the session's tests: the others keep their epoch
        with transaction(pg.admin) as s:
            s.execute(text("UPDATE meta SET value = :v WHERE key = 'epoch'"), {"v": old})


def test_an_order_and_its_lines_changed_together_are_logged_once(pg: PgCentre,
                                                                  tmp_path: Path) -> None:
    """One change-log entry per order and transaction, however many lines changed; the
    depot still receives every line as the transaction left it."""
    eng = depot_copy(pg, tmp_path, "HES")
    with Session(eng.store) as s:
        order_id = s.scalars(select(Order.id).where(Order.status == "open")
                             .order_by(Order.number)).first()
    assert order_id is not None

    def entries() -> int:
        return c.execute(text(
            "SELECT count(*) FROM sync_change WHERE xid = pg_current_xact_id() "
            "AND tbl = 'order' AND row_key = :k"), {"k": str(order_id)}).scalar() or 0

    with pg.admin.begin() as c:
        c.execute(update(Order).where(Order.id == order_id).values(notes="twice"))
        c.execute(text("UPDATE order_line SET quantity = quantity + 1 WHERE order_id = :o"),
                  {"o": order_id})
        assert entries() == 1
    with pg.admin.begin() as c:
        c.execute(text("UPDATE order_line SET quantity = quantity + 1 WHERE order_id = :o"),
                  {"o": order_id})
        c.execute(text("UPDATE order_line SET quantity = quantity + 1 WHERE order_id = :o"),
                  {"o": order_id})
        assert entries() == 1
        central = dict(c.execute(text(
            "SELECT id::text, quantity FROM order_line WHERE order_id = :o"),
            {"o": order_id}).all())
    eng.sync_once()
    with Session(eng.store) as s:
        local = dict(s.execute(text("SELECT id, quantity FROM order_line WHERE order_id = :o"),
                               {"o": order_id.hex}).all())
    assert {uuid.UUID(k): Decimal(str(v)) for k, v in local.items()} == {
        uuid.UUID(k): Decimal(v) for k, v in central.items()}
