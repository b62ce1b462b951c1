"""Every kind of code, typed as a keyboard-wedge scanner types it (key presses and releases a
few ms apart, Shift around capitals, Ctrl+] for the GS1 separator, Enter), on every screen
that takes scans, for a US scanner, a Belgian AZERTY scanner and a US scanner on an AZERTY PC.

The focus sits in a text field or a list each time: a scan must never leave a character there.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk.domain import gtin
from cpdesk.domain.loading import CrateWhere
from cpdesk.domain.packing import LineState
from cpdesk.loading.service import ScanStatus
from cpdesk.store import models as m

from ..conftest import DEMO_TODAY
from ..packing.conftest import add_line, gs1_weight, to_pack_order
from .desk import Desk
from .wedge_keys import GS, LAYOUTS, strokes

pytestmark = pytest.mark.gui


@pytest.fixture(params=LAYOUTS)
def desk(request, qtbot, demo_dir) -> Iterator[Desk]:
    d = Desk(qtbot, demo_dir, request.param)
    yield d
    d.window.close()
    d.ctx.engine.dispose()


def test_the_test_scanner_really_presses_shift_and_types_layout_signs() -> None:
    assert [s.shift for s in strokes("CP-2", "us")] == [True, True, False, False]
    assert [s.text for s in strokes("CP-261130", "us-on-azerty")] == list("CP)é§&&\"à")
    assert [s.shift for s in strokes("CR8M", "azerty")] == [True, True, True, True]
    assert strokes("CR8M", "us-on-azerty")[-1].text == "?"
    assert strokes(f"01{GS}3", "us")[2].ctrl


def test_order_slips_and_crate_codes_open_orders_from_the_board(desk) -> None:
    desk.sign_in()
    board = desk.window.board
    number = to_pack_order(desk.ctx.engine)
    desk.scan(number, focus=board.search)
    assert desk.window.stack.currentWidget() is desk.window.packing
    assert desk.window.packing.state.number == number
    desk.window.show_board()
    crate, crate_order = desk.crate_of(status="closed")
    desk.scan(crate, focus=board.search)
    assert desk.window.packing.state.number == crate_order
    with desk.qtbot.waitSignal(board.sig_loaded, timeout=30_000):
        desk.window.show_board()  # the board's reload would overwrite the refusal's words
    desk.scan("5400141007121", focus=board.search)  # a product on the board: refused, in words
    assert desk.sounds.played[-1] == "refused" and "order slip" in board.summary.text()
    assert board.search.text() == ""


def test_products_weight_labels_and_slips_on_the_packing_screen(desk) -> None:
    desk.sign_in()
    number = to_pack_order(desk.ctx.engine)
    packing = desk.window.packing
    order_id = desk.window.service.find_order(number)
    unit_id, ean = add_line(desk.ctx.engine, order_id, barcode_kind="ean13")
    kg_id, gtin14 = add_line(desk.ctx.engine, order_id, barcode_kind="gtin14", quantity="0.5")
    lot_id, gtin14b = add_line(desk.ctx.engine, order_id, barcode_kind="gtin14", quantity="0.4")
    scale_id, prefix = add_line(desk.ctx.engine, order_id, barcode_kind="scale", quantity="0.3")
    desk.scan(number, focus=desk.window.board.view)
    assert packing.state.number == number
    desk.scan(ean, focus=packing.tree)
    assert packing.state.line(unit_id).progress.packed_units == 1
    desk.scan(gs1_weight(gtin14, 507), focus=packing.tree)
    assert packing.state.line(kg_id).progress.packed_weight_g == 507
    # a lot number (variable length) ends with the GS separator the scanner sends as Ctrl+]
    desk.scan(f"01{gtin14b}10LOT7{GS}3103000398", focus=packing.tree)
    assert packing.state.line(lot_id).progress.packed_weight_g == 398
    desk.scan(gtin.with_check_digit(f"{prefix}00301"), focus=packing.tree)
    assert packing.state.line(scale_id).progress.packed_weight_g == 301
    assert packing.state.line(scale_id).state is LineState.PACKED
    other = next(o for o in _numbers(desk) if o != number)
    desk.scan(other, focus=packing.tree)  # another order's slip opens it
    assert packing.state.number == other


def _numbers(desk: Desk) -> list[str]:
    with Session(desk.ctx.engine) as s:
        return list(s.scalars(select(m.Order.number).where(m.Order.delivery_date == DEMO_TODAY)
                              .where(m.Order.status == "open").order_by(m.Order.number)))


def test_crate_codes_load_the_van(desk) -> None:
    desk.sign_in()
    desk.window.show_loading()
    loading = desk.window.loading
    desk.qtbot.waitUntil(lambda: loading.plan is not None, timeout=30_000)
    crate = next(c for c in loading.plan.crates if c.where is CrateWhere.AT_DEPOT)
    with desk.qtbot.waitSignal(loading.sig_scan_result, timeout=30_000) as got:
        desk.scan(crate.code, focus=loading.tree)
    assert got.args[0].status is ScanStatus.LOADED and desk.sounds.played[-1] == "accepted"
    loaded = next(c for c in loading.plan.crates if c.code == crate.code)
    assert loaded.where is CrateWhere.LOADED
    with desk.qtbot.waitSignal(loading.sig_scan_result, timeout=30_000) as got:
        desk.scan("5400141007121", focus=loading.pin)  # not a crate: refused in words
    assert got.args[0].status is ScanStatus.REFUSED and loading.pin.text() == ""
    assert desk.sounds.played[-1] == "refused"


def test_products_and_weight_labels_at_the_counter_sale(desk) -> None:
    desk.sign_in("2001")
    desk.window.show_counter()
    counter = desk.window.counter
    desk.qtbot.waitUntil(lambda: counter.catalogue is not None, timeout=30_000)
    unit = next(ci for code, ci in counter.catalogue.by_code.items()
                if not ci.item.weighed and len(code) == 13)
    weighed = next(ci for code, ci in counter.catalogue.by_code.items()
                   if ci.item.weighed and len(code) == 14)
    scale_code = next(code for code in counter.catalogue.by_code if len(code) == 7)
    desk.scan(unit.barcodes[0], focus=counter.search)
    desk.scan(gs1_weight(next(c for c in weighed.barcodes if len(c) == 14), 1250),
              focus=counter.search)
    desk.scan(gtin.with_check_digit(f"{scale_code}00420"), focus=counter.search)
    assert [ln.weight_g for ln in counter.cart.lines] == [None, 1250, 420]
    assert counter.cart.lines[0].item.product_id == unit.item.product_id
    assert counter.search.text() == ""


def test_slips_and_crates_at_the_counter_pick_up(desk) -> None:
    desk.sign_in("2001")
    desk.window.show_counter()
    counter = desk.window.counter
    pickup = counter.pickup
    crate, number = desk.crate_of(status="closed")
    counter.tabs.setCurrentWidget(pickup)
    with desk.qtbot.waitSignal(pickup.sig_loaded, timeout=30_000):
        desk.scan(number, focus=pickup.search)
    assert pickup.info.number == number and pickup.search.text() == ""
    with desk.qtbot.waitSignal(pickup.sig_crate_checked, timeout=30_000) as checked:
        desk.scan(crate, focus=pickup.search)
    assert checked.args == [crate, True]
    assert pickup.search.text() == ""
