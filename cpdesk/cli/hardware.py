"""Hardware diagnostics: `cpdesk scale read|watch`, `cpdesk barcode`, `cpdesk printer test`."""

from __future__ import annotations

import argparse
import json
import sys
import time

from cpdesk.errors import CpdeskError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from cpdesk.hardware.printer_kinds import raw_kinds

    scale = sub.add_parser("scale", help="read a scale (diagnostics)")
    scale_sub = scale.add_subparsers(dest="scale_command", required=True, metavar="ACTION")
    read = scale_sub.add_parser("read", help="print one reading")
    _scale_options(read)
    read.set_defaults(func=cmd_scale_read)
    watch = scale_sub.add_parser("watch", help="stream readings with their raw bytes")
    _scale_options(watch)
    watch.add_argument("--count", type=int, default=0, help="stop after N readings (0: never)")
    watch.set_defaults(func=cmd_scale_watch)
    sim = scale_sub.add_parser("simulate", help="run a simulated scale (demo, diagnostics)")
    sim.add_argument("--protocol", required=True,
                     help="mt-sics, toledo-8217, toledo-continuous, cas, regex")
    sim.add_argument("--weight", type=str, default="1000", help="grams")
    sim.add_argument("--tcp-port", type=int, default=None, help="serve TCP instead of a pty")
    sim.add_argument("--duration", type=float, default=0, help="seconds (0: until Ctrl-C)")
    sim.set_defaults(func=cmd_scale_simulate)

    barcode = sub.add_parser("barcode", help="say what a barcode means")
    barcode.add_argument("code")
    barcode.add_argument("--data-dir", default=None)
    barcode.add_argument("--depot", default=None)
    barcode.add_argument("--json", action="store_true")
    barcode.set_defaults(func=cmd_barcode)

    printer = sub.add_parser("printer", help="printer diagnostics")
    printer_sub = printer.add_subparsers(dest="printer_command", required=True, metavar="ACTION")
    test = printer_sub.add_parser("test", help="print a test page and report the status")
    test.add_argument("--printer", required=True, help="tcp://host:9100, usb://VID:PID, ...")
    test.add_argument("--kind", choices=raw_kinds(), required=True)
    test.add_argument("--timeout", type=float, default=3.0)
    test.add_argument("--json", action="store_true")
    test.set_defaults(func=cmd_printer_test)


def _scale_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", required=True, help="/dev/ttyUSB0, COM3, socket://host:port")
    p.add_argument("--protocol", required=True,
                   help="mt-sics, toledo-8217, toledo-continuous, cas, regex")
    p.add_argument("--baud", type=int)
    p.add_argument("--bytesize", type=int)
    p.add_argument("--parity", choices=("N", "E", "O"))
    p.add_argument("--stopbits", type=int)
    p.add_argument("--timeout", type=float, default=2.0)
    p.add_argument("--request", help="regex protocol: what to send (\\r\\n escapes)")
    p.add_argument("--pattern", help="regex protocol: a regex with a (?P<weight>...) group")
    p.add_argument("--json", action="store_true")


def _scale_setup(args: argparse.Namespace) -> tuple[object, object]:
    from dataclasses import replace

    from cpdesk.hardware.scales import get_protocol

    try:
        spec = get_protocol(args.protocol, request=args.request, pattern=args.pattern)
        line = spec.line
        changes = {k: v for k, v in (("baudrate", args.baud), ("bytesize", args.bytesize),
                                      ("parity", args.parity), ("stopbits", args.stopbits))
                   if v is not None}
        line = replace(line, **changes)
    except ValueError as exc:
        raise CpdeskError(str(exc)) from exc
    return spec, line


def cmd_scale_read(args: argparse.Namespace) -> int:
    from cpdesk.hardware.scale_service import read_once

    spec, line = _scale_setup(args)
    reading = read_once(args.port, spec, line=line, timeout_s=args.timeout)  # type: ignore[arg-type]
    if args.json:
        print(json.dumps(reading.to_json()))
    else:
        print(f"{reading.describe()}   raw {reading.raw!r}")
    return 0


def cmd_scale_watch(args: argparse.Namespace) -> int:
    from cpdesk.hardware.scale_service import ScaleReader
    from cpdesk.hardware.scales import Reading

    spec, line = _scale_setup(args)
    count = 0

    def on_raw(data: bytes) -> None:
        if not args.json:
            print(f"  bytes {data!r}", flush=True)

    def on_reading(reading: Reading) -> None:
        nonlocal count
        count += 1
        if args.json:
            print(json.dumps(reading.to_json()), flush=True)
        else:
            print(f"reading {reading.describe()}   raw {reading.raw!r}", flush=True)

    def on_status(status: str) -> None:
        print(f"status: {status}", file=sys.stderr, flush=True)

    reader = ScaleReader(url=args.port, protocol=spec, line=line,  # type: ignore[arg-type]
                         on_reading=on_reading, on_raw=on_raw, on_status=on_status,
                         timeout_s=args.timeout)
    reader.start()
    try:
        while not args.count or count < args.count:
            time.sleep(0.05)
    finally:
        reader.stop()
        print(f"errors: {reader.errors} ({reader.parser.last_error or 'none'})", file=sys.stderr)
    return 0


def cmd_scale_simulate(args: argparse.Namespace) -> int:
    from decimal import Decimal, InvalidOperation

    from cpdesk.hardware.simulator import REGEX_PATTERN, REGEX_REQUEST, SimulatedScale

    try:
        weight = Decimal(args.weight)
    except InvalidOperation:
        raise CpdeskError(f"--weight must be grams, not {args.weight!r}") from None
    sim = SimulatedScale(args.protocol, weight_g=weight)
    url = sim.serve_tcp(port=args.tcp_port) if args.tcp_port is not None else sim.serve_pty()
    print(f"simulated {args.protocol} scale at {url}", flush=True)
    if args.protocol == "regex":
        print(f"  --request {REGEX_REQUEST!r} --pattern {REGEX_PATTERN!r}", flush=True)
    try:
        deadline = time.monotonic() + args.duration if args.duration else None
        while deadline is None or time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        sim.stop()
    return 0


def cmd_barcode(args: argparse.Namespace) -> int:
    from cpdesk.store.barcode_lookup import describe_code

    info = describe_code(args.code, data_dir=args.data_dir, depot=args.depot)
    if args.json:
        print(json.dumps(info, default=str))
    else:
        for key, value in info.items():
            print(f"{key}: {value}")
    return 0


def cmd_printer_test(args: argparse.Namespace) -> int:
    from cpdesk.documents.printer_pages import page_for
    from cpdesk.hardware.printers import print_test_page

    report = print_test_page(args.printer, kind=args.kind, page=page_for(args.kind),
                             timeout_s=args.timeout)
    if args.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return 0 if report.get("ok") else 1
