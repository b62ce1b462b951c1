"""What every screen needs, built once by the composition root (cpdesk/ui/app.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine


@dataclass
class AppContext:
    data_dir: Path
    depot: str  # depot code, e.g. "HES"
    engine: Engine  # the depot's local store
    today: dt.date
    language: str = "fr"  # the depot's at start, then the one the user switched to
