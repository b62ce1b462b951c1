"""The counter's storage side: sales, refunds, register sessions, pick-ups (issue 7).

SQLAlchemy + domain, no Qt. Every public method is one local transaction that also writes
the fact's outbox row (shared/SYNC.md), so a committed sale is always sent, exactly once.

Receipt numbers: `_next_receipt_no` bumps the register's `register_counter` row with an
UPDATE as the FIRST write of the sale's transaction, then inserts the sale in that same
transaction. Why a number can neither repeat nor skip, even across a crash:
- SQLite has one writer: the UPDATE takes the database write lock, held until COMMIT, so
  no other connection (or process) can bump the counter meanwhile (PostgreSQL: the UPDATE
  locks the counter row until commit).
- The counter and the sale commit together or not at all: a crash or an error before
  COMMIT rolls both back, so the number is handed out again to the next sale — no gap; after
  COMMIT both are durable (WAL, synchronous=FULL) — no repeat.
- UNIQUE(depot_id, register, receipt_no) on `sale` is the backstop should the counter ever
  be wrong (e.g. restored from an older backup): the sale fails loudly instead of repeating.
A new register's counter starts from MAX(receipt_no) of its existing sales.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, selectinload

from cpdesk import clock
from cpdesk import documents as docs
from cpdesk.domain.cart import (
    Cart,
    CartError,
    Checkout,
    Item,
    PayMethod,
    SoldLine,
    refund_lines,
)
from cpdesk.domain.model import CrateStatus, OrderStatus, Role, SaleUnit
from cpdesk.domain.money import vat_breakdown
from cpdesk.errors import CpdeskError, NotFound
from cpdesk.store import models as m
from cpdesk.store import outbox
from cpdesk.store.barcode_lookup import depot_layout
from cpdesk.store.db import transaction
from cpdesk.store.queries import depot_by_code, order_by_number, order_detail, staff_with_pin


@dataclass(frozen=True)
class CatalogueItem:
    item: Item
    sku: str
    category: str
    producer: str
    unit_label: str
    barcodes: tuple[str, ...] = ()

    @property
    def search_text(self) -> str:
        return f"{self.item.name} {self.producer} {self.sku} {' '.join(self.barcodes)}".casefold()


@dataclass
class Catalogue:
    """Active products in memory: a scan is a dict look-up, not a query (issue 7: quick)."""

    items: list[CatalogueItem]
    by_code: dict[str, CatalogueItem]  # barcode (ean13, gtin14, ean8, 7-char scale prefix)
    by_id: dict[uuid.UUID, CatalogueItem]

    def search(self, text: str, *, category: str | None = None, limit: int = 60) -> list[CatalogueItem]:
        words = text.casefold().split()
        out = []
        for ci in self.items:
            if category and ci.category != category:
                continue
            if all(w in ci.search_text for w in words):
                out.append(ci)
                if len(out) >= limit:
                    break
        return out


@dataclass(frozen=True)
class StaffRef:
    id: uuid.UUID
    name: str
    role: str


@dataclass(frozen=True)
class SaleResult:
    sale_id: uuid.UUID
    receipt_no: int
    total_cents: int


@dataclass(frozen=True)
class SoldReceipt:
    """An earlier receipt as a refund needs it."""

    sale_id: uuid.UUID
    receipt_no: int
    lines: list[SoldLine]
    refunded: dict[int, int]  # pieces already refunded per line number


@dataclass
class Report:
    """An X (any time) or Z (at close) report of one register session."""

    kind: str  # "X" | "Z"
    depot: str
    register: str
    z_no: int
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    float_cents: int
    first_receipt_no: int
    last_receipt_no: int | None  # None: no receipt yet
    sales_count: int = 0
    refunds_count: int = 0
    sales_by_rate: dict[int, int] = field(default_factory=dict)
    refunds_by_rate: dict[int, int] = field(default_factory=dict)
    discounts_by_rate: dict[int, int] = field(default_factory=dict)
    vat_by_rate: dict[int, int] = field(default_factory=dict)
    by_method: dict[str, int] = field(default_factory=dict)
    movements: list[tuple[int, str]] = field(default_factory=list)
    expected_cash_cents: int = 0
    counted_cents: int | None = None

    @property
    def total_cents(self) -> int:
        return sum(self.sales_by_rate.values()) + sum(self.refunds_by_rate.values())

    @property
    def difference_cents(self) -> int | None:
        return None if self.counted_cents is None else self.counted_cents - self.expected_cash_cents


@dataclass(frozen=True)
class PickupInfo:
    order_id: uuid.UUID
    number: str
    customer: str
    status: str
    crates: list[str]  # codes of every crate of the order
    balance_cents: int
    vat_amounts: list[tuple[int, int]]  # (rate, cents) of what was packed
    collected: bool
    delivery_date: dt.date | None = None  # the day of the order's round


class CounterService:
    """The counter of one depot and register. Methods are thread-safe (one session each)."""

    def __init__(self, engine: Engine, depot_code: str) -> None:
        self.engine = engine
        with transaction(engine) as s:
            depot = depot_by_code(s, depot_code)
            self.depot_id = depot.id
            self.depot_code = depot.code
            self.register = str(depot.settings.get("register") or f"{depot.code}-1")
            self.discount_limit_pct = int(depot.settings.get("discount_limit_pct", 10))
            # Legal for trade: goods sold by weight take a stable reading of an approved
            # scale (or a label's weight); a typed weight is never accepted (cpdesk.domain.cart).
            self.legal_for_trade = bool(depot.settings.get("legal_for_trade", False))
            self.layout = depot_layout(s, depot.code)  # prefix-2 scale labels

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        with transaction(self.engine) as s:
            yield s

    # -- reference data ----------------------------------------------------------------
    def load_catalogue(self) -> Catalogue:
        with self._tx() as s:
            products = s.scalars(select(m.Product).where(m.Product.active)
                                 .options(selectinload(m.Product.producer),
                                          selectinload(m.Product.barcodes))
                                 .order_by(m.Product.category, m.Product.name)).all()
            items, by_code, by_id = [], {}, {}
            for p in products:
                ci = CatalogueItem(
                    Item(p.id, p.name, p.price_cents, p.vat_pct, p.sale_unit == SaleUnit.KG),
                    p.sku, p.category, p.producer.name, p.unit_label,
                    tuple(b.code for b in p.barcodes))
                items.append(ci)
                by_id[p.id] = ci
                for code in ci.barcodes:
                    by_code[code] = ci
            return Catalogue(items, by_code, by_id)

    def check_pin(self, pin: str, *, supervisor: bool = False) -> StaffRef | None:
        """The active staff member with this PIN (a supervisor when asked), else None."""
        with self._tx() as s:
            staff = staff_with_pin(s, pin, role=Role.SUPERVISOR if supervisor else None)
            return StaffRef(staff.id, staff.name, staff.role) if staff is not None else None

    @staticmethod
    def _audit(s: Session, row: m.AuditLog) -> None:
        """An audit entry, sent to the centre like every other fact."""
        s.add(row)
        outbox.record(s, "audit_log", row)

    # -- receipt numbers ---------------------------------------------------------------
    def _next_receipt_no(self, s: Session) -> int:
        """Bump and return the register's counter (see the module docstring)."""
        bumped = s.execute(
            update(m.RegisterCounter)
            .where(m.RegisterCounter.depot_id == self.depot_id,
                   m.RegisterCounter.register == self.register)
            .values(last_no=m.RegisterCounter.last_no + 1)
        )
        if bumped.rowcount == 0:  # type: ignore[attr-defined]
            last = s.scalar(select(func.max(m.Sale.receipt_no)).where(
                m.Sale.depot_id == self.depot_id, m.Sale.register == self.register)) or 0
            s.add(m.RegisterCounter(depot_id=self.depot_id, register=self.register,
                                    last_no=last + 1))
            s.flush()
            return last + 1
        value = s.scalar(select(m.RegisterCounter.last_no).where(
            m.RegisterCounter.depot_id == self.depot_id,
            m.RegisterCounter.register == self.register))
        assert value is not None
        return value

    def last_receipt_no(self, s: Session | None = None) -> int:
        def read(sess: Session) -> int:
            counter = sess.get(m.RegisterCounter, (self.depot_id, self.register))
            if counter is not None:
                return counter.last_no
            return sess.scalar(select(func.max(m.Sale.receipt_no)).where(
                m.Sale.depot_id == self.depot_id, m.Sale.register == self.register)) or 0
        if s is not None:
            return read(s)
        with self._tx() as sess:
            return read(sess)

    # -- sales -------------------------------------------------------------------------
    def sell(self, cart: Cart, checkout: Checkout, *, staff_id: uuid.UUID,
             customer_id: uuid.UUID | None = None) -> SaleResult:
        """Record a paid sale: number, sale, lines, payments and outbox in ONE transaction."""
        if not cart.lines:
            raise CpdeskError(code="counter.cart_empty")
        if checkout.total_cents != cart.total_cents or not checkout.complete:
            raise CpdeskError(code="counter.sale_not_paid")
        with self._tx() as s:
            self._require_open_session(s)
            receipt_no = self._next_receipt_no(s)
            sale = m.Sale(depot_id=self.depot_id, register=self.register, receipt_no=receipt_no,
                          kind="sale", staff_id=staff_id, customer_id=customer_id,
                          total_cents=cart.total_cents, discount_cents=cart.discount_cents)
            s.add(sale)
            s.flush()
            for no, p in enumerate(cart.priced_lines(), start=1):
                ln = p.line
                s.add(m.SaleLine(
                    sale_id=sale.id, line_no=no, product_id=ln.item.product_id,
                    description=ln.item.name, quantity=ln.quantity, weight_g=ln.weight_g,
                    weight_source=str(ln.weight_source) if ln.weight_source else None,
                    unit_price_cents=ln.item.price_cents, discount_cents=p.discount_cents,
                    amount_cents=p.amount_cents, vat_pct=ln.item.vat_pct))
            self._add_payments(s, sale, checkout)
            supervisors = {ln.discount_by for ln in cart.lines if ln.discount_by} | (
                {cart.discount_by} if cart.discount_by else set())
            for sup in supervisors:
                self._audit(s, m.AuditLog(depot_id=self.depot_id, staff_id=sup, action="discount_override",
                                 detail={"sale_id": str(sale.id), "receipt_no": receipt_no,
                                         "cashier_id": str(staff_id)}))
            self._record_sale(s, sale)
            return SaleResult(sale.id, receipt_no, sale.total_cents)

    def _add_payments(self, s: Session, sale: m.Sale, checkout: Checkout) -> None:
        for pay in checkout.payments:
            s.add(m.SalePayment(sale_id=sale.id, method=str(pay.method),
                                amount_cents=pay.amount_cents, tendered_cents=pay.tendered_cents,
                                reference=pay.reference))

    def _record_sale(self, s: Session, sale: m.Sale) -> None:
        """The sale's outbox row, with its lines and payments: the centre gets it whole."""
        outbox.record(s, "sale", sale)  # the "sale" topic carries "lines" and "payments"

    def sold_receipt(self, receipt_no: int) -> SoldReceipt:
        """An earlier sale of this register, with what its refunds already returned."""
        with self._tx() as s:
            sale = s.scalar(select(m.Sale).where(
                m.Sale.depot_id == self.depot_id, m.Sale.register == self.register,
                m.Sale.receipt_no == receipt_no).options(selectinload(m.Sale.lines)))
            if sale is None:
                raise NotFound(code="counter.no_receipt", receipt=receipt_no, register=self.register)
            if sale.kind != "sale":
                raise CpdeskError(code="counter.receipt_is_refund", receipt=receipt_no)
            return self._sold(s, sale)

    def _sold(self, s: Session, sale: m.Sale) -> SoldReceipt:
        products = {p.id: p for p in s.scalars(select(m.Product).where(
            m.Product.id.in_([ln.product_id for ln in sale.lines if ln.product_id])))}
        sold = []
        for ln in sale.lines:
            p = products.get(ln.product_id) if ln.product_id else None
            item = Item(ln.product_id or uuid.UUID(int=0), ln.description, ln.unit_price_cents,
                        ln.vat_pct, ln.weight_g is not None if p is None else p.sale_unit == SaleUnit.KG)
            sold.append(SoldLine(ln.line_no, item, ln.quantity, ln.weight_g, ln.amount_cents,
                                 ln.discount_cents))
        refunded: dict[int, int] = defaultdict(int)
        earlier = s.scalars(select(m.Sale).where(m.Sale.refund_of_id == sale.id)
                            .options(selectinload(m.Sale.lines))).all()
        for refund in earlier:
            for rl in refund.lines:
                # A refund line keeps the original line number (sale_line.line_no is free to
                # reuse: the refund's own lines are numbered like the original's).
                refunded[rl.line_no] += rl.quantity
        return SoldReceipt(sale.id, sale.receipt_no, sold, dict(refunded))

    def refund(self, receipt_no: int, wanted: dict[int, int], checkout: Checkout, *,
               staff_id: uuid.UUID) -> SaleResult:
        """A refund (negative sale) of `wanted` pieces per line of receipt `receipt_no`."""
        with self._tx() as s:
            self._require_open_session(s)
            original = s.scalar(select(m.Sale).where(
                m.Sale.depot_id == self.depot_id, m.Sale.register == self.register,
                m.Sale.receipt_no == receipt_no, m.Sale.kind == "sale")
                .options(selectinload(m.Sale.lines)))
            if original is None:
                raise NotFound(code="counter.no_receipt", receipt=receipt_no, register=self.register)
            sold = self._sold(s, original)
            try:
                lines = refund_lines(sold.lines, sold.refunded, wanted)
            except CartError:
                raise  # typed: the screen says it in the user's language
            total = sum(ln.amount_cents for ln in lines)
            if checkout.total_cents != total or not checkout.complete:
                raise CpdeskError(code="counter.refund_not_paid")
            no = self._next_receipt_no(s)
            sale = m.Sale(depot_id=self.depot_id, register=self.register, receipt_no=no,
                          kind="refund", refund_of_id=original.id, staff_id=staff_id,
                          customer_id=original.customer_id, total_cents=total,
                          discount_cents=sum(ln.discount_cents for ln in lines))
            s.add(sale)
            s.flush()
            for ln in lines:
                s.add(m.SaleLine(
                    sale_id=sale.id, line_no=ln.sold.line_no,
                    product_id=ln.sold.item.product_id if ln.sold.item.product_id.int else None,
                    description=ln.sold.item.name, quantity=ln.quantity, weight_g=ln.weight_g,
                    unit_price_cents=ln.sold.item.price_cents, discount_cents=ln.discount_cents,
                    amount_cents=ln.amount_cents, vat_pct=ln.sold.item.vat_pct))
            self._add_payments(s, sale, checkout)
            self._record_sale(s, sale)
            return SaleResult(sale.id, no, total)

    # -- receipts ----------------------------------------------------------------------
    def receipt(self, sale_id: uuid.UUID, *, lang: str | None = None) -> docs.ReceiptData:
        """What the sale's receipt prints (`cpdesk.documents.render_receipt`), in `lang`
        (None: the depot's language)."""
        with self._tx() as s:
            return docs.receipt_data(s, sale_id, lang=lang)

    def sale_id_of(self, receipt_no: int) -> uuid.UUID:
        with self._tx() as s:
            sale_id = s.scalar(select(m.Sale.id).where(
                m.Sale.depot_id == self.depot_id, m.Sale.register == self.register,
                m.Sale.receipt_no == receipt_no))
            if sale_id is None:
                raise NotFound(code="counter.no_receipt", receipt=receipt_no, register=self.register)
            return sale_id

    def log_reprint(self, sale_id: uuid.UUID, staff_id: uuid.UUID | None) -> None:
        with self._tx() as s:
            self._audit(s, m.AuditLog(depot_id=self.depot_id, staff_id=staff_id, action="receipt_reprint",
                             detail={"sale_id": str(sale_id)}))

    # -- register sessions -------------------------------------------------------------
    def current_session(self, s: Session | None = None) -> m.RegisterSession | None:
        def read(sess: Session) -> m.RegisterSession | None:
            return sess.scalar(select(m.RegisterSession).where(
                m.RegisterSession.depot_id == self.depot_id,
                m.RegisterSession.register == self.register,
                m.RegisterSession.closed_at.is_(None)))
        if s is not None:
            return read(s)
        with self._tx() as sess:
            return read(sess)

    def _require_open_session(self, s: Session) -> m.RegisterSession:
        current = self.current_session(s)
        if current is None:
            raise CpdeskError(code="counter.register_closed")
        return current

    def open_session(self, *, staff_id: uuid.UUID, float_cents: int) -> m.RegisterSession:
        if float_cents < 0:
            raise CpdeskError(code="counter.negative_float")
        with self._tx() as s:
            if self.current_session(s) is not None:
                raise CpdeskError(code="counter.already_open", register=self.register)
            z_no = (s.scalar(select(func.max(m.RegisterSession.z_no)).where(
                m.RegisterSession.depot_id == self.depot_id,
                m.RegisterSession.register == self.register)) or 0) + 1
            row = m.RegisterSession(depot_id=self.depot_id, register=self.register, z_no=z_no,
                                    opened_by=staff_id, float_cents=float_cents,
                                    first_receipt_no=self.last_receipt_no(s) + 1)
            s.add(row)
            outbox.record(s, "register_session", row)
            return row

    def cash_movement(self, *, staff_id: uuid.UUID, amount_cents: int, reason: str) -> None:
        """Cash in (positive) or out (negative) of the drawer; a reason is required."""
        if amount_cents == 0:
            raise CpdeskError(code="counter.amount_needed")
        if not reason.strip():
            raise CpdeskError(code="counter.movement_reason")
        with self._tx() as s:
            current = self._require_open_session(s)
            row = m.CashMovement(session_id=current.id, amount_cents=amount_cents,
                                 reason=reason.strip(), staff_id=staff_id)
            s.add(row)
            outbox.record(s, "cash_movement", row)

    def report(self, session_id: uuid.UUID | None = None) -> Report:
        """X report of the open session (or a Z report of a closed one, by id)."""
        with self._tx() as s:
            row = s.get(m.RegisterSession, session_id) if session_id else self._require_open_session(s)
            if row is None:
                raise NotFound(f"no register session {session_id}")
            return self._report(s, row)

    def _report(self, s: Session, row: m.RegisterSession) -> Report:
        last = row.last_receipt_no if row.closed_at else self.last_receipt_no(s)
        rep = Report(kind="Z" if row.closed_at else "X", depot=self.depot_code,
                     register=row.register, z_no=row.z_no, opened_at=row.opened_at,
                     closed_at=row.closed_at, float_cents=row.float_cents,
                     first_receipt_no=row.first_receipt_no,
                     last_receipt_no=last if last is not None and last >= row.first_receipt_no else None,
                     counted_cents=row.counted_cents)
        sales = s.scalars(select(m.Sale).where(
            m.Sale.depot_id == self.depot_id, m.Sale.register == row.register,
            m.Sale.receipt_no >= row.first_receipt_no,
            m.Sale.receipt_no <= (last if last is not None else row.first_receipt_no - 1))
            .options(selectinload(m.Sale.lines), selectinload(m.Sale.payments))).all()
        by_rate: dict[str, dict[int, int]] = {"sale": defaultdict(int), "refund": defaultdict(int)}
        discounts: dict[int, int] = defaultdict(int)
        methods: dict[str, int] = defaultdict(int)
        vat_amounts = []
        for sale in sales:
            if sale.kind == "refund":
                rep.refunds_count += 1
            else:
                rep.sales_count += 1
            for ln in sale.lines:
                by_rate[sale.kind][ln.vat_pct] += ln.amount_cents
                discounts[ln.vat_pct] += ln.discount_cents
                vat_amounts.append((ln.vat_pct, ln.amount_cents))
            for p in sale.payments:
                methods[p.method] += p.amount_cents
        rep.sales_by_rate = dict(sorted(by_rate["sale"].items()))
        rep.refunds_by_rate = dict(sorted(by_rate["refund"].items()))
        rep.discounts_by_rate = dict(sorted(discounts.items()))
        rep.vat_by_rate = {v.rate_pct: v.vat_cents for v in vat_breakdown(vat_amounts)}
        rep.by_method = dict(sorted(methods.items()))
        moves = s.scalars(select(m.CashMovement).where(m.CashMovement.session_id == row.id)
                          .order_by(m.CashMovement.at)).all()
        rep.movements = [(mv.amount_cents, mv.reason) for mv in moves]
        rep.expected_cash_cents = (row.float_cents + methods.get(PayMethod.CASH, 0)
                                   + sum(mv.amount_cents for mv in moves))
        return rep

    def close_session(self, *, staff_id: uuid.UUID, counted_cents: int) -> Report:
        """Close the register with the counted cash; returns the Z report."""
        with self._tx() as s:
            row = self._require_open_session(s)
            last = self.last_receipt_no(s)
            row.last_receipt_no = last
            row.closed_at = clock.utcnow()
            row.closed_by = staff_id
            row.counted_cents = counted_cents
            rep = self._report(s, row)
            row.expected_cents = rep.expected_cash_cents
            outbox.record(s, "register_session", row)
            if rep.difference_cents:
                self._audit(s, m.AuditLog(depot_id=self.depot_id, staff_id=staff_id, action="cash_difference",
                                 detail={"session_id": str(row.id), "z_no": row.z_no,
                                         "difference_cents": rep.difference_cents}))
            return rep

    # -- pick-up -----------------------------------------------------------------------
    def find_orders(self, text: str, *, limit: int = 30) -> list[tuple[str, str, str, str]]:
        """(number, customer, delivery date, status) of orders matching a name or number."""
        text = text.strip()
        if not text:
            return []
        with self._tx() as s:
            like = f"%{text}%"
            rows = s.execute(
                select(m.Order.number, m.Customer.name, m.Order.delivery_date, m.Order.status)
                .join(m.Customer, m.Customer.id == m.Order.customer_id)
                .where((m.Order.number.ilike(like)) | (m.Customer.name.ilike(like)))
                .order_by(m.Order.delivery_date.desc(), m.Order.number).limit(limit)).all()
            return [(n, c, d.isoformat(), st) for n, c, d, st in rows]

    def day_to_open(self, today: dt.date) -> dt.date:
        """Today, or the next day with rounds when today has none (a Sunday, a holiday)."""
        from cpdesk.packing.board_data import opening_day

        with self._tx() as s:
            return opening_day(s, today, self.depot_code)

    def orders_of_day(self, day: dt.date, *, limit: int = 300) -> list[tuple[str, str, str, str]]:
        """(number, customer, delivery date, status) of the day's orders in rounds leaving
        from this depot, by round and stop: the orders its counter may hand over."""
        with self._tx() as s:
            rows = s.execute(
                select(m.Order.number, m.Customer.name, m.Order.delivery_date, m.Order.status)
                .join(m.Customer, m.Customer.id == m.Order.customer_id)
                .join(m.Stop, m.Stop.id == m.Order.stop_id)
                .join(m.Round, m.Round.id == m.Stop.round_id)
                .where(m.Order.delivery_date == day, m.Round.depot_id == self.depot_id)
                .order_by(m.Round.departure, m.Round.code, m.Stop.seq, m.Order.number)
                .limit(limit)).all()
            return [(n, c, d.isoformat(), st) for n, c, d, st in rows]

    def order_of_crate(self, code: str) -> str:
        with self._tx() as s:
            number = s.scalar(select(m.Order.number).join(m.Crate, m.Crate.order_id == m.Order.id)
                              .where(m.Crate.code == code.strip().upper()))
            if number is None:
                raise NotFound(code="crate.not_found", crate=code.strip().upper())
            return number

    def pickup_info(self, number: str) -> PickupInfo:
        with self._tx() as s:
            return self._pickup_info(s, number)

    def _pickup_info(self, s: Session, number: str) -> PickupInfo:
        detail = order_detail(s, number)
        order = order_by_number(s, number)
        vat_of = {ln.product.sku: ln.product.vat_pct for ln in order.lines}
        amounts = [(vat_of[ln["sku"]], ln["amount_cents"]) for ln in detail["lines"]
                   if ln["amount_cents"]]
        collected = s.scalar(select(m.Pickup.id).where(m.Pickup.order_id == order.id)) is not None
        return PickupInfo(order.id, order.number, detail["customer"]["name"], order.status,
                          [c["code"] for c in detail["crates"]], detail["total_cents"],
                          amounts, collected, order.delivery_date)

    def pickup(self, number: str, scanned: set[str] | list[str], checkout: Checkout | None, *,
               staff_id: uuid.UUID) -> tuple[uuid.UUID, SaleResult | None, list[str]]:
        """Hand an order over: crates scanned, missing ones flagged, balance taken, delivered.

        Returns (pickup id, the balance sale or None, missing crate codes)."""
        with self._tx() as s:
            info = self._pickup_info(s, number)
            if info.collected or info.status == OrderStatus.DELIVERED:
                raise CpdeskError(code="counter.already_collected", order=info.number)
            if info.status == OrderStatus.CANCELLED:
                raise CpdeskError(code="counter.order_cancelled", order=info.number)
            scanned_set = {c.strip().upper() for c in scanned}
            strangers = scanned_set - set(info.crates)
            if strangers:
                raise CpdeskError(code="counter.foreign_crate", crate=sorted(strangers)[0],
                                  order=info.number)
            if not scanned_set:
                raise CpdeskError(code="counter.scan_crates")
            missing = [c for c in info.crates if c not in scanned_set]
            sale_result = None
            if info.balance_cents:
                if checkout is None or checkout.total_cents != info.balance_cents \
                        or not checkout.complete:
                    raise CpdeskError(code="counter.balance_not_paid")
                self._require_open_session(s)
                no = self._next_receipt_no(s)
                order = s.get(m.Order, info.order_id)
                assert order is not None
                sale = m.Sale(depot_id=self.depot_id, register=self.register, receipt_no=no,
                              kind="sale", staff_id=staff_id, customer_id=order.customer_id,
                              total_cents=info.balance_cents, discount_cents=0)
                s.add(sale)
                s.flush()
                for line_no, v in enumerate(vat_breakdown(info.vat_amounts), start=1):
                    s.add(m.SaleLine(sale_id=sale.id, line_no=line_no, product_id=None,
                                     description=f"Commande {info.number} ({v.rate_pct}%)",
                                     quantity=1, unit_price_cents=v.total_cents,
                                     amount_cents=v.total_cents, vat_pct=v.rate_pct))
                self._add_payments(s, sale, checkout)
                self._record_sale(s, sale)
                sale_result = SaleResult(sale.id, no, info.balance_cents)
            row = m.Pickup(depot_id=self.depot_id, order_id=info.order_id, staff_id=staff_id,
                           sale_id=sale_result.sale_id if sale_result else None,
                           crates_handed=sorted(scanned_set), crates_missing=missing)
            s.add(row)
            for crate in s.scalars(select(m.Crate).where(m.Crate.code.in_(scanned_set))):
                crate.status = CrateStatus.DELIVERED
            order_row = s.get(m.Order, info.order_id)
            assert order_row is not None
            order_row.status = OrderStatus.DELIVERED
            outbox.record(s, "pickup", row)
            if missing:
                self._audit(s, m.AuditLog(depot_id=self.depot_id, staff_id=staff_id,
                                 action="pickup_missing_crates",
                                 detail={"order": info.number, "missing": missing}))
            return row.id, sale_result, missing


