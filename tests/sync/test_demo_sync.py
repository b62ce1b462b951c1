"""The protocol against the demo's embedded centre (SQLite): the same code as PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cpdesk.store import order_changes as conflicts
from cpdesk.store import paths
from cpdesk.store.db import make_engine, open_store, sqlite_url, transaction
from cpdesk.store.models import Crate, Order, OrderChange, Outbox, PackEvent
from cpdesk.sync.config import connect_central, setup_depot
from cpdesk.sync.engine import SyncEngine

from .conftest import engine_for
from .helpers import central_event_count, open_order, pack_one, waiting


def test_fresh_demo_has_nothing_to_move(demo: Path) -> None:
    report = engine_for(demo, "HES").sync_once()
    assert (report.pushed, report.pulled, report.waiting) == (0, 0, 0)


def test_facts_reach_the_centre_once_even_when_sent_twice(demo: Path) -> None:
    eng = engine_for(demo, "HES")
    ids = pack_one(eng.store, "HES")
    assert waiting(eng.store) == 3
    report = eng.sync_once()
    assert report.pushed == 3 and report.waiting == 0
    central = make_engine(sqlite_url(paths.central_path(demo)))
    assert central_event_count(central, ids) == 3
    with transaction(eng.store) as s:  # as if the local mark had been lost: all sent again
        s.execute(update(Outbox).values(sent_at=None))
    assert eng.sync_once().pushed == 3
    assert central_event_count(central, ids) == 3
    with Session(central) as s:
        event = s.get_one(PackEvent, ids[1])
        crate = s.get_one(Crate, event.crate_id)
        assert crate.status == "closed"  # the later state of the crate won


def test_setup_and_first_sync_fill_an_empty_store(demo: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    store_path = setup_depot(fresh, "CAR", sqlite_url(paths.central_path(demo)))
    store = open_store(store_path)
    report = SyncEngine(store, connect_central(store, fresh), page_size=500).sync_once()
    assert report.pulled > 1000 and report.pages > 1
    old = sqlite3.connect(paths.depot_path(demo, "CAR"))
    new = sqlite3.connect(store_path)
    for table in ("product", "barcode", "staff", "order", "order_line", "customer", "stop",
                  "round", "crate"):
        q = f'SELECT * FROM "{table}" ORDER BY 1'
        assert old.execute(q).fetchall() == new.execute(q).fetchall(), table


def test_other_depots_see_nothing_of_a_depot_only_order(demo: Path) -> None:
    central = make_engine(sqlite_url(paths.central_path(demo)))
    hes = engine_for(demo, "HES")
    with Session(hes.store) as s:
        order, _, _, _ = open_order(s, "HES")
    with Session(make_engine(sqlite_url(paths.depot_path(demo, "TDH")))) as s:
        seen_by_tdh = s.get(Order, order.id) is not None
    with transaction(central) as s:
        s.execute(update(Order).where(Order.id == order.id).values(notes="sonner", version=2))
    assert engine_for(demo, "HES").sync_once().pulled >= 1
    tdh = engine_for(demo, "TDH")
    tdh.sync_once()
    with Session(tdh.store) as s:
        row = s.get(Order, order.id)
        assert (row is not None) == seen_by_tdh
        if row is not None:
            assert row.notes == "sonner"
    with Session(hes.store) as s:
        assert s.get_one(Order, order.id).notes == "sonner"


def test_order_changed_while_packing_shows_the_difference(demo: Path) -> None:
    central = make_engine(sqlite_url(paths.central_path(demo)))
    hes = engine_for(demo, "HES")
    with Session(hes.store) as s:
        order, line, _, _ = open_order(s, "HES")
        first_line = order.lines[0].id
    pack_one(hes.store, "HES", order_id=order.id)
    hes.sync_once()
    with transaction(central) as s:
        o = s.get_one(Order, order.id)
        o.lines[0].quantity = o.lines[0].quantity + 2
        o.version += 1
    report = hes.sync_once()
    assert report.conflicts == 1
    with Session(hes.store) as s:
        (change,) = conflicts.open_changes(s, order.id)
        assert change.kind == "changed" and change.new_version == order.version + 1
        assert [c["line_id"] for c in change.diff["changed"]] == [str(first_line)]
    with transaction(central) as s:
        o = s.get_one(Order, order.id)
        o.status, o.version = "cancelled", o.version + 1
    assert hes.sync_once().conflicts == 1
    with Session(hes.store) as s:
        kinds = [c.kind for c in conflicts.open_changes(s, order.id)]
        assert kinds == ["changed", "cancelled"]
        assert s.scalar(select(PackEvent).where(PackEvent.order_id == order.id)) is not None


def test_an_order_moved_away_leaves_the_old_depot(demo: Path) -> None:
    """An order no longer visible comes as a tombstone (RLS alone would just hide it)."""
    central = make_engine(sqlite_url(paths.central_path(demo)))
    hes = engine_for(demo, "HES")
    with Session(central) as s:
        car = s.scalars(select(Order).join(Order.lines).where(Order.status == "open")).all()
        from cpdesk.store.models import Depot, OrderLine
        hes_id = s.scalars(select(Depot.id).where(Depot.code == "HES")).one()
        tdh_id = s.scalars(select(Depot.id).where(Depot.code == "TDH")).one()
        target = next(o for o in car if all(ln.packing_depot_id == hes_id for ln in o.lines)
                      and o.stop is not None and o.stop.round.depot_id == hes_id
                      and not s.scalar(select(PackEvent.id).where(PackEvent.order_id == o.id)))
    with transaction(central) as s:
        tdh_round_stop = s.scalars(select(Order.stop_id).join(Order.lines).where(
            OrderLine.packing_depot_id == tdh_id)).first()
        s.execute(update(OrderLine).where(OrderLine.order_id == target.id)
                  .values(packing_depot_id=tdh_id))
        s.execute(update(Order).where(Order.id == target.id)
                  .values(stop_id=tdh_round_stop, version=Order.version + 1))
    hes.sync_once()
    with Session(hes.store) as s:
        assert s.get(Order, target.id) is None
        assert not conflicts.open_changes(s, target.id)
    tdh = engine_for(demo, "TDH")
    tdh.sync_once()
    with Session(tdh.store) as s:
        moved = s.get_one(Order, target.id)
        assert {ln.packing_depot_id for ln in moved.lines} == {tdh_id}
        assert s.scalar(select(OrderChange)) is None


def test_a_packing_station_sees_what_the_sync_pulled_before_its_next_scan(demo: Path) -> None:
    """The packing service holds the open order between scans; the sync worker (another
    connection to the same store) pulls a central change to it: the very next scan is
    checked against the changed order, then against the cancelled one."""
    from cpdesk.domain.packing import LineState
    from cpdesk.packing.service import PackingService
    from cpdesk.packing.state import Refusal
    from cpdesk.store.models import Barcode, OrderLine, Staff

    central = make_engine(sqlite_url(paths.central_path(demo)))
    hes = engine_for(demo, "HES")
    svc = PackingService(hes.store, "HES")
    try:
        with Session(hes.store) as s:  # a line with a barcode, in an order not packed yet
            _, _, depot, _ = open_order(s, "HES")
            line, code = s.execute(
                select(OrderLine, Barcode.code).join(Order)
                .join(Barcode, Barcode.product_id == OrderLine.product_id)
                .where(Order.status == "open", OrderLine.packing_depot_id == depot.id,
                       Barcode.kind == "ean13",
                       Order.id.not_in(select(PackEvent.order_id)))
                .order_by(Order.number)).first() or (None, None)
            assert line is not None and code is not None
            order, line_id = line.order, line.id
            staff = s.scalars(select(Staff).where(Staff.active)).first()
            assert staff is not None
        with transaction(central) as s:  # room for two items
            o = s.get_one(Order, order.id)
            next(ln for ln in o.lines if ln.id == line_id).quantity = 3
            o.version += 1
        hes.sync_once()
        first = svc.scan(order.id, code, staff.id)
        assert first.ok, (first.refusal, first.state and first.state.line(line_id))
        reloads = svc.reloads
        with transaction(central) as s:  # the customer wants one only now
            o = s.get_one(Order, order.id)
            next(ln for ln in o.lines if ln.id == line_id).quantity = 1
            o.version += 1
        assert hes.sync_once().conflicts == 1
        out = svc.scan(order.id, code, staff.id)
        assert out.refusal is Refusal.LINE_COMPLETE and svc.reloads == reloads + 1
        assert out.state.changed and out.state.change is not None
        assert out.state.line(line_id).state is LineState.PACKED
        with transaction(central) as s:
            o = s.get_one(Order, order.id)
            o.status, o.version = "cancelled", o.version + 1
        hes.sync_once()
        assert svc.scan(order.id, code, staff.id).refusal is Refusal.ORDER_CANCELLED
    finally:
        svc.close()
