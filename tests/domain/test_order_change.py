"""The difference of an order changed centrally while being packed, typed and stored."""

from __future__ import annotations

import uuid
from decimal import Decimal

from cpdesk.domain.order_change import LineBefore, OrderDifference, lines_before

P1, P2 = uuid.uuid4(), uuid.uuid4()
L1, L2, L3 = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def _line(lid: uuid.UUID, no: int, product: uuid.UUID, qty: str) -> dict:
    return {"id": lid, "line_no": no, "product_id": product, "quantity": Decimal(qty)}


def test_the_difference_names_added_removed_and_changed_lines() -> None:
    before = {L1: _line(L1, 1, P1, "2"), L2: _line(L2, 2, P2, "1")}
    after = {L1: _line(L1, 1, P1, "3"), L3: _line(L3, 3, P2, "4")}
    diff = OrderDifference.between(before, after, cancelled=False)
    assert diff.kind == "changed"
    assert [ln.line_id for ln in diff.added] == [L3]
    assert [ln.line_id for ln in diff.removed] == [L2]
    assert [(ln.line_id, ln.quantity, ln.old_quantity) for ln in diff.changed] == [
        (L1, Decimal(3), Decimal(2))]
    assert OrderDifference.between(before, before, cancelled=True).kind == "cancelled"


def test_the_stored_form_is_plain_json_and_reads_back_the_same() -> None:
    diff = OrderDifference.between({L1: _line(L1, 1, P1, "2")}, {L1: _line(L1, 1, P2, "2")},
                                   cancelled=False)
    stored = diff.to_json()
    assert stored["changed"] == [{"line_id": str(L1), "line_no": 1, "product_id": str(P2),
                                  "quantity": "2", "old_quantity": "2"}]
    assert OrderDifference.from_json(stored) == diff
    gone = OrderDifference.deleted()
    assert gone.kind == "gone" and OrderDifference.from_json(gone.to_json()) == gone
    # a row written before `gone` was stored in the JSON: its kind column says it
    assert OrderDifference.from_json({"cancelled": True}, "gone").gone
    assert OrderDifference.from_json(None, "cancelled").cancelled


def test_several_open_changes_merge_into_the_lines_as_they_were_first() -> None:
    first = OrderDifference.between({L1: _line(L1, 1, P1, "2")}, {L1: _line(L1, 1, P1, "5"),
                                                                  L3: _line(L3, 3, P2, "1")},
                                    cancelled=False)
    second = OrderDifference.between({L1: _line(L1, 1, P1, "5"), L3: _line(L3, 3, P2, "1")},
                                     {L3: _line(L3, 3, P2, "1")}, cancelled=False)
    assert lines_before([first, second]) == {L1: LineBefore(P1, Decimal(2)),
                                             L3: LineBefore(P2, None)}
