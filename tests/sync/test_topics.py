"""Every outbox topic, made by the real services, applied once at the (demo SQLite) centre."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from cpdesk.counter.service import CounterService
from cpdesk.domain.cart import Cart, Checkout
from cpdesk.domain.model import SaleUnit
from cpdesk.loading.service import LoadingService
from cpdesk.packing.service import PackingService
from cpdesk.packing.state import Status
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import make_engine, sqlite_url, transaction
from cpdesk.store.outbox import TOPICS
from cpdesk.sync.contract import Event

from .conftest import TODAY, engine_for
from .helpers import waiting


def central(d: Path) -> Engine:
    return make_engine(sqlite_url(paths.central_path(d)))


def count(engine: Engine, model: type[m.Base], *where: object) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0  # type: ignore[arg-type]


def statuses(engine: Engine) -> dict[str, int]:
    with Session(engine) as s:
        return dict(s.execute(select(m.CentralEvent.status, func.count())  # type: ignore[arg-type]
                              .group_by(m.CentralEvent.status)).all())


def pack_order(store: Engine, depot: str, order_id: uuid.UUID | None = None) -> uuid.UUID:
    """Open a crate, pack one unit line into it and close it, through the packing service."""
    svc = PackingService(store, depot)
    packer = svc.sign_in("1001")
    assert packer is not None
    if order_id is None:
        with Session(store) as s:
            done = select(m.PackEvent.order_id)
            order_id = s.scalars(select(m.Order.id).join(m.OrderLine).join(m.Product).where(
                m.OrderLine.packing_depot_id == svc.depot_id, m.Order.status == "open",
                m.Product.sale_unit == str(SaleUnit.UNIT),
                m.Order.delivery_date == TODAY, m.Order.id.not_in(done))
                .order_by(m.Order.number)).first()
    assert order_id is not None
    line = svc.state(order_id).lines[0]
    opened = svc.open_crate(order_id, str(line.zone), packer.id)
    assert opened.status is Status.OK and opened.crate_id is not None
    if line.sale_unit == SaleUnit.UNIT:
        out = svc.pack_line(order_id, line.id, packer.id, crate_id=opened.crate_id)
    else:
        out = svc.weigh(order_id, line.id, 500, "scale", packer.id, crate_id=opened.crate_id)
    assert out.status is Status.OK, out
    assert svc.close_crate(opened.crate_id, packer.id).status is Status.OK
    return opened.crate_id


def cross_depot_order(store: Engine, packing: str) -> tuple[uuid.UUID, str] | None:
    """An open order on another depot's round with a line `packing` packs, and that depot."""
    with Session(store) as s:
        me = s.scalar(select(m.Depot.id).where(m.Depot.code == packing))
        row = s.execute(select(m.Order.id, m.Depot.code).join(m.Stop).join(m.Round)
                        .join(m.Depot, m.Depot.id == m.Round.depot_id)
                        .join(m.OrderLine, m.OrderLine.order_id == m.Order.id)
                        .where(m.Round.depot_id != me, m.Order.status == "open",
                               m.OrderLine.packing_depot_id == me)
                        .order_by(m.Order.number)).first()
    return (row[0], row[1]) if row else None


def test_topics_cover_every_fact_the_services_write() -> None:
    assert set(TOPICS) == {"pack_event", "sale", "crate_move", "round_departure",
                           "pack_acceptance", "audit_log", "cash_movement", "pickup", "crate",
                           "register_session", "staff_pin"}
    assert {t.name for t in TOPICS.values() if not t.immutable} == {"crate", "register_session",
                                                                     "staff_pin"}


def test_packing_through_the_service_reaches_the_centre(demo: Path) -> None:
    eng = engine_for(demo, "HES")
    crate_id = pack_order(eng.store, "HES")
    with Session(eng.store) as s:
        events = set(s.scalars(select(m.PackEvent.id).where(m.PackEvent.crate_id == crate_id)))
    assert len(events) >= 3  # crate open, pack, crate close
    report = eng.sync_once()
    assert report.waiting == 0 and report.pushed >= 5
    c = central(demo)
    assert count(c, m.PackEvent, m.PackEvent.id.in_(events)) == len(events)
    with Session(c) as s:
        assert s.get_one(m.Crate, crate_id).status == "closed"
    assert statuses(c) == {"accepted": report.pushed}


