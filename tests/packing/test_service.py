from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpdesk.domain.model import SaleUnit
from cpdesk.domain.packing import LineState
from cpdesk.packing.service import PackingService
from cpdesk.packing.state import Refusal, Status
from cpdesk.store import models as m
from cpdesk.store.db import open_store

from .conftest import add_line, gs1_weight, scale_ean


def _lines(bench, *, unit: str, with_barcode: bool):
    state = bench.svc.state(bench.order_id)
    with Session(bench.engine) as s:
        coded = set(s.scalars(select(m.Barcode.product_id)))
    return [ln for ln in state.lines
            if ln.sale_unit == unit and (ln.product_id in coded) == with_barcode]


def _barcode(bench, product_id):
    with Session(bench.engine) as s:
        return s.scalar(select(m.Barcode.code).where(m.Barcode.product_id == product_id))


def _count(bench, model, *where):
    with Session(bench.engine) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_scanning_a_unit_product_ticks_its_line_into_a_new_crate_with_outbox_rows(bench):
    line = _lines(bench, unit=SaleUnit.UNIT, with_barcode=True)[0]
    out = bench.svc.scan(bench.order_id, _barcode(bench, line.product_id), bench.packer.id)
    assert out.status is Status.OK and out.line_id == line.id
    view = out.state.line(line.id)
    assert view.progress.packed_units == 1
    crate = out.state.current_crate(line.zone)
    assert crate is not None and crate.items == 1 and crate.code.startswith("CR")
    # crate_open + pack, each with its outbox row, plus the crate row itself
    assert _count(bench, m.PackEvent, m.PackEvent.order_id == bench.order_id) == 2
    assert _count(bench, m.Outbox, m.Outbox.topic == "pack_event") >= 2
    assert _count(bench, m.Outbox, m.Outbox.topic == "crate") == 1


def test_a_full_unit_line_refuses_one_more(bench):
    line = _lines(bench, unit=SaleUnit.UNIT, with_barcode=True)[0]
    code = _barcode(bench, line.product_id)
    for _ in range(int(line.quantity)):
        assert bench.svc.scan(bench.order_id, code, bench.packer.id).ok
    out = bench.svc.scan(bench.order_id, code, bench.packer.id)
    assert out.refusal is Refusal.LINE_COMPLETE
    assert out.state.line(line.id).state is LineState.PACKED


def test_a_product_not_in_the_order_and_a_bad_code_are_refused_with_a_reason(bench):
    with Session(bench.engine) as s:
        in_order = {ln.product_id for ln in bench.svc.state(bench.order_id).lines}
        other = s.scalars(select(m.Barcode).where(m.Barcode.kind == "ean13",
                                                 m.Barcode.product_id.not_in(in_order))).first()
    out = bench.svc.scan(bench.order_id, other.code, bench.packer.id)
    assert out.status is Status.REFUSED and out.refusal is Refusal.NOT_IN_ORDER
    bad = other.code[:-1] + str((int(other.code[-1]) + 1) % 10)
    assert bench.svc.scan(bench.order_id, bad, bench.packer.id).refusal is Refusal.BAD_CHECK_DIGIT
    assert bench.svc.scan(bench.order_id, "5400000000000"[:-1] + "7", bench.packer.id).refusal in (
        Refusal.UNKNOWN_PRODUCT, Refusal.BAD_CHECK_DIGIT)
    assert _count(bench, m.PackEvent, m.PackEvent.order_id == bench.order_id) == 0


def test_a_product_on_two_lines_asks_which_then_ticks_the_chosen_one(bench):
    line = _lines(bench, unit=SaleUnit.UNIT, with_barcode=True)[0]
    twin_id, code = add_line(bench.engine, bench.order_id, product_id=line.product_id)
    out = bench.svc.scan(bench.order_id, code, bench.packer.id)
    assert out.status is Status.AMBIGUOUS and set(out.candidates) == {line.id, twin_id}
    out = bench.svc.scan(bench.order_id, code, bench.packer.id, line_id=twin_id)
    assert out.ok and out.state.line(twin_id).progress.packed_units == 1


