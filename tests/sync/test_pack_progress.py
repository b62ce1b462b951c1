"""The board's progress projection (cpdesk/store/pack_progress.py) equals the domain's fold
for every order, whoever wrote the store: random packing at two depots (scans, weights,
acceptances, shortages, substitutes, items taken out and moved, undo, crates closed), their
pushes and pulls, orders changed centrally (lines added, removed, changed, moved to another
depot, cancelled), products whose zone or tolerance changed centrally, and writes that bypass
the projection altogether. The board read from it is the board the ORM read gave."""

from __future__ import annotations

import dataclasses
import random
import sqlite3
import uuid
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from cpdesk.domain.model import SHORT_REASONS
from cpdesk.packing.board_data import load_board, read_board
from cpdesk.packing.service import PackingService
from cpdesk.store import models as m
from cpdesk.store import pack_progress, paths
from cpdesk.store.db import make_engine, sqlite_url, transaction

from ..packing.old_board import old_load_board
from .conftest import engine_for


def _pack_randomly(svc: PackingService, rng: random.Random, orders: list[uuid.UUID]) -> None:
    packer = svc.sign_in("1001")
    supervisor = svc.supervisor("9001")
    assert packer is not None and supervisor is not None
    for order_id in orders:
        for _ in range(rng.randint(0, 14)):
            state = svc.state(order_id)
            if not state.lines or state.status != "open":
                break
            line = rng.choice(state.lines)
            roll = rng.random()
            if roll < 0.08:
                svc.undo_last(order_id, packer.id)
            elif roll < 0.14:
                svc.short(order_id, line.id, rng.choice(SHORT_REASONS), packer.id)
            elif roll < 0.17:
                svc.substitute(order_id, line.id, rng.choice(SHORT_REASONS), packer.id)
            elif roll < 0.21 and state.items:
                svc.remove_item(rng.choice(state.items).event_id, packer.id)
            elif roll < 0.24 and state.items and len(state.crates) > 1:
                item = rng.choice(state.items)
                to = rng.choice(state.crates)
                svc.move_item(item.event_id, to.id, packer.id)  # refused when it may not go
            elif roll < 0.28 and any(c.is_open and c.items for c in state.crates):
                svc.close_crate(next(c.id for c in state.crates if c.is_open and c.items),
                                packer.id)
            elif roll < 0.30:
                svc.open_crate(order_id, line.zone, packer.id)
            elif line.weighed:
                spread = Decimal(rng.choice((0.5, 0.97, 1.0, 1.03, 1.4)))
                grams = max(1, int(line.quantity * 1000 * spread))
                svc.weigh(order_id, line.id, grams, "scale", packer.id)
                if rng.random() < 0.5:  # a supervisor accepts it (refused when inside)
                    svc.accept_out_of_tolerance(order_id, line.id, supervisor.id, packer.id)
            else:
                svc.pack_line(order_id, line.id, packer.id, quantity=rng.randint(1, 2))
        if rng.random() < 0.3:
            svc.finish(order_id, packer.id)


def _orders_packed_at(engine: Engine, depot: str) -> list[uuid.UUID]:
    with Session(engine) as s:
        depot_id = s.scalar(select(m.Depot.id).where(m.Depot.code == depot))
        return list(s.scalars(select(m.Order.id).distinct().join(m.OrderLine)
                              .where(m.OrderLine.packing_depot_id == depot_id,
                                     m.Order.status == "open").order_by(m.Order.id)))


def assert_rows_equal_the_fold(engine: Engine) -> int:
    """Every row of the projection, of every depot, equals the fold of the store as it is
    now (the triggers must have deleted any row an input changed for). Returns the rows."""
    raw = engine.raw_connection()
    try:
        n = 0
        for depot_id, code in raw.execute("SELECT id, code FROM depot").fetchall():
            rows = pack_progress.stored(raw, depot_id)
            folded = pack_progress.fold(raw, list(rows), depot_id, code)
            for order_id, (lines, resolved, started, zones, touched, packers,
                           last_at) in rows.items():
                f = folded[order_id]
                assert (lines, resolved, bool(started), zones, bool(touched),
                        set(packers.split(",")) if packers else set(), last_at) == (
                    f.counts.lines, f.counts.resolved, f.counts.started, ",".join(f.counts.zones),
                    f.touched, f.packers, f.last_at), (code, order_id)
            n += len(rows)
        return n
    finally:
        raw.close()


