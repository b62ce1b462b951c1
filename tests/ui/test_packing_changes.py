"""An order changed or cancelled centrally while it is being packed, end to end:
packing at the station, a change at the demo centre (DIR/central.sqlite), one real sync, then
the board, the change panel, refusals, and the packer resolving it.

Set CPDESK_SCREENSHOT_DIR to keep the French grab of the change panel there
(docs/screenshots/packing-changed-fr.png); otherwise it goes to the test's tmp dir.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cpdesk.packing.board_data import CHANGED
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import make_engine, sqlite_url, transaction
from cpdesk.sync.config import connect_central
from cpdesk.sync.engine import SyncEngine

from ..packing.conftest import to_pack_order
from .test_packing_flow import Station, _coded_unit_line

pytestmark = pytest.mark.gui


@pytest.fixture
def station(qtbot, demo_dir):
    st = Station(qtbot, demo_dir)
    yield st
    st.close()


def _sync(st: Station, demo_dir: Path) -> int:
    report = SyncEngine(st.ctx.engine, connect_central(st.ctx.engine, demo_dir)).sync_once()
    return report.conflicts


def _board_state(st: Station, number: str) -> str:
    with st.qtbot.waitSignal(st.window.board.sig_loaded, timeout=30_000):
        st.window.board.reload()
    return next(o.pack_state for r in st.window.board.model.rounds for o in r.orders
                if o.number == number)


def _back_to_board(st: Station) -> None:
    with st.qtbot.waitSignal(st.window.board.sig_loaded, timeout=30_000):
        st.key(Qt.Key.Key_Escape)


def _start(st: Station) -> tuple[str, object]:
    number = to_pack_order(st.ctx.engine)
    st.sign_in()
    st.open(number)
    line = _coded_unit_line(st)
    st.burst(st.barcode(line.product_id))
    assert st.line(line.id).progress.packed_units == 1
    assert not st.packing.change_panel.isVisible()
    return number, line


def test_a_line_removed_and_a_line_added_centrally_show_and_resolve(station, demo_dir, tmp_path):
    st = station
    number, packed = _start(st)
    crate = st.packing.state.current_crate(packed.zone)
    central = make_engine(sqlite_url(paths.central_path(demo_dir)))
    with transaction(central) as s:
        order = s.scalars(select(m.Order).where(m.Order.number == number)).one()
        template = next(ln for ln in order.lines if ln.id == packed.id)
        in_order = [ln.product_id for ln in order.lines]
        new_product = s.scalars(select(m.Product).where(
            m.Product.id.not_in(in_order), m.Product.sale_unit == "unit")
            .order_by(m.Product.name)).first()
        s.add(m.OrderLine(order_id=order.id, line_no=max(ln.line_no for ln in order.lines) + 1,
                          product_id=new_product.id, quantity=Decimal(3),
                          unit_price_cents=new_product.price_cents,
                          packing_depot_id=template.packing_depot_id))
        s.execute(delete(m.OrderLine).where(m.OrderLine.id == packed.id))
        order.version += 1
    assert _sync(st, demo_dir) == 1

    _back_to_board(st)
    assert _board_state(st, number) == CHANGED
    st.open(number)
    panel = st.packing.change_panel
    assert panel.isVisible()
    text = panel.body.text()
    assert f"New line, to pack: {new_product.name} × 3" in text
    assert f"Removed: {packed.product}" in text
    assert f"take 1 out of crate {crate.code}" in text
    assert any(ln.product == new_product.name for ln in st.packing.state.lines)
    row = next(item for item in st.packing.tree.findItems(
        packed.product, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 0))
    assert row.text(5) == "removed: take out"

    st.window.set_language("fr")
    try:
        _back_to_board(st)
        st.open(number)  # the status line in French too
        assert st.packing.message.text().startswith(f"Commande {number} ouverte")
        assert panel.resolve_button.text() == "C'est fait, résolu"
        assert "Commande modifiée par la centrale" in panel.title.text()
        shots = Path(os.environ.get("CPDESK_SCREENSHOT_DIR", tmp_path))
        st.window.resize(1280, 800)
        st.qtbot.wait(50)
        assert st.window.grab().save(str(shots / "packing-changed-fr.png"))
    finally:
        st.window.set_language("en")

    panel.resolve_button.click()
    st.idle()
    assert not panel.isVisible() and not st.packing.state.changed
    with Session(st.ctx.engine) as s:
        change = s.scalars(select(m.OrderChange).where(m.OrderChange.number == number)).one()
        assert change.resolved_by == st.window.staff.id
    _back_to_board(st)
    assert _board_state(st, number) != CHANGED
    with Session(st.ctx.engine) as s:  # the item packed before stays a fact
        assert s.scalar(select(m.PackEvent.id).where(m.PackEvent.line_id == packed.id))


def test_a_cancelled_order_refuses_scans_until_resolved(station, demo_dir):
    st = station
    number, packed = _start(st)
    central = make_engine(sqlite_url(paths.central_path(demo_dir)))
    with transaction(central) as s:
        order = s.scalars(select(m.Order).where(m.Order.number == number)).one()
        order.status, order.version = "cancelled", order.version + 1
    assert _sync(st, demo_dir) == 1
    _back_to_board(st)
    assert _board_state(st, number) == CHANGED
    st.open(number)
    panel = st.packing.change_panel
    crate = st.packing.state.current_crate(packed.zone)
    assert panel.isVisible() and panel.title.text() == "Order cancelled centrally"
    assert f"Take everything out of its crates: {crate.code}" in panel.body.text()
    st.burst(st.barcode(packed.product_id))
    assert st.sounds.played[-1] == "refused"
    assert "Order cancelled centrally" in st.packing.message.text()
    assert st.line(packed.id).progress.packed_units == 1
    st.packing._select(packed.id)
    st.key(Qt.Key.Key_F8)  # taking items out is what the packer must do
    assert st.packing.state.items == ()
    panel.resolve_button.click()
    st.idle()
    assert not panel.isVisible()
    assert st.packing.banner.isVisible()  # "cancelled: do not pack it"
    st.burst(st.barcode(packed.product_id))
    assert "cancelled or delivered" in st.packing.message.text()
    assert _board_state(st, number) == "cancelled"
