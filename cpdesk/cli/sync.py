"""Central database and sync: `central init|seed-demo|add-depot|set-pin|publish-pins|
import-orders|rejections`,
`setup`, `sync`."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from cpdesk.errors import CpdeskError

EXIT_REFUSED_FACTS = 4  # `sync --once`: synced, but facts refused by the centre are still open


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    central = sub.add_parser("central", help="manage the central database")
    csub = central.add_subparsers(dest="central_command", required=True, metavar="ACTION")

    p = csub.add_parser("init", help="migrate a central database (idempotent)")
    p.add_argument("--db", required=True, help="database URL (postgresql://... or sqlite:///...)")
    p.set_defaults(func=cmd_central_init)

    p = csub.add_parser("seed-demo", help="load the demo network into a central database")
    p.add_argument("--db", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--orders", type=int, default=250)
    p.set_defaults(func=cmd_central_seed)

    p = csub.add_parser("add-depot", help="create a depot's database login, print its credentials")
    p.add_argument("code")
    p.add_argument("--db", required=True)
    p.add_argument("--sslmode", default="verify-full",
                   help="sslmode written into the depot's URL (default verify-full)")
    p.add_argument("--ca", type=Path, metavar="CA.pem",
                   help="the certificate authority of the centre's TLS certificate, put into "
                   "the JSON for the depot's first-start assistant")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_central_add_depot)

    p = csub.add_parser("set-pin", help="give a staff account a new PIN (all depots get it "
                                         "at their next sync)")
    p.add_argument("name", help="the account's name, as in the staff list")
    p.add_argument("--db", required=True)
    p.add_argument("--pin", required=True, help="4 to 8 digits")
    p.set_defaults(func=cmd_central_set_pin)

    p = csub.add_parser("publish-pins", help="make every depot's PIN verifiers again (after "
                                              "first PINs chosen at depots)")
    p.add_argument("--db", required=True)
    p.set_defaults(func=cmd_central_publish_pins)

    p = csub.add_parser("import-orders", help="load orders from the web shop's export (CSV/JSON)")
    p.add_argument("file")
    p.add_argument("--db", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_central_import)

    p = csub.add_parser("order-totals", help="order totals folded from all depots' pack events")
    p.add_argument("numbers", nargs="+", metavar="NUMBER")
    p.add_argument("--db", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_central_totals)

    p = csub.add_parser(
        "rejections", help="facts the centre refused (parked): list them, or settle some",
        description="Facts a depot sent that the centre could not store are parked here with "
                    "the reason; the depot sends them again at each sync, so putting the cause "
                    "right centrally is enough. --resolve settles them instead, with a note "
                    "the depot receives.")
    p.add_argument("--db", required=True)
    p.add_argument("--depot", help="only this depot's")
    p.add_argument("--resolve", nargs="+", metavar="EVENT_ID", help="settle these events")
    p.add_argument("--note", default="", help="how they were settled (required with --resolve)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_central_rejections)

    from . import network

    network.register_central(csub)
    network.register_depot(sub)

    p = sub.add_parser("setup", help="prepare a depot's local store and its central connection")
    p.add_argument("--data-dir")
    p.add_argument("--depot", required=True)
    p.add_argument("--central", required=True, help="the depot's central URL (with its password)")
    p.add_argument("--ca", help="PEM file of the certificate authority of the centre's TLS "
                                "certificate (checked with sslmode=verify-full)")
    p.add_argument("--pin-pepper", help="the depot's PIN pepper, as 'cpdesk central add-depot' "
                                        "printed it (kept in the keyring or DIR/secrets)")
    p.add_argument("--no-check", action="store_true",
                   help="don't try the connection now (setting up offline)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_setup)

    p = sub.add_parser(
        "sync", help="sync a depot with the centre",
        description="Exit code with --once: 0 synced, 1 offline (or an error), 4 synced but "
                    "the centre refused some facts (listed under 'rejected' with --json; they "
                    "are sent again at each sync until stored or settled centrally).")
    p.add_argument("--data-dir")
    p.add_argument("--depot")
    p.add_argument("--once", action="store_true", help="one round, then exit")
    p.add_argument("--interval", type=float, default=30.0, help="seconds between rounds")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sync)


def _url(db: str) -> str:
    """Accept libpq-style postgresql:// URLs; use psycopg 3."""
    from cpdesk.sync.urls import psycopg_url

    return psycopg_url(db)


def _print(data: dict[str, Any], as_json: bool, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str) if as_json else text)


