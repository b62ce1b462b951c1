"""The network's data in and out of the centre: `central import-catalogue|import-customers|
import-rounds|import-staff` (registered under `central` by cli/sync.py)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cpdesk.store.db import make_engine

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


def _url(db: str) -> str:
    from .sync import _url as url

    return url(db)


def cmd_import(args: argparse.Namespace) -> int:
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