def test_weighing_inside_tolerance_packs_and_prices_the_actual_weight(bench):
    line = _lines(bench, unit=SaleUnit.KG, with_barcode=False)[0]
    ordered_g = int(line.quantity * 1000)
    out = bench.svc.weigh(bench.order_id, line.id, ordered_g + 10, "scale", bench.packer.id)
    view = out.state.line(line.id)
    assert view.state is LineState.PACKED
    exact = Decimal(line.unit_price_cents) * (ordered_g + 10) / 1000  # half-up to the cent
    assert view.progress.amount_cents == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_over_tolerance_needs_a_supervisor_and_is_audited(bench):
    line = _lines(bench, unit=SaleUnit.KG, with_barcode=False)[0]
    heavy = int(line.quantity * 1000 * (1 + Decimal(line.tolerance_pct + 10) / 100))
    out = bench.svc.weigh(bench.order_id, line.id, heavy, "scale", bench.packer.id)
    assert out.state.line(line.id).state is LineState.OUT_OF_TOLERANCE
    assert out.tolerance is not None and out.tolerance.difference_g > out.tolerance.allowed_g
    refused = bench.svc.accept_out_of_tolerance(bench.order_id, line.id, bench.packer.id,
                                                bench.packer.id)
    assert refused.refusal is Refusal.NEEDS_SUPERVISOR
    out = bench.svc.accept_out_of_tolerance(bench.order_id, line.id, bench.supervisor.id,
                                            bench.packer.id)
    assert out.ok and out.state.line(line.id).state is LineState.PACKED
    assert _count(bench, m.AuditLog, m.AuditLog.action == "accept_out_of_tolerance") == 1
    # a fresh service (restart) sees the acceptance too
    again = PackingService(bench.engine, "HES").state(bench.order_id)
    assert again.line(line.id).state is LineState.PACKED


def test_manual_weight_is_a_logged_supervisor_action(bench):
    line = _lines(bench, unit=SaleUnit.KG, with_barcode=False)[0]
    grams = int(line.quantity * 1000)
    out = bench.svc.weigh(bench.order_id, line.id, grams, "manual", bench.packer.id)
    assert out.refusal is Refusal.NEEDS_SUPERVISOR
    out = bench.svc.weigh(bench.order_id, line.id, grams, "manual", bench.packer.id,
                          supervisor_id=bench.packer.id)
    assert out.refusal is Refusal.NEEDS_SUPERVISOR
    out = bench.svc.weigh(bench.order_id, line.id, grams, "manual", bench.packer.id,
                          supervisor_id=bench.supervisor.id)
    assert out.ok
    assert _count(bench, m.AuditLog, m.AuditLog.action == "manual_weight") == 1


def test_gs1_and_scale_label_weights_need_no_scale(bench):
    gtin_line, gtin14 = add_line(bench.engine, bench.order_id, barcode_kind="gtin14",
                                 quantity="0.5")
    out = bench.svc.scan(bench.order_id, gs1_weight(gtin14, 523), bench.packer.id)
    assert out.ok and out.weight_g == 523
    assert out.state.line(gtin_line).progress.packed_weight_g == 523
    scale_line, prefix = add_line(bench.engine, bench.order_id, barcode_kind="scale",
                                  quantity="0.5")
    out = bench.svc.scan(bench.order_id, scale_ean(prefix, 498), bench.packer.id)
    assert out.ok and out.state.line(scale_line).state is LineState.PACKED
    with Session(bench.engine) as s:
        sources = set(s.scalars(select(m.PackEvent.weight_source)
                                .where(m.PackEvent.kind == "weigh",
                                       m.PackEvent.order_id == bench.order_id)))
    assert sources == {"barcode"}


