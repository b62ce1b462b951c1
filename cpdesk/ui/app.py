"""The composition root: builds the application's object graph in one place.

`DeskConfig` says which desk to build; `build_desk` makes everything from it (store engine,
services, devices, sync worker, translations, window).

Board first, the rest later: `Desk.start()` starts the board's first load (off
the GUI thread); the device threads (scale reader, simulated scale, print queue, serial
scanners), the sync worker (built then: it imports the central's dialects), the sounds and
the warm-up of modules only a later action needs (biip's GS1 tables, reportlab) start once
the window has shown its first frame and the board its first load, on the next turn of the
event loop (`FirstFrame`); at the latest `LATER_AT_THE_LATEST_MS` after the first frame.
`cpdesk demo` and `cpdesk run` differ only in that configuration: the demo has an embedded
centre (DIR/central.sqlite), a simulated scale and printers writing into DIR/spool; a depot
workstation has the store made by `cpdesk setup`, its real centre, and the devices of its
station file.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QMessageBox, QWidget

from cpdesk import clock, logs
from cpdesk import station as station_file
from cpdesk.errors import CpdeskError, StoreProblem
from cpdesk.station import StationConfig
from cpdesk.store import paths
from cpdesk.store.board_read import StoreFacts, needs_first_sync, store_facts

from .context import AppContext, Services
from .failures import store_problem_box
from .gc_guard import MainThreadGC, long_lived_objects
from .hardware.demo_scale import dock_demo_scale
from .hardware.devices import DeviceHub
from .hardware.hub import DemoDevices, HardwareDevices, StationDevices
from .i18n import Translations
from .icons import app_icon
from .main_window import MainWindow
from .platform_check import display_problem
from .refusals import refusal_text
from .sounds import Sounds
from .sync_status import SyncBridge
from .workers import query

log = logging.getLogger(__name__)
FIRST_START_SIZE = QSize(900, 640)
"""The first-start assistant's window: within a 1024x768 screen."""


@dataclass
class DeskConfig:
    """Which desk to build. `demo` and `run` differ only in these fields."""

    data_dir: Path
    depot: str | None = None
    demo: bool = False  # embedded demo network, simulated scale, spool printers
    station_path: Path | None = None  # the station file (not used by the demo)
    sync_interval_s: float = 30.0
    today: dt.date | None = None  # None: today (the demo: the day its network was made for)
    station: StationConfig | None = field(default=None, repr=False)
    facts: dict[Path, StoreFacts] = field(default_factory=dict, repr=False)  # read already

    @classmethod
    def for_demo(cls, data_dir: Path, depot: str | None = None) -> DeskConfig:
        return cls(data_dir=data_dir, depot=depot, demo=True)

    @classmethod
    def for_station(cls, data_dir: Path, depot: str | None = None,
                    station_path: Path | None = None) -> DeskConfig:
        return cls(data_dir=data_dir, depot=depot, demo=False,
                   station_path=station_path or station_file.default_path())

    def load_station(self) -> StationConfig:
        if self.station is None:
            self.station = (StationConfig() if self.demo or self.station_path is None
                            else station_file.load(self.station_path))
        return self.station


def build_context(data_dir: Path, depot: str | None,
                  known: dict[Path, StoreFacts] | None = None) -> AppContext:
    """The depot's context, read from its store's file without SQLAlchemy (the store's
    engine opens on first use: `AppContext.engine`); `known`: facts read already (the
    first-start check of `cpdesk run`), so the store is read once. A store needing a
    migration is opened (and migrated) now, before anything reads it."""
    store = paths.existing_depot_path(data_dir, depot)
    code = (depot or store.stem.removeprefix("depot-")).upper()
    facts = (known or {}).get(store) or store_facts(store)
    depot_row = facts.depot(code)
    clock.set_zone(depot_row.time_zone)  # default Europe/Brussels
    engine = None
    if not facts.schema_current:  # an older store: migrated before the first read
        from cpdesk.store.db import open_store

        engine = open_store(store, check=False)  # quick_check runs in the background
    # A demo network is made for the week around the day it was created; show that day.
    today = clock.today()
    if facts.demo_today and abs((dt.date.fromisoformat(facts.demo_today) - today).days) > 3:
        today = dt.date.fromisoformat(facts.demo_today)
    return AppContext(data_dir=data_dir, depot=code, engine=engine, today=today,
                      language=depot_row.language, store=store)


