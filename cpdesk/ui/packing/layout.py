"""The packing screen's widgets and their places: order head, lines, scale, crates, the action
grid and the question panels in the right column. No behaviour and no text here: the screen
(`screen.PackingWidget`) wires the widgets to its actions and words them (`retranslateUi`).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from ..icons import icon
from ..pin_pad import PinPad
from .panels import ChangePanel, ChoicePanel, ManualWeightPanel, PanelStack
from .render import ACTION_ICONS


class PackingLayout(QWidget):
    """The packing screen's layout (as a Designer form's `setupUi`), built by `_build`."""

    def _build(self) -> None:
        self.back_button = QPushButton()
        self.title = QLabel()
        self.title.setObjectName("orderTitle")
        self.info = QLabel()
        self.info.setObjectName("orderInfo")
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setVisible(False)
        self.banner.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(self.back_button)
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.info)
        head.addLayout(titles, 1)
        self.change_panel = ChangePanel()

        self.tree = QTreeWidget()
        self.tree.setObjectName("lines")
        self.tree.setColumnCount(6)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 140)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)

        # the scale
        self.scale_box = QFrame()
        self.scale_box.setObjectName("scaleBox")
        self.scale_caption = QLabel()
        self.weight_label = QLabel("—")
        self.weight_label.setObjectName("weight")
        self.weight_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.stable_label = QLabel()
        self.stable_label.setObjectName("stable")
        self.target_label = QLabel()
        self.target_label.setWordWrap(True)
        self.take_button = QPushButton()
        self.take_button.setObjectName("primary")
        self.take_button.setIcon(icon("scale-outline", colour="#ffffff"))
        self.take_button.setIconSize(QSize(24, 24))
        scale = QVBoxLayout(self.scale_box)
        scale.addWidget(self.scale_caption)
        scale.addWidget(self.weight_label)
        scale.addWidget(self.stable_label)
        scale.addWidget(self.target_label)
        scale.addWidget(self.take_button)

        # crates
        self.crates_box = QFrame()
        self.crates_box.setObjectName("cratesBox")
        self.crates_caption = QLabel()
        self.crates_label = QLabel()
        self.crates_label.setObjectName("crates")
        self.crates_label.setWordWrap(True)
        self.crates_label.setTextFormat(Qt.TextFormat.RichText)
        crates = QVBoxLayout(self.crates_box)
        crates.addWidget(self.crates_caption)
        crates.addWidget(self.crates_label)

        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(4)
        # Three columns: the nine actions take three rows, so the column fits a 768 px screen.
        for i, name in enumerate(("add", "undo", "short", "substitute", "new_crate",
                                  "close_crate", "remove", "move", "manual")):
            b = QPushButton()
            b.setObjectName("action")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if name in ACTION_ICONS:
                b.setIcon(icon(ACTION_ICONS[name]))
                b.setIconSize(QSize(20, 20))
            self.buttons[name] = b
            grid.addWidget(b, i // 3, i % 3)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.scale_box)
        side.addWidget(self.crates_box)
        side.addLayout(grid)
        side.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        # A scroll area imposes no minimum height: a small screen scrolls, the window never
        # grows past the screen.
        self.side_scroll = QScrollArea()
        self.side_scroll.setObjectName("side")
        self.side_scroll.setWidget(side_widget)
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.panels = PanelStack()
        self.panels.setObjectName("panels")
        # The right column shows the scale, crates and actions, or a question panel in their
        # place (it has the column's whole height, never pushing the window off the screen).
        self.side_stack = QStackedWidget()
        self.side_stack.addWidget(self.side_scroll)
        self.side_stack.addWidget(self.panels)
        self.side_stack.setFixedWidth(440)

        # A central change shows above the lines, beside the right column: the scale, crates
        # and actions keep their whole height while the packer deals with it.
        lines = QVBoxLayout()
        lines.addWidget(self.change_panel)
        lines.addWidget(self.tree, 1)
        middle = QHBoxLayout()
        middle.addLayout(lines, 1)
        middle.addWidget(self.side_stack)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)

        self.choice = ChoicePanel()
        self.supervisor_pad = PinPad()
        self.manual_panel = ManualWeightPanel()
        for w in (self.choice, self.supervisor_pad, self.manual_panel):
            self.panels.addWidget(w)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addLayout(middle, 1)
        layout.addWidget(self.message)
