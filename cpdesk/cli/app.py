"""`cpdesk demo`: the desktop app on the embedded demo network."""

from __future__ import annotations

import argparse
from pathlib import Path

from cpdesk.store import paths


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="start the desktop app on the demo network")
    p.add_argument("--data-dir", help="demo network folder (created if missing)")
    p.add_argument("--depot", help="depot code: HES, CAR or TDH (default: the first)")
    p.add_argument("--screenshot", type=Path, metavar="FILE.png",
                   help="render the main window after loading into a PNG and exit")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    from cpdesk.ui.app import run_demo  # Qt is imported only for the GUI commands

    return run_demo(paths.resolve_data_dir(args.data_dir), args.depot, args.screenshot)