def _comparable(board) -> dict:
    return {
        "orders": {o.id: dataclasses.asdict(o) for r in board.rounds for o in r.orders},
        "rounds": [(r.id, r.code, r.depot, r.van, r.driver, r.departure, r.status,
                    [o.id for o in r.orders], r.capacity, r.crates_by_zone)
                   for r in board.rounds],
        "per_hour": board.per_hour,
    }


def assert_board_is_the_fold(engine: Engine) -> None:
    """The board of every day and depot, read from the projection, is the board folded
    from the events (projection emptied, in a transaction rolled back) and the ORM read
    the projection replaced."""
    with Session(engine) as s:
        days = sorted(set(s.scalars(select(m.Order.delivery_date))))
        for day in days:
            for depot in ("HES", "CAR", "TDH"):
                projected = load_board(s, day, depot)
                old = old_load_board(s, day, depot)
                s.execute(text("DELETE FROM pack_progress"))
                folded = load_board(s, day, depot)
                s.rollback()
                assert _comparable(projected) == _comparable(folded), (day, depot)
                without_time = _comparable(projected)
                for o in without_time["orders"].values():
                    o.pop("last_event_at")
                assert without_time == {**_comparable(old), "orders": {
                    k: {f: v for f, v in o.items() if f != "last_event_at"}
                    for k, o in _comparable(old)["orders"].items()}}, (day, depot)


def _own_rows_missing(engine: Engine, depot: str) -> int:
    with Session(engine) as s:
        depot_id = s.scalar(select(m.Depot.id).where(m.Depot.code == depot))
        assert depot_id is not None
        return s.scalar(text('SELECT count(*) FROM "order" o WHERE NOT EXISTS (SELECT 1 FROM '
                             "pack_progress p WHERE p.order_id = o.id AND p.depot_id = :d)"),
                        {"d": depot_id.hex}) or 0


def _change_centrally(central: Engine, rng: random.Random) -> None:
    """What the centre does to orders and products in the meantime."""
    with transaction(central) as s:
        depots = {d.code: d.id for d in s.scalars(select(m.Depot))}
        orders = list(s.scalars(select(m.Order).where(m.Order.status == "open")
                                .order_by(m.Order.number)))
        for order in rng.sample(orders, min(len(orders), 14)):
            lines = list(order.lines)
            roll = rng.random()
            if roll < 0.25 and lines:
                ln = rng.choice(lines)
                ln.quantity = ln.quantity + rng.choice((1, 2))
            elif roll < 0.4 and lines:
                rng.choice(lines).quantity = Decimal(0)
            elif roll < 0.55 and len(lines) > 1 and (free := [
                    ln for ln in lines if s.scalar(select(m.PackEvent.id).where(
                        m.PackEvent.line_id == ln.id).limit(1)) is None]):
                s.delete(rng.choice(free))  # (a line packed somewhere is set to 0 instead)
            elif roll < 0.7:
                product = s.scalars(select(m.Product).order_by(m.Product.sku)
                                    .offset(rng.randint(0, 30))).first()
                assert product is not None
                line_no = 1 + max((ln.line_no for ln in lines), default=0)
                s.add(m.OrderLine(order_id=order.id, line_no=line_no, product_id=product.id,
                                  quantity=Decimal(rng.choice((1, 2))),
                                  unit_price_cents=product.price_cents,
                                  packing_depot_id=depots[rng.choice(("HES", "CAR"))]))
            elif roll < 0.8 and lines:
                rng.choice(lines).packing_depot_id = depots[rng.choice(("HES", "CAR", "TDH"))]
            else:
                order.status = "cancelled"
            order.version += 1
        weighed = list(s.scalars(select(m.Product).where(m.Product.sale_unit == "kg")
                                 .order_by(m.Product.sku)))
        for product in rng.sample(weighed, min(len(weighed), 3)):
            product.tolerance_pct = rng.choice((0, 2, 10, 50))
        some = s.scalars(select(m.Product).order_by(m.Product.sku).offset(3)).first()
        assert some is not None
        some.zone = "chilled" if some.zone != "chilled" else "ambient"


