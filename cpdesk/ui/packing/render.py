"""How the packing screen words and colours an order: line states, refusals, quantities, the
item role and the action icons (pure helpers, no widget; `PackingScreen` translation context).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from cpdesk.domain.packing import LineState
from cpdesk.packing.state import LineView, Refusal

from ..i18n import weight_text
from ..refusals import text_for

LINE_ROLE = Qt.ItemDataRole.UserRole + 10
# The icons (resources/icons/) of the actions a packer reaches for most. Beside the words, at
# 20 px: wider or on every button, the three columns would no longer fit the side column in
# German, nor the window a 1024×768 screen (tests/ui/test_fit_screen.py).
ACTION_ICONS = {"short": "basket-minus", "substitute": "replace", "new_crate": "cube-plus",
                "close_crate": "package"}
STATE_COLOURS = {
    LineState.TO_PACK: "#374151", LineState.PARTIAL: "#b45309", LineState.PACKED: "#15803d",
    LineState.OUT_OF_TOLERANCE: "#b91c1c", LineState.SHORT: "#7c3aed",
    LineState.SUBSTITUTED: "#1d4ed8", LineState.REMOVED: "#6b7280",
}


def line_state_label(state: LineState) -> str:
    return {
        LineState.TO_PACK: QCoreApplication.translate("PackingScreen", "to pack"),
        LineState.PARTIAL: QCoreApplication.translate("PackingScreen", "partly packed"),
        LineState.PACKED: QCoreApplication.translate("PackingScreen", "packed"),
        LineState.OUT_OF_TOLERANCE: QCoreApplication.translate("PackingScreen",
                                                               "out of tolerance"),
        LineState.SHORT: QCoreApplication.translate("PackingScreen", "short"),
        LineState.SUBSTITUTED: QCoreApplication.translate("PackingScreen", "substituted"),
        LineState.REMOVED: QCoreApplication.translate("PackingScreen",
                                                      "removed from the order"),
    }[state]


def refusal_text(refusal: Refusal | None) -> str:
    """Why a packing action was refused, in the packer's language (`cpdesk/ui/refusals.py`)."""
    if refusal is None:
        return QCoreApplication.translate("PackingScreen", "Refused")
    return text_for(f"packing.{refusal}", {})


def ordered_text(line: LineView) -> str:
    if line.weighed:
        return weight_text(int(line.quantity * 1000))
    return str(int(line.quantity))  # the unit ("pot 370 g") is in the line's tooltip


def packed_text(line: LineView) -> str:
    if line.weighed:
        return weight_text(line.progress.packed_weight_g)
    return f"{line.progress.packed_units}/{int(line.quantity)}"
