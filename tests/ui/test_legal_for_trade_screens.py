"""Legal for trade through the screens: a scale not approved for trade is refused at packing
(a supervisor may type the weight, marked manual) and at the counter (no typed weights)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk.domain.packing import LineState
from cpdesk.store import models as m

from ..packing.conftest import to_pack_order
from .test_counter_sale import _weighed
from .test_packing_flow import Station

pytestmark = pytest.mark.gui


def test_packing_refuses_an_unapproved_scale_and_marks_a_typed_weight(qtbot, demo_dir) -> None:
    st = Station(qtbot, demo_dir)
    try:
        assert st.packing.service.legal_for_trade  # the demo depots are
        st.devices.legal_for_trade = False  # the station's scale is not approved for trade
        st.sign_in()
        st.open(to_pack_order(st.ctx.engine))
        kg = next(ln for ln in st.packing.state.lines if ln.weighed)
        st.packing._select(kg.id)
        st.devices.put_weight(0, stable=False)
        st.devices.put_weight(int(kg.quantity * 1000), stable=True)
        st.key(Qt.Key.Key_Space)
        assert st.line(kg.id).state is LineState.TO_PACK
        assert "not approved for trade" in st.packing.message.text()
        assert st.sounds.played[-1] == "refused"
        # a supervisor types the weight: booked, and marked manual on the event
        st.key(Qt.Key.Key_F10)
        st.burst("9001", st.packing.supervisor_pad)
        assert st.packing.panels.currentWidget() is st.packing.manual_panel
        st.packing.manual_panel.grams.setValue(int(kg.quantity * 1000))
        st.packing.manual_panel.ok.click()
        st.idle()
        assert st.line(kg.id).state is LineState.PACKED
        with Session(st.ctx.engine) as s:
            sources = set(s.scalars(select(m.PackEvent.weight_source)
                                    .where(m.PackEvent.line_id == kg.id)))
        assert sources == {"manual"}
    finally:
        st.close()


def test_packing_takes_an_approved_scale(qtbot, demo_dir) -> None:
    st = Station(qtbot, demo_dir)
    try:
        st.sign_in()
        st.open(to_pack_order(st.ctx.engine))
        kg = next(ln for ln in st.packing.state.lines if ln.weighed)
        st.packing._select(kg.id)
        st.devices.put_weight(0, stable=False)
        st.devices.put_weight(int(kg.quantity * 1000), stable=True)
        st.key(Qt.Key.Key_Space)
        assert st.line(kg.id).state is LineState.PACKED
    finally:
        st.close()


def test_the_counter_refuses_an_unapproved_scale_for_goods_by_weight(counter) -> None:
    assert counter.service.legal_for_trade
    counter.devices.legal_for_trade = False
    veg = _weighed(counter)
    counter.pending_weighed = veg
    counter.devices.put_weight(1234, stable=True)
    counter.take_weight()
    assert counter.model.rowCount() == 0
    assert "not approved for trade" in counter.message.text()
    counter.devices.legal_for_trade = True
    counter.take_weight()
    assert counter.model.rowCount() == 1 and counter.cart.lines[0].weight_source == "scale"
