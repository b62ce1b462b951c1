"""The demo devices use the real drivers: a simulated MT-SICS scale over TCP, read by the
scale thread, delivered as Qt signals; print jobs go through the durable queue."""

from decimal import Decimal

from cpdesk.store import paths
from cpdesk.store.db import open_store
from cpdesk.ui.demo_scale import DemoScalePanel
from cpdesk.ui.devices import PrintRequest
from cpdesk.ui.hardware_hub import DemoDevices


def test_weights_flow_from_the_simulated_scale_to_the_gui_thread(qtbot, demo_dir):
    devices = DemoDevices(open_store(paths.depot_path(demo_dir, "HES")), demo_dir / "spool")
    try:
        devices.start()
        panel = DemoScalePanel(devices.simulator)
        qtbot.addWidget(panel)
        panel.slider.setValue(523)
        qtbot.waitUntil(lambda: devices.stable_weight() is not None
                        and devices.stable_weight().weight_g == 523, timeout=5000)
        panel.moving.setChecked(True)
        qtbot.waitUntil(lambda: devices.stable_weight() is None, timeout=5000)
        assert devices.last_weight is not None and not devices.last_weight.stable
        panel.moving.setChecked(False)
        panel.overload.setChecked(True)
        qtbot.waitUntil(lambda: devices.last_weight is not None and devices.last_weight.overload,
                        timeout=5000)
        assert devices.stable_weight() is None
    finally:
        devices.shutdown()


def test_print_requests_go_through_the_durable_queue(qtbot, demo_dir):
    devices = DemoDevices(open_store(paths.depot_path(demo_dir, "HES")), demo_dir / "spool")
    states = []
    devices.sig_print_state.connect(lambda job, state: states.append(state))
    try:
        devices.start()
        devices.simulator.weight_g = Decimal(0)
        devices.print(PrintRequest("labels", "zpl", b"^XA^FO50,50^FDhello^FS^XZ", "test label"))
        qtbot.waitUntil(lambda: "done" in states, timeout=5000)
    finally:
        devices.shutdown()
    assert (demo_dir / "spool" / "labels.zpl").read_bytes().startswith(b"^XA")
    assert states[0] == "queued"
