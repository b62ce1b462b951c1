"""Printing one job now, the printers' status reports, and the test page.

What is printed arrives already rendered (ESC/POS or ZPL bytes, a PDF): the documents are
drawn by `cpdesk.documents`, test pages included (`cpdesk.documents.printer_pages`), and
handed here by the caller. How each kind is reached and asked its status is the registry
`printer_kinds.KINDS`.

    send_payload(PrinterConfig("labels", "tcp://10.0.0.9:9100", "zpl"), "zpl", zpl, "Crate…")
    print_test_page("cups://till", kind="escpos", page=page_for("escpos"))
    printer_status_report("tcp://10.0.0.9:9100", kind="zpl")
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from cpdesk import clock

from .cups import queue_state, submit
from .faults import PrinterFault
from .printer_kinds import PrinterConfig, PrinterKind, printer_kind

_UNSAFE = re.compile(r"[^0-9A-Za-z]+")


def spool_file(folder: Path, kind: str, title: str) -> Path:
    """The next file of a spool folder: every job kept, in order, named for what it is.

    `000042-20261126-101502-crate-label-CP-261126-0001-1-of-3-CR0K3M9X2Q7B.zpl`: a sequence
    number (one more than the folder's highest), the depot's local time, the job's title."""
    highest = max((int(p.name.split("-", 1)[0]) for p in folder.iterdir()
                   if p.name.split("-", 1)[0].isdigit()), default=0)
    stem = _UNSAFE.sub("-", title.replace("/", " of ")).strip("-")[:80] or "job"
    extension = printer_kind(kind).extension
    return folder / f"{highest + 1:06d}-{clock.now():%Y%m%d-%H%M%S}-{stem}.{extension}"


def send_payload(config: PrinterConfig, kind: str, payload: bytes, title: str = "") -> None:
    """Print one payload now (the print queue's worker thread); PrinterFault when the
    printer cannot take it.

    A `file://` URL naming a folder is a spool: each job becomes a file of its own there
    (`spool_file`), so no job overwrites another. A printer language (ESC/POS, ZPL) goes
    to the printer unchanged, after its status says it can print; a CUPS queue gets it raw
    (`lp -o raw`). A PDF goes to a CUPS queue (which converts it for its driver) or a file."""
    spec = printer_kind(kind)
    parsed = urlparse(config.url)
    if parsed.scheme == "file" and Path(parsed.path).is_dir():
        spool_file(Path(parsed.path), kind, title).write_bytes(payload)
        return
    if not spec.raw:
        _send_document(spec, config.url, payload, title)
        return
    from .printer_link import close_quietly, connect  # python-escpos: slow to import

    device = connect(config.url, timeout_s=config.timeout_s, title=title)
    try:
        status = spec.query_status(device, config.url, timeout_s=config.timeout_s)
        if not status.can_print:
            raise PrinterFault(status.detail or f"the {spec.what} cannot print")
        device._raw(payload)
    except OSError as exc:
        raise PrinterFault(f"printer connection lost: {exc}") from exc
    finally:
        close_quietly(device)


def _send_document(spec: PrinterKind, url: str, payload: bytes, title: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme == "file":
        Path(parsed.path).write_bytes(payload)
    elif parsed.scheme == "cups":
        submit(parsed.netloc or parsed.path.strip("/"), payload, title=title, raw=False)
    else:
        raise PrinterFault(f"an {spec.what} is a cups://QUEUE or a file:// folder, not {url}")


def print_test_page(url: str, *, kind: str, page: bytes,
                    timeout_s: float = 3.0) -> dict[str, Any]:
    """`cpdesk printer test`: status first, then `page` (rendered by the caller, see
    `cpdesk.documents.printer_pages`) if the printer can take it."""
    spec = printer_kind(kind)
    report: dict[str, Any]
    if not spec.raw:
        report = _document_printer_report(spec, url)
        if report["ok"]:
            try:
                send_payload(PrinterConfig("test", url, kind, timeout_s), kind, page,
                             "cpdesk test page")
                report["bytes_sent"] = len(page)
            except PrinterFault as exc:
                report.update(ok=False, error=str(exc))
        return report
    from .printer_link import close_quietly, connect

    report = {"printer": url, "kind": kind, "ok": False}
    try:
        device = connect(url, timeout_s=timeout_s, title="cpdesk test page")
    except PrinterFault as exc:
        report["error"] = str(exc)
        return report
    try:
        status = spec.query_status(device, url, timeout_s=timeout_s)
        report.update(status.to_json())
        if not status.can_print:
            report["error"] = f"not printed: {status.detail or 'paper ' + status.paper}"
            return report
        device._raw(page)
        report["bytes_sent"] = len(page)
        report["ok"] = True
        if status.paper == "near end":
            report["warning"] = "paper near end"
    except PrinterFault as exc:
        report["error"] = str(exc)
    except OSError as exc:
        report["error"] = f"printer connection lost: {exc}"
    finally:
        try:
            close_quietly(device)
        except PrinterFault as exc:
            report.update(ok=False, error=str(exc))
    return report


def printer_status_report(url: str, *, kind: str, timeout_s: float = 3.0,
                          page: bytes | None = None) -> dict[str, Any]:
    """`cpdesk station test`: can this printer take a job now? With `page`, print it."""
    if page is not None:
        return print_test_page(url, kind=kind, page=page, timeout_s=timeout_s)
    spec = printer_kind(kind)
    if not spec.raw:
        return _document_printer_report(spec, url)
    from .printer_link import answers_status, close_quietly, connect

    report: dict[str, Any] = {"printer": url, "kind": kind, "ok": False}
    try:
        device = connect(url, timeout_s=timeout_s)
    except PrinterFault as exc:
        report["error"] = str(exc)
        return report
    try:
        if not answers_status(url):
            report.update(ok=True, online=None, paper="unknown")
            return report
        status = spec.query_status(device, url, timeout_s=timeout_s)
        report.update(status.to_json())
        report["ok"] = status.can_print
        if not status.can_print:
            report["error"] = status.detail or f"paper {status.paper}"
    except (PrinterFault, OSError) as exc:
        report["error"] = str(exc)
    finally:
        close_quietly(device)
    return report


def _document_printer_report(spec: PrinterKind, url: str) -> dict[str, Any]:
    parsed = urlparse(url)
    report: dict[str, Any] = {"printer": url, "kind": spec.name, "ok": False}
    if parsed.scheme == "file":
        folder = Path(parsed.path)
        if folder.is_dir():
            report["ok"] = True
        else:
            report["error"] = f"no folder {folder}"
        return report
    if parsed.scheme == "cups":
        state = queue_state(parsed.netloc or parsed.path.strip("/"))
        report.update(ok=state.ready, state=state.describe())
        if not state.ready:
            report["error"] = state.describe()
        return report
    report["error"] = f"an {spec.what} is a cups://QUEUE or a file:// folder, not {url}"
    return report
