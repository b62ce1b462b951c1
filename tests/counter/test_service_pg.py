"""The counter's transactions on PostgreSQL too (the centre runs the same models)."""

import datetime as dt

import pytest
from sqlalchemy import select

from cpdesk.counter.service import CounterService
from cpdesk.demo.generator import depot_view, generate, write
from cpdesk.domain.cart import Cart, Checkout
from cpdesk.store import models as m
from cpdesk.store.db import make_engine, migrate, transaction
from cpdesk.store.pin_guard import set_pepper


@pytest.mark.postgres
def test_sales_sessions_and_numbers_on_postgresql(pg_database):
    engine = make_engine(pg_database)
    try:
        migrate(engine)
        net = generate(seed=3, orders=12, today=dt.date(2026, 11, 26))
        write(engine, depot_view(net, "HES"), {"role": "depot", "depot": "HES"})
        set_pepper(engine, net.pin_peppers["HES"])  # a store outside a data folder
        svc = CounterService(engine, "HES")
        staff = svc.check_pin("2001")
        assert staff is not None
        start = svc.last_receipt_no()
        svc.open_session(staff_id=staff.id, float_cents=5000)
        item = next(ci.item for ci in svc.load_catalogue().items if not ci.item.weighed)
        numbers = []
        for _ in range(3):
            cart = Cart()
            cart.add_unit(item, 2)
            co = Checkout(cart.total_cents)
            co.add_cash(tendered_cents=cart.total_cents + 100)
            numbers.append(svc.sell(cart, co, staff_id=staff.id).receipt_no)
        assert numbers == [start + 1, start + 2, start + 3]
        z = svc.close_session(staff_id=staff.id, counted_cents=0)
        assert z.sales_count == 3 and z.difference_cents == -z.expected_cash_cents
        with transaction(engine) as s:
            assert s.scalar(select(m.RegisterCounter.last_no)) == start + 3
    finally:
        engine.dispose()
