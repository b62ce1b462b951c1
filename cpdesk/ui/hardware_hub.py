"""The device hub wired to the real drivers: the scale reader and the print queue each run
on their own thread (cpdesk/hardware); their callbacks become Qt signals, which Qt queues
to the GUI thread because they are emitted from another thread."""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from PySide6.QtCore import QObject
from sqlalchemy import Engine

from cpdesk.hardware.print_queue import JobView, PrinterConfig, PrintQueue
from cpdesk.hardware.scale_service import ScaleReader
from cpdesk.hardware.scales import PROTOCOLS, Reading
from cpdesk.hardware.simulator import SimulatedScale

from .devices import DeviceHub, PrintRequest, Weight


def to_weight(reading: Reading) -> Weight:
    """A driver reading as the screens see it: whole grams, rounded half-up."""
    grams = 0
    if reading.weight_g is not None:
        grams = int(reading.weight_g.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return Weight(grams, reading.stable and reading.weight_g is not None, reading.overload,
                  reading.underload, reading.raw)


class HardwareDevices(DeviceHub):
    def __init__(self, *, scale: ScaleReader | None, queue: PrintQueue,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scale = scale
        self.queue = queue
        queue.on_change = self._job_changed
        if scale is not None:
            scale.on_reading = lambda r: self.sig_weight.emit(to_weight(r))
            scale.on_status = self.sig_scale_status.emit

    def start(self) -> None:
        self.queue.start()
        if self.scale is not None:
            self.scale.start()

    def _job_changed(self, job: JobView) -> None:
        self.sig_print_state.emit(job.id, job.state)
        if job.state == "failed" or job.last_error:
            self.sig_printer_status.emit(job.printer, job.last_error or job.state)
        elif job.state == "done":
            self.sig_printer_status.emit(job.printer, "ok")

    def tare(self) -> None:
        if self.scale is not None:
            self.scale.tare()

    def zero(self) -> None:
        if self.scale is not None:
            self.scale.zero()

    def print(self, request: PrintRequest) -> uuid.UUID:
        return self.queue.enqueue(request.printer, request.payload, title=request.title,
                                  kind=request.kind)

    def shutdown(self) -> None:
        if self.scale is not None:
            self.scale.stop()
        self.queue.stop()


class DemoDevices(HardwareDevices):
    """Demo mode: a simulated MT-SICS scale served over TCP on loopback and read by the real
    driver, and printers that write into DATA_DIR/spool/."""

    def __init__(self, engine: Engine, spool: Path, parent: QObject | None = None) -> None:
        spool.mkdir(parents=True, exist_ok=True)
        self.simulator = SimulatedScale("mt-sics", weight_g=0)
        url = self.simulator.serve_tcp()
        # The reader delivers every reading (stable or not) so that the screen shows motion;
        # the legal-for-trade rule (only stable readings are booked) is DeviceHub.stable_weight.
        reader = ScaleReader(url=url, protocol=PROTOCOLS["mt-sics"], legal_for_trade=False)
        # One spool folder: every job is a file of its own, numbered and named for what it is
        # (print_queue.spool_file), so nothing printed is ever overwritten.
        printers = {
            "labels": PrinterConfig("labels", f"file://{spool}", "zpl"),
            "receipts": PrinterConfig("receipts", f"file://{spool}", "escpos"),
            "documents": PrinterConfig("documents", f"file://{spool}", "pdf"),
        }
        super().__init__(scale=reader, queue=PrintQueue(engine, printers), parent=parent)

    def shutdown(self) -> None:
        super().shutdown()
        self.simulator.stop()
