"""Receipt and label printers against a raw TCP printer on 127.0.0.1."""

from __future__ import annotations

import json
import re

import pytest

from cpdesk.cli import main
from cpdesk.documents.printer_pages import page_for, receipt_test_page
from cpdesk.hardware import zpl_printer
from cpdesk.hardware.faults import PrinterFault
from cpdesk.hardware.printer_link import connect
from cpdesk.hardware.printers import print_test_page

from ..escpos import decode_escpos


def test_test_page_is_a_real_receipt_in_cp858_without_the_drawer() -> None:
    raw = receipt_test_page()
    d = decode_escpos(raw)
    assert d.commands[:2] == ["init", "ESC t 19"]  # CP858 set before any text
    assert raw.index(b"\x1bt\x13") < raw.index(b"cpdesk test")
    assert b"\xd5" in raw and "7,88 €" in d.text()  # € = 0xD5 in CP858
    assert b"d'\x82peautre" in raw  # é in CP858
    assert d.commands[-1] == "cut 65 3" and not any(c.startswith("drawer") for c in d.commands)


@pytest.mark.parametrize(
    ("mode", "ok", "paper", "online"),
    [("ok", True, "ok", True), ("near end", True, "near end", True),
     ("out", False, "out", True), ("offline", False, "ok", False)],
)
def test_escpos_test_page_reports_status(fake_printer, mode, ok, paper, online) -> None:
    fake_printer.mode = mode
    report = print_test_page(fake_printer.url, kind="escpos", page=page_for("escpos"),
                             timeout_s=1)
    assert (report["ok"], report["paper"], report["online"]) == (ok, paper, online)
    sent = fake_printer.wait_bytes(6 + report.get("bytes_sent", 0))
    assert sent.startswith(b"\x10\x04\x01\x10\x04\x04")
    if ok:
        d = decode_escpos(sent[6:])
        assert d.code_page == 19 and "cut 65 3" in d.commands
        assert "€" in d.text()
    else:
        assert len(sent) == 6  # nothing printed on a printer that cannot print
    if mode == "near end":
        assert report["warning"] == "paper near end"


def test_silent_printer_is_a_fault_not_ok(fake_printer) -> None:
    fake_printer.mode = "silent"
    report = print_test_page(fake_printer.url, kind="escpos", page=page_for("escpos"),
                             timeout_s=0.3)
    assert report["ok"] is False and "silent" in report["error"]
    report = print_test_page(fake_printer.url, kind="zpl", page=page_for("zpl"),
                             timeout_s=0.3)
    assert report["ok"] is False and "silent" in report["error"]


def test_refused_connection_is_unreachable() -> None:
    import socket

    s = socket.create_server(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    report = print_test_page(f"tcp://127.0.0.1:{port}", kind="escpos", page=page_for("escpos"),
                             timeout_s=0.5)
    assert report["ok"] is False and "unreachable" in report["error"]


@pytest.mark.parametrize(("mode", "ok", "detail"),
                         [("ok", True, ""), ("out", False, "paper out"),
                          ("offline", False, "head open")])
def test_zpl_test_label_and_host_status(fake_printer, mode, ok, detail) -> None:
    fake_printer.mode = mode
    report = print_test_page(fake_printer.url, kind="zpl", page=page_for("zpl"),
                             timeout_s=1)
    assert report["ok"] is ok and report["detail"] == detail
    sent = fake_printer.wait_bytes(3 + report.get("bytes_sent", 0)).decode("latin-1")
    assert sent.startswith("~HS")
    if ok:
        label = sent[3:]
        assert label.startswith("^XA") and label.rstrip().endswith("^XZ")
        assert "^PW800" in label and "^LL1200" in label and "^CI28" in label
        assert re.search(r"\^BCN,\d+,N,N,N,N\^FH_\^FD>:CR0TEST00000\^FS", label)
    else:
        assert sent == "~HS"


def test_unreadable_host_status_is_a_fault() -> None:
    with pytest.raises(PrinterFault, match="unreadable"):
        zpl_printer.parse_host_status(b"\x02garbage\x03\r\n")


def test_file_printer_writes_bytes_without_status(tmp_path) -> None:
    target = tmp_path / "out.bin"
    report = print_test_page(f"file://{target}", kind="escpos", page=page_for("escpos"))
    assert report["ok"] and report["paper"] == "unknown"
    assert "cut 65 3" in decode_escpos(target.read_bytes()).commands


def test_unknown_url_scheme() -> None:
    with pytest.raises(PrinterFault, match="unknown printer URL"):
        connect("lpt://1")


def test_cli_printer_test(fake_printer, capsys) -> None:
    assert main(["printer", "test", "--printer", fake_printer.url, "--kind", "zpl",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    fake_printer.mode = "out"
    assert main(["printer", "test", "--printer", fake_printer.url, "--kind", "escpos"]) == 1
    assert "paper: out" in capsys.readouterr().out


def test_every_printer_kind_has_a_test_page_a_station_section_and_a_queue_name() -> None:
    from cpdesk.hardware.printer_kinds import KINDS
    from cpdesk.station import SECTIONS

    assert set(KINDS) == {"escpos", "zpl", "pdf"}
    assert len({k.printer for k in KINDS.values()}) == len(KINDS)
    for kind in KINDS.values():
        assert kind.section in SECTIONS and page_for(kind.name)
    assert page_for("pdf")[:5] == b"%PDF-" and page_for("zpl").startswith(b"^XA")
    with pytest.raises(ValueError, match="no test page for printer kind 'postscript'"):
        page_for("postscript")


def test_station_printers_come_from_the_registry() -> None:
    from cpdesk.station import (
        A4PrinterSettings,
        LabelPrinterSettings,
        ReceiptPrinterSettings,
        StationConfig,
    )

    station = StationConfig(receipt_printer=ReceiptPrinterSettings(url="cups://till"),
                            label_printer=LabelPrinterSettings(url=""),
                            a4_printer=A4PrinterSettings(cups_queue="office"))
    printers = station.printers()
    assert {name: (kind.name, config.url) for name, (kind, config) in printers.items()} == {
        "receipts": ("escpos", "cups://till"), "documents": ("pdf", "cups://office")}


def test_a4_test_page_goes_into_a_spool_folder(tmp_path) -> None:
    report = print_test_page(f"file://{tmp_path}", kind="pdf", page=page_for("pdf"))
    assert report["ok"] is True
    [written] = list(tmp_path.iterdir())
    assert written.suffix == ".pdf" and written.read_bytes()[:5] == b"%PDF-"


def test_a_pdf_cannot_go_to_a_raw_tcp_printer(fake_printer) -> None:
    report = print_test_page(fake_printer.url, kind="pdf", page=page_for("pdf"))
    assert report["ok"] is False and "cups://QUEUE or a file:// folder" in report["error"]
    assert fake_printer.captured == b""
