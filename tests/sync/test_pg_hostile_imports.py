"""Hostile order files imported into the real PostgreSQL: each is refused with one line naming
the file, the line or JSON path and the reason, and nothing is imported; good files still
import, with their values stored exactly as written."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session

from cpdesk.cli import main
from cpdesk.demo.generator import generate, write
from cpdesk.store.db import make_engine, migrate
from cpdesk.store.models import Customer, Order, OrderLine, Product
from cpdesk.sync.roles import group_name

from .hostile_files import Hostile, as_json, good_csv, good_json, good_order, hostile_files

ADMIN = os.environ.get("CPDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CASES = hostile_files("PIECE", "KG")  # ids only; the files are made with the real SKUs


@pytest.fixture(scope="module")
def centre() -> Iterator[tuple[str, Engine, str, str]]:
    """A throwaway central database with a small network: (url, engine, piece SKU, kg SKU)."""
    if os.environ.get("CPDESK_SKIP_PG") == "1":
        pytest.skip("CPDESK_SKIP_PG=1")
    name = f"cpdesk_t_{secrets.token_hex(4)}"
    server = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = ADMIN.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    try:
        migrate(engine)
        write(engine, generate(seed=2, orders=5).rows, {"role": "central"})
        with Session(engine) as s:
            piece = s.scalars(select(Product.sku).where(Product.sale_unit == "unit")
                              .order_by(Product.sku)).first()
            kg = s.scalars(select(Product.sku).where(Product.sale_unit == "kg")
                           .order_by(Product.sku)).first()
        assert piece and kg
        yield url, engine, piece, kg
    finally:
        engine.dispose()
        with server.connect() as conn:  # roles are cluster-wide: drop the one migrations made
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f"DROP ROLE IF EXISTS {group_name(name)}"))
        server.dispose()


def counts(engine: Engine) -> tuple[int, ...]:
    with Session(engine) as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) or 0
                     for t in (Order, OrderLine, Customer))


def made(case: Hostile, piece: str, kg: str) -> Hostile:
    return next(c for c in hostile_files(piece, kg) if c.name == case.name)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_file_is_refused_with_one_line(centre: tuple[str, Engine, str, str],
                                                 case: Hostile, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    url, engine, piece, kg = centre
    case = made(case, piece, kg)
    path = tmp_path / case.name
    path.write_bytes(case.data)
    before = counts(engine)
    assert main(["central", "import-orders", str(path), "--db", url]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    lines = out.err.splitlines()
    assert len(lines) == 1, out.err
    assert lines[0].startswith(f"cpdesk: {path}: {case.where}: "), lines[0]
    assert case.reason in lines[0] and lines[0].endswith("; nothing imported"), lines[0]
    assert len(lines[0]) < 300  # a 200 kB value is not echoed back
    assert counts(engine) == before


def test_good_files_import_values_exactly_as_written(centre: tuple[str, Engine, str, str],
                                                     tmp_path: Path) -> None:
    url, engine, piece, kg = centre
    before = counts(engine)
    f = tmp_path / "good.csv"
    f.write_bytes(b"\xef\xbb\xbf" + good_csv(piece).replace(b"\n", b"\r\n"))  # BOM, CRLF
    assert main(["central", "import-orders", str(f), "--db", url]) == 0
    j = tmp_path / "good.json"
    j.write_bytes(as_json(good_order(kg, **{"lines.0.quantity": "QTY"})).replace(
        b'"QTY"', b"999.999"))
    assert main(["central", "import-orders", str(j), "--db", url]) == 0
    j2 = tmp_path / "good2.json"
    j2.write_bytes(good_json(kg).replace(b"CP-261130-7101", b"CP-261130-7102"))
    assert main(["central", "import-orders", str(j2), "--db", url]) == 0
    assert counts(engine)[0] == before[0] + 3
    with Session(engine) as s:
        csv_order = s.scalars(select(Order).where(Order.number == "CP-261130-7001")).one()
        assert [ln.quantity for ln in csv_order.lines] == [Decimal(2), Decimal(3)]
        assert (csv_order.customer.name, csv_order.customer.phone,
                csv_order.customer.commune) == ("Anne Lemaire", "+32 4 222 33 44", "Liège")
        json_order = s.scalars(select(Order).where(Order.number == "CP-261130-7101")).one()
        assert [ln.quantity for ln in json_order.lines] == [Decimal("999.999")]
        assert json_order.customer.postcode == "4020"


@pytest.mark.parametrize("name", ["latin1.csv", "deep.json", "nul.json", "field-200k.csv"])
def test_the_command_prints_no_traceback(centre: tuple[str, Engine, str, str], name: str,
                                         tmp_path: Path) -> None:
    """The real process: one line on stderr, exit code 1; with --debug the traceback too."""
    url, engine, piece, kg = centre
    case = next(c for c in hostile_files(piece, kg) if c.name == name)
    path = tmp_path / name
    path.write_bytes(case.data)
    run = subprocess.run([sys.executable, "-m", "cpdesk", "central", "import-orders", str(path),
                          "--db", url], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [run.stderr.strip()]
    assert run.stderr.startswith(f"cpdesk: {path}: {case.where}: ")
    debug = subprocess.run([sys.executable, "-m", "cpdesk", "--debug", "central",
                            "import-orders", str(path), "--db", url],
                           capture_output=True, text=True, timeout=120)
    assert debug.returncode == 1 and "Traceback" in debug.stderr
    assert debug.stderr.strip().splitlines()[-1] == run.stderr.strip()