def test_a_kg_product_scanned_without_weight_asks_for_the_scale(bench):
    line_id, code = add_line(bench.engine, bench.order_id, barcode_kind="gtin14")
    out = bench.svc.scan(bench.order_id, code, bench.packer.id)
    assert out.status is Status.NEEDS_WEIGHT and out.line_id == line_id


def test_short_and_substitute_resolve_lines_with_a_reason(bench):
    lines = bench.svc.state(bench.order_id).lines
    assert bench.svc.short(bench.order_id, lines[0].id, "because", bench.packer.id).refusal \
        is Refusal.BAD_REASON
    out = bench.svc.short(bench.order_id, lines[0].id, "out_of_stock", bench.packer.id)
    assert out.state.line(lines[0].id).state is LineState.SHORT
    assert out.state.line(lines[0].id).progress.reason == "out_of_stock"
    out = bench.svc.substitute(bench.order_id, lines[1].id, "quality", bench.packer.id)
    assert out.state.line(lines[1].id).state is LineState.SUBSTITUTED


def test_a_line_packed_in_full_can_be_neither_short_nor_substituted(bench):
    """Nothing is missing from it: the packer takes an item out first, then it may be."""
    line = _lines(bench, unit=SaleUnit.UNIT, with_barcode=True)[0]
    code = _barcode(bench, line.product_id)
    for _ in range(int(line.quantity)):
        assert bench.svc.scan(bench.order_id, code, bench.packer.id).ok
    events = _count(bench, m.PackEvent, m.PackEvent.order_id == bench.order_id)
    for action in (bench.svc.short, bench.svc.substitute):
        out = action(bench.order_id, line.id, "damaged", bench.packer.id)
        assert out.refusal is Refusal.LINE_PACKED and out.line_id == line.id
        assert out.state.line(line.id).state is LineState.PACKED
    assert _count(bench, m.PackEvent, m.PackEvent.order_id == bench.order_id) == events
    newest = [i for i in out.state.items if i.line_id == line.id][-1]
    assert bench.svc.remove_item(newest.event_id, bench.packer.id).ok
    out = bench.svc.short(bench.order_id, line.id, "damaged", bench.packer.id)
    assert out.ok and out.state.line(line.id).state is LineState.SHORT


def test_undo_reverses_the_last_action_then_the_one_before(bench):
    unit = _lines(bench, unit=SaleUnit.UNIT, with_barcode=True)[0]
    code = _barcode(bench, unit.product_id)
    bench.svc.scan(bench.order_id, code, bench.packer.id)
    bench.svc.short(bench.order_id, unit.id, "damaged", bench.packer.id)
    out = bench.svc.undo_last(bench.order_id, bench.packer.id)
    assert out.state.line(unit.id).progress.packed_units == 1
    assert out.state.line(unit.id).state is not LineState.SHORT
    out = bench.svc.undo_last(bench.order_id, bench.packer.id)
    assert out.state.line(unit.id).state is LineState.TO_PACK
    assert out.state.items == ()
    assert bench.svc.undo_last(bench.order_id, bench.packer.id).refusal is Refusal.NOTHING_TO_UNDO


def test_crates_open_close_label_and_reopen_on_undo(bench):
    unit = _lines(bench, unit=SaleUnit.UNIT, with_barcode=True)[0]
    out = bench.svc.scan(bench.order_id, _barcode(bench, unit.product_id), bench.packer.id)
    first = out.state.current_crate(unit.zone)
    out = bench.svc.open_crate(bench.order_id, unit.zone, bench.packer.id)
    second = out.state.current_crate(unit.zone)
    assert second.id != first.id and second.seq == first.seq + 1
    assert bench.svc.close_crate(second.id, bench.packer.id).refusal is Refusal.CRATE_EMPTY
    out = bench.svc.close_crate(first.id, bench.packer.id)
    assert out.ok
    labels = bench.svc.crate_labels(bench.order_id, [first.id])
    assert [(lb.crate_code, lb.crate_seq, lb.crate_count) for lb in labels] == [(first.code, 1, 1)]
    # closed before the order is packed: the count is not known yet, the label says so
    assert [(lb.count_final, lb.crate_number) for lb in labels] == [(False, "1/?")]
    out = bench.svc.undo_last(bench.order_id, bench.packer.id)
    assert {c.id: c.status for c in out.state.crates}[first.id] == "open"


