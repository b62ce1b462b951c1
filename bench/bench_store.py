"""What durability costs: one pack event + its outbox row committed through the store, at
synchronous=FULL (the project's choice) and NORMAL, against a bare sqlite3 INSERT + COMMIT
at the same setting, in the same run.

    python bench/bench_store.py [--events 500]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk.demo.network import init_demo
from cpdesk.store import db, paths
from cpdesk.store import models as m
from cpdesk.store.outbox import record


def bare(path: Path, sync: str, n: int) -> list[float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={sync}")
    conn.execute("CREATE TABLE IF NOT EXISTS ev (id BLOB PRIMARY KEY, payload TEXT)")
    times = []
    for _ in range(n):
        t = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("INSERT INTO ev VALUES (?, ?)", (uuid.uuid4().bytes, "x" * 200))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - t)
    conn.close()
    return times


def through_store(data: Path, sync: str, n: int) -> list[float]:
    db.SQLITE_SYNCHRONOUS = sync
    engine = db.open_store(paths.depot_path(data, "HES"))
    with Session(engine) as s:
        depot = s.scalars(select(m.Depot).where(m.Depot.code == "HES")).one()
        line = s.scalars(select(m.OrderLine)
                         .where(m.OrderLine.packing_depot_id == depot.id)).first()
        staff = s.scalars(select(m.Staff.id)).first()
        assert line is not None and staff is not None
        depot_id, order_id, line_id = depot.id, line.order_id, line.id
    times = []
    for _ in range(n):
        t = time.perf_counter()
        with db.transaction(engine) as session:
            ev = m.PackEvent(depot_id=depot_id, order_id=order_id, line_id=line_id, kind="pack",
                             quantity=1, staff_id=staff)
            session.add(ev)
            record(session, "pack_event", ev)
        times.append(time.perf_counter() - t)
    engine.dispose()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "demo"
        init_demo(data, orders=60)
        for sync in ("FULL", "NORMAL"):
            b = statistics.median(bare(Path(tmp) / f"bare-{sync}.sqlite", sync, args.events))
            s = statistics.median(through_store(data, sync, args.events))
            print(f"synchronous={sync:<6} bare INSERT+COMMIT {b * 1000:.3f} ms · "
                  f"store event+outbox {s * 1000:.3f} ms · ratio {s / b:.1f}")


if __name__ == "__main__":
    main()
