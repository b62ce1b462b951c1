"""Create the embedded demo network on disk: a central database and one store per depot."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from cpdesk.errors import CpdeskError
from cpdesk.store import pack_progress, paths
from cpdesk.store.db import open_store
from cpdesk.sync.config import store_pepper
from cpdesk.sync.demo import link_demo

from .generator import DemoNetwork, depot_view, generate, write


@dataclass(frozen=True)
class DemoSummary:
    data_dir: Path
    today: dt.date
    counts: dict[str, int]
    depots: list[str]


def init_demo(data_dir: Path, *, seed: int = 1, orders: int = 250, force: bool = False,
              today: dt.date | None = None) -> DemoSummary:
    central = paths.central_path(data_dir)
    existing = [central, *data_dir.glob("depot-*.sqlite")] if data_dir.exists() else []
    if any(p.exists() for p in existing):
        if not force:
            raise CpdeskError(f"a network already exists in {data_dir} (use --force to replace it)")
        for p in data_dir.glob("*.sqlite*"):
            p.unlink()
        for p in data_dir.glob("secrets/pin-pepper-*.secret"):
            p.unlink()
        shutil.rmtree(data_dir / "spool", ignore_errors=True)
    if orders < 1:
        raise CpdeskError("--orders must be at least 1")
    data_dir.mkdir(parents=True, exist_ok=True)
    net: DemoNetwork = generate(seed=seed, orders=orders, today=today)
    meta = {"demo_seed": str(seed), "demo_today": net.today.isoformat()}
    central_engine = open_store(central, create=True)
    write(central_engine, net.rows, {"role": "central", **meta})
    stores = {}
    for code in net.depot_ids:
        engine = open_store(paths.depot_path(data_dir, code), create=True)
        # The depot's PIN pepper goes to DIR/secrets (a file: the demo stays out of keyrings).
        where = store_pepper(data_dir, code, net.pin_peppers[code], keyring_ok=False)
        write(engine, depot_view(net, code),
              {"role": "depot", "depot": code, "pin_pepper": where, **meta})
        stores[code] = engine
    link_demo(data_dir, central_engine, stores)  # the depots sync with central.sqlite
    for engine in stores.values():  # the board's progress rows of the orders just written
        pack_progress.catch_up(engine)
    for engine in (central_engine, *stores.values()):
        engine.dispose()
    return DemoSummary(data_dir, net.today, {t: len(r) for t, r in net.rows.items()},
                       list(net.depot_ids))
