"""Build the self-contained cpdesk bundle for the platform this runs on (`python3 dev.py bundle`).

    python -m deploy.build [--dist DIR] [--work DIR]

Linux: dist/cpdesk-<version>-linux-x86_64.tar.gz, a folder `cpdesk-<version>/` holding the
app (`cpdesk`, `cpdesk-desk` and their `_internal/` runtime), `cpdesk.desktop` and
`install.sh`, which installs it for the current user. Windows: dist/cpdesk-<version>-windows-
<arch>.zip of the same folder plus `install.cmd` (and deploy/windows/cpdesk.iss for an Inno
Setup installer); see README, "Install on a depot PC".

PyInstaller keeps its analysis in --work (default build/pyinstaller): a second build with the
same sources reuses it. The data folder (stores, station file, logs) is never inside the app
folder, so installing a newer bundle over an older one keeps it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"

# What cpdesk never imports: left out of the bundle to keep it small. PySide6's hooks collect
# a Qt module's libraries and plugins only when it is imported, so excluding the Python
# module is enough; the list names the big ones that some package could drag in.
QT_UNUSED = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtBluetooth", "QtCanvasPainter", "QtCharts", "QtDataVisualization", "QtDesigner",
    "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLabsStyleKit", "QtLocation",
    "QtMultimediaWidgets", "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets",
    "QtPositioning", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest",
    "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus",
    "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvgWidgets", "QtTest",
    "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick",
    "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
]
EXCLUDES = [f"PySide6.{name}" for name in QT_UNUSED] + [
    "tkinter", "_tkinter", "pytest", "_pytest", "pytestqt", "hypothesis", "mypy", "ruff",
    "pypdf", "zxingcpp", "zplkit", "keyrings.alt", "IPython", "matplotlib", "setuptools",
    "pip", "PyInstaller",
]  # not PIL: reportlab imports it


def unneeded(dest: str) -> bool:
    """Files PySide6's hooks collect that cpdesk never loads: the virtual keyboard input method
    (Qt Quick based), framebuffer/VNC/EGLFS platforms (a depot PC runs X11 or Wayland;
    offscreen stays for the smoke test), the GTK platform theme (it drags in the build
    machine's GTK, cairo and pango, which may not match the PC's), Qt's own translations
    other than fr/nl/de, Babel's locale data other than French, Dutch, German, English."""
    path = dest.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    if "VirtualKeyboard" in name or "virtualkeyboard" in name:
        return True
    if "/plugins/platforms/" in path and not any(
            k in name for k in ("xcb", "wayland", "offscreen", "minimal.", "qwindows")):
        return True
    if name == "libqgtk3.so":
        return True
    if "EglFS" in name or "/plugins/egldeviceintegrations/" in path:
        return True
    if path.startswith("babel/locale-data/") and not name.startswith(
            ("root.", "fr.", "fr_", "nl.", "nl_", "de.", "de_", "en.", "en_")):
        return True
    if "/Qt/translations/" in path and not name.endswith(("_fr.qm", "_nl.qm", "_de.qm")):
        return True
    return False

# The fonts the PDF documents use (cpdesk/documents/fonts.py): DejaVu, shipped in the bundle
# so that a Windows PC (which has no DejaVu) prints the same documents as Linux.
FONT_NAMES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf",
              "DejaVuSansMono-Bold.ttf", "DejaVuSansCondensed.ttf",
              "DejaVuSansCondensed-Bold.ttf")
FONT_DIRS = (ROOT / "deploy" / "fonts", Path("/usr/share/fonts/truetype/dejavu"),
             Path("/usr/share/fonts/dejavu"))


def font_files() -> list[Path]:
    """The DejaVu files found on the build machine (deploy/fonts/ first); every one is needed."""
    found = []
    for name in FONT_NAMES:
        path = next((d / name for d in FONT_DIRS if (d / name).exists()), None)
        if path is None:
            raise SystemExit(f"bundle: {name} not found in {', '.join(map(str, FONT_DIRS))}: "
                             "install fonts-dejavu-core (Linux) or copy the DejaVu files into "
                             "deploy/fonts/")
        found.append(path)
    return found


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from cpdesk import __version__

    return __version__


def platform_tag() -> str:
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    if system.startswith("linux"):
        system = "linux"
    return f"{system}-{machine}"


def pyinstaller(dist: Path, work: Path) -> Path:
    """Compile resources/ into the package, run PyInstaller on deploy/cpdesk.spec; the app
    folder it made."""
    subprocess.run([sys.executable, str(ROOT / "resources" / "build.py")], check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(DEPLOY / "cpdesk.spec")]
    subprocess.run(cmd, check=True, cwd=ROOT)
    return dist / "cpdesk"


def package(app: Path, dist: Path) -> Path:
    """The app folder renamed cpdesk-<version>/, with its launcher and install script, as one
    archive (tar.gz on Linux, zip on Windows)."""
    name = f"cpdesk-{version()}"
    folder = app.with_name(name)
    if folder.exists():
        shutil.rmtree(folder)
    app.rename(folder)
    if sys.platform == "win32":
        shutil.copy2(DEPLOY / "windows" / "install.cmd", folder / "install.cmd")
        archive = dist / f"{name}-{platform_tag()}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(folder.rglob("*")):
                zf.write(path, path.relative_to(folder.parent))
        return archive
    shutil.copy2(ROOT / "resources" / "app" / "cpdesk.desktop", folder / "cpdesk.desktop")
    shutil.copy2(DEPLOY / "linux" / "install.sh", folder / "install.sh")
    os.chmod(folder / "install.sh", 0o755)
    archive = dist / f"{name}-{platform_tag()}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tf:
        tf.add(folder, arcname=name)
    return archive


def build(dist: Path, work: Path | None = None) -> Path:
    """Build the bundle into `dist`; the archive's path."""
    dist.mkdir(parents=True, exist_ok=True)
    work = work or ROOT / "build" / "pyinstaller"
    return package(pyinstaller(dist, work), dist)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dev.py bundle", description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the archive goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's cache (default: build/pyinstaller)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    archive = build(args.dist, args.work)
    folder = args.dist / f"cpdesk-{version()}"
    print(f"bundle: {archive} ({archive.stat().st_size / 1e6:.0f} MB; the app folder "
          f"{folder_size(folder) / 1e6:.0f} MB) in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