def test_move_and_remove_items_between_crates(bench):
    unit = _lines(bench, unit=SaleUnit.UNIT, with_barcode=True)[0]
    out = bench.svc.scan(bench.order_id, _barcode(bench, unit.product_id), bench.packer.id)
    item = out.state.items[0]
    second = bench.svc.open_crate(bench.order_id, unit.zone, bench.packer.id).crate_id
    out = bench.svc.move_item(item.event_id, second, bench.packer.id)
    assert [i.crate_id for i in out.state.items] == [second]
    assert out.state.line(unit.id).progress.packed_units == 1
    out = bench.svc.remove_item(out.state.items[0].event_id, bench.packer.id)
    assert out.state.items == () and out.state.line(unit.id).progress.packed_units == 0
    # undo the removal: the item is back in the second crate
    out = bench.svc.undo_last(bench.order_id, bench.packer.id)
    assert [i.crate_id for i in out.state.items] == [second]


def test_packing_every_line_packs_the_order_and_finish_closes_its_crates(bench):
    state = bench.svc.state(bench.order_id)
    for line in state.lines:
        if line.sale_unit == SaleUnit.KG:
            bench.svc.weigh(bench.order_id, line.id, int(line.quantity * 1000), "scale",
                            bench.packer.id)
        else:
            bench.svc.pack_line(bench.order_id, line.id, bench.packer.id,
                                quantity=int(line.quantity))
    state = bench.svc.state(bench.order_id)
    assert state.packed
    out = bench.svc.finish(bench.order_id, bench.packer.id)
    assert out.ok and all(c.status == "closed" for c in out.state.crates)
    labels = bench.svc.crate_labels(bench.order_id)
    assert [lb.crate_seq for lb in labels] == list(range(1, len(labels) + 1))
    assert all(lb.crate_count == len(labels) for lb in labels)
    assert [lb.crate_number for lb in labels] == [f"{n}/{len(labels)}"
                                                  for n in range(1, len(labels) + 1)]


def test_a_crate_closed_early_says_n_of_unknown_then_is_reprinted_n_of_n(bench):
    """F7 on the first crate: '1/?' (not '1/1'); when the order is packed every crate's label,
    the early one included, reads n/N with the final N."""
    state = bench.svc.state(bench.order_id)
    first_line = state.lines[0]
    if first_line.sale_unit == SaleUnit.KG:
        bench.svc.weigh(bench.order_id, first_line.id, int(first_line.quantity * 1000), "scale",
                        bench.packer.id)
    else:
        bench.svc.pack_line(bench.order_id, first_line.id, bench.packer.id,
                            quantity=int(first_line.quantity))
    early = bench.svc.state(bench.order_id).current_crate(first_line.zone)
    assert bench.svc.close_crate(early.id, bench.packer.id).ok
    [provisional] = bench.svc.crate_labels(bench.order_id, [early.id])
    assert provisional.crate_number == "1/?"
    for line in state.lines[1:]:
        bench.svc.open_crate(bench.order_id, line.zone, bench.packer.id)  # a crate per line
        if line.sale_unit == SaleUnit.KG:
            bench.svc.weigh(bench.order_id, line.id, int(line.quantity * 1000), "scale",
                            bench.packer.id)
        else:
            bench.svc.pack_line(bench.order_id, line.id, bench.packer.id,
                                quantity=int(line.quantity))
    assert bench.svc.finish(bench.order_id, bench.packer.id).ok
    labels = bench.svc.crate_labels(bench.order_id)
    assert len(labels) >= 2 and all(lb.count_final for lb in labels)
    assert labels[0].crate_code == early.code
    assert labels[0].crate_number == f"1/{len(labels)}"


