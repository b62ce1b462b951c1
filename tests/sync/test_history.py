"""A depot set up from scratch gets its own history back."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from cpdesk.counter.service import CounterService
from cpdesk.domain.cart import Cart, Checkout
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import make_engine, open_store, sqlite_url
from cpdesk.store.queries import order_detail
from cpdesk.sync.config import connect_central, setup_depot
from cpdesk.sync.contract import Central, Event, PullPage
from cpdesk.sync.engine import SyncEngine

from .conftest import PgCentre, engine_for
from .helpers import waiting


def _central_facts(central: Engine, depot: str) -> tuple[str, int, set[str]]:
    """(register, highest receipt, numbers of this depot's packed open orders)."""
    with Session(central) as s:
        d = s.scalars(select(m.Depot).where(m.Depot.code == depot)).one()
        newest = s.execute(select(m.Sale.register, func.max(m.Sale.receipt_no))
                           .where(m.Sale.depot_id == d.id).group_by(m.Sale.register)
                           .order_by(func.max(m.Sale.receipt_no).desc())).first()
        register, top = newest or (None, 0)
        assert register is not None and top > 1, "the centre should hold past sales"
        packed = set(s.scalars(select(m.Order.number).join(
            m.PackEvent, m.PackEvent.order_id == m.Order.id).where(
            m.PackEvent.depot_id == d.id, m.Order.status != "cancelled")))
        return str(register), int(top), packed


def _fresh_then_sell(central: Engine, data_dir: Path, depot: str, url: str) -> None:
    register, top, packed = _central_facts(central, depot)
    store = open_store(setup_depot(data_dir, depot, url))
    eng = SyncEngine(store, connect_central(store, data_dir), page_size=500)
    report = eng.sync_once()
    assert report.restored > 0 and report.pushed == 0
    assert waiting(store) == 0  # handed back, never queued to be sent again
    assert eng.sync_once().restored == 0  # once per store
    with Session(store) as s:
        d = s.scalars(select(m.Depot).where(m.Depot.code == depot)).one()
        assert s.scalar(select(func.count()).select_from(m.SaleLine)) > 0
        assert s.scalar(select(func.count()).select_from(m.SalePayment)) > 0
        local = set(s.scalars(select(m.Order.number).join(
            m.PackEvent, m.PackEvent.order_id == m.Order.id).where(m.PackEvent.depot_id == d.id)))
        assert local == packed and packed
        number = sorted(packed)[0]
        mine = order_detail(s, number)
    with Session(central) as s:  # the board shows the same progress as before the loss
        theirs = order_detail(s, number)
        assert [ln["state"] for ln in mine["lines"] if ln["packing_depot"] == depot] == [
            ln["state"] for ln in theirs["lines"] if ln["packing_depot"] == depot]
    service = CounterService(store, depot)
    assert service.register == register
    with Session(store) as s:
        cashier = s.scalars(select(m.Staff).where(m.Staff.role == "staff")).first()
        assert cashier is not None
    if service.current_session() is None:
        service.open_session(staff_id=cashier.id, float_cents=10_000)
    item = next(ci.item for ci in service.load_catalogue().items if not ci.item.weighed)
    cart = Cart()
    cart.add_unit(item, 1)
    checkout = Checkout(cart.total_cents)
    checkout.add_cash(tendered_cents=cart.total_cents)
    sale = service.sell(cart, checkout, staff_id=cashier.id)
    assert sale.receipt_no == top + 1
    assert eng.sync_once().waiting == 0
    with Session(central) as s:
        event = s.get_one(m.CentralEvent, sale.sale_id)
        assert event.status == "accepted", event.note
        assert s.get_one(m.Sale, sale.sale_id).receipt_no == top + 1
    store.dispose()


def test_fresh_depot_gets_its_history_from_the_demo_centre(demo: Path, tmp_path: Path) -> None:
    engine_for(demo, "HES").sync_once()
    central_path = paths.central_path(demo)
    _fresh_then_sell(make_engine(sqlite_url(central_path)), tmp_path / "fresh", "HES",
                     sqlite_url(central_path))


@pytest.mark.postgres
def test_fresh_depot_gets_its_history_from_postgres(pg: PgCentre, tmp_path: Path) -> None:
    _fresh_then_sell(pg.admin, tmp_path / "fresh", "CAR", pg.logins["CAR"])


class _HeldBack:
    """The demo centre with its feed held back (as behind a transaction open at the centre):
    pulls bring nothing while `held`; the depot's own history is handed out as usual."""

    def __init__(self, inner: Central) -> None:
        self.inner = inner
        self.depot_code = inner.depot_code
        self.held = True

    def epoch(self) -> str:
        return self.inner.epoch()

    def push(self, events: Sequence[Event]) -> list[uuid.UUID]:
        return self.inner.push(events)

    def pull(self, cursor: str, limit: int) -> PullPage:
        if self.held:
            return PullPage({}, cursor, False, 0, self.inner.epoch(), held_back=1)
        return self.inner.pull(cursor, limit)

    def history(self, table: str, after: uuid.UUID | None, limit: int) -> list[dict[str, Any]]:
        return self.inner.history(table, after, limit)

    def close(self) -> None:
        self.inner.close()


def test_a_fresh_store_restores_its_history_once_its_depot_has_arrived(demo: Path,
                                                                      tmp_path: Path) -> None:
    """The register counters hang on the depot's row: a store whose first pull brought
    nothing yet (the feed held back) restores its sales and counters at a later sync."""
    engine_for(demo, "HES").sync_once()
    central_path = paths.central_path(demo)
    register, top, _ = _central_facts(make_engine(sqlite_url(central_path)), "HES")
    data_dir = tmp_path / "fresh"
    store = open_store(setup_depot(data_dir, "HES", sqlite_url(central_path)))
    central = _HeldBack(connect_central(store, data_dir))
    eng = SyncEngine(store, central, page_size=500)
    report = eng.sync_once()
    assert report.restored == 0 and report.held_back == 1
    with Session(store) as s:
        assert s.scalar(select(func.count()).select_from(m.Sale)) == 0
    central.held = False
    assert eng.sync_once().restored > 0
    with Session(store) as s:
        counter = s.get_one(m.RegisterCounter, (s.scalars(select(m.Depot.id).where(
            m.Depot.code == "HES")).one(), register))
        assert counter.last_no == top
    store.dispose()
