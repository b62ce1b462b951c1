"""An order as the packing screen shows it: its head (number, customer, round, progress,
total), the cancelled banner, the central change, its lines grouped by zone, and its crates.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTreeWidgetItem

from cpdesk.packing.state import LineView, OrderState

from ..i18n import money_text
from ..words import zone_title
from .layout import PackingLayout
from .panels import reason_label
from .render import LINE_ROLE, STATE_COLOURS, line_state_label, ordered_text, packed_text


class OrderView(QObject):
    """Writes an `OrderState` into the packing form's head, line list and crates box."""

    def __init__(self, form: PackingLayout) -> None:
        super().__init__(form)
        self.form = form

    def show(self, state: OrderState) -> None:
        """Everything but the selection, which the screen sets again afterwards (the line
        list is rebuilt with its signals blocked)."""
        form = self.form
        form.title.setText(f"{state.number} — {state.customer}")
        parts = [state.commune, self.tr("round {0}, stop {1}").format(state.round_code or "—",
                                                                       state.stop_seq),
                 self.tr("{0}/{1} lines").format(state.lines_resolved, len(state.lines)),
                 money_text(state.total_cents)]
        if state.packed:
            parts.append(self.tr("PACKED"))
        form.info.setText("   ·   ".join(parts))
        banner = []
        if state.status == "cancelled" and state.change is None:
            banner.append(self.tr("This order was cancelled: do not pack it."))
        form.banner.setText(" ".join(banner))
        form.banner.setVisible(bool(banner))
        form.change_panel.show_change(state.change)
        self._lines(state)
        self._crates(state)

    def _lines(self, state: OrderState) -> None:
        tree = self.form.tree
        tree.setHeaderLabels([self.tr("Product"), self.tr("Producer"), self.tr("Ordered"),
                              self.tr("Packed"), self.tr("Amount"), self.tr("State")])
        tree.blockSignals(True)
        tree.clear()
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
            tree.addTopLevelItem(zone_item)
            zone_item.setFirstColumnSpanned(True)
            for ln in lines:
                zone_item.addChild(self._line_item(ln))
            zone_item.setExpanded(True)
        tree.blockSignals(False)

    def _line_item(self, ln: LineView) -> QTreeWidgetItem:
        state_text = line_state_label(ln.state)
        if ln.progress.reason:
            state_text += f" ({reason_label(ln.progress.reason)})"
        if ln.quantity <= 0 and not ln.weighed and ln.progress.packed_units > 0:
            state_text = self.tr("removed: take out")
        child = QTreeWidgetItem([ln.product, ln.producer, ordered_text(ln), packed_text(ln),
                                 money_text(ln.progress.amount_cents), state_text])
        child.setData(0, LINE_ROLE, str(ln.id))
        child.setToolTip(0, f"{ln.product} — {ln.unit_label}" if ln.unit_label
                         else ln.product)
        child.setForeground(5, QBrush(QColor(STATE_COLOURS[ln.state])))
        if ln.resolved:
            child.setForeground(0, QBrush(QColor("#6b7280")))
        return child

    def _crates(self, state: OrderState) -> None:
        rows = []
        for zone in state.zones():
            current = state.current_crate(zone)
            others = [c for c in state.crates if c.zone == zone and c is not current]
            crate = (self.tr("{0} open, items: {1}").format(current.code, current.items)
                     if current else self.tr("no open crate"))
            text = self.tr("{0}: {1}", "a temperature zone: its crates").format(
                f"<b>{zone_title(zone)}</b>", crate)
            closed = [c for c in others if not c.is_open]
            if closed:
                text += " · " + self.tr("{0} closed").format(len(closed))
            rows.append(text)
        self.form.crates_label.setText("<br>".join(rows))

    def select(self, line_id: uuid.UUID) -> None:
        """Make `line_id` the list's current row (which tells the screen through the tree's
        `currentItemChanged`) and scroll to it."""
        tree = self.form.tree
        for i in range(tree.topLevelItemCount()):
            zone_item = tree.topLevelItem(i)
            assert zone_item is not None
            for j in range(zone_item.childCount()):
                child = zone_item.child(j)
                if child is not None and child.data(0, LINE_ROLE) == str(line_id):
                    tree.setCurrentItem(child)
                    tree.scrollToItem(child)
                    return
