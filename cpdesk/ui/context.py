"""What every screen needs, built once by the composition root (cpdesk/ui/app.py)."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from cpdesk import clock

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from cpdesk.counter.service import CounterService
    from cpdesk.documents.service import DocumentService
    from cpdesk.loading.service import LoadingService
    from cpdesk.packing.service import PackingService


class AppContext:
    """The depot, its day and its store. `store` is the store's file; `engine` its SQLAlchemy
    engine, opened on first use when not given (`db.open_store`, without the integrity check,
    which the window runs in the background): the desk reads its first board from the file
    (cpdesk.store.board_read) and opens the engine after its first frame, on a worker thread
    (cpdesk/ui/app.py; SQLAlchemy and the models were ~40 % of the start)."""

    def __init__(self, data_dir: Path, depot: str, engine: Engine | None = None,
                 today: dt.date | None = None, language: str = "fr", *,
                 store: Path | None = None) -> None:
        if store is None:
            if engine is None or not engine.url.database:
                raise ValueError("AppContext needs the store's file or its engine")
            store = Path(engine.url.database)
        self.data_dir = data_dir
        self.depot = depot  # depot code, e.g. "HES"
        self.store = store
        self.today = today if today is not None else clock.today()
        self.language = language  # the depot's at start, then the one the user switched to
        self._engine = engine
        self._opening = threading.Lock()

    @property
    def engine(self) -> Engine:
        """The depot store's engine, opened now if this is its first use (a caller on the
        GUI thread waits for a worker thread that is opening it)."""
        engine = self._engine
        if engine is None:
            with self._opening:
                if self._engine is None:
                    from cpdesk.store.db import open_store

                    self._engine = open_store(self.store, check=False)
                engine = self._engine
        return engine

    @property
    def engine_open(self) -> bool:
        return self._engine is not None

    def __repr__(self) -> str:
        return f"AppContext(depot={self.depot!r}, store={str(self.store)!r}, today={self.today})"


class Services:
    """The services the screens call, each made once for the depot's store, on first use:
    a screen built later (the counter, the loading screen) brings its service's modules then,
    not at start."""

    def __init__(self, packing: PackingService | None = None,
                 counter: CounterService | None = None, loading: LoadingService | None = None,
                 *, engine: Engine | None = None, depot: str | None = None,
                 ctx: AppContext | None = None) -> None:
        self._packing, self._counter, self._loading = packing, counter, loading
        self._engine, self._depot, self._ctx = engine, depot, ctx
        self._documents: DocumentService | None = None

    def _store(self) -> tuple[Engine, str]:
        if self._ctx is not None:  # its engine when first needed (after the first frame)
            return self._ctx.engine, self._ctx.depot
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
        """The documents the screens print on demand (delivery notes, labels, manifests).
        Its first use needs the store's engine: ask for it off the GUI thread (the board's
        print menu does, when a document is chosen)."""
        if self._documents is None:
            from cpdesk.documents.service import DocumentService

            self._documents = DocumentService(*self._store())
        return self._documents

    @classmethod
    def for_context(cls, ctx: AppContext) -> Services:
        return cls(ctx=ctx)
