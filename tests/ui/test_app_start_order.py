"""Board first, the rest later: the desk paints its window and shows the board's
first load before any device thread or the sync worker starts; they do start afterwards.
The order is observed, not timed: a spy records the window's first paint, the board's first
load, the devices' start and the sync's start as they happen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject

from cpdesk.ui.app import DeskConfig, build_desk
from cpdesk.ui.hardware.hub import DemoDevices

from ..conftest import DEMO_TODAY
from ..ts_files import translated

pytestmark = pytest.mark.gui


class FirstPaint(QObject):
    def __init__(self, record) -> None:
        super().__init__()
        self.record = record
        self.seen = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            self.record("painted")
        return False


def test_the_board_is_shown_before_the_devices_and_the_sync_start(qtbot, demo_dir):
    config = DeskConfig.for_demo(demo_dir, "HES")
    config.today, config.sync_interval_s = DEMO_TODAY, 3600
    desk = build_desk(config)
    window = desk.window
    qtbot.addWidget(window)
    devices = desk.devices
    assert isinstance(devices, DemoDevices)
    events: list[str] = []
    threads_at: dict[str, tuple[bool, bool, bool, bool]] = {}
    scan_filter_at: dict[str, bool] = {}

    def record(what: str) -> None:
        events.append(what)
        scan_filter_at[what] = window.scan_filter.installed
        threads_at[what] = (devices.scale is not None, devices.queue._thread is not None,
                            desk.sync.worker is not None, desk.ctx.engine_open)

    spy = FirstPaint(record)
    window.installEventFilter(spy)
    window.board.sig_loaded.connect(lambda: record("board loaded"))
    start_devices, start_sync = devices.start, desk.sync.start
    devices.start = lambda: (record("devices"), start_devices())  # type: ignore[method-assign]
    desk.sync.start = lambda: (record("sync"), start_sync())  # type: ignore[method-assign]
    try:
        window.show()  # as run_desk does: shown, then started
        desk.start()
        assert events == [] and threads_at == {}  # nothing started before the event loop ran
        qtbot.waitUntil(lambda: "sync" in events, timeout=20_000)
        # The first paint and the board's first load, in either order (the plain read of the
        # file can be done before the first paint), then the devices, then the sync.
        assert sorted(events[:2]) == ["board loaded", "painted"]
        assert events[2:] == ["devices", "sync"]
        # No device thread, no sync worker, not even the store's engine (SQLAlchemy) while
        # the board was painted and loaded: it was read from the store's file.
        assert threads_at["painted"] == (False, False, False, False)
        assert threads_at["board loaded"] == (False, False, False, False)
        assert threads_at["devices"][3]  # the engine is open when the devices start
        # The keyboard-wedge scanners' application-wide filter: after the first frame too
        # (installed before it, it cost that frame PySide6's making of every QObject class).
        assert not scan_filter_at["painted"] and not scan_filter_at["board loaded"]
        assert scan_filter_at["devices"] and scan_filter_at["sync"]
        assert window.board.summary.text()  # the board said what it loaded
        # ... and they run afterwards: the simulated scale is read, the centre answers.
        qtbot.waitUntil(lambda: devices.device_states.get("scale", ("",))[0] == "connected",
                        timeout=20_000)
        qtbot.waitUntil(lambda: window.sync_status is not None
                        and window.sync_status.online is True, timeout=20_000)
        assert devices.queue._thread is not None and devices.queue._thread.is_alive()
        # the store's integrity check ran after the first frame, and found it sound
        qtbot.waitUntil(lambda: window.store_checked, timeout=20_000)
        assert window.store_problem is None and not window.store_banner.isVisible()
    finally:
        window.removeEventFilter(spy)
        desk.close()
        desk.ctx.engine.dispose()


def test_a_desk_closed_before_its_first_frame_starts_nothing(qtbot, demo_dir):
    config = DeskConfig.for_demo(demo_dir, "HES")
    config.today, config.sync_interval_s = DEMO_TODAY, 3600
    desk = build_desk(config)
    qtbot.addWidget(desk.window)
    desk.start()
    desk.close()
    desk.start_later()  # what the first frame would have called
    assert desk.devices.scale is None and desk.sync.worker is None
    desk.ctx.engine.dispose()


def test_a_damaged_store_is_said_after_the_first_frame(qtbot, demo_dir):
    """The desk reads its first board from the file without checking every page; the
    integrity check (quick_check) runs after the first frame and says what is wrong."""
    from ..cli.test_store_damage import damage_an_index

    damage_an_index(demo_dir / "depot-HES.sqlite")
    config = DeskConfig.for_demo(demo_dir, "HES")
    config.today, config.sync_interval_s = DEMO_TODAY, 3600
    desk = build_desk(config)
    window = desk.window
    qtbot.addWidget(window)
    try:
        window.show()
        desk.start()
        qtbot.waitUntil(lambda: window.store_checked, timeout=20_000)
        assert window.store_problem is not None and window.store_problem.kind == "damaged"
        assert window.store_banner.isVisible() and window.store_banner.text()
    finally:
        desk.close()
        desk.ctx.engine.dispose()


def test_the_desk_opens_in_the_depots_language_and_time_zone_read_from_its_file(qtbot, demo_dir):
    """The depot's language and time zone come from its store's file before SQLAlchemy
    (store/board_read.store_facts): the first frame is in the depot's language."""
    import sqlite3
    from contextlib import closing

    from cpdesk import clock

    with closing(sqlite3.connect(demo_dir / "depot-HES.sqlite")) as conn, conn:
        conn.execute("UPDATE depot SET language = 'nl', settings = json_set(settings, "
                     "'$.time_zone', 'Europe/Amsterdam') WHERE code = 'HES'")
    config = DeskConfig.for_demo(demo_dir, "HES")
    config.today, config.sync_interval_s = DEMO_TODAY, 3600
    desk = build_desk(config)
    qtbot.addWidget(desk.window)
    try:
        assert desk.ctx.language == "nl" and desk.translations.language == "nl"
        assert desk.window.windowTitle() == translated(
            "nl", "cpdesk — {0} depot", "MainWindow").format("HES")
        assert not desk.ctx.engine_open
        assert str(clock.zone()) == "Europe/Amsterdam"
    finally:
        clock.set_zone(None)
        desk.close()
        desk.ctx.engine.dispose()
