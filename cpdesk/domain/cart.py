"""The counter's cart, payments and refunds as plain values.

Rules, all in integer cents:
- A weighed line's weight comes from the scale (stable reading) or from a barcode, never
  typed: `add_weighed` refuses any other source (a price must rest on a weight a
  customer can check: a legal-for-trade scale or the producer's label).
- Line and cart discounts are a percentage or an amount. Above the depot's limit (percent of
  the amount discounted) a supervisor id is required (`NeedsSupervisor`).
- The cart discount is allocated to the lines in proportion to their amounts, largest
  remainder first, so the per-line amounts, the per-rate VAT breakdown and the total all
  sum exactly (no lost or invented cent).
- Belgian cash rounding (law of 2019, art. 2 of the royal decree on rounding): a total paid
  in cash is rounded to the nearest 5 cents (1, 2 → 0; 3, 4, 6, 7 → 5; 8, 9 → 10). The sale
  total stays exact; the difference is a separate "rounding" payment so that the payments
  always sum to the total and the drawer holds exactly the rounded cash.
- A refund is a negative sale linked to the original receipt; per original line it can
  return at most what was sold minus what earlier refunds returned, and the refunded amounts
  of a line, summed over all its refunds, never exceed what was paid for it.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from cpdesk.errors import CpdeskError

from .model import WeightSource
from .money import VatLine, round_half_up, vat_breakdown, weighed_amount_cents


class CartError(CpdeskError, ValueError):
    """A cart action that the rules refuse: a typed refusal (`code`, `values`) the counter
    says in the cashier's language."""


class NeedsSupervisor(CartError):
    """The action is allowed only with a supervisor's PIN."""


class PayMethod(enum.StrEnum):
    CASH = "cash"
    CARD = "card"
    VOUCHER = "voucher"
    ROUNDING = "rounding"  # the Belgian 5-cent cash rounding, never chosen by a person


@dataclass(frozen=True, slots=True)
class Discount:
    """`pct` whole percent (1-100), or `amount_cents` off; exactly one is set."""

    pct: int = 0
    amount_cents: int = 0

    def __post_init__(self) -> None:
        if (self.pct > 0) == (self.amount_cents > 0) or self.pct < 0 or self.amount_cents < 0:
            raise CartError(code="cart.discount_kind")
        if self.pct > 100:
            raise CartError(code="cart.discount_over_100")

    def cents_off(self, base_cents: int) -> int:
        if self.pct:
            return round_half_up(Decimal(base_cents) * self.pct / 100)
        return min(self.amount_cents, base_cents)

    def over_limit(self, base_cents: int, limit_pct: int) -> bool:
        """True when the discount is more than `limit_pct` percent of `base_cents`."""
        return self.cents_off(base_cents) * 100 > base_cents * limit_pct


@dataclass(frozen=True, slots=True)
class Item:
    """What the cart needs to know of a product."""

    product_id: uuid.UUID
    name: str
    price_cents: int  # VAT included, per piece or per kg
    vat_pct: int
    weighed: bool  # sold per kg


@dataclass(frozen=True, slots=True)
class CartLine:
    item: Item
    quantity: int = 1  # pieces (always 1 for a weighed line: one weighing, one line)
    weight_g: int | None = None
    weight_source: WeightSource | None = None
    discount: Discount | None = None
    discount_by: uuid.UUID | None = None  # the supervisor who allowed an over-limit discount

    @property
    def gross_cents(self) -> int:
        if self.item.weighed:
            assert self.weight_g is not None
            return weighed_amount_cents(self.item.price_cents, self.weight_g)
        return self.item.price_cents * self.quantity

    @property
    def line_discount_cents(self) -> int:
        return self.discount.cents_off(self.gross_cents) if self.discount else 0

    @property
    def net_cents(self) -> int:
        return self.gross_cents - self.line_discount_cents


