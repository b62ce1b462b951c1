"""`cpdesk demo` and `cpdesk run`: the desktop app, on the demo network or at a depot.

Both build the same app (cpdesk/ui/app.py) from a `DeskConfig`; they differ only in it.
"""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

from cpdesk.store import paths


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="start the desktop app on the demo network")
    p.add_argument("--data-dir", help="demo network folder (created if missing)")
    p.add_argument("--depot", help="depot code: HES, CAR or TDH (default: the first)")
    p.add_argument("--screenshot", type=Path, metavar="FILE.png",
                   help="render the main window after loading into a PNG and exit")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("run", help="start the desktop app on this depot's store and devices")
    p.add_argument("--data-dir", help="the folder 'cpdesk setup' prepared (default: the "
                   "platform's user data folder, or CPDESK_DATA_DIR)")
    p.add_argument("--depot", help="depot code, when the folder holds several stores")
    p.add_argument("--station", type=Path, metavar="FILE.toml",
                   help="station file (default: CPDESK_STATION, else station.toml in the "
                   "platform's user configuration folder)")
    p.add_argument("--screenshot", type=Path, metavar="FILE.png",
                   help="render the main window after loading into a PNG and exit")
    p.set_defaults(func=cmd_run)


def desk_config(args: argparse.Namespace) -> object:
    """The `DeskConfig` the parsed arguments of `demo` or `run` describe."""
    from cpdesk.ui.app import DeskConfig

    data_dir = paths.resolve_data_dir(args.data_dir)
    if args.command == "demo":
        return DeskConfig.for_demo(data_dir, args.depot)
    return DeskConfig.for_station(data_dir, args.depot, args.station)


def run_the_desk(args: argparse.Namespace) -> int:
    gc.disable()  # the desk collects on its GUI thread (ui/gc_guard.py): not during imports
    import cpdesk.ui.before_qt  # noqa: F401 - its modules without Qt first: see there
    from cpdesk.ui.app import run_desk  # Qt is imported only for the GUI commands

    return run_desk(desk_config(args), args.screenshot)  # type: ignore[arg-type]


def cmd_demo(args: argparse.Namespace) -> int:
    return run_the_desk(args)


def cmd_run(args: argparse.Namespace) -> int:
    return run_the_desk(args)

