"""Rows to domain values: the one place where storage meets the packing rules."""

from __future__ import annotations

from cpdesk.domain import model as d

from . import models as m


def product(row: m.Product) -> d.Product:
    return d.Product(
        id=row.id, name=row.name, sale_unit=d.SaleUnit(row.sale_unit),
        price_cents=row.price_cents, vat_pct=row.vat_pct, zone=d.Zone(row.zone),
        tolerance_pct=row.tolerance_pct,
    )


def order_line(row: m.OrderLine, depot_code: str) -> d.OrderLine:
    return d.OrderLine(
        id=row.id, product=product(row.product), quantity=row.quantity,
        unit_price_cents=row.unit_price_cents, packing_depot=depot_code,
    )


def fact(row: m.PackEvent) -> d.PackFact:
    return d.PackFact(
        id=row.id, kind=d.EventKind(row.kind), line_id=row.line_id, quantity=row.quantity,
        weight_g=row.weight_g, crate_id=row.crate_id, reason=row.reason,
        target_id=row.target_id, weight_source=row.weight_source,
    )