def report_lines(rep: Report, lang: str = "fr") -> list[str]:
    """The X/Z report as text lines (printed, saved, shown) in `lang` (fr, nl, de, en)."""
    from cpdesk.documents.i18n import tr
    from cpdesk.domain.money import format_eur as eur

    def t(key: str) -> str:
        return tr(lang, key)

    when = clock.stamp
    first, last = rep.first_receipt_no, rep.last_receipt_no
    lines = [f"{t('report')} {rep.kind} - {t('register')} {rep.register} - {t('z_no')} {rep.z_no}",
             f"{t('depot')} {rep.depot}",
             f"{t('opened')} {when(rep.opened_at)}",  # one line each: 80 mm paper is 48
             f"{t('closed')} {when(rep.closed_at)}",  # columns, both did not fit on one
             t("receipts_from_to").format(f"{first:06d}", f"{last:06d}") if last
             else t("receipts_none"),
             f"{t('sales_count')}: {rep.sales_count}   {t('refunds_count')}: {rep.refunds_count}",
             f"-- {t('by_vat_rate')} --"]
    rates = sorted(set(rep.sales_by_rate) | set(rep.refunds_by_rate) | set(rep.discounts_by_rate))
    for r in rates:
        lines.append(f"{r:>2}%  {t('sales')} {eur(rep.sales_by_rate.get(r, 0))}  "
                     f"{t('refunds_short')} {eur(rep.refunds_by_rate.get(r, 0))}")
        lines.append(f"     {t('discounts')} {eur(rep.discounts_by_rate.get(r, 0))}  "
                     f"{t('vat')} {eur(rep.vat_by_rate.get(r, 0))}")
    lines.append(f"{t('net_total')} {eur(rep.total_cents)}")
    lines.append(f"-- {t('by_method')} --")
    for method, cents in rep.by_method.items():
        lines.append(f"{t('pay.' + method):<10} {eur(cents)}")
    lines.append(f"-- {t('drawer')} --")
    lines.append(f"{t('float')} {eur(rep.float_cents)}")
    for cents, reason in rep.movements:
        lines.append(f"{t('cash_in') if cents > 0 else t('cash_out')} {eur(cents)} {reason}")
    lines.append(f"{t('cash_expected')} {eur(rep.expected_cash_cents)}")
    if rep.counted_cents is not None:
        lines.append(f"{t('cash_counted')} {eur(rep.counted_cents)}")
        lines.append(f"{t('difference')} {eur(rep.difference_cents or 0)}")
    return lines