def cmd_central_totals(args: argparse.Namespace) -> int:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from cpdesk.store.db import make_engine
    from cpdesk.store.models import Order
    from cpdesk.sync.totals import central_manual_weights, central_totals_by_number

    engine = make_engine(_url(args.db))
    try:
        with Session(engine) as session:
            totals = central_totals_by_number(session, args.numbers)
            ids = dict(session.execute(select(Order.number, Order.id)
                                       .where(Order.number.in_(args.numbers))).all())
            manual = central_manual_weights(session, ids.values())
    finally:
        engine.dispose()
    missing = [n for n in args.numbers if n not in totals]
    if missing:
        raise CpdeskError(f"no order {missing[0]!r} in the central database")
    manual_lines = {n: manual.get(ids[n], 0) for n in args.numbers}
    _print({"totals_cents": totals, "manual_weight_lines": manual_lines}, args.json,
           "\n".join(f"{n}  {totals[n] / 100:.2f}"
                     + (f"  ({manual_lines[n]} line(s) weighed by hand)" if manual_lines[n]
                        else "") for n in args.numbers))
    return 0


def cmd_central_init(args: argparse.Namespace) -> int:
    from cpdesk.store.db import make_engine, migrate
    from cpdesk.sync.central import install_sqlite_central

    engine = make_engine(_url(args.db))
    migrate(engine)
    if engine.dialect.name == "sqlite":
        install_sqlite_central(engine)
    print("central database up to date")
    return 0


def cmd_central_seed(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from cpdesk.demo.generator import generate, write
    from cpdesk.store.db import make_engine, migrate
    from cpdesk.store.models import Depot
    from cpdesk.sync.central import install_sqlite_central

    engine = make_engine(_url(args.db))
    migrate(engine)
    if engine.dialect.name == "sqlite":
        install_sqlite_central(engine)
    with engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(Depot)).scalar():
            raise CpdeskError("the central database already holds a network")
    net = generate(seed=args.seed, orders=args.orders)
    write(engine, net.rows, {"role": "central", "demo_seed": str(args.seed),
                             "demo_today": net.today.isoformat()})
    print(f"seeded {net.count('order')} orders, {net.count('product')} products, "
          f"depots {', '.join(net.depot_ids)}")
    return 0


def cmd_central_add_depot(args: argparse.Namespace) -> int:
    from cpdesk.store.db import make_engine
    from cpdesk.sync.roles import add_depot

    ca = ""
    if args.ca is not None:
        try:
            ca = args.ca.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise CpdeskError(f"can't read the CA file {args.ca}: {exc}") from None
        if "-----BEGIN CERTIFICATE-----" not in ca:
            raise CpdeskError(f"{args.ca} is not a PEM certificate file (CA)")
    info = add_depot(make_engine(_url(args.db)), args.code, sslmode=args.sslmode)
    _print({**info.as_dict(), **({"ca": ca} if ca else {})}, args.json,
           f"depot {info.depot}: login {info.user}\npassword {info.password}\nurl {info.url}\n"
           f"pin pepper {info.pin_pepper}\n(at the depot: cpdesk setup --depot {info.depot} "
           f"--central URL --pin-pepper PEPPER [--ca CA.pem])")
    return 0


def cmd_central_set_pin(args: argparse.Namespace) -> int:
    from cpdesk.store.db import make_engine
    from cpdesk.sync import pins

    done = pins.set_pin(make_engine(_url(args.db)), args.name, args.pin, pins.central_key())
    print(f"new PIN of {args.name}; verifiers for depots {', '.join(done) or 'none yet'}")
    return 0


def cmd_central_publish_pins(args: argparse.Namespace) -> int:
    from cpdesk.store.db import make_engine
    from cpdesk.sync import pins

    done = pins.publish_all(make_engine(_url(args.db)), pins.central_key())
    print("verifiers: " + (", ".join(f"{d} {n}" for d, n in done.items()) or "no depot yet"))
    return 0


def cmd_central_import(args: argparse.Namespace) -> int:
    from cpdesk.store.db import make_engine
    from cpdesk.sync.importer import import_orders

    result = import_orders(make_engine(_url(args.db)), Path(args.file))
    _print(result, args.json, f"imported {result['created']} new and {result['updated']} "
           f"changed orders ({result['cancelled']} cancelled)")
    return 0


