"""Cart totals, discounts, VAT per rate, cash rounding and refunds."""

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpdesk.domain.cart import (
    Cart,
    CartError,
    Checkout,
    Discount,
    Item,
    NeedsSupervisor,
    PayMethod,
    SoldLine,
    allocate,
    cash_round,
    refund_lines,
)
from cpdesk.domain.money import weighed_amount_cents

CARROTS = Item(uuid.uuid4(), "Carottes", 320, 6, weighed=True)
JAM = Item(uuid.uuid4(), "Confiture", 450, 6, weighed=False)
BEER = Item(uuid.uuid4(), "Bière", 275, 21, weighed=False)
SOAP = Item(uuid.uuid4(), "Savon", 590, 21, weighed=False)
SUPERVISOR = uuid.uuid4()

items = st.sampled_from([JAM, BEER, SOAP, Item(uuid.uuid4(), "Fleurs", 999, 12, False)])
weighed = st.builds(lambda p, r: Item(uuid.uuid4(), "Vrac", p, r, True),
                    st.integers(1, 9000), st.sampled_from([6, 12, 21]))


@st.composite
def carts(draw: st.DrawFn) -> Cart:
    cart = Cart(discount_limit_pct=100)
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            cart.add_weighed(draw(weighed), draw(st.integers(1, 20_000)), "scale")
        else:
            cart.add_unit(draw(items), draw(st.integers(1, 12)))
        if draw(st.booleans()):
            disc = draw(st.one_of(
                st.builds(Discount, pct=st.integers(1, 100)),
                st.builds(lambda a: Discount(amount_cents=a), st.integers(1, 5000))))
            cart.set_line_discount(len(cart.lines) - 1, disc)
    if cart.subtotal_cents and draw(st.booleans()):
        pct = draw(st.integers(1, 100))
        cart.set_cart_discount(Discount(pct=pct))
    return cart


@given(carts())
def test_lines_vat_and_total_sum_exactly(cart):
    priced = cart.priced_lines()
    assert sum(p.amount_cents for p in priced) == cart.total_cents
    assert sum(p.discount_cents for p in priced) == cart.discount_cents
    assert all(p.amount_cents >= 0 for p in priced)
    vat = cart.vat()
    assert sum(v.total_cents for v in vat) == cart.total_cents
    assert all(v.base_cents + v.vat_cents == v.total_cents for v in vat)
    for v in vat:
        assert v.total_cents == sum(p.amount_cents for p in priced
                                    if p.line.item.vat_pct == v.rate_pct)
    gross = sum(ln.gross_cents for ln in cart.lines)
    assert gross - cart.discount_cents == cart.total_cents


@given(st.integers(0, 10**6), st.lists(st.integers(0, 10**5), min_size=1, max_size=12))
def test_allocation_is_exact_and_proportional(total, weights):
    if sum(weights) == 0:
        return
    total = min(total, sum(weights))
    parts = allocate(total, weights)
    assert sum(parts) == total
    for part, w in zip(parts, weights, strict=True):
        assert abs(part - total * w / sum(weights)) < 1
        assert part <= w


def test_weighed_line_price_is_exact_half_up():
    cart = Cart()
    cart.add_weighed(CARROTS, 1234, "scale")
    assert cart.total_cents == weighed_amount_cents(320, 1234) == 395  # 394.88 → 395


def test_typed_weights_are_refused():
    cart = Cart()
    with pytest.raises(CartError):
        cart.add_weighed(CARROTS, 500, "manual")
    with pytest.raises(CartError):
        cart.add_unit(CARROTS)
    with pytest.raises(CartError):
        cart.set_quantity(cart.add_weighed(CARROTS, 500, "barcode"), 3)


def test_scanning_again_adds_to_the_line_and_quantities_change():
    cart = Cart()
    cart.add_unit(JAM)
    cart.add_unit(JAM)
    assert len(cart.lines) == 1 and cart.lines[0].quantity == 2
    cart.set_quantity(0, 5)
    assert cart.total_cents == 2250
    cart.remove(0)
    assert cart.total_cents == 0 and cart.lines == []


def test_discounts_over_the_depot_limit_need_a_supervisor():
    cart = Cart(discount_limit_pct=10)
    cart.add_unit(SOAP, 2)  # 11,80
    cart.set_line_discount(0, Discount(pct=10))
    assert cart.total_cents == 1062
    with pytest.raises(NeedsSupervisor):
        cart.set_line_discount(0, Discount(pct=11))
    with pytest.raises(NeedsSupervisor):
        cart.set_line_discount(0, Discount(amount_cents=119))
    cart.set_line_discount(0, Discount(amount_cents=500), supervisor_id=SUPERVISOR)
    assert cart.lines[0].discount_by == SUPERVISOR
    assert cart.total_cents == 680
    with pytest.raises(NeedsSupervisor):
        cart.set_cart_discount(Discount(pct=20))
    cart.set_cart_discount(Discount(pct=10))
    assert cart.total_cents == 612
    assert cart.discount_cents == 1180 - 612