def _states(engine: Engine) -> set[str]:
    with Session(engine) as s:
        return {o.pack_state for d in sorted(set(s.scalars(select(m.Order.delivery_date))))
                for o in load_board(s, d, "HES").orders}


def test_the_projection_is_the_fold_through_packing_pulls_and_central_changes(demo: Path):
    rng = random.Random(16)
    central = make_engine(sqlite_url(paths.central_path(demo)))
    hes, car = engine_for(demo, "HES"), engine_for(demo, "CAR")
    assert _own_rows_missing(hes.store, "HES") == 0  # the demo is written with its rows
    hes_svc, car_svc = PackingService(hes.store, "HES"), PackingService(car.store, "CAR")
    try:
        states: set[str] = set()
        for round_no in range(3):
            hes_orders = _orders_packed_at(hes.store, "HES")
            _pack_randomly(hes_svc, rng, rng.sample(hes_orders, min(len(hes_orders), 12)))
            car_orders = _orders_packed_at(car.store, "CAR")
            _pack_randomly(car_svc, rng, rng.sample(car_orders, min(len(car_orders), 8)))
            if round_no == 0:  # one order surely packed (every line short)
                packer = hes_svc.sign_in("1001")
                assert packer is not None
                for line in hes_svc.state(hes_orders[0]).lines:
                    hes_svc.short(hes_orders[0], line.id, "damaged", packer.id)
            assert assert_rows_equal_the_fold(hes.store) > 0
            assert _own_rows_missing(hes.store, "HES") == 0  # written with each action
            states |= _states(hes.store)
            car.sync_once()
            hes.sync_once()  # CAR's events of shared orders come in
            _change_centrally(central, rng)
            report = hes.sync_once()
            assert report.pulled > 0, round_no
            # The pull's transaction wrote the rows of the orders it changed.
            assert _own_rows_missing(hes.store, "HES") == 0
            assert assert_rows_equal_the_fold(hes.store) > 0
            car.sync_once()
            assert assert_rows_equal_the_fold(car.store) > 0
            states |= _states(hes.store)
        assert {"in_progress", "packed", "changed", "delivered"} <= states, states
        assert_board_is_the_fold(hes.store)
        assert_board_is_the_fold(car.store)
    finally:
        hes_svc.close()
        car_svc.close()


def test_writes_that_bypass_the_projection_leave_no_stale_row(demo: Path) -> None:
    """Rows written by hand (an import, a fix in the database): each input of the fold
    changed deletes the rows it affects; the board folds those orders and writes them back."""
    engine = engine_for(demo, "HES").store
    svc = PackingService(engine, "HES")
    rng = random.Random(3)
    try:
        _pack_randomly(svc, rng, _orders_packed_at(engine, "HES")[:10])
        packer, supervisor = svc.sign_in("1001"), svc.supervisor("9001")
        assert packer is not None and supervisor is not None
        order_id, line = next(  # an acceptance, surely
            (o, ln) for o in _orders_packed_at(engine, "HES") for ln in svc.state(o).lines
            if ln.weighed and not ln.progress.resolved)
        svc.weigh(order_id, line.id, int(line.quantity * 2000), "scale", packer.id)
        assert svc.accept_out_of_tolerance(order_id, line.id, supervisor.id, packer.id).ok
    finally:
        svc.close()
    before = assert_rows_equal_the_fold(engine)

    def bypass(change) -> None:  # one write by hand, then: fewer rows, none wrong
        pack_progress.catch_up(engine)  # (what the next sync does)
        rows = assert_rows_equal_the_fold(engine)
        with transaction(engine) as s:
            change(s)
        assert assert_rows_equal_the_fold(engine) < rows

    def packed_line(s: Session) -> m.OrderLine:
        line = s.scalars(select(m.OrderLine).join(m.PackEvent, m.PackEvent.line_id
                                                  == m.OrderLine.id)
                         .order_by(m.PackEvent.at.desc())).first()
        assert line is not None
        return line

    def more_wanted(s: Session) -> None:
        line = packed_line(s)
        line.quantity = line.quantity + 5  # a packed line no longer complete

    def other_zone(s: Session) -> None:  # every order holding the product changes zones
        product = s.get_one(m.Product, packed_line(s).product_id)
        product.zone = "frozen" if product.zone != "frozen" else "ambient"

    def tolerance(s: Session) -> None:
        weighed = s.scalars(select(m.OrderLine).join(m.Product).join(
            m.PackEvent, m.PackEvent.line_id == m.OrderLine.id).where(
                m.Product.sale_unit == "kg")).first()
        assert weighed is not None
        s.get_one(m.Product, weighed.product_id).tolerance_pct = 95

    def event_gone(s: Session) -> None:
        event = s.scalars(select(m.PackEvent).where(m.PackEvent.kind == "pack")).first()
        assert event is not None
        s.delete(event)

    def acceptance(s: Session) -> None:
        accepted = s.scalars(select(m.PackAcceptance)).first()
        assert accepted is not None
        accepted.weight_g += 1

    def line_gone(s: Session) -> None:
        line = s.scalars(select(m.OrderLine).where(m.OrderLine.id.not_in(
            select(m.PackEvent.line_id).where(m.PackEvent.line_id.is_not(None))))).first()
        assert line is not None
        s.delete(line)

    for change in (more_wanted, other_zone, tolerance, event_gone, acceptance, line_gone):
        bypass(change)
    assert assert_rows_equal_the_fold(engine) < before  # rows gone, none wrong
    with Session(engine) as s:
        dirty = s.scalar(text("SELECT count(*) FROM pack_progress_dirty")) or 0
        days = sorted(set(s.scalars(select(m.Order.delivery_date))))
    assert dirty > 0
    assert_board_is_the_fold(engine)
    for day in days:  # the board's read writes the missing rows back
        read_board(paths.depot_path(demo, "HES"), "HES", day)
    assert _own_rows_missing(engine, "HES") == 0
    assert assert_rows_equal_the_fold(engine) >= before
    pack_progress.rebuild(engine, *_depot(engine, "HES"))
    assert assert_rows_equal_the_fold(engine) >= before


