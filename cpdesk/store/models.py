"""Typed SQLAlchemy 2 mappings shared by the depot store (SQLite) and the centre (PostgreSQL).

Ids are UUIDs (UUIDv7 when made at a depot). Money is integer cents, quantities Decimal.
Every schema change goes through an alembic migration (cpdesk/store/migrations).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from cpdesk import clock
from cpdesk.domain.ids import new_id

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}



class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        dt.datetime: DateTime(timezone=True),
        Decimal: Numeric(12, 3),
        dict[str, Any]: JSON,
    }


class Coop(Base):
    __tablename__ = "coop"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200), default="")
    vat_number: Mapped[str] = mapped_column(String(20), default="")
    # The depot packing the lines of this coop's producers (None: the coop's own depot).
    packing_depot_code: Mapped[str | None] = mapped_column(String(8), default=None)


class Depot(Base):
    __tablename__ = "depot"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    coop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("coop.id"))
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200), default="")
    commune: Mapped[str] = mapped_column(String(80), default="")
    language: Mapped[str] = mapped_column(String(2), default="fr")
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    coop: Mapped[Coop] = relationship()


class Producer(Base):
    __tablename__ = "producer"
    __table_args__ = (Index("uq_producer_ref", "ref", unique=True),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    coop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("coop.id"))
    name: Mapped[str] = mapped_column(String(120))
    commune: Mapped[str] = mapped_column(String(80))
    postcode: Mapped[str] = mapped_column(String(4))
    ref: Mapped[str | None] = mapped_column(String(32), default=None)  # the coop's own
    language: Mapped[str] = mapped_column(String(2), default="fr")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Product(Base):
    __tablename__ = "product"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    sku: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    category: Mapped[str] = mapped_column(String(40), index=True)
    producer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("producer.id"), index=True)
    sale_unit: Mapped[str] = mapped_column(String(8))  # domain.model.SaleUnit
    unit_label: Mapped[str] = mapped_column(String(40), default="")  # "pièce", "botte", "500 g"
    price_cents: Mapped[int] = mapped_column(Integer)  # VAT incl., per piece or per kg
    vat_pct: Mapped[int] = mapped_column(Integer)
    zone: Mapped[str] = mapped_column(String(8))  # domain.model.Zone
    tolerance_pct: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False: retired
    # What the producer is paid per piece or per kg (None: not given).
    producer_price_cents: Mapped[int | None] = mapped_column(Integer, default=None)
    available: Mapped[bool] = mapped_column(Boolean, default=True)
    producer: Mapped[Producer] = relationship()
    barcodes: Mapped[list[Barcode]] = relationship(back_populates="product")


class Barcode(Base):
    __tablename__ = "barcode"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # ean13 | gtin14 | ean8 | scale
    product: Mapped[Product] = relationship(back_populates="barcodes")


class Customer(Base):
    __tablename__ = "customer"
    __table_args__ = (Index("uq_customer_ref", "ref", unique=True),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(10))  # domain.model.CustomerKind
    name: Mapped[str] = mapped_column(String(160), index=True)
    address: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str] = mapped_column(String(4))
    commune: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str] = mapped_column(String(32), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    ref: Mapped[str | None] = mapped_column(String(32), default=None)  # the coop's own
    language: Mapped[str] = mapped_column(String(2), default="fr")
    vat_number: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Staff(Base):
    __tablename__ = "staff"
    __table_args__ = (Index("uq_staff_ref", "ref", unique=True),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(12))  # domain.model.Role
    pin_hash: Mapped[str] = mapped_column(String(200))  # "": set on first sign-in
    language: Mapped[str] = mapped_column(String(2), default="fr")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    ref: Mapped[str | None] = mapped_column(String(32), default=None)  # the coop's own
    depot_code: Mapped[str | None] = mapped_column(String(8), default=None)  # home depot


class StaffPin(Base):
    """A depot's verifier of a staff member's PIN (cpdesk/domain/pins.py): one per account
    and depot, made by the centre with that depot's pepper; each depot pulls its own only.
    At a depot, `staff.pin_hash` is empty: the centre's hash never leaves the centre."""

    __tablename__ = "staff_pin"
    __table_args__ = (UniqueConstraint("staff_id", "depot_id"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), index=True)
    depot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depot.id"))
    verifier: Mapped[str] = mapped_column(String(200))


