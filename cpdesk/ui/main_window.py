"""The main window: screens in a stack, a status bar with depot, user, sync and devices."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from .board import BoardWidget
from .context import AppContext
from .counter import CounterWidget
from .devices import DeviceHub, SimulatedDevices
from .documents import install_board_print_menu

STYLE = """
QWidget { font-size: 15px; }
QTreeView { font-size: 15px; }
QTreeView::item { min-height: 38px; }
QPushButton { min-height: 44px; padding: 0 16px; font-size: 15px; }
QLineEdit, QComboBox { min-height: 40px; font-size: 15px; }
QLabel#summary { font-size: 17px; font-weight: 600; padding: 6px 2px; }
QLabel#day { font-size: 20px; font-weight: 700; padding: 0 8px; }
QStatusBar QLabel { padding: 0 10px; }
"""


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 devices: DeviceHub | None = None) -> None:
        super().__init__(parent)
        self.devices = devices or SimulatedDevices(self)
        self.ctx = ctx
        self.setWindowTitle(self.tr("cpdesk — {0} depot").format(ctx.depot))
        self.setStyleSheet(STYLE)
        self.stack = QStackedWidget()
        self.board = BoardWidget(ctx)
        install_board_print_menu(self.board, ctx)  # issue 5: documents from the board
        self.stack.addWidget(self.board)
        self.setCentralWidget(self.stack)

        self.depot_label = QLabel(self.tr("Depot {0}").format(ctx.depot))
        self.sync_label = QLabel(self.tr("Sync: demo (embedded centre)"))
        self.device_label = QLabel(self.tr("Scale: simulated · Printers: simulated"))
        bar = self.statusBar()
        for label in (self.depot_label, self.sync_label, self.device_label):
            bar.addPermanentWidget(label)

        # --- counter (issue 7) ---
        self.counter = CounterWidget(ctx, self.devices)
        self.stack.addWidget(self.counter)
        screens = self.addToolBar(self.tr("Screens"))
        screens.setObjectName("screens")
        screens.addAction(self.tr("Board (F2)"), lambda: self.stack.setCurrentWidget(self.board))
        screens.addAction(self.tr("Counter (F3)"), self.show_counter)
        QShortcut(QKeySequence("F2"), self, lambda: self.stack.setCurrentWidget(self.board))
        QShortcut(QKeySequence("F3"), self, self.show_counter)

        QShortcut(QKeySequence("F5"), self, self.board.reload)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, lambda: self.board.search.setFocus())
        self.resize(1280, 800)

    def start(self) -> None:
        self.board.reload()

    def show_counter(self) -> None:
        if not self.counter.started:
            self.counter.start()
        self.stack.setCurrentWidget(self.counter)
