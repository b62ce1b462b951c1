"""Demo network and order look-ups: `init-demo`, `orders`, `order`.

Like every topic module of the command line, this one imports only the standard library at
its top: what a command needs (the store, the demo generator) is imported when it runs, so
`cpdesk --help` and the other commands do not pay for it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("init-demo", help="create the demo network (central and depot databases)")
    p.add_argument("--data-dir", help="folder for the databases (default: user data folder)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--orders", type=int, default=250, help="orders in the week (default 250)")
    p.add_argument("--today", type=iso_date, help="pretend today is this date")
    p.add_argument("--force", action="store_true", help="replace an existing network")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_init_demo)

    p = sub.add_parser("orders", help="list a day's orders")
    p.add_argument("--data-dir")
    p.add_argument("--date", type=iso_date, default=None,
                   help="delivery date YYYY-MM-DD (default today)")
    p.add_argument("--depot", help="depot code (default: the first depot in the folder)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_orders)

    p = sub.add_parser("order", help="show one order with its lines, crates and pack state")
    p.add_argument("number")
    p.add_argument("--data-dir")
    p.add_argument("--depot")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_order)


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def emit(data: Any, as_json: bool, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if as_json else text)


def cmd_init_demo(args: argparse.Namespace) -> int:
    from cpdesk.demo.network import init_demo
    from cpdesk.store import paths

    data_dir = paths.resolve_data_dir(args.data_dir)
    summary = init_demo(data_dir, seed=args.seed, orders=args.orders, force=args.force,
                        today=args.today)
    data = {"data_dir": str(summary.data_dir), "today": summary.today.isoformat(),
            "depots": summary.depots, "counts": summary.counts}
    emit(data, args.json, f"demo network created in {data_dir} for the week around "
         f"{summary.today}: {summary.counts['order']} orders, {summary.counts['product']} "
         f"products, depots {', '.join(summary.depots)}")
    return 0


def cmd_orders(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from cpdesk import clock
    from cpdesk.store import paths, queries
    from cpdesk.store.db import open_store

    data_dir = paths.resolve_data_dir(args.data_dir)
    store = paths.existing_depot_path(data_dir, args.depot)
    depot = args.depot or store.stem.removeprefix("depot-")
    day = args.date or clock.today()
    engine = open_store(store)
    with Session(engine) as session:
        rounds = queries.day_board(session, day, depot)
    rows = [{
        "number": o.number, "customer": o.customer, "customer_kind": o.customer_kind,
        "commune": o.commune, "round": r.code, "stop": o.stop_seq, "status": o.status,
        "pack_state": o.pack_state, "lines": o.lines, "lines_resolved": o.lines_resolved,
        "crates": o.crates, "zones": o.zones,
    } for r in rounds for o in r.orders]
    text = "\n".join(f"{o['number']}  {o['round']:<16} {o['stop']:>3}  {o['pack_state']:<12} "
                     f"{o['lines_resolved']:>2}/{o['lines']:<2}  {o['customer']} ({o['commune']})"
                     for o in rows) or f"no orders on {day}"
    emit({"date": day.isoformat(), "depot": depot.upper(), "orders": rows}, args.json, text)
    return 0


def cmd_order(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from cpdesk.errors import NotFound
    from cpdesk.store import paths, queries
    from cpdesk.store.db import open_store

    data_dir = paths.resolve_data_dir(args.data_dir)
    if args.depot:
        candidates = [paths.existing_depot_path(data_dir, args.depot)]
    else:  # the centre sees every order; else ask each depot in turn
        central = paths.central_path(data_dir)
        candidates = [central] if central.exists() else [
            paths.depot_path(data_dir, code) for code in paths.depots_in(data_dir)]
        if not candidates:
            paths.existing_depot_path(data_dir, None)  # raises the clear "no database" error
    detail = None
    for store in candidates:
        with Session(open_store(store)) as session:
            try:
                detail = queries.order_detail(session, args.number)
                break
            except NotFound:
                continue
    if detail is None:
        raise NotFound(f"no order {args.number!r} in {data_dir}")
    lines = "\n".join(f"  {ln['line_no']:>2}. {ln['product']:<40} {ln['quantity']:>8} "
                      f"{ln['state']:<16} {ln['packing_depot']}" for ln in detail["lines"])
    round_text = (f"round {detail['round']['code']} stop {detail['stop']}"
                  if detail["round"] else "no round")
    emit(detail, args.json, f"{detail['number']} {detail['customer']['name']} "
         f"({detail['customer']['commune']}) {round_text} — {detail['pack_state']}\n{lines}")
    return 0
