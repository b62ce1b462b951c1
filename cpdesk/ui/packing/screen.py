"""The packing screen: one order, its lines by zone, the live scale, crates, and actions.

Every action goes through `PackingService` on the `ActionQueue` (off the GUI thread, one at
a time, in order); the screen only shows what the service returned after the commit, so what
the packer sees is what is on disk. Devices are reached only through the `DeviceHub`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QTreeWidgetItem,
    QWidget,
)

from cpdesk.documents import LabelData, label_zpl
from cpdesk.domain.packing import Tolerance
from cpdesk.packing.service import PackingService
from cpdesk.packing.state import LineView, OrderState, Outcome, Refusal, StaffInfo, Status

from ..action_queue import ActionQueue
from ..hardware.devices import DeviceHub, PrintRequest, Weight
from ..i18n import money_text, weight_text
from ..sounds import Sounds
from ..words import zone_title
from .layout import PackingLayout
from .panels import (
    reason_label,
    reason_options,
)
from .render import (
    LINE_ROLE,
    STATE_COLOURS,
    line_state_label,
    ordered_text,
    packed_text,
    refusal_text,
)

log = logging.getLogger(__name__)


class PackingWidget(PackingLayout):
    sig_back = Signal()
    """The packer left the order (Esc or the back button)."""
    sig_order_packed = Signal(str)
    """An order became packed (its number); its labels were queued."""
    sig_state = Signal(object)
    """The order's `OrderState` after each confirmed (durable) action."""

    def __init__(self, service: PackingService, devices: DeviceHub, sounds: Sounds,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.devices = devices
        self.sounds = sounds
        self.queue = ActionQueue(self)
        self.staff: StaffInfo | None = None
        self.state: OrderState | None = None
        self.selected: uuid.UUID | None = None
        self.weigh_line: uuid.UUID | None = None  # a kg line waiting for the scale
        self._armed = True  # auto-take: the scale must move between two takes
        self._last_refusal: Refusal | None = None
        self._build()
        self._connect()
        self._shortcuts()
        self.devices.sig_weight.connect(self._on_weight)
        self.retranslateUi()

    def _connect(self) -> None:
        """The layout's widgets wired to what the screen does."""
        self.change_panel.sig_resolve.connect(self.resolve_changes)
        self.tree.currentItemChanged.connect(self._current_changed)
        # one connection each; the action waiting for an answer is swapped in as a callback
        self._on_choice: Callable[[int], None] = lambda _n: None
        self._on_pin: Callable[[str], None] = lambda _p: None
        self._on_manual: Callable[[int], None] = lambda _g: None
        self.choice.sig_chosen.connect(lambda n: self._on_choice(n))
        self.supervisor_pad.sig_pin.connect(lambda p: self._on_pin(p))
        self.manual_panel.sig_weight.connect(lambda g: self._on_manual(g))
        self.supervisor_pad.sig_cancelled.connect(self.close_panel)
        self.choice.sig_cancelled.connect(self.close_panel)
        self.manual_panel.sig_cancelled.connect(self.close_panel)

        self.back_button.clicked.connect(self.sig_back)
        self.take_button.clicked.connect(self.take_weight)
        self.buttons["add"].clicked.connect(self.add_piece)
        self.buttons["short"].clicked.connect(lambda: self.ask_reason("short"))
        self.buttons["substitute"].clicked.connect(lambda: self.ask_reason("substitute"))
        self.buttons["new_crate"].clicked.connect(self.new_crate)
        self.buttons["close_crate"].clicked.connect(self.close_crate)
        self.buttons["remove"].clicked.connect(self.remove_item)
        self.buttons["move"].clicked.connect(self.move_item)
        self.buttons["manual"].clicked.connect(self.manual_weight)
        self.buttons["undo"].clicked.connect(self.undo)

    KEYS = {"add": "F2", "short": "F3", "substitute": "F4", "new_crate": "F6",
            "close_crate": "F7", "remove": "F8", "move": "F9", "manual": "F10",
            "undo": "Ctrl+Z"}

    def _shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for name, key in self.KEYS.items():
            QShortcut(QKeySequence(key), self, self.buttons[name].click, context=context)
        QShortcut(QKeySequence("Space"), self, self.take_weight, context=context)
        QShortcut(QKeySequence("Esc"), self, self.escape, context=context)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.back_button.setText(self.tr("◀ Board (Esc)"))
        self.scale_caption.setText(self.tr("Scale"))
        self.crates_caption.setText(self.tr("Crates"))
        self.take_button.setText(self.tr("Take weight (Space)"))
        texts = {"add": self.tr("+1 piece"), "short": self.tr("Short"),
                 "substitute": self.tr("Substitute"), "new_crate": self.tr("New crate"),
                 "close_crate": self.tr("Close crate"), "remove": self.tr("Take out"),
                 "move": self.tr("Move to crate"), "manual": self.tr("Manual weight"),
                 "undo": self.tr("Undo")}
        for name, b in self.buttons.items():
            b.setText(f"{texts[name]}\n({self.KEYS[name]})")
        self.supervisor_pad.set_title(self.tr("Supervisor PIN"))
        if self.state is not None:
            self._render(self.state)
        self._show_weight(self.devices.last_weight)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # -- running actions -------------------------------------------------------------------
    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.queue.submit(fn, on_done, self._failed)

    def _failed(self, message: str) -> None:
        self.sounds.refused()
        self._say(self.tr("Not saved: {0}").format(message), ok=False)

    def _say(self, text: str, *, ok: bool) -> None:
        if not ok:  # every refusal the packer saw goes into the support log
            log.info("packing refused: %s", text)
        self.message.setText(text)
        self.message.setProperty("ok", "yes" if ok else "no")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _refused(self, outcome: Outcome) -> None:
        self._last_refusal = outcome.refusal
        self.sounds.refused()
        self._say("✗ " + refusal_text(outcome.refusal), ok=False)
        if outcome.state is not None:
            self._render(outcome.state)

    def _needs_staff(self) -> StaffInfo | None:
        if self.staff is None:
            self.sounds.refused()
            self._say(self.tr("Sign in first"), ok=False)
        return self.staff

    # -- orders ----------------------------------------------------------------------------
    def open_order(self, number: str) -> None:
        self.close_panel()
        self._run(lambda: self.service.open_order(number), self._opened)

    def _opened(self, outcome: Outcome) -> None:
        if outcome.state is None:
            self._refused(outcome)
            return
        self.selected = self.weigh_line = None
        self._render(outcome.state)
        self.sounds.accepted()
        self._say(self.tr("Order {0} opened: scan the products").format(outcome.state.number),
                  ok=True)
        first = next((ln for ln in outcome.state.lines if not ln.resolved), None)
        if first is not None:
            self._select(first.id)
        self.tree.setFocus()

    def handle_scan(self, code: str) -> None:
        """A code from a scanner (wedge burst or serial) while this screen is shown."""
        staff = self._needs_staff()
        if staff is None:
            return
        if self.state is None:
            self.open_order(code)
            return
        if self.panels.isVisible() and self.panels.currentWidget() is self.supervisor_pad:
            if code.isdigit():  # a supervisor PIN typed fast, or a badge
                self.supervisor_pad.sig_pin.emit(code)
            else:
                self.supervisor_pad.set_message(self.tr("Enter the PIN on the pad"))
            return
        self.close_panel()
        order_id = self.state.order_id
        self._run(lambda: self.service.scan(order_id, code, staff.id),
                  lambda out: self._scanned(code, out))

    def _scanned(self, code: str, outcome: Outcome) -> None:
        if outcome.status is Status.OPEN_ORDER and outcome.order_number:
            if self.state is None or outcome.order_number != self.state.number:
                self.open_order(outcome.order_number)
            return
        if outcome.status is Status.AMBIGUOUS and outcome.state is not None:
            self._render(outcome.state)
            state = outcome.state
            options = [f"{state.line(i).product} — {ordered_text(state.line(i))}"
                       for i in outcome.candidates]
            self.sounds.accepted()
            self.choice.ask(self.tr("This product is on several lines: which one?"), options)
            candidates = outcome.candidates
            self._on_choice = (lambda n: self._chose_line(code, candidates[n]))
            self._show_panel(self.choice)
            return
        if outcome.status is Status.NEEDS_WEIGHT and outcome.state is not None:
            self.sounds.accepted()
            self._render(outcome.state)
            assert outcome.line_id is not None
            self._select(outcome.line_id)
            self.weigh_line = outcome.line_id
            line = outcome.state.line(outcome.line_id)
            self._say(self.tr("{0}: put it on the scale, then Space").format(line.product), ok=True)
            self._auto_take()
            return
        self._after_action(outcome)

    def _chose_line(self, code: str, line_id: uuid.UUID) -> None:
        staff = self._needs_staff()
        if staff is None or self.state is None:
            return
        self.close_panel()
        order_id = self.state.order_id
        self._run(lambda: self.service.scan(order_id, code, staff.id, line_id=line_id),
                  lambda out: self._scanned(code, out))

    def _after_action(self, outcome: Outcome, text: str | None = None) -> None:
        """Show a confirmed action (or its refusal), then check tolerance and completion."""
        if not outcome.ok or outcome.state is None:
            self._refused(outcome)
            return
        self._last_refusal = None
        before = self.state
        self._render(outcome.state)
        self.sounds.accepted()
        line = outcome.state.line(outcome.line_id) if outcome.line_id else None
        if text is None and line is not None:
            text = f"✓ {line.product}: {packed_text(line)}"
        self._say(text or "✓", ok=True)
        if line is not None:
            self._select(line.id)
            check = line.progress.tolerance
            if (line.weighed and check is not None and check.verdict is not Tolerance.INSIDE
                    and not line.resolved and outcome.weight_g is not None):
                self._ask_tolerance(line)
        if outcome.state.packed and not (before is not None and before.packed
                                          and before.order_id == outcome.state.order_id):
            self._finish()

    # -- weighing --------------------------------------------------------------------------
    def _on_weight(self, weight: Weight) -> None:
        self._show_weight(weight)
        if not weight.stable or weight.weight_g <= 0:
            self._armed = True
        self._auto_take()

    def _show_weight(self, weight: Weight | None) -> None:
        if weight is None:
            self.weight_label.setText("—")
            self.stable_label.setText(self.tr("no reading"))
            return
        self.weight_label.setText(weight_text(weight.weight_g))
        if weight.overload or weight.underload:
            self.stable_label.setText(self.tr("out of range"))
        else:
            self.stable_label.setText(self.tr("● stable") if weight.stable else self.tr("… moving"))
        self.stable_label.setProperty("stable", "yes" if weight.stable else "no")
        self.stable_label.style().unpolish(self.stable_label)
        self.stable_label.style().polish(self.stable_label)

    def _auto_take(self) -> None:
        if (self.service.settings.get("auto_take_stable") and self._armed
                and self.weigh_line is not None and self.devices.stable_weight() is not None
                and not self.queue.busy
                and (self.devices.legal_for_trade or not self.service.legal_for_trade)):
            weight = self.devices.stable_weight()
            if weight is not None and weight.weight_g > 0:
                self.take_weight()

    def _weighed_line(self) -> LineView | None:
        if self.state is None:
            return None
        for line_id in (self.selected, self.weigh_line):
            if line_id is not None:
                line = self.state.line(line_id)
                if line.weighed:
                    return line
        return None

    def take_weight(self) -> None:
        """Record the scale's stable reading for the selected (or scanned) per-kg line."""
        staff = self._needs_staff()
        if staff is None or self.state is None:
            return
        line = self._weighed_line()
        if line is None:
            self.sounds.refused()
            self._say(self.tr("Select or scan a product sold per kg first"), ok=False)
            return
        if self.service.legal_for_trade and not self.devices.legal_for_trade:
            self.sounds.refused()
            self._say(self.tr("This scale is not approved for trade: weigh on an approved "
                              "scale, or a supervisor enters the weight (F10)"), ok=False)
            return
        weight = self.devices.stable_weight()
        if weight is None:
            self.sounds.refused()
            self._say(self.tr("Wait for a stable weight"), ok=False)
            return
        if weight.weight_g <= 0:
            self.sounds.refused()
            self._say(self.tr("Nothing on the scale"), ok=False)
            return
        self._armed = False
        order_id, grams = self.state.order_id, weight.weight_g
        self._run(lambda: self.service.weigh(order_id, line.id, grams, "scale", staff.id),
                  self._weighed)

    def _weighed(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.weigh_line = None
        self._after_action(outcome)

    def _ask_tolerance(self, line: LineView) -> None:
        check = line.progress.tolerance
        assert check is not None
        diff = check.difference_g
        question = self.tr("{0}: ordered {1}, weighed {2} ({3:+d} g, allowed ±{4} g).").format(
            line.product, weight_text(check.ordered_g), weight_text(check.actual_g), diff,
            check.allowed_g)
        options = [self.tr("Supervisor accepts"), self.tr("Re-weigh (undo)")]
        if check.verdict is Tolerance.UNDER:
            options.append(self.tr("Add another piece"))
        self.choice.ask(question, options)
        self._on_choice = (lambda n: self._tolerance_choice(line.id, n))
        self._show_panel(self.choice)
        self._say(self.tr("Outside tolerance: a supervisor must accept, or re-weigh"), ok=False)

    def _tolerance_choice(self, line_id: uuid.UUID, choice: int) -> None:
        self.close_panel()
        if choice == 0:
            self._with_supervisor(lambda sup: self._accept(line_id, sup))
        elif choice == 1:
            self.weigh_line = line_id
            self.undo()
        else:
            self.weigh_line = line_id
            self._say(self.tr("Put the next piece on the scale, then Space"), ok=True)

    def _accept(self, line_id: uuid.UUID, supervisor: StaffInfo) -> None:
        staff = self._needs_staff()
        if staff is None or self.state is None:
            return
        order_id = self.state.order_id
        self._run(lambda: self.service.accept_out_of_tolerance(order_id, line_id,
                                                               supervisor.id, staff.id),
                  lambda out: self._after_action(out, self.tr("Accepted by {0}").format(
                      supervisor.name)))

    def manual_weight(self) -> None:
        line = self._weighed_line()
        if line is None or self.state is None:
            self.sounds.refused()
            self._say(self.tr("Select or scan a product sold per kg first"), ok=False)
            return
        self._with_supervisor(lambda sup: self._ask_manual(line.id, sup))

    def _ask_manual(self, line_id: uuid.UUID, supervisor: StaffInfo) -> None:
        self._on_manual = (lambda g: self._manual(line_id, g, supervisor))
        self._show_panel(self.manual_panel)
        self.manual_panel.grams.setFocus()

    def _manual(self, line_id: uuid.UUID, grams: int, supervisor: StaffInfo) -> None:
        staff = self._needs_staff()
        if staff is None or self.state is None:
            return
        self.close_panel()
        order_id = self.state.order_id
        self._run(lambda: self.service.weigh(order_id, line_id, grams, "manual", staff.id,
                                             supervisor_id=supervisor.id), self._weighed)

    # -- supervisor ------------------------------------------------------------------------
    def _with_supervisor(self, action: Callable[[StaffInfo], None]) -> None:
        self.supervisor_pad.clear()
        self.supervisor_pad.set_message("")

        def check(pin: str) -> None:
            self._run(lambda: self.service.supervisor(pin), done)

        def done(supervisor: StaffInfo | None) -> None:
            if supervisor is None:
                self.sounds.refused()
                self.supervisor_pad.set_message(self.tr("Not a supervisor PIN"))
                return
            self.close_panel()
            action(supervisor)

        self._on_pin = check
        self._show_panel(self.supervisor_pad)

    # -- line actions ------------------------------------------------------------------------
    def _selected_line(self) -> LineView | None:
        if self.state is None or self.selected is None:
            self.sounds.refused()
            self._say(self.tr("Select a line first"), ok=False)
            return None
        return self.state.line(self.selected)

    def add_piece(self) -> None:
        staff, line = self._needs_staff(), self._selected_line()
        if staff is None or line is None or self.state is None:
            return
        order_id = self.state.order_id
        self._run(lambda: self.service.pack_line(order_id, line.id, staff.id), self._scanned_line)

    def _scanned_line(self, outcome: Outcome) -> None:
        self._scanned("", outcome)

    def ask_reason(self, kind: str) -> None:
        line = self._selected_line()
        if line is None:
            return
        reasons = reason_options()
        question = (self.tr("Short: why can't {0} be packed?") if kind == "short"
                    else self.tr("Substitute: why is {0} replaced?")).format(line.product)
        self.choice.ask(question, [label for _, label in reasons])
        self._on_choice = (lambda n: self._resolve(kind, line.id, reasons[n][0]))
        self._show_panel(self.choice)

    def _resolve(self, kind: str, line_id: uuid.UUID, reason: str) -> None:
        staff = self._needs_staff()
        if staff is None or self.state is None:
            return
        self.close_panel()
        order_id = self.state.order_id
        action = self.service.short if kind == "short" else self.service.substitute
        self._run(lambda: action(order_id, line_id, reason, staff.id), self._after_action)

    def undo(self) -> None:
        staff = self._needs_staff()
        if staff is None or self.state is None:
            return
        self.close_panel()
        order_id = self.state.order_id
        self._run(lambda: self.service.undo_last(order_id, staff.id),
                  lambda out: self._after_action(out, self.tr("Undone")))

    def _zone(self) -> str | None:
        if self.state is None:
            return None
        if self.selected is not None:
            return self.state.line(self.selected).zone
        zones = self.state.zones()
        return zones[0] if zones else None

    def new_crate(self) -> None:
        staff, zone = self._needs_staff(), self._zone()
        if staff is None or zone is None or self.state is None:
            return
        order_id = self.state.order_id
        self._run(lambda: self.service.open_crate(order_id, zone, staff.id),
                  lambda out: self._after_action(out, self.tr("New crate {0} ({1})").format(
                      next((c.code for c in out.state.crates if c.id == out.crate_id), ""),
                      zone_title(zone)) if out.ok else None))

    def close_crate(self) -> None:
        staff, zone = self._needs_staff(), self._zone()
        if staff is None or zone is None or self.state is None:
            return
        crate = self.state.current_crate(zone)
        if crate is None:
            self.sounds.refused()
            self._say(self.tr("No open crate in this zone"), ok=False)
            return
        order_id = self.state.order_id

        def work() -> tuple[Outcome, list[LabelData]]:
            out = self.service.close_crate(crate.id, staff.id)
            labels = self.service.crate_labels(order_id, [crate.id]) if out.ok else []
            return out, labels

        def done(result: tuple[Outcome, list[LabelData]]) -> None:
            out, labels = result
            self._print(labels)
            self._after_action(out, self.tr("Crate {0} closed: label printed").format(crate.code))

        self._run(work, done)

    def _newest_item_of_selected(self) -> Any:
        line = self._selected_line()
        if line is None or self.state is None:
            return None
        items = [i for i in self.state.items if i.line_id == line.id]
        if not items:
            self.sounds.refused()
            self._say(refusal_text(Refusal.NO_ITEM), ok=False)
            return None
        return items[-1]

    def remove_item(self) -> None:
        staff, item = self._needs_staff(), self._newest_item_of_selected()
        if staff is None or item is None:
            return
        self._run(lambda: self.service.remove_item(item.event_id, staff.id),
                  lambda out: self._after_action(out, self.tr("Item taken out of its crate")))

    def move_item(self) -> None:
        staff, item = self._needs_staff(), self._newest_item_of_selected()
        if staff is None or item is None or self.state is None:
            return
        line = self.state.line(item.line_id)
        target = self.state.current_crate(line.zone)
        if target is None or target.id == item.crate_id:
            self.sounds.refused()
            self._say(self.tr("Open a new crate first (F6), then move"), ok=False)
            return
        self._run(lambda: self.service.move_item(item.event_id, target.id, staff.id),
                  lambda out: self._after_action(out, self.tr("Item moved to crate {0}").format(
                      target.code)))

    # -- central changes -------------------------------------------------------------------
    def resolve_changes(self) -> None:
        """The packer dealt with the central change(s) shown: record who resolved them."""
        staff = self._needs_staff()
        if staff is None or self.state is None:
            return
        order_id = self.state.order_id
        self._run(lambda: self.service.resolve_changes(order_id, staff.id),
                  lambda out: self._after_action(out, self.tr("Change resolved")))

    # -- completion ------------------------------------------------------------------------
    def _finish(self) -> None:
        staff = self.staff
        if staff is None or self.state is None:
            return
        order_id, number = self.state.order_id, self.state.number

        def work() -> tuple[Outcome, list[LabelData], bytes | None]:
            out = self.service.finish(order_id, staff.id)
            note = self.service.delivery_note_pdf(order_id) if out.ok else None
            return out, self.service.crate_labels(order_id), note

        def done(result: tuple[Outcome, list[LabelData], bytes | None]) -> None:
            out, labels, note = result
            if out.state is not None:
                self._render(out.state)
            if note is not None:
                self.devices.print(PrintRequest("documents", "pdf", note,
                                                f"delivery-note {number}"))
            self._print(labels)
            self._say(self.tr("Order {0} packed: {1} crate labels printed").format(
                number, len(labels)), ok=True)
            self.sig_order_packed.emit(number)

        self._run(work, done)

    def _print(self, labels: list[LabelData]) -> None:
        for label in labels:
            self.devices.print(PrintRequest(
                "labels", "zpl", label_zpl(label).encode("utf-8"),
                f"crate-label {label.order_number} {label.crate_seq}-of-"
                f"{label.crate_count if label.count_final else 'unknown'} {label.crate_code}"))

    # -- panels ----------------------------------------------------------------------------
    def _show_panel(self, panel: QWidget) -> None:
        self.panels.setCurrentWidget(panel)
        self.side_stack.setCurrentWidget(self.panels)
        panel.setFocus()

    def close_panel(self) -> None:
        if self.side_stack.currentWidget() is self.panels:
            self.side_stack.setCurrentWidget(self.side_scroll)
            self.tree.setFocus()

    def escape(self) -> None:
        if self.panels.isVisible():
            self.close_panel()
        else:
            self.sig_back.emit()

    # -- rendering -------------------------------------------------------------------------
    def _select(self, line_id: uuid.UUID) -> None:
        self.selected = line_id
        for i in range(self.tree.topLevelItemCount()):
            zone_item = self.tree.topLevelItem(i)
            assert zone_item is not None
            for j in range(zone_item.childCount()):
                child = zone_item.child(j)
                if child is not None and child.data(0, LINE_ROLE) == str(line_id):
                    self.tree.setCurrentItem(child)
                    self.tree.scrollToItem(child)
                    return

    def _current_changed(self, item: QTreeWidgetItem | None, _prev: Any) -> None:
        if item is not None and item.data(0, LINE_ROLE):
            self.selected = uuid.UUID(item.data(0, LINE_ROLE))
            self._show_target()

    def _render(self, state: OrderState) -> None:
        self.state = state
        self.sig_state.emit(state)
        self.title.setText(f"{state.number} — {state.customer}")
        parts = [state.commune, self.tr("round {0}, stop {1}").format(state.round_code or "—",
                                                                       state.stop_seq),
                 self.tr("{0}/{1} lines").format(state.lines_resolved, len(state.lines)),
                 money_text(state.total_cents)]
        if state.packed:
            parts.append(self.tr("PACKED"))
        self.info.setText("   ·   ".join(parts))
        banner = []
        if state.status == "cancelled" and state.change is None:
            banner.append(self.tr("This order was cancelled: do not pack it."))
        self.banner.setText(" ".join(banner))
        self.banner.setVisible(bool(banner))
        self.change_panel.show_change(state.change)
        self.tree.setHeaderLabels([self.tr("Product"), self.tr("Producer"), self.tr("Ordered"),
                                   self.tr("Packed"), self.tr("Amount"), self.tr("State")])
        selected = self.selected
        self.tree.blockSignals(True)
        self.tree.clear()
        bold = QFont()
        bold.setBold(True)
        for zone in state.zones():
            lines = [ln for ln in state.lines if ln.zone == zone]
            crate = state.current_crate(zone)
            crate_text = (self.tr("crate {0}, items: {1}").format(crate.code, crate.items)
                          if crate else self.tr("no open crate"))
            zone_item = QTreeWidgetItem([
                f"{zone_title(zone)} — {sum(ln.resolved for ln in lines)}/{len(lines)}"
                f"   ·   {crate_text}"])
            zone_item.setFirstColumnSpanned(True)
            zone_item.setFont(0, bold)
            zone_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            zone_item.setBackground(0, QBrush(QColor("#dbe4f0")))
            self.tree.addTopLevelItem(zone_item)
            zone_item.setFirstColumnSpanned(True)
            for ln in lines:
                state_text = line_state_label(ln.state)
                if ln.progress.reason:
                    state_text += f" ({reason_label(ln.progress.reason)})"
                if ln.quantity <= 0 and not ln.weighed and ln.progress.packed_units > 0:
                    state_text = self.tr("removed: take out")
                child = QTreeWidgetItem([ln.product, ln.producer, ordered_text(ln),
                                         packed_text(ln), money_text(ln.progress.amount_cents),
                                         state_text])
                child.setData(0, LINE_ROLE, str(ln.id))
                child.setToolTip(0, f"{ln.product} — {ln.unit_label}" if ln.unit_label
                                 else ln.product)
                child.setForeground(5, QBrush(QColor(STATE_COLOURS[ln.state])))
                if ln.resolved:
                    child.setForeground(0, QBrush(QColor("#6b7280")))
                zone_item.addChild(child)
            zone_item.setExpanded(True)
        self.tree.blockSignals(False)
        if selected is not None:
            self._select(selected)
        self._render_crates(state)
        self._show_target()

    def _render_crates(self, state: OrderState) -> None:
        rows = []
        for zone in state.zones():
            current = state.current_crate(zone)
            others = [c for c in state.crates if c.zone == zone and c is not current]
            text = f"<b>{zone_title(zone)}</b>: "
            text += (self.tr("{0} open, items: {1}").format(current.code, current.items)
                     if current else self.tr("no open crate"))
            closed = [c for c in others if not c.is_open]
            if closed:
                text += " · " + self.tr("{0} closed").format(len(closed))
            rows.append(text)
        self.crates_label.setText("<br>".join(rows))

    def _show_target(self) -> None:
        line = self._weighed_line() if self.state is not None else None
        if line is None:
            self.target_label.setText(self.tr("Scan or select a product sold per kg"))
            return
        self.target_label.setText(self.tr("{0}: ordered {1} ±{2} %, packed {3}").format(
            line.product, ordered_text(line), line.tolerance_pct,
            weight_text(line.progress.packed_weight_g)))
