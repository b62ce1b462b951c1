"""Counter service: sales, numbering across crashes, refunds, sessions, pick-ups."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cpdesk.counter import service as service_module
from cpdesk.documents import render_receipt
from cpdesk.domain.cart import Cart, Checkout, Discount, refund_lines
from cpdesk.errors import CpdeskError
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import transaction

from ..escpos import decode_escpos as decode
from ..escpos import money


def _receipts(engine) -> list[int]:
    with transaction(engine) as s:
        return list(s.scalars(select(m.Sale.receipt_no).where(m.Sale.register == "HES-1")
                              .order_by(m.Sale.receipt_no)))


def _cart(service, *, weighed=True) -> Cart:
    cat = service.load_catalogue()
    cart = Cart(discount_limit_pct=service.discount_limit_pct)
    unit = next(ci for ci in cat.items if not ci.item.weighed)
    cart.add_unit(unit.item, 2)
    if weighed:
        kg = next(ci for ci in cat.items if ci.item.weighed)
        cart.add_weighed(kg.item, 1234, "scale")
    return cart


def _paid_cash(cart: Cart) -> Checkout:
    checkout = Checkout(cart.total_cents)
    checkout.add_cash(tendered_cents=cart.total_cents + 1000)
    return checkout


def test_a_sale_needs_an_open_register(service, cashier):
    cart = _cart(service)
    with pytest.raises(CpdeskError, match="closed"):
        service.sell(cart, _paid_cash(cart), staff_id=cashier.id)


def test_receipt_numbers_continue_after_existing_sales_and_outbox_has_the_whole_sale(
        hes_engine, open_register, cashier):
    before = _receipts(hes_engine)
    assert before == list(range(1, len(before) + 1)) and before  # the demo's past sales
    cart = _cart(open_register)
    result = open_register.sell(cart, _paid_cash(cart), staff_id=cashier.id)
    assert result.receipt_no == before[-1] + 1
    with transaction(hes_engine) as s:
        entry = s.get(m.Outbox, result.sale_id)
        assert entry is not None and entry.topic == "sale"
        assert entry.payload["receipt_no"] == result.receipt_no
        assert len(entry.payload["lines"]) == 2
        assert sum(p["amount_cents"] for p in entry.payload["payments"]) == cart.total_cents


def test_an_error_after_the_number_is_taken_leaves_no_gap(hes_engine, open_register, cashier,
                                                          monkeypatch):
    first = open_register.sell(c := _cart(open_register), _paid_cash(c), staff_id=cashier.id)

    def boom(*_a, **_k):
        raise RuntimeError("power cut")

    monkeypatch.setattr(service_module.outbox, "record", boom)
    cart = _cart(open_register)
    with pytest.raises(RuntimeError):
        open_register.sell(cart, _paid_cash(cart), staff_id=cashier.id)
    monkeypatch.undo()
    again = open_register.sell(cart, _paid_cash(cart), staff_id=cashier.id)
    assert again.receipt_no == first.receipt_no + 1
    numbers = _receipts(hes_engine)
    assert numbers == list(range(1, len(numbers) + 1))


CRASHER = textwrap.dedent("""
    import os, sys
    from cpdesk.counter import service as sv
    from cpdesk.domain.cart import Cart, Checkout
    from cpdesk.store.db import open_store
    from pathlib import Path
    engine = open_store(Path(sv.paths_depot))
    svc = sv.CounterService(engine, "HES")
    cat = svc.load_catalogue()
    item = next(ci.item for ci in cat.items if not ci.item.weighed)
    staff = svc.check_pin("2001")
    crash_at = int(sys.argv[1])
    for i in range(5):
        if i == crash_at:
            def die(*a, **k):
                os._exit(9)   # killed mid-transaction: number taken, nothing committed
            sv.outbox.record = die
        cart = Cart(); cart.add_unit(item, 1)
        co = Checkout(cart.total_cents); co.add_card(reference="T%d" % i)
        r = svc.sell(cart, co, staff_id=staff.id)
        print(r.receipt_no, flush=True)
