"""`cpdesk station show | set KEY VALUE | test`: this workstation's devices (the station file)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cpdesk import station as station_file


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("station", help="this workstation's devices (the station file)")
    ssub = p.add_subparsers(dest="station_command", required=True, metavar="ACTION")
    show = ssub.add_parser("show", help="print the station file's devices and where it is")
    _common(show)
    show.add_argument("--toml", action="store_true", help="print the file as TOML")
    show.set_defaults(func=cmd_show)
    setp = ssub.add_parser("set", help="change one setting, e.g. 'scale.port /dev/ttyUSB0' "
                           "('scale none' removes the scale)")
    _common(setp)
    setp.add_argument("key")
    setp.add_argument("value")
    setp.set_defaults(func=cmd_set)
    test = ssub.add_parser("test", help="read the scale once and ask each printer its status")
    _common(test)
    test.add_argument("--print", action="store_true", help="also print a test page")
    test.add_argument("--timeout", type=float, default=3.0)
    test.set_defaults(func=cmd_test)

    bundle = sub.add_parser("support-bundle", help="zip the logs, station file, versions and "
                            "store checks for support (no passwords, no personal data)")
    bundle.add_argument("--out", type=Path, required=True, metavar="FILE.zip")
    bundle.add_argument("--data-dir")
    bundle.add_argument("--station", type=Path, metavar="FILE.toml")
    bundle.set_defaults(func=cmd_support_bundle)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--station", type=Path, metavar="FILE.toml",
                   help="station file (default: CPDESK_STATION, else the user config folder)")
    p.add_argument("--json", action="store_true")


def cmd_show(args: argparse.Namespace) -> int:
    from cpdesk import station as station_file
    path = station_file.resolve_path(args.station)
    config = station_file.load(path)
    if args.json:
        print(json.dumps({"path": str(path), "exists": path.exists(), **config.to_dict()}))
    elif args.toml:
        print(station_file.dumps(config), end="")
    else:
        print(f"station file: {path}" + ("" if path.exists() else " (none yet: no devices)"))
        for line in config.describe():
            print(f"  {line}")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from cpdesk import station as station_file
    path = station_file.resolve_path(args.station)
    config = station_file.set_key(station_file.load(path), args.key, args.value)
    station_file.save(config, path)
    if args.json:
        print(json.dumps({"path": str(path), **config.to_dict()}))
    else:
        print(f"saved {path}")
        for line in config.describe():
            print(f"  {line}")
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    from cpdesk import station as station_file
    path = station_file.resolve_path(args.station)
    config = station_file.load(path)
    report = run_tests(config, print_page=args.print, timeout_s=args.timeout)
    if args.json:
        print(json.dumps(report))
    else:
        if not report:
            print(f"no devices in {path}")
        for device, result in report.items():
            state = "ok" if result.get("ok") else "FAILED"
            detail = result.get("reading") or result.get("error") or result.get("paper", "")
            print(f"{device}: {state}  {detail}")
    return 0 if all(r.get("ok") for r in report.values()) else 1


def run_tests(config: station_file.StationConfig, *, print_page: bool,
              timeout_s: float) -> dict[str, dict[str, Any]]:
    from cpdesk.documents.printer_pages import page_for
    from cpdesk.hardware.printers import printer_status_report
    from cpdesk.hardware.scale_service import ScaleReadError, read_once

    report: dict[str, dict[str, Any]] = {}
    if config.scale is not None:
        spec, line = config.scale.protocol_and_line()
        try:
            reading = read_once(config.scale.port, spec, line=line, timeout_s=timeout_s)
        except ScaleReadError as exc:
            report["scale"] = {"ok": False, "error": str(exc)}
        else:
            report["scale"] = {"ok": True, "reading": reading.describe(), **reading.to_json()}
    for kind, printer in config.printers().values():
        report[kind.device] = printer_status_report(
            printer.url, kind=kind.name, timeout_s=timeout_s,
            page=page_for(kind.name) if print_page else None)
    for n, scanner in enumerate(config.scanners):
        if scanner.kind == "serial":
            report[f"scanner {n}"] = _port_opens(scanner.port, scanner.baudrate)
    return report


def _port_opens(url: str, baudrate: int) -> dict[str, Any]:
    from cpdesk.hardware.transport import LineSettings, TransportError, open_transport

    try:
        open_transport(url, LineSettings(baudrate), timeout_s=0.2).close()
    except TransportError as exc:
        return {"ok": False, "error": str(exc)}
    return {"ok": True}



def cmd_support_bundle(args: argparse.Namespace) -> int:
    from cpdesk import station as station_file
    from cpdesk.store import paths
    from cpdesk.support import write_bundle

    names = write_bundle(args.out, data_dir=paths.resolve_data_dir(args.data_dir),
                         station_path=station_file.resolve_path(args.station))
    print(f"wrote {args.out} ({len(names)} files: {', '.join(names)})")
    return 0
