"""Packing station benchmarks, each against a baseline measured in the same run.

1. Opening the board (worker load + model + view, until `sig_loaded`) on the demo week and
   on a 5,000-order network (all of the depot's orders moved onto one day, so the board
   really holds them), against a plain sqlite3 SELECT of the same rows (orders with
   customer and stop, their lines with products, their pack events and crates).
2. A scan, from the call to the durable commit and the new order state
   (`PackingService.scan`), against a bare sqlite3 INSERT + COMMIT of one row of the same
   width with the same durability (WAL, synchronous=FULL).
3. Resident memory of the app with the 5,000-order board loaded, against a bare
   QApplication with an empty main window (each in its own process).

    python bench/bench_packing.py [--scans 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DAY = dt.date(2026, 11, 26)

MEMORY_APP = """
import sys, datetime as dt
from pathlib import Path
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from cpdesk.ui.app import build_context
from cpdesk.ui.main_window import MainWindow
from cpdesk.ui.sounds import Sounds
app = QApplication(sys.argv[:1])
ctx = build_context(Path(sys.argv[1]), "HES"); ctx.today = dt.date.fromisoformat(sys.argv[2])
w = MainWindow(ctx, sounds=Sounds(enabled=False)); w.show()
loop = QEventLoop(); w.board.sig_loaded.connect(loop.quit); QTimer.singleShot(60000, loop.quit)
w.start(); loop.exec()
n = sum(len(r.orders) for r in w.board.model.rounds)
print(n, [l for l in open("/proc/self/status") if l.startswith("VmRSS")][0].split()[1])
"""
MEMORY_BARE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QLabel("bare")); w.resize(1280, 800); w.show()
app.processEvents()
print(0, [l for l in open("/proc/self/status") if l.startswith("VmRSS")][0].split()[1])
"""


def make_network(path: Path, orders: int, *, one_day: bool) -> Path:
    from cpdesk.demo.network import init_demo

    init_demo(path, orders=orders, today=DAY)
    store = path / "depot-HES.sqlite"
    if one_day:  # every order of the depot on the benchmark day: the board holds them all
        with sqlite3.connect(store) as conn:
            conn.execute('UPDATE "order" SET delivery_date = ?', (DAY.isoformat(),))
            conn.execute("UPDATE round SET date = ?", (DAY.isoformat(),))
    return path


def plain_select(store: Path) -> tuple[float, int]:
    conn = sqlite3.connect(store)
    start = time.perf_counter()
    orders = conn.execute(
        'SELECT o.id, o.number, o.status, o.version, c.name, c.kind, c.commune, s.seq, s.round_id '
        'FROM "order" o JOIN customer c ON c.id = o.customer_id LEFT JOIN stop s ON s.id = o.stop_id '
        "WHERE o.delivery_date = ?", (DAY.isoformat(),)).fetchall()
    ids = [o[0] for o in orders]
    rows = 0
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        marks = ",".join("?" * len(chunk))
        rows += len(conn.execute(
            "SELECT l.id, l.order_id, l.quantity, l.packing_depot_id, p.sale_unit, p.zone, "
            "p.tolerance_pct FROM order_line l JOIN product p ON p.id = l.product_id "
            f"WHERE l.order_id IN ({marks})", chunk).fetchall())
        rows += len(conn.execute(
            f"SELECT * FROM pack_event WHERE order_id IN ({marks}) ORDER BY at, id",
            chunk).fetchall())
        rows += len(conn.execute(f"SELECT * FROM crate WHERE order_id IN ({marks})",
                                 chunk).fetchall())
    rows += len(conn.execute("SELECT * FROM round WHERE date = ?", (DAY.isoformat(),)).fetchall())
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed, len(orders) + rows


def board_open(data: Path) -> tuple[float, int]:
    from PySide6.QtCore import QEventLoop, QTimer

    from cpdesk.ui.app import build_context
    from cpdesk.ui.board.screen import BoardWidget

    ctx = build_context(data, "HES")
    ctx.today = DAY
    board = BoardWidget(ctx)
    board.resize(1280, 700)
    board.show()
    loop = QEventLoop()
    board.sig_loaded.connect(loop.quit)
    QTimer.singleShot(120_000, loop.quit)
    start = time.perf_counter()
    board.reload()
    loop.exec()
    elapsed = time.perf_counter() - start
    n = sum(len(r.orders) for r in board.model.rounds)
    board.close()
    board.deleteLater()
    ctx.engine.dispose()
    return elapsed, n