def test_a_restarted_service_finds_the_exact_same_state(bench):
    unit = _lines(bench, unit=SaleUnit.UNIT, with_barcode=True)[0]
    kg = _lines(bench, unit=SaleUnit.KG, with_barcode=False)[0]
    bench.svc.scan(bench.order_id, _barcode(bench, unit.product_id), bench.packer.id)
    bench.svc.weigh(bench.order_id, kg.id, 777, "scale", bench.packer.id)
    before = bench.svc.state(bench.order_id)
    bench.engine.dispose()
    engine = open_store(Path(bench.engine.url.database))
    after = PackingService(engine, "HES").state(bench.order_id)
    assert after.lines == before.lines
    assert [(c.code, c.status, c.items) for c in after.crates] == \
        [(c.code, c.status, c.items) for c in before.crates]
    assert [i.event_id for i in after.items] == [i.event_id for i in before.items]
    engine.dispose()


def test_a_centrally_changed_order_is_flagged_and_cancelled_orders_refuse_actions(bench):
    unit = _lines(bench, unit=SaleUnit.UNIT, with_barcode=True)[0]
    bench.svc.pack_line(bench.order_id, unit.id, bench.packer.id)
    with Session(bench.engine) as s, s.begin():
        order = s.get(m.Order, bench.order_id)
        order.version += 1  # a version alone (e.g. new notes) is nothing for the packer
    assert not bench.svc.state(bench.order_id).changed
    with Session(bench.engine) as s, s.begin():
        s.get(m.OrderLine, unit.id).quantity = Decimal(0)  # as the sync keeps a packed line
    _central_change(bench, "changed", {"cancelled": False, "added": [], "removed": [],
                                       "changed": [{"line_id": str(unit.id),
                                                    "line_no": unit.line_no,
                                                    "product_id": str(unit.product_id),
                                                    "quantity": "0", "old_quantity": "5"}]})
    state = bench.svc.state(bench.order_id)
    assert state.changed and state.change is not None and not state.change.cancelled
    (reduced,) = state.change.removed
    assert (reduced.line_id, reduced.old_quantity, reduced.packed) == (unit.id, 5, 1)
    assert reduced.in_crates == tuple(c.code for c in state.crates if c.items)
    with Session(bench.engine) as s, s.begin():
        s.get(m.Order, bench.order_id).status = "cancelled"
    out = bench.svc.pack_line(bench.order_id, unit.id, bench.packer.id)
    assert out.refusal is Refusal.ORDER_CANCELLED  # a change is open: take out, resolve
    bench.svc.resolve_changes(bench.order_id, bench.packer.id)
    out = bench.svc.pack_line(bench.order_id, unit.id, bench.packer.id)
    assert out.refusal is Refusal.ORDER_CLOSED  # resolved: simply closed


def _central_change(bench, kind: str, diff: dict) -> None:
    """What the sync records when the centre changed an order packing had begun on."""
    with Session(bench.engine) as s, s.begin():
        order = s.get(m.Order, bench.order_id)
        s.add(m.OrderChange(order_id=order.id, number=order.number, kind=kind,
                            old_version=order.version - 1, new_version=order.version, diff=diff))


