"""A panel to drive the simulated scale in demo mode: put a weight on it, shake it, overload it.

It only changes the simulator; the reading still travels the real path (MT-SICS over TCP,
parsed by the driver on its own thread, then a Qt signal)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QGridLayout,
    QGroupBox,
    QLabel,
    QMainWindow,
    QPushButton,
    QSlider,
    QWidget,
)

from ..i18n import grams_text

if TYPE_CHECKING:
    from cpdesk.hardware.simulator import SimulatedScale

PRESETS_G = (0, 248, 523, 1012, 2480)


class DemoScalePanel(QGroupBox):
    def __init__(self, simulator: SimulatedScale, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.simulator = simulator
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 6000)
        self.slider.setSingleStep(5)
        self.value = QLabel()
        self.moving = QCheckBox()
        self.overload = QCheckBox()
        # One row: the panel docks under the screens and leaves them the height of the window.
        self.setStyleSheet("QPushButton { min-height: 0px; padding: 4px 8px; }")
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 2, 6, 2)
        grid.addWidget(self.slider, 0, 0)
        grid.setColumnStretch(0, 1)
        grid.addWidget(self.value, 0, 1)
        self.presets: list[QPushButton] = []
        for i, grams in enumerate(PRESETS_G):
            button = QPushButton()
            self.presets.append(button)
            button.clicked.connect(lambda _=False, g=grams: self.slider.setValue(g))
            grid.addWidget(button, 0, 2 + i)
        grid.addWidget(self.moving, 0, 2 + len(PRESETS_G))
        grid.addWidget(self.overload, 0, 3 + len(PRESETS_G))
        self.slider.valueChanged.connect(self._weight)
        self.moving.toggled.connect(self._moving)
        self.overload.toggled.connect(self._overload)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        """Its words in the window's language, at run time too (it lives as long as the desk).
        Docked, the dock's title bar says what it is (once, not twice)."""
        title = self.tr("Simulated scale (demo)")
        dock = self.parentWidget()
        if isinstance(dock, QDockWidget):
            dock.setWindowTitle(title)
            self.setTitle("")
        else:
            self.setTitle(title)
        self.moving.setText(self.tr("Moving"))
        self.overload.setText(self.tr("Overload"))
        for button, grams in zip(self.presets, PRESETS_G, strict=True):
            button.setText(grams_text(grams))  # numbers in the window's language too
        self.value.setText(grams_text(self.slider.value()))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _weight(self, grams: int) -> None:
        self.simulator.weight_g = Decimal(grams)
        self.value.setText(grams_text(grams))

    def _moving(self, on: bool) -> None:
        self.simulator.moving = on

    def _overload(self, on: bool) -> None:
        self.simulator.fault = "overload" if on else None


def dock_demo_scale(window: QMainWindow, simulator: SimulatedScale) -> QDockWidget:
    """The demo's scale panel docked under the window's screens (`cpdesk demo`)."""
    dock = QDockWidget(window)
    dock.setObjectName("demoScale")
    panel = DemoScalePanel(simulator)
    dock.setWidget(panel)
    panel.retranslateUi()  # now docked: its title goes to the dock's title bar
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    return dock
