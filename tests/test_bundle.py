"""The Linux bundle a volunteer installs (`python3 dev.py bundle`, deploy/build.py): built once
per run into a temporary folder (PyInstaller's analysis cached in build/pyinstaller), unpacked,
and started the way a depot PC starts it: the command line, the window (offscreen, with
--screenshot), and install.sh over an older installation whose data must survive.

Building takes minutes (README, "Install on a depot PC"): CPDESK_SKIP_BUNDLE=1 skips these
tests, and only that variable does; they run in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from cpdesk import __version__
from cpdesk.store.db import head_revision

from .conftest import DEMO_TODAY
from .store.test_upgrade import columns, downgrade_to_previous_head, table_rows

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(os.environ.get("CPDESK_SKIP_BUNDLE") == "1",
                       reason="CPDESK_SKIP_BUNDLE=1"),
    pytest.mark.skipif(not sys.platform.startswith("linux"),
                       reason="the bundle test builds the Linux bundle (Windows: README)"),
    pytest.mark.timeout(1200),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("bundle-dist")
    out = subprocess.run([sys.executable, "-m", "deploy.build", "--dist", str(dist),
                          "--work", str(ROOT / "build" / "pyinstaller")],
                         cwd=ROOT, capture_output=True, text=True, timeout=1500)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    found = dist / f"cpdesk-{__version__}-linux-x86_64.tar.gz"
    assert found.exists(), sorted(p.name for p in dist.iterdir())
    shutil.rmtree(dist / f"cpdesk-{__version__}")  # what is tested is what the archive holds
    return found


@pytest.fixture(scope="module")
def app(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive unpacked as a volunteer would: one folder, cpdesk-<version>/."""
    target = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(archive) as tf:
        assert {m.name.split("/")[0] for m in tf.getmembers()} == {f"cpdesk-{__version__}"}
        tf.extractall(target, filter="tar")
    return target / f"cpdesk-{__version__}"


def bundle_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a depot PC's session: nothing of this checkout's Python (the
    keyring stays the test run's "fail" backend: no test writes to the runner's keyring)."""
    env = {k: v for k, v in os.environ.items()
           if k == "PYTHON_KEYRING_BACKEND" or not k.startswith(
               ("PYTHON", "VIRTUAL_ENV", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "CPDESK_DATA_DIR"))}
    return {**env, "QT_QPA_PLATFORM": "offscreen", "CPDESK_LOG_DIR": str(tmp / "log"), **extra}


def run(program: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(program), *args], capture_output=True, text=True, timeout=180,
                          env=env, cwd=program.parent.parent)


def check_screenshot(path: Path) -> None:
    """A PNG of the window's size (1280×800), not blank: read back with Qt."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull(), f"{path} is not an image Qt reads"
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) >= 8, f"only {len(colours)} colours: a blank window?"


def test_the_archive_holds_the_app_its_launcher_and_what_it_loads(archive: Path) -> None:
    with tarfile.open(archive) as tf:
        names = {m.name.split("/", 1)[1] for m in tf.getmembers() if "/" in m.name}
    internal = "_internal/cpdesk"
    for needed in ("cpdesk", "cpdesk-desk", "cpdesk.desktop", "install.sh",
                   f"{internal}/_resources/i18n/cpdesk_fr.qm",
                   f"{internal}/_resources/i18n/cpdesk_nl.qm",
                   f"{internal}/_resources/i18n/cpdesk_de.qm",
                   f"{internal}/_resources/sounds/accepted.wav",
                   f"{internal}/_resources/sounds/refused.wav",
                   f"{internal}/_resources/icons/printer.svg",
                   f"{internal}/_resources/app/cpdesk.svg",
                   f"{internal}/_resources/app/cpdesk-256.png",
                   f"{internal}/_resources/fonts/DejaVuSansCondensed-Bold.ttf",
                   "_internal/babel/locale-data/fr_BE.dat",
                   f"{internal}/store/migrations/env.py",
                   "_internal/PySide6/Qt/plugins/platforms/libqxcb.so",
                   "_internal/PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so"):
        assert needed in names, needed
    assert any(n.startswith(f"{internal}/store/migrations/versions/{head_revision()}")
               for n in names)
    unused = [n for n in names if any(k in n for k in (
        "QtWebEngine", "Qt3D", "QtQuick3D", "QtCharts", "QtDesigner", "VirtualKeyboard",
        "libqvnc", "tkinter", "pytest", "hypothesis", "mypy", "locale-data/ja"))]
    assert unused == []
    assert archive.stat().st_size < 160e6  # 119 MB when measured (README)


