"""The billing export names a substitution: the line substituted, why, by what, at the amount
the delivery note shows; the change is one of the order's reasons for a customer notice. On
the demo's SQLite centre, packed at a depot through the packing service and synced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk import documents as docs
from cpdesk.cli import main
from cpdesk.packing.service import PackingService
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import make_engine, sqlite_url
from cpdesk.sync.billing import billing_orders, line_reason

from .conftest import engine_for


def test_a_substituted_line_is_billed_with_its_reason_and_substitute(
        demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    eng = engine_for(demo, "HES")
    with Session(eng.store) as s:
        depot = s.scalars(select(m.Depot.id).where(m.Depot.code == "HES")).one()
        packed = set(s.scalars(select(m.PackEvent.order_id)))
        line = next(ln for ln in s.scalars(
            select(m.OrderLine).join(m.Order).where(m.Order.status == "open",
                                                    m.OrderLine.packing_depot_id == depot)
            .order_by(m.Order.number, m.OrderLine.line_no))
            if ln.order_id not in packed and ln.product.sale_unit == "unit")
        order_id, line_id, number = line.order_id, line.id, line.order.number
        day, sku = line.order.delivery_date, line.product.sku
        other = s.scalars(select(m.Product).where(m.Product.sale_unit == "unit",
                                                  m.Product.id != line.product_id,
                                                  m.Product.sku.is_not(None))
                          .order_by(m.Product.sku)).first()
        staff = s.scalars(select(m.Staff.id).order_by(m.Staff.name)).first()
    assert other is not None and staff is not None
    out = PackingService(eng.store, "HES").substitute(order_id, line_id, "out_of_stock", staff,
                                                      product_id=other.id)
    assert out.status == "ok", out
    eng.sync_once()

    central = sqlite_url(paths.central_path(demo))
    assert main(["central", "export-billing", "--from", day.isoformat(), "--to",
                 day.isoformat(), "--format", "json", "--db", central]) == 0
    billed = next(o for o in json.loads(capsys.readouterr().out)["orders"]
                  if o["number"] == number)
    (ln,) = [x for x in billed["lines"] if x["sku"] == sku]
    assert (ln["state"], ln["reason"], ln["substitute_sku"]) == (
        "substituted", "out_of_stock", other.sku)
    with Session(make_engine(central)) as s:
        note = docs.delivery_note_data(s, number)
        assert billed["total_cents"] == note.total_cents
        (bo,) = billing_orders(s, numbers=[number])
    (line_of_bo,) = [x for x in bo.lines if x.sku == sku]
    assert line_reason(line_of_bo) == f"{sku}: substituted by {other.sku} (out_of_stock)"
