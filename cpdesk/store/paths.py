"""Where a data folder keeps its databases.

    DIR/central.sqlite        the embedded central database of the demo network
    DIR/depot-HES.sqlite      the local store of depot HES (one per depot)
    DIR/spool/                print jobs rendered to files in demo mode
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from cpdesk.errors import CpdeskError


def default_data_dir() -> Path:
    """CPDESK_DATA_DIR, else the platform's user data folder."""
    env = os.environ.get("CPDESK_DATA_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("cpdesk", "Circuits Paysans"))


def resolve_data_dir(value: str | os.PathLike[str] | None) -> Path:
    return Path(value) if value else default_data_dir()


def central_path(data_dir: Path) -> Path:
    return data_dir / "central.sqlite"


def depot_path(data_dir: Path, depot: str) -> Path:
    return data_dir / f"depot-{depot.upper()}.sqlite"


def depots_in(data_dir: Path) -> list[str]:
    return sorted(p.stem.removeprefix("depot-") for p in data_dir.glob("depot-*.sqlite"))


def existing_depot_path(data_dir: Path, depot: str | None) -> Path:
    """The store of `depot`, or of the only/first depot in the folder; a clear error if none."""
    if depot:
        path = depot_path(data_dir, depot)
        if not path.exists():
            known = ", ".join(depots_in(data_dir)) or "none"
            raise CpdeskError(f"no depot {depot.upper()} in {data_dir} (depots there: {known})")
        return path
    found = depots_in(data_dir)
    if not found:
        raise CpdeskError(f"no depot database in {data_dir} (run 'cpdesk init-demo' first)")
    return depot_path(data_dir, found[0])