@pytest.mark.parametrize(("cents", "rounded"), [
    (100, 100), (101, 100), (102, 100), (103, 105), (104, 105), (106, 105), (107, 105),
    (108, 110), (109, 110), (-103, -105), (-101, -100), (2, 0)])
def test_belgian_cash_rounding(cents, rounded):
    assert cash_round(cents) == rounded


def test_cash_payment_rounds_and_keeps_total_exact():
    checkout = Checkout(1234)
    pay = checkout.add_cash(tendered_cents=2000)
    assert pay.amount_cents == 1235 and pay.change_cents == 765
    assert checkout.complete and checkout.paid_cents == 1234
    assert [p.method for p in checkout.payments] == [PayMethod.CASH, PayMethod.ROUNDING]
    assert checkout.payments[1].amount_cents == -1
    assert checkout.cash_cents == 1235


def test_split_payment_card_then_cash_and_refused_amounts():
    checkout = Checkout(2599)
    with pytest.raises(CartError):
        checkout.add_card(1000, reference="")
    with pytest.raises(CartError):
        checkout.add_card(3000, reference="A1")
    checkout.add_card(1000, reference="A123456")
    with pytest.raises(CartError):
        checkout.add_cash(tendered_cents=1000)  # 15,99 → 16,00 due
    checkout.add_cash(tendered_cents=2000)
    assert checkout.complete and checkout.change_cents == 400
    assert checkout.cash_cents == 1600
    checkout.undo_last()
    assert checkout.remaining_cents == 1599


@given(st.integers(1, 10**6), st.integers(0, 10**6))
def test_card_and_cash_always_settle_exactly(total, card):
    checkout = Checkout(total)
    card = min(card, total)
    if card:
        checkout.add_card(card, reference="X")
    if checkout.remaining_cents:
        checkout.add_cash(tendered_cents=10**7)  # 1 or 2 cents left round to nothing
    assert checkout.complete
    assert checkout.paid_cents == total
    assert abs(checkout.cash_cents - (total - card)) <= 2


SOLD = [SoldLine(1, JAM, 3, None, 1215, 135), SoldLine(2, CARROTS, 1, 780, 250, 0)]


def test_refund_returns_at_most_what_was_sold():
    lines = refund_lines(SOLD, {}, {1: 2})
    assert [(ln.quantity, ln.amount_cents) for ln in lines] == [(2, -810)]
    with pytest.raises(CartError):
        refund_lines(SOLD, {1: 2}, {1: 2})
    with pytest.raises(CartError):
        refund_lines(SOLD, {}, {2: 2})
    with pytest.raises(CartError):
        refund_lines(SOLD, {}, {3: 1})
    weighed_back = refund_lines(SOLD, {}, {2: 1})[0]
    assert weighed_back.amount_cents == -250 and weighed_back.weight_g == -780


@given(st.integers(1, 10**5), st.integers(0, 10**4), st.integers(1, 20), st.data())
def test_refunds_of_a_line_sum_to_what_was_paid(amount, discount, qty, data):
    sold = [SoldLine(1, JAM, qty, None, amount, discount)]
    earlier: dict[int, int] = {}
    total, disc = 0, 0
    while earlier.get(1, 0) < qty:
        k = data.draw(st.integers(1, qty - earlier.get(1, 0)))
        (line,) = refund_lines(sold, earlier, {1: k})
        assert line.amount_cents <= 0
        total += line.amount_cents
        disc += line.discount_cents
        earlier[1] = earlier.get(1, 0) + k
    assert total == -amount and disc == -discount


def test_refund_checkout_pays_cash_out_rounded():
    checkout = Checkout(-812)
    pay = checkout.add_cash()
    assert pay.amount_cents == -810 and checkout.complete
    assert checkout.payments[-1].method == PayMethod.ROUNDING


def test_voucher_pays_at_most_what_is_left_and_needs_a_number():
    checkout = Checkout(1500)
    with pytest.raises(CartError):
        checkout.add_voucher(2000, reference=" ")
    pay = checkout.add_voucher(2000, reference="BON-42")
    assert pay.amount_cents == 1500 and checkout.complete and checkout.change_cents == 0
