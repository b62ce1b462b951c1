"""Services' typed refusals (`CpdeskError.code` + values) in the user's language.

The services and the domain refuse with a code and values (`cpdesk/errors.py` keeps the
English for the command line); a screen never shows that English: it asks `refusal_text`,
which words each code here with Qt's translations (plural forms through `%n`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from cpdesk.errors import CpdeskError

from .i18n import counted


def _departure_incomplete(missing: int, packing: int, **_: Any) -> str:
    parts = []
    if missing:
        parts.append(counted(QCoreApplication.translate(
            "Refusal", "%n crate(s) missing", None, missing), missing))
    if packing:
        parts.append(counted(QCoreApplication.translate(
            "Refusal", "%n order(s) still being packed", None, packing), packing))
    if len(parts) == 2:
        head = QCoreApplication.translate("Refusal", "{0} and {1}").format(*parts)
    else:
        head = parts[0] if parts else ""
    return QCoreApplication.translate(
        "Refusal", "{0}: a supervisor must confirm the departure").format(head)


def _texts() -> dict[str, str | Callable[..., str]]:
    """Code -> words (a format string over the values, or a function of them)."""
    return {
        "loading.unknown_crate": QCoreApplication.translate("Refusal", "Unknown crate {crate}"),
        "loading.round_left": QCoreApplication.translate(
            "Refusal", "Round {round} has already left"),
        "loading.other_round": QCoreApplication.translate(
            "Refusal", "Crate {crate} belongs to round {other}, stop {other_stop}, not to {round}"),
        "loading.still_open": QCoreApplication.translate(
            "Refusal", "Crate {crate} is still open: close it at packing first"),
        "loading.already_loaded": QCoreApplication.translate(
            "Refusal", "Crate {crate} is already on the van"),
        "loading.loaded": QCoreApplication.translate(
            "Refusal", "Crate {crate} loaded for stop {stop}"),
        "loading.unloaded": QCoreApplication.translate(
            "Refusal", "Crate {crate} taken off the van"),
        "loading.no_round": QCoreApplication.translate("Refusal", "Crate {crate} has no round"),
        "loading.not_packed_here": QCoreApplication.translate(
            "Refusal", "Crate {crate} was packed at {depot}, not here"),
        "loading.sent": QCoreApplication.translate(
            "Refusal", "Crate {crate} leaves for {depot} (round {round})"),
        "loading.wrong_depot": QCoreApplication.translate(
            "Refusal",
            "Crate {crate} arrived at the wrong depot: its round {round} leaves from {depot}"),
        "loading.received": QCoreApplication.translate(
            "Refusal", "Crate {crate} received for round {round}"),
        "loading.departure_incomplete": _departure_incomplete,
        "loading.supervisor_only": QCoreApplication.translate(
            "Refusal", "Only a supervisor can let a round leave incomplete"),
        "loading.reason_needed": QCoreApplication.translate(
            "Refusal", "Say why the crates stay behind"),
        "loading.not_a_supervisor": QCoreApplication.translate(
            "Refusal", "That PIN is not a supervisor's."),
        "packing.bad_check_digit": QCoreApplication.translate(
            "Refusal", "Misread barcode (bad check digit): scan it again"),
        "packing.unknown_code": QCoreApplication.translate("Refusal", "Unknown code"),
        "packing.unknown_product": QCoreApplication.translate(
            "Refusal", "This barcode is not in the catalogue"),
        "packing.not_in_order": QCoreApplication.translate(
            "Refusal", "This product is not in this order"),
        "packing.other_depot": QCoreApplication.translate(
            "Refusal", "This product is packed by another depot"),
        "packing.line_complete": QCoreApplication.translate(
            "Refusal", "This line is already complete"),
        "packing.line_packed": QCoreApplication.translate(
            "Refusal", "This line is already packed in full: take an item out first (F8)"),
        "packing.line_resolved": QCoreApplication.translate(
            "Refusal", "This line is already resolved"),
        "packing.order_closed": QCoreApplication.translate(
            "Refusal", "This order is cancelled or delivered"),
        "packing.order_not_found": QCoreApplication.translate("Refusal", "No such order"),
        "packing.not_weighed": QCoreApplication.translate(
            "Refusal", "This product is sold per piece, not weighed"),
        "packing.bad_weight": QCoreApplication.translate(
            "Refusal", "The weight must be above zero"),
        "packing.needs_supervisor": QCoreApplication.translate(
            "Refusal", "A supervisor must confirm this"),
        "packing.crate_closed": QCoreApplication.translate("Refusal", "This crate is closed"),
        "packing.wrong_zone": QCoreApplication.translate(
            "Refusal", "Wrong temperature zone for this crate"),
        "packing.other_order": QCoreApplication.translate(
            "Refusal", "This crate belongs to another order"),
        "packing.crate_empty": QCoreApplication.translate("Refusal", "This crate is empty"),
        "packing.nothing_to_undo": QCoreApplication.translate("Refusal", "Nothing to undo"),
        "packing.not_out_of_tolerance": QCoreApplication.translate(
            "Refusal", "This weight is within tolerance"),
        "packing.bad_reason": QCoreApplication.translate(
            "Refusal", "Choose a reason from the list"),
        "packing.no_item": QCoreApplication.translate("Refusal", "No item to take out"),
        "packing.order_cancelled": QCoreApplication.translate(
            "Refusal",
            "Order cancelled centrally: nothing more may be packed. "
            "Take its items out of the crates, then press “Done, resolved”"),
        "packing.nothing_to_resolve": QCoreApplication.translate(
            "Refusal", "Nothing left to resolve for this order"),
        "counter.cart_empty": QCoreApplication.translate("Refusal", "The cart is empty"),
        "counter.sale_not_paid": QCoreApplication.translate(
            "Refusal", "The sale is not fully paid"),
        "counter.no_receipt": QCoreApplication.translate(
            "Refusal", "No receipt {receipt} on register {register}"),
        "counter.receipt_is_refund": QCoreApplication.translate(
            "Refusal", "Receipt {receipt} is itself a refund"),
        "counter.refund_not_paid": QCoreApplication.translate(
            "Refusal", "The refund is not fully paid out"),
        "counter.register_closed": QCoreApplication.translate(
            "Refusal", "The register is closed: open it with a counted float first"),
        "counter.negative_float": QCoreApplication.translate(
            "Refusal", "The float can't be negative"),
        "counter.already_open": QCoreApplication.translate(
            "Refusal", "Register {register} is already open"),
        "counter.amount_needed": QCoreApplication.translate("Refusal", "Enter an amount"),
        "counter.movement_reason": QCoreApplication.translate(
            "Refusal", "A cash movement needs a reason"),
        "crate.not_found": QCoreApplication.translate("Refusal", "No crate {crate}"),
        "order.not_found": QCoreApplication.translate("Refusal", "No order {order}"),
        "round.not_found": QCoreApplication.translate("Refusal", "No round {round}"),
        "depot.not_found": QCoreApplication.translate("Refusal", "No depot {depot}"),
        "counter.no_session": QCoreApplication.translate(
            "Refusal", "No register session {session}"),
        "counter.already_collected": QCoreApplication.translate(
            "Refusal", "Order {order} was already collected"),
        "counter.order_cancelled": QCoreApplication.translate(
            "Refusal", "Order {order} is cancelled"),
        "counter.foreign_crate": QCoreApplication.translate(
            "Refusal", "Crate {crate} is not of order {order}"),
        "counter.scan_crates": QCoreApplication.translate("Refusal", "Scan the crates handed over"),
        "counter.balance_not_paid": QCoreApplication.translate(
            "Refusal", "The balance of the order is not paid"),
        "sync.not_a_depot_store": QCoreApplication.translate(
            "Refusal", "This store is not a depot store (run “cpdesk setup”)"),
        "store.newer_version": QCoreApplication.translate(
            "Refusal",
            "The depot's data were written by a newer version of cpdesk (schema {schema}): "
            "install that version or a newer one. The data are left as they were."),
        "sync.no_central": QCoreApplication.translate(
            "Refusal", "Depot {depot} has no central database configured (run “cpdesk setup”)"),
        "sync.no_password": QCoreApplication.translate(
            "Refusal", "The central password of depot {depot} is missing ({where})"),
        "sync.no_central_db": QCoreApplication.translate("Refusal", "No central database at {db}"),
        "credentials.not_json": QCoreApplication.translate(
            "Refusal", "The pasted credentials are not valid JSON ({detail}, line {line})"),
        "credentials.incomplete": QCoreApplication.translate(
            "Refusal",
            "The credentials need “depot” and “url” "
            "(the output of “cpdesk central add-depot CODE --json”)"),
        "credentials.other_depot": QCoreApplication.translate(
            "Refusal", "These credentials are for depot {other}, not {depot}"),
        "credentials.depot_needed": QCoreApplication.translate(
            "Refusal", "Give the depot code with a centre address"),
        "credentials.bad_url": QCoreApplication.translate(
            "Refusal", "That is not a centre address (postgresql://user:password@host/database)"),
        "credentials.no_pepper": QCoreApplication.translate(
            "Refusal",
            "The credentials need the depot's PIN key (“pin_pepper”, printed by "
            "'cpdesk central add-depot CODE --json'): without it nobody can sign in"),
        "credentials.bad_pepper": QCoreApplication.translate(
            "Refusal",
            "The PIN key (“pin_pepper”) is 64 hexadecimal digits, as 'cpdesk central add-depot' "
            "prints it"),
        "credentials.bad_ca": QCoreApplication.translate(
            "Refusal",
            "The credentials' “ca” is no PEM certificate (as 'cpdesk central add-depot --ca "
            "CA.pem' puts it)"),
        "pin.locked": QCoreApplication.translate(
            "Refusal", "Too many wrong PINs: sign-in is locked until {until}"),
        "scale.pattern_needed": QCoreApplication.translate(
            "Refusal", "The regex protocol needs a reply pattern (and usually a request)"),
        "scale.bad_pattern": QCoreApplication.translate(
            "Refusal", "The reply pattern is not a valid regular expression ({detail})"),
        "scale.pattern_weight_group": QCoreApplication.translate(
            "Refusal", "The reply pattern needs a (?P<weight>...) group"),
        "scale.unknown_protocol": QCoreApplication.translate(
            "Refusal", "Unknown scale protocol {name} (known: {known})"),
        "cart.discount_kind": QCoreApplication.translate(
            "Refusal", "A discount is either a percentage or an amount"),
        "cart.discount_over_100": QCoreApplication.translate(
            "Refusal", "A discount can't exceed 100%"),
        "cart.nothing_to_discount": QCoreApplication.translate(
            "Refusal", "Nothing to spread a discount over"),
        "cart.sold_by_weight": QCoreApplication.translate(
            "Refusal", "{name} is sold by weight: weigh it or scan its weight label"),
        "cart.quantity_min": QCoreApplication.translate(
            "Refusal", "The quantity must be at least 1"),
        "cart.sold_per_piece": QCoreApplication.translate("Refusal", "{name} is sold per piece"),
        "cart.weight_typed": QCoreApplication.translate(
            "Refusal", "A weight comes from the scale or a barcode, never typed"),
        "cart.no_weight": QCoreApplication.translate("Refusal", "No weight on the scale"),
        "cart.weighed_quantity": QCoreApplication.translate(
            "Refusal", "A weighed line's quantity comes from the scale"),
        "cart.quantity_remove": QCoreApplication.translate(
            "Refusal", "The quantity must be at least 1 (remove the line instead)"),
        "cart.discount_needs_supervisor": QCoreApplication.translate(
            "Refusal", "A discount over {pct}% needs a supervisor"),
        "cart.discount_over_cart": QCoreApplication.translate(
            "Refusal", "The discount is more than the cart"),
        "cart.no_line": QCoreApplication.translate("Refusal", "No such line"),
        "cart.amount_range": QCoreApplication.translate(
            "Refusal", "The amount must be between 0 and what is left to pay"),
        "cart.approval_code": QCoreApplication.translate(
            "Refusal", "Enter the terminal's approval code"),
        "cart.voucher_number": QCoreApplication.translate("Refusal", "Enter the voucher number"),
        "cart.nothing_left": QCoreApplication.translate("Refusal", "Nothing left to pay"),
        "cart.cash_short": QCoreApplication.translate(
            "Refusal", "The cash handed over is less than the amount due"),
        "cart.line_not_on_receipt": QCoreApplication.translate(
            "Refusal", "Line {line} is not on the receipt"),
        "cart.return_at_most": QCoreApplication.translate(
            "Refusal", "At most {left} can be returned on line {line}"),
        "cart.choose_returned": QCoreApplication.translate("Refusal", "Choose what is returned"),
        "documents.no_crates": QCoreApplication.translate(
            "Refusal", "No crate of {order} at {depot} yet"),
    }


def codes() -> set[str]:
    """Every code this module words (a test checks it covers `cpdesk.errors.ENGLISH`)."""
    return set(_texts())


def text_for(code: str, values: dict[str, Any]) -> str:
    text = _texts()[code]
    return text(**values) if callable(text) else text.format(**values)


def refusal_text(exc: BaseException) -> str:
    """What to show for an exception: a typed refusal in the user's language, an untyped
    CpdeskError as it is (already worded for people), anything else with its type."""
    if isinstance(exc, CpdeskError):
        if exc.code:
            return text_for(exc.code, exc.values)
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def centre_refusal_text(reason: str) -> str:
    """Why the centre refused a fact, in the user's language. The centre gives the database's
    own words (PostgreSQL's or SQLite's, English); the screen says what kind of refusal it is
    and leaves the technical words to `cpdesk sync status` and the log."""
    low = reason.lower()
    kinds = (
        (("foreign key",), QCoreApplication.translate(
            "Refusal", "it refers to something the centre does not have")),
        (("unique", "duplicate key"), QCoreApplication.translate(
            "Refusal", "the centre already has it")),
        (("row-level security", "permission denied", "speaks for"), QCoreApplication.translate(
            "Refusal", "this depot may not record it")),
        (("check constraint", "not-null", "not null", "invalid input", "out of range",
          "unknown topic"), QCoreApplication.translate(
            "Refusal", "the centre's rules refuse one of its values")),
    )
    for needles, text in kinds:
        if any(n in low for n in needles):
            return text
    return QCoreApplication.translate("Refusal", "the centre could not store it")


_UNREADABLE = re.compile(r"unreadable bytes: check the line settings \((.*) expected; (.*)\)$")


def scale_state_text(state: str) -> str:
    """The scale reader's state (`ScaleReader.status`, English) in the user's language; the
    technical detail after it (an OS error, the parser's complaint) stays as it came."""
    fixed = {
        "connected": QCoreApplication.translate("Refusal", "connected"),
        "overload": QCoreApplication.translate("Refusal", "overload"),
        "underload": QCoreApplication.translate("Refusal", "under zero"),
        "no answer from the scale": QCoreApplication.translate(
            "Refusal", "no answer from the scale"),
        "simulated": QCoreApplication.translate("Refusal", "simulated"),
        "": "",
    }
    if state in fixed:
        return fixed[state]
    match = _UNREADABLE.match(state)
    if match:
        return QCoreApplication.translate(
            "Refusal", "unreadable bytes: check the line settings ({0} expected; {1})"
        ).format(*match.groups())
    for prefix, text in (
        ("disconnected: ", QCoreApplication.translate("Refusal", "disconnected: {0}")),
        ("error: ", QCoreApplication.translate("Refusal", "error: {0}")),
    ):
        if state.startswith(prefix):
            return text.format(state.removeprefix(prefix))
    return state


def printer_state_text(state: str) -> str:
    """A print job's state (or the printer's last error, technical) in the user's language."""
    return {
        "ok": QCoreApplication.translate("Refusal", "ready"),
        "done": QCoreApplication.translate("Refusal", "ready"),
        "queued": QCoreApplication.translate("Refusal", "waiting"),
        "printing": QCoreApplication.translate("Refusal", "printing"),
        "failed": QCoreApplication.translate("Refusal", "failed"),
    }.get(state, state)
