import uuid

from cpdesk.domain.loading import (
    CrateFacts,
    CrateWhere,
    MoveKind,
    capacity_warnings,
    check_departure,
    loading_order,
    where_is,
)
from cpdesk.domain.model import Zone


def crate(*moves, closed=True, packed_at="CAR", leaves_from="HES"):
    return CrateFacts(uuid.uuid4(), Zone.CHILLED, closed, packed_at, leaves_from, tuple(moves))


def test_a_crate_travels_from_its_depot_to_the_van():
    c = crate()
    assert where_is(c) is CrateWhere.AT_OTHER_DEPOT
    assert where_is(crate(closed=False)) is CrateWhere.BEING_PACKED
    out = (MoveKind.TRANSFER_OUT, "CAR")
    assert where_is(crate(out)) is CrateWhere.IN_TRANSIT
    arrived = (MoveKind.TRANSFER_IN, "HES")
    assert where_is(crate(out, arrived)) is CrateWhere.AT_DEPOT
    assert where_is(crate(out, (MoveKind.TRANSFER_IN, "TDH"))) is CrateWhere.WRONG_DEPOT
    loaded = (MoveKind.LOAD, "HES")
    assert where_is(crate(out, arrived, loaded)) is CrateWhere.LOADED
    assert where_is(crate(out, arrived, loaded, (MoveKind.UNLOAD, "HES"))) is CrateWhere.AT_DEPOT


def test_last_stop_is_loaded_first():
    assert loading_order([1, 3, 2]) == [3, 2, 1]


def test_departure_needs_every_crate_on_board():
    on_board = crate((MoveKind.LOAD, "HES"), packed_at="HES")
    left = crate(packed_at="HES")
    assert check_departure([on_board]).ok
    check = check_departure([on_board, left])
    assert not check.ok and check.missing == (left.crate_id,)
    assert not check_departure([on_board], [uuid.uuid4()]).ok


def test_capacity_is_checked_per_zone():
    zones = [Zone.CHILLED] * 13 + [Zone.AMBIENT] * 5
    warnings = capacity_warnings(zones, {Zone.AMBIENT: 40, Zone.CHILLED: 12, Zone.FROZEN: 4})
    assert [(w.zone, w.crates, w.capacity) for w in warnings] == [(Zone.CHILLED, 13, 12)]
