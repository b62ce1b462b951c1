"""Plain data behind each document: gathered from the store once, rendered without a database.

Money is integer cents, weights integer grams, quantities Decimal, as in the domain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from cpdesk.domain.money import VatLine

ZONES = ("ambient", "chilled", "frozen")
ELSEWHERE = "elsewhere"  # a line another depot packs, whose facts this store does not hold


@dataclass(frozen=True)
class Issuer:
    """The cooperative and depot printed in a document's header."""

    coop: str
    depot: str
    depot_code: str
    address: str = ""
    vat_number: str = ""


@dataclass(frozen=True)
class LabelData:
    crate_code: str  # what the barcode encodes: CR + 10 Crockford base32 characters
    round_code: str  # HES-20261128-A ("" when the order has no round yet)
    round_letter: str  # "A"
    stop_seq: int  # 0 when the order has no stop
    customer: str
    postcode: str
    commune: str
    order_number: str
    crate_seq: int  # n of this depot's crates for the order
    crate_count: int  # N
    depot_code: str
    other_depots: tuple[tuple[str, int], ...]  # (depot code, its crate count) of the others
    zone: str  # ambient | chilled | frozen
    delivery_date: dt.date
    coop: str
    lang: str = "fr"
    # False while the depot is still packing the order: N may grow, the label says "n/?"
    count_final: bool = True

    @property
    def crate_number(self) -> str:
        """'2/3', or '2/?' while the order's crate count is not final."""
        return f"{self.crate_seq}/{self.crate_count if self.count_final else '?'}"


@dataclass(frozen=True)
class NoteLine:
    line_no: int
    product: str
    producer: str
    sku: str
    sale_unit: str  # unit | kg
    unit_label: str
    quantity: Decimal  # as ordered: pieces, or kg
    unit_price_cents: int  # per piece or per kg
    packed_units: int
    packed_weight_g: int | None  # weighed goods only
    amount_cents: int
    vat_pct: int
    state: str  # domain LineState, or "elsewhere" when another depot's facts are unknown here
    reason: str | None = None
    substitute: str | None = None  # name of the product given instead
    packing_depot: str = ""
    manual_weight: bool = False  # a supervisor typed a weight (no scale): shown on the note


@dataclass(frozen=True)
class CrateRef:
    code: str
    zone: str
    depot: str
    seq: int


@dataclass(frozen=True)
class DeliveryNoteData:
    issuer: Issuer
    order_number: str
    delivery_date: dt.date
    customer: str
    address: str
    postcode: str
    commune: str
    phone: str
    round_code: str
    stop_seq: int
    lines: list[NoteLine]
    vat: list[VatLine]
    total_cents: int
    crates: list[CrateRef]
    notes: str = ""
    lang: str = "fr"


@dataclass(frozen=True)
class ManifestStop:
    seq: int
    eta: dt.time | None
    customer: str
    address: str
    postcode: str
    commune: str
    phone: str
    notes: str
    order_numbers: list[str]
    crates: list[CrateRef]  # on the van (planned crates until the round has left)
    left_behind: list[CrateRef] = field(default_factory=list)  # departed without them

    def count(self, zone: str) -> int:
        return sum(1 for c in self.crates if c.zone == zone)


@dataclass(frozen=True)
class ManifestData:
    issuer: Issuer
    round_code: str
    date: dt.date
    van: str
    plate: str
    driver: str
    departure: dt.time
    stops: list[ManifestStop]
    lang: str = "fr"
    departed: bool = False  # True: the crates are what was scanned onto the van

    def totals(self) -> dict[str, int]:
        return {z: sum(s.count(z) for s in self.stops) for z in ("ambient", "chilled", "frozen")}

    @property
    def loading_order(self) -> list[ManifestStop]:
        """Last stop first: what goes into the van first comes out last."""
        return sorted(self.stops, key=lambda s: s.seq, reverse=True)


@dataclass(frozen=True)
class PickItem:
    sku: str
    product: str
    producer: str
    category: str
    zone: str
    sale_unit: str
    unit_label: str
    quantity: Decimal  # total pieces, or total kg
    orders: int


@dataclass(frozen=True)
class PickListData:
    issuer: Issuer
    date: dt.date
    round_codes: list[str]  # empty: every round of the day
    items: list[PickItem]
    lang: str = "fr"


@dataclass(frozen=True)
class ReceiptLine:
    description: str
    quantity: int
    weight_g: int | None  # weighed goods: the price is per kg
    unit_price_cents: int
    amount_cents: int
    vat_pct: int
    discount_cents: int = 0


@dataclass(frozen=True)
class ReceiptPayment:
    method: str  # cash | card | voucher
    amount_cents: int
    tendered_cents: int | None = None
    reference: str = ""

    @property
    def change_cents(self) -> int:
        return (self.tendered_cents - self.amount_cents) if self.tendered_cents else 0


@dataclass(frozen=True)
class ReceiptData:
    issuer: Issuer
    register: str
    receipt_no: int
    at: dt.datetime
    staff: str
    lines: list[ReceiptLine]
    total_cents: int
    vat: list[VatLine]
    payments: list[ReceiptPayment] = field(default_factory=list)
    discount_cents: int = 0
    refund: bool = False
    lang: str = "fr"
    refund_of: int | None = None  # receipt number of the sale a refund returns
    note: str = ""  # e.g. the order collected with this sale

    @property
    def code(self) -> str:
        """What the receipt's barcode encodes: register and number, e.g. HES-1-000123."""
        return receipt_code(self.register, self.receipt_no)

    @property
    def has_cash(self) -> bool:
        return any(p.method == "cash" for p in self.payments)


def receipt_code(register: str, receipt_no: int) -> str:
    """A receipt's printed and scanned code: register and number, e.g. HES-1-000123."""
    return f"{register}-{receipt_no:06d}"