def _depot(engine: Engine, code: str) -> tuple[uuid.UUID, str]:
    with Session(engine) as s:
        depot_id = s.scalar(select(m.Depot.id).where(m.Depot.code == code))
        assert depot_id is not None
        return depot_id, code


def test_a_migrated_store_notes_every_order_and_the_first_refresh_writes_them(
        demo: Path) -> None:
    engine = engine_for(demo, "HES").store
    with transaction(engine) as s:  # as migration 0015 leaves an existing store
        s.execute(text("DELETE FROM pack_progress"))
        s.execute(text('INSERT OR IGNORE INTO pack_progress_dirty SELECT id FROM "order"'))
    assert_board_is_the_fold(engine)  # read before any row: folded, the same board
    n_orders = Session(engine).scalar(select(func.count()).select_from(m.Order))
    assert pack_progress.catch_up(engine) == n_orders
    assert _own_rows_missing(engine, "HES") == 0
    assert assert_rows_equal_the_fold(engine) == n_orders
    assert_board_is_the_fold(engine)


def test_a_store_at_the_head_has_every_trigger_of_the_projection(demo: Path) -> None:
    """SQLite drops a table's triggers with it: a later migration rebuilding `pack_event`,
    `order_line`, `product`... (alembic's batch mode does) must create them again."""
    engine = engine_for(demo, "HES").store
    with Session(engine) as s:
        names = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                   "AND name LIKE 'pp_%'")))
    expected = {f"pp_{t}_{op}" for t in ("pack_event", "pack_acceptance", "order_line")
                for op in ("insert", "update", "delete")}
    assert names == expected | {"pp_order_insert", "pp_order_delete", "pp_product_update"}


def test_the_board_is_read_even_when_its_rows_cannot_be_written(demo: Path) -> None:
    """Writing the rows after the read is best effort: a store held by another writer past
    the wait leaves them to the next read, and the board is still read."""
    store = paths.depot_path(demo, "HES")
    engine = engine_for(demo, "HES").store
    with Session(engine) as s:
        day = max(s.scalars(select(m.Order.delivery_date)))
        expected = load_board(s, day, "HES")
    with transaction(engine) as s:
        s.execute(text("DELETE FROM pack_progress"))
    blocker = sqlite3.connect(store, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        assert read_board(store, "HES", day) == (day, expected)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert _own_rows_missing(engine, "HES") > 0
    assert read_board(store, "HES", day) == (day, expected)
    on_board = sum(len(r.orders) for r in expected.rounds)
    assert assert_rows_equal_the_fold(engine) == on_board > 0  # written by the second read
