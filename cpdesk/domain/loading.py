"""Loading rules: loading order, where each crate is, what blocks a departure, van capacity."""

from __future__ import annotations

import enum
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Zone


class MoveKind(enum.StrEnum):
    LOAD = "load"  # scanned onto the round's van
    UNLOAD = "unload"  # taken off the van again
    TRANSFER_OUT = "transfer_out"  # leaves its packing depot for the round's depot
    TRANSFER_IN = "transfer_in"  # arrives at a depot


class CrateWhere(enum.StrEnum):
    BEING_PACKED = "being_packed"  # crate still open at its packing depot
    AT_DEPOT = "at_depot"  # closed, at the depot the van leaves from
    AT_OTHER_DEPOT = "at_other_depot"  # closed, still at the depot that packed it
    IN_TRANSIT = "in_transit"  # scanned out of its depot, not yet in
    WRONG_DEPOT = "wrong_depot"  # scanned in at a depot the round does not leave from
    LOADED = "loaded"  # on the van


@dataclass(frozen=True, slots=True)
class CrateFacts:
    crate_id: uuid.UUID
    zone: Zone
    closed: bool
    packing_depot: str
    round_depot: str
    moves: tuple[tuple[MoveKind, str], ...] = ()  # (kind, depot where it was scanned), in order


def where_is(crate: CrateFacts) -> CrateWhere:
    """Fold a crate's moves into where it is now. The last move wins."""
    if not crate.closed:
        return CrateWhere.BEING_PACKED
    location = crate.packing_depot
    in_transit = loaded = False
    for kind, depot in crate.moves:
        if kind is MoveKind.LOAD:
            loaded, in_transit, location = True, False, depot
        elif kind is MoveKind.UNLOAD:
            loaded, location = False, depot
        elif kind is MoveKind.TRANSFER_OUT:
            loaded, in_transit = False, True
        elif kind is MoveKind.TRANSFER_IN:
            loaded, in_transit, location = False, False, depot
    if loaded:
        return CrateWhere.LOADED
    if in_transit:
        return CrateWhere.IN_TRANSIT
    if location == crate.round_depot:
        return CrateWhere.AT_DEPOT
    if location == crate.packing_depot:
        return CrateWhere.AT_OTHER_DEPOT
    return CrateWhere.WRONG_DEPOT


def loading_order(stop_seqs: Iterable[int]) -> list[int]:
    """Last stop loaded first, so the first stop's crates are at the door."""
    return sorted(stop_seqs, reverse=True)


@dataclass(frozen=True, slots=True)
class DepartureCheck:
    missing: tuple[uuid.UUID, ...]  # expected crates not on the van
    orders_still_packing: tuple[uuid.UUID, ...]  # orders with lines and no closed crate yet

    @property
    def ok(self) -> bool:
        return not self.missing and not self.orders_still_packing


def check_departure(
    expected: Sequence[CrateFacts], orders_without_crates: Sequence[uuid.UUID] = ()
) -> DepartureCheck:
    missing = tuple(c.crate_id for c in expected if where_is(c) is not CrateWhere.LOADED)
    return DepartureCheck(missing, tuple(orders_without_crates))


@dataclass(frozen=True, slots=True)
class CapacityWarning:
    zone: Zone
    crates: int
    capacity: int


def capacity_warnings(zones: Iterable[Zone], capacity: dict[Zone, int]) -> list[CapacityWarning]:
    """The zones where a round has more crates than its van holds."""
    counts = Counter(zones)
    return [CapacityWarning(z, counts[z], capacity.get(z, 0))
            for z in Zone if counts[z] > capacity.get(z, 0)]
