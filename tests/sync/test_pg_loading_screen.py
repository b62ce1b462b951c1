"""Issue 8 on the real widgets: a crate packed at one depot for another depot's round is sent,
synced through the real PostgreSQL (each depot with its own login), received, loaded, and the
centre sees where it is. A crate scanned in at the wrong depot is flagged."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpdesk.domain.loading import CrateWhere
from cpdesk.loading.service import ScanStatus
from cpdesk.store import models as m
from cpdesk.ui.context import AppContext
from cpdesk.ui.hardware.devices import SimulatedDevices
from cpdesk.ui.loading.screen import LoadingWidget, where_label

from .conftest import DEPOTS, PgCentre, depot_copy
from .test_pg_topics import _pull, _staff
from .test_topics import cross_depot_order, pack_order

pytestmark = pytest.mark.postgres


def screen(qtbot, store, depot: str, day, data_dir: Path) -> tuple[LoadingWidget, SimulatedDevices]:
    devices = SimulatedDevices()
    widget = LoadingWidget(AppContext(data_dir=data_dir, depot=depot, engine=store, today=day),
                           devices)
    qtbot.addWidget(widget)
    widget.staff_id = _staff(store, "packer")
    with qtbot.waitSignal(widget.sig_plan_loaded, timeout=30_000):
        widget.load_rounds()
    return widget, devices


def scan(qtbot, widget: LoadingWidget, devices: SimulatedDevices, mode: str, code: str):
    widget.mode.setCurrentIndex(widget.mode.findData(mode))
    with qtbot.waitSignal(widget.sig_scan_result, timeout=30_000) as got:
        devices.scan(code)
    return got.args[0]


def test_transfer_out_and_in_between_two_depots_through_postgresql(qtbot, pg_fresh: PgCentre,
                                                                   tmp_path: Path) -> None:
    # A centre of its own: the session's centre may hold the round already departed by
    # test_pg_topics (the same cross-depot order is found first), and loading is refused then.
    pg = pg_fresh
    found = None
    for packing in DEPOTS:
        sender_sync = depot_copy(pg, tmp_path / packing, packing)
        found = cross_depot_order(sender_sync.store, packing)
        if found:
            break
    assert found is not None
    order_id, round_depot = found
    receiver_sync = depot_copy(pg, tmp_path / round_depot, round_depot)
    crate_id = pack_order(sender_sync.store, packing, order_id)
    with Session(sender_sync.store) as s:
        code = s.get_one(m.Crate, crate_id).code
        order = s.get_one(m.Order, order_id)
        assert order.stop_id is not None
        round_id = s.get_one(m.Stop, order.stop_id).round_id
        day = order.delivery_date

    sender, sender_devices = screen(qtbot, sender_sync.store, packing, day, tmp_path / packing)
    out = scan(qtbot, sender, sender_devices, "out", code)
    assert out.status is ScanStatus.LOADED and round_depot in out.message
    sender_sync.sync_once()
    _pull(receiver_sync)
    with Session(receiver_sync.store) as s:
        assert s.scalar(select(func.count()).select_from(m.CrateMove)
                        .where(m.CrateMove.crate_id == crate_id)) == 1

    receiver, devices = screen(qtbot, receiver_sync.store, round_depot, day,
                               tmp_path / round_depot)
    box = receiver.round_box
    index = next(i for i in range(box.count()) if box.itemData(i) == round_id)
    if index != box.currentIndex():
        with qtbot.waitSignal(receiver.sig_plan_loaded, timeout=30_000):
            box.setCurrentIndex(index)
    assert receiver.plan is not None and receiver.plan.id == round_id
    shown = {receiver.tree.topLevelItem(i).child(j).data(0, 0x0100):
             receiver.tree.topLevelItem(i).child(j).text(3)
             for i in range(receiver.tree.topLevelItemCount())
             for j in range(receiver.tree.topLevelItem(i).childCount())}
    assert shown[code] == where_label(CrateWhere.IN_TRANSIT)

    assert scan(qtbot, receiver, devices, "in", code).status is ScanStatus.LOADED
    loaded = scan(qtbot, receiver, devices, "load", code)
    assert loaded.status is ScanStatus.LOADED, loaded.message
    assert next(c for c in receiver.plan.crates if c.code == code).where is CrateWhere.LOADED

    # the crate turning up back at its packing depot is flagged as the wrong depot
    wrong = scan(qtbot, sender, sender_devices, "in", code)
    assert wrong.status is ScanStatus.REFUSED and "wrong depot" in wrong.message

    receiver_sync.sync_once()
    sender_sync.sync_once()
    with Session(pg.admin) as s:
        assert s.get_one(m.Crate, crate_id).status == "loaded"
        kinds = sorted(s.scalars(select(m.CrateMove.kind).where(m.CrateMove.crate_id == crate_id)))
    assert kinds == ["load", "transfer_in", "transfer_in", "transfer_out"]
