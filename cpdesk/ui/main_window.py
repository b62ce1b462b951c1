"""The main window: screens in a stack, a status bar with depot, user, sync and devices."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cpdesk.errors import StoreProblem
from cpdesk.hardware.barcodes import scanned_kind
from cpdesk.store.health import quick_check

from .action_queue import ActionQueue
from .board import SCREEN as BOARD
from .context import AppContext, Services
from .counter import SCREEN as COUNTER
from .elided import ElidedLabel
from .failures import FailureText, store_problem_text
from .hardware.device_status import describe as describe_state
from .hardware.device_status import device_name, is_ok
from .hardware.devices import DeviceHub, SimulatedDevices
from .i18n import LANGUAGES, Translations
from .icons import app_icon, icon
from .loading import SCREEN as LOADING
from .packing import SCREEN as PACKING
from .pin_pad import PinPad
from .scan_input import ScanBurstFilter
from .screens import TITLE_CONTEXT, ScreenSpec
from .sounds import Sounds
from .sync_status import SyncBridge
from .workers import query

if TYPE_CHECKING:
    from cpdesk.packing.service import PackingService
    from cpdesk.packing.state import StaffInfo  # (its import is ~10 ms of the start)
    from cpdesk.sync.worker import SyncStatus

    from .board.screen import BoardWidget
    from .counter.screen import CounterWidget
    from .loading.screen import LoadingWidget
    from .packing.screen import PackingWidget

# The desk's screens, in toolbar order: each declares itself in its folder's __init__.py.
SCREENS: tuple[ScreenSpec, ...] = (BOARD, PACKING, COUNTER, LOADING)

STYLE = """
QWidget { font-size: 16px; }
QTreeView, QTreeWidget { font-size: 17px; }
QTreeView::item, QTreeWidget::item { min-height: 40px; }
QPushButton { min-height: 52px; padding: 0 14px; font-size: 16px; }
QPushButton#primary { background: #15803d; color: white; font-weight: 700; }
QPushButton#primary:disabled { background: #9ca3af; color: #f3f4f6; }
QPushButton#choice { min-height: 64px; font-size: 18px; }
QToolBar { padding: 0; spacing: 2px; }
QToolBar QToolButton { padding: 1px 6px; margin: 0; }
QLineEdit, QComboBox, QSpinBox { min-height: 44px; font-size: 16px; }
QLabel#summary { font-size: 17px; font-weight: 600; padding: 4px 2px; }
QLabel#day { font-size: 20px; font-weight: 700; padding: 0 8px; }
QLabel#orderTitle { font-size: 24px; font-weight: 700; }
QLabel#orderInfo { font-size: 17px; color: #374151; }
QLabel#storeProblem { background: #fee2e2; color: #7f1d1d; font-size: 18px; font-weight: 700;
                      padding: 10px; }
QLabel#banner { background: #fae8ff; color: #86198f; font-size: 17px; font-weight: 600;
                padding: 8px; }
QLabel#weight { font-size: 44px; font-weight: 700; font-family: monospace; }
QLabel#stable[stable="yes"] { color: #15803d; font-size: 18px; font-weight: 700; }
QLabel#stable[stable="no"] { color: #b45309; font-size: 18px; }
QLabel#message { font-size: 21px; font-weight: 600; padding: 6px; }
QFrame#changePanel { background: #fae8ff; border: 2px solid #c026d3; border-radius: 6px; }
QLabel#changeTitle { color: #86198f; font-size: 19px; font-weight: 700; }
QLabel#changeBody { color: #3b0764; font-size: 17px; }
QLabel#counterMessage { font-size: 16px; font-weight: 600; padding: 0 6px; }
QLabel#message[ok="yes"], QLabel#counterMessage[ok="yes"] { color: #14532d; background: #dcfce7; }
QLabel#message[ok="no"], QLabel#counterMessage[ok="no"] { color: #7f1d1d; background: #fee2e2; }
QLabel#panelQuestion, QLabel#pinTitle { font-size: 20px; font-weight: 600; }
QLabel#pinDots { font-size: 30px; min-height: 40px; }
QLabel#pinMessage { color: #b91c1c; font-size: 17px; }
QFrame#scaleBox, QFrame#cratesBox, QFrame#dashboard { border: 1px solid #cbd5e1;
                                                      border-radius: 6px; }
