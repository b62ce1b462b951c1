"""The durable print queue against the fake TCP printer."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from sqlalchemy import inspect

from cpdesk.documents.printer_pages import label_test_page, receipt_test_page
from cpdesk.hardware.print_queue import PrinterConfig, PrintQueue
from cpdesk.store.db import open_store, transaction
from cpdesk.store.models import PrintJob
from cpdesk.store.print_jobs import PrintJobStore


def wait_for(predicate, timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


@pytest.fixture
def engine(tmp_path: Path):
    engine = open_store(tmp_path / "depot-HES.sqlite", create=True)
    yield engine
    engine.dispose()


def test_migration_creates_the_print_job_table(engine) -> None:
    columns = {c["name"] for c in inspect(engine).get_columns("print_job")}
    assert {"id", "printer", "kind", "payload", "title", "state", "attempts", "last_error",
            "created_at", "done_at"} <= columns


def test_job_is_printed_and_marked_done(engine, fake_printer) -> None:
    changes = []
    queue = PrintQueue(PrintJobStore(engine),
                       {"labels": PrinterConfig("labels", fake_printer.url, "zpl", 1)},
                       on_change=changes.append)
    queue.start()
    try:
        label = label_test_page()
        job_id = queue.enqueue("labels", label, title="Crate CR0TEST0000")
        wait_for(lambda: queue.jobs()[0].state == "done")
        assert label in fake_printer.wait_bytes(3 + len(label))
        # the job is committed as done before the worker thread tells its listener: wait for it
        wait_for(lambda: any(c.id == job_id and c.state == "done" for c in changes))
        assert [c.state for c in changes if c.id == job_id] == ["queued", "printing", "done"]
        assert queue.jobs()[0].done_at is not None
    finally:
        queue.stop()


def test_paper_out_keeps_the_job_queued_with_its_error_then_prints(engine, fake_printer) -> None:
    fake_printer.mode = "out"
    queue = PrintQueue(PrintJobStore(engine),
                       {"till": PrinterConfig("till", fake_printer.url, "escpos", 0.5)},
                       retry_base_s=0.1, retry_max_s=0.2)
    queue.start()
    try:
        queue.enqueue("till", receipt_test_page(), title="Receipt 12")
        wait_for(lambda: queue.jobs()[0].attempts >= 2)
        job = queue.jobs()[0]
        assert job.state == "queued" and job.last_error == "paper out"
        fake_printer.mode = "ok"
        wait_for(lambda: queue.jobs()[0].state == "done")
        assert fake_printer.captured.endswith(b"\x1dVA\x03")  # the page arrived, cut
    finally:
        queue.stop()


def test_silent_printer_never_blocks_enqueue(engine, fake_printer) -> None:
    fake_printer.mode = "silent"
    queue = PrintQueue(PrintJobStore(engine),
                       {"till": PrinterConfig("till", fake_printer.url, "escpos", 1.0)},
                       retry_base_s=5)
    queue.start()
    try:
        queue.enqueue("till", b"first")
        wait_for(lambda: queue.jobs()[0].state == "printing")
        started = time.monotonic()
        for i in range(5):
            queue.enqueue("till", b"more %d" % i)
        assert time.monotonic() - started < 0.5
        wait_for(lambda: "silent" in queue.jobs(states=("queued",))[-1].last_error)
    finally:
        queue.stop()


def test_jobs_survive_a_restart_and_interrupted_jobs_are_requeued(engine, fake_printer) -> None:
    config = {"labels": PrinterConfig("labels", fake_printer.url, "zpl", 1)}
    PrintQueue(PrintJobStore(engine), config).enqueue("labels", b"^XA^FDone^FS^XZ", title="one")
    with transaction(engine) as s:  # as if the app died while printing
        s.add(PrintJob(printer="labels", kind="zpl", payload=b"^XA^FDtwo^FS^XZ", title="two",
                       state="printing", attempts=0, last_error=""))
    queue = PrintQueue(PrintJobStore(engine), config)  # a new app run
    queue.start()
    try:
        wait_for(lambda: all(j.state == "done" for j in queue.jobs()))
        data = fake_printer.wait_bytes(40)
        assert data.index(b"one") < data.index(b"two")  # oldest first
    finally:
        queue.stop()


def test_unknown_printer_fails_visibly_and_can_be_retried(engine, fake_printer) -> None:
    queue = PrintQueue(PrintJobStore(engine),
                       {}, retry_base_s=0.1)
    queue.start()
    try:
        job_id = queue.enqueue("labels", b"^XA^XZ", kind="zpl")
        wait_for(lambda: queue.jobs()[0].state == "failed")
        assert "no printer named 'labels'" in queue.jobs()[0].last_error
        queue.printers["labels"] = PrinterConfig("labels", fake_printer.url, "zpl", 1)
        queue.retry(job_id)
        wait_for(lambda: queue.jobs()[0].state == "done")
    finally:
        queue.stop()


def test_pdf_job_to_a_file_printer(engine, tmp_path) -> None:
    from cpdesk import documents as docs

    spool = tmp_path / "spool"
    spool.mkdir()
    queue = PrintQueue(PrintJobStore(engine),
                       {"pdf": PrinterConfig("pdf", f"file://{spool}", "pdf")})
    queue.start()
    try:
        pdf = docs.label_pdf(docs.LabelData(
            crate_code="CR0123456789", round_code="", round_letter="", stop_seq=0, customer="X",
            postcode="4000", commune="Liège", order_number="CP-1", crate_seq=1, crate_count=1,
            depot_code="HES", other_depots=(), zone="ambient",
            delivery_date=dt.date(2026, 11, 28), coop="C"))
        queue.enqueue("pdf", pdf)
        wait_for(lambda: queue.jobs()[0].state == "done")
        assert [p.read_bytes() for p in spool.iterdir()] == [pdf]
    finally:
        queue.stop()


def test_unknown_kind_is_refused(engine) -> None:
    with pytest.raises(ValueError, match="kind"):
        PrintQueue(PrintJobStore(engine),
                       {}).enqueue("x", b"", kind="postscript")
