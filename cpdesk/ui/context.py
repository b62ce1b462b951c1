"""What every screen needs, built once by the composition root (cpdesk/ui/app.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

if TYPE_CHECKING:
    from cpdesk.counter.service import CounterService
    from cpdesk.documents.service import DocumentService
    from cpdesk.loading.service import LoadingService
    from cpdesk.packing.service import PackingService


@dataclass
class AppContext:
    data_dir: Path
    depot: str  # depot code, e.g. "HES"
    engine: Engine  # the depot's local store
    today: dt.date
    language: str = "fr"  # the depot's at start, then the one the user switched to


class Services:
    """The services the screens call, each made once for the depot's store, on first use:
    a screen built later (the counter, the loading screen) brings its service's modules then,
    not at start."""

    def __init__(self, packing: PackingService | None = None,
                 counter: CounterService | None = None, loading: LoadingService | None = None,
                 *, engine: Engine | None = None, depot: str | None = None) -> None:
        self._packing, self._counter, self._loading = packing, counter, loading
        self._engine, self._depot = engine, depot
        self._documents: DocumentService | None = None

    def _store(self) -> tuple[Engine, str]:
        if self._engine is None or self._depot is None:
            raise RuntimeError("Services made without a store cannot make a service")
        return self._engine, self._depot

    @property
    def packing(self) -> PackingService:
        if self._packing is None:
            from cpdesk.packing.service import PackingService

            self._packing = PackingService(*self._store())
        return self._packing

    @property
    def counter(self) -> CounterService:
        if self._counter is None:
            from cpdesk.counter.service import CounterService

            self._counter = CounterService(*self._store())
        return self._counter

    @property
    def loading(self) -> LoadingService:
        if self._loading is None:
            from cpdesk.loading.service import LoadingService

            self._loading = LoadingService(*self._store())
        return self._loading

    @property
    def documents(self) -> DocumentService:
        """The documents the screens print on demand (delivery notes, labels, manifests)."""
        if self._documents is None:
            from cpdesk.documents.service import DocumentService

            self._documents = DocumentService(*self._store())
        return self._documents

    @classmethod
    def for_context(cls, ctx: AppContext) -> Services:
        return cls(engine=ctx.engine, depot=ctx.depot)
