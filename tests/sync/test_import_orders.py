"""`cpdesk central import-orders`: CSV and JSON, a bad file refused whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpdesk.cli import main
from cpdesk.demo.generator import generate, write
from cpdesk.store.db import make_engine, migrate, sqlite_url
from cpdesk.store.models import Order, Product, Round
from cpdesk.sync.central import install_sqlite_central

HEADER = ("number,delivery_date,status,customer_name,customer_kind,address,postcode,commune,"
          "phone,round,sku,quantity,packing_depot\n")


@pytest.fixture
def centre(tmp_path: Path) -> tuple[str, str, str]:
    db = tmp_path / "central.sqlite"
    engine = make_engine(sqlite_url(db))
    migrate(engine)
    install_sqlite_central(engine)
    write(engine, generate(seed=2, orders=10).rows, {"role": "central"})
    with Session(engine) as s:
        sku = s.scalars(select(Product.sku).order_by(Product.sku)).first()
        rnd = s.scalars(select(Round.code).order_by(Round.code)).first()
    assert sku and rnd
    return sqlite_url(db), sku, rnd


def count_orders(url: str) -> int:
    with Session(make_engine(url)) as s:
        return s.scalar(select(func.count()).select_from(Order)) or 0


def test_csv_import_creates_then_updates_with_a_new_version(centre: tuple[str, str, str],
                                                            tmp_path: Path) -> None:
    url, sku, rnd = centre
    before = count_orders(url)
    f = tmp_path / "orders.csv"
    row = f"CP-261130-9001,2026-11-30,open,Anne Test,household,Rue X 1,4000,Liège,,{rnd},{sku},"
    f.write_text(HEADER + row + "2,HES\n" + row + "1.5,CAR\n", encoding="utf-8")
    assert main(["central", "import-orders", str(f), "--db", url]) == 0
    assert count_orders(url) == before + 1
    f.write_text(HEADER + row + "3,HES\n", encoding="utf-8")
    assert main(["central", "import-orders", str(f), "--db", url]) == 0
    with Session(make_engine(url)) as s:
        order = s.scalars(select(Order).where(Order.number == "CP-261130-9001")).one()
        assert order.version == 2
        # the CAR line is no longer ordered: kept at quantity 0, not deleted
        assert sorted(str(ln.quantity) for ln in order.lines) == ["0.000", "3.000"]
        assert order.stop is not None and order.stop.round.code == rnd


def test_a_bad_line_refuses_the_whole_file(centre: tuple[str, str, str], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    url, sku, _ = centre
    before = count_orders(url)
    f = tmp_path / "orders.csv"
    good = f"CP-261130-9002,2026-11-30,open,Bob,pro,Rue Y 2,4020,Liège,,,{sku},1,HES\n"
    bad = "CP-261130-9003,2026-11-30,open,Carl,pro,Rue Z 3,4020,Liège,,,NOPE,1,HES\n"
    f.write_text(HEADER + good + bad, encoding="utf-8")
    assert main(["central", "import-orders", str(f), "--db", url]) == 1
    assert "unknown sku 'NOPE'" in capsys.readouterr().err
    assert count_orders(url) == before
    f.write_text(HEADER + good.replace(",1,HES", ",-1,HES"), encoding="utf-8")
    assert main(["central", "import-orders", str(f), "--db", url]) == 1
    assert "line 2: quantity: '-1' must be above zero" in capsys.readouterr().err


def test_json_import(centre: tuple[str, str, str], tmp_path: Path) -> None:
    url, sku, _ = centre
    f = tmp_path / "orders.json"
    order = {"number": "CP-261130-9004", "delivery_date": "2026-11-30",
             "customer": {"name": "Dora", "kind": "household", "address": "Rue W 4",
                          "postcode": "4000", "commune": "Liège"},
             "lines": [{"sku": sku, "quantity": "2", "packing_depot": "TDH"}]}
    f.write_text(json.dumps({"orders": [order]}), encoding="utf-8")
    assert main(["central", "import-orders", str(f), "--db", url, "--json"]) == 0
    order["status"] = "cancelled"
    f.write_text(json.dumps({"orders": [order]}), encoding="utf-8")
    assert main(["central", "import-orders", str(f), "--db", url]) == 0
    with Session(make_engine(url)) as s:
        o = s.scalars(select(Order).where(Order.number == "CP-261130-9004")).one()
        assert (o.status, o.version) == ("cancelled", 2)


def _lines(url: str, number: str) -> list[tuple[int, str, str]]:
    with Session(make_engine(url)) as s:
        order = s.scalars(select(Order).where(Order.number == number)).one()
        return sorted((ln.line_no, ln.product.sku, str(ln.quantity)) for ln in order.lines)


def _version(url: str, number: str) -> int:
    with Session(make_engine(url)) as s:
        return s.scalars(select(Order.version).where(Order.number == number)).one()


def test_a_removed_line_is_kept_at_zero_and_its_neighbours_keep_their_products(
        centre: tuple[str, str, str], tmp_path: Path) -> None:
    """A depot may have packed the removed line offline: its pack events must still find it
    when they arrive, so the line stays (quantity 0) and the depot sees it removed."""
    url, _, _ = centre
    with Session(make_engine(url)) as s:
        a, b, c = s.scalars(select(Product.sku).order_by(Product.sku).limit(3)).all()
    f = tmp_path / "orders.csv"
    row = "CP-261130-9005,2026-11-30,open,Eve Test,household,Rue V 5,4000,Liège,,,"
    f.write_text(HEADER + f"{row}{a},2,HES\n{row}{b},1,CAR\n{row}{c},4,HES\n", encoding="utf-8")
    assert main(["central", "import-orders", str(f), "--db", url]) == 0
    first = _lines(url, "CP-261130-9005")
    f.write_text(HEADER + f"{row}{a},2,HES\n{row}{c},4,HES\n", encoding="utf-8")  # b removed
    assert main(["central", "import-orders", str(f), "--db", url]) == 0
    assert _lines(url, "CP-261130-9005") == [(1, a, "2.000"), (2, b, "0.000"), (3, c, "4.000")]
    assert _version(url, "CP-261130-9005") == 2
    with Session(make_engine(url)) as s:  # the same line rows: nothing deleted or re-made
        ids = {ln.id for ln in s.scalars(select(Order).where(
            Order.number == "CP-261130-9005")).one().lines}
    assert len(ids) == len(first) == 3
    assert main(["central", "import-orders", str(f), "--db", url]) == 0  # the same file again
    assert _version(url, "CP-261130-9005") == 2  # unchanged: no new version for the depots
    f.write_text(HEADER + f"{row}{a},2,HES\n{row}{c},4,HES\n{row}{b},3,CAR\n",
                 encoding="utf-8")  # ordered again
    assert main(["central", "import-orders", str(f), "--db", url]) == 0
    assert _lines(url, "CP-261130-9005") == [(1, a, "2.000"), (2, b, "3.000"), (3, c, "4.000")]
    assert _version(url, "CP-261130-9005") == 3


def test_of_two_lines_of_one_product_the_removed_one_is_the_one_left_out(
        centre: tuple[str, str, str], tmp_path: Path) -> None:
    url, sku, _ = centre
    f = tmp_path / "orders.csv"
    row = "CP-261130-9006,2026-11-30,open,Fay Test,household,Rue U 6,4000,Liège,,,"
    f.write_text(HEADER + f"{row}{sku},2,HES\n{row}{sku},5,HES\n", encoding="utf-8")
    assert main(["central", "import-orders", str(f), "--db", url]) == 0
    f.write_text(HEADER + f"{row}{sku},5,HES\n", encoding="utf-8")  # the first one removed
    assert main(["central", "import-orders", str(f), "--db", url]) == 0
    assert _lines(url, "CP-261130-9006") == [(1, sku, "0.000"), (2, sku, "5.000")]
