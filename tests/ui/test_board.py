import datetime as dt

from cpdesk.store.queries import PackState
from cpdesk.ui.app import build_context
from cpdesk.ui.board.screen import BoardModel
from cpdesk.ui.main_window import MainWindow

from ..conftest import DEMO_TODAY


def _started(qtbot, demo_dir) -> MainWindow:
    """HES's main window on the demo's day, started, its first board loaded."""
    ctx = build_context(demo_dir, "HES")
    ctx.today = DEMO_TODAY
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.board.sig_loaded, timeout=30_000):
        window.start()
    return window


def test_board_loads_off_the_gui_thread_and_shows_rounds_and_orders(qtbot, demo_dir):
    window = _started(qtbot, demo_dir)
    board = window.board
    model = board.model
    assert model.rowCount() >= 1
    first_round = model.index(0, 0)
    assert model.rowCount(first_round) >= 1
    assert model.data(first_round).startswith("HES-")
    states = {o.pack_state for r in model.rounds for o in r.orders}
    assert PackState.PACKED in states and PackState.TO_PACK in states


def test_search_filters_orders_and_enter_opens_one(qtbot, demo_dir):
    window = _started(qtbot, demo_dir)
    target = window.board.model.rounds[0].orders[0]
    window.board.search.setText(target.number)
    proxy = window.board.proxy
    assert proxy.rowCount() == 1
    assert proxy.rowCount(proxy.index(0, 0)) == 1
    with qtbot.waitSignal(window.board.sig_open_order, timeout=30_000) as opened:
        window.board.view.activated.emit(proxy.index(0, 1, proxy.index(0, 0)))
    assert opened.args == [target.number]


def test_days_can_be_browsed(qtbot, demo_dir):
    window = _started(qtbot, demo_dir)
    with qtbot.waitSignal(window.board.sig_loaded, timeout=30_000):
        window.board.next_day.click()
    assert window.board.day == DEMO_TODAY + dt.timedelta(days=1)
    assert all(o.pack_state == PackState.TO_PACK for r in window.board.model.rounds
               for o in r.orders if o.lines)
    assert isinstance(window.board.model, BoardModel)


def test_the_summary_counts_in_the_plural_rules_of_the_language(qtbot, demo_dir):
    """One round is 'tournée', several 'tournées' (Qt's %n forms, not a fixed plural)."""
    window = _started(qtbot, demo_dir)
    board = window.board
    window.set_language("fr")
    try:
        rounds = len(board.data.rounds)
        words = board.summary.text().split(" · ")
        assert words[0] == (f"{rounds} tournée" if rounds == 1 else f"{rounds} tournées")
        crates = sum(o.crates for o in board.data.orders)
        assert words[2] == (f"{crates} caisse" if crates == 1 else f"{crates} caisses")
        board.data.rounds = board.data.rounds[:1]
        board._show_summary()
        assert board.summary.text().startswith("1 tournée · ")
    finally:
        window.set_language("en")
    board._show_summary()
    assert board.summary.text().startswith("1 round · ")


def test_a_language_switch_keeps_the_rounds_open_and_spanned(qtbot, demo_dir):
    """The texts change, the tree does not: every round stays expanded, its title row across
    the columns (the switch re-sets the model's layout)."""
    window = _started(qtbot, demo_dir)
    board = window.board
    proxy, view = board.proxy, board.view

    def rounds_open() -> list[tuple[bool, bool]]:
        return [(view.isExpanded(proxy.index(row, 0)),
                 view.isFirstColumnSpanned(row, proxy.index(row, 0).parent()))
                for row in range(proxy.rowCount())]

    assert proxy.rowCount() >= 1 and all(a and b for a, b in rounds_open())
    for lang in ("fr", "nl", "en"):
        window.set_language(lang)
        qtbot.wait(10)
        assert all(a and b for a, b in rounds_open()), (lang, rounds_open())