def bench_board(tmp: Path, runs: int) -> None:
    for label, orders, one_day in (("demo week (250 orders)", 250, False),
                                   ("5,000-order network, all on one day", 5000, True)):
        data = make_network(tmp / f"net{orders}", orders, one_day=one_day)
        store = data / "depot-HES.sqlite"
        board_open(data)  # warm the OS cache and imports once
        app_t, plain_t, n, rows = [], [], 0, 0
        for _ in range(runs):
            t, n = board_open(data)
            app_t.append(t)
            p, rows = plain_select(store)
            plain_t.append(p)
        a, b = statistics.median(app_t), statistics.median(plain_t)
        print(f"board open, {label}: {n} orders on the board")
        print(f"  board (worker query + packing rules + model + view): median {a * 1000:.1f} ms")
        print(f"  plain sqlite3 SELECT of the same rows ({rows} rows): median {b * 1000:.1f} ms")
        print(f"  ratio board / plain select: {a / b:.1f}")


def bench_scan(tmp: Path, scans: int) -> None:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from cpdesk.packing.service import PackingService
    from cpdesk.store import models as m
    from cpdesk.store.db import open_store, transaction

    data = tmp / "net250"
    engine = open_store(data / "depot-HES.sqlite")
    svc = PackingService(engine, "HES")
    staff = svc.sign_in("1001")
    assert staff is not None
    per_order = 20  # a busy order: about the number of items a large household order holds
    with Session(engine) as s:
        orders = list(s.scalars(select(m.Order.id).where(
            m.Order.delivery_date == DAY + dt.timedelta(days=1)).limit(scans // per_order + 1)))
        barcode = s.scalars(select(m.Barcode).where(m.Barcode.kind == "ean13")).first()
        assert barcode is not None
        product = s.get(m.Product, barcode.product_id)
        assert product is not None
        code = barcode.code
        depot_id = svc.depot_id
    with transaction(engine) as s:  # a line on each order big enough for its scans
        for order_id in orders:
            s.add(m.OrderLine(order_id=order_id, line_no=999, product_id=product.id,
                              quantity=Decimal(per_order + 5), unit_price_cents=product.price_cents,
                              packing_depot_id=depot_id))
    svc.scan(orders[-1], code, staff.id)  # warm up
    times = []
    for i in range(scans):
        start = time.perf_counter()
        out = svc.scan(orders[i // per_order], code, staff.id)
        times.append(time.perf_counter() - start)
        assert out.ok, out.refusal
    engine.dispose()

    bare_path = tmp / "bare.sqlite"
    conn = sqlite3.connect(bare_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE ev (id BLOB PRIMARY KEY, order_id BLOB, line_id BLOB, crate_id "
                 "BLOB, kind TEXT, quantity INT, amount INT, staff_id BLOB, at TEXT)")
    bare = []
    for _ in range(scans):
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("INSERT INTO ev VALUES (?,?,?,?,?,?,?,?,?)",
                     (uuid.uuid4().bytes, orders[0].bytes, uuid.uuid4().bytes, uuid.uuid4().bytes,
                      "pack", 1, 250, staff.id.bytes, dt.datetime.now(dt.UTC).isoformat()))
        conn.execute("COMMIT")
        bare.append(time.perf_counter() - start)
    conn.close()
    a, b = statistics.median(times), statistics.median(bare)
    p95 = sorted(times)[int(len(times) * 0.95)]
    print(f"scan -> durable pack event + outbox row + new order state ({scans} scans, "
          f"{per_order} per order)")
    print(f"  PackingService.scan: median {a * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms")
    print(f"  bare sqlite3 INSERT + COMMIT (WAL, synchronous=FULL): median {b * 1000:.2f} ms")
    print(f"  ratio scan / bare insert: {a / b:.1f}")


def bench_memory(tmp: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    app = subprocess.run([sys.executable, "-c", MEMORY_APP, str(tmp / "net5000"), DAY.isoformat()],
                         env=env, capture_output=True, text=True, check=True).stdout.split()
    bare = subprocess.run([sys.executable, "-c", MEMORY_BARE], env=env, capture_output=True,
                          text=True, check=True).stdout.split()
    n, app_kb, bare_kb = int(app[0]), int(app[1]), int(bare[1])
    print(f"memory (VmRSS) with the board holding {n} orders: {app_kb / 1024:.0f} MiB")
    print(f"  bare QApplication + empty main window: {bare_kb / 1024:.0f} MiB")
    print(f"  ratio app / bare: {app_kb / bare_kb:.1f} (difference {(app_kb - bare_kb) / 1024:.0f} MiB)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scans", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    tmp = Path(tempfile.mkdtemp(prefix="cpdesk-bench-"))
    try:
        bench_board(tmp, args.runs)
        bench_scan(tmp, args.scans)
        bench_memory(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    del app


if __name__ == "__main__":
    main()
