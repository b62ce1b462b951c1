"""Reference data: coops and their depots, producers and their products with their barcodes,
customers, staff and their PIN verifiers, vans.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpdesk.domain.ids import new_id

from .base import Base


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
