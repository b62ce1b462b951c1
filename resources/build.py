"""Compile and copy the sources of resources/ into the package, where the code reads them.

    python resources/build.py [DEST]      # default DEST: cpdesk/_resources of this checkout

What goes where (DEST is `cpdesk/_resources/` in a checkout, `<build_lib>/cpdesk/_resources/`
when setup.py builds a wheel; `cpdesk.resources` finds it the same way in both and in a
PyInstaller bundle):

    i18n/cpdesk_xx.ts   -> i18n/cpdesk_xx.qm   (compiled by Qt's lrelease, from PySide6)
    sounds/*.wav        -> sounds/
    icons/*.svg         -> icons/
    app/cpdesk.*        -> app/                (application icon: .svg, .ico, .png sizes;
                                                the .desktop file)

Only what is older than its source is redone, so running it again costs a few file stats.
Files are written beside their target and renamed into place, so a reader (the app, a
second test run) never sees half a file. Standard library only, plus lrelease.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SOURCE = Path(__file__).resolve().parent
LANGUAGES = ("fr", "nl", "de")  # English is the source language: it needs no file
COPIED = {"sounds": ("*.wav",), "icons": ("*.svg",),
          "app": ("cpdesk.svg", "cpdesk.ico", "cpdesk-*.png", "cpdesk.desktop")}


def lrelease() -> list[str]:
    """The command that runs Qt's lrelease: PySide6's wrapper beside this Python, on the
    PATH, or the binary inside the PySide6 package."""
    here = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "pyside6-lrelease.exe"):
        if (here / name).is_file():
            return [str(here / name)]
    if found := shutil.which("pyside6-lrelease"):
        return [found]
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.origin is not None:
        package = Path(spec.origin).parent
        for candidate in (package / "lrelease", package / "lrelease.exe",
                          package / "Qt" / "libexec" / "lrelease"):
            if candidate.is_file():
                return [str(candidate)]
    raise FileNotFoundError("Qt's lrelease was not found: install PySide6 (pip install PySide6)")


def plan(source: Path = SOURCE) -> dict[Path, Path]:
    """Each file to make (relative to DEST) -> its source."""
    out: dict[Path, Path] = {}
    for lang in LANGUAGES:
        out[Path("i18n", f"cpdesk_{lang}.qm")] = source / "i18n" / f"cpdesk_{lang}.ts"
    for folder, patterns in COPIED.items():
        for pattern in patterns:
            for path in sorted((source / folder).glob(pattern)):
                out[Path(folder, path.name)] = path
    return out


def _stale(target: Path, source: Path) -> bool:
    return not target.exists() or target.stat().st_mtime < source.stat().st_mtime


def _write_atomically(target: Path, make: object) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=target.suffix)
    os.close(fd)
    try:
        make(Path(tmp))  # type: ignore[operator]
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def build(dest: Path, *, source: Path = SOURCE) -> list[Path]:
    """Bring DEST up to date with `source`; returns the files (re)made. Files in DEST that no
    longer have a source (a removed icon) are deleted."""
    wanted = plan(source)
    made = []
    for relative, origin in wanted.items():
        target = dest / relative
        if not _stale(target, origin):
            continue
        if target.suffix == ".qm":
            def compile_ts(tmp: Path, ts: Path = origin) -> None:
                subprocess.run([*lrelease(), "-silent", str(ts), "-qm", str(tmp)],
                               check=True, capture_output=True, timeout=120)
            _write_atomically(target, compile_ts)
        else:
            _write_atomically(target, lambda tmp, src=origin: shutil.copyfile(src, tmp))
        made.append(target)
    if dest.is_dir():
        for path in dest.rglob("*"):
            if path.is_file() and path.relative_to(dest) not in wanted \
                    and not path.name.startswith("."):
                path.unlink()
    return made


def main(argv: list[str]) -> int:
    dest = Path(argv[0]) if argv else SOURCE.parent / "cpdesk" / "_resources"
    made = build(dest)
    print(f"resources: {len(made)} file(s) made in {dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
