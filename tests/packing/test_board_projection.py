"""The board read as a projection gives the same board as the ORM read it replaced, for every
order of a generated network after a morning of random packing (scans, weights in and out of
tolerance, acceptances, shortages, substitutes, undo, closed crates, cancelled, delivered and
centrally changed orders); and the desk's read of the store's file with plain sqlite3 (no
SQLAlchemy: its first board frame) gives the same board as the read through the session."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk.domain.model import SHORT_REASONS
from cpdesk.packing.board_data import load_board, opening_day, read_board
from cpdesk.store import models as m
from cpdesk.store.db import transaction

from ..conftest import DEMO_TODAY
from .old_board import old_load_board


def _random_morning(bench, rng: random.Random, orders: list) -> None:
    svc, packer, supervisor = bench.svc, bench.packer.id, bench.supervisor.id
    for order_id in orders:
        for _ in range(rng.randint(0, 12)):
            state = svc.state(order_id)
            if not state.lines:
                break
            line = rng.choice(state.lines)
            roll = rng.random()
            if roll < 0.08:
                svc.undo_last(order_id, packer)
            elif roll < 0.14:
                svc.short(order_id, line.id, rng.choice(SHORT_REASONS), packer)
            elif roll < 0.17:
                svc.substitute(order_id, line.id, rng.choice(SHORT_REASONS), packer)
            elif roll < 0.22 and state.items:
                svc.remove_item(rng.choice(state.items).event_id, packer)
            elif roll < 0.26 and any(c.is_open and c.items for c in state.crates):
                svc.close_crate(next(c.id for c in state.crates if c.is_open and c.items), packer)
            elif line.weighed:
                spread = Decimal(rng.choice((0.5, 0.97, 1.0, 1.03, 1.4)))
                grams = max(1, int(line.quantity * 1000 * spread))
                svc.weigh(order_id, line.id, grams, "scale", packer)
                if rng.random() < 0.5:  # a supervisor accepts it (refused when inside)
                    svc.accept_out_of_tolerance(order_id, line.id, supervisor, packer)
            else:
                svc.pack_line(order_id, line.id, packer, quantity=rng.randint(1, 2))
        if rng.random() < 0.3:
            svc.finish(order_id, packer)


def _comparable(board) -> dict:
    return {
        "orders": {o.id: {k: v for k, v in dataclasses.asdict(o).items()
                          if k != "last_event_at"}
                   for r in board.rounds for o in r.orders},
        "rounds": [(r.id, r.code, r.depot, r.van, r.driver, r.departure, r.status,
                    [o.id for o in r.orders], r.capacity, r.crates_by_zone)
                   for r in board.rounds],
        "per_hour": board.per_hour,
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_the_projection_gives_the_old_board_for_every_order(bench, seed):
    rng = random.Random(seed)
    with Session(bench.engine) as s:
        days = sorted(set(s.scalars(select(m.Order.delivery_date))))
        everyday = list(s.scalars(select(m.Order.id).order_by(m.Order.number)))
    sample = rng.sample(everyday, min(len(everyday), 30))
    _random_morning(bench, rng, sample)
    packed = next(o for o in sample if bench.svc.state(o).lines
                  and bench.svc.state(o).status == "open")
    for line in bench.svc.state(packed).lines:  # one order surely packed (all short)
        bench.svc.short(packed, line.id, "damaged", bench.packer.id)
    others = [o for o in everyday if o != packed]
    with transaction(bench.engine) as s:  # orders cancelled, delivered, changed centrally
        for order_id, status in zip(rng.sample(others, 6), ["cancelled", "delivered"] * 3,
                                    strict=True):
            s.get(m.Order, order_id).status = status
        for order_id in rng.sample(others, 4):
            order = s.get(m.Order, order_id)
            s.add(m.OrderChange(order_id=order_id, number=order.number, kind="changed",
                                old_version=1, new_version=2, diff={}))
    compared, states = 0, set()
    store = Path(str(bench.engine.url.database))
    with Session(bench.engine) as s:
        for day in days + [DEMO_TODAY + dt.timedelta(days=30)]:
            for depot in ("HES", "CAR", "TDH"):
                old, new = old_load_board(s, day, depot), load_board(s, day, depot)
                assert _comparable(new) == _comparable(old), (day, depot)
                # the desk's plain read of the file: the same board, to the last field
                assert read_board(store, depot, day) == (day, new), (day, depot)
                opens_on = opening_day(s, day, depot)
                assert read_board(store, depot, day, opening_from=day) == (
                    opens_on, load_board(s, opens_on, depot)), (day, depot)
                compared += len(new.orders)
                states |= {o.pack_state for o in new.orders}
                # the per-hour chart is read from the newest pack event of each order
                for o in (o for r in new.rounds for o in r.orders):
                    assert (o.last_event_at is None) == (o.packers == [])
    assert compared >= 20  # every order of the depot store, on every day
    assert {"to_pack", "in_progress", "packed", "cancelled", "delivered", "changed"} <= states
