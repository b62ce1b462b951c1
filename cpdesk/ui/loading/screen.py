"""The loading screen: a round's stops in loading order, crates scanned onto the van, the
departure gate (complete, or a supervisor's override with the crates left behind)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cpdesk.domain.loading import CrateWhere
from cpdesk.errors import CpdeskError
from cpdesk.loading.service import LoadingService, RoundPlan, ScanOutcome

from ..action_queue import ActionQueue
from ..context import AppContext
from ..days import DayNavigator
from ..hardware.devices import DeviceHub
from ..hint_edit import HintEdit
from ..i18n import day_text
from ..refusals import refusal_text, text_for
from ..words import zone_label, zone_title

WHERE_COLOURS = {
    CrateWhere.LOADED: "#15803d",
    CrateWhere.AT_DEPOT: "#b45309",
    CrateWhere.AT_OTHER_DEPOT: "#6b7280",
    CrateWhere.IN_TRANSIT: "#1d4ed8",
    CrateWhere.WRONG_DEPOT: "#b91c1c",
    CrateWhere.BEING_PACKED: "#9ca3af",
}
ZONE_COLOURS = {"ambient": "#a16207", "chilled": "#0369a1", "frozen": "#4338ca"}


def outcome_text(outcome: ScanOutcome) -> str:
    """A scan's outcome in the screen's language."""
    return text_for(outcome.code, outcome.values)


def where_label(where: CrateWhere) -> str:

    return {
        CrateWhere.LOADED: QCoreApplication.translate("Loading", "on the van"),
        CrateWhere.AT_DEPOT: QCoreApplication.translate("Loading", "to load"),
        CrateWhere.AT_OTHER_DEPOT: QCoreApplication.translate("Loading", "still at its depot"),
        CrateWhere.IN_TRANSIT: QCoreApplication.translate("Loading", "in transit"),
        CrateWhere.WRONG_DEPOT: QCoreApplication.translate("Loading", "at the wrong depot!"),
        CrateWhere.BEING_PACKED: QCoreApplication.translate("Loading", "being packed"),
    }[where]


class LoadingWidget(QWidget):
    sig_departed = Signal(str)
    """The code of a round that was just marked departed."""
    sig_scan_result = Signal(object)
    """The `ScanOutcome` of every crate scan (for sounds and tests)."""
    sig_plan_loaded = Signal()
    """The rounds and the chosen round's plan were (re)loaded and shown."""

    def __init__(self, ctx: AppContext, devices: DeviceHub, parent: QWidget | None = None, *,
                 own_scans: bool = True, service: LoadingService | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Loading")
        self.ctx = ctx
        self.devices = devices
        self.service = service if service is not None else LoadingService(ctx.engine, ctx.depot)
        # Every service call (SQLite, fsync on commit) runs off the GUI thread, in order.
        self.queue = ActionQueue(self)
        self.staff_id: uuid.UUID | None = None
        self.plan: RoundPlan | None = None
        # The day shown: today, or the next day with a round leaving from here (first load).
        self.day: dt.date = ctx.today
        self.moved_from: dt.date | None = None
        self._opening = True
        self.days = DayNavigator(self)
        self.days.sig_step.connect(self.step_day)
        # its widgets, placed in this screen's layout
        self.prev_day, self.next_day = self.days.prev_button, self.days.next_button
        self.day_label, self.day_note = self.days.label, self.days.note

        self.round_box = QComboBox()
        self.round_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.round_box.setMinimumContentsLength(10)
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)  # a long round title wraps instead of widening the window
        self.banner = QLabel()
        self.banner.setObjectName("loadBanner")
        self.banner.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color:#b91c1c; font-weight:600;")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 140), (2, 110), (3, 220)):
            self.tree.header().resizeSection(col, width)
        self.depart_button = QPushButton()
        # A QShortcut, not the button's own: setText() replaces a button's shortcut with the
        # text's mnemonic, so every language switch would lose F9.
        self.depart_shortcut = QShortcut(QKeySequence("F9"), self, self.request_departure)

        # In-window supervisor override: no modal dialog steals the scanner's keystrokes.
        self.override = QFrame()
        self.override.setFrameShape(QFrame.Shape.StyledPanel)
        self.override_text = QLabel()
        self.override_text.setWordWrap(True)
        self.pin = HintEdit()  # its hint read whole; the explanation beside it wraps
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(["", "", ""])
        self.confirm = QPushButton()
        self.cancel = QPushButton()
        row = QHBoxLayout(self.override)
        row.addWidget(self.override_text, 3)
        row.addWidget(self.pin, 1)
        row.addWidget(self.reason, 2)
        row.addWidget(self.confirm)
        row.addWidget(self.cancel)
        self.override.hide()

        # What a scan does: load the van, or move a crate between depots.
        self.mode = QComboBox()
        self.mode.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.mode.setMinimumContentsLength(14)
        for mode in ("load", "unload", "out", "in"):
            self.mode.addItem("", mode)
        self.round_label = QLabel()
        top = QHBoxLayout()
        for w in (self.prev_day, self.day_label, self.next_day):
            top.addWidget(w)
        top.addWidget(self.round_label)
        top.addWidget(self.round_box, 1)
        top.addWidget(self.mode, 1)
        top.addWidget(self.depart_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.day_note)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addWidget(self.warnings)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.override)
        self.setStyleSheet("QLabel#title{font-size:22px;font-weight:700;}"
                           "QLabel#loadBanner{font-size:20px;font-weight:600;padding:10px;"
                           "border-radius:6px;}")

        self.round_box.currentIndexChanged.connect(self._round_changed)
        self.depart_button.clicked.connect(self.request_departure)
        self.confirm.clicked.connect(self._confirm_override)
        self.cancel.clicked.connect(self.override.hide)
        if own_scans:  # in the main window, scans are routed to the screen shown
            devices.sig_scanned.connect(self._scanned)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        """Every text of the screen in the current language (also on a language switch)."""
        self.tree.setHeaderLabels([self.tr("Stop / crate"), self.tr("Zone"), self.tr("Depot"),
                                   self.tr("Where")])
        self.depart_button.setText(self.tr("Mark departed (F9)"))
        self.pin.setPlaceholderText(self.tr("Supervisor PIN"))
        for i, text in enumerate((self.tr("producer delivery late"), self.tr("crate damaged"),
                                  self.tr("customer will collect at the depot"))):
            self.reason.setItemText(i, text)
        self.confirm.setText(self.tr("Leave without them"))
        self.cancel.setText(self.tr("Cancel"))
        for i, text in enumerate((self.tr("Scan: load the van"), self.tr("Scan: take off the van"),
                                  self.tr("Scan: send to another depot"),
                                  self.tr("Scan: receive from another depot"))):
            self.mode.setItemText(i, text)
        self.round_label.setText(self.tr("Round"))
        self._show_day()
        self._show_plan()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # -- data ---------------------------------------------------------------------------
    def step_day(self, days: int) -> None:
        self.day += dt.timedelta(days=days)
        self.moved_from = None
        self._opening = False
        self._show_day()
        self.load_rounds()

    def _show_day(self) -> None:
        self.days.show_day(self.day, self.moved_from)

    def load_rounds(self) -> None:
        day, today, opening = self.day, self.ctx.today, self._opening

        def read() -> tuple[dt.date, list[Any]]:
            if opening:
                shown = self.service.opening_day(today)
                return shown, self.service.rounds(shown)
            return day, self.service.rounds(day)

        self.queue.submit(read, self._day_loaded, self._failed)

    def _day_loaded(self, result: tuple[dt.date, list[Any]]) -> None:
        day, rounds = result
        if self._opening:
            self._opening = False
            self.day = day
            self.moved_from = self.ctx.today if day != self.ctx.today else None
            self._show_day()
        elif day != self.day:
            return  # an earlier answer, for a day no longer shown
        self._rounds_loaded(rounds)

    def _rounds_loaded(self, rounds: list[Any]) -> None:
        self.round_box.blockSignals(True)
        self.round_box.clear()
        for rnd in rounds:
            self.round_box.addItem(f"{rnd.code} · {rnd.departure:%H:%M}", rnd.id)
        self.round_box.blockSignals(False)
        self._round_changed()

    def _round_changed(self) -> None:
        round_id = self.round_box.currentData()
        self.queue.submit(lambda: self.service.plan(round_id) if round_id else None,
                          self._plan_loaded, self._failed)

    def _plan_loaded(self, plan: RoundPlan | None) -> None:
        self.plan = plan
        self._show_plan()
        self.sig_plan_loaded.emit()

    def _failed(self, message: str) -> None:
        self.banner.setStyleSheet("background:#fee2e2;")
        self.banner.setText(message)

    def _show_plan(self) -> None:
        self.tree.clear()
        plan = self.plan
        if plan is None:
            self.title.setText(self.tr("No round leaves from this depot on {0}").format(
                day_text(self.day)))
            return
        total = len(plan.crates)
        loaded = sum(c.where is CrateWhere.LOADED for c in plan.crates)
        status = self.tr("departed") if plan.status == "departed" else self.tr("loading")
        self.title.setText(self.tr("{0} · {1} · {2}/{3} crates on the van · {4}").format(
            plan.code, plan.van, loaded, total, status))
        self.warnings.setText("   ".join(
            self.tr("Too many {0} crates: {1} for {2} places").format(zone_label(w.zone), w.crates,
                                                                       w.capacity)
            for w in plan.warnings))
        bold = QFont()
        bold.setBold(True)
        for stop in plan.stops:
            head = QTreeWidgetItem([
                self.tr("Stop {0} — {1}, {2}").format(stop.seq, stop.customer, stop.commune),
                "", "", f"{stop.loaded}/{len(stop.crates)}"])
            for col in range(4):
                head.setFont(col, bold)
                head.setBackground(col, QBrush(QColor("#dbe4f0")))
            self.tree.addTopLevelItem(head)
            for c in stop.crates:
                item = QTreeWidgetItem([f"{c.code}   ({c.depot} {c.seq}/{c.count_at_depot})",
                                        zone_title(c.zone),
                                        c.depot, where_label(c.where)])
                item.setForeground(3, QBrush(QColor(WHERE_COLOURS[c.where])))
                item.setForeground(1, QBrush(QColor(ZONE_COLOURS[c.zone])))
                item.setData(0, Qt.ItemDataRole.UserRole, c.code)
                head.addChild(item)
            for pending in stop.packing_pending:
                item = QTreeWidgetItem([self.tr("{0}: still being packed").format(pending), "",
                                        "", where_label(CrateWhere.BEING_PACKED)])
                item.setForeground(0, QBrush(QColor("#9ca3af")))
                head.addChild(item)
        self.tree.expandAll()

    # -- actions ------------------------------------------------------------------------
    def _scanned(self, code: str) -> None:
        self.scan(code)

    def scan(self, code: str) -> None:
        """Act on a scanned crate code according to the scan mode (off the GUI thread)."""
        mode = self.mode.currentData()
        staff_id, plan = self.staff_id, self.plan
        if staff_id is None or (mode in ("load", "unload") and plan is None):
            self.banner.setText(self.tr("Choose a round and sign in before scanning crates"))
            return
        round_id = plan.id if plan is not None else None

        def act() -> tuple[ScanOutcome, RoundPlan | None]:
            if mode == "out":
                outcome = self.service.transfer_out(code, staff_id)
            elif mode == "in":
                outcome = self.service.transfer_in(code, staff_id)
            elif mode == "unload":
                assert round_id is not None
                outcome = self.service.unload(round_id, code, staff_id)
            else:
                assert round_id is not None
                outcome = self.service.scan_onto_van(round_id, code, staff_id)
            return outcome, self.service.plan(round_id) if round_id else None

        self.queue.submit(act, self._scanned_result, self._failed)

    def _scanned_result(self, result: tuple[ScanOutcome, RoundPlan | None]) -> None:
        outcome, plan = result
        colour = {"loaded": "#dcfce7", "already_loaded": "#e0f2fe", "refused": "#fee2e2"}
        self.banner.setStyleSheet(f"background:{colour[outcome.status]};")
        self.banner.setText(outcome_text(outcome))
        self.plan = plan
        self._show_plan()
        self.sig_scan_result.emit(outcome)

    def request_departure(self) -> None:
        if self.plan is None or self.staff_id is None:
            return
        round_id, staff_id = self.plan.id, self.staff_id
        self.queue.submit(lambda: self._try_depart(round_id, staff_id, None, ""),
                          self._departure_answer, self._failed)

    def _confirm_override(self) -> None:
        assert self.plan is not None and self.staff_id is not None
        round_id, staff_id = self.plan.id, self.staff_id
        pin, reason = self.pin.text(), self.reason.currentText()
        self.pin.clear()
        self.queue.submit(lambda: self._try_depart(round_id, staff_id, pin, reason),
                          self._departure_answer, self._failed)

    def _try_depart(self, round_id: uuid.UUID, staff_id: uuid.UUID,
                    supervisor_pin: str | None, reason: str) -> str | None:
        """None when the round left, else why not, worded (runs on the worker)."""
        try:
            self.service.depart(round_id, staff_id, supervisor_pin=supervisor_pin, reason=reason)
        except CpdeskError as exc:
            return refusal_text(exc)
        return None

    def _departure_answer(self, refusal: str | None) -> None:
        if refusal is not None:
            self.override_text.setText(refusal)
            self.override.show()
            self.pin.setFocus()
            return
        self.override.hide()
        self._departed()

    def _departed(self) -> None:
        assert self.plan is not None
        code = self.plan.code
        self.banner.setStyleSheet("background:#dcfce7;")
        self.banner.setText(self.tr("Round {0} has left.").format(code))
        self._round_changed()  # reload the plan: the round is departed now
        self.sig_departed.emit(code)
