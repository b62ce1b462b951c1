"""The demo devices use the real drivers: a simulated MT-SICS scale over TCP, read by the
scale thread, delivered as Qt signals; print jobs go through the durable queue."""

import re
from decimal import Decimal

from cpdesk.store import paths
from cpdesk.store.db import open_store
from cpdesk.store.print_jobs import PrintJobStore
from cpdesk.ui.hardware.demo_scale import DemoScalePanel
from cpdesk.ui.hardware.devices import PrintRequest
from cpdesk.ui.hardware.hub import DemoDevices


def test_weights_flow_from_the_simulated_scale_to_the_gui_thread(qtbot, demo_dir):
    devices = DemoDevices(PrintJobStore(open_store(paths.depot_path(demo_dir, "HES"))),
                          demo_dir / "spool")
    try:
        devices.start()
        panel = DemoScalePanel(devices.simulator)
        qtbot.addWidget(panel)
        panel.slider.setValue(523)
        qtbot.waitUntil(lambda: devices.stable_weight() is not None
                        and devices.stable_weight().weight_g == 523, timeout=30_000)
        panel.moving.setChecked(True)
        qtbot.waitUntil(lambda: devices.stable_weight() is None, timeout=30_000)
        assert devices.last_weight is not None and not devices.last_weight.stable
        panel.moving.setChecked(False)
        panel.overload.setChecked(True)
        qtbot.waitUntil(lambda: devices.last_weight is not None and devices.last_weight.overload,
                        timeout=30_000)
        assert devices.stable_weight() is None
    finally:
        devices.shutdown()


def test_print_requests_go_through_the_durable_queue(qtbot, demo_dir):
    devices = DemoDevices(PrintJobStore(open_store(paths.depot_path(demo_dir, "HES"))),
                          demo_dir / "spool")
    states = []
    devices.sig_print_state.connect(lambda job, state: states.append(state))
    try:
        devices.start()
        devices.simulator.weight_g = Decimal(0)
        devices.print(PrintRequest("labels", "zpl", b"^XA^FO50,50^FDhello^FS^XZ",
                                   "crate-label CP-261126-0001 1-of-2 CR0K3M9X2Q7B"))
        devices.print(PrintRequest("labels", "zpl", b"^XA^FO50,50^FDagain^FS^XZ",
                                   "crate-label CP-261126-0001 2-of-2 CR1K3M9X2Q7B"))
        devices.print(PrintRequest("receipts", "escpos", b"\x1b@receipt", "receipt HES-1-000012"))
        devices.print(PrintRequest("documents", "pdf", b"%PDF-1.4 note",
                                   "delivery-note CP-261126-0001"))
        qtbot.waitUntil(lambda: states.count("done") == 4, timeout=30_000)
    finally:
        devices.shutdown()
    assert states[0] == "queued"
    # Every job is kept, one file each, in order, named for the document it is.
    files = sorted(p.name for p in (demo_dir / "spool").iterdir())
    assert [f.split("-", 1)[0] for f in files] == ["000001", "000002", "000003", "000004"]
    assert [re.sub(r"^\d{6}-\d{8}-\d{6}-", "", f) for f in files] == [
        "crate-label-CP-261126-0001-1-of-2-CR0K3M9X2Q7B.zpl",
        "crate-label-CP-261126-0001-2-of-2-CR1K3M9X2Q7B.zpl",
        "receipt-HES-1-000012.bin", "delivery-note-CP-261126-0001.pdf"]
    payloads = [(demo_dir / "spool" / f).read_bytes() for f in files]
    assert payloads[0].endswith(b"hello^FS^XZ") and payloads[1].endswith(b"again^FS^XZ")
    assert payloads[2] == b"\x1b@receipt" and payloads[3].startswith(b"%PDF")
