"""Errors the user is meant to read: one clear line, no traceback.

A service refuses with a typed refusal: a `code` and its `values` (numbers, order and crate
codes). Screens turn the code into words in the user's language (`cpdesk/ui/refusals.py`,
with proper plural forms); the command line and logs read the English of `ENGLISH`.
Plain Python: the domain core raises these too.

Each kind carries the exit code of the command line (documented in the README):
1 refused (bad input, unknown thing), 3 the local store is damaged or its disk is full.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _departure_incomplete(missing: int, packing: int, **_: Any) -> str:
    parts = []
    if missing:
        parts.append(_plural(missing, "crate", "crates") + " missing")
    if packing:
        parts.append(_plural(packing, "order", "orders") + " still being packed")
    return " and ".join(parts) + ": a supervisor must confirm the departure"


# code -> English text (a format string over the values, or a function of them)
ENGLISH: dict[str, str | Callable[..., str]] = {
    # loading: what a crate scan did (notices too: every outcome is worded the same way)
    "loading.unknown_crate": "unknown crate {crate}",
    "loading.round_left": "round {round} has already left",
    "loading.other_round": "crate {crate} belongs to round {other}, stop {other_stop}, not to "
                           "{round}",
    "loading.still_open": "crate {crate} is still open: close it at packing first",
    "loading.already_loaded": "crate {crate} is already on the van",
    "loading.loaded": "crate {crate} loaded for stop {stop}",
    "loading.unloaded": "crate {crate} taken off the van",
    "loading.no_round": "crate {crate} has no round",
    "loading.not_packed_here": "crate {crate} was packed at {depot}, not here",
    "loading.sent": "crate {crate} leaves for {depot} (round {round})",
    "loading.wrong_depot": "crate {crate} arrived at the wrong depot: its round {round} leaves "
                           "from {depot}",
    "loading.received": "crate {crate} received for round {round}",
    # loading: the departure gate
    "loading.departure_incomplete": _departure_incomplete,
    "loading.supervisor_only": "only a supervisor can let a round leave incomplete",
    "loading.reason_needed": "say why the crates stay behind",
    "loading.not_a_supervisor": "that PIN is not a supervisor's",
    # packing: why an action was refused (cpdesk.packing.state.Refusal)
    "packing.bad_check_digit": "misread barcode (bad check digit): scan it again",
    "packing.unknown_code": "unknown code",
    "packing.unknown_product": "this barcode is not in the catalogue",
    "packing.not_in_order": "this product is not in this order",
    "packing.other_depot": "this product is packed by another depot",
    "packing.line_complete": "this line is already complete",
    "packing.line_packed": "this line is already packed in full: take an item out first",
    "packing.line_resolved": "this line is already resolved",
    "packing.order_closed": "this order is cancelled or delivered",
    "packing.order_not_found": "no such order",
    "packing.not_weighed": "this product is sold per piece, not weighed",
    "packing.bad_weight": "the weight must be above zero",
    "packing.needs_supervisor": "a supervisor must confirm this",
    "packing.crate_closed": "this crate is closed",
    "packing.wrong_zone": "wrong temperature zone for this crate",
    "packing.other_order": "this crate belongs to another order",
    "packing.crate_empty": "this crate is empty",
    "packing.nothing_to_undo": "nothing to undo",
    "packing.not_out_of_tolerance": "this weight is within tolerance",
    "packing.bad_reason": "choose a reason from the list",
    "packing.no_item": "no item to take out",
    "packing.order_cancelled": "order cancelled centrally: nothing more may be packed. Take "
                              "its items out of the crates, then press 'Done, resolved'",
    "packing.nothing_to_resolve": "nothing left to resolve for this order",
    # counter
    "counter.cart_empty": "the cart is empty",
    "counter.sale_not_paid": "the sale is not fully paid",
    "counter.no_receipt": "no receipt {receipt} on register {register}",
    "counter.receipt_is_refund": "receipt {receipt} is itself a refund",
    "counter.refund_not_paid": "the refund is not fully paid out",
    "counter.register_closed": "the register is closed: open it with a counted float first",
    "counter.negative_float": "the float can't be negative",
    "counter.already_open": "register {register} is already open",
    "counter.amount_needed": "enter an amount",
    "counter.movement_reason": "a cash movement needs a reason",
    "crate.not_found": "no crate {crate}",
    "order.not_found": "no order {order}",
    "counter.no_session": "no register session {session}",
    "round.not_found": "no round {round}",
    "depot.not_found": "unknown depot {depot!r}",
    "counter.already_collected": "order {order} was already collected",
    "counter.order_cancelled": "order {order} is cancelled",
    "counter.foreign_crate": "crate {crate} is not of order {order}",
    "counter.scan_crates": "scan the crates handed over",
    "counter.balance_not_paid": "the balance of the order is not paid",
    # the depot store (store/db.py): written by a newer cpdesk (an older one reinstalled)
    "store.newer_version": "the store {db} was written by a newer version of cpdesk (schema "
                           "{schema}): run that version or a newer one",
    # the depot's link to the centre (sync/config.py)
    "sync.not_a_depot_store": "this store is not a depot store (run 'cpdesk setup')",
    "sync.no_central": "depot {depot} has no central database configured (run 'cpdesk setup')",
    "sync.no_password": "the central password of depot {depot} is missing ({where})",
    "sync.no_central_db": "no central database at {db}",
    # the credentials pasted into the first-start assistant (sync/first_start.py)
    "credentials.not_json": "the pasted credentials are not valid JSON ({detail}, line {line})",
    "credentials.incomplete": "the credentials need 'depot' and 'url' (the output of "
                              "'cpdesk central add-depot CODE --json')",
    "credentials.other_depot": "these credentials are for depot {other}, not {depot}",
    "credentials.depot_needed": "give the depot code with a centre address",
    "credentials.bad_url": "That is not a centre address (postgresql://user:password@host/"
                           "database)",
    "credentials.no_pepper": "the credentials need the depot's PIN key ('pin_pepper', printed "
                             "by 'cpdesk central add-depot CODE --json'): without it nobody "
                             "can sign in",
    "credentials.bad_pepper": "the PIN key ('pin_pepper') is 64 hexadecimal digits, as "
                              "'cpdesk central add-depot' prints it",
    "credentials.bad_ca": "the credentials' 'ca' is no PEM certificate (as 'cpdesk central "
                          "add-depot --ca CA.pem' puts it)",
    # staff sign-in (store/pin_guard.py)
    "pin.locked": "too many wrong PINs: sign-in is locked until {until}",
    # a scale protocol's settings (hardware/scales.py)
    "scale.pattern_needed": "the regex protocol needs --pattern (and usually --request)",
    "scale.bad_pattern": "bad --pattern: {detail}",
    "scale.pattern_weight_group": "the pattern needs a (?P<weight>...) group",
    "scale.unknown_protocol": "unknown scale protocol {name!r} (known: {known})",
    # documents printed on demand
    "documents.no_crates": "no crate of {order} at {depot} yet",
    # the cart's rules (cpdesk/domain/cart.py)
    "cart.discount_kind": "a discount is either a percentage or an amount",
    "cart.discount_over_100": "a discount can't exceed 100%",
    "cart.nothing_to_discount": "nothing to spread a discount over",
    "cart.sold_by_weight": "{name} is sold by weight: weigh it or scan its weight label",
    "cart.quantity_min": "quantity must be at least 1",
    "cart.sold_per_piece": "{name} is sold per piece",
    "cart.weight_typed": "a weight comes from the scale or a barcode, never typed",
    "cart.no_weight": "no weight on the scale",
    "cart.weighed_quantity": "a weighed line's quantity comes from the scale",
    "cart.quantity_remove": "quantity must be at least 1 (remove the line instead)",
    "cart.discount_needs_supervisor": "a discount over {pct}% needs a supervisor",
    "cart.discount_over_cart": "the discount is more than the cart",
    "cart.no_line": "no such line",
    "cart.amount_range": "the amount must be between 0 and what is left to pay",
    "cart.approval_code": "enter the terminal's approval code",
    "cart.voucher_number": "enter the voucher number",
    "cart.nothing_left": "nothing left to pay",
    "cart.cash_short": "the cash handed over is less than the amount due",
    "cart.line_not_on_receipt": "line {line} is not on the receipt",
    "cart.return_at_most": "at most {left} can be returned on line {line}",
    "cart.choose_returned": "choose what is returned",
}


def english(code: str, values: dict[str, Any]) -> str:
    text = ENGLISH[code]
    return text(**values) if callable(text) else text.format(**values)


class CpdeskError(Exception):
    """An expected failure with a message fit for the person at the desk.

    `CpdeskError("text")` is a plain English message (command line, set-up); a refusal a
    screen shows is typed: `CpdeskError(code="counter.cart_empty")`, with its values as
    keywords, so the screen can say it in the user's language."""

    exit_code = 1

    def __init__(self, message: str = "", /, *, code: str = "", **values: Any) -> None:
        self.code = code
        self.values = values
        super().__init__(english(code, values) if code else message)


