"""The packing screen: one order, its lines by zone, the live scale, crates, and actions.

The screen runs the actions and holds the order's state; it hands the scale and the weights
(`weighing.WeighingFlow`), the supervisor's PIN (`supervisor.SupervisorCheck`) and the
drawing of the order (`order_view.OrderView`) to parts that reach it only through
`host.PackingHost`. Its widgets and their places are in `layout.PackingLayout`.

Every action goes through `PackingService` on the `ActionQueue` (off the GUI thread, one at
a time, in order); the screen only shows what the service returned after the commit, so what
the packer sees is what is on disk. Devices are reached only through the `DeviceHub`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTreeWidgetItem, QWidget

from cpdesk.documents import LabelData, label_zpl
from cpdesk.domain.packing import FILLED, Tolerance
from cpdesk.packing.service import PackingService
from cpdesk.packing.state import LineView, OrderState, Outcome, Refusal, StaffInfo, Status

from ..action_queue import ActionQueue
from ..failures import said_again
from ..hardware.devices import DeviceHub, PrintRequest
from ..sounds import Sounds
from ..words import zone_title
from .layout import PackingLayout
from .order_view import OrderView
from .panels import reason_options
from .render import LINE_ROLE, ordered_text, packed_text, refusal_text
from .supervisor import SupervisorCheck
from .weighing import WeighingFlow

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
        self._last_refusal: Refusal | None = None
        self._words: Callable[[], str] | None = None  # the message line, remade on a switch
        self._build()
        self.view = OrderView(self)
        self.supervisor = SupervisorCheck(self, self.supervisor_pad)
        self.weighing = WeighingFlow(self, self, self.supervisor)
        self._connect()
        self._shortcuts()
        self.retranslateUi()

    def _connect(self) -> None:
        """The layout's widgets wired to what the screen does."""
        self.change_panel.sig_resolve.connect(self.resolve_changes)
        self.tree.currentItemChanged.connect(self._current_changed)
        # one connection each; the action waiting for an answer is swapped in as a callback
        self._on_choice: Callable[[int], None] = lambda _n: None
        self.choice.sig_chosen.connect(lambda n: self._on_choice(n))
        self.choice.sig_cancelled.connect(self.close_panel)

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
        self.supervisor_pad.set_title(lambda: self.tr("Supervisor PIN"))
        if self._words is not None:  # the message on screen, in the new language
            self.message.setText(self._words())
        if self.state is not None:
            self._render(self.state)
        self.weighing.show_weight(self.devices.last_weight)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # -- running actions ---------------------------------------------------------------------------
    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.queue.submit(fn, on_done, self._failed)

    def _failed(self, message: str) -> None:
        self.sounds.refused()
        self.say(lambda: self.tr("Not saved: {0}").format(said_again(message)), ok=False)

    def say(self, text: str | Callable[[], str], *, ok: bool) -> None:
        """The message line; given as a function making it, it is made again in the new
        language when the packer switches (a plain string stays as it was said)."""
        self._words = text if callable(text) else None
        if callable(text):
            text = text()
        if not ok:  # every refusal the packer saw goes into the support log
            log.info("packing refused: %s", text)
        self.message.setText(text)
        self.message.setProperty("ok", "yes" if ok else "no")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _refused(self, outcome: Outcome) -> None:
        refusal = self._last_refusal = outcome.refusal
        self.sounds.refused()
        self.say(lambda: "✗ " + refusal_text(refusal), ok=False)
        if outcome.state is not None:
            self._render(outcome.state)

    def needs_staff(self) -> StaffInfo | None:
        if self.staff is None:
            self.sounds.refused()
            self.say(lambda: self.tr("Sign in first"), ok=False)
        return self.staff

    # -- orders ------------------------------------------------------------------------------------
    def open_order(self, number: str) -> None:
        self.close_panel()
        self.run(lambda: self.service.open_order(number), self._opened)

    def _opened(self, outcome: Outcome) -> None:
        if outcome.state is None:
            self._refused(outcome)
            return
        self.selected = self.weigh_line = None
        self._render(outcome.state)
        self.sounds.accepted()
        number = outcome.state.number
        self.say(lambda: self.tr("Order {0} opened: scan the products").format(number),
                 ok=True)
        first = next((ln for ln in outcome.state.lines if not ln.resolved), None)
        if first is not None:
            self._select(first.id)
        self.tree.setFocus()

    def handle_scan(self, code: str) -> None:
        """A code from a scanner (wedge burst or serial) while this screen is shown."""
        staff = self.needs_staff()
        if staff is None:
            return
        if self.state is None:
            self.open_order(code)
            return
        if self.supervisor.handle_scan(code):
            return
        self.close_panel()
        order_id = self.state.order_id
        self.run(lambda: self.service.scan(order_id, code, staff.id),
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
            candidates = outcome.candidates
            self.ask(self.tr("This product is on several lines: which one?"), options,
                     lambda n: self._chose_line(code, candidates[n]))
            return
        if outcome.status is Status.NEEDS_WEIGHT and outcome.state is not None:
            self.sounds.accepted()
            self._render(outcome.state)
            assert outcome.line_id is not None
            self._select(outcome.line_id)
            self.weigh_line = outcome.line_id
            product = outcome.state.line(outcome.line_id).product
            self.say(lambda: self.tr("{0}: put it on the scale, then Space").format(product),
                     ok=True)
            self.weighing.auto_take()
            return
        self.after_action(outcome)

    def _chose_line(self, code: str, line_id: uuid.UUID) -> None:
        staff = self.needs_staff()
        if staff is None or self.state is None:
            return
        self.close_panel()
        order_id = self.state.order_id
        self.run(lambda: self.service.scan(order_id, code, staff.id, line_id=line_id),
                  lambda out: self._scanned(code, out))

    def after_action(self, outcome: Outcome,
                     text: str | Callable[[], str] | None = None) -> None:
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
            packed = line

            def text() -> str:
                return "✓ " + self.tr("{0}: {1}", "a product: what is packed of it").format(
                    packed.product, packed_text(packed))
        self.say(text or "✓", ok=True)
        if line is not None:
            self._select(line.id)
            check = line.progress.tolerance
            if (line.weighed and check is not None and check.verdict is not Tolerance.INSIDE
                    and not line.resolved and outcome.weight_g is not None):
                self.weighing.ask_tolerance(line)
        if outcome.state.packed and not (before is not None and before.packed
                                          and before.order_id == outcome.state.order_id):
            self._finish()

    # -- line actions ------------------------------------------------------------------------------
    def _selected_line(self) -> LineView | None:
        if self.state is None or self.selected is None:
            self.sounds.refused()
            self.say(lambda: self.tr("Select a line first"), ok=False)
            return None
        return self.state.line(self.selected)

    def add_piece(self) -> None:
        staff, line = self.needs_staff(), self._selected_line()
        if staff is None or line is None or self.state is None:
            return
        order_id = self.state.order_id
        self.run(lambda: self.service.pack_line(order_id, line.id, staff.id), self._scanned_line)

    def _scanned_line(self, outcome: Outcome) -> None:
        self._scanned("", outcome)

    def ask_reason(self, kind: str) -> None:
        line = self._selected_line()
        if line is None:
            return
        if line.state in FILLED:  # nothing is missing: no reason to ask for (the service
            # refuses it too)
            self.sounds.refused()
            self.say(lambda: "✗ " + refusal_text(Refusal.LINE_PACKED), ok=False)
            return
        reasons = reason_options()
        question = (self.tr("Short: why can't {0} be packed?") if kind == "short"
                    else self.tr("Substitute: why is {0} replaced?")).format(line.product)
        self.ask(question, [label for _, label in reasons],
                 lambda n: self._resolve(kind, line.id, reasons[n][0]))

    def _resolve(self, kind: str, line_id: uuid.UUID, reason: str) -> None:
        staff = self.needs_staff()
        if staff is None or self.state is None:
            return
        self.close_panel()
        order_id = self.state.order_id
        action = self.service.short if kind == "short" else self.service.substitute
        self.run(lambda: action(order_id, line_id, reason, staff.id), self.after_action)

    def undo(self) -> None:
        staff = self.needs_staff()
        if staff is None or self.state is None:
            return
        self.close_panel()
        order_id = self.state.order_id
        self.run(lambda: self.service.undo_last(order_id, staff.id),
                  lambda out: self.after_action(out, lambda: self.tr("Undone")))

    def _zone(self) -> str | None:
        if self.state is None:
            return None
        if self.selected is not None:
            return self.state.line(self.selected).zone
        zones = self.state.zones()
        return zones[0] if zones else None

    def new_crate(self) -> None:
        staff, zone = self.needs_staff(), self._zone()
        if staff is None or zone is None or self.state is None:
            return
        order_id = self.state.order_id
        self.run(lambda: self.service.open_crate(order_id, zone, staff.id),
                  lambda out: self.after_action(out, self._new_crate_words(out, zone)))

    def _new_crate_words(self, out: Outcome, zone: str) -> Callable[[], str] | None:
        if not out.ok or out.state is None:
            return None
        code = next((c.code for c in out.state.crates if c.id == out.crate_id), "")
        return lambda: self.tr("New crate {0} ({1})").format(code, zone_title(zone))

    def close_crate(self) -> None:
        staff, zone = self.needs_staff(), self._zone()
        if staff is None or zone is None or self.state is None:
            return
        crate = self.state.current_crate(zone)
        if crate is None:
            self.sounds.refused()
            self.say(lambda: self.tr("No open crate in this zone"), ok=False)
            return
        order_id = self.state.order_id

        def work() -> tuple[Outcome, list[LabelData]]:
            out = self.service.close_crate(crate.id, staff.id)
            labels = self.service.crate_labels(order_id, [crate.id]) if out.ok else []
            return out, labels

        def done(result: tuple[Outcome, list[LabelData]]) -> None:
            out, labels = result
            self._print(labels)
            code = crate.code
            self.after_action(out, lambda: self.tr("Crate {0} closed: label printed").format(code))

        self.run(work, done)

    def _newest_item_of_selected(self) -> Any:
        line = self._selected_line()
        if line is None or self.state is None:
            return None
        items = [i for i in self.state.items if i.line_id == line.id]
        if not items:
            self.sounds.refused()
            self.say(lambda: refusal_text(Refusal.NO_ITEM), ok=False)
            return None
        return items[-1]

    def remove_item(self) -> None:
        staff, item = self.needs_staff(), self._newest_item_of_selected()
        if staff is None or item is None:
            return
        self.run(lambda: self.service.remove_item(item.event_id, staff.id),
                  lambda out: self.after_action(out,
                                                lambda: self.tr("Item taken out of its crate")))

    def move_item(self) -> None:
        staff, item = self.needs_staff(), self._newest_item_of_selected()
        if staff is None or item is None or self.state is None:
            return
        line = self.state.line(item.line_id)
        target = self.state.current_crate(line.zone)
        if target is None or target.id == item.crate_id:
            self.sounds.refused()
            self.say(lambda: self.tr("Open a new crate first (F6), then move"), ok=False)
            return
        self.run(lambda: self.service.move_item(item.event_id, target.id, staff.id),
                  lambda out: self.after_action(out, lambda: self.tr(
                      "Item moved to crate {0}").format(target.code)))

    # -- central changes ---------------------------------------------------------------------------
    def resolve_changes(self) -> None:
        """The packer dealt with the central change(s) shown: record who resolved them."""
        staff = self.needs_staff()
        if staff is None or self.state is None:
            return
        order_id = self.state.order_id
        self.run(lambda: self.service.resolve_changes(order_id, staff.id),
                  lambda out: self.after_action(out, lambda: self.tr("Change resolved")))

    # -- completion --------------------------------------------------------------------------------
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
            printed = len(labels)
            self.say(lambda: self.tr("Order {0} packed: {1} crate labels printed").format(
                number, printed), ok=True)
            self.sig_order_packed.emit(number)

        self.run(work, done)

    def _print(self, labels: list[LabelData]) -> None:
        for label in labels:
            self.devices.print(PrintRequest(
                "labels", "zpl", label_zpl(label).encode("utf-8"),
                f"crate-label {label.order_number} {label.crate_seq}-of-"
                f"{label.crate_count if label.count_final else 'unknown'} {label.crate_code}"))

    # -- panels ------------------------------------------------------------------------------------
    def show_panel(self, panel: QWidget) -> None:
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


    def ask(self, question: str, options: Sequence[str],
            on_chosen: Callable[[int], None]) -> None:
        self.choice.ask(question, list(options))
        self._on_choice = on_chosen
        self.show_panel(self.choice)

    def busy(self) -> bool:
        return self.queue.busy

    # -- weighing (`weighing.WeighingFlow`) --------------------------------------------------------
    def take_weight(self) -> None:
        """Record the scale's stable reading for the selected (or scanned) per-kg line."""
        self.weighing.take()

    def manual_weight(self) -> None:
        """A supervisor enters the weight of the selected per-kg line."""
        self.weighing.manual()

    # -- showing the order (`order_view.OrderView`) ------------------------------------------------
    def _render(self, state: OrderState) -> None:
        self.state = state
        self.sig_state.emit(state)
        selected = self.selected
        self.view.show(state)
        if selected is not None:
            self._select(selected)
        self.weighing.show_target()

    def _select(self, line_id: uuid.UUID) -> None:
        self.selected = line_id
        self.view.select(line_id)

    def _current_changed(self, item: QTreeWidgetItem | None, _prev: Any) -> None:
        if item is not None and item.data(0, LINE_ROLE):
            self.selected = uuid.UUID(item.data(0, LINE_ROLE))
            self.weighing.show_target()
