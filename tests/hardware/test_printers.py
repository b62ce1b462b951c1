"""Receipt and label printers against a raw TCP printer on 127.0.0.1."""

from __future__ import annotations

import json
import re

import pytest

from cpdesk.cli import main
from cpdesk.hardware import escpos_printer, zpl
from cpdesk.hardware.printers import PrinterFault, connect, print_test_page

from ..escpos import decode_escpos


def test_test_page_is_a_real_receipt_in_cp858_without_the_drawer() -> None:
    raw = escpos_printer.test_page()
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
    report = print_test_page(fake_printer.url, kind="escpos", timeout_s=1)
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
    report = print_test_page(fake_printer.url, kind="escpos", timeout_s=0.3)
    assert report["ok"] is False and "silent" in report["error"]
    report = print_test_page(fake_printer.url, kind="zpl", timeout_s=0.3)
    assert report["ok"] is False and "silent" in report["error"]


def test_refused_connection_is_unreachable() -> None:
    import socket

    s = socket.create_server(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    report = print_test_page(f"tcp://127.0.0.1:{port}", kind="escpos", timeout_s=0.5)
    assert report["ok"] is False and "unreachable" in report["error"]


@pytest.mark.parametrize(("mode", "ok", "detail"),
                         [("ok", True, ""), ("out", False, "paper out"),
                          ("offline", False, "head open")])
def test_zpl_test_label_and_host_status(fake_printer, mode, ok, detail) -> None:
    fake_printer.mode = mode
    report = print_test_page(fake_printer.url, kind="zpl", timeout_s=1)
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
        zpl.parse_host_status(b"\x02garbage\x03\r\n")


def test_file_printer_writes_bytes_without_status(tmp_path) -> None:
    target = tmp_path / "out.bin"
    report = print_test_page(f"file://{target}", kind="escpos")
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
