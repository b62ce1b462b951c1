"""The `cpdesk` command line: one entry point, one module per topic.

Each topic module exposes `register(subparsers)`; the list below is explicit so that the
command tree is readable in one place.

Every error is caught here, at the edge: one line on stderr, no traceback (`cpdesk --debug
COMMAND` prints it as well), and an exit code: 0 done, 1 refused (bad input, unknown thing,
centre unreachable), 2 wrong command line, 3 the local store is damaged or its disk is full,
4 `sync --once` synced but the centre refused facts still open, 70 an unexpected error (a
bug: run again with --debug and report it), 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from cpdesk import __version__
from cpdesk.errors import CpdeskError

from . import app, data, documents, hardware, station, sync

EXIT_UNEXPECTED = 70  # EX_SOFTWARE of sysexits.h
EXIT_INTERRUPTED = 130


DESK_COMMANDS = ("demo", "run")  # the desktop app's commands (cli/app.py)


def build_parser(*, desk_only: bool = False) -> argparse.ArgumentParser:
    """The whole command tree; with `desk_only`, only the desktop app's commands (the desk's
    start does not build the ~40 other parsers: ~30 ms)."""
    parser = argparse.ArgumentParser(
        prog="cpdesk", description="Depot desk of the Circuits Paysans food network."
    )
    parser.add_argument("--debug", action="store_true",
                        help="on an error, print the full traceback too")
    parser.add_argument("--version", action="version", version=f"cpdesk {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (app,) if desk_only else (data, app, station, hardware, documents, sync):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    command = next((w for w in words if not w.startswith("-")), None)
    parser = build_parser(desk_only=True) if command in DESK_COMMANDS else build_parser()
    args = parser.parse_args(words)  # a wrong command line exits with 2 (argparse)
    debug = args.debug or os.environ.get("CPDESK_DEBUG") == "1"
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the edge: every error becomes one line
        if debug:
            traceback.print_exc()
        error = user_error(exc)
        if error is None:
            print(f"cpdesk: unexpected error ({one_line(exc)}); run again with "
                  "'cpdesk --debug ...' for the details", file=sys.stderr)
            return EXIT_UNEXPECTED
        print(f"cpdesk: {one_line(error)}", file=sys.stderr)
        return error.exit_code


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())  # a database's multi-line message on one line
    if not isinstance(exc, CpdeskError):
        text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= 500 else text[:499] + "…"


def user_error(exc: Exception) -> CpdeskError | None:
    """What an error means for the person who typed the command, or None for a bug."""
    if isinstance(exc, CpdeskError):
        return exc
    from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

    from cpdesk.store.health import store_problem

    problem = store_problem(exc)
    if problem is not None:
        return problem
    if isinstance(exc, OperationalError):  # the server is down, refused the login, ...
        first = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else ""
        return CpdeskError(f"the database could not be used: {first or type(exc.orig).__name__}")
    if isinstance(exc, ArgumentError):
        return CpdeskError(f"bad database URL ({exc})")
    if isinstance(exc, DBAPIError):
        return None
    if isinstance(exc, OSError):
        name = f"{exc.filename}: " if exc.filename else ""
        return CpdeskError(f"{name}{exc.strerror or exc}")
    return None


if __name__ == "__main__":
    sys.exit(main())


def gui_main() -> int:
    """The `cpdesk-desk` GUI entry point (no console window on Windows): `cpdesk run`."""
    return main(["run", *sys.argv[1:]])