QLabel#dashFigure { font-size: 20px; font-weight: 700; }
QWidget#panel { background: #f1f5f9; }
QStatusBar QLabel { padding: 0 6px; font-size: 14px; }
QStatusBar QPushButton { min-height: 0px; padding: 2px 8px; font-size: 14px; }
QStatusBar QComboBox { min-height: 0px; font-size: 14px; }
QPushButton#action { min-height: 48px; padding: 0 4px; font-size: 15px; }
QPushButton#pinKey { min-height: 40px; }
"""


class MainWindow(QMainWindow):
    sig_store_checked = Signal(object)
    """The background check of the store on start is done: None, or the `StoreProblem`."""

    def __init__(self, ctx: AppContext, devices: DeviceHub | None = None, *,
                 service: PackingService | None = None, sounds: Sounds | None = None,
                 translations: Translations | None = None, sync: SyncBridge | None = None,
                 services: Services | None = None, screens: Sequence[ScreenSpec] = SCREENS,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.devices = devices if devices is not None else SimulatedDevices(self)
        if services is None:  # tests that build a window alone; the app passes its own
            services = Services(service, ctx=ctx)
        self.services = services
        self._service = service
        self.sounds = sounds if sounds is not None else Sounds(self)
        self.translations = translations if translations is not None else Translations(self)
        self.staff: StaffInfo | None = None
        self.sync = sync
        self.sync_status: SyncStatus | None = None
        self.setStyleSheet(STYLE)
        self.setWindowIcon(app_icon())

        # The sign-in runs on the window's own queue (no screen needs to be built for it).
        self.queue = ActionQueue(self)
        self.specs: dict[str, ScreenSpec] = {spec.key: spec for spec in screens}
        self._built: dict[str, QWidget] = {}
        self.stack = QStackedWidget()
        self.sign_in = PinPad(cancellable=False)
        self.stack.addWidget(self.sign_in)
        self.screens = self.addToolBar("screens")
        self.screens.setObjectName("screens")
        self.screens.setMovable(False)
        # Icons a packer tells apart at a glance, at touch size, with the words beside them.
        self.screens.setIconSize(QSize(32, 32))
        self.screens.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.screen_actions: dict[str, QAction] = {}
        for spec in screens:
            if spec.title is not None:
                action = self.screens.addAction("", partial(self.show_screen, spec.key))
                if spec.icon is not None:
                    action.setIcon(icon(spec.icon))
                self.screen_actions[spec.key] = action
            if spec.shortcut is not None:
                # Keys independent of any text: a language switch (setText) cannot take them.
                QShortcut(QKeySequence(spec.shortcut), self,
                          partial(self.show_screen, spec.key))
        self.hardware_action = self.screens.addAction("", self.show_hardware_settings)
        self.sync_action = self.screens.addAction("", self.sync_now)
        self.hardware_action.setIcon(icon("device-desktop-cog"))
        self.sync_action.setIcon(icon("refresh"))
        # A damaged store is said above every screen, in words, with what to do.
        self.store_banner = QLabel()
        self.store_banner.setObjectName("storeProblem")
        self.store_banner.setWordWrap(True)
        self.store_banner.hide()
        self.store_problem: StoreProblem | None = None
        self.store_checked = False
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.store_banner)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.home = screens[0].key  # the screen shown after the first sign-in: the board
        self._return_to = self.home
        self.screen_for(self.home)  # built with the window: the status pieces show on it

        self.depot_label = QLabel()
        self.staff_label = QLabel()
        self.sync_label = ElidedLabel()  # states may grow: cut, never wider than the screen
        self.device_label = ElidedLabel()
        self.switch_button = QPushButton()
        self.switch_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.switch_button.setIcon(icon("logout"))
        self.language_box = QComboBox()
        self.language_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for code, name in LANGUAGES:
            self.language_box.addItem(name, code)
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)  # a desk window is maximised; the grip only takes room
        for w in (self.depot_label, self.staff_label, self.switch_button, self.language_box,
                  self.sync_label, self.device_label):
            bar.addPermanentWidget(w)

        self.scan_filter = ScanBurstFilter(self)
        self._use_wedge_layout()
        self.scan_filter.sig_scanned.connect(self.on_scan)
        self.devices.sig_scanned.connect(self.on_scan)
        self.devices.sig_scale_status.connect(lambda _state: self._show_devices())
        self.devices.sig_printer_status.connect(lambda _name, _state: self._show_devices())
        device_status = getattr(self.devices, "sig_device_status", None)
        if device_status is not None:  # a serial scanner's state (unplugged, back) is said too
            device_status.connect(
                lambda name, _state: self._show_devices() if name.startswith("scanner ")
                else None)
        self.sign_in.sig_pin.connect(self._pin_entered)
        if sync is not None:
            sync.sig_status.connect(self._sync_changed)
        self.switch_button.clicked.connect(self.switch_packer)
        self.language_box.currentIndexChanged.connect(
            lambda _i: self.set_language(self.language_box.currentData()))

        QShortcut(QKeySequence("F12"), self, self.switch_packer)
        self.retranslateUi()
        self.stack.setCurrentWidget(self.sign_in)
        self.resize(1280, 800)

    @property
    def service(self) -> PackingService:
        """The packing service (sign-in, scans): made on first use, which is after the first
        frame (its modules need SQLAlchemy)."""
        return self._service if self._service is not None else self.services.packing

    # -- screens: built on first use ------------------------------------------------------
    def screen_for(self, key: str) -> QWidget:
        """The screen `key`, built now if this is its first use."""
        widget = self._built.get(key)
        if widget is None:
            spec = self.specs[key]
            widget = spec.build(self)
            self._built[key] = widget
            self.stack.addWidget(widget)
            if self.staff is not None:
                spec.set_staff(widget, self.staff)
        return widget

    def built(self, key: str) -> QWidget | None:
        """The screen `key` if it has been built (None: never opened yet)."""
        return self._built.get(key)

    def refresh(self, key: str) -> None:
        widget = self._built.get(key)
        if widget is not None:
            self.specs[key].on_open(widget)

    def _key_of(self, widget: QWidget | None) -> str | None:
        return next((k for k, w in self._built.items() if w is widget), None)

    def show_screen(self, key: str) -> None:
        """Open a screen (toolbar, its key): it loads; who serves signs in first if needed."""
        spec = self.specs[key]
        widget = self.screen_for(key)
        spec.on_open(widget)
        if spec.needs_staff and self.staff is None:  # whoever serves signs in first, once
            self.switch_packer()
            self._return_to = key
            return
        self.stack.setCurrentWidget(widget)
        self._focus(key)

    # The screens by name, for the shell's status pieces and for tests (built on access).
    @property
    def board(self) -> BoardWidget:
        return cast("BoardWidget", self.screen_for("board"))

    @property
    def packing(self) -> PackingWidget:
        return cast("PackingWidget", self.screen_for("packing"))

    @property
    def counter(self) -> CounterWidget:
        return cast("CounterWidget", self.screen_for("counter"))

    @property
    def loading(self) -> LoadingWidget:
        return cast("LoadingWidget", self.screen_for("loading"))

    @property
    def board_action(self) -> QAction:
        return self.screen_actions["board"]

    @property
    def counter_action(self) -> QAction:
        return self.screen_actions["counter"]

    @property
    def loading_action(self) -> QAction:
        return self.screen_actions["loading"]

    def start(self, *, check_store: bool = True, scan_filter: bool = True) -> None:
        """The board's first load, and (unless the desk does them after its first frame) the
        store's integrity check in the background and the keyboard-wedge scanners' filter."""
        if scan_filter:
            self.scan_filter.install()
        self.refresh(self.home)
        self.sign_in.setFocus()
        if check_store:
            self.check_store()

    def check_store(self) -> None:
        """`PRAGMA quick_check` of the depot's store, off the GUI thread (it reads every
        page; the store's engine is opened there if it is not yet); a problem shows the
        banner."""
        ctx = self.ctx
        query(self, lambda: quick_check(ctx.engine, ctx.store), self._store_checked,
              self._store_check_failed)

    def show_store_failure(self, message: str) -> None:
        """A failure to use the store, in words, on the banner above every screen."""
        self.store_banner.setText(message)
        self.store_banner.show()

    def _store_checked(self, problem: StoreProblem | None) -> None:
        self.store_problem, self.store_checked = problem, True
        self._show_store_problem()
        self.sig_store_checked.emit(problem)

    def _store_check_failed(self, message: str) -> None:
        self.store_checked = True
        self.show_store_failure(message)
        self.sig_store_checked.emit(None)

    def _show_store_problem(self) -> None:
        if self.store_problem is None:
            return
        self.store_banner.setText(store_problem_text(self.store_problem))
        self.store_banner.setToolTip(self.store_problem.describe())
        self.store_banner.show()

    def closeEvent(self, event: QEvent) -> None:  # type: ignore[override]  # noqa: N802
        self.scan_filter.uninstall()
        super().closeEvent(event)  # type: ignore[arg-type]

    # -- language ----------------------------------------------------------------------------
    def set_language(self, code: str) -> None:
        self.translations.set_language(code)
        # Documents printed from the screens (receipts, reports, notes) follow the user.
        self.ctx.language = self.translations.language
        index = self.language_box.findData(self.translations.language)
        if index >= 0 and index != self.language_box.currentIndex():
            self.language_box.blockSignals(True)
            self.language_box.setCurrentIndex(index)
            self.language_box.blockSignals(False)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setWindowTitle(self.tr("cpdesk — {0} depot").format(self.ctx.depot))
        self.depot_label.setText(self.tr("Depot {0}").format(self.ctx.depot))
        self.staff_label.setText(self.tr("Signed in: {0}").format(self.staff.name) if self.staff
                                 else self.tr("Nobody signed in"))
        self.switch_button.setText(self.tr("Switch user (F12)"))
        self.sync_action.setText(self.tr("Sync now"))
        self._show_sync()
        self._show_devices()
        self.sign_in.set_title(lambda: self.tr("Sign in: enter your PIN"))
        for key, action in self.screen_actions.items():
            title = self.specs[key].title
            assert title is not None
            action.setText(QCoreApplication.translate(TITLE_CONTEXT, title))
        self.hardware_action.setText(self.tr("Hardware…"))
        if isinstance(self.devices, SimulatedDevices):
            self.board.dashboard.set_scale(self.tr("simulated"))
        self._show_store_problem()

    def _show_devices(self) -> None:
        """Status bar and dashboard: which device is not working, what is wrong, since when."""
        if isinstance(self.devices, SimulatedDevices):
            self.device_label.setText(self.tr("Devices: simulated"))
            return
        states = dict(getattr(self.devices, "device_states", {}))
        scale = states.get("scale")
        self.board.dashboard.set_scale(describe_state(*scale) if scale is not None
                                       else self.tr("not configured"))
        self.board.dashboard.printers = {
            device_name(name): describe_state(state, since)
            for name, (state, since) in states.items()
            if name != "scale" and not name.startswith("scanner ")}
        self.board.dashboard.retranslateUi()
        problems = [self.tr("{0}: {1}").format(device_name(name), describe_state(state, since))
                    for name, (state, since) in sorted(states.items()) if not is_ok(state)]
        self.device_label.setToolTip("\n".join(problems))  # the status bar may cut it
        if problems:
            self.device_label.setText(" · ".join(problems))
        elif scale is not None:
            self.device_label.setText(self.tr("Scale: {0}").format(describe_state(*scale)))
        else:
            self.device_label.setText("")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # -- people ----------------------------------------------------------------------------
    def switch_packer(self) -> None:
        current = self._key_of(self.stack.currentWidget())
        if current is not None:
            self._return_to = current
        self.sign_in.clear()
        self.sign_in.set_message("")
        self.stack.setCurrentWidget(self.sign_in)
        self.sign_in.setFocus()

    def _pin_entered(self, pin: str) -> None:
        self.queue.submit(lambda: self.service.sign_in(pin), self._signed_in,
                          lambda msg: self.sign_in.set_message(
                              msg.again if isinstance(msg, FailureText) else msg))

    def _signed_in(self, staff: StaffInfo | None) -> None:
        if staff is None:
            self.sounds.refused()
            self.sign_in.set_message(lambda: self.tr("Unknown PIN"))
            return
        self.sounds.accepted()
        self.staff = staff
        for key, widget in self._built.items():
            self.specs[key].set_staff(widget, staff)
        self.retranslateUi()
        target = self._return_to
        self.stack.setCurrentWidget(self.screen_for(target))
        self._focus(target)

    def _focus(self, key: str) -> None:
        """The keyboard focus on the screen shown, so its keys work at once."""
        self.specs[key].focus(self.screen_for(key)).setFocus()

    # -- navigation ------------------------------------------------------------------------
    def on_scan(self, code: str) -> None:
        """Every scan (wedge burst or device) lands here and goes to the screen shown."""
        current = self.stack.currentWidget()
        if current is self.sign_in:
            if code.isdigit():  # a PIN typed fast, or a staff badge
                self._pin_entered(code)
            return
        key = self._key_of(current)
        if key is None:
            return
        spec = self.specs[key]
        if spec.scan_kinds is None or scanned_kind(code, self.service.layout) in spec.scan_kinds:
            spec.on_scan(current, code)
        else:
            self.sounds.refused()
            spec.refuse_scan(current)

    def open_order(self, number: str) -> None:
        if self.staff is None:
            self.switch_packer()
            self.sign_in.set_message(lambda: self.tr("Sign in first"))
            return
        packing = self.packing
        self.stack.setCurrentWidget(packing)
        packing.open_order(number)

    def show_board(self) -> None:
        self.show_screen("board")

    def sync_now(self) -> None:
        if self.sync is not None:
            self.sync.request()

    def _sync_changed(self, status: SyncStatus) -> None:
        self.sync_status = status
        self._show_sync()

    def _show_sync(self) -> None:
        text = self.sync.describe(self.sync_status) if self.sync else self.tr("demo")
        self.sync_label.setText(self.tr("Sync: {0}").format(text))
        self.board.dashboard.set_sync(text)
        status = self.sync_status
        self.sync_label.setStyleSheet("color: #b91c1c" if status and status.rejected else "")
        self.board.dashboard.set_refusals(status.rejected if status else 0,
                                          status.refusals if status else ())

    def show_counter(self) -> None:
        self.show_screen("counter")

    def show_loading(self) -> None:
        self.show_screen("loading")

    def show_hardware_settings(self) -> None:
        from .hardware.settings import HardwareSettingsDialog  # python-escpos: slow import

        devices = self.devices
        station = getattr(devices, "station", None)
        apply = getattr(devices, "apply", None)
        pause = getattr(devices, "pause_readers", None)
        if pause is not None:
            pause()  # one reader per port: the dialog reads the scale and scanners while open
        dialog = HardwareSettingsDialog(self, station=station)
        try:
            dialog.exec()
        finally:
            if apply is not None:  # the saved file, or the old one again
                apply(dialog.station or station)
                self._use_wedge_layout()
                self._show_devices()  # a removed device's state goes with it

    def _use_wedge_layout(self) -> None:
        """How the station's keyboard-wedge scanners type (station file; "auto" without)."""
        station = getattr(self.devices, "station", None)
        wedges = [sc for sc in getattr(station, "scanners", []) if sc.kind == "wedge"]
        self.scan_filter.layout = wedges[0].layout if wedges else "auto"

