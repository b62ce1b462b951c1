"""Printing through a real CUPS server (Debian `cups`, `printer-driver-cups-pdf`; `.ci/run`
starts the scheduler). A4 documents go to a cups-pdf queue: the job reaches the queue and
the PDF comes out; a stopped queue is said in words and the job waits in the durable print
queue until the printer is back. Receipts go to a raw queue whose socket backend delivers
to a fake printer on 127.0.0.1: the ESC/POS bytes arrive unchanged. Each test makes its
own queues (the server is shared)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cpdesk.documents.gather import delivery_note_data
from cpdesk.hardware.cups import queue_state
from cpdesk.hardware.print_queue import PrinterConfig, PrintQueue
from cpdesk.store import paths
from cpdesk.store.db import open_store
from cpdesk.store.print_jobs import PrintJobStore
from cpdesk.ui.hardware.device_status import state_words

from ..documents.conftest import pdf_text
from ..escpos import decode_escpos

PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd")


def _need_cups() -> None:
    """CUPS missing fails the test unless CPDESK_SKIP_CUPS=1."""
    missing = [c for c in ("lpstat", "lpadmin", "lp", "cupsenable", "cupsdisable")
               if shutil.which(c) is None]
    running = not missing and subprocess.run(["lpstat", "-r"], capture_output=True,
                                             text=True).stdout.strip() == "scheduler is running"
    if missing or not running or not PPD.exists():
        if os.environ.get("CPDESK_SKIP_CUPS") == "1":
            pytest.skip("CUPS not available and CPDESK_SKIP_CUPS=1")
        pytest.fail(f"CUPS with cups-pdf is needed (missing: {missing or 'scheduler or PPD'}; "
                    "apt-get install cups printer-driver-cups-pdf, then start cupsd)")


@pytest.fixture
def cups_queue() -> Iterator[str]:
    """A fresh cups-pdf queue."""
    _need_cups()
    name = f"cpdesk_t_{uuid.uuid4().hex[:10]}"
    subprocess.run(["lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-P", str(PPD)],
                   check=True, capture_output=True)
    yield name
    subprocess.run(["lpadmin", "-x", name], capture_output=True)


@pytest.fixture
def raw_cups_queue(fake_printer) -> Iterator[str]:
    """A raw CUPS queue (no driver, no filter) whose socket backend delivers to the fake
    TCP printer: what CUPS sends the printer arrives in `fake_printer.captured`."""
    _need_cups()
    name = f"cpdesk_raw_{uuid.uuid4().hex[:10]}"
    subprocess.run(["lpadmin", "-p", name, "-E", "-v", f"socket://127.0.0.1:{fake_printer.port}"],
                   check=True, capture_output=True)
    yield name
    subprocess.run(["lpadmin", "-x", name], capture_output=True)


@pytest.fixture
def store(demo_dir: Path) -> Iterator[Engine]:
    engine = open_store(paths.depot_path(demo_dir, "HES"))
    yield engine
    engine.dispose()


def _out_dir() -> Path:
    """cups-pdf writes into ${HOME}/PDF of the user who printed (Debian's cups-pdf.conf)."""
    return Path.home() / "PDF"


def _wait_pdf(title: str, timeout_s: float = 60) -> Path:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = [p for p in _out_dir().glob("*.pdf") if title in p.name]
        if found and found[0].stat().st_size > 0:
            time.sleep(0.2)  # cups-pdf may still be writing
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"no PDF titled {title} in {_out_dir()}")


