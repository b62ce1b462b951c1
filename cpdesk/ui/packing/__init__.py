"""The packing station: one order, its lines ticked by scan and weighed, its crates."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..screens import ScreenSpec, Shell


def _build(shell: Shell) -> QWidget:
    from .screen import PackingWidget

    packing = PackingWidget(shell.services.packing, shell.devices, shell.sounds)
    packing.sig_back.connect(lambda: shell.show_screen("board"))
    packing.sig_order_packed.connect(lambda _number: shell.refresh("board"))
    packing.sig_order_packed.connect(lambda _number: shell.sync_now())
    return packing


# No toolbar action: an order opens from the board (a click, or its slip or a crate scanned).
SCREEN = ScreenSpec(
    key="packing",
    build=_build,
    on_scan=lambda packing, code: packing.handle_scan(code),
    set_staff=lambda packing, staff: setattr(packing, "staff", staff),
    focus=lambda packing: packing.tree,
)
