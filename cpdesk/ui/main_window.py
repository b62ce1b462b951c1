"""The main window: screens in a stack, a status bar with depot, user, sync and devices."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cpdesk.counter.service import CounterService, StaffRef
from cpdesk.errors import StoreProblem
from cpdesk.hardware.barcodes import scanned_kind
from cpdesk.loading.service import LoadingService
from cpdesk.packing.service import PackingService
from cpdesk.packing.state import StaffInfo
from cpdesk.store.health import quick_check
from cpdesk.sync.worker import SyncStatus

from .board.screen import BoardWidget
from .context import AppContext, Services
from .counter.screen import CounterWidget
from .documents.printing import install_board_print_menu
from .failures import store_problem_text
from .hardware.device_status import describe as describe_state
from .hardware.device_status import device_name, is_ok
from .hardware.devices import DeviceHub, SimulatedDevices
from .i18n import LANGUAGES, Translations
from .icons import app_icon, icon
from .loading.screen import LoadingWidget
from .packing.screen import PackingWidget
from .pin_pad import PinPad
from .scan_input import ScanBurstFilter
from .sounds import Sounds
from .sync_status import SyncBridge
from .workers import query

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
QLabel#storeProblem { background: #fee2e2; color: #7f1d1d; font-size: 18px; font-weight: 700; padding: 10px; }
QLabel#banner { background: #fae8ff; color: #86198f; font-size: 17px; font-weight: 600; padding: 8px; }
QLabel#weight { font-size: 44px; font-weight: 700; font-family: monospace; }
QLabel#stable[stable="yes"] { color: #15803d; font-size: 18px; font-weight: 700; }
QLabel#stable[stable="no"] { color: #b45309; font-size: 18px; }
QLabel#message { font-size: 21px; font-weight: 600; padding: 6px; }
QFrame#changePanel { background: #fae8ff; border: 2px solid #c026d3; border-radius: 6px; }
QLabel#changeTitle { color: #86198f; font-size: 19px; font-weight: 700; }
QLabel#changeBody { color: #3b0764; font-size: 17px; }
QLabel#message[ok="yes"] { color: #14532d; background: #dcfce7; }
QLabel#message[ok="no"] { color: #7f1d1d; background: #fee2e2; }
QLabel#panelQuestion, QLabel#pinTitle { font-size: 20px; font-weight: 600; }
QLabel#pinDots { font-size: 30px; min-height: 40px; }
QLabel#pinMessage { color: #b91c1c; font-size: 17px; }
QFrame#scaleBox, QFrame#cratesBox, QFrame#dashboard { border: 1px solid #cbd5e1; border-radius: 6px; }
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
                 services: Services | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.devices = devices if devices is not None else SimulatedDevices(self)
        if services is None:  # tests that build a window alone; the app passes its own
            services = Services(service or PackingService(ctx.engine, ctx.depot),
                                CounterService(ctx.engine, ctx.depot),
                                LoadingService(ctx.engine, ctx.depot))
        self.services = services
        self.service = service if service is not None else services.packing
        self.sounds = sounds if sounds is not None else Sounds(self)
        self.translations = translations if translations is not None else Translations(self)
        self.staff: StaffInfo | None = None
        self.sync = sync
        self.sync_status: SyncStatus | None = None
        self.setStyleSheet(STYLE)
        self.setWindowIcon(app_icon())

        self.stack = QStackedWidget()
        self.sign_in = PinPad(cancellable=False)
        self.board = BoardWidget(ctx)
        self.packing = PackingWidget(self.service, self.devices, self.sounds)
        install_board_print_menu(self.board, ctx)  # documents from the board (issue 5)
        self.counter = CounterWidget(ctx, self.devices, own_scans=False, own_sign_in=False,
                                     service=services.counter)
        self.loading = LoadingWidget(ctx, self.devices, own_scans=False,
                                     service=services.loading)
        for screen in (self.sign_in, self.board, self.packing, self.counter, self.loading):
            self.stack.addWidget(screen)
        self.screens = self.addToolBar("screens")
        self.screens.setObjectName("screens")
        self.screens.setMovable(False)
        self.board_action = self.screens.addAction("", self.show_board)
        self.counter_action = self.screens.addAction("", self.show_counter)
        self.loading_action = self.screens.addAction("", self.show_loading)
        self.hardware_action = self.screens.addAction("", self.show_hardware_settings)
        self.sync_action = self.screens.addAction("", self.sync_now)
        # Icons a packer tells apart at a glance, at touch size, with the words beside them.
        self.screens.setIconSize(QSize(32, 32))
        self.screens.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action, name in ((self.board_action, "clipboard-list"),
                             (self.counter_action, "cash-register"),
                             (self.loading_action, "truck-loading"),
                             (self.hardware_action, "device-desktop-cog"),
                             (self.sync_action, "refresh")):
            action.setIcon(icon(name))
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
        self._return_to: QWidget = self.board

        self.depot_label = QLabel()
        self.staff_label = QLabel()
        self.sync_label = QLabel()
        self.device_label = QLabel()
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
        station = getattr(self.devices, "station", None)
        wedges = [sc for sc in getattr(station, "scanners", []) if sc.kind == "wedge"]
        if wedges:  # the station file says how its keyboard-wedge scanner types
            self.scan_filter.layout = wedges[0].layout
        self.scan_filter.sig_scanned.connect(self.on_scan)
        self.devices.sig_scanned.connect(self.on_scan)
        self.devices.sig_scale_status.connect(lambda _state: self._show_devices())
        self.devices.sig_printer_status.connect(lambda _name, _state: self._show_devices())
        self.sign_in.sig_pin.connect(self._pin_entered)
        self.board.sig_open_order.connect(self.open_order)
        self.packing.sig_back.connect(self.show_board)
        self.packing.sig_order_packed.connect(lambda _n: self.board.reload())
        self.packing.sig_order_packed.connect(lambda _n: self.sync_now())
        if sync is not None:
            sync.sig_status.connect(self._sync_changed)
        self.switch_button.clicked.connect(self.switch_packer)
        self.counter.sig_switch_person.connect(self.switch_packer)
        # A crate scanned at the van sounds as any scan does: accepted, or refused.
        self.loading.sig_scan_result.connect(
            lambda outcome: self.sounds.refused() if outcome.status == "refused"
            else self.sounds.accepted())
        self.language_box.currentIndexChanged.connect(
            lambda _i: self.set_language(self.language_box.currentData()))

        QShortcut(QKeySequence("Ctrl+1"), self, self.show_board)
        QShortcut(QKeySequence("Ctrl+2"), self, self.show_counter)
        QShortcut(QKeySequence("Ctrl+3"), self, self.show_loading)
        QShortcut(QKeySequence("F5"), self, self.board.reload)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._find)
        QShortcut(QKeySequence("F12"), self, self.switch_packer)
        self.retranslateUi()
        self.stack.setCurrentWidget(self.sign_in)
        self.resize(1280, 800)

    def start(self) -> None:
        self.scan_filter.install()
        self.board.reload()
        self.sign_in.setFocus()
        self.check_store()

    def check_store(self) -> None:
        """`PRAGMA quick_check` of the depot's store, off the GUI thread (it reads every
        page); a problem shows the banner."""
        engine = self.ctx.engine
        path = Path(engine.url.database) if engine.url.database else None
        query(self, lambda: quick_check(engine, path), self._store_checked,
              self._store_check_failed)

    def _store_checked(self, problem: StoreProblem | None) -> None:
        self.store_problem, self.store_checked = problem, True
        self._show_store_problem()
        self.sig_store_checked.emit(problem)

    def _store_check_failed(self, message: str) -> None:
        self.store_checked = True
        self.store_banner.setText(message)
        self.store_banner.show()
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
        self.sign_in.set_title(self.tr("Sign in: enter your PIN"))
        self.board_action.setText(self.tr("Board (Ctrl+1)"))
        self.counter_action.setText(self.tr("Counter (Ctrl+2)"))
        self.loading_action.setText(self.tr("Loading (Ctrl+3)"))
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
        current = self.stack.currentWidget()
        if current is not None and current is not self.sign_in:
            self._return_to = current
        self.sign_in.clear()
        self.sign_in.set_message("")
        self.stack.setCurrentWidget(self.sign_in)
        self.sign_in.setFocus()

    def _pin_entered(self, pin: str) -> None:
        self.packing.queue.submit(lambda: self.service.sign_in(pin), self._signed_in,
                                  lambda msg: self.sign_in.set_message(msg))

    def _signed_in(self, staff: StaffInfo | None) -> None:
        if staff is None:
            self.sounds.refused()
            self.sign_in.set_message(self.tr("Unknown PIN"))
            return
        self.sounds.accepted()
        self.staff = staff
        self.packing.staff = staff
        self.loading.staff_id = staff.id
        self.counter.set_cashier(StaffRef(staff.id, staff.name, staff.role))
        self.retranslateUi()
        target = self._return_to
        self.stack.setCurrentWidget(target)
        self._focus(target)

    def _focus(self, screen: QWidget) -> None:
        """The keyboard focus on the screen shown, so its keys work at once."""
        widget = {self.packing: self.packing.tree, self.loading: self.loading.tree,
                  self.counter: self.counter.search}.get(screen, self.board.view)
        widget.setFocus()

    # -- navigation ------------------------------------------------------------------------
    def on_scan(self, code: str) -> None:
        """Every scan (wedge burst or device) lands here and goes to the screen shown."""
        current = self.stack.currentWidget()
        if current is self.sign_in:
            if code.isdigit():  # a PIN typed fast, or a staff badge
                self._pin_entered(code)
            return
        if current is self.packing:
            self.packing.handle_scan(code)
            return
        if current is self.counter:
            self.counter.on_scanned(code)
            return
        if current is self.loading:
            self.loading.scan(code)
            return
        if scanned_kind(code, self.service.layout) in ("order", "crate"):
            self.open_order(code)
        else:
            self.sounds.refused()
            self.board.summary.setText(self.tr("Scan an order slip or a crate to open an order"))

    def open_order(self, number: str) -> None:
        if self.staff is None:
            self.switch_packer()
            self.sign_in.set_message(self.tr("Sign in first"))
            return
        self.stack.setCurrentWidget(self.packing)
        self.packing.open_order(number)

    def show_board(self) -> None:
        self.stack.setCurrentWidget(self.board)
        self.board.reload()
        self.board.view.setFocus()

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
        if not self.counter.started:
            self.counter.start()
        if self.staff is None:  # whoever serves signs in first, once, on the window's pad
            self.switch_packer()
            self._return_to = self.counter
            return
        self.stack.setCurrentWidget(self.counter)
        self._focus(self.counter)

    def show_loading(self) -> None:
        self.loading.load_rounds()
        if self.staff is None:
            self.switch_packer()
            self._return_to = self.loading
            return
        self.stack.setCurrentWidget(self.loading)
        self._focus(self.loading)

    def show_hardware_settings(self) -> None:
        from .hardware.settings import HardwareSettingsDialog  # python-escpos: slow import

        devices = self.devices
        station = getattr(devices, "station", None)
        apply = getattr(devices, "apply", None)
        pause = getattr(devices, "pause_scale", None)
        if pause is not None:
            pause()  # one reader per port: the dialog reads the scale while it is open
        dialog = HardwareSettingsDialog(self, station=station)
        try:
            dialog.exec()
        finally:
            if apply is not None:  # the saved file, or the old one again
                apply(dialog.station or station)

    def _find(self) -> None:
        if self.stack.currentWidget() is self.board:
            self.board.search.setFocus()
