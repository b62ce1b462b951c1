"""`cpdesk central import-catalogue|import-customers|import-rounds|import-staff` and
`import-orders` by reference, on an empty SQLite centre, from the examples in docs/import/."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpdesk.cli import main
from cpdesk.domain.pins import hash_pin, verify_pin
from cpdesk.store import models as m
from cpdesk.store.db import make_engine, migrate, sqlite_url

EXAMPLES = Path(__file__).parents[2] / "docs" / "import"
ORDER = ("catalogue", "customers", "rounds", "staff")


@pytest.fixture
def url(tmp_path: Path) -> str:
    u = sqlite_url(tmp_path / "central.sqlite")
    migrate(make_engine(u))
    return u


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def load_examples(url: str, suffix: str, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    reports = []
    for what in ORDER:
        code, out, err = run(capsys, "central", f"import-{what}",
                             str(EXAMPLES / f"{what}.{suffix}"), "--db", url, "--json")
        assert code == 0, err
        reports.append(json.loads(out))
    return reports


def count(url: str, model: type) -> int:
    with Session(make_engine(url)) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_csv_then_json_of_the_same_network_changes_nothing(
        url: str, capsys: pytest.CaptureFixture[str]) -> None:
    first = load_examples(url, "csv", capsys)
    assert [sorted(r["added"]) for r in first] == [
        ["coop", "producer", "product"], ["customer"], ["depot", "round", "van"], ["staff"]]
    products = json.loads((EXAMPLES / "catalogue.json").read_text())["products"]
    assert sorted(first[0]["added"]["product"]) == sorted(p["sku"] for p in products)
    for again in (load_examples(url, "json", capsys), load_examples(url, "csv", capsys)):
        assert all(not r["added"] and not r["changed"] and not r["retired"] for r in again)
    with Session(make_engine(url)) as s:
        cheese = s.scalars(select(m.Product).where(m.Product.sku == "CAR-HERVE-KG")).one()
        assert (cheese.price_cents, cheese.producer_price_cents, cheese.sale_unit,
                cheese.tolerance_pct, cheese.zone) == (1890, 1300, "kg", 15, "chilled")
        plan = s.scalars(select(m.RoundPlan).where(m.RoundPlan.ref == "CAR-A")).one()
        assert plan.weekdays == "24"
        assert [(st.seq, st.customer.ref) for st in plan.stops] == [
            (1, "C-2001"), (2, "C-1001"), (3, "C-1003")]
        staff = s.scalars(select(m.Staff).order_by(m.Staff.ref)).all()
        assert [(x.ref, x.depot_code, x.pin_hash) for x in staff][0] == ("S-01", "HES", "")


def test_a_changed_file_updates_what_changed_and_retires_what_left(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    load_examples(url, "json", capsys)
    data = json.loads((EXAMPLES / "catalogue.json").read_text())
    data["products"][0]["price"] = "1.95"
    gone = data["products"].pop()["sku"]
    changed = tmp_path / "catalogue.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "central", "import-catalogue", str(changed), "--db", url,
                       "--dry-run")
    assert code == 0
    sku = data["products"][0]["sku"]
    assert f"change product {sku}: price_cents 190 -> 195" in out
    assert f"retire product {gone}" in out
    with Session(make_engine(url)) as s:  # a dry run wrote nothing
        assert s.scalars(select(m.Product.price_cents).where(m.Product.sku == sku)).one() == 190
    code, out, _ = run(capsys, "central", "import-catalogue", str(changed), "--db", url, "--json")
    report = json.loads(out)
    assert report["changed"] == {"product": [sku]} and report["retired"] == {"product": [gone]}
    with Session(make_engine(url)) as s:
        retired = s.scalars(select(m.Product).where(m.Product.sku == gone)).one()
        assert retired.active is False
    # Back in the file: active again, and nothing else moves.
    code, out, _ = run(capsys, "central", "import-catalogue", str(EXAMPLES / "catalogue.json"),
                       "--db", url, "--json")
    assert sorted(json.loads(out)["changed"]["product"]) == sorted([sku, gone])


def test_a_pin_set_at_a_depot_survives_a_staff_import(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    load_examples(url, "csv", capsys)
    engine = make_engine(url)
    with Session(engine) as s, s.begin():
        s.scalars(select(m.Staff).where(m.Staff.ref == "S-02")).one().pin_hash = hash_pin("4321")
    data = json.loads((EXAMPLES / "staff.json").read_text())
    data["staff"][1]["role"] = "supervisor"
    f = tmp_path / "staff.json"
    f.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "central", "import-staff", str(f), "--db", url)
    assert code == 0, err
    with Session(engine) as s:
        tom = s.scalars(select(m.Staff).where(m.Staff.ref == "S-02")).one()
        assert tom.role == "supervisor" and verify_pin("4321", tom.pin_hash)


@pytest.mark.parametrize(("what", "edit", "where", "reason"), [
    ("catalogue.csv", lambda t: t.replace(",1.90,1.20,", ",1.905,1.20,"),
     "catalogue.csv: line 10 (price)", "at most 2 kept"),
    ("catalogue.csv", lambda t: t.replace("Ferme du Try", " Ferme du Try"),
     "catalogue.csv: line 5 (name)", "spaces before or after"),
    ("catalogue.csv", lambda t: t.replace("5412345000013", "5412345000014"),
     "catalogue.csv: line 11 (barcodes)", "valid check digit"),
    ("customers.csv", lambda t: t.replace(",4000,", ",40O0,", 1), "customers.csv: line 2",
     "bad code"),
    ("customers.csv", lambda t: t.replace("Anne Dubois", "Anne\u202eDubois"),
     "customers.csv: line 2 (name)", ""),
    ("rounds.csv", lambda t: t.replace("stop,,,,,,,,,,,,,,,,,HES-A,1,C-2002",
                                       "stop,,,,,,,,,,,,,,,,,HES-A,1,C-9999"),
     "rounds.csv: line", "unknown customer 'C-9999'"),
    ("catalogue.json", lambda t: t.replace('"price": "18.90"', '"price": 18.905'),
     "catalogue.json: $.products[4].price", "at most 2 kept"),
    ("catalogue.json", lambda t: t.replace('"vat_pct": 21', '"vat_pct": 19'),
     "catalogue.json: $.products[3].vat_pct", "not a Belgian VAT rate"),
    ("customers.json", lambda t: t.replace('"kind": "pro"', '"kind": "horeca"', 1),
     "customers.json: $.customers[3].kind", "not one of"),
    ("staff.json", lambda t: t.replace('"role": "packer"', '"role": "packer", "pin": "1234"', 1),
     "staff.json: $.staff[1].pin", "unknown field"),
    ("staff.json", lambda t: t.replace('"role": "packer"', '"role": "packer", "role": "staff"', 1),
     "staff.json: $.staff[1]", "appears twice"),
    ("catalogue.csv", lambda t: t.replace("Hannut", "Han\x00nut", 1), "catalogue.csv: line 2",
     "NUL"),
])
def test_a_bad_file_is_refused_whole_with_where_and_why(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str,
        edit: object, where: str, reason: str) -> None:
    for dep in ORDER[:ORDER.index(what.split(".")[0])]:
        assert main(["central", f"import-{dep}", str(EXAMPLES / f"{dep}.csv"), "--db", url]) == 0
    before = {t: count(url, t) for t in (m.Product, m.Customer, m.RoundPlan, m.Staff, m.Coop)}
    bad = tmp_path / what
    bad.write_text(edit((EXAMPLES / what).read_text(encoding="utf-8")),  # type: ignore[operator]
                   encoding="utf-8")
    assert bad.read_text(encoding="utf-8") != (EXAMPLES / what).read_text(encoding="utf-8")
    code, _, err = run(capsys, "central", f"import-{what.split('.')[0]}", str(bad), "--db", url)
    assert code == 1
    assert where in err and reason in err and "nothing imported" in err, err
    assert {t: count(url, t) for t in before} == before


def test_a_file_that_is_not_utf8_is_refused(url: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "customers.csv"
    bad.write_bytes((EXAMPLES / "customers.csv").read_text().encode("latin-1"))
    code, _, err = run(capsys, "central", "import-customers", str(bad), "--db", url)
    assert code == 1 and "customers.csv: line 2: not UTF-8" in err


def test_orders_by_customer_reference_take_the_shop_price_and_the_planned_stop(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    load_examples(url, "csv", capsys)
    assert run(capsys, "central", "import-orders", str(EXAMPLES / "orders.csv"), "--db",
               url)[0] == 0
    code, out, _ = run(capsys, "central", "import-orders", str(EXAMPLES / "orders.json"),
                       "--db", url, "--json")
    assert json.loads(out)["unchanged"] == 5
    with Session(make_engine(url)) as s:
        o = s.scalars(select(m.Order).where(m.Order.number == "CP-261201-0002")).one()
        assert o.customer.ref == "C-2001"
        assert o.stop is not None and (o.stop.round.code, o.stop.seq) == ("CAR-20261201-A", 1)
        steak = o.lines[0]
        assert (steak.product.sku, steak.unit_price_cents, steak.product.price_cents) == (
            "TDH-STEAK-KG", 2800, 2950)  # the shop's price, not today's catalogue price
        assert steak.packing_depot.code == "HES"  # TDH's goods are packed at HES
        assert o.lines[3].packing_depot.code == "CAR"
        assert s.scalar(select(func.count()).select_from(m.Round)) == 2
    text = (EXAMPLES / "orders.csv").read_text().replace("C-1003", "C-9999")
    for bad_text, reason in ((text, "unknown customer 'C-9999'"),
                             ((EXAMPLES / "orders.csv").read_text().replace(
                                 "HES-CAR-BOT", "NO-SUCH"), "unknown sku 'NO-SUCH'")):
        bad = tmp_path / "orders.csv"
        bad.write_text(bad_text, encoding="utf-8")
        code, _, err = run(capsys, "central", "import-orders", str(bad), "--db", url)
        assert code == 1 and reason in err, err


def test_an_order_for_a_retired_product_is_refused(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    load_examples(url, "json", capsys)
    data = json.loads((EXAMPLES / "catalogue.json").read_text())
    data["products"] = [p for p in data["products"] if p["sku"] != "HES-JUS-1L"]
    f = tmp_path / "catalogue.json"
    f.write_text(json.dumps(data), encoding="utf-8")
    assert main(["central", "import-catalogue", str(f), "--db", url]) == 0
    shutil.copy(EXAMPLES / "orders.json", tmp_path / "orders.json")
    code, _, err = run(capsys, "central", "import-orders", str(tmp_path / "orders.json"),
                       "--db", url)
    assert code == 1 and "product 'HES-JUS-1L' is retired" in err