@dataclass(frozen=True, slots=True)
class PricedLine:
    """A cart line with its share of the cart discount: what a sale line stores."""

    line: CartLine
    cart_discount_cents: int

    @property
    def discount_cents(self) -> int:
        return self.line.line_discount_cents + self.cart_discount_cents

    @property
    def amount_cents(self) -> int:
        return self.line.net_cents - self.cart_discount_cents


def allocate(total_cents: int, weights: Sequence[int]) -> list[int]:
    """Split `total_cents` over `weights` proportionally; the parts sum exactly to the total.

    Largest remainder method: floor shares, then the left-over cents go to the largest
    fractional parts (ties: earlier line first). Weights are non-negative.
    """
    base = sum(weights)
    if base == 0:
        if total_cents:
            raise CartError(code="cart.nothing_to_discount")
        return [0 for _ in weights]
    shares = [total_cents * w // base for w in weights]
    remainders = [(total_cents * w % base, -i) for i, w in enumerate(weights)]
    left = total_cents - sum(shares)
    for _, neg_i in sorted(remainders, reverse=True)[:left]:
        shares[-neg_i] += 1
    return shares


@dataclass
class Cart:
    """A counter cart. Mutating methods raise `CartError` for anything the rules refuse."""

    discount_limit_pct: int = 10
    lines: list[CartLine] = field(default_factory=list)
    discount: Discount | None = None
    discount_by: uuid.UUID | None = None

    # -- filling --------------------------------------------------------------------
    def add_unit(self, item: Item, quantity: int = 1) -> int:
        """Add pieces; scanning the same product again adds to its last undiscounted line."""
        if item.weighed:
            raise CartError(code="cart.sold_by_weight", name=item.name)
        if quantity < 1:
            raise CartError(code="cart.quantity_min")
        if self.lines:
            last = self.lines[-1]
            if last.item == item and last.discount is None:
                self.lines[-1] = replace(last, quantity=last.quantity + quantity)
                return len(self.lines) - 1
        self.lines.append(CartLine(item, quantity))
        return len(self.lines) - 1

    def add_weighed(self, item: Item, weight_g: int, source: WeightSource | str) -> int:
        """Add one weighing. The weight must come from the scale or a barcode."""
        if not item.weighed:
            raise CartError(code="cart.sold_per_piece", name=item.name)
        try:
            src = WeightSource(source)
        except ValueError:
            src = WeightSource.MANUAL
        if src is WeightSource.MANUAL:  # the counter has no supervised manual weight
            raise CartError(code="cart.weight_typed")
        if weight_g <= 0:
            raise CartError(code="cart.no_weight")
        self.lines.append(CartLine(item, 1, weight_g, src))
        return len(self.lines) - 1

    def set_quantity(self, index: int, quantity: int) -> None:
        line = self._line(index)
        if line.item.weighed:
            raise CartError(code="cart.weighed_quantity")
        if quantity < 1:
            raise CartError(code="cart.quantity_remove")
        self.lines[index] = replace(line, quantity=quantity)
        self._check_cart_discount()

    def remove(self, index: int) -> None:
        self._line(index)
        del self.lines[index]
        if not self.lines:
            self.discount = None
            self.discount_by = None

    # -- discounts ------------------------------------------------------------------
    def set_line_discount(self, index: int, discount: Discount | None, *,
                          supervisor_id: uuid.UUID | None = None) -> None:
        line = self._line(index)
        if discount is not None and discount.over_limit(line.gross_cents, self.discount_limit_pct) \
                and supervisor_id is None:
            raise NeedsSupervisor(code="cart.discount_needs_supervisor",
                                  pct=self.discount_limit_pct)
        self.lines[index] = replace(line, discount=discount,
                                    discount_by=supervisor_id if discount else None)
        self._check_cart_discount()

    def set_cart_discount(self, discount: Discount | None, *,
                          supervisor_id: uuid.UUID | None = None) -> None:
        base = self.subtotal_cents
        if discount is not None:
            if discount.amount_cents > base:
                raise CartError(code="cart.discount_over_cart")
            if discount.over_limit(base, self.discount_limit_pct) and supervisor_id is None:
                raise NeedsSupervisor(code="cart.discount_needs_supervisor",
                                      pct=self.discount_limit_pct)
        self.discount = discount
        self.discount_by = supervisor_id if discount else None

    def _check_cart_discount(self) -> None:
        # An amount discount can't outgrow a cart that shrank; a percentage follows the cart.
        if self.discount and self.discount.amount_cents > self.subtotal_cents:
            self.discount = None
            self.discount_by = None

    # -- totals ---------------------------------------------------------------------
    @property
    def subtotal_cents(self) -> int:
        """Sum of the lines after line discounts, before the cart discount."""
        return sum(ln.net_cents for ln in self.lines)

    @property
    def cart_discount_cents(self) -> int:
        return self.discount.cents_off(self.subtotal_cents) if self.discount else 0

    def priced_lines(self) -> list[PricedLine]:
        shares = allocate(self.cart_discount_cents, [ln.net_cents for ln in self.lines])
        return [PricedLine(ln, s) for ln, s in zip(self.lines, shares, strict=True)]

    @property
    def total_cents(self) -> int:
        return self.subtotal_cents - self.cart_discount_cents

    @property
    def discount_cents(self) -> int:
        return sum(ln.line_discount_cents for ln in self.lines) + self.cart_discount_cents

    def vat(self) -> list[VatLine]:
        return vat_breakdown((p.line.item.vat_pct, p.amount_cents) for p in self.priced_lines())

    def _line(self, index: int) -> CartLine:
        if not 0 <= index < len(self.lines):
            raise CartError(code="cart.no_line")
        return self.lines[index]


# -- payments --------------------------------------------------------------------------
def cash_round(cents: int) -> int:
    """Belgian cash rounding to the nearest 5 cents (no ties exist for whole cents)."""
    sign = -1 if cents < 0 else 1
    value = abs(cents)
    return sign * ((value + 2) // 5 * 5)


@dataclass(frozen=True, slots=True)
class Payment:
    method: PayMethod
    amount_cents: int  # what settles the sale (negative for a refund paid out)
    tendered_cents: int | None = None  # cash handed over by the customer
    reference: str = ""  # card terminal approval code, voucher number

    @property
    def change_cents(self) -> int:
        if self.tendered_cents is None:
            return 0
        return self.tendered_cents - self.amount_cents


@dataclass
class Checkout:
    """The payments of one sale (or refund, when `total_cents` is negative)."""

    total_cents: int
    payments: list[Payment] = field(default_factory=list)

    @property
    def paid_cents(self) -> int:
        return sum(p.amount_cents for p in self.payments)

    @property
    def remaining_cents(self) -> int:
        return self.total_cents - self.paid_cents

    @property
    def complete(self) -> bool:
        return self.remaining_cents == 0 and bool(self.payments or self.total_cents == 0)

    @property
    def change_cents(self) -> int:
        return sum(p.change_cents for p in self.payments)

    @property
    def cash_cents(self) -> int:
        """Net cash into the drawer (negative when paid out)."""
        return sum(p.amount_cents for p in self.payments if p.method == PayMethod.CASH)

    def _check_amount(self, amount_cents: int) -> None:
        rest = self.remaining_cents
        if amount_cents == 0 or (amount_cents > 0) != (rest > 0) or abs(amount_cents) > abs(rest):
            raise CartError(code="cart.amount_range")

    def add_card(self, amount_cents: int | None = None, *, reference: str) -> Payment:
        """A card payment approved by the terminal (not driven): its approval code is kept."""
        if not reference.strip():
            raise CartError(code="cart.approval_code")
        return self._add(PayMethod.CARD, amount_cents, reference=reference.strip())

    def add_voucher(self, amount_cents: int, *, reference: str) -> Payment:
        if not reference.strip():
            raise CartError(code="cart.voucher_number")
        # A voucher worth more than what is left pays the rest; no change is given on it.
        amount = (min(amount_cents, self.remaining_cents) if self.remaining_cents > 0
                  else amount_cents)
        return self._add(PayMethod.VOUCHER, amount, reference=reference.strip())

    def _add(self, method: PayMethod, amount_cents: int | None, *, reference: str = "",
             tendered_cents: int | None = None) -> Payment:
        amount = self.remaining_cents if amount_cents is None else amount_cents
        self._check_amount(amount)
        payment = Payment(method, amount, tendered_cents, reference)
        self.payments.append(payment)
        return payment

    def add_cash(self, tendered_cents: int | None = None,
                 amount_cents: int | None = None) -> Payment:
        """Cash. Without `amount_cents` it settles the rest, rounded to 5 cents (then the
        difference is added as a ROUNDING payment). `tendered_cents` is what the customer
        hands over (at least the amount); it is None for cash paid out on a refund."""
        rest = self.remaining_cents
        if amount_cents is None:
            amount = cash_round(rest)
            rounding = rest - amount
        else:
            self._check_amount(amount_cents)
            amount, rounding = amount_cents, 0
        if amount == 0 and rounding == 0:
            raise CartError(code="cart.nothing_left")
        if tendered_cents is not None and tendered_cents < amount:
            raise CartError(code="cart.cash_short")
        payment = Payment(PayMethod.CASH, amount, tendered_cents)
        if amount:
            self.payments.append(payment)
        if rounding:
            self.payments.append(Payment(PayMethod.ROUNDING, rounding))
        return payment

    def undo_last(self) -> None:
        """Take back the last payment (with its rounding line)."""
        if self.payments and self.payments[-1].method == PayMethod.ROUNDING:
            self.payments.pop()
        if self.payments:
            self.payments.pop()


# -- refunds ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SoldLine:
    """A line of an earlier receipt, as a refund needs it."""

    line_no: int
    item: Item
    quantity: int
    weight_g: int | None
    amount_cents: int  # what was paid for the whole line (after discounts)
    discount_cents: int = 0


@dataclass(frozen=True, slots=True)
class RefundLine:
    sold: SoldLine
    quantity: int  # pieces returned (1 for a weighed line: it is returned whole)
    amount_cents: int  # negative
    discount_cents: int  # negative share of the original discount

    @property
    def weight_g(self) -> int | None:
        return -self.sold.weight_g if self.sold.weight_g is not None else None


def refundable(sold: Iterable[SoldLine], earlier: dict[int, int]) -> dict[int, int]:
    """Pieces still returnable per original line number, given pieces already refunded."""
    return {s.line_no: s.quantity - earlier.get(s.line_no, 0) for s in sold}


def refund_lines(sold: Sequence[SoldLine], earlier: dict[int, int],
                 wanted: dict[int, int]) -> list[RefundLine]:
    """The lines of a refund returning `wanted[line_no]` pieces of an earlier receipt.

    The amount of k of n pieces, after r were refunded before, is
    round(A·(r+k)/n) − round(A·r/n): all refunds of a line together return exactly A.
    """
    left = refundable(sold, earlier)
    by_no = {s.line_no: s for s in sold}
    out = []
    for line_no, qty in sorted(wanted.items()):
        if qty == 0:
            continue
        if line_no not in by_no:
            raise CartError(code="cart.line_not_on_receipt", line=line_no)
        if qty < 0 or qty > left[line_no]:
            raise CartError(code="cart.return_at_most", left=left[line_no], line=line_no)
        s = by_no[line_no]
        r = earlier.get(line_no, 0)
        amount = (_share(s.amount_cents, r + qty, s.quantity)
                  - _share(s.amount_cents, r, s.quantity))
        disc = (_share(s.discount_cents, r + qty, s.quantity)
                - _share(s.discount_cents, r, s.quantity))
        out.append(RefundLine(s, qty, -amount, -disc))
    if not out:
        raise CartError(code="cart.choose_returned")
    return out


def _share(total: int, part: int, whole: int) -> int:
    return round_half_up(Decimal(total) * part / whole)
