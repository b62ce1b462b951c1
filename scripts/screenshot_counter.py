"""Grab docs/screenshots/counter.png: a cart with a weighed item, a unit item and a discount.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen python scripts/screenshot_counter.py [out.png]
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication


def wait_for(signal, timeout_ms: int = 15_000) -> None:
    loop = QEventLoop()
    signal.connect(lambda *_: loop.quit())
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots/counter.png")
    from cpdesk.demo.network import init_demo
    from cpdesk.ui.app import build_context
    from cpdesk.ui.devices import SimulatedDevices
    from cpdesk.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        init_demo(data, seed=7, orders=60, today=dt.date(2026, 11, 26))
        ctx = build_context(data, "HES")
        devices = SimulatedDevices()
        window = MainWindow(ctx, devices=devices)
        window.resize(1280, 800)
        window.show()
        counter = window.counter
        window.show_counter()
        wait_for(counter.sig_ready)
        counter.sign_in("2001")
        wait_for(counter.sig_signed_in)
        counter.service.open_session(staff_id=counter.cashier.id, float_cents=15_000)
        cat = counter.catalogue
        unit = next(ci for c, ci in cat.by_code.items()
                    if not ci.item.weighed and ci.category == "épicerie" and len(c) == 13)
        devices.scan(unit.barcodes[0])
        devices.scan(unit.barcodes[0])
        counter.tiles.buttons["légumes"].click()
        veg = next(ci for ci in cat.items if ci.item.weighed and ci.category == "légumes")
        devices.put_weight(1234, stable=True)
        counter.add_product(veg)
        cheese = next(ci for ci in cat.items if ci.item.weighed and ci.category == "fromages")
        devices.put_weight(386, stable=True)
        counter.add_product(cheese)
        counter.view.selectRow(0)
        counter.discount_edit.setText("10%")
        counter.apply_discount(line=True)
        devices.put_weight(0, stable=True)
        counter.payment.amount.setText("20,00")
        for _ in range(10):
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        # The pick-up tab with an order found by one of its crates (one crate scanned).
        from sqlalchemy import func, select

        from cpdesk.store import models as m
        from cpdesk.store.db import transaction

        with transaction(ctx.engine) as s:
            number = s.execute(select(m.Order.number).join(m.Crate, m.Crate.order_id == m.Order.id)
                               .where(m.Order.status == "open").group_by(m.Order.number)
                               .having(func.count(m.Crate.id) >= 2)).scalars().first()
        info = counter.service.pickup_info(number)
        devices.scan(info.crates[0])
        wait_for(counter.pickup.sig_loaded)
        for _ in range(10):
            app.processEvents()
        window.grab().save(str(out.with_name("counter-pickup.png")))
        counter.tabs.setCurrentWidget(counter.register)
        wait_for(counter.register.sig_session_changed)
        counter.register.x_button.click()
        wait_for(counter.register.sig_report)
        for _ in range(10):
            app.processEvents()
        window.grab().save(str(out.with_name("counter-register.png")))
        ctx.engine.dispose()
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
