"""The composition root: builds the application's object graph in one place."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk.demo.network import init_demo
from cpdesk.errors import CpdeskError, StoreProblem
from cpdesk.store import paths
from cpdesk.store.db import get_meta, open_store
from cpdesk.store.queries import depot_by_code
from cpdesk.sync.config import connect_central
from cpdesk.sync.engine import SyncEngine
from cpdesk.sync.worker import SyncWorker

from .context import AppContext
from .demo_scale import DemoScalePanel
from .failures import store_problem_box
from .gc_guard import MainThreadGC
from .hardware_hub import DemoDevices
from .i18n import Translations
from .main_window import MainWindow
from .sync_status import SyncBridge


def build_context(data_dir: Path, depot: str | None) -> AppContext:
    store = paths.existing_depot_path(data_dir, depot)
    code = (depot or store.stem.removeprefix("depot-")).upper()
    engine = open_store(store, check=False)  # quick_check runs in the background (MainWindow)
    with Session(engine) as session:
        depot_row = depot_by_code(session, code)
        language = depot_row.language
        clock.set_zone((depot_row.settings or {}).get("time_zone"))  # default Europe/Brussels
        today_text = get_meta(session, "demo_today")
    # A demo network is made for the week around the day it was created; show that day.
    today = clock.today()
    if today_text and abs((dt.date.fromisoformat(today_text) - today).days) > 3:
        today = dt.date.fromisoformat(today_text)
    return AppContext(data_dir=data_dir, depot=code, engine=engine, today=today,
                      language=language)


def build_sync(ctx: AppContext, *, interval_s: float = 30.0) -> SyncBridge:
    """The background sync of this depot with its centre (demo: DIR/central.sqlite)."""
    try:
        central = connect_central(ctx.engine, ctx.data_dir)
    except CpdeskError as exc:
        return SyncBridge(None, problem=str(exc))
    return SyncBridge(SyncWorker(SyncEngine(ctx.engine, central), interval_s=interval_s))


def ensure_demo(data_dir: Path) -> None:
    if not paths.depots_in(data_dir):
        init_demo(data_dir)


def run_demo(data_dir: Path, depot: str | None, screenshot: Path | None = None) -> int:
    ensure_demo(data_dir)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("cpdesk")
    app.setOrganizationName("Circuits Paysans")
    try:
        ctx = build_context(data_dir, depot)
    except StoreProblem as problem:  # an empty or garbage store: said in a window, not a log
        translations = Translations(app)
        translations.set_language("fr")  # the depot's language is in the broken store
        try:
            if screenshot is None:
                store_problem_box(problem).exec()
        finally:
            translations.set_language("en")  # the translator leaves with this window
        raise
    collector = MainThreadGC(app)  # Qt objects are only ever destroyed on the GUI thread
    collector.start()
    translations = Translations(app)
    translations.set_language(ctx.language)  # the depot's language, French by default
    # Demo mode: a simulated MT-SICS scale over TCP read by the real driver thread, printers
    # writing into DATA_DIR/spool through the durable print queue.
    devices = DemoDevices(ctx.engine, data_dir / "spool", parent=app)
    devices.start()
    app.aboutToQuit.connect(devices.shutdown)
    sync = build_sync(ctx)
    app.aboutToQuit.connect(sync.stop)
    window = MainWindow(ctx, devices, translations=translations, sync=sync)
    dock = QDockWidget(window)
    dock.setObjectName("demoScale")
    panel = DemoScalePanel(devices.simulator)
    dock.setWidget(panel)
    dock.setWindowTitle(panel.title())
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.set_language(ctx.language)
    window.show()
    if screenshot is not None:
        dock.hide()
        window.stack.setCurrentWidget(window.board)  # the board, without signing in
        def grab() -> None:
            window.grab().save(str(screenshot))
            app.quit()

        window.board.sig_loaded.connect(lambda: QTimer.singleShot(50, grab))
        window.board.sig_load_failed.connect(lambda _message: app.quit())
        QTimer.singleShot(30_000, app.quit)  # never hang a script waiting for a screenshot
    window.start()
    sync.start()
    code = app.exec()
    if screenshot is not None and not screenshot.exists():
        raise CpdeskError(f"no screenshot written: {window.board.summary.text()}")
    return code
