"""Fixtures for the packing service: a depot store, staff, and an order still to pack."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from cpdesk.domain import gtin
from cpdesk.packing.service import PackingService
from cpdesk.packing.state import StaffInfo
from cpdesk.store import models as m
from cpdesk.store.db import open_store, transaction
from cpdesk.store.paths import depot_path
from cpdesk.store.queries import PackState, day_board

from ..conftest import DEMO_TODAY


@dataclass
class Bench:
    """A packing test bench: the service, people and an order nobody has touched."""

    engine: Engine
    svc: PackingService
    packer: StaffInfo
    supervisor: StaffInfo
    order_id: uuid.UUID
    number: str


def to_pack_order(engine: Engine) -> str:
    """The untouched order of the demo day with the most lines at HES."""
    with Session(engine) as s:
        orders = [o for r in day_board(s, DEMO_TODAY, "HES") for o in r.orders
                  if o.pack_state == PackState.TO_PACK]
    return max(orders, key=lambda o: o.lines).number


def add_line(engine: Engine, order_id: uuid.UUID, *, barcode_kind: str | None = None,
             product_id: uuid.UUID | None = None, quantity: str = "1") -> tuple[uuid.UUID, str]:
    """Add a HES line for a product with a barcode of `barcode_kind` (or `product_id`).

    Returns the line id and the product's barcode (or "")."""
    with transaction(engine) as s:
        depot_id = s.scalar(select(m.Depot.id).where(m.Depot.code == "HES"))
        if product_id is None:
            existing = select(m.OrderLine.product_id).where(m.OrderLine.order_id == order_id)
            bc = s.scalars(select(m.Barcode).where(m.Barcode.kind == barcode_kind,
                                                   m.Barcode.product_id.not_in(existing))
                           .order_by(m.Barcode.code)).first()
            assert bc is not None
            product_id, code = bc.product_id, bc.code
        else:
            code = s.scalar(select(m.Barcode.code).where(m.Barcode.product_id == product_id)) or ""
        product = s.get(m.Product, product_id)
        assert product is not None
        line_no = 1 + (s.scalar(select(func.max(m.OrderLine.line_no))
                                .where(m.OrderLine.order_id == order_id)) or 0)
        line = m.OrderLine(order_id=order_id, line_no=line_no, product_id=product_id,
                           quantity=Decimal(quantity), unit_price_cents=product.price_cents,
                           packing_depot_id=depot_id)
        s.add(line)
        s.flush()
        return line.id, code


def gs1_weight(gtin14: str, weight_g: int) -> str:
    return f"01{gtin14}3103{weight_g:06d}"


def scale_ean(prefix7: str, weight_g: int) -> str:
    return gtin.with_check_digit(f"{prefix7}{weight_g:05d}")


@pytest.fixture
def bench(demo_dir: Path) -> Iterator[Bench]:
    engine = open_store(depot_path(demo_dir, "HES"))
    svc = PackingService(engine, "HES")
    packer = svc.sign_in("1001")
    supervisor = svc.supervisor("9001")
    assert packer is not None and supervisor is not None
    number = to_pack_order(engine)
    order_id = svc.find_order(number)
    assert order_id is not None
    yield Bench(engine, svc, packer, supervisor, order_id, number)
    engine.dispose()
