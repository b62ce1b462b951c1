"""A fact the centre refused is shown at the depot (status bar and dashboard), in the
packer's language, until it is stored: a refusal is never shown as delivered."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from cpdesk.domain.ids import new_id, short_code
from cpdesk.store import models as m
from cpdesk.store.db import transaction
from cpdesk.store.outbox import record
from cpdesk.ui.app import build_context, build_sync
from cpdesk.ui.i18n import Translations
from cpdesk.ui.main_window import MainWindow

from ..conftest import DEMO_TODAY


def test_a_refused_fact_is_shown_in_the_status_bar_and_on_the_dashboard(qtbot, demo_dir):
    ctx = build_context(demo_dir, "HES")
    ctx.today = DEMO_TODAY
    sync = build_sync(ctx, interval_s=3600)
    assert sync.worker is not None, sync.problem
    translations = Translations()
    window = MainWindow(ctx, sync=sync, translations=translations)
    qtbot.addWidget(window)
    dash = window.board.dashboard
    # A pack event into a crate that never went into the outbox: the centre can't store it.
    with transaction(ctx.engine) as s:
        depot = s.scalars(select(m.Depot).where(m.Depot.code == "HES")).one()
        line = s.scalars(select(m.OrderLine).where(m.OrderLine.packing_depot_id == depot.id)
                         .order_by(m.OrderLine.id)).first()
        staff = s.scalars(select(m.Staff.id)).first()
        cid = new_id()
        s.add(m.Crate(id=cid, code=f"CR{short_code(cid)}", order_id=line.order_id,
                      depot_id=depot.id, zone="ambient", seq=96, status="open"))
        ev = m.PackEvent(depot_id=depot.id, order_id=line.order_id, line_id=line.id,
                         crate_id=cid, kind="pack", quantity=1, staff_id=staff,
                         at=dt.datetime.now(dt.UTC))
        s.add(ev)
        record(s, "pack_event", ev)
    try:
        assert dash.refused_label.isHidden()
        sync.start()
        qtbot.waitUntil(lambda: window.sync_status is not None
                        and window.sync_status.online is True
                        and window.sync_status.rejected == 1, timeout=15_000)
        assert window.sync_status.waiting == 1  # not delivered
        assert "1 refused by the centre" in window.sync_label.text()
        assert "b91c1c" in window.sync_label.styleSheet()
        assert not dash.refused_label.isHidden()
        assert dash.refused_label.text().startswith("1 facts refused by the centre")
        assert "pack_event" in dash.refused_label.toolTip()
        # why, worded by kind (the database's own words stay in `cpdesk sync status`)
        assert "it refers to something the centre does not have" in dash.refused_label.toolTip()
        window.set_language("fr")
        assert "1 refusé(s) par le central" in window.sync_label.text()
        assert dash.refused_label.text().startswith("1 faits refusés par le central")
        window.set_language("de")
        assert "von der Zentrale abgelehnt" in window.sync_label.text()
    finally:
        window.set_language("en")
        sync.stop()
        window.close()
