"""The network's data in and out of the centre (registered under `central` by cli/sync.py):
`import-catalogue|import-customers|import-rounds|import-staff` in; `export-billing`,
`producer-statement`, `changed-orders` out."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from dataclasses import asdict
from pathlib import Path

from cpdesk.errors import CpdeskError

IMPORTS = {
    "import-catalogue": ("catalogue", "coops, producers, products with prices and barcodes"),
    "import-customers": ("customers", "customers, keyed by the cooperative's reference"),
    "import-rounds": ("rounds", "depots, vans, weekly rounds with their stops, who packs what"),
    "import-staff": ("staff", "staff and their depot and role (PIN chosen at first sign-in)"),
}


def register_central(csub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    for name, (what, help_) in IMPORTS.items():
        p = csub.add_parser(name, help=f"load {help_} (CSV/JSON, idempotent)")
        p.add_argument("file")
        p.add_argument("--db", required=True)
        p.add_argument("--dry-run", action="store_true",
                       help="check and print what would be added, changed, retired; write nothing")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=cmd_import, what=what)
    register_exports(csub)


def _url(db: str) -> str:
    from cpdesk.sync.urls import psycopg_url

    return psycopg_url(db)


def cmd_import(args: argparse.Namespace) -> int:
    from cpdesk.store.db import make_engine
    from cpdesk.sync.network_import import import_file

    engine = make_engine(_url(args.db))
    try:
        report = import_file(engine, args.what, Path(args.file), dry_run=args.dry_run)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        print(report.text())
    return 0


def register_exports(csub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = csub.add_parser("export-billing",
                        help="delivered orders and lines for billing (CSV, JSON, UBL invoice)")
    p.add_argument("--db", required=True)
    p.add_argument("--from", dest="date_from", help="first delivery date YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="last delivery date YYYY-MM-DD")
    p.add_argument("--format", choices=("csv", "json", "ubl"), default="csv")
    p.add_argument("--order", help="with --format ubl: the professional customer's order")
    p.add_argument("--out", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export_billing)

    p = csub.add_parser("producer-statement",
                        help="per producer, what was delivered in a week (CSV or A4 PDF)")
    p.add_argument("--db", required=True)
    p.add_argument("--week", required=True, help="ISO week, e.g. 2026-W49")
    p.add_argument("--producer", help="the producer's reference (default: every producer)")
    p.add_argument("--format", choices=("csv", "pdf"), default="csv")
    p.add_argument("--out", help="file to write (required for pdf)")
    p.set_defaults(func=cmd_producer_statement)

    p = csub.add_parser("changed-orders",
                        help="packed orders whose delivered total differs from the ordered one")
    p.add_argument("--db", required=True)
    p.add_argument("--date", required=True, help="delivery date YYYY-MM-DD")
    p.add_argument("--threshold-pct", default="5",
                   help="list orders differing by more than this percentage (default 5)")
    p.add_argument("--threshold-cents", type=int, default=0,
                   help="... and by more than this many cents (default 0)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_changed_orders)


def _date(text: str | None, what: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CpdeskError(f"{what}: {text!r} is not a date YYYY-MM-DD") from None


def _write(data: str | bytes, out: str | None) -> None:
    if out is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    Path(out).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def cmd_export_billing(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from cpdesk.store.db import make_engine
    from cpdesk.sync import billing

    engine = make_engine(_url(args.db))
    try:
        with Session(engine) as s:
            if args.format == "ubl":
                from cpdesk.sync.ubl import invoice_for

                if not args.order:
                    raise CpdeskError("--format ubl needs --order NUMBER")
                _write(invoice_for(s, args.order), args.out)
                return 0
            if args.date_from is None or args.date_to is None:
                raise CpdeskError("give --from DATE and --to DATE")
            orders = billing.billing_orders(s, date_from=_date(args.date_from, "--from"),
                                            date_to=_date(args.date_to, "--to"))
    finally:
        engine.dispose()
    if args.format == "json":
        _write(json.dumps({"orders": [o.as_dict() for o in orders]}, ensure_ascii=False,
                          indent=1) + "\n", args.out)
    else:
        _write(_csv(billing.BILLING_COLUMNS, billing.billing_rows(orders)), args.out)
    return 0


def cmd_producer_statement(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from cpdesk.store.db import make_engine
    from cpdesk.sync import billing

    engine = make_engine(_url(args.db))
    try:
        with Session(engine) as s:
            try:
                statements = billing.producer_statements(s, args.week,
                                                         producer_ref=args.producer)
            except (ValueError, LookupError) as exc:
                raise CpdeskError(str(exc).strip("'\"")) from None
    finally:
        engine.dispose()
    if args.format == "pdf":
        from cpdesk.documents.producer_statement import render_producer_statements

        if not args.out:
            raise CpdeskError("--format pdf needs --out FILE.pdf")
        if not statements:
            raise CpdeskError(f"nothing delivered in {args.week}")
        render_producer_statements(statements, out=args.out)
        return 0
    _write(_csv(billing.STATEMENT_COLUMNS, billing.statement_rows(statements)), args.out)
    return 0


def cmd_changed_orders(args: argparse.Namespace) -> int:
    from decimal import Decimal, InvalidOperation

    from sqlalchemy.orm import Session

    from cpdesk.store.db import make_engine
    from cpdesk.sync import billing

    try:
        pct = Decimal(args.threshold_pct)
    except InvalidOperation:
        raise CpdeskError(f"--threshold-pct: {args.threshold_pct!r} is not a number") from None
    day = _date(args.date, "--date")
    assert day is not None
    engine = make_engine(_url(args.db))
    try:
        with Session(engine) as s:
            changed = billing.changed_orders(s, day, threshold_pct=pct,
                                             threshold_cents=args.threshold_cents)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps({"orders": [asdict(c) for c in changed]}, ensure_ascii=False))
        return 0
    for c in changed:
        print(f"{c.number}  {c.customer}  ordered {billing.euros(c.ordered_total_cents)}  "
              f"delivered {billing.euros(c.total_cents)}  "
              f"({'+' if c.difference_cents > 0 else ''}{billing.euros(c.difference_cents)})")
        for r in c.reasons:
            print(f"    {r}")
    if not changed:
        print(f"no order of {day} differs by more than {pct} %")
    return 0


def register_depot(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("first-pin", help="a staff member chooses their first PIN at this depot")
    p.add_argument("--data-dir")
    p.add_argument("--depot")
    p.add_argument("--staff", required=True, help="the person's reference or exact name")
    p.add_argument("--pin-stdin", action="store_true",
                   help="read the PIN and its confirmation from standard input (one a line)")
    p.set_defaults(func=cmd_first_pin)


PIN_REFUSALS = {
    "unknown": "no active staff member {who}",
    "has_pin": "{who} already has a PIN (a supervisor resets it at the centre)",
    "bad_pin": "a PIN is 4 to 8 digits",
    "taken": "this PIN is someone else's: choose another",
}


def cmd_first_pin(args: argparse.Namespace) -> int:
    import getpass

    from sqlalchemy import or_, select
    from sqlalchemy.orm import Session

    from cpdesk.packing.first_pin import set_first_pin
    from cpdesk.store import models as m
    from cpdesk.store import paths
    from cpdesk.store.db import open_store

    data_dir = paths.resolve_data_dir(args.data_dir)
    store_path = paths.existing_depot_path(data_dir, args.depot)
    depot = store_path.stem.removeprefix("depot-")
    store = open_store(store_path)
    try:
        with Session(store) as s:
            found = s.scalars(select(m.Staff).where(
                or_(m.Staff.ref == args.staff, m.Staff.name == args.staff),
                m.Staff.active.is_(True))).all()
        if len(found) != 1:
            raise CpdeskError(PIN_REFUSALS["unknown"].format(who=repr(args.staff))
                              if not found else f"{args.staff!r} names several people: "
                              "give the reference")
        if args.pin_stdin:
            pin, again = (sys.stdin.readline().strip() for _ in range(2))
        else:
            pin = getpass.getpass(f"New PIN for {found[0].name}: ")
            again = getpass.getpass("The same PIN again: ")
        if pin != again:
            raise CpdeskError("the two PINs differ; nothing changed")
        refusal = set_first_pin(store, depot, found[0].id, pin)
    finally:
        store.dispose()
    if refusal is not None:
        raise CpdeskError(PIN_REFUSALS[refusal].format(who=found[0].name))
    print(f"PIN set for {found[0].name}; it reaches the centre with the next sync")
    return 0
