"""The app syncs in the background with the demo centre and shows it."""

import shutil

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import open_store, transaction
from cpdesk.store.outbox import record
from cpdesk.sync.engine import SyncReport
from cpdesk.sync.worker import SyncStatus
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
    assert sync.worker is None and "no central database" in sync.problem.lower()
    window = MainWindow(ctx, sync=sync)
    qtbot.addWidget(window)
    text = window.sync_label.text()
    assert "no central database" in text or "central" in text


# a number never breaks from its unit (no-break spaces)
@pytest.mark.parametrize(("lang", "held_for_s", "expected"), [
    ("fr", 75.0, "retenu par la centrale depuis 75\u00a0s\u00a0: 12"),
    ("nl", 600.0, "tegengehouden door de centrale sinds 10\u00a0min: 12"),
    ("de", 7500.0, "seit 2\u00a0h\u00a005 von der Zentrale zurückgehalten: 12"),
    ("fr", None, "retenu par la centrale\u00a0: 12"),
    ("en", 75.0, "held back at the centre for 75\u00a0s: 12"),
])
def test_the_status_bar_says_what_the_centre_holds_back_and_for_how_long(
        qtbot, demo_dir, lang, held_for_s, expected):
    ctx = build_context(demo_dir, "HES")
    ctx.today = DEMO_TODAY
    sync = build_sync(ctx, interval_s=3600)
    assert sync.worker is not None, sync.problem
    window = MainWindow(ctx, sync=sync)
    qtbot.addWidget(window)
    try:
        window.set_language(lang)
        held = SyncStatus(online=True, waiting=0, last_success_at=clock.utcnow(),
                          last_report=SyncReport(held_back=12, held_for_s=held_for_s))
        sync.sig_status.emit(held)
        shown = window.sync_label.text()
        assert expected in shown
        sync.sig_status.emit(SyncStatus(online=True, waiting=0, last_success_at=clock.utcnow(),
                                        last_report=SyncReport()))
        after = window.sync_label.text()  # nothing more to say once nothing is held back
        assert expected not in after and len(after.split(" · ")) == len(shown.split(" · ")) - 1
    finally:
        window.set_language("en")
        window.close()
        ctx.engine.dispose()
