"""The pull gate while another database of the same server keeps a transaction open.

    PYTHONPATH=. python bench/bench_pull_gate.py [--hold 60] [--changes 200] [--rounds 5]

A throwaway centre database (migrated, a small network, depot HES with its own login) and a
second throwaway database on the same server, the "stranger", are created and dropped.

1. baseline: the centre changes `--changes` orders in one transaction, the depot syncs;
   time of that sync (min/median/max of `--rounds`) and the rows it brought;
2. the same while the stranger keeps a transaction (with an xid, as any writer has) open for
   `--hold` seconds: the sync's time and how many of the changes it brought;
3. how long after the commit the change becomes readable for the depot: through the gate
   per database (`cp_pull_gate()`, what the depot uses) and through the former cluster-wide
   gate (`pg_snapshot_xmin(pg_current_snapshot())`), polled every 50 ms as the depot's login;
4. the cost of the gate itself: `cp_pull_gate()` vs `pg_snapshot_xmin(...)`, per call, with
   and (in 5) without a transaction open;
5. the status when a transaction in the centre's OWN database holds changes back
   (it is reported, not hidden): held_back and held_for_s of the sync report.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, select, text, update

from cpdesk.demo.generator import generate, write
from cpdesk.store.db import make_engine, migrate, open_store
from cpdesk.store.models import Order
from cpdesk.sync.config import connect_central, setup_depot
from cpdesk.sync.engine import SyncEngine
from cpdesk.sync.roles import add_depot, drop_centre

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _ms(xs: list[float]) -> str:
    return (f"min {min(xs) * 1000:.1f} / median {statistics.median(xs) * 1000:.1f} / "
            f"max {max(xs) * 1000:.1f} ms")


def _change(admin: Engine, ids: list, tag: str) -> int:  # type: ignore[type-arg]
    """Change the orders in one transaction; returns its xid."""
    with admin.begin() as c:
        c.execute(update(Order).where(Order.id.in_(ids)).values(notes=tag))
        return int(c.execute(text("SELECT pg_current_xact_id()::text::bigint")).scalar_one())


def _rounds(eng: SyncEngine, admin: Engine, ids: list, n: int,  # type: ignore[type-arg]
            tag: str) -> tuple[list[float], list[int]]:
    times, pulled = [], []
    for i in range(n):
        _change(admin, ids, f"{tag} {i}")
        t = time.perf_counter()
        rep = eng.sync_once()
        times.append(time.perf_counter() - t)
        pulled.append(rep.pulled)
    return times, pulled


def _visible_after(conn: Connection, xid: int, gate_sql: str, start: float,
                   limit_s: float) -> float | None:
    """Seconds from `start` (the commit) until the depot's login can read the change log
    entries of `xid` below the gate (None: not within `limit_s`)."""
    while time.perf_counter() - start < limit_s:
        n = conn.execute(text(f"SELECT count(*) FROM sync_change WHERE xid = "
                              f"CAST(CAST(:x AS text) AS xid8) AND xid < ({gate_sql})"),
                         {"x": xid}).scalar()
        conn.rollback()
        if n:
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def _gate_cost(login: Engine) -> tuple[float, float, int]:
    """Median seconds per call of the two gates (200 calls each), and the server's sessions."""
    with login.connect() as c:
        costs = []
        for sql in ("SELECT gate FROM cp_pull_gate()",
                    "SELECT pg_snapshot_xmin(pg_current_snapshot())"):
            c.execute(text(sql)).scalar()  # the session's first call plans it
            c.rollback()
            ts = []
            for _ in range(200):
                t = time.perf_counter()
                c.execute(text(sql)).scalar()
                ts.append(time.perf_counter() - t)
                c.rollback()
            costs.append(statistics.median(ts))
        sessions = int(c.execute(text("SELECT count(*) FROM pg_stat_activity")).scalar_one())
    return costs[0], costs[1], sessions


