"""Orders and their rounds: round plans, the day's rounds and their stops, orders and their
lines.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpdesk import clock
from cpdesk.domain.ids import new_id

from .base import Base
from .reference import Customer, Depot, Product, Van


class RoundPlan(Base):
    """A van's round as planned every week (central only): the dated `Round` of a day is
    made from it when the first order for one of its customers arrives."""

    __tablename__ = "round_plan"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    ref: Mapped[str] = mapped_column(String(16), unique=True)  # e.g. HES-A
    depot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depot.id"))
    van_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("van.id"))
    weekdays: Mapped[str] = mapped_column(String(7))  # ISO weekday digits, "25" = Tue, Fri
    driver_name: Mapped[str] = mapped_column(String(120))
    departure: Mapped[dt.time] = mapped_column()
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    depot: Mapped[Depot] = relationship()
    van: Mapped[Van] = relationship()
    stops: Mapped[list[RoundPlanStop]] = relationship(order_by="RoundPlanStop.seq")


class RoundPlanStop(Base):
    __tablename__ = "round_plan_stop"
    __table_args__ = (UniqueConstraint("plan_id", "seq"),
                      Index("ix_round_plan_stop_customer_id", "customer_id"))
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("round_plan.id"))
    seq: Mapped[int] = mapped_column(Integer)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id"))
    eta: Mapped[dt.time | None] = mapped_column(default=None)
    customer: Mapped[Customer] = relationship()


class Round(Base):
    """One van's trip on one date from a depot, with ordered stops."""

    __tablename__ = "round"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # e.g. HES-20261128-A
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    depot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depot.id"))
    van_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("van.id"))
    driver_name: Mapped[str] = mapped_column(String(120))
    departure: Mapped[dt.time] = mapped_column()
    status: Mapped[str] = mapped_column(String(12), default="planned")  # planned|departed
    depot: Mapped[Depot] = relationship()
    van: Mapped[Van] = relationship()
    stops: Mapped[list[Stop]] = relationship(order_by="Stop.seq", back_populates="round")


class Stop(Base):
    __tablename__ = "stop"
    __table_args__ = (UniqueConstraint("round_id", "seq"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("round.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # 1-based delivery order
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id"))
    eta: Mapped[dt.time | None] = mapped_column(default=None)
    round: Mapped[Round] = relationship(back_populates="stops")
    customer: Mapped[Customer] = relationship()


class Order(Base):
    __tablename__ = "order"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id"), index=True)
    delivery_date: Mapped[dt.date] = mapped_column(Date, index=True)
    stop_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stop.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="open")  # domain OrderStatus
    version: Mapped[int] = mapped_column(Integer, default=1)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
    customer: Mapped[Customer] = relationship()
    stop: Mapped[Stop | None] = relationship()
    lines: Mapped[list[OrderLine]] = relationship(
        order_by="OrderLine.line_no", back_populates="order"
    )


class OrderLine(Base):
    __tablename__ = "order_line"
    __table_args__ = (UniqueConstraint("order_id", "line_no"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # Its own index (not only the unique one of (order_id, line_no)): SQLite, without
    # statistics, looks lines up by order and depot through it (migration 0018).
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("order.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id"))
    quantity: Mapped[Decimal] = mapped_column()  # pieces, or kg for a per-kg product
    unit_price_cents: Mapped[int] = mapped_column(Integer)  # per piece or per kg, VAT incl.
    packing_depot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depot.id"), index=True)
    order: Mapped[Order] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()
    packing_depot: Mapped[Depot] = relationship()
