"""Packing and loading facts of a depot: crates, pack events, supervisors' acceptances out of
tolerance, crates moved onto or off a van, rounds departed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpdesk import clock
from cpdesk.domain.ids import new_id

from .base import Base
from .orders import Order
from .reference import Depot


class Crate(Base):
    """A physical box of one order and one zone, packed at one depot."""

    __tablename__ = "crate"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(24), unique=True)  # printed, scannable
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("order.id"), index=True)
    depot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depot.id"))
    zone: Mapped[str] = mapped_column(String(8))
    seq: Mapped[int] = mapped_column(Integer)  # n of the depot's crates for the order
    status: Mapped[str] = mapped_column(String(12), default="open")  # domain CrateStatus
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    order: Mapped[Order] = relationship()
    depot: Mapped[Depot] = relationship()


class PackEvent(Base):
    """One recorded act of packing; facts owned by the depot that made them."""

    __tablename__ = "pack_event"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    depot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depot.id"))
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("order.id"), index=True)
    line_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("order_line.id"))
    crate_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("crate.id"))
    kind: Mapped[str] = mapped_column(String(12))  # domain EventKind
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    weight_g: Mapped[int | None] = mapped_column(default=None)
    weight_source: Mapped[str | None] = mapped_column(String(8), default=None)
    amount_cents: Mapped[int | None] = mapped_column(default=None)
    reason: Mapped[str | None] = mapped_column(String(40), default=None)
    substitute_product_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("product.id"), default=None
    )
    target_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    supervisor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"), default=None)
    order_version: Mapped[int] = mapped_column(Integer, default=1)
    at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)


class PackAcceptance(Base):
    """A supervisor's acceptance of a weighed line outside its tolerance.

    It holds for the line's packed weight at the time (`weight_g`): a re-weigh voids it.
    The same act is also written to the audit log.
    """

    __tablename__ = "pack_acceptance"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    depot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depot.id"))
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("order.id"), index=True)
    line_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("order_line.id"))
    weight_g: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    supervisor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)


class CrateMove(Base):
    """A crate scanned onto or off a van, or out of / into a depot: a fact of the depot."""

    __tablename__ = "crate_move"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    crate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("crate.id"), index=True)
    depot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depot.id"))  # where it was scanned
    round_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("round.id"), default=None)
    kind: Mapped[str] = mapped_column(String(14))  # domain.loading.MoveKind
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)


class RoundDeparture(Base):
    """A round marked departed; with a supervisor override it lists the crates left behind."""

    __tablename__ = "round_departure"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("round.id"), index=True)
    depot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depot.id"))
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    supervisor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"), default=None)
    left_behind: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"crates": [...]}
    reason: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
