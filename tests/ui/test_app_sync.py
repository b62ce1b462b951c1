"""The app syncs in the background with the demo centre and shows it."""

import shutil

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import open_store, transaction
from cpdesk.store.outbox import record
from cpdesk.ui.app import build_context, build_sync
from cpdesk.ui.main_window import MainWindow

from ..conftest import DEMO_TODAY


def test_a_copied_demo_folder_syncs_with_its_own_centre(qtbot, demo_dir, tmp_path):
    moved = tmp_path / "moved"
    shutil.move(str(demo_dir), moved)  # the demo centre is found beside the stores
    ctx = build_context(moved, "HES")
    ctx.today = DEMO_TODAY
    sync = build_sync(ctx, interval_s=3600)
    assert sync.worker is not None, sync.problem
    window = MainWindow(ctx, sync=sync)
    qtbot.addWidget(window)
    # one fact waiting in the outbox
    with transaction(ctx.engine) as s:
        line = s.scalars(select(m.OrderLine)).first()
        staff = s.scalars(select(m.Staff.id)).first()
        ev = m.PackEvent(depot_id=line.packing_depot_id, order_id=line.order_id,
                         line_id=line.id, kind="pack", quantity=1, staff_id=staff)
        s.add(ev)
        record(s, "pack_event", ev)
    try:
        sync.start()
        qtbot.waitUntil(lambda: window.sync_status is not None
                        and window.sync_status.online is True
                        and window.sync_status.waiting == 0, timeout=15_000)
    finally:
        sync.stop()
    assert "0" in window.sync_label.text()
    central = open_store(paths.central_path(moved))
    with Session(central) as s:
        assert s.scalar(select(func.count()).select_from(m.PackEvent)
                        .where(m.PackEvent.id == ev.id)) == 1


def test_without_a_centre_the_app_says_so(qtbot, demo_dir):
    (demo_dir / "central.sqlite").unlink()
    ctx = build_context(demo_dir, "HES")
    sync = build_sync(ctx)
    assert sync.worker is None and "no central database" in sync.problem
    window = MainWindow(ctx, sync=sync)
    qtbot.addWidget(window)
    assert "no central database" in window.sync_label.text() or "central" in window.sync_label.text()