def test_a_cancelled_order_refuses_packing_but_lets_items_out_until_resolved(bench):
    unit, other = [*_lines(bench, unit=SaleUnit.UNIT, with_barcode=True),
                   *_lines(bench, unit=SaleUnit.UNIT, with_barcode=False)][:2]
    bench.svc.pack_line(bench.order_id, unit.id, bench.packer.id)
    packed = bench.svc.pack_line(bench.order_id, other.id, bench.packer.id)
    with Session(bench.engine) as s, s.begin():
        order = s.get(m.Order, bench.order_id)
        order.status, order.version = "cancelled", order.version + 1
    _central_change(bench, "cancelled", {"cancelled": True, "added": [], "removed": [],
                                         "changed": []})
    state = bench.svc.state(bench.order_id)
    assert state.change is not None and state.change.cancelled
    assert state.change.crates_to_empty == tuple(c.code for c in packed.state.crates)
    out = bench.svc.pack_line(bench.order_id, unit.id, bench.packer.id)
    assert out.refusal is Refusal.ORDER_CANCELLED and out.state is not None
    first = out.state.items[0]
    assert bench.svc.move_item(first.event_id, first.crate_id,
                               bench.packer.id).refusal is Refusal.ORDER_CANCELLED
    assert bench.svc.remove_item(first.event_id, bench.packer.id).ok
    with Session(bench.engine) as s:
        waiting = s.scalar(select(func.count()).select_from(m.Outbox)
                           .where(m.Outbox.sent_at.is_(None)))
    resolved = bench.svc.resolve_changes(bench.order_id, bench.packer.id)
    assert resolved.ok and resolved.state is not None and not resolved.state.changed
    assert len(resolved.state.items) == len(packed.state.items) - 1  # facts stay; one out
    with Session(bench.engine) as s:
        change = s.scalars(select(m.OrderChange)).one()
        assert change.resolved_by == bench.packer.id and change.resolved_at is not None
        audit = s.scalars(select(m.AuditLog).where(
            m.AuditLog.action == "order_change_resolved")).one()
        assert audit.staff_id == bench.packer.id
        assert audit.detail["changes"] == [str(change.id)]
        assert s.scalar(select(func.count()).select_from(m.Outbox).where(
            m.Outbox.sent_at.is_(None))) == waiting + 1
    assert bench.svc.pack_line(bench.order_id, unit.id,
                               bench.packer.id).refusal is Refusal.ORDER_CLOSED
    assert bench.svc.resolve_changes(bench.order_id, bench.packer.id).refusal is \
        Refusal.NOTHING_TO_RESOLVE


def test_wrong_pins_sign_in_nobody_and_packers_are_not_supervisors(bench):
    assert bench.svc.sign_in("0000") is None
    assert bench.svc.sign_in("12") is None
    assert bench.svc.supervisor("1001") is None
    assert bench.packer.name and bench.supervisor.is_supervisor


def test_the_board_flags_centrally_changed_orders_and_counts_acceptances(bench):
    import datetime as dt

    from cpdesk.packing.board_data import CHANGED, load_board

    kg = _lines(bench, unit=SaleUnit.KG, with_barcode=False)[0]
    heavy = int(kg.quantity * 1000 * (1 + Decimal(kg.tolerance_pct + 10) / 100))
    bench.svc.weigh(bench.order_id, kg.id, heavy, "scale", bench.packer.id)
    day = bench.svc.state(bench.order_id).delivery_date

    def summary():
        with Session(bench.engine) as s:
            data = load_board(s, day, "HES")
        return next(o for o in data.orders if o.id == bench.order_id), data

    before, _ = summary()
    bench.svc.accept_out_of_tolerance(bench.order_id, kg.id, bench.supervisor.id, bench.packer.id)
    after, data = summary()
    assert after.lines_resolved == before.lines_resolved + 1
    with Session(bench.engine) as s, s.begin():
        s.get(m.Order, bench.order_id).version += 1
    assert summary()[0].pack_state != CHANGED  # a new version alone changes nothing to pack
    _central_change(bench, "changed", {"cancelled": False, "added": [], "removed": [],
                                       "changed": []})
    changed, _ = summary()
    assert changed.pack_state == CHANGED
    bench.svc.resolve_changes(bench.order_id, bench.packer.id)
    assert summary()[0].pack_state != CHANGED
    assert isinstance(data.per_hour, dict) and isinstance(day, dt.date)