def build_sync(ctx: AppContext, *, interval_s: float = 30.0,
               bridge: SyncBridge | None = None) -> SyncBridge:
    """The background sync of this depot with its centre (demo: DIR/central.sqlite); into
    `bridge` when given (the desk makes its bridge first and its worker after the first
    frame)."""
    from cpdesk.sync.config import connect_central
    from cpdesk.sync.engine import SyncEngine
    from cpdesk.sync.worker import SyncWorker

    bridge = bridge or SyncBridge(None, pending=True)
    try:
        central = connect_central(ctx.engine, ctx.data_dir)
    except CpdeskError as exc:
        bridge.attach(None, problem=refusal_text(exc))  # shown in the status bar
        return bridge
    bridge.attach(SyncWorker(SyncEngine(ctx.engine, central), interval_s=interval_s))
    return bridge


def version() -> str:
    from cpdesk import __version__

    return __version__


def ensure_demo(data_dir: Path) -> None:
    if not paths.depots_in(data_dir):
        from cpdesk.demo.network import init_demo  # the generator: only for a new network

        init_demo(data_dir)


LATER_AT_THE_LATEST_MS = 3000
"""The devices and the sync start at the latest this long after the window's first frame,
even while the board's first load is still running (a very large day)."""


class FirstFrame(QObject):
    """Calls `later` once: after the window's first frame and the board's first load (done or
    failed), on the next turn of the event loop, so that frame is painted before; at the
    latest `LATER_AT_THE_LATEST_MS` after the first frame. A window never shown (tests that
    drive a desk without showing it): after the board's first load."""

    def __init__(self, window: MainWindow, later: Callable[[], None]) -> None:
        super().__init__(window)
        self.window, self.later = window, later
        self.painted = False
        self.loaded = False
        self.done = False
        window.board.sig_loaded.connect(self._loaded)
        window.board.sig_load_failed.connect(lambda _message: self._loaded())
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if not self.painted and event.type() == QEvent.Type.Paint:
            self.painted = True
            self.window.removeEventFilter(self)
            QTimer.singleShot(LATER_AT_THE_LATEST_MS, self._fire)
            self._maybe_fire()
        return False

    def _loaded(self) -> None:
        self.loaded = True
        self._maybe_fire()

    def _maybe_fire(self) -> None:
        if self.loaded and (self.painted or not self.window.isVisible()):
            QTimer.singleShot(0, self._fire)  # after the paint the new rows asked for

    def _fire(self) -> None:
        if not self.done:
            self.done = True
            self.later()


def warm_up_imports(language: str = "fr") -> None:
    """Import, on a worker thread, what the first scan and the first document would
    otherwise import on the GUI thread: biip's GS1 tables, reportlab's PDF modules, Qt PDF;
    and Babel with its locale data for `language` (the first frame's day and weights are
    written without it: `cpdesk.formats`), for the first amount or written date."""
    def run() -> None:
        try:
            from cpdesk import formats

            formats.money(0, language), formats.percent(0, language)  # Babel's locale data
            formats.day_long(dt.date(2026, 1, 1), language)
            formats.time_of_day(dt.time(), language)
            import biip  # noqa: F401
            import biip.gs1_messages  # noqa: F401
            from PySide6 import QtPdf, QtPdfWidgets  # noqa: F401 - the document preview
            from reportlab.graphics.barcode import code128  # noqa: F401
        except Exception:  # noqa: BLE001 - only a warm-up: the real use imports it again
            log.exception("warm-up import failed")

    threading.Thread(target=run, name="cpdesk warm-up", daemon=True).start()


class JobsLater:
    """The print queue's `JobStore` (the depot store's `PrintJobStore`), made on its first
    use: the queue is made with the window, its store is first used after the first frame
    (the queue's thread starts then), and it needs SQLAlchemy."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self._jobs: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._jobs is None:
            from cpdesk.store.print_jobs import PrintJobStore

            self._jobs = PrintJobStore(self.ctx.engine)
        return getattr(self._jobs, name)


def build_devices(config: DeskConfig, ctx: AppContext, parent: QApplication) -> DeviceHub:
    """Demo: a simulated MT-SICS scale over TCP read by the real driver thread, printers
    writing into DATA_DIR/spool through the durable print queue. A station: its file."""
    jobs: Any = JobsLater(ctx)
    if config.demo:
        return DemoDevices(jobs, ctx.data_dir / "spool", parent=parent)
    return StationDevices(jobs, config.load_station(), parent=parent)


def open_store_later(ctx: AppContext) -> None:
    """On a worker thread: the store's engine (SQLAlchemy, the models, `db.open_store`) and
    the modules the first sign-in, scan and sync need, so that neither the GUI thread nor
    the first action waits for their import; what they make lives as long as the app: out of
    the collector's sight."""
    with long_lived_objects():
        ctx.engine  # noqa: B018 - opens it
        import cpdesk.packing.service  # noqa: F401
        import cpdesk.sync.config  # noqa: F401
        import cpdesk.sync.engine  # noqa: F401
        import cpdesk.sync.worker  # noqa: F401


