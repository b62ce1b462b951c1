"""Read models for the board, the command line and documents (one query per table, no N+1)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpdesk import clock
from cpdesk.domain.model import SaleUnit
from cpdesk.domain.pack_state import order_pack_state, order_progress
from cpdesk.errors import CpdeskError, NotFound

from . import board_read, convert, pin_guard
from . import models as m
from .board_read import OrderSummary as OrderSummary  # re-exported: the board's rows
from .board_read import PackState as PackState  # the board's states
from .board_read import RoundSummary as RoundSummary


def depot_by_code(session: Session, code: str) -> m.Depot:
    depot = session.scalar(select(m.Depot).where(m.Depot.code == code.upper()))
    if depot is None:
        raise NotFound(code="depot.not_found", depot=code)
    return depot


def staff_with_pin(session: Session, pin: str, *, role: str | None = None,
                   sign_in: bool = True) -> m.Staff | None:
    """The active staff member whose PIN this is (of `role` when given), else None.

    The one PIN look-up of the app (packing, counter, loading): checked against the depot's
    peppered verifiers, wrong PINs counted and sign-in locked for a while after too many
    (store/pin_guard.py; the bookkeeping is its own transaction): while locked, refused with
    `pin.locked` and the time it opens again, so the PIN pad says so instead of "unknown PIN".
    `sign_in=False`: only whose PIN it is, in this session, nothing counted (a new PIN
    checked for uniqueness)."""
    if not sign_in:
        staff_id = pin_guard.who(session, pin, role)
        return session.get(m.Staff, staff_id) if staff_id is not None else None
    found = pin_guard.check(pin_guard.engine_of(session), pin, role)
    if found.locked_until is not None:
        raise CpdeskError(code="pin.locked", until=clock.hm(found.locked_until))
    return session.get(m.Staff, found.staff_id) if found.staff_id is not None else None


def pin_locked_until(session: Session) -> dt.datetime | None:
    """When PIN sign-in opens again after too many wrong PINs (None: open)."""
    return pin_guard.locked_until(session)


# -- the board: its read is in board_read.py (a plain DB-API connection: the desk reads its
# first board before it imports SQLAlchemy); here on the session's own connection.


def day_board(session: Session, day: dt.date, depot_code: str | None = None) -> list[RoundSummary]:
    """The day's rounds with their orders in stop order and each order's packing progress
    (`board_read.day_board`, on the session's connection). Depot store only."""
    return board_read.day_board(raw_connection(session), day, depot_code)


def raw_connection(session: Session) -> Any:
    """The DB-API (sqlite3) connection under the session: the driver's own cursor reads
    plain tuples, as the baseline of bench/bench_packing.py reads them (a SQLAlchemy Row per
    row cost more than the fold)."""
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    return raw


def chunks(ids: list[uuid.UUID], size: int = 900) -> list[list[uuid.UUID]]:
    """Ids in slices small enough for one `IN (...)` (SQLite's bound-parameter limit)."""
    return [ids[i : i + size] for i in range(0, len(ids), size)] or [[]]


def order_by_number(session: Session, number: str) -> m.Order:
    order = session.scalar(
        select(m.Order).where(m.Order.number == number.strip().upper())
        .options(selectinload(m.Order.lines).selectinload(m.OrderLine.product)
                 .selectinload(m.Product.producer),
                 selectinload(m.Order.lines).selectinload(m.OrderLine.product)
                 .selectinload(m.Product.barcodes),
                 selectinload(m.Order.lines).selectinload(m.OrderLine.packing_depot),
                 selectinload(m.Order.customer), selectinload(m.Order.stop))
    )
    if order is None:
        raise NotFound(code="order.not_found", order=number.strip().upper())
    return order


def order_detail(session: Session, number: str) -> dict[str, Any]:
    """Everything about one order, as plain JSON-ready data."""
    order = order_by_number(session, number)
    events = session.scalars(select(m.PackEvent).where(m.PackEvent.order_id == order.id)
                             .order_by(m.PackEvent.at, m.PackEvent.id)).all()
    facts = [convert.fact(e) for e in events]
    crates = session.scalars(select(m.Crate).where(m.Crate.order_id == order.id)
                             .options(selectinload(m.Crate.depot))
                             .order_by(m.Crate.depot_id, m.Crate.seq)).all()
    round_row = session.get(m.Round, order.stop.round_id) if order.stop else None
    accepted: dict[uuid.UUID, set[int]] = defaultdict(set)
    for line_id, weight_g in session.execute(
            select(m.PackAcceptance.line_id, m.PackAcceptance.weight_g)
            .where(m.PackAcceptance.order_id == order.id)):
        accepted[line_id].add(weight_g)
    progress = order_progress([convert.order_line(ln, ln.packing_depot.code) for ln in order.lines],
                              facts, accepted)
    lines = []
    for ln in order.lines:
        p = progress[ln.id]
        lines.append({
            "line_no": ln.line_no, "product": ln.product.name, "sku": ln.product.sku,
            "producer": ln.product.producer.name, "zone": ln.product.zone,
            "sale_unit": ln.product.sale_unit, "quantity": str(ln.quantity),
            "unit_price_cents": ln.unit_price_cents, "packing_depot": ln.packing_depot.code,
            "state": str(p.state), "packed_units": p.packed_units,
            "packed_weight_g": p.packed_weight_g if ln.product.sale_unit == SaleUnit.KG else None,
            "amount_cents": p.amount_cents, "reason": p.reason,
            # What to scan for this line; a `scale` code is the first 7 digits of an in-store
            # weight label (prefix + item), completed by the weight and a check digit.
            "barcodes": [{"code": b.code, "kind": b.kind}
                         for b in sorted(ln.product.barcodes, key=lambda b: (b.kind, b.code))],
        })
    customer = order.customer
    return {
        "number": order.number, "id": str(order.id),
        "delivery_date": order.delivery_date.isoformat(),
        "status": order.status, "version": order.version,
        "pack_state": str(order_pack_state(order.status, progress.values(), touched=bool(events))),
        "customer": {"name": customer.name, "kind": customer.kind, "address": customer.address,
                     "postcode": customer.postcode, "commune": customer.commune,
                     "phone": customer.phone, "notes": customer.notes},
        "round": None if round_row is None else {
            "id": str(round_row.id), "code": round_row.code,
            "departure": round_row.departure.isoformat(timespec="minutes"),
            "driver": round_row.driver_name},
        "stop": order.stop.seq if order.stop else None,
        "lines": lines,
        "crates": [{"id": str(c.id), "code": c.code, "depot": c.depot.code, "zone": c.zone,
                    "seq": c.seq, "status": c.status} for c in crates],
        "total_cents": sum(p.amount_cents for p in progress.values()),
    }
