"""Board first, the rest later: the command line imports a command's implementation
only when that command runs, and `cpdesk demo` reaches its first board frame without the
modules that only other work needs (the demo generator, PostgreSQL, reportlab's platypus,
QtPdf, biip's tables, and SQLAlchemy with the store's models: the first board is read with
plain sqlite3).

Each check runs a new interpreter with `-X importtime`, which writes one line per module
imported, on stderr, as it is imported. For the desk, stderr and stdout share one pipe, so
the modules named before its `screenshot: FILE` line (printed once the first loaded board
frame is written) are those imported before that frame.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cpdesk.cli import documents as cli_documents

HEAVY_FOR_HELP = (
    "PySide6", "sqlalchemy", "cpdesk.store.db", "cpdesk.store.models", "cpdesk.demo.network",
    "cpdesk.demo.generator", "psycopg", "sqlalchemy.dialects.postgresql", "reportlab",
    "reportlab.platypus", "PySide6.QtPdf", "biip", "escpos", "cpdesk.station",
)
NOT_BEFORE_FIRST_BOARD = (
    "cpdesk.demo.network", "cpdesk.demo.generator", "psycopg", "sqlalchemy.dialects.postgresql",
    "cpdesk.sync.central", "biip", "escpos", "PySide6.QtMultimedia", "PySide6.QtPdf",
    "PySide6.QtPdfWidgets", "PySide6.QtPrintSupport", "reportlab", "reportlab.platypus",
    "cpdesk.ui.counter.screen", "cpdesk.ui.loading.screen", "cpdesk.ui.packing.screen",
    # the first board is read from the store's file with plain sqlite3 (store/board_read.py):
    # SQLAlchemy, the models and the store's engine come after the first frame
    "sqlalchemy", "sqlalchemy.orm", "cpdesk.store.models", "cpdesk.store.db",
    "cpdesk.packing.service", "cpdesk.sync.worker",
    # the drivers' modules come with their device: the demo's scale reader starts after the
    # first frame, and it has no serial scanner
    "cpdesk.hardware.scale_service", "cpdesk.hardware.serial_scanner",
    # the board's day and the demo scale's weights are written without Babel (formats.py)
    "babel", "babel.dates", "babel.numbers",
)


def imported(lines: list[str]) -> set[str]:
    """Module names in `-X importtime` lines ('import time: SELF | CUMULATIVE | NAME')."""
    return {line.rsplit("|", 1)[1].strip() for line in lines
            if line.startswith("import time:") and line.count("|") == 2}


def run_importtime(*args: str) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "cpdesk", *args],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=180, env=env)
    assert done.returncode == 0, done.stdout[-3000:]
    return done.stdout.splitlines()


def test_importtime_lines_are_read():
    """The reader of `-X importtime` finds the modules a plain command does import (so the
    checks below cannot pass by reading nothing)."""
    modules = imported(run_importtime("--help"))
    assert {"argparse", "cpdesk.cli", "cpdesk.cli.data"} <= modules


@pytest.mark.parametrize("command", [
    ("--help",), ("demo", "--help"), ("label", "--help"), ("central", "init", "--help"),
    ("init-demo", "--help"), ("station", "show", "--help"),
])
def test_help_imports_no_command_implementation(command):
    modules = imported(run_importtime(*command))
    assert modules & set(HEAVY_FOR_HELP) == set()


def test_command_imports_its_implementation_when_it_runs(tmp_path):
    """The other side: a command that needs the store and the documents loads them."""
    modules = imported(run_importtime("init-demo", "--data-dir", str(tmp_path / "net"),
                                      "--orders", "20"))
    assert {"cpdesk.demo.network", "cpdesk.store.db"} <= modules
    assert "reportlab.platypus" not in modules


def test_the_first_board_frame_waits_for_none_of_the_heavy_modules(demo_dir: Path,
                                                                   tmp_path: Path):
    shot = tmp_path / "board.png"
    lines = run_importtime("demo", "--data-dir", str(demo_dir), "--depot", "HES",
                           "--screenshot", str(shot))
    marks = [i for i, line in enumerate(lines) if line.startswith("screenshot: ")]
    assert marks, lines[-20:]
    before = imported(lines[:marks[0]])
    assert {"PySide6.QtWidgets", "cpdesk.ui.board", "cpdesk.store.board_read"} <= before
    assert before & set(NOT_BEFORE_FIRST_BOARD) == set()
    assert shot.stat().st_size > 0
    # The desk's modules without Qt, imported before PySide6 (cpdesk/ui/before_qt.py): no Qt
    # among them, and nothing the first board frame would not import anyway.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import cpdesk.ui.before_qt"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=180, env=env)
    assert done.returncode == 0, done.stdout[-3000:]
    first = imported(done.stdout.splitlines())
    assert {"cpdesk.store.board_read", "cpdesk.hardware.print_queue", "cpdesk.formats"} <= first
    assert not {m for m in first if m.startswith(("PySide6", "shiboken6"))}
    assert first <= before | {"cpdesk.ui.before_qt"}, first - before


def test_the_command_line_knows_the_document_languages():
    from cpdesk.documents.i18n import LANGUAGES

    assert cli_documents.LANGUAGES == LANGUAGES
