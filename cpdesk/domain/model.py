"""The words of the depot as plain values: orders, lines, crates, pack facts, zones, units."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from decimal import Decimal


class Zone(enum.StrEnum):
    """Temperature zone of a product and of a crate: one zone per crate."""

    AMBIENT = "ambient"
    CHILLED = "chilled"
    FROZEN = "frozen"


class SaleUnit(enum.StrEnum):
    UNIT = "unit"  # sold per piece; price is per piece
    KG = "kg"  # sold by weight; price is per kg, quantity ordered in kg


class Role(enum.StrEnum):
    PACKER = "packer"
    STAFF = "staff"
    SUPERVISOR = "supervisor"


class CustomerKind(enum.StrEnum):
    HOUSEHOLD = "household"
    PRO = "pro"


class OrderStatus(enum.StrEnum):
    OPEN = "open"
    CANCELLED = "cancelled"
    DELIVERED = "delivered"


class CrateStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    LOADED = "loaded"
    DELIVERED = "delivered"


class EventKind(enum.StrEnum):
    """One recorded act of packing (a pack event)."""

    PACK = "pack"  # units of a per-unit product scanned into a crate
    WEIGH = "weigh"  # a weighed item (scale or barcode weight) put into a crate
    REMOVE = "remove"  # an item taken out of a crate (reverses an earlier event)
    SHORT = "short"  # the (rest of the) line cannot be filled, with a reason
    SUBSTITUTE = "substitute"  # another product given instead, with a reason
    UNDO = "undo"  # cancels an earlier event of the same order
    CRATE_OPEN = "crate_open"
    CRATE_CLOSE = "crate_close"


class WeightSource(enum.StrEnum):
    SCALE = "scale"
    BARCODE = "barcode"
    MANUAL = "manual"  # supervisor action, logged


SHORT_REASONS: tuple[str, ...] = ("out_of_stock", "damaged", "not_delivered", "quality")


@dataclass(frozen=True, slots=True)
class Product:
    id: uuid.UUID
    name: str
    sale_unit: SaleUnit
    price_cents: int  # VAT included; per piece or per kg
    vat_pct: int
    zone: Zone
    tolerance_pct: int = 0  # for weighed goods: accepted deviation from the ordered weight


@dataclass(frozen=True, slots=True)
class OrderLine:
    id: uuid.UUID
    product: Product
    quantity: Decimal  # units, or kg for a product sold per kg
    unit_price_cents: int  # price at order time (per piece or per kg), VAT included
    packing_depot: str  # depot code


@dataclass(frozen=True, slots=True)
class PackFact:
    """What the packing rules need to know of a pack event."""

    id: uuid.UUID
    kind: EventKind
    line_id: uuid.UUID | None
    quantity: int = 0  # pieces, for PACK/REMOVE of per-unit goods
    weight_g: int | None = None  # for WEIGH/REMOVE of weighed goods
    crate_id: uuid.UUID | None = None
    reason: str | None = None
    target_id: uuid.UUID | None = None  # the event an UNDO or REMOVE reverses
    weight_source: str | None = None  # WeightSource of a WEIGH: scale, barcode or manual
