"""A Sunday at the depot: the board, loading and the counter open on the next day with
rounds and say so; Alt+← and Alt+→ move between days on all three."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpdesk.packing.board_data import next_day_with_rounds, opening_day
from cpdesk.store import models as m

from .desk import Desk

pytestmark = pytest.mark.gui
ALT = Qt.KeyboardModifier.AltModifier


def _round_days(engine) -> list[dt.date]:
    with Session(engine) as s:
        hes = s.scalar(select(m.Depot.id).where(m.Depot.code == "HES"))
        return sorted(s.scalars(select(m.Round.date).where(m.Round.depot_id == hes).distinct()))


@pytest.fixture
def sunday(qtbot, demo_dir) -> Iterator[Desk]:
    """The desk on the Sunday before the demo week's first round (nothing planned that day)."""
    from cpdesk.store.db import open_store
    from cpdesk.store.paths import depot_path

    engine = open_store(depot_path(demo_dir, "HES"))
    first = _round_days(engine)[0]
    engine.dispose()
    day = first - dt.timedelta(days=1)
    while day.weekday() != 6:
        day -= dt.timedelta(days=1)
    desk = Desk(qtbot, demo_dir, today=day)
    yield desk
    desk.close()


def test_the_read_model_finds_the_next_day_with_rounds(demo_dir) -> None:
    from cpdesk.store.db import open_store
    from cpdesk.store.paths import depot_path

    engine = open_store(depot_path(demo_dir, "HES"))
    days = _round_days(engine)
    with Session(engine) as s:
        assert next_day_with_rounds(s, days[0] - dt.timedelta(days=3), "HES") == days[0]
        assert next_day_with_rounds(s, days[1], "HES") == days[1]
        after = days[-1] + dt.timedelta(days=1)
        assert next_day_with_rounds(s, after, "HES", leaving_only=True) is None
        last_order = s.scalar(select(func.max(m.Order.delivery_date)))
        assert opening_day(s, last_order + dt.timedelta(days=1), "HES") \
            == last_order + dt.timedelta(days=1)  # nothing ahead: stay on today
    engine.dispose()


def test_the_board_opens_on_the_next_day_with_rounds_and_moves_with_alt_arrows(sunday) -> None:
    board = sunday.window.board
    sunday.sign_in()
    first = _round_days(sunday.ctx.engine)[0]
    assert board.day == first and board.model.rounds
    assert sunday.ctx.today.strftime("%d/%m/%Y") in board.day_note.text()
    assert "next day with rounds" in board.day_note.text()
    board.view.setFocus()
    with sunday.qtbot.waitSignal(board.sig_loaded, timeout=30_000):
        sunday.key(Qt.Key.Key_Right, ALT)
    assert board.day == first + dt.timedelta(days=1)
    assert board.day_label.text() == board.day.strftime("%d/%m/%Y")
    assert board.day_note.text() == ""
    for _ in range(2):
        with sunday.qtbot.waitSignal(board.sig_loaded, timeout=30_000):
            sunday.key(Qt.Key.Key_Left, ALT)
    assert board.day == sunday.ctx.today and not board.model.rounds


def test_loading_has_a_day_and_opens_on_the_next_day_with_a_round(sunday) -> None:
    sunday.sign_in()
    window, loading = sunday.window, sunday.window.loading
    with sunday.qtbot.waitSignal(loading.sig_plan_loaded, timeout=30_000):
        window.show_loading()
    first = _round_days(sunday.ctx.engine)[0]
    assert loading.day == first and loading.plan is not None and loading.plan.date == first
    assert sunday.ctx.today.strftime("%d/%m/%Y") in loading.day_note.text()
    with sunday.qtbot.waitSignal(loading.sig_plan_loaded, timeout=30_000):
        sunday.key(Qt.Key.Key_Right, ALT)
    assert loading.day == first + dt.timedelta(days=1)
    assert loading.plan is not None and loading.plan.date == loading.day
    assert loading.day_note.isHidden()
    with sunday.qtbot.waitSignal(loading.sig_plan_loaded, timeout=30_000):
        sunday.key(Qt.Key.Key_Left, ALT)
    with sunday.qtbot.waitSignal(loading.sig_plan_loaded, timeout=30_000):
        sunday.key(Qt.Key.Key_Left, ALT)
    assert loading.plan is None
    assert sunday.ctx.today.strftime("%d/%m/%Y") in loading.title.text()


def test_the_counter_pick_up_lists_the_next_day_with_rounds(sunday) -> None:
    sunday.sign_in("2001")
    counter = sunday.window.counter
    pickup = counter.pickup
    with sunday.qtbot.waitSignal(pickup.sig_day_listed, timeout=30_000):
        sunday.window.show_counter()
    first = _round_days(sunday.ctx.engine)[0]
    assert pickup.day == first
    with Session(sunday.ctx.engine) as s:
        expected = set(s.scalars(
            select(m.Order.number).join(m.Stop, m.Stop.id == m.Order.stop_id)
            .join(m.Round, m.Round.id == m.Stop.round_id).join(m.Depot)
            .where(m.Round.date == first, m.Depot.code == "HES")))
    listed = {pickup.results.item(i).data(Qt.ItemDataRole.UserRole)
              for i in range(pickup.results.count())}
    assert expected and listed == expected
    assert sunday.ctx.today.strftime("%d/%m/%Y") in pickup.day_note.text()
    counter.tabs.setCurrentWidget(pickup)
    pickup.search.setFocus()
    with sunday.qtbot.waitSignal(pickup.sig_day_listed, timeout=30_000):
        sunday.key(Qt.Key.Key_Right, ALT)
    assert pickup.day == first + dt.timedelta(days=1)
    assert pickup.day_label.text() == pickup.day.strftime("%d/%m/%Y")
