"""Demo mode: the same protocol against the embedded central database (DIR/central.sqlite)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from cpdesk import clock
from cpdesk.store import paths
from cpdesk.store.db import sqlite_url, transaction
from cpdesk.store.models import Meta

from .apply import set_meta
from .central import head_cursor, install_sqlite_central
from .engine import CURSOR_KEY, EPOCH_KEY, HISTORY_KEY


def link_demo(data_dir: Path, central: Engine, depot_stores: dict[str, Engine]) -> None:
    """Make central.sqlite a centre and point each depot store at it. The generator already
    wrote each depot's view, so the depots start at the centre's current cursor."""
    install_sqlite_central(central)
    cursor = head_cursor(central)
    with transaction(central) as session:
        epoch = session.scalar(select(Meta.value).where(Meta.key == "epoch")) or ""
    # Relative to the data folder, so a demo folder can be moved or copied (connect_central
    # resolves it against the folder it is opened from).
    url = sqlite_url(paths.central_path(Path(".")))
    for engine in depot_stores.values():
        with transaction(engine) as session:
            conn = session.connection()
            set_meta(conn, "central_url", url)
            set_meta(conn, "central_secret", "")
            set_meta(conn, EPOCH_KEY, epoch)
            set_meta(conn, CURSOR_KEY, cursor)
            # The generator wrote each depot's own history into its store.
            set_meta(conn, HISTORY_KEY, clock.utcnow().isoformat(timespec="seconds"))
