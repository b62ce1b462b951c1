"""Counter speed, against a bare SQLite INSERT+COMMIT (WAL, synchronous=FULL) on
the same disk, in the same run (the packing station's baseline):

- scan → line on screen: `SimulatedDevices.scan(code)` into the real `CounterWidget`
  (offscreen, shown), until the event queue is drained (the table repainted);
- sale → receipt bytes: `CounterService.sell` (one transaction: receipt number, sale, lines,
  payments, outbox) then `receipt()` and `render_receipt()`.

    QT_QPA_PLATFORM=offscreen python bench/bench_counter.py [--n 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def baseline_commit_s(path: Path, n: int) -> list[float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)")
    out = []
    for i in range(n):
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("INSERT INTO t (payload) VALUES (?)", (f"event {i}",))
        conn.execute("COMMIT")
        out.append(time.perf_counter() - start)
    conn.close()
    return out


def ms(values: list[float]) -> str:
    qs = statistics.quantiles(values, n=20)
    return f"median {statistics.median(values) * 1000:.3f} ms, p95 {qs[18] * 1000:.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from cpdesk.demo.network import init_demo
    from cpdesk.documents import render_receipt
    from cpdesk.domain.cart import Cart, Checkout
    from cpdesk.ui.app import build_context
    from cpdesk.ui.counter.screen import CounterWidget
    from cpdesk.ui.hardware.devices import SimulatedDevices
    from cpdesk.ui.workers import pending

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "demo"
        init_demo(data, seed=7, orders=250, today=dt.date(2026, 11, 26))
        ctx = build_context(data, "HES")
        devices = SimulatedDevices()
        widget = CounterWidget(ctx, devices)
        widget.resize(1280, 800)
        widget.show()
        widget.start()
        deadline = time.monotonic() + 30
        while (widget.catalogue is None or widget.cashier is None) and time.monotonic() < deadline:
            if widget.catalogue is not None and not pending(widget):
                widget.sign_in("2001")
            app.processEvents()
            time.sleep(0.005)
        catalogue = widget.catalogue
        assert catalogue is not None and widget.cashier is not None
        codes = [c for c, ci in catalogue.by_code.items() if not ci.item.weighed and len(c) == 13]

        # Interleave baseline chunks with the measured work so both see the same machine load.
        base: list[float] = []
        scans: list[float] = []
        base_path = Path(tmp) / "baseline.sqlite"
        base += baseline_commit_s(base_path, args.n // 2)
        for i in range(args.n):
            if i % 25 == 0:
                widget.cancel_sale()
                app.processEvents()
            rows = widget.model.rowCount()
            start = time.perf_counter()
            devices.scan(codes[i % len(codes)])
            app.processEvents()
            scans.append(time.perf_counter() - start)
            assert widget.model.rowCount() == rows + 1

        service = widget.service
        service.open_session(staff_id=widget.cashier.id, float_cents=10_000)
        items = [catalogue.by_code[c].item for c in codes[:5]]
        weighed = next(ci.item for ci in catalogue.items if ci.item.weighed)
        sales: list[float] = []
        sizes = []
        base_path2 = Path(tmp) / "baseline2.sqlite"
        base += baseline_commit_s(base_path2, args.n - args.n // 2)
        for i in range(args.n // 3):
            cart = Cart()
            for item in items:
                cart.add_unit(item, 1 + i % 3)
            cart.add_weighed(weighed, 500 + i, "scale")
            checkout = Checkout(cart.total_cents)
            checkout.add_cash(tendered_cents=cart.total_cents + 1000)
            start = time.perf_counter()
            result = service.sell(cart, checkout, staff_id=widget.cashier.id)
            raw = render_receipt(service.receipt(result.sale_id))
            sales.append(time.perf_counter() - start)
            sizes.append(len(raw))
        widget.close()
        ctx.engine.dispose()

    b = statistics.median(base)
    print(f"baseline: bare SQLite INSERT+COMMIT (WAL, synchronous=FULL): {ms(base)} "
          f"({len(base)} commits)")
    print(f"scan -> line on screen (real widget, offscreen): {ms(scans)} ({len(scans)} scans)")
    print(f"  ratio scan/baseline commit: {statistics.median(scans) / b:.2f}")
    print(f"sale -> receipt bytes (6 lines, cash; sell + receipt + encode): {ms(sales)} "
          f"({len(sales)} sales, {statistics.median(sizes):.0f} bytes)")
    print(f"  ratio sale/baseline commit: {statistics.median(sales) / b:.2f}")


if __name__ == "__main__":
    main()