""")


def test_killing_the_process_mid_sale_neither_repeats_nor_skips(demo_dir, hes_engine,
                                                                open_register):
    start = _receipts(hes_engine)[-1]
    script = CRASHER.replace("sv.paths_depot", repr(str(paths.depot_path(demo_dir, "HES"))))
    env = {**os.environ, "PYTHONPATH": str(Path(service_module.__file__).parents[2])}
    printed: list[int] = []
    for crash_at in (2, 4):
        proc = subprocess.run([sys.executable, "-c", script, str(crash_at)], env=env,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 9, proc.stderr
        printed += [int(x) for x in proc.stdout.split()]
    assert printed == list(range(start + 1, start + 7))  # 2 then 4 sales committed
    numbers = _receipts(hes_engine)
    assert numbers == list(range(1, start + 7))
    with transaction(hes_engine) as s:
        outbox_sales = s.scalar(select(func.count()).select_from(m.Outbox)
                                .where(m.Outbox.topic == "sale"))
    assert outbox_sales == 6


def test_receipt_bytes_decode_to_the_sale(open_register, cashier):
    cart = _cart(open_register)
    cart.set_cart_discount(Discount(pct=5))
    checkout = _paid_cash(cart)
    result = open_register.sell(cart, checkout, staff_id=cashier.id)
    data = open_register.receipt(result.sale_id)
    raw = render_receipt(data)
    doc = decode(raw)
    assert doc.commands[:2] == ["init", "ESC t 19"]
    assert doc.commands[-2:] == ["drawer 0 25 250", "cut 65 3"]
    assert b"\xd5" in raw  # € in CP858
    text = doc.text()
    assert f"HES-1-{result.receipt_no:06d}" in doc.lines
    assert all(len(line) <= 48 for line in doc.lines)
    kg_line = cart.lines[1]
    assert f"1,234 kg x {money(kg_line.item.price_cents)}/kg" in text
    total_line = next(line for line in doc.lines if line.startswith("TOTAL"))
    assert total_line.endswith(money(cart.total_cents))
    for v in cart.vat():
        assert any(line.startswith(f"{v.rate_pct} %")
                   and line.endswith(money(v.total_cents)) and money(v.vat_cents) in line
                   for line in doc.lines)
    assert "Rendu" in text and money(checkout.change_cents) in text
    assert "Remise" in text and "DUPLICATA" not in text
    copy = decode(render_receipt(data, copy=True, width_mm=58))
    assert "DUPLICATA" in copy.lines[0] and "drawer 0 25 250" not in copy.commands
    assert all(len(line) <= 32 for line in copy.lines)


def test_refund_is_linked_and_limited_to_what_was_sold(hes_engine, open_register, cashier):
    cart = _cart(open_register)
    sale = open_register.sell(cart, _paid_cash(cart), staff_id=cashier.id)
    sold = open_register.sold_receipt(sale.receipt_no)
    unit_amount = sold.lines[0].amount_cents
    one_back = -refund_lines(sold.lines, {}, {1: 1})[0].amount_cents
    assert one_back * 2 in (unit_amount, unit_amount + 1)
    checkout = Checkout(-one_back)
    checkout.add_card(reference="R1")
    refund = open_register.refund(sale.receipt_no, {1: 1}, checkout, staff_id=cashier.id)
    assert refund.receipt_no == sale.receipt_no + 1 and refund.total_cents == -one_back
    again = open_register.sold_receipt(sale.receipt_no)
    assert again.refunded == {1: 1}
    with pytest.raises(CpdeskError):
        co = Checkout(-unit_amount)
        co.add_card(reference="R2")
        open_register.refund(sale.receipt_no, {1: 2}, co, staff_id=cashier.id)
    with transaction(hes_engine) as s:
        row = s.get(m.Sale, refund.sale_id)
        assert row.kind == "refund" and row.refund_of_id == sale.sale_id
    data = open_register.receipt(refund.sale_id)
    assert data.refund_of == sale.receipt_no
    assert f"Retour du ticket HES-1-{sale.receipt_no:06d}" in decode(render_receipt(data)).text()


def test_session_close_reports_per_rate_and_method_with_a_cash_difference(
        hes_engine, open_register, cashier):
    first = open_register.last_receipt_no() + 1
    cart = _cart(open_register)
    cash = _paid_cash(cart)
    open_register.sell(cart, cash, staff_id=cashier.id)
    cart2 = _cart(open_register, weighed=False)
    split = Checkout(cart2.total_cents)
    split.add_card(100, reference="A1")
    split.add_cash(tendered_cents=5000)
    s2 = open_register.sell(cart2, split, staff_id=cashier.id)
    open_register.cash_movement(staff_id=cashier.id, amount_cents=-2000, reason="achat timbres")
    with pytest.raises(CpdeskError):
        open_register.cash_movement(staff_id=cashier.id, amount_cents=500, reason=" ")
    x = open_register.report()
    assert x.kind == "X" and x.last_receipt_no == s2.receipt_no
    expected = 10_000 + cash.cash_cents + split.cash_cents - 2000
    assert x.expected_cash_cents == expected
    z = open_register.close_session(staff_id=cashier.id, counted_cents=expected - 30)
    assert z.kind == "Z" and z.difference_cents == -30
    assert (z.first_receipt_no, z.last_receipt_no) == (first, s2.receipt_no)
    assert z.sales_count == 2 and z.total_cents == cart.total_cents + cart2.total_cents
    assert sum(z.by_method.values()) == z.total_cents
    assert z.by_method["card"] == 100
    assert sum(z.sales_by_rate.values()) == z.total_cents
    assert open_register.current_session() is None
    lines = service_module.report_lines(z)
    assert any("Écart -0,30 €" in line for line in lines)
    assert any(line.startswith("Ventes\u00a0: 2 ") for line in lines)  # French: no-break space
    with transaction(hes_engine) as s:
        assert s.scalar(select(func.count()).select_from(m.Outbox)
                        .where(m.Outbox.topic == "register_session")) == 2
        audit = s.scalars(select(m.AuditLog).where(m.AuditLog.action == "cash_difference")).one()
        assert audit.detail["difference_cents"] == -30


def _packed_order_with_crates(hes_engine) -> str:
    with transaction(hes_engine) as s:
        rows = s.execute(select(m.Order.number, func.count(m.Crate.id))
                         .join(m.Crate, m.Crate.order_id == m.Order.id)
                         .where(m.Order.status == "open")
                         .group_by(m.Order.number).having(func.count(m.Crate.id) >= 2)).all()
    return rows[0][0]


def test_pickup_flags_a_missing_crate_takes_the_balance_and_delivers(hes_engine, open_register,
                                                                     cashier):
    number = _packed_order_with_crates(hes_engine)
    info = open_register.pickup_info(number)
    assert info.balance_cents > 0 and len(info.crates) >= 2
    assert open_register.order_of_crate(info.crates[0]) == number
    assert number in [r[0] for r in open_register.find_orders(info.customer.split()[0])]
    checkout = Checkout(info.balance_cents)
    checkout.add_card(reference="P1")
    with pytest.raises(CpdeskError, match="not of order"):
        open_register.pickup(number, ["CR0000000000"], checkout, staff_id=cashier.id)
    pickup_id, sale, missing = open_register.pickup(number, info.crates[:-1], checkout,
                                                    staff_id=cashier.id)
    assert missing == [info.crates[-1]]
    assert sale is not None and sale.total_cents == info.balance_cents
    with transaction(hes_engine) as s:
        order = s.scalar(select(m.Order).where(m.Order.number == number))
        assert order.status == "delivered"
        row = s.get(m.Pickup, pickup_id)
        assert row.crates_missing == missing and row.sale_id == sale.sale_id
        assert s.scalar(select(m.Outbox).where(m.Outbox.topic == "pickup")).payload["order_id"] \
            == str(order.id)
        lines = s.scalars(select(m.SaleLine).where(m.SaleLine.sale_id == sale.sale_id)).all()
        assert sum(ln.amount_cents for ln in lines) == info.balance_cents
    with pytest.raises(CpdeskError, match="already collected"):
        open_register.pickup(number, info.crates, checkout, staff_id=cashier.id)
    assert "Retrait commande" in open_register.receipt(sale.sale_id).note


def test_supervisor_pin_and_discount_override_are_logged(hes_engine, open_register, cashier):
    assert open_register.check_pin("2001") is not None
    assert open_register.check_pin("2001", supervisor=True) is None
    sup = open_register.check_pin("9001", supervisor=True)
    assert sup is not None and sup.role == "supervisor"
    cart = _cart(open_register)
    cart.set_cart_discount(Discount(pct=30), supervisor_id=sup.id)
    result = open_register.sell(cart, _paid_cash(cart), staff_id=cashier.id)
    with transaction(hes_engine) as s:
        log = s.scalars(select(m.AuditLog).where(m.AuditLog.action == "discount_override")).one()
        assert log.staff_id == sup.id and log.detail["receipt_no"] == result.receipt_no


def test_audit_entries_go_to_the_outbox_with_the_action(service, hes_engine, cashier):
    from sqlalchemy import select as _select
    from sqlalchemy.orm import Session as _Session

    from cpdesk.store import models as _m

    with _Session(hes_engine) as s:
        sale_id = s.scalars(_select(_m.Sale.id)).first()
    service.log_reprint(sale_id, cashier.id)
    with _Session(hes_engine) as s:
        audits = s.scalars(_select(_m.AuditLog)
                           .where(_m.AuditLog.action == "receipt_reprint")).all()
        entries = s.scalars(_select(_m.Outbox).where(_m.Outbox.topic == "audit_log")).all()
    assert len(audits) == 1 and [e.id for e in entries] == [audits[0].id]
    assert entries[0].payload["detail"] == {"sale_id": str(sale_id)}
