"""Typed refusals: a code and values for the screens, plain English for the command line."""

from __future__ import annotations

import pytest

from cpdesk.domain.cart import Cart, CartError, Item
from cpdesk.errors import ENGLISH, CpdeskError, NotFound

VALUES = dict(round="HES-20261126-A", order="CP-261126-0001", crate="CR0123456789",
              depot="HES", where="keyring", db="/srv/cpdesk/hesbaye.sqlite",
              receipt=12, register="HES-1", name="Tomates", pct=10, line=2, left=1,
              missing=2, packing=9, session="7c1e", stop=3, other="HES-20261126-B",
              other_stop=2, detail="Expecting value", known="mt-sics, regex",
              schema="0013", until="13:05")


@pytest.mark.parametrize("code", sorted(ENGLISH))
def test_every_refusal_has_its_english_for_the_command_line(code: str) -> None:
    exc = CpdeskError(code=code, **VALUES)
    assert exc.code == code and exc.values == VALUES
    text = str(exc)
    assert text and "{" not in text and "(s)" not in text


def test_the_departure_gate_counts_in_good_english() -> None:
    def say(missing: int, packing: int) -> str:
        return str(CpdeskError(code="loading.departure_incomplete", missing=missing,
                               packing=packing))
    assert say(1, 0) == "1 crate missing: a supervisor must confirm the departure"
    assert say(2, 9) == ("2 crates missing and 9 orders still being packed: a supervisor must "
                         "confirm the departure")
    assert say(0, 1) == "1 order still being packed: a supervisor must confirm the departure"


def test_plain_messages_and_typed_not_found_still_work() -> None:
    assert str(CpdeskError("no database here")) == "no database here"
    assert CpdeskError("x").code == ""
    missing = NotFound(code="order.not_found", order="CP-000000-9999")
    assert isinstance(missing, CpdeskError) and str(missing) == "no order CP-000000-9999"


def test_the_cart_refuses_with_codes() -> None:
    import uuid

    cheese = Item(uuid.uuid4(), "Comté", 1800, 6, True)
    with pytest.raises(CartError) as refused:
        Cart().add_unit(cheese)
    assert refused.value.code == "cart.sold_by_weight"
    assert refused.value.values == {"name": "Comté"}
    assert isinstance(refused.value, ValueError | CpdeskError)


def test_packing_refusals_are_codes_of_the_same_catalogue() -> None:
    from cpdesk.packing.state import Outcome, Refusal, Status

    assert {f"packing.{r}" for r in Refusal} <= set(ENGLISH)
    refused = Outcome(Status.REFUSED, refusal=Refusal.WRONG_ZONE).refused
    assert refused is not None and refused.code == "packing.wrong_zone"
    assert str(refused) == "wrong temperature zone for this crate"
    assert Outcome(Status.OK).refused is None
