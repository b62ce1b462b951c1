"""What the packing screen shows of an order: plain, immutable values built by the service."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from cpdesk.domain.packing import LineProgress, LineState, ToleranceCheck
from cpdesk.errors import CpdeskError


@dataclass(frozen=True, slots=True)
class StaffInfo:
    id: uuid.UUID
    name: str
    role: str

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


@dataclass(frozen=True, slots=True)
class LineView:
    id: uuid.UUID
    line_no: int
    product_id: uuid.UUID
    product: str
    producer: str
    zone: str
    sale_unit: str  # "unit" | "kg"
    unit_label: str
    quantity: Decimal  # pieces, or kg
    unit_price_cents: int
    tolerance_pct: int
    progress: LineProgress

    @property
    def state(self) -> LineState:
        return self.progress.state

    @property
    def resolved(self) -> bool:
        return self.progress.resolved

    @property
    def weighed(self) -> bool:
        return self.sale_unit == "kg"


@dataclass(frozen=True, slots=True)
class CrateView:
    id: uuid.UUID
    code: str
    zone: str
    seq: int
    status: str  # "open" | "closed" | ...
    items: int  # items in force in the crate

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True, slots=True)
class ItemView:
    """An item in force in a crate: the PACK/WEIGH/SUBSTITUTE event that put it there."""

    event_id: uuid.UUID
    line_id: uuid.UUID
    crate_id: uuid.UUID
    kind: str
    quantity: int
    weight_g: int | None
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class ChangedLine:
    """One line of a central change, in the packer's terms.

    `quantity` is the line's quantity now (0 when removed), `old_quantity` before the change
    (None for an added line); `in_crates` are the codes of the crates holding items of the
    line, and `packed` how many pieces (or grams, for a product sold per kg) are in them."""

    line_id: uuid.UUID
    product: str
    sale_unit: str  # "unit" | "kg"
    quantity: Decimal
    old_quantity: Decimal | None
    packed: int
    in_crates: tuple[str, ...]

    @property
    def weighed(self) -> bool:
        return self.sale_unit == "kg"


@dataclass(frozen=True, slots=True)
class OrderChangeView:
    """The open central changes of an order (there may be several), merged for the packer."""

    change_ids: tuple[uuid.UUID, ...]
    cancelled: bool
    added: tuple[ChangedLine, ...]
    removed: tuple[ChangedLine, ...]  # lines removed, or reduced
    increased: tuple[ChangedLine, ...]
    crates_to_empty: tuple[str, ...]  # cancelled: every crate of the order holding items


@dataclass(frozen=True, slots=True)
class OrderState:
    order_id: uuid.UUID
    number: str
    customer: str
    customer_kind: str
    commune: str
    delivery_date: dt.date
    round_code: str
    stop_seq: int
    status: str  # domain OrderStatus
    version: int
    changed: bool  # changed centrally, not yet resolved (open OrderChange rows)
    lines: tuple[LineView, ...]
    crates: tuple[CrateView, ...]
    items: tuple[ItemView, ...]
    last_action: str | None  # kind of the event "undo" would reverse, if any
    total_cents: int
    change: OrderChangeView | None = None  # the open central change(s) to resolve

    @property
    def packed(self) -> bool:
        return bool(self.lines) and all(ln.resolved for ln in self.lines)

    @property
    def lines_resolved(self) -> int:
        return sum(ln.resolved for ln in self.lines)

    def line(self, line_id: uuid.UUID) -> LineView:
        for ln in self.lines:
            if ln.id == line_id:
                return ln
        raise KeyError(line_id)

    def current_crate(self, zone: str) -> CrateView | None:
        """The newest open crate of the zone: where the next item of that zone goes."""
        open_ = [c for c in self.crates if c.zone == zone and c.is_open]
        return max(open_, key=lambda c: c.seq) if open_ else None

    def zones(self) -> list[str]:
        found = {ln.zone for ln in self.lines}
        return [z for z in ("ambient", "chilled", "frozen") if z in found]


class Status(enum.StrEnum):
    OK = "ok"
    REFUSED = "refused"
    AMBIGUOUS = "ambiguous"  # the product matches several lines: ask which (candidates)
    NEEDS_WEIGHT = "needs_weight"  # a product sold per kg was scanned: weigh it (line_id)
    OPEN_ORDER = "open_order"  # the code names an order (slip or crate): open order_number


class Refusal(enum.StrEnum):
    """Why an action was refused; the screen turns it into words a packer understands."""

    BAD_CHECK_DIGIT = "bad_check_digit"
    UNKNOWN_CODE = "unknown_code"
    UNKNOWN_PRODUCT = "unknown_product"
    NOT_IN_ORDER = "not_in_order"
    OTHER_DEPOT = "other_depot"
    LINE_COMPLETE = "line_complete"
    LINE_PACKED = "line_packed"  # short or substitute on a line packed in full (or over)
    LINE_RESOLVED = "line_resolved"
    ORDER_CLOSED = "order_closed"
    ORDER_NOT_FOUND = "order_not_found"
    NOT_WEIGHED = "not_weighed"  # a weight given for a product sold per piece
    BAD_WEIGHT = "bad_weight"
    NEEDS_SUPERVISOR = "needs_supervisor"
    CRATE_CLOSED = "crate_closed"
    WRONG_ZONE = "wrong_zone"
    OTHER_ORDER = "other_order"
    CRATE_EMPTY = "crate_empty"
    NOTHING_TO_UNDO = "nothing_to_undo"
    NOT_OUT_OF_TOLERANCE = "not_out_of_tolerance"
    BAD_REASON = "bad_reason"
    NO_ITEM = "no_item"
    ORDER_CANCELLED = "order_cancelled"  # cancelled centrally: take items out, then resolve
    NOTHING_TO_RESOLVE = "nothing_to_resolve"


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one packing action, with the order's state after it."""

    status: Status
    state: OrderState | None = None
    refusal: Refusal | None = None
    line_id: uuid.UUID | None = None
    candidates: tuple[uuid.UUID, ...] = ()
    order_number: str | None = None
    weight_g: int | None = None
    tolerance: ToleranceCheck | None = None
    crate_id: uuid.UUID | None = None
    event_ids: tuple[uuid.UUID, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.status is Status.OK

    @property
    def refused(self) -> CpdeskError | None:
        """A refusal as the typed refusal every service gives (`packing.<refusal>`), worded
        by the screens in the user's language; None when not refused."""
        return CpdeskError(code=f"packing.{self.refusal}") if self.refusal is not None else None


ScanResult = Outcome