def cmd_central_rejections(args: argparse.Namespace) -> int:
    import uuid

    from cpdesk.store.db import make_engine
    from cpdesk.sync.parked import parked, parked_count, resolve

    engine = make_engine(_url(args.db))
    try:
        if args.resolve:
            try:
                ids = [uuid.UUID(i) for i in args.resolve]
            except ValueError:
                raise CpdeskError("--resolve takes event ids (as listed)") from None
            n = resolve(engine, ids, args.note)
            _print({"resolved": n}, args.json,
                   f"{n} resolved; the depots close them on their next sync")
            return 0
        rows = parked(engine, args.depot)
        total = parked_count(engine, args.depot)
    finally:
        engine.dispose()
    text = "\n".join(f"{r.id}  {r.depot}  {r.topic}  {r.received_at:%Y-%m-%d %H:%M}  "
                     f"{' '.join(f'{k}={v}' for k, v in r.target.items() if k != 'depot_id')}"
                     f"\n    {r.reason}" for r in rows) or "no refused facts"
    _print({"total": total, "rejected": [r.as_dict() for r in rows]}, args.json, text)
    return 0


def cmd_setup(args: argparse.Namespace) -> int:
    from cpdesk.store import paths
    from cpdesk.store.db import open_store
    from cpdesk.store.health import is_damaged, set_aside
    from cpdesk.sync.config import connect_central, setup_depot
    from cpdesk.sync.connect_errors import in_words

    data_dir = paths.resolve_data_dir(args.data_dir)
    existing = paths.depot_path(data_dir, args.depot)
    aside = None
    if existing.exists():  # a damaged store is restored from the centre, kept aside
        problem = is_damaged(existing)
        if problem is not None and problem.kind in ("empty", "not_sqlite", "damaged"):
            aside = set_aside(existing)
    store = setup_depot(data_dir, args.depot, _url(args.central),
                        ca=Path(args.ca) if args.ca else None, pin_pepper=args.pin_pepper)
    if not args.no_check:  # the login, TLS and the depot it speaks for, tried once now
        engine = open_store(store)
        try:
            central = connect_central(engine, data_dir)
            try:
                central.epoch()
            finally:
                central.close()
        except Exception as exc:
            raise CpdeskError(f"depot {args.depot.upper()} is set up in {store}, but the centre "
                              f"can't be reached: {in_words(exc)}") from None
        finally:
            engine.dispose()
    note = (f" (the damaged store was kept as {aside.name}; the depot's history comes back "
            "at the first sync)" if aside else "")
    _print({"depot": args.depot.upper(), "store": str(store),
            "damaged_store_kept_as": str(aside) if aside else None}, args.json,
           f"depot {args.depot.upper()} ready in {store}; run 'cpdesk sync' to fill it{note}")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from cpdesk.store import paths
    from cpdesk.store.db import open_store
    from cpdesk.sync.config import connect_central
    from cpdesk.sync.engine import SyncEngine
    from cpdesk.sync.worker import SyncStatus, SyncWorker

    data_dir = paths.resolve_data_dir(args.data_dir)
    store_path = paths.existing_depot_path(data_dir, args.depot)
    store = open_store(store_path)
    engine = SyncEngine(store, connect_central(store, data_dir))
    depot = store_path.stem.removeprefix("depot-")

    def show(status: SyncStatus) -> None:
        if status.syncing:
            return
        data: dict[str, Any] = {"depot": depot, "online": status.online,
                                "waiting": status.waiting, "error": status.last_error,
                                "rejected": [r.as_dict() for r in status.refusals],
                                "rejected_total": status.rejected}
        if status.last_report is not None and status.online:
            data.update(status.last_report.as_dict(), waiting=status.waiting)
        text = (f"{depot}: pushed {data.get('pushed', 0)}, pulled {data.get('pulled', 0)}, "
                f"waiting {status.waiting}" if status.online
                else f"{depot}: offline ({status.last_error}); waiting {status.waiting}")
        if status.rejected:
            text += f"; REFUSED by the centre {status.rejected}" + "".join(
                f"\n  {r.topic} {r.target}: {r.reason}" for r in status.refusals)

        if status.online and data.get("held_back"):
            since = data.get("held_for_s")
            text += (f"; held back at the centre: {data['held_back']} changes, behind a "
                     f"transaction open there" + ("" if since is None else f" for {since:.0f} s"))
            if data.get("held_by"):
                text += f" ({data['held_by']})"
        _print(data, args.json, text)

    worker = SyncWorker(engine, interval_s=args.interval, on_status=show)
    if args.once:
        status = worker.run_once()
        engine.central.close()
        if not status.online:
            return 1
        return EXIT_REFUSED_FACTS if status.rejected else 0
    worker.start()
    try:
        while True:
            time.sleep(3600)
    finally:
        worker.stop()
