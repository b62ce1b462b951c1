"""A panel to drive the simulated scale in demo mode: put a weight on it, shake it, overload it.

It only changes the simulator; the reading still travels the real path (MT-SICS over TCP,
parsed by the driver on its own thread, then a Qt signal)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSlider,
    QWidget,
)

from cpdesk.hardware.simulator import SimulatedScale

PRESETS_G = (0, 248, 523, 1012, 2480)


class DemoScalePanel(QGroupBox):
    def __init__(self, simulator: SimulatedScale, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Simulated scale (demo)"))
        self.simulator = simulator
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 6000)
        self.slider.setSingleStep(5)
        self.value = QLabel("0 g")
        self.moving = QCheckBox(self.tr("Moving"))
        self.overload = QCheckBox(self.tr("Overload"))
        # One row: the panel docks under the screens and leaves them the height of the window.
        self.setStyleSheet("QPushButton { min-height: 0px; padding: 4px 8px; }")
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 2, 6, 2)
        grid.addWidget(self.slider, 0, 0)
        grid.setColumnStretch(0, 1)
        grid.addWidget(self.value, 0, 1)
        for i, grams in enumerate(PRESETS_G):
            button = QPushButton(f"{grams} g")
            button.clicked.connect(lambda _=False, g=grams: self.slider.setValue(g))
            grid.addWidget(button, 0, 2 + i)
        grid.addWidget(self.moving, 0, 2 + len(PRESETS_G))
        grid.addWidget(self.overload, 0, 3 + len(PRESETS_G))
        self.slider.valueChanged.connect(self._weight)
        self.moving.toggled.connect(self._moving)
        self.overload.toggled.connect(self._overload)

    def _weight(self, grams: int) -> None:
        self.simulator.weight_g = Decimal(grams)
        self.value.setText(f"{grams} g")

    def _moving(self, on: bool) -> None:
        self.simulator.moving = on

    def _overload(self, on: bool) -> None:
        self.simulator.fault = "overload" if on else None
