"""The `cpdesk` command line: one entry point, one module per topic.

Each topic module exposes `register(subparsers)`; the list below is explicit so that the
command tree is readable in one place.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cpdesk.errors import CpdeskError

from . import app, data, documents, hardware, station, sync


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cpdesk", description="Depot desk of the Circuits Paysans food network."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (data, app, station, hardware, documents, sync):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CpdeskError as exc:
        print(f"cpdesk: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
