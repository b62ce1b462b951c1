"""Packing rules: what a line's progress is, when it is resolved, where an item may go."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .model import EventKind, OrderLine, PackFact, SaleUnit, WeightSource, Zone
from .money import unit_amount_cents, weighed_amount_cents


class LineState(enum.StrEnum):
    TO_PACK = "to_pack"
    PARTIAL = "partial"
    PACKED = "packed"  # filled, within tolerance for weighed goods
    OUT_OF_TOLERANCE = "out_of_tolerance"  # weighed, outside tolerance, needs a decision
    SHORT = "short"  # resolved: could not be filled (reason given)
    SUBSTITUTED = "substituted"  # resolved: replaced by another product (reason given)
    REMOVED = "removed"  # resolved: taken off the order centrally (quantity 0), none in crates


RESOLVED = frozenset({LineState.PACKED, LineState.SHORT, LineState.SUBSTITUTED,
                      LineState.REMOVED})
# Nothing is missing from these lines (an out-of-tolerance line has more than ordered: a unit
# line over its count, a weighed line over its tolerance; under it, a line is PARTIAL): there
# is nothing to declare short or to substitute until an item comes out.
FILLED = frozenset({LineState.PACKED, LineState.OUT_OF_TOLERANCE})


class Tolerance(enum.StrEnum):
    INSIDE = "inside"
    UNDER = "under"
    OVER = "over"


@dataclass(frozen=True, slots=True)
class ToleranceCheck:
    verdict: Tolerance
    ordered_g: int
    actual_g: int
    allowed_g: int

    @property
    def difference_g(self) -> int:
        return self.actual_g - self.ordered_g


def check_tolerance(ordered_kg: Decimal, actual_g: int, tolerance_pct: int) -> ToleranceCheck:
    """Compare a weighed total against the ordered kilograms and the product's tolerance."""
    ordered_g = int((ordered_kg * 1000).to_integral_value())
    allowed_g = int((Decimal(ordered_g) * tolerance_pct / 100).to_integral_value())
    if actual_g < ordered_g - allowed_g:
        verdict = Tolerance.UNDER
    elif actual_g > ordered_g + allowed_g:
        verdict = Tolerance.OVER
    else:
        verdict = Tolerance.INSIDE
    return ToleranceCheck(verdict, ordered_g, actual_g, allowed_g)


def effective_facts(facts: Iterable[PackFact]) -> list[PackFact]:
    """The facts still in force: an UNDO cancels its target (and an undone UNDO revives it)."""
    ordered = list(facts)
    cancelled: set[uuid.UUID] = set()
    # Walk newest first so that undoing an undo restores the original.
    for fact in reversed(ordered):
        if fact.id in cancelled:
            continue
        if fact.kind is EventKind.UNDO and fact.target_id is not None:
            cancelled.add(fact.target_id)
    return [f for f in ordered if f.id not in cancelled and f.kind is not EventKind.UNDO]


ITEM_KINDS = frozenset({EventKind.PACK, EventKind.WEIGH, EventKind.SUBSTITUTE})


def items_in_force(facts: Iterable[PackFact]) -> list[PackFact]:
    """The items in their crates now: PACK/WEIGH/SUBSTITUTE facts in force, not taken out."""
    in_force = effective_facts(facts)
    removed = {f.target_id for f in in_force if f.kind is EventKind.REMOVE}
    return [f for f in in_force if f.kind in ITEM_KINDS and f.crate_id is not None
            and f.line_id is not None and f.id not in removed]


def manual_weight_lines(facts: Iterable[PackFact]) -> set[uuid.UUID]:
    """Lines with an item in a crate whose weight a supervisor typed (not from a scale or a
    label): documents and totals say so, as legal-for-trade weighing requires."""
    return {f.line_id for f in items_in_force(facts)
            if f.line_id is not None and f.weight_source == WeightSource.MANUAL}


@dataclass(frozen=True, slots=True)
class LineProgress:
    line_id: uuid.UUID
    state: LineState
    packed_units: int
    packed_weight_g: int
    amount_cents: int  # what the customer pays for this line as packed
    reason: str | None
    tolerance: ToleranceCheck | None
    accepted_override: bool = False

    @property
    def resolved(self) -> bool:
        return self.state in RESOLVED


