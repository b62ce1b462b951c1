"""`cpdesk barcode --data-dir`: a code resolved against a depot store filled here."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from cpdesk.cli import main
from cpdesk.domain.gtin import with_check_digit
from cpdesk.hardware.barcodes import BarcodeError
from cpdesk.store.barcode_lookup import lookup
from cpdesk.store.db import open_store, transaction
from cpdesk.store.models import (
    Barcode,
    Coop,
    Crate,
    Customer,
    Depot,
    Order,
    Producer,
    Product,
)

EAN = with_check_digit("540014100712")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    engine = open_store(tmp_path / "depot-HES.sqlite", create=True)
    with transaction(engine) as s:
        coop = Coop(code="CPH", name="Coop")
        s.add(coop)
        s.flush()
        depot = Depot(code="HES", coop_id=coop.id, name="Hesbaye",
                      settings={"scale_barcode": {"prefix": "2", "item_digits": 5,
                                                  "value": "weight", "decimals": 3}})
        producer = Producer(coop_id=coop.id, name="Ferme", commune="Huy", postcode="4500")
        s.add_all([depot, producer])
        s.flush()
        apples = Product(sku="POM-1", name="Pommes Jonagold", category="fruits",
                         producer_id=producer.id, sale_unit="piece", price_cents=350,
                         vat_pct=6, zone="ambient")
        cheese = Product(sku="FRO-1", name="Fromage de Herve", category="fromage",
                         producer_id=producer.id, sale_unit="kg", price_cents=2400,
                         vat_pct=6, zone="chilled")
        s.add_all([apples, cheese])
        s.flush()
        s.add_all([Barcode(code=EAN, product_id=apples.id, kind="ean13"),
                   Barcode(code="2012345", product_id=cheese.id, kind="scale")])
        customer = Customer(kind="household", name="Dupont", address="rue 1", postcode="4000",
                            commune="Liège")
        s.add(customer)
        s.flush()
        order = Order(number="CP-261128-0042", customer_id=customer.id,
                      delivery_date=dt.date(2026, 11, 28))
        s.add(order)
        s.flush()
        s.add(Crate(code="CR0123456789", order_id=order.id, depot_id=depot.id, zone="ambient",
                    seq=1))
    engine.dispose()
    return tmp_path


def test_product_scale_label_order_and_crate_are_found(data_dir: Path) -> None:
    engine = open_store(data_dir / "depot-HES.sqlite")
    try:
        code, found = lookup(engine, EAN)
        assert found["product"] == "Pommes Jonagold"
        code, found = lookup(engine, with_check_digit("2012345" + "00480"))
        assert found["sku"] == "FRO-1" and code.weight_g == Decimal(480)
        assert lookup(engine, "CP-261128-0042")[1]["customer"] == "Dupont"
        assert lookup(engine, "CR0123456789")[1]["order"] == "CP-261128-0042"
        for text, reason in [(with_check_digit("540014100713"), "unknown product"),
                             (with_check_digit("2099999" + "00480"), "unknown product"),
                             ("CP-261128-9999", "unknown order"),
                             ("CR9999999999", "unknown crate")]:
            with pytest.raises(BarcodeError, match=reason):
                lookup(engine, text)
    finally:
        engine.dispose()


def test_cli_barcode_with_and_without_data_dir(data_dir: Path, capsys) -> None:
    assert main(["barcode", EAN, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["gtin"] == "0" + EAN
    code = with_check_digit("2012345" + "01250")
    assert main(["barcode", code, "--data-dir", str(data_dir), "--depot", "hes", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["product"] == "Fromage de Herve" and out["weight_g"] == 1250
    assert main(["barcode", "5400141007125"]) == 1
    assert "bad check digit" in capsys.readouterr().err
    assert main(["barcode", EAN, "--data-dir", str(data_dir), "--depot", "XYZ"]) == 1
    assert "no depot XYZ" in capsys.readouterr().err
