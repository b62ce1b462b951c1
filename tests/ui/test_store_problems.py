"""A damaged store or a full disk, as the person at the station sees it: in words, in their
language, with what to do; an action the disk could not take is not recorded and nothing
shown as done is lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

from cpdesk.errors import CpdeskError, StoreProblem
from cpdesk.store import models as m
from cpdesk.ui.app import run_demo
from cpdesk.ui.gc_guard import MainThreadGC

from ..cli.test_store_damage import damage_an_index, garbage
from ..packing.conftest import to_pack_order
from ..ts_files import translated
from .test_packing_flow import Station

pytestmark = pytest.mark.gui

FULL = ("The disk is full: this was not saved (what the screen shows as done is saved). "
        "Free some disk space, then do it again.")
DAMAGED = "The depot's data file is damaged."
NEWER = ("The depot's data were written by a newer version of cpdesk (schema {schema}): "
         "install that version or a newer one. The data are left as they were.")
NOT_SQLITE = ("The depot's data file is not a cpdesk database: it was damaged or "
              "overwritten.")
WHAT_TO_DO = ("Stop working on this computer and have it restored from the centre with "
              "“cpdesk setup”: the depot's history comes back, the damaged file is kept aside.")


class DiskLimit:
    """A full disk, for real: SQLite's `max_page_count`, set on every connection to the
    store's file when it is taken from any pool (the packing service keeps a connection of
    its own, as a real full disk hits every writer of the file), makes a write that needs
    one more page fail with SQLITE_FULL. `close()` stops it (always call it)."""

    UNLIMITED = 1_073_741_823

    def __init__(self, engine: Engine) -> None:
        self.file = str(Path(str(engine.url.database)).resolve())
        self.pages: int | None = None
        self._limited: set[int] = set()  # ids of the connections given a limit
        event.listen(Pool, "checkout", self._checkout)

    def _checkout(self, dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        if not isinstance(dbapi_conn, sqlite3.Connection):
            return
        files = {row[2] for row in dbapi_conn.execute("PRAGMA database_list")}
        if self.file not in files:
            return
        if self.pages is not None:
            dbapi_conn.execute(f"PRAGMA max_page_count = {self.pages}")
            self._limited.add(id(dbapi_conn))
        elif id(dbapi_conn) in self._limited:
            dbapi_conn.execute(f"PRAGMA max_page_count = {self.UNLIMITED}")
            self._limited.discard(id(dbapi_conn))

    def fill(self) -> None:
        with closing(sqlite3.connect(self.file)) as conn:
            self.pages = int(conn.execute("PRAGMA page_count").fetchone()[0])

    def free(self) -> None:
        self.pages = None

    def close(self) -> None:
        event.remove(Pool, "checkout", self._checkout)


def close_the_next_message_box() -> list[str]:
    """Close the next modal message box the app shows; its text goes into the list returned."""
    seen: list[str] = []

    def close_the_box() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, close_the_box)
            return
        seen.append(box.text())
        box.done(QMessageBox.StandardButton.Close)

    QTimer.singleShot(50, close_the_box)
    return seen


def pack_events(engine: Engine) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(m.PackEvent)) or 0


@pytest.fixture
def station(qtbot, demo_dir: Path) -> Iterator[Station]:
    st = Station(qtbot, demo_dir)
    st.window.set_language("fr")
    yield st
    st.close()


def test_a_full_disk_is_said_in_words_and_loses_nothing_shown(station: Station) -> None:
    number = to_pack_order(station.ctx.engine)
    station.sign_in()
    station.open(number)
    line = next(ln for ln in station.packing.state.lines
                if not ln.weighed and not ln.resolved and station.barcode(ln.product_id))
    code = station.barcode(line.product_id)
    assert code
    disk = DiskLimit(station.ctx.engine)
    disk.fill()
    try:
        _fill_the_disk_while_packing(station, code, disk)
    finally:
        disk.close()


def _fill_the_disk_while_packing(station: Station, code: str, disk: DiskLimit) -> None:
    actions = [lambda: station.burst(code),
               lambda: station.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)]
    expected = translated("fr", "Not saved: {0}").format(translated("fr", FULL))
    done = 0
    for attempt in range(400):  # pack, undo, pack, ... until the disk has no page left
        shown_before = station.packing.state
        events_before = pack_events(station.ctx.engine)
        played = len(station.sounds.played)
        actions[attempt % 2]()
        if station.packing.message.text() == expected:
            break
        assert station.sounds.played[played:] == ["accepted"], station.packing.message.text()
        assert pack_events(station.ctx.engine) > events_before
        done += 1
    else:
        raise AssertionError("the disk never filled up")
    assert done >= 1  # some work was done before the disk filled
    assert station.sounds.played[played:] == ["refused"]
    # the refused action is not recorded; what the screen shows is what the store holds
    assert pack_events(station.ctx.engine) == events_before
    assert station.packing.state == shown_before
    stored = station.window.service.state(shown_before.order_id)
    assert stored.lines == shown_before.lines and stored.crates == shown_before.crates
    assert ([(i.event_id, i.kind, i.quantity, i.crate_id) for i in stored.items]
            == [(i.event_id, i.kind, i.quantity, i.crate_id) for i in shown_before.items])
    # room again: the same action goes through
    disk.free()
    played = len(station.sounds.played)
    actions[attempt % 2]()
    assert station.sounds.played[played:] == ["accepted"], station.packing.message.text()
    assert pack_events(station.ctx.engine) > events_before


def test_a_damaged_store_shows_what_to_do_after_the_background_check(qtbot,
                                                                     demo_dir: Path) -> None:
    damage_an_index(demo_dir / "depot-HES.sqlite")
    st = Station(qtbot, demo_dir)  # opens without the check; the window starts it
    st.window.set_language("fr")
    qtbot.waitUntil(lambda: st.window.store_checked, timeout=20_000)
    problem = st.window.store_problem
    assert isinstance(problem, StoreProblem) and problem.kind == "damaged"
    assert "On tree page" in problem.detail
    banner = st.window.store_banner
    assert banner.isVisible()
    assert banner.text() == f"{translated('fr', DAMAGED)} {translated('fr', WHAT_TO_DO)}"
    st.window.set_language("nl")
    assert banner.text() == f"{translated('nl', DAMAGED)} {translated('nl', WHAT_TO_DO)}"
    st.close()


def test_a_sound_store_shows_no_banner(qtbot, demo_dir: Path) -> None:
    st = Station(qtbot, demo_dir)
    qtbot.waitUntil(lambda: st.window.store_checked, timeout=20_000)
    assert not st.window.store_banner.isVisible() and st.window.store_problem is None
    st.close()


def test_the_app_does_not_start_on_a_garbage_store_and_says_why(qtbot, demo_dir: Path) -> None:
    garbage(demo_dir / "depot-HES.sqlite")
    seen = close_the_next_message_box()
    with pytest.raises(StoreProblem) as err:
        run_demo(demo_dir, "HES")
    assert err.value.kind == "not_sqlite"
    assert seen == [f"{translated('fr', NOT_SQLITE)} {translated('fr', WHAT_TO_DO)}"]
    assert (demo_dir / "depot-HES.sqlite").stat().st_size == 3 * 4096  # left as it was
    # the app's collector stopped with it (left running, its full collections every second
    # slowed every later test of the session: a counter's catalogue took 10 s to load)
    assert not any(c.timer.isActive() for c in QApplication.instance().findChildren(MainThreadGC))


def test_a_store_of_a_newer_version_is_said_in_a_window_and_left_as_it_was(
        qtbot, demo_dir: Path) -> None:
    """Started from the menu launcher there is no console: the refusal is a window."""
    store = demo_dir / "depot-HES.sqlite"
    with closing(sqlite3.connect(store)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999_future'")
    before = store.read_bytes()
    seen = close_the_next_message_box()
    with pytest.raises(CpdeskError) as err:
        run_demo(demo_dir, "HES")
    assert err.value.code == "store.newer_version"
    assert seen == [translated("fr", NEWER).format(schema="0999_future")]
    assert "0999_future" in seen[0] and "cpdesk" in seen[0]
    assert store.read_bytes() == before


def test_the_counter_says_a_full_disk_in_words(qtbot, counter) -> None:  # noqa: ANN001
    """A counter action whose write finds the disk full: the sentence, whole, in French."""
    from cpdesk.store.db import make_engine, sqlite_url, transaction
    from cpdesk.ui.i18n import Translations

    store = Path(counter.ctx.engine.url.database)
    full = make_engine(sqlite_url(store))
    disk = DiskLimit(full)
    disk.fill()

    def sell_on_a_full_disk() -> None:
        with transaction(full) as s:
            s.execute(text("CREATE TABLE filler (x BLOB)"))
            for _ in range(50):
                s.execute(text("INSERT INTO filler VALUES (randomblob(4000))"))

    translations = Translations()
    translations.set_language("fr")
    try:
        counter.act(sell_on_a_full_disk, lambda _r: None)
        qtbot.waitUntil(lambda: counter.message.text() == translated("fr", FULL), timeout=30_000)
    finally:
        translations.set_language("en")
        disk.close()
        full.dispose()
    with Session(counter.ctx.engine) as s:  # the failed write left nothing behind
        assert "filler" not in {r[0] for r in s.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))}