def test_a_counter_sale_is_central_once_with_its_lines_and_payments(demo: Path) -> None:
    eng = engine_for(demo, "HES")
    svc = CounterService(eng.store, "HES")
    with Session(eng.store) as s:
        cashier = s.scalars(select(m.Staff.id).where(m.Staff.role == "staff")).first()
    assert cashier is not None
    svc.open_session(staff_id=cashier, float_cents=5000)
    svc.cash_movement(staff_id=cashier, amount_cents=-1000, reason="bank")
    cat = svc.load_catalogue()
    cart = Cart(discount_limit_pct=svc.discount_limit_pct)
    cart.add_unit(next(ci for ci in cat.items if not ci.item.weighed).item, 3)
    cart.add_weighed(next(ci for ci in cat.items if ci.item.weighed).item, 850, "scale")
    checkout = Checkout(cart.total_cents)
    checkout.add_card(reference="T1")
    sale = svc.sell(cart, checkout, staff_id=cashier)
    with Session(eng.store) as s:
        payload = s.get_one(m.Outbox, sale.sale_id).payload
    assert payload["total_cents"] == cart.total_cents and len(payload["lines"]) == 2
    eng.sync_once()
    with transaction(eng.store) as s:  # the acknowledgement was lost: everything again
        s.execute(update(m.Outbox).values(sent_at=None))
    assert eng.sync_once().pushed == 3  # session, cash movement, sale: sent twice
    eng.central.push([Event(sale.sale_id, "sale", payload)])  # and once more by hand
    c = central(demo)
    assert count(c, m.Sale, m.Sale.id == sale.sale_id) == 1
    assert count(c, m.SaleLine, m.SaleLine.sale_id == sale.sale_id) == 2
    assert count(c, m.SalePayment, m.SalePayment.sale_id == sale.sale_id) == 1
    with Session(c) as s:
        assert s.get_one(m.Sale, sale.sale_id).total_cents == cart.total_cents
        assert s.scalars(select(m.RegisterSession.float_cents)).all() == [5000]
        assert s.scalars(select(m.CashMovement.amount_cents)).all() == [-1000]
    assert set(statuses(c)) == {"accepted"}


def test_departure_and_pickup_have_their_side_effects_centrally(demo: Path) -> None:
    eng = engine_for(demo, "HES")
    loading = LoadingService(eng.store, "HES")
    rnd = loading.rounds(TODAY)[0]
    with Session(eng.store) as s:
        sup = s.scalars(select(m.Staff.id).where(m.Staff.role == "supervisor")).first()
    assert sup is not None
    loading.depart(rnd.id, sup, supervisor_id=sup, reason="test: leave now")
    counter = CounterService(eng.store, "HES")
    counter.open_session(staff_id=sup, float_cents=0)
    with Session(eng.store) as s:
        number, oid = s.execute(select(m.Order.number, m.Order.id).join(
            m.Crate, m.Crate.order_id == m.Order.id).where(m.Order.status == "open")
            .group_by(m.Order.id).having(func.count(m.Crate.id) >= 2)).first()  # type: ignore[misc]
    info = counter.pickup_info(number)
    checkout = Checkout(info.balance_cents)
    checkout.add_card(reference="P")
    counter.pickup(number, info.crates[:1], checkout if info.balance_cents else None,
                   staff_id=sup)
    eng.sync_once()
    c = central(demo)
    with Session(c) as s:
        assert s.get_one(m.Round, rnd.id).status == "departed"
        assert s.get_one(m.Order, oid).status == "delivered"
        crates = dict(s.execute(select(m.Crate.code, m.Crate.status)
                                .where(m.Crate.order_id == oid)).all())  # type: ignore[arg-type]
    assert crates[info.crates[0]] == "delivered"
    assert all(v != "delivered" for k, v in crates.items() if k != info.crates[0])
    assert set(statuses(c)) == {"accepted"}


def test_an_unknown_topic_is_parked_rejected_and_blocks_nothing(demo: Path) -> None:
    eng = engine_for(demo, "TDH")
    bad = Event(uuid.uuid4(), "bogus", {"id": "x"})
    good = pack_order(eng.store, "TDH")
    with Session(eng.store) as s:
        from cpdesk.sync import outbox

        batch = outbox.pending(s, 100)
    result = eng.central.push([bad, *batch])
    assert set(result.acked) == {e.id for e in batch}  # a refusal is not an acknowledgement
    assert "bogus" in result.rejected[bad.id]
    with Session(central(demo)) as s:
        row = s.get_one(m.CentralEvent, bad.id)
        assert row.status == "rejected" and "bogus" in row.note
        assert s.get_one(m.Crate, good).status == "closed"


def test_crates_and_moves_of_another_depot_are_pulled_not_pushed_back(demo: Path) -> None:
    found = None
    for depot in ("HES", "CAR", "TDH"):
        packer = engine_for(demo, depot)
        found = cross_depot_order(packer.store, depot)
        if found:
            break
    assert found is not None, "the demo has orders packed at two depots"
    order_id, round_depot = found
    (third,) = {"HES", "CAR", "TDH"} - {depot, round_depot}
    receiver = engine_for(demo, round_depot)
    crate_id = pack_order(packer.store, depot, order_id)
    with Session(packer.store) as s:
        code = s.get_one(m.Crate, crate_id).code
        staff = s.scalars(select(m.Staff.id)).first()
    assert staff is not None
    assert LoadingService(packer.store, depot).transfer_out(code, staff).status == "loaded"
    packer.sync_once()
    receiver.sync_once()
    with Session(receiver.store) as s:
        assert s.get_one(m.Crate, crate_id).status == "closed"
        moves = s.scalars(select(m.CrateMove.kind).where(m.CrateMove.crate_id == crate_id)).all()
    assert moves == ["transfer_out"]
    assert waiting(receiver.store) == 0  # pulled rows are not written through the outbox
    other = engine_for(demo, third)  # a depot not taking part doesn't get the move
    other.sync_once()
    with Session(other.store) as s:
        assert s.scalar(select(func.count()).select_from(m.CrateMove)) == 0
        assert s.get(m.Crate, crate_id) is None