def line_progress(
    line: OrderLine, facts: Iterable[PackFact], *, accepted_out_of_tolerance: bool = False
) -> LineProgress:
    """Fold the line's effective facts into its state and the amount due.

    `accepted_out_of_tolerance` is a supervisor's confirmation of a weight outside tolerance.
    """
    mine = [f for f in effective_facts(facts) if f.line_id == line.id]
    return fold_line(line, mine, accepted_out_of_tolerance=accepted_out_of_tolerance)


def fold_line(
    line: OrderLine, mine: Iterable[PackFact], *, accepted_out_of_tolerance: bool = False
) -> LineProgress:
    """`line_progress` over facts already in force and of this line only (undo resolved once
    for a whole order: `cpdesk.domain.pack_state.order_progress`)."""
    if not mine:  # nothing packed yet, most lines of a morning: no amount to compute
        state = LineState.REMOVED if line.quantity == 0 else LineState.TO_PACK
        return LineProgress(line.id, state, 0, 0, 0, None, None, accepted_out_of_tolerance)
    units = 0
    weight_g = 0
    reason: str | None = None
    short = substituted = False
    for f in mine:
        if f.kind is EventKind.PACK:
            units += f.quantity
        elif f.kind is EventKind.WEIGH:
            weight_g += f.weight_g or 0
            units += 1
        elif f.kind is EventKind.REMOVE:
            units -= f.quantity or (1 if f.weight_g else 0)
            weight_g -= f.weight_g or 0
        elif f.kind is EventKind.SHORT:
            short, reason = True, f.reason
        elif f.kind is EventKind.SUBSTITUTE:
            substituted, reason = True, f.reason
    units = max(units, 0)
    weight_g = max(weight_g, 0)

    tolerance = None
    if line.product.sale_unit is SaleUnit.KG:
        amount = weighed_amount_cents(line.unit_price_cents, weight_g)
        if weight_g:
            tolerance = check_tolerance(line.quantity, weight_g, line.product.tolerance_pct)
    else:
        amount = unit_amount_cents(line.unit_price_cents, units)

    if substituted:
        state = LineState.SUBSTITUTED
    elif line.quantity == 0 and units == 0 and weight_g == 0:
        state = LineState.REMOVED
    elif short:
        state = LineState.SHORT
    elif line.product.sale_unit is SaleUnit.KG:
        if tolerance is None:
            state = LineState.TO_PACK
        elif tolerance.verdict is Tolerance.INSIDE or accepted_out_of_tolerance:
            state = LineState.PACKED
        elif tolerance.verdict is Tolerance.UNDER:
            state = LineState.PARTIAL
        else:
            state = LineState.OUT_OF_TOLERANCE
    else:
        ordered = int(line.quantity)
        if units == 0:
            state = LineState.TO_PACK
        elif units < ordered:
            state = LineState.PARTIAL
        elif units == ordered:
            state = LineState.PACKED
        else:
            state = LineState.OUT_OF_TOLERANCE
    return LineProgress(
        line.id, state, units, weight_g, amount, reason, tolerance, accepted_out_of_tolerance
    )


def order_is_packed(progress: Sequence[LineProgress]) -> bool:
    """An order is packed when it has lines and every one of them is resolved."""
    return bool(progress) and all(p.resolved for p in progress)


class CrateRefusal(enum.StrEnum):
    WRONG_ZONE = "wrong_zone"
    CLOSED = "closed"
    OTHER_ORDER = "other_order"


def crate_refusal(
    *, crate_zone: Zone, crate_open: bool, crate_order: uuid.UUID, item_zone: Zone,
    item_order: uuid.UUID,
) -> CrateRefusal | None:
    """Why an item may not go into a crate, or None when it may: one order and zone per crate."""
    if crate_order != item_order:
        return CrateRefusal.OTHER_ORDER
    if not crate_open:
        return CrateRefusal.CLOSED
    if crate_zone is not item_zone:
        return CrateRefusal.WRONG_ZONE
    return None
