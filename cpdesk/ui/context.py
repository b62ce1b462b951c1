"""What every screen needs, built once by the composition root (cpdesk/ui/app.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from cpdesk.counter.service import CounterService
from cpdesk.loading.service import LoadingService
from cpdesk.packing.service import PackingService


@dataclass
class AppContext:
    data_dir: Path
    depot: str  # depot code, e.g. "HES"
    engine: Engine  # the depot's local store
    today: dt.date
    language: str = "fr"  # the depot's at start, then the one the user switched to


@dataclass
class Services:
    """The services the screens call, each made once for the depot's store."""

    packing: PackingService
    counter: CounterService
    loading: LoadingService

    @classmethod
    def for_context(cls, ctx: AppContext) -> Services:
        return cls(PackingService(ctx.engine, ctx.depot), CounterService(ctx.engine, ctx.depot),
                   LoadingService(ctx.engine, ctx.depot))