@dataclass
class Desk:
    """Everything `build_desk` made; `close()` stops the threads it started."""

    config: DeskConfig
    app: QApplication
    ctx: AppContext
    services: Services
    devices: DeviceHub
    sync: SyncBridge
    translations: Translations
    window: MainWindow
    demo_dock: QDockWidget | None = None
    first_frame: FirstFrame | None = field(default=None, repr=False)
    started_later: bool = False
    closed: bool = False

    def start(self) -> None:
        """The board's first load now (on a worker thread, from the store's file); the rest
        after the first frame (`FirstFrame`)."""
        self.window.start(check_store=False, scan_filter=False)
        self.first_frame = FirstFrame(self.window, self.start_later)

    def start_later(self) -> None:
        """After the first frame: the keyboard-wedge scanners' filter; the store's engine is
        opened on a worker thread; then the devices, the sync worker, the store's integrity
        check, the sounds and the warm-up."""
        if self.closed or self.started_later:
            return
        self.started_later = True
        # Nobody scans before the window is on screen; installed before its first frame, the
        # application-wide filter costs the frame ~25 ms of PySide6's class making (see there).
        self.window.scan_filter.install()
        query(self.window, lambda: open_store_later(self.ctx), lambda _r: self._store_open(),
              self._store_failed)

    def _store_open(self) -> None:
        if self.closed:
            return
        if isinstance(self.devices, HardwareDevices):
            self.devices.start()
        if self.sync.pending:
            build_sync(self.ctx, interval_s=self.config.sync_interval_s, bridge=self.sync)
        self.sync.start()
        self.window.check_store()
        self.window.sounds.load()
        warm_up_imports(self.ctx.language)
        log.info("devices and sync started")

    def _store_failed(self, message: str) -> None:
        """The store could not be opened after the board was read from it (damaged since,
        the disk gone): said on the banner; the integrity check says more if it can."""
        log.error("the store could not be opened: %s", message)
        if not self.closed:
            self.window.show_store_failure(message)

    def close(self) -> None:
        self.closed = True
        self.sync.stop()
        self.devices.shutdown()
        self.window.close()
        self.translations.set_language("en")  # its translator is the application's
        self.translations.deleteLater()


def quit_on_signals(app: QApplication) -> None:
    """Ctrl+C (SIGINT) and SIGTERM close the app as its window's close does: devices and sync
    stop, the stores are left clean. Python runs signal handlers only between bytecodes, so a
    timer lets it in regularly while Qt's event loop runs."""
    def stop(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, app.quit)  # also when the loop has not started yet

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(200)


def qt_app() -> QApplication:
    if QApplication.instance() is None and (problem := display_problem()) is not None:
        raise CpdeskError(problem)  # one line, instead of Qt's plugin error and an abort
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("cpdesk")
    app.setOrganizationName("Circuits Paysans")
    # The title bar, the taskbar and Alt+Tab show the app's icon; on Linux the desktop file's
    # name lets the taskbar match the window to resources/app/cpdesk.desktop (Wayland needs it).
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("cpdesk")
    return app


def build_desk(config: DeskConfig, app: QApplication | None = None) -> Desk:
    """Build the desk described by `config` (not started: call `Desk.start()`)."""
    app = app or qt_app()
    if config.demo:
        ensure_demo(config.data_dir)
    station = config.load_station()
    ctx = build_context(config.data_dir, config.depot, config.facts)
    if config.today is not None:
        ctx.today = config.today
    log.info("desk for depot %s (%s) from %s", ctx.depot, "demo" if config.demo else "station",
             config.data_dir)
    if not config.demo:
        log.info("station file %s: %s", config.station_path, "; ".join(station.describe()))
    translations = Translations(app)
    translations.set_language(ctx.language)  # the depot's language, French by default
    services = Services.for_context(ctx)
    devices = build_devices(config, ctx, app)  # their threads start after the first frame
    sync = SyncBridge(None, pending=True)  # its worker is made after the first frame
    window = MainWindow(ctx, devices, translations=translations, sync=sync, services=services,
                        sounds=Sounds(app, load=False))
    dock = None
    if isinstance(devices, DemoDevices):
        dock = dock_demo_scale(window, devices.simulator)
    window.set_language(ctx.language)
    return Desk(config, app, ctx, services, devices, sync, translations, window, dock)


def first_start_needed(config: DeskConfig) -> bool:
    """Whether `cpdesk run` shows the first-start assistant; the store's facts read for it
    are kept for the desk (`DeskConfig.facts`)."""
    return needs_first_sync(config.data_dir, config.depot, config.facts)


