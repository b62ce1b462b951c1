"""Typed SQLAlchemy 2 mappings shared by the depot store (SQLite) and the centre (PostgreSQL).

Ids are UUIDs (UUIDv7 when made at a depot). Money is integer cents, quantities Decimal.
Every schema change goes through an alembic migration (cpdesk/store/migrations).

The tables are declared by area (`base`, `reference`, `orders`, `packing`, `counter`,
`system`); import them from here: `from cpdesk.store import models as m; m.Order`.
"""

from __future__ import annotations

from .base import NAMING, Base
from .counter import (
    CashMovement,
    Pickup,
    RegisterCounter,
    RegisterSession,
    Sale,
    SaleLine,
    SalePayment,
)
from .orders import Order, OrderLine, Round, RoundPlan, RoundPlanStop, Stop
from .packing import Crate, CrateMove, PackAcceptance, PackEvent, RoundDeparture
from .reference import Barcode, Coop, Customer, Depot, Producer, Product, Staff, StaffPin, Van
from .system import (
    AuditLog,
    CentralEvent,
    DepotLogin,
    Meta,
    OrderChange,
    Outbox,
    PrintJob,
    SyncChange,
)

__all__ = [
    "NAMING",
    "Base",
    "Coop",
    "Depot",
    "Producer",
    "Product",
    "Barcode",
    "Customer",
    "Staff",
    "StaffPin",
    "Van",
    "RoundPlan",
    "RoundPlanStop",
    "Round",
    "Stop",
    "Order",
    "OrderLine",
    "Crate",
    "PackEvent",
    "PackAcceptance",
    "CrateMove",
    "RoundDeparture",
    "Sale",
    "SaleLine",
    "SalePayment",
    "RegisterCounter",
    "RegisterSession",
    "CashMovement",
    "Pickup",
    "Outbox",
    "AuditLog",
    "Meta",
    "PrintJob",
    "CentralEvent",
    "SyncChange",
    "DepotLogin",
    "OrderChange",
]
