"""The network's data in and out on the real PostgreSQL, without the demo: the example files
of docs/import/ into an empty centre, two depots synced from it, an order packed at both
through the packing service (a weighed line, a manual weight by a supervisor, a shortage),
synced back, then exported: billing, producer statement, changed orders and the UBL invoice
all give the delivery note's total to the cent. Staff choose their first PIN at a depot."""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session

from cpdesk import documents as docs
from cpdesk.cli import main
from cpdesk.domain.money import unit_amount_cents, weighed_amount_cents
from cpdesk.domain.pins import verify_pin
from cpdesk.packing.first_pin import set_first_pin
from cpdesk.packing.service import PackingService
from cpdesk.store import models as m
from cpdesk.store.db import make_engine, open_store
from cpdesk.sync.config import connect_central, setup_depot
from cpdesk.sync.engine import SyncEngine
from cpdesk.sync.roles import add_depot, drop_centre
from cpdesk.sync.totals import central_totals_by_number

from .conftest import ADMIN

EXAMPLES = Path(__file__).parents[2] / "docs" / "import"
NUMBER = "CP-261201-0002"  # Restaurant Le Thier (pro): lines packed at HES and at CAR


@dataclass
class Network:
    url: str  # admin URL of the throwaway centre, libpq style for the command line
    admin: Engine
    stores: dict[str, SyncEngine]


def sync_and_see(eng: SyncEngine, number: str) -> None:
    """One sync brings the order: the pull gate is per database (other test runs sharing
    the server hold nothing back) and nothing else is open in this test's database."""
    report = eng.sync_once()
    assert report.held_back == 0, report
    with Session(eng.store) as s:
        assert s.scalar(select(m.Order.id).where(m.Order.number == number)) is not None, (
            f"order {number} did not reach the depot")


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    if os.environ.get("CPDESK_SKIP_PG") == "1":
        pytest.skip("CPDESK_SKIP_PG=1")
    name = f"cpdesk_n_{secrets.token_hex(4)}"  # roles are named after the database: unique
    server = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = ADMIN.rsplit("/", 1)[0] + f"/{name}"
    admin = make_engine(url)
    stores: dict[str, SyncEngine] = {}
    try:
        yield Network(url.replace("postgresql+psycopg://", "postgresql://"), admin, stores)
    finally:
        for eng in stores.values():
            eng.central.close()
            eng.store.dispose()
        drop_centre(admin, server, name)


