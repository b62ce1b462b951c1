"""Receipt and label printers against a raw TCP printer on 127.0.0.1."""

from __future__ import annotations

import json
import re

import pytest

from cpdesk.cli import main
from cpdesk.hardware import escpos_printer, zpl
from cpdesk.hardware.pdf_label import crate_label_pdf
from cpdesk.hardware.printers import PrinterFault, connect, print_test_page

ESC, GS = b"\x1b", b"\x1d"


def decode_escpos(data: bytes) -> list[tuple[str, bytes]]:
    """Decode the ESC/POS commands cpdesk uses into (name, argument) pairs; text as TEXT."""
    fixed = {
        ESC + b"t": ("CODEPAGE", 1), ESC + b"p": ("DRAWER", 3), GS + b"V": ("CUT", 1),
        ESC + b"d": ("FEED", 1), ESC + b"E": ("BOLD", 1), ESC + b"a": ("ALIGN", 1),
        ESC + b"!": ("MODE", 1), GS + b"!": ("SIZE", 1), ESC + b"-": ("UNDERLINE", 1),
        ESC + b"M": ("FONT", 1), GS + b"B": ("INVERT", 1), ESC + b"G": ("DOUBLESTRIKE", 1),
        ESC + b"{": ("UPSIDEDOWN", 1), b"\x10\x04": ("DLE_EOT", 1), ESC + b"@": ("INIT", 0),
        GS + b"b": ("SMOOTH", 1), ESC + b"V": ("ROTATE", 1), ESC + b"3": ("LINESPACE", 1),
        ESC + b"2": ("LINESPACE_DEFAULT", 0),
    }
    out: list[tuple[str, bytes]] = []
    i, text = 0, bytearray()
    while i < len(data):
        two = data[i:i + 2]
        if two in fixed:
            if text:
                out.append(("TEXT", bytes(text)))
                text = bytearray()
            name, n = fixed[two]
            out.append((name, data[i + 2:i + 2 + n]))
            i += 2 + n
            continue
        assert data[i] not in (0x1B, 0x1D, 0x10), f"unknown command at {i}: {data[i:i + 4]!r}"
        text.append(data[i])
        i += 1
    if text:
        out.append(("TEXT", bytes(text)))
    return out


def test_receipt_sets_cp858_prints_euro_cuts_and_kicks_drawer() -> None:
    data = escpos_printer.receipt(title="Dépôt", lines=[("Pain", "3,50 €")], total="3,50 €",
                                  open_drawer=True)
    cmds = decode_escpos(data)
    names = [c[0] for c in cmds]
    assert cmds[names.index("CODEPAGE")] == ("CODEPAGE", b"\x13")
    assert names.index("CODEPAGE") < names.index("TEXT")  # set before any text
    text = b"".join(arg for name, arg in cmds if name == "TEXT")
    assert b"3,50 \xd5" in text and b"D\x82p\x93t" in text  # € = 0xD5, é/ô in CP858
    assert text.decode("cp858").count("€") == 2
    assert ("CUT", b"\x00") in cmds
    drawer = [arg for name, arg in cmds if name == "DRAWER"]
    assert drawer == [b"\x00\x32\x32"]  # ESC p m=0 t1 t2
    assert names.index("DRAWER") > names.index("CUT")


def test_drawer_kick_alone() -> None:
    assert decode_escpos(escpos_printer.drawer_kick()) == [("DRAWER", b"\x0022")]


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
        cmds = decode_escpos(sent)
        assert ("CODEPAGE", b"\x13") in cmds and ("CUT", b"\x00") in cmds
        assert "€" in b"".join(a for n, a in cmds if n == "TEXT").decode("cp858")
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
        assert label.startswith("^XA") and label.endswith("^XZ") and "^PW800^LL1200" in label
        assert re.search(r"\^BCN,200,Y,N,N\^FD>:CR0TEST0000\^FS", label)
    else:
        assert sent == "~HS"


def test_zpl_field_data_cannot_inject_commands() -> None:
    label = zpl.crate_label(crate_code="CR1", order_number="CP-1", customer="A^XZ~JR")
    assert label.count("^XZ") == 1 and "~JR" not in label


def test_unreadable_host_status_is_a_fault() -> None:
    with pytest.raises(PrinterFault, match="unreadable"):
        zpl.parse_host_status(b"\x02garbage\x03\r\n")


def test_file_printer_writes_bytes_without_status(tmp_path) -> None:
    target = tmp_path / "out.bin"
    report = print_test_page(f"file://{target}", kind="escpos")
    assert report["ok"] and report["paper"] == "unknown"
    assert ("CUT", b"\x00") in decode_escpos(target.read_bytes())


def test_unknown_url_scheme() -> None:
    with pytest.raises(PrinterFault, match="unknown printer URL"):
        connect("lpt://1")


def test_pdf_label_is_one_100x150_page_with_the_crate_code() -> None:
    from io import BytesIO

    from pypdf import PdfReader

    pdf = crate_label_pdf(crate_code="CR0123456789", order_number="CP-261128-0042",
                          customer="Dupont")
    page = PdfReader(BytesIO(pdf)).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 100
    assert round(float(page.mediabox.height) / 72 * 25.4) == 150
    assert "CR0123456789" in page.extract_text()


def test_cli_printer_test(fake_printer, capsys) -> None:
    assert main(["printer", "test", "--printer", fake_printer.url, "--kind", "zpl",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    fake_printer.mode = "out"
    assert main(["printer", "test", "--printer", fake_printer.url, "--kind", "escpos"]) == 1
    assert "paper: out" in capsys.readouterr().out
