"""The packing service holds the open order between scans and applies each scan to it; it
reads the order again exactly when another connection wrote to the store; a confirmed scan
survives the process being killed."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cpdesk.domain.model import SaleUnit
from cpdesk.packing import service as service_module
from cpdesk.packing.service import PackingService
from cpdesk.packing.state import Refusal
from cpdesk.store import models as m
from cpdesk.store.db import open_store, transaction
from cpdesk.store.outbox import RowWriter
from cpdesk.store.paths import depot_path

from .conftest import add_line


def _unit_line(bench, quantity: str = "6") -> tuple[uuid.UUID, str]:
    return add_line(bench.engine, bench.order_id, barcode_kind="ean13", quantity=quantity)


def _fresh_state(bench):
    """The order as a service that never saw it reads it from the store."""
    other = PackingService(bench.engine, "HES")
    try:
        return other.state(bench.order_id)
    finally:
        other.close()


def test_scans_are_applied_to_the_held_order_without_reading_it_again(bench):
    _line_id, code = _unit_line(bench)
    first = bench.svc.scan(bench.order_id, code, bench.packer.id)
    assert first.ok
    reloads = bench.svc.reloads
    for _ in range(3):
        out = bench.svc.scan(bench.order_id, code, bench.packer.id)
        assert out.ok
    assert bench.svc.reloads == reloads  # nobody else wrote: no re-read
    assert out.state == _fresh_state(bench)  # what was applied is what the store holds
    assert out.state.line(out.line_id).progress.packed_units == 4


def test_a_write_by_another_connection_between_two_scans_is_noticed(bench):
    _line_id, code = _unit_line(bench)
    assert bench.svc.scan(bench.order_id, code, bench.packer.id).ok
    reloads = bench.svc.reloads
    with transaction(bench.engine) as s:  # e.g. the sync worker: the order was cancelled
        s.get(m.Order, bench.order_id).status = "cancelled"
    out = bench.svc.scan(bench.order_id, code, bench.packer.id)
    assert out.refusal is Refusal.ORDER_CLOSED
    assert bench.svc.reloads == reloads + 1


def test_another_station_packing_the_same_order_is_seen(bench):
    line_id, code = _unit_line(bench)
    assert bench.svc.scan(bench.order_id, code, bench.packer.id).ok
    other = PackingService(bench.engine, "HES")
    try:
        assert other.scan(bench.order_id, code, bench.packer.id).ok
    finally:
        other.close()
    out = bench.svc.scan(bench.order_id, code, bench.packer.id)
    assert out.state.line(line_id).progress.packed_units == 3
    assert out.state == _fresh_state(bench)


def test_a_scan_whose_commit_fails_leaves_nothing_behind_in_memory(bench, monkeypatch):
    line_id, code = _unit_line(bench)
    assert bench.svc.scan(bench.order_id, code, bench.packer.id).ok

    written = RowWriter.write

    def power_cut(*args, **kwargs):  # the rows are written, then the disk goes
        written(*args, **kwargs)
        raise OSError("disk gone")

    monkeypatch.setattr(RowWriter, "write", power_cut)
    with pytest.raises(OSError):
        bench.svc.scan(bench.order_id, code, bench.packer.id)
    monkeypatch.undo()
    state = bench.svc.state(bench.order_id)
    assert state.line(line_id).progress.packed_units == 1
    assert state == _fresh_state(bench)


def test_weighing_and_undo_on_the_held_order_match_the_store(bench):
    kg = next(ln for ln in bench.svc.state(bench.order_id).lines
              if ln.sale_unit == SaleUnit.KG)
    grams = int(kg.quantity * 1000)
    assert bench.svc.weigh(bench.order_id, kg.id, grams // 2, "scale", bench.packer.id).ok
    assert bench.svc.weigh(bench.order_id, kg.id, grams // 2, "scale", bench.packer.id).ok
    undone = bench.svc.undo_last(bench.order_id, bench.packer.id)
    assert undone.ok and undone.state.line(kg.id).progress.packed_weight_g == grams // 2
    crate = undone.state.current_crate(kg.zone)
    closed = bench.svc.close_crate(crate.id, bench.packer.id)
    assert closed.ok and closed.state == _fresh_state(bench)
    reopened = bench.svc.undo_last(bench.order_id, bench.packer.id)
    assert reopened.state.current_crate(kg.zone) is not None
    assert reopened.state == _fresh_state(bench)


KILLED = textwrap.dedent("""
    import os, signal, sys, uuid
    from pathlib import Path
    from cpdesk.packing.service import PackingService
    from cpdesk.store.db import open_store
    engine = open_store(Path(sys.argv[1]))
    svc = PackingService(engine, "HES")
    staff = svc.sign_in("1001")
    order_id, code, kill_after = uuid.UUID(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    for i in range(kill_after):
        out = svc.scan(order_id, code, staff.id)
        assert out.ok, out.refusal
        print(" ".join(str(e) for e in out.event_ids), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # kill -9 right after the last confirmed scan
""")


def test_confirmed_scans_survive_kill_9(bench):
    _line_id, code = _unit_line(bench, quantity="20")
    store = depot_path(Path(bench.engine.url.database).parent, "HES")
    env = {**os.environ, "PYTHONPATH": str(Path(service_module.__file__).parents[2])}
    confirmed: list[uuid.UUID] = []
    for kill_after in (1, 3):
        proc = subprocess.run([sys.executable, "-c", KILLED, str(store), str(bench.order_id),
                               code, str(kill_after)], env=env, capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == -signal.SIGKILL, proc.stderr
        confirmed += [uuid.UUID(x) for x in proc.stdout.split()]
    assert len(confirmed) >= 4  # 1 + 3 scans, the first one opening a crate too
    engine = open_store(store)
    try:
        with transaction(engine) as s:
            stored = set(s.scalars(select(m.PackEvent.id).where(m.PackEvent.id.in_(confirmed))))
            outbox = s.scalar(select(func.count()).select_from(m.Outbox)
                              .where(m.Outbox.id.in_(confirmed)))
    finally:
        engine.dispose()
    assert stored == set(confirmed) and outbox == len(confirmed)
    assert bench.svc.state(bench.order_id).line(_line_id).progress.packed_units == 4


def test_a_scans_outbox_rows_carry_the_stored_rows(bench):
    """The scan writes its rows on the plain connection (store.outbox.RowWriter): each
    outbox payload is still exactly the stored row's columns, the crate it opened too (its
    entry after the crate's, pushed first), and the crate closed later is the stored one."""

    from cpdesk.store.outbox import to_payload

    def same(sent, stored, at):
        # the same instant: written as the aware UTC time it was made with, read back
        # naive (SQLite keeps no zone; stored times are UTC)
        sent, stored = dict(sent), dict(stored)
        assert dt.datetime.fromisoformat(sent.pop(at)) == dt.datetime.fromisoformat(
            stored.pop(at)).replace(tzinfo=dt.UTC)
        assert sent == stored

    _line_id, code = _unit_line(bench)
    out = bench.svc.scan(bench.order_id, code, bench.packer.id)
    assert len(out.event_ids) == 2  # the crate opened, the item
    with Session(bench.engine) as s:
        entries = []
        for event_id in out.event_ids:
            entry = s.get(m.Outbox, event_id)
            assert entry is not None and entry.topic == "pack_event"
            same(entry.payload, to_payload(s.get(m.PackEvent, event_id)), "at")
            entries.append(entry)
        (crate_entry,) = s.scalars(select(m.Outbox).where(
            m.Outbox.topic == "crate", m.Outbox.payload["id"].as_string() == str(out.crate_id)))
        same(crate_entry.payload, to_payload(s.get(m.Crate, out.crate_id)), "created_at")
        assert crate_entry.created_at < min(e.created_at for e in entries)
    closed = bench.svc.close_crate(out.crate_id, bench.packer.id)  # the held crate, updated
    assert closed.ok
    with Session(bench.engine) as s:
        crate = s.get(m.Crate, out.crate_id)
        assert crate.status == "closed" and crate.closed_at is not None
        assert s.scalar(select(func.count()).select_from(m.Crate)
                        .where(m.Crate.order_id == bench.order_id)) == 1


def test_disposing_of_the_store_engine_lets_go_of_the_services_connection(bench):
    line_id, code = _unit_line(bench)
    assert bench.svc.scan(bench.order_id, code, bench.packer.id).ok
    reloads = bench.svc.reloads
    store = Path(bench.engine.url.database).resolve()
    bench.engine.dispose()  # e.g. the store is set aside after a problem
    assert _open_files(store) == []  # the service's own connection closed too
    out = bench.svc.scan(bench.order_id, code, bench.packer.id)  # a new connection
    assert out.ok and bench.svc.reloads == reloads + 1
    assert out.state.line(line_id).progress.packed_units == 2


def _open_files(path: Path) -> list[str]:
    """This process's open files on `path` (the store, its -wal and -shm), from /proc."""
    fds = Path("/proc/self/fd")
    return [str(t) for t in (os.path.realpath(fd) for fd in fds.iterdir())
            if t.startswith(str(path))]


def test_a_write_committed_while_a_scan_waits_for_the_store_is_seen_by_that_scan(bench):
    """Another connection (the sync worker applying a pulled order) holds the store's write
    lock and cancels the order; a scan made meanwhile waits for it, and is then checked
    against the cancelled order, not against the order it held (checking the data version
    before taking the write lock would let the scan through)."""
    _line_id, code = _unit_line(bench)
    assert bench.svc.scan(bench.order_id, code, bench.packer.id).ok
    other = sqlite3.connect(bench.engine.url.database, isolation_level=None, timeout=10)
    other.execute("BEGIN IMMEDIATE")
    other.execute('UPDATE "order" SET status = ? WHERE id = ?', ("cancelled", bench.order_id.hex))
    outcome = []
    scan = threading.Thread(target=lambda: outcome.append(
        bench.svc.scan(bench.order_id, code, bench.packer.id)))
    scan.start()
    time.sleep(0.3)  # the scan is under way, waiting for the write lock
    other.execute("COMMIT")
    other.close()
    scan.join(60)  # a loaded machine: the lock is free by now, the scan only needs a core
    assert outcome and outcome[0].refusal is Refusal.ORDER_CLOSED
    assert outcome[0].state == _fresh_state(bench)


def test_every_action_on_the_held_order_shows_what_the_store_holds(bench):
    """The state kept up to date event by event (items, lines, crates, undo) is the state
    folded afresh from the store, after every kind of action."""
    svc, who = bench.svc, bench.packer.id
    unit_id, code = _unit_line(bench, quantity="6")
    state = svc.state(bench.order_id)
    kg = next(ln for ln in state.lines if ln.sale_unit == SaleUnit.KG)
    grams = int(kg.quantity * 1000)
    steps = [
        lambda: svc.scan(bench.order_id, code, who),
        lambda: svc.scan(bench.order_id, code, who),
        lambda: svc.weigh(bench.order_id, kg.id, grams * 2, "scale", who),  # over tolerance
        lambda: svc.accept_out_of_tolerance(bench.order_id, kg.id, bench.supervisor.id, who),
        lambda: svc.undo_last(bench.order_id, who),
        lambda: svc.pack_line(bench.order_id, unit_id, who, quantity=2),
        lambda: svc.open_crate(bench.order_id, state.line(unit_id).zone, who),
        lambda: svc.scan(bench.order_id, code, who),
        lambda: svc.move_item(_item(svc, bench, unit_id, 0).event_id,
                              _crates(svc, bench, state.line(unit_id).zone)[0].id, who),
        lambda: svc.remove_item(_item(svc, bench, unit_id, -1).event_id, who),
        lambda: svc.undo_last(bench.order_id, who),
        lambda: svc.undo_last(bench.order_id, who),
        lambda: svc.close_crate(_crates(svc, bench, state.line(unit_id).zone)[0].id, who),
        lambda: svc.undo_last(bench.order_id, who),
        lambda: svc.short(bench.order_id, kg.id, "out_of_stock", who),
        lambda: svc.scan(bench.order_id, code, who),
    ]
    for i, step in enumerate(steps):
        out = step()
        assert out.ok, (i, out.refusal)
        assert out.state == _fresh_state(bench), i
        assert svc.state(bench.order_id) == out.state, i


def _item(svc, bench, line_id, index):
    items = [i for i in svc.state(bench.order_id).items if i.line_id == line_id]
    return items[index]


def _crates(svc, bench, zone):
    return [c for c in svc.state(bench.order_id).crates if c.zone == zone and c.is_open]


def test_a_commit_that_leaves_the_order_alone_costs_no_reading_of_it(bench):
    """The sync worker commits every round (its stamp, the outbox rows it sent) whatever it
    touched: the next scan finds the held order still as stored, and does not read it
    again."""
    _line_id, code = _unit_line(bench)
    assert bench.svc.scan(bench.order_id, code, bench.packer.id).ok
    reloads, rechecks = bench.svc.reloads, bench.svc.rechecks
    with transaction(bench.engine) as s:  # as a push marks what the centre stored
        s.execute(update(m.Outbox).values(sent_at=dt.datetime.now(dt.UTC)))
    out = bench.svc.scan(bench.order_id, code, bench.packer.id)
    assert out.ok and bench.svc.reloads == reloads and bench.svc.rechecks == rechecks + 1
    assert out.state == _fresh_state(bench)


# What another connection may change that the held order depends on (SQL on the store, the
# order's id as :o): each must make the next action read the order again.
FOREIGN_CHANGES = {
    "order": 'UPDATE "order" SET notes = notes || \'!\' WHERE id = :o',
    "line": "UPDATE order_line SET quantity = quantity + 1 WHERE order_id = :o",
    "product": "UPDATE product SET name = name || '!' WHERE id IN "
               "(SELECT product_id FROM order_line WHERE order_id = :o)",
    "producer": "UPDATE producer SET name = name || '!' WHERE id IN (SELECT p.producer_id "
                "FROM product p JOIN order_line l ON l.product_id = p.id WHERE l.order_id = :o)",
    "customer": 'UPDATE customer SET commune = commune || \'!\' WHERE id = '
                '(SELECT customer_id FROM "order" WHERE id = :o)',
    "round": 'UPDATE round SET code = code || \'!\' WHERE id = (SELECT s.round_id FROM stop s '
             'JOIN "order" o ON o.stop_id = s.id WHERE o.id = :o)',
    "barcode": "DELETE FROM barcode WHERE product_id IN "
               "(SELECT product_id FROM order_line WHERE order_id = :o)",
    "crate": "UPDATE crate SET status = 'closed' WHERE order_id = :o",
    "acceptance": "INSERT INTO pack_acceptance (id, depot_id, order_id, line_id, weight_g, "
                  "staff_id, supervisor_id, at) SELECT lower(hex(randomblob(16))), "
                  "packing_depot_id, order_id, id, 1, :s, :s, '2026-11-26 08:00:00.000000' "
                  "FROM order_line WHERE order_id = :o LIMIT 1",
    "change": "INSERT INTO order_change (id, order_id, number, kind, old_version, new_version, "
              "diff, detected_at) SELECT lower(hex(randomblob(16))), id, number, 'changed', "
              "version, version, '{}', '2026-11-26 08:00:00.000000' FROM \"order\" "
              "WHERE id = :o",
}


@pytest.mark.parametrize("what", sorted(FOREIGN_CHANGES))
def test_anything_of_the_order_changed_by_another_connection_is_read_again(bench, what):
    _line_id, code = _unit_line(bench)
    assert bench.svc.scan(bench.order_id, code, bench.packer.id).ok
    reloads = bench.svc.reloads
    with bench.engine.begin() as conn:
        conn.exec_driver_sql(FOREIGN_CHANGES[what], {"o": bench.order_id.hex,
                                                     "s": bench.packer.id.hex})
    state = bench.svc.state(bench.order_id)
    assert bench.svc.reloads == reloads + 1
    assert state == _fresh_state(bench)


def _last_commit_pages(store: Path) -> list[str]:
    """The b-trees (tables and indexes, by name) of the pages the WAL's last commit wrote."""
    data = Path(f"{store}-wal").read_bytes()
    page_size = int.from_bytes(data[8:12], "big")
    salts = data[16:24]
    frames, commits, offset = [], [], 32
    while offset + 24 + page_size <= len(data) and data[offset + 8:offset + 16] == salts:
        frames.append(int.from_bytes(data[offset:offset + 4], "big"))
        if int.from_bytes(data[offset + 4:offset + 8], "big"):  # a commit's last frame
            commits.append(frames)
            frames = []
        offset += 24 + page_size
    assert commits, "no commit in the WAL"
    with sqlite3.connect(store) as conn:
        owner = dict(conn.execute("SELECT pageno, name FROM dbstat"))
    return [owner.get(page, f"page {page}") for page in commits[-1]]


def test_a_scan_commits_its_event_its_outbox_row_and_the_boards_row_only(bench):
    """What a scan's commit writes to the WAL: the pack event and its outbox row with their
    indexes, and the board's progress row; not the projection's notes (`record` leaves the
    note the trigger made, so the next scan's trigger writes nothing there). Each page is a
    write at every scan's commit: a new index on these tables must show up here."""
    _line_id, code = _unit_line(bench, quantity="8")
    for _ in range(2):  # the first scan opens a crate and notes the order
        assert bench.svc.scan(bench.order_id, code, bench.packer.id).ok
    store = Path(bench.engine.url.database)
    wanted = {"pack_event", "sqlite_autoindex_pack_event_1", "ix_pack_event_order_id",
              "outbox", "sqlite_autoindex_outbox_1", "ix_outbox_pending", "pack_progress"}
    for _ in range(4):
        assert bench.svc.scan(bench.order_id, code, bench.packer.id).ok
        written = _last_commit_pages(store)
        # a page split writes a b-tree's pages twice or thrice; the schema page when the
        # file grows
        assert set(written) - {"sqlite_schema"} == wanted, written
    with sqlite3.connect(store) as conn:  # the note is still there: harmless, see record()
        assert conn.execute("SELECT count(*) FROM pack_progress_dirty WHERE order_id = ?",
                            (bench.order_id.hex,)).fetchone() == (1,)