def _wait(predicate, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _note(store: Engine) -> tuple[str, bytes]:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from cpdesk.documents.delivery_note import render_delivery_note
    from cpdesk.store import models as m

    with Session(store) as s:
        number = s.scalars(select(m.Order.number).order_by(m.Order.number)).first()
        assert number is not None
        return number, render_delivery_note(delivery_note_data(s, number, lang="fr"))


def test_an_a4_document_comes_out_of_the_cups_pdf_queue(cups_queue: str, store: Engine) -> None:
    number, pdf = _note(store)
    queue = PrintQueue(PrintJobStore(store), {"documents": PrinterConfig("documents", f"cups://{cups_queue}",
                                                          "pdf")}, retry_base_s=0.2)
    queue.start()
    try:
        title = f"note-{uuid.uuid4().hex[:8]}"
        job = queue.enqueue("documents", pdf, title=title)
        _wait(lambda: queue.jobs()[0].state == "done")
        out = _wait_pdf(title)
        assert number in pdf_text(out.read_bytes())
        assert [j.id for j in queue.jobs(states=("done",))][0] == job
    finally:
        queue.stop()


def test_a_stopped_queue_is_said_in_words_and_the_job_waits_for_it(cups_queue: str,
                                                                   store: Engine) -> None:
    number, pdf = _note(store)
    subprocess.run(["cupsdisable", "-r", "paper jam", cups_queue], check=True)
    state = queue_state(cups_queue)
    assert not state.ready and "is stopped" in state.reason and "paper jam" in state.reason
    assert state_words(state.reason) == "stopped in CUPS"
    queue = PrintQueue(PrintJobStore(store), {"documents": PrinterConfig("documents", f"cups://{cups_queue}",
                                                          "pdf")}, retry_base_s=0.2,
                       retry_max_s=0.5)
    queue.start()
    try:
        title = f"held-{uuid.uuid4().hex[:8]}"
        queue.enqueue("documents", pdf, title=title)
        _wait(lambda: queue.jobs()[0].attempts >= 2)
        job = queue.jobs()[0]
        assert job.state == "queued" and "is stopped" in job.last_error
        # CUPS never saw it: nothing waits there, nothing came out
        assert subprocess.run(["lpstat", "-o", cups_queue], capture_output=True,
                              text=True).stdout.strip() == ""
        assert not [p for p in _out_dir().glob("*.pdf") if title in p.name]
        subprocess.run(["cupsenable", cups_queue], check=True)
        _wait(lambda: queue.jobs()[0].state == "done", timeout_s=30)
        assert number in pdf_text(_wait_pdf(title).read_bytes())
    finally:
        queue.stop()


def test_an_unknown_queue_is_said_in_words() -> None:
    if shutil.which("lpstat") is None and os.environ.get("CPDESK_SKIP_CUPS") == "1":
        pytest.skip("CUPS not available and CPDESK_SKIP_CUPS=1")
    state = queue_state(f"cpdesk_none_{uuid.uuid4().hex[:8]}")
    assert not state.ready and ("no queue named" in state.reason
                                or "not running" in state.reason)


def test_receipt_bytes_reach_the_printer_through_a_raw_cups_queue_unchanged(
        raw_cups_queue: str, fake_printer, tmp_path: Path) -> None:
    """ESC/POS through CUPS goes as `lp -o raw`: the printer gets the very bytes queued."""
    from cpdesk.documents.printer_pages import receipt_test_page

    engine = open_store(tmp_path / "depot-HES.sqlite", create=True)
    queue = PrintQueue(PrintJobStore(engine),
                       {"receipts": PrinterConfig("receipts", f"cups://{raw_cups_queue}",
                                                  "escpos")}, retry_base_s=0.2)
    queue.start()
    try:
        receipt = receipt_test_page()
        queue.enqueue("receipts", receipt, title="receipt TEST-1")
        _wait(lambda: queue.jobs()[0].state == "done")
        assert fake_printer.wait_bytes(len(receipt), timeout_s=30) == receipt
        d = decode_escpos(bytes(fake_printer.captured))
        assert d.code_page == 19 and "7,88 €" in d.text() and d.commands[-1] == "cut 65 3"
    finally:
        queue.stop()
        engine.dispose()


@pytest.mark.gui
def test_a_counter_receipt_comes_out_of_a_cups_receipt_printer(qtbot, raw_cups_queue: str,
                                                               fake_printer,
                                                               demo_dir: Path) -> None:
    """A receipt printer that is a CUPS queue gets the receipt as ESC/POS, raw: its code
    page, its cut and its drawer kick reach the printer, which a PDF would lose."""
    from cpdesk.station import ReceiptPrinterSettings, StationConfig
    from cpdesk.ui.app import build_context
    from cpdesk.ui.counter.screen import CounterWidget
    from cpdesk.ui.hardware.hub import StationDevices

    from ..conftest import DEMO_TODAY
    from ..ui.conftest import open_register
    from ..ui.test_counter_sale import _unit_with_barcode

    ctx = build_context(demo_dir, "HES")
    ctx.today = DEMO_TODAY
    station = StationConfig(receipt_printer=ReceiptPrinterSettings(
        url=f"cups://{raw_cups_queue}", width=58, cash_drawer=True))
    devices = StationDevices(PrintJobStore(ctx.engine), station)
    devices.start()
    counter = CounterWidget(ctx, devices)
    qtbot.addWidget(counter)
    try:
        with qtbot.waitSignal(counter.sig_ready, timeout=30_000):
            counter.start()
        with qtbot.waitSignal(counter.sig_signed_in, timeout=30_000):
            counter.sign_in("2001")
        open_register(qtbot, counter)
        unit = _unit_with_barcode(counter)
        counter.on_scanned(unit.barcodes[0])
        counter.payment.amount.setText("100,00")
        with qtbot.waitSignal(counter.sig_receipt, timeout=30_000) as printed:
            counter.payment.cash_button.click()
        receipt = printed.args[0]
        assert receipt[:2] == b"\x1b@"  # ESC/POS, not a PDF
        code = f"HES-1-{counter.last_sale.receipt_no:06d}"
        qtbot.waitUntil(lambda: devices.queue.jobs()[0].state == "done", timeout=30_000)
        assert fake_printer.wait_bytes(len(receipt), timeout_s=30) == receipt
        d = decode_escpos(bytes(fake_printer.captured))
        assert d.code_page == 19 and code in d.text() and "TOTAL" in d.text()
        assert max(len(line) for line in d.lines) <= 32  # 58 mm paper
        assert any(c.startswith("drawer") for c in d.commands)  # paid cash: the drawer opens
        assert d.commands[-1].startswith("cut")
    finally:
        devices.shutdown()
        ctx.engine.dispose()