def show_crash(parent: QWidget | None, text: str) -> None:
    """An uncaught exception: logged already; said in a dialog instead of a silent exit."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, QCoreApplication.translate("App", "Something went wrong"),
                         QCoreApplication.translate(
                             "App", "{0}\n\nThe details are in the log: {1}").format(
                             text, logs.log_dir() / logs.LOG_NAME))


def run_desk(config: DeskConfig, screenshot: Path | None = None) -> int:
    """Open the window and run until it is closed (`cpdesk demo`, `cpdesk run`). A depot
    workstation without a prepared store first shows the first-start assistant."""
    log_path = logs.setup_logging()
    log.info("cpdesk %s starting (%s), log %s", version(), "demo" if config.demo else "run",
             log_path)
    app = qt_app()
    collector = MainThreadGC(app)  # Qt objects are only ever destroyed on the GUI thread
    collector.start()
    try:
        return _run_desk(config, app, screenshot)
    finally:  # run in a process that goes on (tests): its own collection policy comes back
        collector.stop()
        collector.deleteLater()


def _run_desk(config: DeskConfig, app: QApplication, screenshot: Path | None) -> int:
    quit_on_signals(app)
    holder: list[QWidget] = []
    logs.install_excepthook(lambda text: show_crash(holder[0] if holder else None, text))
    written: list[bool] = []

    def open_desk() -> Desk:
        try:
            desk = build_desk(config, app)
        except StoreProblem as problem:  # an empty or garbage store: said in a window
            translations = Translations(app)
            translations.set_language("fr")  # the depot's language is in the broken store
            try:
                if screenshot is None:
                    store_problem_box(problem).exec()
            finally:
                translations.set_language("en")  # the translator leaves with this window
            raise
        except CpdeskError as refusal:  # a store of a newer cpdesk (an older bundle reinstalled)
            if refusal.code and screenshot is None:  # started from a launcher: no console
                translations = Translations(app)
                translations.set_language("fr")
                try:
                    QMessageBox(QMessageBox.Icon.Critical, "cpdesk", refusal_text(refusal),
                                QMessageBox.StandardButton.Close).exec()
                finally:
                    translations.set_language("en")
            raise
        app.aboutToQuit.connect(desk.devices.shutdown)
        app.aboutToQuit.connect(desk.sync.stop)
        window = desk.window
        holder[:] = [window]
        window.show()
        if screenshot is not None:
            if desk.demo_dock is not None:
                desk.demo_dock.hide()
            window.stack.setCurrentWidget(window.board)  # the board, without signing in

            def grab() -> None:
                window.grab().save(str(screenshot))
                # Read by bench/bench_startup.py: when, and the CPU time spent to this frame.
                print(f"screenshot: {screenshot} (cpu {time.process_time():.3f} s)", flush=True)
                written.append(True)
                app.quit()

            window.board.sig_loaded.connect(lambda: QTimer.singleShot(0, grab))
            window.board.sig_load_failed.connect(lambda _message: app.quit())
        desk.start()
        return desk

    if screenshot is not None:
        QTimer.singleShot(60_000, app.quit)  # never hang a script waiting for a screenshot
    desks: list[Desk] = []
    if not config.demo and first_start_needed(config):
        log.info("no prepared store in %s: first-start assistant", config.data_dir)
        first_language = Translations(app)
        first_language.set_language("fr")  # the default UI language until the depot's is known
        from cpdesk.sync.first_start import FirstStartService

        from .first_start.screen import FirstStartWidget

        assistant = FirstStartWidget(FirstStartService(config.data_dir), config.depot)
        assistant.setWindowTitle("cpdesk")
        assistant.resize(FIRST_START_SIZE)
        holder[:] = [assistant]

        def ready(depot: str) -> None:
            config.depot = depot
            config.facts.clear()  # the first sync changed the store
            first_language.set_language("en")  # the desk installs the depot's own
            assistant.close()
            desks.append(open_desk())

        assistant.sig_ready.connect(ready)
        assistant.show()
        if screenshot is not None:
            def grab_assistant() -> None:
                assistant.grab().save(str(screenshot))
                written.append(True)
                app.quit()

            QTimer.singleShot(300, grab_assistant)
    else:
        desks.append(open_desk())
    # What start-up made (modules, classes, the window) lives as long as the app: out of the
    # collector's sight, so that its collections on the GUI thread scan only what came after
    # (a full collection of the start-up's million objects blocked the first board frame).
    gc.freeze()
    code = app.exec()
    gc.unfreeze()
    # Background reads and writes still running (the store's opening after a quick
    # screenshot, a commit) finish before the process ends, not under its finalisation.
    QThreadPool.globalInstance().waitForDone(10_000)
    log.info("cpdesk stopped (exit code %s)", code)
    if screenshot is not None and not written:
        summary = desks[0].window.board.summary.text() if desks else "no window"
        raise CpdeskError(f"no screenshot written: {summary}")
    return code


def run_demo(data_dir: Path, depot: str | None, screenshot: Path | None = None) -> int:
    return run_desk(DeskConfig.for_demo(data_dir, depot), screenshot)
