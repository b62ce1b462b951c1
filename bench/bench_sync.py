"""Sync benchmarks against the real PostgreSQL, each with a baseline measured in the same run.

    PYTHONPATH=. python bench/bench_sync.py [--events 10000] [--orders 10000] [--depots 50]

1. push of N events (outbox -> centre, applied) vs a bare executemany INSERT of the same rows;
2. pull of N orders (with their lines) vs a bare SELECT of the same rows;
3. a sync with nothing to do;
4. D depots syncing at once (threads; each round pushes 20 events and pulls the centre's
   changes), p95 round vs the same round for one depot alone.

A throwaway database and its depot roles are created and dropped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text, update

from cpdesk.demo.generator import generate, write
from cpdesk.domain.ids import new_id
from cpdesk.store.db import make_engine, migrate, open_store, transaction
from cpdesk.store.models import Coop, Depot, Order, Outbox, PackEvent, Staff
from cpdesk.sync.central import CentralBackend, head_cursor
from cpdesk.sync.config import central_engine, connect_central, setup_depot
from cpdesk.sync.contract import to_jsonable
from cpdesk.sync.engine import CURSOR_KEY, SyncEngine, _set_meta
from cpdesk.sync.roles import add_depot, drop_depot_logins, group_role

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def make_events(store, depot_id: uuid.UUID, order_id: uuid.UUID, staff_id: uuid.UUID,
                n: int) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    """n pack events and their outbox rows, written locally as the packing screen would."""
    now = dt.datetime.now(dt.UTC)
    rows = [{"id": new_id(), "depot_id": depot_id, "order_id": order_id, "line_id": None,
             "crate_id": None, "kind": "short", "quantity": 0, "weight_g": None,
             "weight_source": None, "amount_cents": None, "reason": "out_of_stock",
             "substitute_product_id": None, "target_id": None, "staff_id": staff_id,
             "supervisor_id": None, "order_version": 1, "at": now} for _ in range(n)]
    with transaction(store) as s:
        s.execute(insert(PackEvent), rows)
        s.execute(insert(Outbox), [{"id": r["id"], "topic": "pack_event",
                                    "payload": to_jsonable(r), "created_at": now,
                                    "sent_at": None} for r in rows])
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--orders", type=int, default=10_000)
    ap.add_argument("--depots", type=int, default=50)
    args = ap.parse_args()
    name = f"cpdesk_b_{secrets.token_hex(4)}"
    server = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with server.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = SERVER.rsplit("/", 1)[0] + "/" + name
    admin = make_engine(url)
    work = Path(tempfile.mkdtemp(prefix="cpdesk-bench-"))
    try:
        migrate(admin)
        write(admin, generate(seed=1, orders=60).rows, {"role": "central"})
        hes_url = add_depot(admin, "HES", sslmode="disable").url
        store = open_store(setup_depot(work / "HES", "HES", hes_url))
        eng = SyncEngine(store, connect_central(store, work / "HES"))
        t_first, rep = timed(eng.sync_once)
        print(f"first sync of an empty depot store: {t_first:.2f} s ({rep.pulled} rows)")
        with admin.connect() as c:
            hes = c.execute(select(Depot.id).where(Depot.code == "HES")).scalar_one()
            # an order HES takes part in: a depot writes facts only on those
            order = c.execute(text("SELECT order_id FROM order_depot WHERE depot_id = :h "
                                   "ORDER BY order_id LIMIT 1"), {"h": hes}).scalar_one()
            staff = c.execute(select(Staff.id).limit(1)).scalar_one()

        # 1. push
        rows = make_events(store, hes, order, staff, args.events)
        t_push, pushed = timed(eng.push)
        assert pushed == args.events
        with admin.begin() as c:
            c.execute(text("CREATE TABLE bench_pe (LIKE pack_event INCLUDING ALL)"))
        t_bare, _ = timed(lambda: _bare_insert(admin, rows))
        print(f"push {args.events} events: {t_push:.2f} s ({args.events / t_push:,.0f}/s); "
              f"bare executemany INSERT {t_bare:.2f} s; ratio {t_push / t_bare:.1f}x")

        # 2. pull
        cursor = head_cursor(admin)
        ids = _synthetic_orders(admin, hes, args.orders)
        with transaction(store) as s:
            _set_meta(s.connection(), CURSOR_KEY, cursor)
        eng.page_size = 5000
        t_pull, rep = timed(eng.sync_once)
        t_sel, n_sel = timed(lambda: _bare_select(admin, ids))
        print(f"pull {args.orders} orders ({rep.pulled} rows incl. lines, customers): "
              f"{t_pull:.2f} s; bare SELECT of orders+lines ({n_sel} rows) {t_sel:.2f} s; "
              f"ratio {t_pull / t_sel:.1f}x")

        # 3. nothing to do
        times = [timed(eng.sync_once)[0] for _ in range(20)]
        t_ping, _ = timed(lambda: _ping(admin))
        print(f"sync with nothing to do: median {statistics.median(times) * 1000:.1f} ms "
              f"(bare SELECT 1 round trip {t_ping * 1000:.2f} ms; ratio "
              f"{statistics.median(times) / t_ping:.0f}x)")
        eng.central.close()

        # 4. many depots at once
        engines = _many_depots(admin, work, store, args.depots)
        _take_part(admin, order, [e.central.depot_code for e in engines])
        solo = []
        for _ in range(3):
            solo.append(_round(engines[0], admin, order, staff))
        rounds: list[float] = []
        lock = threading.Lock()

        def depot_thread(e: SyncEngine) -> None:
            for _ in range(3):
                d = _round(e, admin, order, staff)
                with lock:
                    rounds.append(d)

        threads = [threading.Thread(target=depot_thread, args=(e,)) for e in engines]
        t_all, _ = timed(lambda: ([t.start() for t in threads], [t.join() for t in threads]))
        p95 = statistics.quantiles(rounds, n=20)[18]
        print(f"{args.depots} depots at once, 3 rounds each (20 events pushed + pull): "
              f"p95 round {p95 * 1000:.0f} ms, median {statistics.median(rounds) * 1000:.0f} ms, "
              f"all in {t_all:.1f} s; one depot alone {statistics.median(solo) * 1000:.0f} ms; "
              f"ratio p95/alone {p95 / statistics.median(solo):.1f}x")
        for e in engines:
            e.central.close()
            e.store.dispose()
        store.dispose()
        return 0
    finally:
        group = group_role(admin)
        with admin.connect() as c:
            c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                           "datname = current_database() AND pid <> pg_backend_pid()"))
        drop_depot_logins(admin)
        admin.dispose()
        with server.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            c.execute(text(f"DROP ROLE IF EXISTS {group}"))
        shutil.rmtree(work, ignore_errors=True)


def _bare_insert(admin, rows) -> None:  # type: ignore[no-untyped-def]
    t = PackEvent.__table__.to_metadata(__import__("sqlalchemy").MetaData(), name="bench_pe")
    with admin.begin() as c:
        c.execute(insert(t), [{**r, "id": uuid.uuid4()} for r in rows])


def _bare_select(admin, ids) -> int:  # type: ignore[no-untyped-def]
    with admin.connect() as c:
        n = len(c.execute(text('SELECT * FROM "order" WHERE id = ANY(:ids)'), {"ids": ids}).all())
        n += len(c.execute(text("SELECT * FROM order_line WHERE order_id = ANY(:ids)"),
                           {"ids": ids}).all())
    return n


def _ping(admin) -> None:  # type: ignore[no-untyped-def]
    with admin.connect() as c:
        c.execute(text("SELECT 1"))


def _synthetic_orders(admin, depot_id: uuid.UUID, n: int) -> list[uuid.UUID]:  # type: ignore[no-untyped-def]
    """n orders of 5 lines each, packed by `depot_id`, inserted in 1,000-order transactions."""
    ids = []
    with admin.connect() as c:
        customer = c.execute(text("SELECT id FROM customer LIMIT 1")).scalar_one()
        products = c.execute(text("SELECT id, price_cents FROM product LIMIT 5")).all()
    for start in range(0, n, 1000):
        orders, lines = [], []
        for i in range(start, min(n, start + 1000)):
            oid = uuid.uuid4()
            ids.append(oid)
            orders.append({"id": oid, "number": f"BN-{i:06d}-0001", "customer_id": customer,
                           "delivery_date": dt.date.today(), "stop_id": None, "status": "open",
                           "version": 1, "notes": "", "created_at": dt.datetime.now(dt.UTC)})
            for no, (pid, price) in enumerate(products, start=1):
                lines.append({"id": uuid.uuid4(), "order_id": oid, "line_no": no,
                              "product_id": pid, "quantity": 1, "unit_price_cents": price,
                              "packing_depot_id": depot_id})
        with admin.begin() as c:
            c.execute(insert(Order.__table__), orders)
            c.execute(insert(Order.__table__.metadata.tables["order_line"]), lines)
    return ids


def _many_depots(admin, work: Path, template, n: int) -> list[SyncEngine]:  # type: ignore[no-untyped-def]
    """n depots (HES plus made-up ones), each with its own login and a copy of a synced store."""
    src = Path(template.url.database)
    template.dispose()
    with admin.begin() as c:
        coop = c.execute(select(Coop.id).limit(1)).scalar_one()
        for i in range(1, n):
            c.execute(insert(Depot).values(id=new_id(), code=f"B{i:02d}", coop_id=coop,
                                           name=f"Bench {i}", settings={}))
    engines = []
    for i in range(n):
        code = "HES" if i == 0 else f"B{i:02d}"
        login = add_depot(admin, code, sslmode="disable").url
        path = work / f"many-{code}.sqlite"
        shutil.copy(src, path)
        store = open_store(path)
        with transaction(store) as s:
            _set_meta(s.connection(), "depot", code)
        engines.append(SyncEngine(store, CentralBackend(central_engine(login), code)))
    for e in engines:
        e.sync_once()
    return engines


def _take_part(admin, order: uuid.UUID, codes: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Each bench depot packs a line of the order, so its pack events on it are accepted."""
    ol = Order.__table__.metadata.tables["order_line"]
    with admin.begin() as c:
        first = c.execute(select(ol.c.product_id, ol.c.unit_price_cents)
                          .where(ol.c.order_id == order).limit(1)).one()
        top = c.execute(select(func.max(ol.c.line_no)).where(ol.c.order_id == order)).scalar()
        ids = dict(c.execute(select(Depot.code, Depot.id)).all())
        c.execute(insert(ol), [
            {"id": new_id(), "order_id": order, "line_no": (top or 0) + 1 + i,
             "product_id": first.product_id, "quantity": 1,
             "unit_price_cents": first.unit_price_cents, "packing_depot_id": ids[code]}
            for i, code in enumerate(codes) if code != "HES"])


def _round(e: SyncEngine, admin, order: uuid.UUID, staff: uuid.UUID) -> float:  # type: ignore[no-untyped-def]
    with e.store.connect() as c:
        depot_id = c.execute(select(Depot.id).where(Depot.code == e.central.depot_code)).scalar_one()
    make_events(e.store, depot_id, order, staff, 20)
    with admin.begin() as c:
        c.execute(update(Order).where(Order.id == order).values(version=Order.version + 1))
    t, _ = timed(e.sync_once)
    return t


if __name__ == "__main__":
    sys.exit(main())