class Van(Base):
    __tablename__ = "van"
    __table_args__ = (Index("uq_van_ref", "ref", unique=True),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(60))
    plate: Mapped[str] = mapped_column(String(16))
    capacity_ambient: Mapped[int] = mapped_column(Integer)
    capacity_chilled: Mapped[int] = mapped_column(Integer)
    capacity_frozen: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str | None] = mapped_column(String(32), default=None)  # the coop's own


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
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("order.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id"))
    quantity: Mapped[Decimal] = mapped_column()  # pieces, or kg for a per-kg product
    unit_price_cents: Mapped[int] = mapped_column(Integer)  # per piece or per kg, VAT incl.
    packing_depot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("depot.id"), index=True)
    order: Mapped[Order] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()
    packing_depot: Mapped[Depot] = relationship()


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


class Outbox(Base):
    """Facts waiting to be pushed to the centre, written in the same transaction as the fact."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "sent_at", "created_at"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the fact's own event id
    topic: Mapped[str] = mapped_column(String(32))  # pack_event | crate | sale | ...
    payload: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    # Refused by the centre (parked there with its payload): not sent, shown to the depot and
    # sent again at each sync until it is stored or a person at the centre resolves it.
    rejected_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    reject_reason: Mapped[str | None] = mapped_column(Text, default=None)
    resolution: Mapped[str | None] = mapped_column(Text, default=None)  # how it was settled


class AuditLog(Base):
    """Who did what and when, for actions that are not pack events (overrides, sign-ins)."""

    __tablename__ = "audit_log"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    depot_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("depot.id"))
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)


class Meta(Base):
    """Key/value facts about this database: its role (central|depot), depot code, epoch."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- loading ---
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

# --- hardware ---
class PrintJob(Base):
    """A print job, queued durably: printed by the queue worker, retried until it is done."""

    __tablename__ = "print_job"
    __table_args__ = (Index("ix_print_job_pending", "state", "created_at"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    printer: Mapped[str] = mapped_column(String(40))  # configured name: "labels", "receipts"
    kind: Mapped[str] = mapped_column(String(8))  # escpos | zpl | pdf
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    title: Mapped[str] = mapped_column(String(120), default="")
    state: Mapped[str] = mapped_column(String(10), default="queued")  # queued|printing|done|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
    done_at: Mapped[dt.datetime | None] = mapped_column(default=None)

# --- counter ---
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


# --- packing ---
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


# --- sync ---
# Central-only tables (also created, empty, in depot stores so the schema stays one), plus
# the depot's record of central order changes met while packing. PostgreSQL-only columns
# (xid8 stamps) and triggers are made by migration 0003 and are not mapped here.


class CentralEvent(Base):
    """A fact received from a depot, once per event id (insert that ignores a known id)."""

    __tablename__ = "central_event"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the depot's outbox id
    depot_code: Mapped[str] = mapped_column(String(8), index=True)
    topic: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column()
    received_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
    # accepted | flagged (stored, for a person to look at) | rejected (parked, not stored: the
    # depot sends it again) | resolved (a person at the centre settled a rejected one)
    status: Mapped[str] = mapped_column(String(12), default="accepted")
    note: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class SyncChange(Base):
    """Change log of the pullable tables, filled by triggers (seq; xid8 stamp on PostgreSQL)."""

    __tablename__ = "sync_change"
    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    tbl: Mapped[str] = mapped_column(String(32))
    row_key: Mapped[str] = mapped_column(String(64))
    op: Mapped[str] = mapped_column(String(1), default="U")  # U upsert | D delete


class DepotLogin(Base):
    """Which PostgreSQL login role speaks for which depot (row-level security reads it)."""

    __tablename__ = "depot_login"
    role_name: Mapped[str] = mapped_column(String(63), primary_key=True)
    depot_code: Mapped[str] = mapped_column(String(8), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)


class OrderChange(Base):
    """At a depot: an order changed or cancelled centrally after packing began, to resolve."""

    __tablename__ = "order_change"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    order_id: Mapped[uuid.UUID] = mapped_column(index=True)  # no FK: the order may be gone
    number: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(12))  # changed | cancelled | gone
    old_version: Mapped[int] = mapped_column(Integer)
    new_version: Mapped[int] = mapped_column(Integer)
    diff: Mapped[dict[str, Any]] = mapped_column(default=dict)
    detected_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
