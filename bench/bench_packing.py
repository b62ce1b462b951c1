"""Packing station benchmarks, each against a baseline measured in the same run.

Run as the app runs: automatic GC off (cpdesk/ui/gc_guard.py), start-up objects frozen
(`gc.freeze()`, cpdesk/ui/app.py), and the app's full `gc.collect()` after a board load
timed too. Every figure is min / median / max of the runs,
and every ratio is to a baseline measured in the same run.

1. Opening the board (worker load + model + view, until `sig_loaded`) on the demo week and
   on networks of 1,000, 5,000 and 20,000 orders (all of the depot's orders moved onto one
   day, so the board really holds them), against a plain sqlite3 SELECT of the same rows
   (orders with customer and stop, their lines with products, their pack events and crates).
2. A scan, from the call to the durable commit and the new order state
   (`PackingService.scan`, 20 scans per order (more if the network has too few open
   orders), then the next order, opened first as the station does, by its slip: that
   opening is timed apart), against a bare sqlite3 INSERT + COMMIT of one row with the same
   durability (WAL, synchronous=FULL): median and p99 of each run.
3. (--memory) Resident memory of the app with the 5,000-order board loaded, against a bare
   QApplication with an empty main window (each in its own process).

    python bench/bench_packing.py [--runs 3] [--scans 300] [--sizes 250,1000,5000,20000]
                                  [--networks DIR] [--memory]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
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
# The code of the checkout this benchmark sits in, whatever checkout the virtualenv was
# installed from (an editable install points at one; a worktree or an old commit is another).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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


def make_network(networks: Path, tmp: Path, orders: int, *, one_day: bool) -> Path:
    """A copy (in `tmp`) of the demo network of `orders` orders, made once in `networks`."""
    from cpdesk.demo.network import init_demo

    made = networks / f"net{orders}"
    if not (made / "depot-HES.sqlite").exists():
        init_demo(made, orders=orders, today=DAY)
    path = tmp / f"net{orders}"
    if not path.exists():
        shutil.copytree(made, path)
        store = path / "depot-HES.sqlite"
        if one_day:  # every order of the depot on the benchmark day: the board holds them all
            with sqlite3.connect(store) as conn:
                conn.execute('UPDATE "order" SET delivery_date = ?', (DAY.isoformat(),))
                conn.execute("UPDATE round SET date = ?", (DAY.isoformat(),))
    return path


def plain_select(store: Path) -> tuple[float, float, int]:
    conn = sqlite3.connect(store)
    start, cpu = time.perf_counter(), time.process_time()
    orders = conn.execute(
        'SELECT o.id, o.number, o.status, o.version, c.name, c.kind, c.commune, s.seq, s.round_id '
        'FROM "order" o JOIN customer c ON c.id = o.customer_id '
        'LEFT JOIN stop s ON s.id = o.stop_id '
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
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    conn.close()
    return elapsed, cpu, len(orders) + rows


def board_open(data: Path) -> tuple[float, float, float, int]:
    """Open the board until `sig_loaded`, then the app's full collection on the GUI thread
    (automatic GC is off, as the app runs: cpdesk/ui/gc_guard.py). Seconds (wall, CPU of the
    process, the collection) and the orders on the board."""
    from PySide6.QtCore import QEventLoop, QTimer

    from cpdesk.ui.app import build_context
    try:
        from cpdesk.ui.board.screen import BoardWidget
    except ImportError:  # the flat ui/ before the feature folders (to measure "before")
        from cpdesk.ui.board import BoardWidget  # type: ignore[no-redef]

    ctx = build_context(data, "HES")
    ctx.today = DAY
    board = BoardWidget(ctx)
    board.resize(1280, 700)
    board.show()
    loop = QEventLoop()
    board.sig_loaded.connect(loop.quit)
    QTimer.singleShot(600_000, loop.quit)
    gc.collect()  # what earlier runs left is not this run's garbage
    start, cpu = time.perf_counter(), time.process_time()
    board.reload()
    loop.exec()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    gc.collect()
    collect = time.perf_counter() - start
    n = sum(len(r.orders) for r in board.model.rounds)
    board.close()
    board.deleteLater()
    ctx.engine.dispose()
    return elapsed, cpu, collect, n


def spread(values: list[float], scale: float = 1000.0, digits: int = 1) -> str:
    """min / median / max, in ms by default."""
    lo, mid, hi = min(values), statistics.median(values), max(values)
    return f"{lo * scale:.{digits}f} / {mid * scale:.{digits}f} / {hi * scale:.{digits}f}"


def ratio_spread(num: list[float], den: list[float]) -> tuple[str, float]:
    """Ratios of each run to the baseline of the same run: min / median / max, and median."""
    ratios = [a / b for a, b in zip(num, den, strict=True)]
    return spread(ratios, 1.0), statistics.median(ratios)


SIZES = {250: "demo week (250 orders), today", 1000: "1,000-order network, all on one day",
         5000: "5,000-order network, all on one day",
         20000: "20,000-order network, all on one day"}


def bench_board(tmp: Path, networks: Path, sizes: list[int], runs: int) -> list[str]:
    table = []
    for orders in sizes:
        data = make_network(networks, tmp, orders, one_day=orders != 250)
        store = data / "depot-HES.sqlite"
        board_open(data)  # warm the OS cache and imports once
        # The app freezes what its start-up made (cpdesk/ui/app.py): its collections on the
        # GUI thread then scan only what came after, as the one timed below does.
        gc.collect()
        gc.freeze()
        app_t, app_cpu, gc_t, plain_t, plain_cpu, n, rows = [], [], [], [], [], 0, 0
        for _ in range(runs):
            t, cpu, c, n = board_open(data)
            app_t.append(t)
            app_cpu.append(cpu)
            gc_t.append(c)
            p, pcpu, rows = plain_select(store)
            plain_t.append(p)
            plain_cpu.append(pcpu)
        ratios, median_ratio = ratio_spread(app_t, plain_t)
        cpu_ratios, _ = ratio_spread(app_cpu, plain_cpu)
        goal = "goal ≤ 3× and < 300 ms" if orders == 5000 else "(growth)"
        met = ""
        if orders == 5000:
            met = " MET" if median_ratio <= 3 and statistics.median(app_t) < 0.3 else " NOT MET"
        print(f"board open, {SIZES[orders]}: {n} orders on the board ({runs} runs, "
              "min / median / max)")
        print(f"  board (worker query + packing rules + model + view): {spread(app_t)} ms")
        print(f"  plain sqlite3 SELECT of the same rows ({rows} rows): {spread(plain_t)} ms")
        print(f"  ratio board / plain select: {ratios}   {goal}{met}")
        print(f"  CPU time of the process: board {spread(app_cpu)} ms, plain select "
              f"{spread(plain_cpu)} ms, ratio {cpu_ratios} (less skewed on a busy machine)")
        print(f"  full gc.collect() after the load (GUI thread): {spread(gc_t)} ms")
        table.append(f"| board open, {SIZES[orders]} ({n} orders) | {spread(app_t)} ms | "
                     f"{spread(plain_t)} ms | {ratios} | {goal}{met} |")
        table.append(f"| (same, CPU time of the process) | {spread(app_cpu)} ms | "
                     f"{spread(plain_cpu)} ms | {cpu_ratios} | |")
        table.append(f"| gc.collect() after that board load | {spread(gc_t)} ms | | | "
                     "(measured, no goal) |")
    return table


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * 0.99) - 1)]


def bench_scan(tmp: Path, networks: Path, scans: int, runs: int) -> list[str]:
    from sqlalchemy import select, update
    from sqlalchemy.orm import Session

    from cpdesk.packing.service import PackingService
    from cpdesk.store import models as m
    from cpdesk.store.db import open_store, transaction

    data = make_network(networks, tmp, 250, one_day=False)
    engine = open_store(data / "depot-HES.sqlite")
    svc = PackingService(engine, "HES")
    staff = svc.sign_in("1001")
    assert staff is not None
    # A busy order: about the number of items a large household order holds (more per order
    # when the network has too few open orders for all the scans).
    per_order = 20
    with Session(engine) as s:
        barcode = s.scalars(select(m.Barcode).where(m.Barcode.kind == "ean13")).first()
        assert barcode is not None
        product = s.get(m.Product, barcode.product_id)
        assert product is not None
        code = barcode.code
        has_it = select(m.OrderLine.order_id).where(m.OrderLine.product_id == product.id)
        orders = list(s.scalars(select(m.Order.id).where(
            m.Order.status == "open", m.Order.id.not_in(has_it))
            .order_by(m.Order.delivery_date.desc(), m.Order.number)
            .limit(runs * scans // per_order + 2)))
        numbers = {oid: number for oid, number in s.execute(
            select(m.Order.id, m.Order.number).where(m.Order.id.in_(orders)))}
        depot_id = svc.depot_id
    assert orders, "no open order to scan into"
    per_order = max(per_order, math.ceil((runs * scans + 1) / len(orders)))
    with transaction(engine) as s:  # a line on each order big enough for its scans
        for order_id in orders:
            s.add(m.OrderLine(order_id=order_id, line_no=999, product_id=product.id,
                              quantity=Decimal(per_order + 5), unit_price_cents=product.price_cents,
                              packing_depot_id=depot_id))
    svc.scan(orders[-1], code, staff.id)  # warm up
    bare_path = tmp / "bare.sqlite"
    conn = sqlite3.connect(bare_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE ev (id BLOB PRIMARY KEY, order_id BLOB, line_id BLOB, crate_id "
                 "BLOB, kind TEXT, quantity INT, amount INT, staff_id BLOB, at TEXT)")
    medians, p99s, bare_medians, bare_p99s, cpus, bare_cpus = [], [], [], [], [], []
    opens: list[float] = []  # opening each order (its slip scanned), before its first scan
    scanned = 0
    for _ in range(runs):
        times, cpu = [], []
        for _ in range(scans):
            order_id = orders[scanned // per_order]
            if scanned % per_order == 0:  # the packer scans the order's slip first
                start = time.perf_counter()
                assert svc.open_order(numbers[order_id]).ok
                opens.append(time.perf_counter() - start)
            scanned += 1
            start, cpu_start = time.perf_counter(), time.process_time()
            out = svc.scan(order_id, code, staff.id)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - cpu_start)
            assert out.ok, out.refusal
        bare, bare_cpu = [], []
        for _ in range(scans):
            start, cpu_start = time.perf_counter(), time.process_time()
            conn.execute("BEGIN")
            conn.execute("INSERT INTO ev VALUES (?,?,?,?,?,?,?,?,?)",
                         (uuid.uuid4().bytes, orders[0].bytes, uuid.uuid4().bytes,
                          uuid.uuid4().bytes, "pack", 1, 250, staff.id.bytes,
                          dt.datetime.now(dt.UTC).isoformat()))
            conn.execute("COMMIT")
            bare.append(time.perf_counter() - start)
            bare_cpu.append(time.process_time() - cpu_start)
        cpus.append(statistics.median(cpu))
        bare_cpus.append(statistics.median(bare_cpu))
        medians.append(statistics.median(times))
        p99s.append(p99(times))
        bare_medians.append(statistics.median(bare))
        bare_p99s.append(p99(bare))
    conn.close()
    # The sync worker commits every round (the outbox rows it sent, its stamp) whatever it
    # touched: scans right after such a commit by another connection, on the orders' spare
    # quantity (5 per order), each order opened first.
    after_sync: list[float] = []
    read_again = 0
    for order_id in orders[:8]:
        assert svc.open_order(numbers[order_id]).ok
        for _ in range(5):
            with engine.begin() as other:
                other.execute(update(m.Outbox).where(m.Outbox.sent_at.is_(None))
                              .values(sent_at=dt.datetime.now(dt.UTC)))
            reloads, start = getattr(svc, "reloads", 0), time.perf_counter()
            out = svc.scan(order_id, code, staff.id)
            after_sync.append(time.perf_counter() - start)
            read_again += getattr(svc, "reloads", 0) - reloads
            assert out.ok, out.refusal
    engine.dispose()
    ratios, median_ratio = ratio_spread(medians, bare_medians)
    met = " MET" if median_ratio <= 3 and statistics.median(p99s) < 0.020 else " NOT MET"
    reloads = getattr(svc, "reloads", None)
    print(f"scan -> durable pack event + outbox row + new order state ({runs} runs of {scans} "
          f"scans, {per_order} per order; min / median / max over the runs)")
    print(f"  PackingService.scan: median {spread(medians, digits=2)} ms, "
          f"p99 {spread(p99s, digits=2)} ms" + (f" (order read {reloads} times)"
                                                 if reloads is not None else ""))
    print(f"  (opening each of the {len(opens)} orders first, its slip scanned, not in the "
          f"scan times: median {statistics.median(opens) * 1000:.1f} ms, max "
          f"{max(opens) * 1000:.1f} ms)")
    print(f"  scan right after another connection committed (as a sync round does): median "
          f"{statistics.median(after_sync) * 1000:.2f} ms, max {max(after_sync) * 1000:.2f} ms "
          f"over {len(after_sync)} scans (the order read again {read_again} times)")
    print("  bare sqlite3 INSERT + COMMIT (WAL, synchronous=FULL): median "
          f"{spread(bare_medians, digits=2)} ms, p99 {spread(bare_p99s, digits=2)} ms")
    print(f"  ratio scan / bare insert (medians): {ratios}   goal ≤ 3× with p99 < 20 ms{met}")
    cpu_ratios, _ = ratio_spread(cpus, bare_cpus)
    print(f"  CPU time per scan (median): {spread(cpus, digits=2)} ms, bare insert "
          f"{spread(bare_cpus, digits=2)} ms, ratio {cpu_ratios} (the rest of the wall time "
          "is the fsync and, on a busy machine, waiting for a CPU)")
    return [f"| scan → durable pack event (median) | {spread(medians, digits=2)} ms | "
            f"{spread(bare_medians, digits=2)} ms | {ratios} | ≤ 3×{met} |",
            f"| scan → durable pack event (p99) | {spread(p99s, digits=2)} ms | "
            f"{spread(bare_p99s, digits=2)} ms | | < 20 ms{met} |",
            f"| (scan, CPU time of the process, median) | {spread(cpus, digits=2)} ms | "
            f"{spread(bare_cpus, digits=2)} ms | {cpu_ratios} | |"]


def bench_memory(tmp: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    app = subprocess.run([sys.executable, "-c", MEMORY_APP, str(tmp / "net5000"), DAY.isoformat()],
                         env=env, capture_output=True, text=True, check=True).stdout.split()
    bare = subprocess.run([sys.executable, "-c", MEMORY_BARE], env=env, capture_output=True,
                          text=True, check=True).stdout.split()
    n, app_kb, bare_kb = int(app[0]), int(app[1]), int(bare[1])
    print(f"memory (VmRSS) with the board holding {n} orders: {app_kb / 1024:.0f} MiB")
    print(f"  bare QApplication + empty main window: {bare_kb / 1024:.0f} MiB")
    print(f"  ratio app / bare: {app_kb / bare_kb:.1f}"
          f" (difference {(app_kb - bare_kb) / 1024:.0f} MiB)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scans", type=int, default=300, help="scans per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="250,1000,5000,20000",
                        help="network sizes (orders) for the board")
    parser.add_argument("--networks", type=Path, default=None,
                        help="keep the generated networks here (reused by the next run)")
    parser.add_argument("--memory", action="store_true", help="measure resident memory too")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    gc.disable()  # as the app does (cpdesk/ui/gc_guard.py); the board's collection is timed
    tmp = Path(tempfile.mkdtemp(prefix="cpdesk-bench-"))
    networks = args.networks or tmp / "made"
    try:
        table = bench_board(tmp, networks, [int(x) for x in args.sizes.split(",") if x], args.runs)
        table += bench_scan(tmp, networks, args.scans, args.runs)
        if args.memory:
            bench_memory(tmp)
        print("\n| measure | cpdesk (min / median / max) | baseline | ratio | goal |")
        print("|---|---|---|---|---|")
        print("\n".join(table))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    del app


if __name__ == "__main__":
    main()
