"""What checking a depot store costs: `PRAGMA quick_check` (run by every command that opens a
store, and in the background by the desktop app) against the store's size, and the opening
with and without it.

    python bench/bench_store_check.py [--orders 2000] [--grow 4]

`--grow N` doubles the pack events N times (a store after months of work).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from cpdesk.demo.network import init_demo
from cpdesk.store import db, paths
from cpdesk.store.health import quick_check


def grow(store: Path, times: int) -> None:
    import sqlite3

    conn = sqlite3.connect(store)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(pack_event)")]
    for _ in range(times):  # new ids: random hex of the id's size
        conn.execute(f"INSERT INTO pack_event ({', '.join(cols)}) SELECT "
                     + ", ".join("lower(hex(randomblob(16)))" if c == "id" else c for c in cols)
                     + " FROM pack_event")
        conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def timed(fn, runs: int = 5) -> float:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=2000)
    ap.add_argument("--grow", type=int, default=4)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        init_demo(data, orders=args.orders)
        store = paths.depot_path(data, "HES")
        grow(store, args.grow)
        mb = store.stat().st_size / 1e6
        engine = db.make_engine(db.sqlite_url(store))
        check = timed(lambda: quick_check(engine, store))
        engine.dispose()
        with_check = timed(lambda: db.open_store(store).dispose())
        without = timed(lambda: db.open_store(store, check=False).dispose())
        print(f"store {mb:.1f} MB: quick_check {check * 1000:.0f} ms "
              f"({check * 1000 / mb:.1f} ms/MB); open_store {with_check * 1000:.0f} ms with the "
              f"check, {without * 1000:.0f} ms without")


if __name__ == "__main__":
    main()
