"""The device hub wired to the real drivers: the scale reader, the serial scanners and the
print queue each run on their own thread (cpdesk/hardware); their callbacks become Qt
signals, which Qt queues to the GUI thread because they are emitted from another thread.

`StationDevices` builds them from the station file (cpdesk/station.py) and rebuilds them
when the file changes (the hardware settings dialog), without a restart. A configured device
that is absent never stops the app: its reader keeps retrying, and `device_states` says
which device, what is wrong and since when."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from cpdesk import clock
from cpdesk.hardware.print_queue import JobStore, JobView, PrinterConfig, PrintQueue
from cpdesk.hardware.printer_kinds import KINDS
from cpdesk.hardware.scales import PROTOCOLS, Reading
from cpdesk.hardware.transport import LineSettings
from cpdesk.station import StationConfig

from .devices import DeviceHub, PrintRequest, Weight

if TYPE_CHECKING:  # the drivers' modules are imported when a device is made (often after the
    # desk's first frame: the demo's scale starts then; a station without a scale never)
    from cpdesk.hardware.scale_service import ScaleReader
    from cpdesk.hardware.serial_scanner import SerialScanner
    from cpdesk.hardware.simulator import SimulatedScale


def to_weight(reading: Reading) -> Weight:
    """A driver reading as the screens see it: whole grams, rounded half-up."""
    grams = 0
    if reading.weight_g is not None:
        grams = int(reading.weight_g.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return Weight(grams, reading.stable and reading.weight_g is not None, reading.overload,
                  reading.underload, reading.raw)


log = logging.getLogger(__name__)


class HardwareDevices(DeviceHub):
    sig_device_status = Signal(str, str)
    """(device name, state in words) whenever any device's state changes."""
    sig_scanned_from = Signal(str, str)
    """(scanner name, code) — thread-safe hop for serial scanners, re-emitted as sig_scanned."""

    def __init__(self, *, scale: ScaleReader | None, queue: PrintQueue,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scale: ScaleReader | None = None
        self.scanners: dict[str, SerialScanner] = {}
        self.queue = queue
        self.device_states: dict[str, tuple[str, dt.datetime]] = {}
        """device name -> (state in words, since when, UTC)."""
        self._status_hop.connect(self._remember_status)
        self.sig_scanned_from.connect(lambda _name, code: self.sig_scanned.emit(code))
        queue.on_change = self._job_changed
        self._attach_scale(scale)

    _status_hop = Signal(str, str)

    def _attach_scale(self, scale: ScaleReader | None) -> None:
        self.scale = scale
        if scale is not None:
            scale.on_reading = lambda r: self.sig_weight.emit(to_weight(r))
            scale.on_status = lambda state: self._status_hop.emit("scale", state)

    def _remember_status(self, device: str, state: str) -> None:
        """On the GUI thread: keep the state with the time it began, log and announce it."""
        previous = self.device_states.get(device)
        if previous is not None and previous[0] == state:
            return
        self.device_states[device] = (state, clock.utcnow())
        level = logging.INFO if state in ("connected", "ok") else logging.WARNING
        log.log(level, "device %s: %s", device, state)
        if device == "scale":
            self.sig_scale_status.emit(state)
        elif device.startswith("scanner"):
            pass
        else:
            self.sig_printer_status.emit(device, state)
        self.sig_device_status.emit(device, state)

    def problems(self) -> list[tuple[str, str, dt.datetime]]:
        """Devices not working now: (name, state in words, since when)."""
        return [(name, state, since) for name, (state, since) in sorted(self.device_states.items())
                if state not in ("connected", "ok", "not started")]

    def start(self) -> None:
        self.queue.start()
        if self.scale is not None:
            self.scale.start()
        for scanner in self.scanners.values():
            scanner.start()

    def _job_changed(self, job: JobView) -> None:
        self.sig_print_state.emit(job.id, job.state)
        if job.state == "failed" or job.last_error:
            self._status_hop.emit(job.printer, job.last_error or job.state)
        elif job.state == "done":
            self._status_hop.emit(job.printer, "ok")

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
        for scanner in self.scanners.values():
            scanner.stop()
        self.queue.stop()


class DemoDevices(HardwareDevices):
    """Demo mode: a simulated MT-SICS scale served over TCP on loopback and read by the real
    driver, and printers that write into DATA_DIR/spool/."""

    def __init__(self, jobs: JobStore, spool: Path, parent: QObject | None = None) -> None:
        spool.mkdir(parents=True, exist_ok=True)
        from cpdesk.hardware.simulator import SimulatedScale

        self.simulator: SimulatedScale = SimulatedScale("mt-sics", weight_g=0)  # served in start()
        # One spool folder: every job is a file of its own, numbered and named for what it is
        # (print_queue.spool_file), so nothing printed is ever overwritten.
        printers = {k.printer: PrinterConfig(k.printer, f"file://{spool}", k.name)
                    for k in KINDS.values()}
        super().__init__(scale=None, queue=PrintQueue(jobs, printers), parent=parent)
        self.legal_for_trade = True  # the simulated scale stands in for an approved one

    def start(self) -> None:
        """Serve the simulated scale on loopback and read it with the real driver (its threads
        start here, after the desk's first frame, not when the desk is built)."""
        if self.scale is None:
            from cpdesk.hardware.scale_service import ScaleReader

            url = self.simulator.serve_tcp()
            # Every reading is delivered (stable or not) so that the screen shows motion; the
            # legal-for-trade rule (only stable readings are booked) is DeviceHub.stable_weight.
            self._attach_scale(ScaleReader(url=url, protocol=PROTOCOLS["mt-sics"],
                                           legal_for_trade=False))
        super().start()

    def shutdown(self) -> None:
        super().shutdown()
        self.simulator.stop()


def scale_reader(station: StationConfig) -> ScaleReader | None:
    """The reader of the station's scale (None without one). Every reading is delivered, so
    the screen shows motion; only stable ones are booked (`DeviceHub.stable_weight`)."""
    settings = station.scale
    if settings is None or not settings.port:
        return None
    from cpdesk.hardware.scale_service import ScaleReader

    spec, line = settings.protocol_and_line()
    return ScaleReader(url=settings.port, protocol=spec, line=line, legal_for_trade=False)


def station_printers(station: StationConfig) -> dict[str, PrinterConfig]:
    return {name: config for name, (_, config) in station.printers().items()}


class StationDevices(HardwareDevices):
    """The devices the station file names: its scale, serial scanners and printers."""

    def __init__(self, jobs: JobStore, station: StationConfig,
                 parent: QObject | None = None) -> None:
        self.station = station
        super().__init__(scale=scale_reader(station),
                         queue=PrintQueue(jobs, station_printers(station)), parent=parent)
        self.legal_for_trade = station.legal_for_trade
        self._receipt_settings(station)
        self._make_scanners(station)

    def _receipt_settings(self, station: StationConfig) -> None:
        receipt = station.receipt_printer
        self.receipt_width_mm = receipt.width if receipt is not None else 80
        self.cash_drawer = receipt is not None and receipt.cash_drawer

    def _make_scanners(self, station: StationConfig) -> None:
        self.scanners = {}
        for n, settings in enumerate(station.scanners):
            if settings.kind != "serial":
                continue
            from cpdesk.hardware.serial_scanner import SerialScanner  # only with one

            name = f"scanner {n}"
            self.scanners[name] = SerialScanner(
                url=settings.port, line=LineSettings(settings.baudrate),
                on_scan=partial(self.sig_scanned_from.emit, name),
                on_status=partial(self._status_hop.emit, name))

    def pause_readers(self) -> None:
        """Free the ports of the scale and of the serial scanners (the hardware settings
        dialog reads them: one reader per port); `apply` starts them again."""
        if self.scale is not None:
            self.scale.stop()
        for scanner in self.scanners.values():
            scanner.stop()

    def apply(self, station: StationConfig) -> None:
        """Use a changed station file now: the readers restart, queued jobs stay queued."""
        log.info("station configuration applied: %s", "; ".join(station.describe()))
        if self.scale is not None:
            self.scale.stop()
        for scanner in self.scanners.values():
            scanner.stop()
        self.station = station
        self.legal_for_trade = station.legal_for_trade
        self._receipt_settings(station)
        self.device_states = {k: v for k, v in self.device_states.items()
                              if k in station_printers(station)}
        self.queue.printers = station_printers(station)
        self.queue._wake.set()
        self._attach_scale(scale_reader(station))
        self._make_scanners(station)
        if self.scale is not None:
            self.scale.start()
        else:
            self.sig_scale_status.emit("not configured")
        for scanner in self.scanners.values():
            scanner.start()
