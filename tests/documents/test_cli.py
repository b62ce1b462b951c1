"""The documents' command line contract: label, delivery-note, manifest, picklist, receipt."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk.cli import main
from cpdesk.store import models as m

from .conftest import BIG_ORDER, EXTREME_ROUND, TODAY, decode, pdf_text, pdf_to_images, zpl_to_image


@pytest.fixture()
def crate(session: Session) -> m.Crate:
    found = session.scalars(select(m.Crate).order_by(m.Crate.code)).first()
    assert found is not None
    return found


def test_label_command_writes_zpl_and_pdf(demo_dir: Path, crate: m.Crate, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    zpl, pdf = tmp_path / "c.zpl", tmp_path / "c.pdf"
    assert main(["label", crate.code, "--data-dir", str(demo_dir), "--format", "zpl",
                 "--out", str(zpl)]) == 0
    assert main(["label", str(crate.id), "--data-dir", str(demo_dir), "--format", "pdf",
                 "--out", str(pdf), "--lang", "en"]) == 0
    assert capsys.readouterr().out.split() == [str(zpl), str(pdf)]
    assert decode(zpl_to_image(zpl.read_text(encoding="utf-8"))) == [crate.code]
    (image,) = pdf_to_images(pdf.read_bytes(), tmp_path, dpi=120)
    assert decode(image) == [crate.code]
    assert "Crate " in pdf_text(pdf.read_bytes())


def test_label_from_a_depot_store_with_another_size(demo_dir: Path, session: Session,
                                                    tmp_path: Path) -> None:
    hes = session.scalar(select(m.Depot).where(m.Depot.code == "HES"))
    assert hes is not None
    crate = session.scalars(select(m.Crate).join(m.Order).where(  # not the extreme data,
        m.Crate.depot_id == hes.id, m.Order.delivery_date == TODAY)   # which only the centre has
        .order_by(m.Crate.code)).first()
    assert crate is not None
    out = tmp_path / "l.zpl"
    assert main(["label", crate.code, "--data-dir", str(demo_dir), "--depot", "hes",
                 "--format", "zpl", "--size", "101.6x152.4", "--out", str(out)]) == 0
    assert "^PW813" in out.read_text(encoding="utf-8")


def test_a4_commands(demo_dir: Path, tmp_path: Path) -> None:
    note, manifest, picks = tmp_path / "n.pdf", tmp_path / "m.pdf", tmp_path / "p.pdf"
    assert main(["delivery-note", BIG_ORDER, "--data-dir", str(demo_dir), "--out",
                 str(note), "--lang", "de"]) == 0
    assert f"Lieferschein {BIG_ORDER}" in pdf_text(note.read_bytes())
    assert main(["manifest", EXTREME_ROUND, "--data-dir", str(demo_dir), "--out",
                 str(manifest)]) == 0
    assert f"Feuille de route {EXTREME_ROUND}" in pdf_text(manifest.read_bytes())
    assert main(["picklist", "--data-dir", str(demo_dir), "--date", TODAY.isoformat(),
                 "--depot", "CAR", "--out", str(picks), "--lang", "nl"]) == 0
    assert "Picklijst · CAR" in pdf_text(picks.read_bytes())
    assert main(["picklist", "--data-dir", str(demo_dir), "--date", "2026-11-30",
                 "--round", EXTREME_ROUND, "--out", str(picks)]) == 0


def test_receipt_command(demo_dir: Path, session: Session, tmp_path: Path) -> None:
    sale = session.scalars(select(m.Sale).order_by(m.Sale.at)).first()
    assert sale is not None
    code = f"{sale.register}-{sale.receipt_no:06d}"
    raw, pdf = tmp_path / "r.bin", tmp_path / "r.pdf"
    assert main(["receipt", code, "--data-dir", str(demo_dir), "--format", "escpos",
                 "--width", "58", "--out", str(raw)]) == 0
    assert raw.read_bytes().startswith(b"\x1b@\x1bt\x13")
    assert main(["receipt", str(sale.id), "--data-dir", str(demo_dir), "--out", str(pdf)]) == 0
    assert code in pdf_text(pdf.read_bytes())


@pytest.mark.parametrize("argv, message", [
    (["label", "CR0000000000", "--out", "{tmp}/x.pdf"], "no crate 'CR0000000000'"),
    (["label", "CR0000000000", "--size", "3x4", "--out", "{tmp}/x.pdf"], "label size"),
    (["delivery-note", "CP-000000-0000", "--out", "{tmp}/x.pdf"], "no order"),
    (["manifest", "HES-19990101-A", "--out", "{tmp}/x.pdf"], "no round"),
    (["picklist", "--date", "2026-11-26", "--out", "{tmp}/x.pdf"], "--depot"),
    (["label", "CR0000000000", "--depot", "XYZ", "--out", "{tmp}/x.pdf"], "no depot XYZ"),
    (["receipt", "nope", "--out", "{tmp}/x.pdf"], "no sale"),
])
def test_user_errors_are_one_clear_line(demo_dir: Path, tmp_path: Path, argv: list[str],
                                        message: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv] + ["--data-dir", str(demo_dir)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("cpdesk: ") and message in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()
