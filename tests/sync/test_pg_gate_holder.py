"""A pull whose gate was set by a transaction that ends before the page is read: the sync
still brings what that transaction held back (a fresh snapshot), instead of stopping short
until the next sync. Hypothesis found it (tests/sync/test_pg_stateful.py) under load: a
transaction running when the pull's snapshot was taken ended a moment later, and the final
sync of a depot missed an order changed centrally just before."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, select, text, update
from sqlalchemy.orm import Session

from cpdesk.store.db import transaction
from cpdesk.store.models import Order

from .conftest import PgCentre, depot_copy
from .helpers import open_order

pytestmark = pytest.mark.postgres


def test_a_gate_holder_that_ends_during_the_pull_holds_nothing_back(
        pg: PgCentre, tmp_path: Path) -> None:
    eng = depot_copy(pg, tmp_path, "HES")
    with Session(eng.store) as s:
        oid = open_order(s, "HES")[0].id
    holder = pg.admin.connect()  # a transaction with an xid, running when the pull begins
    holder.execute(text("SELECT pg_current_xact_id()"))
    with transaction(pg.admin) as s:  # committed after the holder began: held back by it
        s.execute(update(Order).where(Order.id == oid).values(
            version=Order.version + 1, notes="changed while a transaction ran"))
    with Session(pg.admin) as s:
        want = s.scalars(select(Order.version).where(Order.id == oid)).one()

    def end_holder(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if "cp_pull_gate()" in statement and holder.in_transaction():
            holder.commit()  # right after the pull's snapshot and gate were taken

    event.listen(eng.central.engine, "after_cursor_execute", end_holder)
    try:
        report = eng.sync_once()
    finally:
        event.remove(eng.central.engine, "after_cursor_execute", end_holder)
        holder.close()
        eng.central.close()
    with Session(eng.store) as s:
        got = s.execute(select(Order.version, Order.notes).where(Order.id == oid)).one()
    eng.store.dispose()
    assert tuple(got) == (want, "changed while a transaction ran")
    assert report.held_back == 0
