"""The one place that finds the app's non-code files: compiled translations, sounds, icons.

Their sources live in the top-level `resources/` folder of the repository; the build compiles
and copies them into the package as `cpdesk/_resources/` (setup.py for a wheel,
`resources/build.py` for a source checkout, which `dev.py` and this module run), so a source
checkout, an installed wheel and a PyInstaller bundle all read them from the package.
`cpdesk/_resources/` is generated, never committed.

In a source checkout the copy is brought up to date on first use (a changed .ts is compiled
again, a new icon copied), so a `git pull` or a merge needs no extra step; elsewhere it is
read as installed. The build runs only when a file or folder of `resources/` (or of the copy)
changed since the last one (`STAMP`): looking costs a few `stat` calls, where loading and
running the builder cost ~7 ms of every start.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

BUILT = "_resources"
STAMP = ".built"
"""In the copy: written when a build brought it up to date (the build keeps dot files)."""
SOURCE_FOLDERS = ("i18n", "sounds", "icons", "app")
"""The folders of resources/ the build reads (resources/build.py)."""


class ResourcesMissing(RuntimeError):
    """The package carries no compiled resources (a broken install or an unbuilt copy)."""


def _checkout_builder(package: Path) -> Path | None:
    """`resources/build.py` when the package sits in its source checkout."""
    top = package.parent
    builder = top / "resources" / "build.py"
    if builder.is_file() and (top / "pyproject.toml").is_file():
        return builder
    return None


def _changed_since_built(built: Path, sources: Path) -> bool:
    """Whether a source (resources/build.py, a file of one of `SOURCE_FOLDERS`, one of those
    folders: a file added or removed changes its folder's time) is as recent as the copy's
    stamp, or a folder of the copy more recent (a file of it removed; the build itself
    writes there just before its stamp, within the file system's clock tick), or there is
    no stamp."""
    try:
        stamp = (built / STAMP).stat().st_mtime_ns
        sources_times = [(sources / "build.py").stat().st_mtime_ns]
        copy_times = []
        for name in SOURCE_FOLDERS:
            sources_times.append((sources / name).stat().st_mtime_ns)
            copy_times.append((built / name).stat().st_mtime_ns)
            with os.scandir(sources / name) as entries:
                sources_times += [entry.stat().st_mtime_ns for entry in entries]
    except OSError:  # no stamp yet, or a folder missing (the build says what)
        return True
    return max(sources_times) >= stamp or max(copy_times) > stamp


def bring_up_to_date(package: Path, builder: Path) -> None:
    """In a source checkout: build the copy `package/_resources` from resources/ if anything
    changed since its last build (`builder`: resources/build.py)."""
    built = package / BUILT
    if not _changed_since_built(built, builder.parent):
        return
    import importlib.util

    spec = importlib.util.spec_from_file_location("cpdesk_resources_build", builder)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(built)
    (built / STAMP).touch()


def _package() -> Path:
    return Path(__file__).parent


@cache
def root() -> Path:
    """The folder holding i18n/, sounds/, icons/ and app/."""
    package = _package()
    if not package.is_dir():  # a zipped install: Qt needs real files
        raise ResourcesMissing(f"cpdesk is not installed as files ({package})")
    built = package / BUILT
    if builder := _checkout_builder(package):
        bring_up_to_date(package, builder)
    if not (built / "i18n").is_dir():
        raise ResourcesMissing(f"no compiled resources in {built}: build the package "
                               "(pip install .) or run `python3 dev.py resources`")
    return built


def translation(language: str) -> Path:
    """The compiled Qt translation of `language` ("fr", "nl", "de"); may not exist."""
    return root() / "i18n" / f"cpdesk_{language}.qm"


def sound(name: str) -> Path:
    """A scan sound: "accepted" or "refused"."""
    return root() / "sounds" / f"{name}.wav"


def icon(name: str) -> Path:
    """An SVG icon of resources/icons/ by its file name without .svg ("printer")."""
    return root() / "icons" / f"{name}.svg"


def app_icons() -> list[Path]:
    """The application icon: its SVG and the PNG sizes (16 to 256 px)."""
    folder = root() / "app"
    return [folder / "cpdesk.svg", *sorted(folder.glob("cpdesk-*.png"))]


def desktop_file() -> Path:
    """The freedesktop launcher (`cpdesk.desktop`) that a Linux install puts in place."""
    return root() / "app" / "cpdesk.desktop"


def fonts() -> Path:
    """The DejaVu fonts of the PDF documents when the package carries them: only the bundle
    does (deploy/build.py puts them in `_resources/fonts/`, so a Windows PC, which has no
    DejaVu, prints what Linux prints). Not built: a checkout or a wheel uses the system's."""
    return _package() / BUILT / "fonts"
