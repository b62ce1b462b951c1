"""What a scanned code points to in a depot store: a product, an order or a crate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from cpdesk.domain.codes import DEFAULT_LAYOUT, BarcodeError, ScaleLayout, ScannedCode
from cpdesk.hardware.barcodes import parse_barcode  # with the AZERTY fix of wedge scanners
from cpdesk.store.models import Barcode, Crate, Depot, Order, Product


def depot_layout(session: Session, depot: str | None = None) -> ScaleLayout:
    """The depot's prefix-2 layout (`depot.settings["scale_barcode"]`), else the default."""
    query = select(Depot).order_by(Depot.code)
    if depot:
        query = query.where(Depot.code == depot.upper())
    row = session.scalars(query).first()
    if row is None:
        return DEFAULT_LAYOUT
    try:
        return ScaleLayout.from_settings(row.settings)
    except (ValueError, TypeError) as exc:
        raise BarcodeError(f"depot {row.code}: bad scale_barcode setting ({exc})") from exc


def find_barcode(session: Session, code: ScannedCode) -> Barcode | None:
    """The `barcode` row of a product code (scale labels match scale rows only), or None."""
    kinds = ("scale",) if code.kind == "scale" else ("ean13", "ean8", "gtin14", "upc")
    return session.scalars(
        select(Barcode).where(Barcode.code.in_(code.candidates), Barcode.kind.in_(kinds))
    ).first()


def resolve(session: Session, code: ScannedCode) -> dict[str, Any]:
    """The row the code points to, as plain data; BarcodeError when there is none."""
    if code.kind == "crate":
        crate = session.scalar(select(Crate).where(Crate.code == code.text))
        if crate is None:
            raise BarcodeError(f"unknown crate {code.text}")
        return {"crate": crate.code, "crate_status": crate.status, "order": crate.order.number,
                "zone": crate.zone, "seq": crate.seq}
    if code.kind == "order":
        order = session.scalar(select(Order).where(Order.number == code.text))
        if order is None:
            raise BarcodeError(f"unknown order {code.text}")
        return {"order": order.number, "order_status": order.status,
                "customer": order.customer.name, "delivery_date": order.delivery_date}
    row = find_barcode(session, code)
    if row is None:
        what = f"scale item {code.lookup_code}" if code.kind == "scale" else code.lookup_code
        raise BarcodeError(f"unknown product: no product has barcode {what}")
    product: Product = row.product
    out: dict[str, Any] = {"product": product.name, "sku": product.sku,
                           "sale_unit": product.sale_unit, "price_cents": product.price_cents}
    if not product.active:
        out["warning"] = "product is no longer active"
    return out


def lookup(engine: Engine, text: str, depot: str | None = None) -> tuple[ScannedCode,
                                                                           dict[str, Any]]:
    """Parse `text` with the depot's layout and resolve it: what the packing screen calls."""
    with Session(engine) as session:
        code = parse_barcode(text, depot_layout(session, depot))
        return code, resolve(session, code)


def describe_code(text: str, *, data_dir: str | Path | None = None,
                  depot: str | None = None) -> dict[str, Any]:
    """`cpdesk barcode`: what the code means, and with a data dir, what it points to."""
    if data_dir is None:
        return parse_barcode(text).to_json()
    from cpdesk.store.db import open_store
    from cpdesk.store.paths import existing_depot_path

    engine = open_store(existing_depot_path(Path(data_dir), depot))
    try:
        code, found = lookup(engine, text, depot)
    finally:
        engine.dispose()
    return {**code.to_json(), **found}
