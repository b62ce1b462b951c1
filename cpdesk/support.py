"""`cpdesk support-bundle --out FILE.zip`: what a support person needs, nothing personal.

In the zip: the log files, the station file, versions (cpdesk, Python, Qt, SQLAlchemy, the
OS), per depot store its outbox and print-queue counts and SQLite's integrity check, and
the store's settings without secrets. Left out: the databases themselves (customers, sales),
the `secrets/` folder, passwords (redacted from the logs and URLs as well).
"""

from __future__ import annotations

import json
import platform
import sys
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from cpdesk import logs
from cpdesk import station as station_file
from cpdesk.store import paths
from cpdesk.store.db import open_store
from cpdesk.store.models import Meta, Outbox, PrintJob

SECRET_META = ("central_secret",)


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": sys.version.split()[0], "platform": platform.platform()}
    for package in ("cpdesk", "PySide6", "SQLAlchemy", "alembic", "pyserial", "python-escpos",
                    "psycopg"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = "not installed"
    return out


def store_report(path: Path) -> dict[str, Any]:
    """Counts and checks of one depot store; no row of customer or sale data."""
    engine = open_store(path)
    try:
        with Session(engine) as session:
            report: dict[str, Any] = {
                "file": path.name, "size_bytes": path.stat().st_size,
                "integrity_check": "; ".join(
                    str(r[0]) for r in session.execute(text("PRAGMA integrity_check"))),
                "outbox_waiting": session.scalar(select(func.count()).select_from(Outbox)
                                                 .where(Outbox.sent_at.is_(None))) or 0,
                "outbox_total": session.scalar(select(func.count()).select_from(Outbox)) or 0,
                "print_jobs": {state: n for state, n in session.execute(
                    select(PrintJob.state, func.count()).group_by(PrintJob.state))},
                "print_errors": [logs.redact(e) for e in session.scalars(
                    select(PrintJob.last_error).where(PrintJob.last_error != "")
                    .order_by(PrintJob.created_at.desc()).limit(10))],
                "meta": {m.key: logs.redact(m.value) for m in session.scalars(select(Meta))
                         if m.key not in SECRET_META},
            }
    except Exception as exc:  # a broken store is exactly what support wants to hear about
        report = {"file": path.name, "error": f"{type(exc).__name__}: {exc}"}
    finally:
        engine.dispose()
    return report


def write_bundle(out: Path, *, data_dir: Path, station_path: Path,
                 log_directory: Path | None = None) -> list[str]:
    """Write the zip; returns the names of its entries."""
    log_directory = log_directory or logs.log_dir()
    out.parent.mkdir(parents=True, exist_ok=True)
    summary: dict[str, Any] = {"versions": versions(), "data_dir": str(data_dir),
                               "station_file": str(station_path),
                               "stores": [store_report(paths.depot_path(data_dir, d))
                                          for d in paths.depots_in(data_dir)]}
    try:
        summary["station"] = station_file.load(station_path).describe()
    except Exception as exc:  # an unreadable station file is worth reporting, not failing on
        summary["station"] = [f"unreadable: {exc}"]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("summary.json", json.dumps(summary, indent=2, ensure_ascii=False,
                                               default=str))
        if station_path.exists():
            zf.writestr("station.toml", logs.redact(station_path.read_text(encoding="utf-8")))
        for log_file in sorted(log_directory.glob("*.log*")):
            zf.writestr(f"logs/{log_file.name}",
                        logs.redact(log_file.read_text(encoding="utf-8", errors="replace")))
        return zf.namelist()
