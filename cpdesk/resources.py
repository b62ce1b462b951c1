"""The one place that finds the app's non-code files: compiled translations, sounds, icons.

Their sources live in the top-level `resources/` folder of the repository; the build compiles
and copies them into the package as `cpdesk/_resources/` (setup.py for a wheel,
`resources/build.py` for a source checkout, which `dev.py` and this module run), so a source
checkout, an installed wheel and a PyInstaller bundle all read them from the package.
`cpdesk/_resources/` is generated, never committed.

In a source checkout the copy is brought up to date on first use (a changed .ts is compiled
again, a new icon copied), so a `git pull` or a merge needs no extra step; elsewhere it is
read as installed.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from importlib.resources import files
from pathlib import Path

BUILT = "_resources"


class ResourcesMissing(RuntimeError):
    """The package carries no compiled resources (a broken install or an unbuilt copy)."""


def _checkout_builder(package: Path) -> Path | None:
    """`resources/build.py` when the package sits in its source checkout."""
    top = package.parent
    builder = top / "resources" / "build.py"
    if builder.is_file() and (top / "pyproject.toml").is_file():
        return builder
    return None


@cache
def root() -> Path:
    """The folder holding i18n/, sounds/, icons/ and app/."""
    package = files("cpdesk")
    if not isinstance(package, Path):  # a zipped install: Qt needs real files
        raise ResourcesMissing(f"cpdesk is not installed as files ({package!r})")
    built = package / BUILT
    if builder := _checkout_builder(package):
        spec = importlib.util.spec_from_file_location("cpdesk_resources_build", builder)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.build(built)
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
    return Path(str(files("cpdesk"))) / BUILT / "fonts"
