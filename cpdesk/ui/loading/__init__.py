"""The loading screen: crates scanned onto their van, departures, transfers between depots."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from ..screens import ScreenSpec, Shell


def _build(shell: Shell) -> QWidget:
    from .screen import LoadingWidget

    loading = LoadingWidget(shell.ctx, shell.devices, own_scans=False,
                            service=shell.services.loading)
    # A crate scanned at the van sounds as any scan does: accepted, or refused.
    sounds = shell.sounds
    loading.sig_scan_result.connect(
        lambda outcome: sounds.refused() if outcome.status == "refused" else sounds.accepted())
    return loading


SCREEN = ScreenSpec(
    key="loading",
    build=_build,
    title=str(QT_TRANSLATE_NOOP("MainWindow", "Loading (Ctrl+3)")),
    shortcut="Ctrl+3",
    icon="truck-loading",
    on_scan=lambda loading, code: loading.scan(code),
    set_staff=lambda loading, staff: setattr(loading, "staff_id", staff.id),
    on_open=lambda loading: loading.load_rounds(),
    focus=lambda loading: loading.tree,
)
