"""Documents from the command line: `label`, `delivery-note`, `manifest`, `picklist`, `receipt`.

The store read is the central database when the folder has one (it sees every depot's
facts), else the first depot's; `--depot CODE` reads that depot's own store.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from cpdesk import documents as docs  # a lazy package: reportlab loads on first render
from cpdesk.errors import CpdeskError

from .data import iso_date

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")
LANGUAGES = ("fr", "nl", "de", "en")  # cpdesk.documents.LANGUAGES (a test keeps them equal)


def _common(p: argparse.ArgumentParser, out_help: str) -> None:
    p.add_argument("--data-dir", help="data folder (default: user data folder)")
    p.add_argument("--depot", help="read this depot's store (default: the central database "
                                   "if present, else the first depot)")
    p.add_argument("--lang", choices=LANGUAGES,
                   help="document language (default: the depot's language)")
    p.add_argument("--out", required=True, help=out_help)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("label", help="crate label as ZPL (thermal printer) or PDF")
    p.add_argument("crate", metavar="CRATE_ID", help="crate UUID or printed code (CR...)")
    p.add_argument("--format", choices=("zpl", "pdf"), default="pdf")
    p.add_argument("--size", default="100x150", help="label size in mm, WxH (default 100x150)")
    _common(p, "output file (.zpl or .pdf)")
    p.set_defaults(func=cmd_label)

    p = sub.add_parser("delivery-note", help="delivery note of an order (A4 PDF)")
    p.add_argument("number", metavar="ORDER_NUMBER")
    _common(p, "output PDF file")
    p.set_defaults(func=cmd_delivery_note)

    p = sub.add_parser("manifest", help="van manifest of a round (A4 PDF)")
    p.add_argument("round", metavar="ROUND_ID", help="round UUID or code (HES-20261128-A)")
    _common(p, "output PDF file")
    p.set_defaults(func=cmd_manifest)

    p = sub.add_parser("picklist", help="pick list of a day or a round (A4 PDF)")
    p.add_argument("--date", type=iso_date, required=True, help="delivery date YYYY-MM-DD")
    p.add_argument("--round", dest="round_ref", metavar="ROUND_ID",
                   help="only this round's orders")
    _common(p, "output PDF file")
    p.set_defaults(func=cmd_picklist)

    p = sub.add_parser("receipt", help="counter receipt as ESC/POS bytes or PDF")
    p.add_argument("sale", metavar="SALE_ID", help="sale UUID or receipt code (HES-1-000123)")
    p.add_argument("--format", choices=("escpos", "pdf"), default="pdf")
    p.add_argument("--width", type=int, choices=(80, 58), default=80, help="paper width, mm")
    _common(p, "output file (.bin or .pdf)")
    p.set_defaults(func=cmd_receipt)


def store_for(args: argparse.Namespace) -> Path:
    from cpdesk.store import paths

    data_dir = paths.resolve_data_dir(args.data_dir)
    if args.depot:
        return paths.existing_depot_path(data_dir, args.depot)
    central = paths.central_path(data_dir)
    return central if central.exists() else paths.existing_depot_path(data_dir, None)


def _read(args: argparse.Namespace, fn: Callable[[Session], T]) -> T:
    from sqlalchemy.orm import Session

    from cpdesk.store.db import open_store

    engine = open_store(store_for(args))
    try:
        with Session(engine) as session:
            try:
                return fn(session)
            except ValueError as exc:  # a bad label size or language, said plainly
                raise CpdeskError(str(exc)) from None
    finally:
        engine.dispose()


def _write(path: str, data: bytes | str) -> None:
    out = Path(path)
    if not out.parent.exists():
        raise CpdeskError(f"folder {out.parent} does not exist")
    if isinstance(data, str):
        out.write_text(data, encoding="utf-8")
    else:
        out.write_bytes(data)
    print(out)


def cmd_label(args: argparse.Namespace) -> int:
    try:
        size = docs.LabelSize.parse(args.size)
    except ValueError as exc:
        raise CpdeskError(str(exc)) from None
    data = _read(args, lambda s: docs.label_data(s, args.crate, lang=args.lang))
    _write(args.out, docs.label_zpl(data, size) if args.format == "zpl"
           else docs.label_pdf(data, size))
    return 0


def cmd_delivery_note(args: argparse.Namespace) -> int:
    data = _read(args, lambda s: docs.delivery_note_data(s, args.number, lang=args.lang))
    _write(args.out, docs.render_delivery_note(data))
    return 0


def cmd_manifest(args: argparse.Namespace) -> int:
    data = _read(args, lambda s: docs.manifest_data(s, args.round, lang=args.lang))
    _write(args.out, docs.render_manifest(data))
    return 0


def cmd_picklist(args: argparse.Namespace) -> int:
    day: dt.date = args.date
    data = _read(args, lambda s: docs.picklist_data(
        s, day, depot_code=args.depot, round_ref=args.round_ref, lang=args.lang))
    _write(args.out, docs.render_picklist(data))
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    data = _read(args, lambda s: docs.receipt_data(s, args.sale, lang=args.lang))
    _write(args.out, docs.render_receipt(data, args.width) if args.format == "escpos"
           else docs.render_receipt_pdf(data, args.width))
    return 0
