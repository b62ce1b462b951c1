"""Issue 8: the board warns when a round's crates exceed its van's capacity in a zone."""

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cpdesk.domain.model import Zone
from cpdesk.store import models as m
from cpdesk.store.db import transaction
from cpdesk.store.queries import day_board
from cpdesk.ui.app import build_context
from cpdesk.ui.main_window import MainWindow

from ..conftest import DEMO_TODAY


def test_a_round_over_its_van_capacity_is_flagged_on_the_board(qtbot, demo_dir):
    ctx = build_context(demo_dir, "HES")
    ctx.today = DEMO_TODAY
    with Session(ctx.engine) as s:
        rounds = day_board(s, DEMO_TODAY, "HES")
        busy = max(rounds, key=lambda r: r.crates_by_zone.get("ambient", 0))
        assert busy.crates_by_zone.get("ambient", 0) >= 1 and not busy.over_capacity
        van_id = s.scalar(select(m.Round.van_id).where(m.Round.id == busy.id))
    with transaction(ctx.engine) as s:
        s.execute(update(m.Van).where(m.Van.id == van_id).values(capacity_ambient=0))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.board.sig_loaded, timeout=30_000):
        window.start()
    model = window.board.model
    row = next(i for i, r in enumerate(model.rounds) if r.id == busy.id)
    flagged = model.rounds[row]
    assert [(w.zone, w.capacity) for w in flagged.over_capacity] == [(Zone.AMBIENT, 0)]
    assert "⚠" in model.data(model.index(row, 0))