class NotFound(CpdeskError):
    """A thing asked for by number or id does not exist."""


class BadSetting(CpdeskError, ValueError):
    """A setting that cannot be used (a scale protocol's pattern, say): a ValueError too,
    for callers that check values that way."""


class StoreProblem(CpdeskError):
    """The local store cannot be used as it is: `kind` says why, for a translated text.

    kind: "empty" (0 bytes), "not_sqlite" (not a database file), "damaged" (fails its
    integrity check or reads as corrupt), "full" (no space left on its disk), "unreadable"
    (no permission, I/O error). `detail` is the technical reason, for the log and --debug.
    """

    exit_code = 3
    KINDS = ("empty", "not_sqlite", "damaged", "full", "unreadable")

    def __init__(self, kind: str, path: Path | str | None, detail: str = "") -> None:
        assert kind in self.KINDS, kind
        self.kind, self.path, self.detail = kind, Path(path) if path else None, detail
        super().__init__(self.describe())

    @property
    def depot(self) -> str:
        """The depot code in the store's name (depot-HES.sqlite), else CODE."""
        name = self.path.name if self.path else ""
        return (name.removeprefix("depot-").removesuffix(".sqlite")
                if name.startswith("depot-") and name.endswith(".sqlite") else "CODE")

    def describe(self) -> str:
        where = f"the store {self.path}" if self.path else "the store"
        why = f" ({self.detail})" if self.detail else ""
        restore = (f"restore it from the centre with 'cpdesk setup --depot {self.depot} --central "
                   "URL' "
                   "(the damaged file is kept aside; the depot's history comes back at the "
                   "first sync)")
        if self.kind == "full":
            return (f"the disk holding {where} is full{why}: the last action was not saved. "
                    "Free some space, then do it again")
        if self.kind == "unreadable":
            return (f"{where} cannot be read or written{why}: check the folder's permissions "
                    "and the disk")
        if self.kind == "empty":
            return f"{where} is empty ({self.detail or '0 bytes'}), its data is gone: {restore}"
        if self.kind == "not_sqlite":
            return f"{where} is not a cpdesk database (damaged or overwritten){why}: {restore}"
        return f"{where} is damaged{why}: stop using it and {restore}"
