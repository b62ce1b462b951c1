"""The board's dashboard strip: orders packed, crates, a morning chart, sync and devices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cpdesk import clock

from ..elided import ElidedLabel
from ..i18n import counted
from ..refusals import centre_refusal_text, printer_state_text, scale_state_text

if TYPE_CHECKING:  # the sync's modules (SQLAlchemy) are imported after the first frame
    from cpdesk.sync.outbox import Refusal


class HourChart(QWidget):
    """Bars of orders packed per hour of the morning (5:00 to 12:00 and beyond if needed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.per_hour: dict[int, int] = {}
        self.setMinimumSize(260, 64)
        self.setToolTip(self.tr("Orders packed per hour"))

    def set_counts(self, per_hour: dict[int, int]) -> None:
        self.per_hour = dict(per_hour)
        self.update()

    def hours(self) -> list[int]:
        return list(range(min([5, *self.per_hour]), max([12, *self.per_hour]) + 1))

    def labelled_hours(self) -> list[int]:
        """The hours named under their bar: every one when they fit, else every second,
        third... (a day packed from 5h to 20h gave sixteen labels drawn over each other)."""
        hours = self.hours()
        slot = self.width() / len(hours)
        widest = max(self.fontMetrics().horizontalAdvance(f"{h}h") for h in hours) + 4
        step = max(1, -(-widest // max(int(slot), 1)))
        return hours[::step]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        hours = self.hours()
        labelled = set(self.labelled_hours())
        top = max([1, *self.per_hour.values()])
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        label_h = 16
        slot = w / len(hours)
        running = 0
        for i, hour in enumerate(hours):
            n = self.per_hour.get(hour, 0)
            running += n
            bar_h = (h - label_h - 4) * n / top
            rect = QRectF(i * slot + 3, h - label_h - bar_h, slot - 6, bar_h)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#15803d"))
            p.drawRoundedRect(rect, 2, 2)
            if hour in labelled:
                p.setPen(QColor("#374151"))
                p.drawText(QRectF(i * slot, h - label_h, slot, label_h),
                           Qt.AlignmentFlag.AlignCenter, f"{hour}h")
        p.end()


class DashboardStrip(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.packed_label = QLabel()
        self.packed_label.setObjectName("dashFigure")
        self.crates_label = QLabel()
        self.crates_label.setObjectName("dashFigure")
        self.chart = HourChart()
        # states may grow (three printers, an error with its errno): cut, never wider
        self.sync_label = ElidedLabel()
        self.scale_label = ElidedLabel()
        self.printer_label = ElidedLabel()
        # Facts the centre refused: not delivered, resent at each sync until a person at the
        # centre settles them; listed (what, why) so a supervisor can act.
        self.refused_label = QLabel()
        self.refused_label.setObjectName("dashRefused")
        self.refused_label.setStyleSheet("color: #b91c1c; font-weight: bold")
        self.refused_label.setWordWrap(True)
        self.refused_label.hide()
        status = QVBoxLayout()
        for label in (self.sync_label, self.scale_label, self.printer_label):
            label.setObjectName("dashStatus")
            status.addWidget(label)
        status.addWidget(self.refused_label)
        layout = QHBoxLayout(self)
        layout.addWidget(self.packed_label)
        layout.addSpacing(24)
        layout.addWidget(self.crates_label)
        layout.addSpacing(24)
        layout.addWidget(self.chart, 1)
        layout.addSpacing(24)
        layout.addLayout(status)
        self.packed, self.total, self.crates = 0, 0, 0
        self.sync_state, self.scale_state = "demo", "simulated"
        self.printers: dict[str, str] = {}
        self.refused = 0
        self.refusals: tuple[Refusal, ...] = ()
        self.retranslateUi()

    def set_figures(self, *, packed: int, total: int, crates: int,
                    per_hour: dict[int, int]) -> None:
        self.packed, self.total, self.crates = packed, total, crates
        self.chart.set_counts(per_hour)
        self.retranslateUi()

    def set_sync(self, state: str) -> None:
        self.sync_state = state
        self.retranslateUi()

    def set_refusals(self, count: int, refusals: tuple[Refusal, ...]) -> None:
        self.refused, self.refusals = count, tuple(refusals)
        self.retranslateUi()

    def set_scale(self, state: str) -> None:
        self.scale_state = state
        self.retranslateUi()

    def set_printer(self, name: str, state: str) -> None:
        self.printers[name] = state
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.packed_label.setText(self.tr("{0}/{1} orders packed").format(self.packed, self.total))
        self.crates_label.setText(counted(self.tr("%n crate(s)", "", self.crates), self.crates))
        self.sync_label.setText(self.tr("Sync: {0}").format(
            self.tr("demo") if self.sync_state == "demo" else self.sync_state))
        self.scale_label.setText(self.tr("Scale: {0}").format(scale_state_text(self.scale_state)))
        printers = ", ".join(f"{k} {printer_state_text(v)}"
                             for k, v in sorted(self.printers.items()))
        self.printer_label.setText(self.tr("Printers: {0}").format(printers or self.tr("ready")))
        self.chart.setToolTip(self.tr("Orders packed per hour"))
        self.refused_label.setVisible(self.refused > 0)
        self.refused_label.setText(self.tr(
            "{0} facts refused by the centre: not delivered, sent again at each sync; "
            "a supervisor must settle them").format(self.refused))
        rows = [self.tr("{0} ({1}, {2}): {3}").format(
            r.topic, r.target or "-", clock.stamp(r.created_at),
            centre_refusal_text(r.reason)) for r in self.refusals]
        if self.refused > len(self.refusals):
            rows.append(self.tr("… and {0} more").format(self.refused - len(self.refusals)))
        self.refused_label.setToolTip("\n".join(rows))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