def test_examples_in_depots_packing_and_billing_out(
        network: Network, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = network.url
    cli(capsys, "central", "init", "--db", db)
    for what in ("catalogue", "customers", "rounds", "staff"):
        cli(capsys, "central", f"import-{what}", str(EXAMPLES / f"{what}.csv"), "--db", db)
    assert "added 0, changed 0" in cli(capsys, "central", "import-catalogue",
                                       str(EXAMPLES / "catalogue.json"), "--db", db)
    cli(capsys, "central", "import-orders", str(EXAMPLES / "orders.json"), "--db", db)

    # Two depots set up from nothing but their logins, and synced.
    for code in ("HES", "CAR"):
        login = add_depot(network.admin, code, sslmode="disable").url
        store = open_store(setup_depot(tmp_path, code, login))
        network.stores[code] = SyncEngine(store, connect_central(store, tmp_path))
        sync_and_see(network.stores[code], NUMBER)
    hes, car = network.stores["HES"].store, network.stores["CAR"].store
    with Session(hes) as s:
        assert s.scalar(select(func.count()).select_from(m.Product)) == 9
        order = s.scalars(select(m.Order).where(m.Order.number == NUMBER)).one()
        assert order.stop is not None and order.stop.round.code == "CAR-20261201-A"
        lines = {ln.product.sku: ln for ln in order.lines}
        julie = s.scalars(select(m.Staff).where(m.Staff.ref == "S-01")).one()  # supervisor
        tom = s.scalars(select(m.Staff).where(m.Staff.ref == "S-02")).one()
        assert julie.pin_hash == "" and julie.depot_code == "HES"
    with Session(car) as s:  # CAR packs the yoghurts only; it sees the whole order
        yog = s.scalars(select(m.OrderLine).join(m.Product).where(
            m.Product.sku == "CAR-YAO-500", m.OrderLine.order_id == order.id)).one()
        karim = s.scalars(select(m.Staff).where(m.Staff.ref == "S-03")).one()

    # HES: steak weighed on the scale, potatoes weighed by hand by the supervisor, cider short.
    svc = PackingService(hes, "HES")
    steak, cider, spuds = lines["TDH-STEAK-KG"], lines["HES-CID-75"], lines["HES-POT-1KG"]
    assert svc.weigh(order.id, steak.id, 1234, "scale", tom.id).status == "ok"
    assert svc.weigh(order.id, spuds.id, 4870, "manual", tom.id,
                     supervisor_id=julie.id).status == "ok"
    assert svc.short(order.id, cider.id, "out_of_stock", tom.id).status == "ok"
    assert svc.finish(order.id, tom.id).status == "ok"
    car_svc = PackingService(car, "CAR")
    assert car_svc.pack_line(order.id, yog.id, karim.id, quantity=3).status == "ok"
    assert car_svc.short(order.id, yog.id, "damaged", karim.id).status == "ok"
    assert car_svc.finish(order.id, karim.id).status == "ok"
    for eng in network.stores.values():
        assert eng.sync_once().pushed > 0

    # By hand, from the shop's prices in orders.json (not through the domain fold).
    expected = (weighed_amount_cents(2800, 1234) + weighed_amount_cents(190, 4870)
                + unit_amount_cents(285, 3))
    with Session(network.admin) as s:
        note = docs.delivery_note_data(s, NUMBER)
        assert note.total_cents == expected
        assert central_totals_by_number(s, [NUMBER]) == {NUMBER: expected}
    with Session(hes) as s:  # HES's own note: its lines as the centre bills them
        hes_note = {ln.sku: ln.amount_cents for ln in docs.delivery_note_data(s, NUMBER).lines
                    if ln.packing_depot == "HES"}

    # Billing, CSV and JSON.
    out = cli(capsys, "central", "export-billing", "--from", "2026-12-01", "--to",
              "2026-12-01", "--format", "json", "--db", db)
    orders = {o["number"]: o for o in json.loads(out)["orders"]}
    assert len(orders) == 5
    billed = orders[NUMBER]
    assert billed["total_cents"] == expected and billed["packed"] is True
    assert sum(v["total_cents"] for v in billed["vat"]) == expected
    assert [v["vat_cents"] for v in billed["vat"]] == [v.vat_cents for v in note.vat]
    by_sku = {ln["sku"]: ln for ln in billed["lines"]}
    assert {k: by_sku[k]["amount_cents"] for k in hes_note} == hes_note
    assert by_sku["TDH-STEAK-KG"]["delivered_weight_g"] == 1234
    assert by_sku["TDH-STEAK-KG"]["weight_source"] == "scale"
    assert by_sku["TDH-STEAK-KG"]["unit_price_cents"] == 2800  # the shop's, not 29.50
    assert (by_sku["HES-POT-1KG"]["weight_source"],
            by_sku["HES-POT-1KG"]["weighed_by_supervisor"]) == ("manual", "Julie Martin")
    assert (by_sku["HES-CID-75"]["state"], by_sku["HES-CID-75"]["reason"],
            by_sku["HES-CID-75"]["amount_cents"]) == ("short", "out_of_stock", 0)
    assert (by_sku["CAR-YAO-500"]["delivered_units"], by_sku["CAR-YAO-500"]["reason"]) == (
        3, "damaged")
    assert by_sku["TDH-STEAK-KG"]["crates"] and by_sku["CAR-YAO-500"]["crates"]
    assert set(billed["crates"]) == {c.code for c in note.crates}
    totals = json.loads(cli(capsys, "central", "order-totals", *orders, "--db", db, "--json"))
    assert {n: o["total_cents"] for n, o in orders.items()} == totals["totals_cents"]

    rows = list(csv.DictReader(io.StringIO(cli(
        capsys, "central", "export-billing", "--from", "2026-12-01", "--to", "2026-12-01",
        "--db", db))))
    mine = [r for r in rows if r["order"] == NUMBER]
    assert sum(Decimal(r["amount"]) for r in mine) * 100 == expected
    assert {r["order_total"] for r in mine} == {f"{expected / 100:.2f}"}
    assert next(r for r in mine if r["sku"] == "TDH-STEAK-KG")["delivered_weight_kg"] == "1.234"

    # Producer statements of the week reconcile with the billing export of the week.
    st = list(csv.DictReader(io.StringIO(cli(capsys, "central", "producer-statement",
                                             "--week", "2026-W49", "--db", db))))
    week_billed = sum(Decimal(r["amount"]) for r in rows)
    assert sum(Decimal(r["sales"]) for r in st) == week_billed
    steak_row = next(r for r in st if r["sku"] == "TDH-STEAK-KG")
    assert (steak_row["producer_ref"], steak_row["delivered_weight_kg"],
            steak_row["producer_amount"]) == ("P-TDH-001", "1.234",
                                              f"{weighed_amount_cents(2100, 1234) / 100:.2f}")
    cider_row = next(r for r in st if r["sku"] == "HES-CID-75")
    assert (cider_row["short_lines"], cider_row["short_reasons"]) == ("1", "out_of_stock")
    pdf = tmp_path / "statement.pdf"
    cli(capsys, "central", "producer-statement", "--week", "2026-W49", "--producer",
        "P-TDH-001", "--format", "pdf", "--out", str(pdf), "--db", db)
    assert pdf.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    words = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Woche 2026-W49" in words and "Hof Kreusch" in words  # Eupen: in German
    assert "Semaine" not in words and "Week " not in words
    kreusch = sum(Decimal(r["sales"]) for r in st if r["producer_ref"] == "P-TDH-001")
    assert f"{kreusch:.2f}".replace(".", ",") in words  # its sales total, as in the CSV

    # Changed orders: ours lost its cider and a yoghurt, with the reasons.
    changed = json.loads(cli(capsys, "central", "changed-orders", "--date", "2026-12-01",
                             "--db", db, "--json"))["orders"]
    assert [c["number"] for c in changed] == [NUMBER]
    assert changed[0]["total_cents"] == expected
    assert any("HES-CID-75: short (out_of_stock)" == r for r in changed[0]["reasons"])

    # The Peppol invoice of the professional customer's delivered order.
    xml = tmp_path / "invoice.xml"
    cli(capsys, "central", "export-billing", "--format", "ubl", "--order", NUMBER,
        "--out", str(xml), "--db", db)
    ns = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
          "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"}
    root = ET.parse(xml).getroot()
    payable = root.find("cac:LegalMonetaryTotal/cbc:PayableAmount", ns)
    assert payable is not None and Decimal(payable.text or "") * 100 == expected
    nets = sum(Decimal(e.text or "")
               for e in root.findall("cac:InvoiceLine/cbc:LineExtensionAmount", ns))
    base = root.find("cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount", ns)
    assert base is not None and nets == Decimal(base.text or "")
    assert len(root.findall("cac:InvoiceLine", ns)) == 3  # the short cider is not invoiced

    # First PINs: imported without one, chosen at a depot; the first to reach the centre wins
    # and comes back to the depot that raced it.
    assert set_first_pin(hes, "HES", tom.id, "4821") is None
    assert set_first_pin(car, "CAR", tom.id, "7777") is None
    network.stores["HES"].sync_once()
    with Session(network.admin) as s:
        assert verify_pin("4821", s.get_one(m.Staff, tom.id).pin_hash)
    assert network.stores["CAR"].sync_once().held_back == 0  # one sync: the gate is per database
    # The centre's hash never travels to a depot: CAR keeps the PIN chosen there until the
    # centre publishes every depot's verifiers (`cpdesk central publish-pins`).
    car_svc = PackingService(car, "CAR")
    signed = car_svc.sign_in("7777")
    assert signed is not None and signed.id == tom.id