def test_the_command_line_runs_from_the_bundle(app: Path, tmp_path: Path) -> None:
    env = bundle_env(tmp_path)
    out = run(app / "cpdesk", "--version", env=env)
    assert (out.returncode, out.stdout) == (0, f"cpdesk {__version__}\n"), out.stderr
    data = tmp_path / "net"
    out = run(app / "cpdesk", "init-demo", "--data-dir", str(data), "--orders", "60", "--today",
              DEMO_TODAY.isoformat(), env=env)
    assert out.returncode == 0, out.stderr
    assert (data / "depot-HES.sqlite").exists() and (data / "central.sqlite").exists()
    out = run(app / "cpdesk", "orders", "--data-dir", str(data), "--depot", "HES", "--date",
              DEMO_TODAY.isoformat(), "--json", env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["orders"]
    out = run(app / "cpdesk", "sync", "--data-dir", str(data), "--depot", "HES", "--once",
              env=env)  # the demo's embedded centre, through alembic and SQLAlchemy
    assert out.returncode == 0, out.stdout + out.stderr
    out = run(app / "cpdesk", "no-such-command", env=env)
    assert out.returncode == 2 and "invalid choice" in out.stderr


def test_the_window_opens_from_the_bundle_on_a_fresh_demo(app: Path, tmp_path: Path) -> None:
    shot = tmp_path / "board.png"
    out = run(app / "cpdesk", "demo", "--data-dir", str(tmp_path / "fresh"), "--screenshot",
              str(shot), env=bundle_env(tmp_path))
    assert out.returncode == 0, out.stderr
    check_screenshot(shot)
    log = (tmp_path / "log" / "cpdesk.log").read_text(encoding="utf-8")
    assert f"cpdesk {__version__} starting (demo)" in log


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "home"
    path.mkdir()
    yield path


def test_installing_over_an_older_version_keeps_and_migrates_the_data(
        app: Path, home: Path, demo_template: Path, tmp_path: Path) -> None:
    """install.sh replaces the app folder and leaves the data folder (the platform's user data
    folder, ~/.local/share/cpdesk) alone; the first start migrates the store the older version
    wrote, every row kept."""
    old_app = home / ".local" / "opt" / "cpdesk"
    old_app.mkdir(parents=True)
    (old_app / "cpdesk").write_text("#!/bin/sh\necho the old version\n")
    (old_app / "left-by-the-old-version").write_text("")
    data = home / ".local" / "share" / "cpdesk"
    shutil.copytree(demo_template, data)
    store = data / "depot-HES.sqlite"
    downgrade_to_previous_head(store)
    with closing(sqlite3.connect(store)) as conn:
        old_tables = columns(conn)
        before = table_rows(conn, old_tables)

    env = bundle_env(tmp_path, HOME=str(home))
    out = subprocess.run(["sh", str(app / "install.sh")], capture_output=True, text=True,
                         timeout=300, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert not (old_app / "left-by-the-old-version").exists()
    assert (old_app / "cpdesk-desk").exists() and not (old_app / "install.sh").exists()
    launcher = (home / ".local/share/applications/cpdesk.desktop").read_text(encoding="utf-8")
    assert f'Exec="{old_app}/cpdesk-desk"' in launcher.splitlines()
    assert "Icon=cpdesk" in launcher.splitlines()
    assert (home / ".local/share/icons/hicolor/scalable/apps/cpdesk.svg").exists()
    assert (home / ".local/share/icons/hicolor/48x48/apps/cpdesk.png").exists()
    command = home / ".local" / "bin" / "cpdesk"
    assert command.resolve() == (old_app / "cpdesk").resolve()

    out = run(command, "--version", env=env)
    assert out.stdout == f"cpdesk {__version__}\n", out.stderr
    # The installed command on the default data folder (a read: it changes no row itself).
    out = run(command, "orders", "--depot", "HES", "--date", DEMO_TODAY.isoformat(), "--json",
              env=env)
    assert out.returncode == 0 and json.loads(out.stdout)["orders"], out.stderr
    with closing(sqlite3.connect(store)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),)
        assert table_rows(conn, old_tables) == before
    # And the launcher's program opens the desk on it.
    shot = tmp_path / "upgraded.png"
    out = run(old_app / "cpdesk-desk", "--depot", "HES", "--station",
              str(home / "no-station.toml"), "--screenshot", str(shot), env=env)
    assert out.returncode == 0, out.stderr
    check_screenshot(shot)


def test_a_store_of_a_newer_version_is_refused_by_the_bundle_and_left_as_it_was(
        app: Path, demo_dir: Path, tmp_path: Path) -> None:
    """Going back to an older bundle after an upgrade: its stores are refused, unchanged."""
    store = demo_dir / "depot-HES.sqlite"
    with closing(sqlite3.connect(store)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999_future'")
    before = store.read_bytes()
    for args in (["orders", "--depot", "HES"],
                 ["run", "--depot", "HES", "--station", str(tmp_path / "none.toml"),
                  "--screenshot", str(tmp_path / "never.png")]):
        out = run(app / "cpdesk", *args, "--data-dir", str(demo_dir), env=bundle_env(tmp_path))
        assert out.returncode == 1
        assert out.stderr.endswith(f"cpdesk: the store {store} was written by a newer version "
                                   "of cpdesk (schema 0999_future): run that version or a "
                                   "newer one\n"), out.stderr
        assert store.read_bytes() == before
        assert not (tmp_path / "never.png").exists()
