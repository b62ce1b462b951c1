"""Per-kg lines on the packing screen: the scale's reading shown, a stable weight taken (Space,
or by itself when the depot says so), a weight entered by hand under a supervisor, and the
question when a weight falls outside the line's tolerance.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject

from cpdesk.domain.packing import Tolerance
from cpdesk.packing.state import LineView, Outcome, StaffInfo

from ..hardware.devices import Weight
from ..i18n import grams_text, percent_text, weight_text
from .host import PackingHost
from .layout import PackingLayout
from .render import ordered_text
from .supervisor import SupervisorCheck


class WeighingFlow(QObject):
    """Drives the scale box (`form.weight_label`, `stable_label`, `target_label`) and the
    manual-weight panel for the screen (`host`)."""

    def __init__(self, host: PackingHost, form: PackingLayout,
                 supervisor: SupervisorCheck) -> None:
        super().__init__(form)
        self.host = host
        self.form = form
        self.supervisor = supervisor
        self.armed = True  # auto-take: the scale must move between two takes
        self._line_for_manual: uuid.UUID | None = None
        self._manual_supervisor: StaffInfo | None = None
        form.manual_panel.sig_weight.connect(self._manual)
        form.manual_panel.sig_cancelled.connect(host.close_panel)
        host.devices.sig_weight.connect(self.on_weight)

    # -- the reading -----------------------------------------------------------------------
    def on_weight(self, weight: Weight) -> None:
        self.show_weight(weight)
        if not weight.stable or weight.weight_g <= 0:
            self.armed = True
        self.auto_take()

    def show_weight(self, weight: Weight | None) -> None:
        stable = self.form.stable_label
        if weight is None:
            self.form.weight_label.setText("—")
            stable.setText(self.tr("no reading"))
            return
        self.form.weight_label.setText(weight_text(weight.weight_g))
        if weight.overload or weight.underload:
            stable.setText(self.tr("out of range"))
        else:
            stable.setText(self.tr("● stable") if weight.stable else self.tr("… moving"))
        stable.setProperty("stable", "yes" if weight.stable else "no")
        stable.style().unpolish(stable)
        stable.style().polish(stable)

    def show_target(self) -> None:
        """What the selected (or scanned) per-kg line asks of the scale."""
        line = self.weighed_line()
        if line is None:
            self.form.target_label.setText(self.tr("Scan or select a product sold per kg"))
            return
        self.form.target_label.setText(self.tr("{0}: ordered {1} ±{2}, packed {3}").format(
            line.product, ordered_text(line), percent_text(line.tolerance_pct),
            weight_text(line.progress.packed_weight_g)))

    def weighed_line(self) -> LineView | None:
        """The per-kg line a weight goes to: the selected one, else the one scanned."""
        state = self.host.state
        if state is None:
            return None
        for line_id in (self.host.selected, self.host.weigh_line):
            if line_id is not None:
                line = state.line(line_id)
                if line.weighed:
                    return line
        return None

    # -- taking the scale's weight ---------------------------------------------------------
    def auto_take(self) -> None:
        host, devices = self.host, self.host.devices
        if (host.service.settings.get("auto_take_stable") and self.armed
                and host.weigh_line is not None and devices.stable_weight() is not None
                and not host.busy()
                and (devices.legal_for_trade or not host.service.legal_for_trade)):
            weight = devices.stable_weight()
            if weight is not None and weight.weight_g > 0:
                self.take()

    def _refuse(self, text: Callable[[], str]) -> None:
        self.host.sounds.refused()
        self.host.say(text, ok=False)

    def take(self) -> None:
        """Record the scale's stable reading for the selected (or scanned) per-kg line."""
        host = self.host
        staff = host.needs_staff()
        if staff is None or host.state is None:
            return
        line = self.weighed_line()
        if line is None:
            self._refuse(lambda: self.tr("Select or scan a product sold per kg first"))
            return
        if host.service.legal_for_trade and not host.devices.legal_for_trade:
            self._refuse(lambda: self.tr(
                "This scale is not approved for trade: weigh on an approved scale, or a "
                "supervisor enters the weight (F10)"))
            return
        weight = host.devices.stable_weight()
        if weight is None:
            self._refuse(lambda: self.tr("Wait for a stable weight"))
            return
        if weight.weight_g <= 0:
            self._refuse(lambda: self.tr("Nothing on the scale"))
            return
        self.armed = False
        order_id, grams = host.state.order_id, weight.weight_g
        host.run(lambda: host.service.weigh(order_id, line.id, grams, "scale", staff.id),
                 self._weighed)

    def _weighed(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.host.weigh_line = None
        self.host.after_action(outcome)

    # -- out of tolerance ------------------------------------------------------------------
    def ask_tolerance(self, line: LineView) -> None:
        """The weight just taken is outside the line's tolerance: accept, re-weigh or add."""
        check = line.progress.tolerance
        assert check is not None
        diff = check.difference_g
        question = self.tr("{0}: ordered {1}, weighed {2} ({3}, allowed ±{4}).").format(
            line.product, weight_text(check.ordered_g), weight_text(check.actual_g),
            grams_text(diff, signed=True), grams_text(check.allowed_g))
        options = [self.tr("Supervisor accepts"), self.tr("Re-weigh (undo)")]
        if check.verdict is Tolerance.UNDER:
            options.append(self.tr("Add another piece"))
        self.host.ask(question, options, lambda n: self._tolerance_choice(line.id, n))
        self.host.say(lambda: self.tr("Outside tolerance: a supervisor must accept, or re-weigh"),
                      ok=False)

    def _tolerance_choice(self, line_id: uuid.UUID, choice: int) -> None:
        self.host.close_panel()
        if choice == 0:
            self.supervisor.ask(lambda sup: self._accept(line_id, sup))
        elif choice == 1:
            self.host.weigh_line = line_id
            self.host.undo()
        else:
            self.host.weigh_line = line_id
            self.host.say(lambda: self.tr("Put the next piece on the scale, then Space"),
                          ok=True)

    def _accept(self, line_id: uuid.UUID, supervisor: StaffInfo) -> None:
        host = self.host
        staff = host.needs_staff()
        if staff is None or host.state is None:
            return
        order_id = host.state.order_id
        host.run(lambda: host.service.accept_out_of_tolerance(order_id, line_id,
                                                              supervisor.id, staff.id),
                 lambda out: host.after_action(out, lambda: self.tr("Accepted by {0}").format(
                     supervisor.name)))

    # -- a weight entered by hand ----------------------------------------------------------
    def manual(self) -> None:
        """A supervisor enters the weight (an unapproved scale, a scale out of order)."""
        line = self.weighed_line()
        if line is None or self.host.state is None:
            self._refuse(lambda: self.tr("Select or scan a product sold per kg first"))
            return
        self.supervisor.ask(lambda sup: self._ask_manual(line.id, sup))

    def _ask_manual(self, line_id: uuid.UUID, supervisor: StaffInfo) -> None:
        self._line_for_manual, self._manual_supervisor = line_id, supervisor
        self.host.show_panel(self.form.manual_panel)
        self.form.manual_panel.grams.setFocus()

    def _manual(self, grams: int) -> None:
        host, line_id, supervisor = self.host, self._line_for_manual, self._manual_supervisor
        if line_id is None or supervisor is None:
            return
        staff = host.needs_staff()
        if staff is None or host.state is None:
            return
        host.close_panel()
        order_id = host.state.order_id
        host.run(lambda: host.service.weigh(order_id, line_id, grams, "manual", staff.id,
                                            supervisor_id=supervisor.id), self._weighed)
