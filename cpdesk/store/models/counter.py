"""The counter: sales with their lines and payments, register counters and days, cash
movements, orders picked up.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpdesk import clock
from cpdesk.domain.ids import new_id

from .base import Base


class Sale(Base):
    """A counter sale (or refund) at a depot register."""

    __tablename__ = "sale"
    __table_args__ = (UniqueConstraint("depot_id", "register", "receipt_no"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    depot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depot.id"))
    register: Mapped[str] = mapped_column(String(16))
    receipt_no: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8), default="sale")  # sale | refund
    refund_of_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sale.id"), default=None)
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id"), default=None)
    total_cents: Mapped[int] = mapped_column(Integer)
    discount_cents: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow, index=True)
    lines: Mapped[list[SaleLine]] = relationship(order_by="SaleLine.line_no")
    payments: Mapped[list[SalePayment]] = relationship()


class SaleLine(Base):
    __tablename__ = "sale_line"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sale.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("product.id"))
    description: Mapped[str] = mapped_column(String(160))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    weight_g: Mapped[int | None] = mapped_column(default=None)
    weight_source: Mapped[str | None] = mapped_column(String(8), default=None)
    unit_price_cents: Mapped[int] = mapped_column(Integer)
    discount_cents: Mapped[int] = mapped_column(Integer, default=0)
    amount_cents: Mapped[int] = mapped_column(Integer)
    vat_pct: Mapped[int] = mapped_column(Integer)


class SalePayment(Base):
    __tablename__ = "sale_payment"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sale.id"), index=True)
    method: Mapped[str] = mapped_column(String(10))  # cash | card | voucher
    amount_cents: Mapped[int] = mapped_column(Integer)
    tendered_cents: Mapped[int | None] = mapped_column(default=None)
    reference: Mapped[str] = mapped_column(String(40), default="")


class RegisterCounter(Base):
    """The last receipt number of a register, bumped in the same transaction as the sale."""

    __tablename__ = "register_counter"
    depot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depot.id"), primary_key=True)
    register: Mapped[str] = mapped_column(String(16), primary_key=True)
    last_no: Mapped[int] = mapped_column(Integer)


class RegisterSession(Base):
    """A register's day: opened with a counted float, closed with counted cash and a Z report.

    Its sales are those of the register with receipt numbers from `first_receipt_no` up to
    `last_receipt_no` (set at close), so no column is needed on `sale`.
    """

    __tablename__ = "register_session"
    __table_args__ = (UniqueConstraint("depot_id", "register", "z_no"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    depot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depot.id"))
    register: Mapped[str] = mapped_column(String(16))
    z_no: Mapped[int] = mapped_column(Integer)  # sequential per register
    opened_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    opened_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
    float_cents: Mapped[int] = mapped_column(Integer)
    first_receipt_no: Mapped[int] = mapped_column(Integer)
    last_receipt_no: Mapped[int | None] = mapped_column(default=None)
    closed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"), default=None)
    closed_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    expected_cents: Mapped[int | None] = mapped_column(default=None)
    counted_cents: Mapped[int | None] = mapped_column(default=None)


class CashMovement(Base):
    """Cash put into (positive) or taken out of (negative) the drawer, with a reason."""

    __tablename__ = "cash_movement"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("register_session.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(120))
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)


class Pickup(Base):
    """An order collected at the depot counter: crates handed over, missing ones, payment."""

    __tablename__ = "pickup"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    depot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depot.id"))
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("order.id"), index=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    sale_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sale.id"), default=None)
    crates_handed: Mapped[list[str]] = mapped_column(JSON, default=list)
    crates_missing: Mapped[list[str]] = mapped_column(JSON, default=list)
    at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
