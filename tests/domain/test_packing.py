import uuid
from decimal import Decimal

from cpdesk.domain.ids import new_id
from cpdesk.domain.model import EventKind, OrderLine, PackFact, Product, SaleUnit, Zone
from cpdesk.domain.packing import (
    CrateRefusal,
    LineState,
    Tolerance,
    check_tolerance,
    crate_refusal,
    line_progress,
    order_is_packed,
)

CHEESE = Product(new_id(), "Herve", SaleUnit.KG, 2000, 6, Zone.CHILLED, tolerance_pct=10)
JUICE = Product(new_id(), "Jus", SaleUnit.UNIT, 350, 6, Zone.AMBIENT)


def line(product: Product, qty: str) -> OrderLine:
    return OrderLine(new_id(), product, Decimal(qty), product.price_cents, "HES")


def fact(kind: EventKind, ln: OrderLine | None, **kw) -> PackFact:
    return PackFact(new_id(), kind, ln.id if ln else None, **kw)


def test_unit_line_fills_and_overfills():
    ln = line(JUICE, "2")
    assert line_progress(ln, []).state is LineState.TO_PACK
    one = fact(EventKind.PACK, ln, quantity=1)
    assert line_progress(ln, [one]).state is LineState.PARTIAL
    two = [one, fact(EventKind.PACK, ln, quantity=1)]
    p = line_progress(ln, two)
    assert p.state is LineState.PACKED and p.amount_cents == 700 and p.resolved
    three = [*two, fact(EventKind.PACK, ln, quantity=1)]
    assert line_progress(ln, three).state is LineState.OUT_OF_TOLERANCE


def test_weighed_line_priced_from_actual_weight_and_checked_against_tolerance():
    ln = line(CHEESE, "0.5")  # 500 g ordered, ±10 % → 450..550 g
    inside = line_progress(ln, [fact(EventKind.WEIGH, ln, weight_g=523)])
    assert inside.state is LineState.PACKED
    assert inside.amount_cents == 1046  # 20,00 €/kg × 0,523 kg
    over = line_progress(ln, [fact(EventKind.WEIGH, ln, weight_g=600)])
    assert over.state is LineState.OUT_OF_TOLERANCE
    assert over.tolerance is not None and over.tolerance.difference_g == 100
    accepted = line_progress(ln, [fact(EventKind.WEIGH, ln, weight_g=600)],
                             accepted_out_of_tolerance=True)
    assert accepted.state is LineState.PACKED
    under = line_progress(ln, [fact(EventKind.WEIGH, ln, weight_g=300)])
    assert under.state is LineState.PARTIAL


def test_two_weighings_add_up():
    ln = line(CHEESE, "1")
    p = line_progress(ln, [fact(EventKind.WEIGH, ln, weight_g=480),
                           fact(EventKind.WEIGH, ln, weight_g=530)])
    assert p.packed_weight_g == 1010 and p.state is LineState.PACKED


def test_undo_cancels_and_undo_of_undo_restores():
    ln = line(JUICE, "1")
    pack = fact(EventKind.PACK, ln, quantity=1)
    undo = fact(EventKind.UNDO, None, target_id=pack.id)
    assert line_progress(ln, [pack, undo]).state is LineState.TO_PACK
    redo = fact(EventKind.UNDO, None, target_id=undo.id)
    assert line_progress(ln, [pack, undo, redo]).state is LineState.PACKED


def test_remove_takes_an_item_back_out():
    ln = line(CHEESE, "0.5")
    w = fact(EventKind.WEIGH, ln, weight_g=500)
    removed = fact(EventKind.REMOVE, ln, weight_g=500, target_id=w.id)
    assert line_progress(ln, [w, removed]).state is LineState.TO_PACK


def test_short_and_substitute_resolve_with_reason():
    a, b = line(JUICE, "3"), line(CHEESE, "1")
    short = line_progress(a, [fact(EventKind.SHORT, a, reason="out_of_stock")])
    assert short.state is LineState.SHORT and short.reason == "out_of_stock" and short.resolved
    assert short.amount_cents == 0
    sub = line_progress(b, [fact(EventKind.SUBSTITUTE, b, reason="quality")])
    assert sub.state is LineState.SUBSTITUTED
    assert order_is_packed([short, sub])
    assert not order_is_packed([short, line_progress(line(JUICE, "1"), [])])
    assert not order_is_packed([])


def test_tolerance_bounds_are_inclusive():
    assert check_tolerance(Decimal("1"), 900, 10).verdict is Tolerance.INSIDE
    assert check_tolerance(Decimal("1"), 1100, 10).verdict is Tolerance.INSIDE
    assert check_tolerance(Decimal("1"), 899, 10).verdict is Tolerance.UNDER
    assert check_tolerance(Decimal("1"), 1101, 10).verdict is Tolerance.OVER


def test_crate_takes_one_order_and_one_zone():
    order, other = uuid.uuid4(), uuid.uuid4()
    ok = dict(crate_zone=Zone.CHILLED, crate_open=True, crate_order=order,
              item_zone=Zone.CHILLED, item_order=order)
    assert crate_refusal(**ok) is None
    assert crate_refusal(**{**ok, "item_zone": Zone.FROZEN}) is CrateRefusal.WRONG_ZONE
    assert crate_refusal(**{**ok, "crate_open": False}) is CrateRefusal.CLOSED
    assert crate_refusal(**{**ok, "item_order": other}) is CrateRefusal.OTHER_ORDER


def test_a_line_removed_centrally_is_resolved_once_its_items_are_out():
    for product in (JUICE, CHEESE):
        ln = line(product, "0")  # kept at quantity 0 by the centre: taken off the order
        p = line_progress(ln, [])
        assert p.state is LineState.REMOVED and p.resolved and p.amount_cents == 0
        assert order_is_packed([p, line_progress(line(JUICE, "1"), [])]) is False
        kw = {"quantity": 1} if product is JUICE else {"weight_g": 250}
        packed = fact(EventKind.WEIGH if product is CHEESE else EventKind.PACK, ln, **kw)
        still_in = line_progress(ln, [packed])  # packed before the news: to take out
        assert not still_in.resolved and still_in.state is LineState.OUT_OF_TOLERANCE
        taken_out = fact(EventKind.REMOVE, ln, target_id=packed.id, **kw)
        assert line_progress(ln, [packed, taken_out]).state is LineState.REMOVED


def test_counts_of_an_untouched_order_are_those_of_the_fold():
    """`untouched_counts` (the projection's shortcut for an order without facts at a depot)
    gives what folding its lines without facts gives: every mix of quantities (0 = removed,
    resolved), sale units and zones."""
    import random

    from cpdesk.domain.pack_state import (
        order_pack_state,
        order_progress,
        pack_counts,
        state_of,
        untouched_counts,
    )

    frozen = Product(new_id(), "Glace", SaleUnit.UNIT, 500, 6, Zone.FROZEN)
    rng = random.Random(7)
    for size in range(6):
        for _ in range(40):
            lines = [line(rng.choice((CHEESE, JUICE, frozen)),
                          rng.choice(("0", "1", "2.5", "0.000"))) for _ in range(size)]
            progress = order_progress(lines, [])
            expected = pack_counts(lines, progress.values())
            got = untouched_counts(len(lines), sum(ln.quantity == 0 for ln in lines),
                                   [ln.product.zone for ln in lines])
            assert got == expected, lines
            for status in ("open", "cancelled", "delivered"):
                assert state_of(status, got, touched=False) == order_pack_state(
                    status, progress.values(), touched=False)