def _fmt(v: float | None) -> str:
    return "not within the wait" if v is None else f"{v * 1000:.0f} ms"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hold", type=float, default=10.0,
                    help="seconds the other database keeps its transaction open")
    ap.add_argument("--changes", type=int, default=200, help="orders changed per round")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    tag = secrets.token_hex(4)
    name, other = f"cpdesk_b_{tag}", f"cpdesk_b_{tag}_other"
    server = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with server.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
        c.execute(text(f'CREATE DATABASE "{other}"'))
    base = SERVER.rsplit("/", 1)[0]
    admin = make_engine(f"{base}/{name}")
    stranger_engine = create_engine(f"{base}/{other}")
    work = Path(tempfile.mkdtemp(prefix="cpdesk-bench-gate-"))
    try:
        migrate(admin)
        write(admin, generate(seed=1, orders=max(60, args.changes)).rows, {"role": "central"})
        hes_url = add_depot(admin, "HES", sslmode="disable").url
        store = open_store(setup_depot(work / "HES", "HES", hes_url))
        eng = SyncEngine(store, connect_central(store, work / "HES"))
        eng.sync_once()
        login = create_engine(hes_url.replace("postgresql://", "postgresql+psycopg://"))
        with admin.connect() as c:
            ids = list(c.execute(select(Order.id).order_by(Order.number)
                                 .limit(args.changes)).scalars())
        print(f"server load: {Path('/proc/loadavg').read_text().split()[0]} (1-min load avg)")

        # 1. baseline
        base_t, base_n = _rounds(eng, admin, ids, args.rounds, "baseline")
        print(f"1. sync after {len(ids)} orders changed, nobody else in a transaction: "
              f"{_ms(base_t)}; rows pulled {statistics.median(base_n):.0f}")

        # 2 and 3. a transaction open in another database of the server
        stranger = stranger_engine.connect()
        held_xid = stranger.execute(text("SELECT pg_current_xact_id()::text::bigint")).scalar()
        released = threading.Event()

        def release() -> None:
            time.sleep(args.hold)
            stranger.rollback()
            released.set()

        threading.Thread(target=release, daemon=True).start()
        try:
            with_t, with_n = _rounds(eng, admin, ids, args.rounds, "stranger")
            with login.connect() as c:
                c.execute(text("SELECT gate FROM cp_pull_gate()")).all()
                c.rollback()
                xid = _change(admin, ids, "visible")
                committed = time.perf_counter()
                new_gate = _visible_after(c, xid, "SELECT gate FROM cp_pull_gate()",
                                          committed, args.hold)
                old_gate = _visible_after(c, xid, "pg_snapshot_xmin(pg_current_snapshot())",
                                          committed, args.hold + 10)
        finally:
            released.wait(args.hold + 5)
            stranger.close()
        print(f"2. the same while database {other} keeps transaction {held_xid} open for "
              f"{args.hold:.0f} s: {_ms(with_t)}; rows pulled {statistics.median(with_n):.0f} "
              f"(ratio of medians {statistics.median(with_t) / statistics.median(base_t):.2f}x)")
        print(f"3. a committed change readable by the depot after: gate per database "
              f"{_fmt(new_gate)}; former cluster-wide gate {_fmt(old_gate)} "
              f"(the other transaction was open {args.hold:.0f} s)")

        # 4. cost of the gate
        gate, xmin, sessions = _gate_cost(login)
        print(f"4. gate per call, median of 200, {sessions} sessions on the server, no "
              f"transaction of ours open: cp_pull_gate() {gate * 1000:.2f} ms, "
              f"pg_snapshot_xmin {xmin * 1000:.2f} ms")

        # 5. a transaction in the centre's own database: held back, and said so
        eng.sync_once()  # up to date first: what follows is only the held change
        own = admin.connect()
        try:
            own.execute(text("SELECT pg_current_xact_id()"))
            time.sleep(1)
            _change(admin, ids, "held")
            rep = eng.sync_once()
            print(f"5. {len(ids)} orders changed behind a transaction open in the centre's own "
                  f"database: the sync pulls {rep.pulled} rows, held_back {rep.held_back} "
                  f"entries, held_for_s {rep.held_for_s}")
            gate, xmin, sessions = _gate_cost(login)
            print(f"   gate per call meanwhile ({sessions} sessions): cp_pull_gate() "
                  f"{gate * 1000:.2f} ms, pg_snapshot_xmin {xmin * 1000:.2f} ms")
        finally:
            own.rollback()
            own.close()
        rep = eng.sync_once()
        print(f"   after it ended: pulled {rep.pulled} rows, held_back {rep.held_back}")
        login.dispose()
        eng.central.close()
        store.dispose()
        return 0
    finally:
        stranger_engine.dispose()
        drop_centre(admin, server, name, other)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
