"""An order's pack state at one depot: the fold from its lines, pack events and a
supervisor's acceptances to each line's progress and the order's state on the board.

The one place this fold lives: the board's read model, the packing service's open order,
the command line's order detail and the documents (is this depot's part packed?) all call
it, so they can never disagree on whether an order is packed.
"""

from __future__ import annotations

import enum
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .model import OrderLine, OrderStatus, PackFact, Zone
from .packing import RESOLVED, LineProgress, LineState, effective_facts, fold_line


class PackState(enum.StrEnum):
    """Where an order stands for one depot (a colour and a filter on the board)."""

    TO_PACK = "to_pack"
    IN_PROGRESS = "in_progress"
    PACKED = "packed"
    CANCELLED = "cancelled"
    DELIVERED = "delivered"
    ELSEWHERE = "elsewhere"  # nothing for this depot to pack


Accepted = Mapping[uuid.UUID, Collection[int]]  # line id -> weights a supervisor accepted


def order_progress(lines: Sequence[OrderLine], facts: Iterable[PackFact],
                   accepted: Accepted | None = None) -> dict[uuid.UUID, LineProgress]:
    """Each line's progress, in the order of `lines`.

    Undo is resolved once for the whole order, then each line folds only its own facts.
    A weight outside tolerance counts as packed when a supervisor accepted exactly the
    weight now packed on that line (a re-weigh voids the acceptance)."""
    by_line: dict[uuid.UUID | None, list[PackFact]] = defaultdict(list)
    for f in effective_facts(facts):
        by_line[f.line_id].append(f)
    return {line.id: line_fold(line, by_line.get(line.id, ()), accepted) for line in lines}


def line_fold(line: OrderLine, mine: Sequence[PackFact],
              accepted: Accepted | None = None) -> LineProgress:
    """One line's progress from its facts in force (undo already resolved for the order),
    with a supervisor's acceptance of exactly the weight now packed."""
    p = fold_line(line, mine)
    if accepted and p.packed_weight_g and p.packed_weight_g in accepted.get(line.id, ()):
        p = fold_line(line, mine, accepted_out_of_tolerance=True)
    return p


@dataclass(frozen=True, slots=True)
class PackCounts:
    """What the board needs of an order's line progress at one depot: how many lines, how
    many resolved, whether one is past "to pack" (a removed line does not count), and the
    zones of its lines. Small enough to be kept per order and depot (the store's progress
    projection, cpdesk/store/pack_progress.py), and the one input of `state_of`."""

    lines: int
    resolved: int
    started: bool
    zones: tuple[str, ...] = ()


ZONES = tuple(str(z) for z in Zone)  # the board's order of zones


def pack_counts(lines: Sequence[OrderLine],
                progress: Collection[LineProgress]) -> PackCounts:
    """`PackCounts` of the progress `order_progress` made of `lines` (one pass: the packing
    service writes them with every scan)."""
    resolved, started = 0, False
    for p in progress:
        if p.state in RESOLVED:
            resolved += 1
        if p.state is not LineState.TO_PACK and p.state is not LineState.REMOVED:
            started = True
    present = {ln.product.zone for ln in lines}
    return PackCounts(lines=len(progress), resolved=resolved, started=started,
                      zones=tuple(z for z in ZONES if z in present))


def untouched_counts(lines: int, removed: int, zones: Iterable[str]) -> PackCounts:
    """`pack_counts` of an order's lines at a depot without any pack fact for the order: what
    `fold_line` makes of a line without facts (to pack, or removed, hence resolved, at
    quantity 0), from the lines counted (`removed`: those at quantity 0) and their zones,
    without building them (the sync writes it for every order it pulls)."""
    present = set(zones)
    return PackCounts(lines=lines, resolved=removed, started=False,
                      zones=tuple(z for z in ZONES if z in present))


def state_of(status: str, counts: PackCounts, *, touched: bool) -> PackState:
    """The order's state for the depot whose line progress `counts` sums up.

    `touched`: the depot has recorded a pack event for the order (even one undone since):
    it counts as in progress although every line is back to "to pack"."""
    if status == OrderStatus.CANCELLED:
        return PackState.CANCELLED
    if status == OrderStatus.DELIVERED:
        return PackState.DELIVERED
    if not counts.lines:
        return PackState.ELSEWHERE
    if counts.resolved == counts.lines:
        return PackState.PACKED
    if touched or counts.started:
        return PackState.IN_PROGRESS
    return PackState.TO_PACK


def order_pack_state(status: str, progress: Collection[LineProgress], *,
                     touched: bool) -> PackState:
    """The order's state for the depot whose lines `progress` holds (see `state_of`)."""
    return state_of(status, pack_counts((), progress), touched=touched)
