from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk.domain.loading import CrateWhere
from cpdesk.loading.service import ScanStatus
from cpdesk.store import models as m
from cpdesk.ui.app import build_context
from cpdesk.ui.hardware.devices import SimulatedDevices
from cpdesk.ui.loading.screen import LoadingWidget

from ..conftest import DEMO_TODAY


def make(qtbot, demo_dir):
    ctx = build_context(demo_dir, "HES")
    ctx.today = DEMO_TODAY
    devices = SimulatedDevices()
    widget = LoadingWidget(ctx, devices)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    with Session(ctx.engine) as s:
        widget.staff_id = s.scalars(select(m.Staff.id).where(m.Staff.role == "packer")).first()
    with qtbot.waitSignal(widget.sig_plan_loaded, timeout=30_000):
        widget.load_rounds()
    return ctx, devices, widget


def test_scanning_crates_loads_them_and_refuses_foreign_ones(qtbot, demo_dir):
    ctx, devices, widget = make(qtbot, demo_dir)
    plan = widget.plan
    assert plan is not None and plan.crates
    crate = next(c for c in plan.crates if c.where is CrateWhere.AT_DEPOT)
    with qtbot.waitSignal(widget.sig_scan_result, timeout=30_000) as got:
        devices.scan(crate.code)
    assert got.args[0].status is ScanStatus.LOADED
    assert "1/" in widget.title.text()
    with Session(ctx.engine) as s:
        foreign = s.scalars(select(m.Crate.code).join(m.Order).join(m.Stop)
                            .where(m.Stop.round_id != plan.id)).first()
    with qtbot.waitSignal(widget.sig_scan_result, timeout=30_000) as got:
        devices.scan(foreign)
    assert got.args[0].status is ScanStatus.REFUSED
    assert "belongs to round" in widget.banner.text()


def test_blocked_departure_then_supervisor_override(qtbot, demo_dir):
    ctx, devices, widget = make(qtbot, demo_dir)
    widget.depart_button.click()
    qtbot.waitUntil(widget.override.isVisible, timeout=30_000)
    assert "supervisor" in widget.override_text.text()
    widget.pin.setText("1001")  # a packer's PIN
    widget.confirm.click()
    qtbot.waitUntil(lambda: "not a supervisor" in widget.override_text.text(), timeout=30_000)
    widget.pin.setText("9001")
    with qtbot.waitSignal(widget.sig_departed, timeout=30_000) as got:
        widget.confirm.click()
    assert got.args == [widget.plan.code]
    assert not widget.override.isVisible()
    with Session(ctx.engine) as s:
        dep = s.scalars(select(m.RoundDeparture)).one()
        assert dep.left_behind["crates"] or dep.left_behind["orders_still_packing"]


def test_a_crate_can_be_taken_off_the_van_again(qtbot, demo_dir):
    ctx, devices, widget = make(qtbot, demo_dir)
    crate = next(c for c in widget.plan.crates if c.where is CrateWhere.AT_DEPOT)
    with qtbot.waitSignal(widget.sig_scan_result, timeout=30_000):
        devices.scan(crate.code)
    assert next(c for c in widget.plan.crates if c.code == crate.code).where is CrateWhere.LOADED
    widget.mode.setCurrentIndex(widget.mode.findData("unload"))
    with qtbot.waitSignal(widget.sig_scan_result, timeout=30_000) as got:
        devices.scan(crate.code)
    assert got.args[0].status is ScanStatus.LOADED and "taken off" in widget.banner.text()
    assert next(c for c in widget.plan.crates if c.code == crate.code).where is CrateWhere.AT_DEPOT


def test_the_loading_screen_follows_a_language_switch(qtbot, demo_dir):
    from cpdesk.ui.i18n import Translations

    ctx, devices, widget = make(qtbot, demo_dir)
    assert widget.depart_button.text() == "Mark departed (F9)"
    translations = Translations()
    try:
        translations.set_language("nl")
        qtbot.waitUntil(lambda: widget.depart_button.text() != "Mark departed (F9)", timeout=30_000)
        assert "(F9)" in widget.depart_button.text()
        assert widget.mode.itemText(0) != "Scan: load the van"
    finally:
        translations.set_language("en")
    qtbot.waitUntil(lambda: widget.depart_button.text() == "Mark departed (F9)", timeout=30_000)
