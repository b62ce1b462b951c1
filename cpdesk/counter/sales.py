"""Counter sales: the catalogue in memory, a paid sale, a refund, receipts.

Every action is one local transaction that also writes the fact's outbox row, so a
committed sale is always sent to the centre, exactly once.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpdesk import documents as docs
from cpdesk.domain.cart import Cart, CartError, Checkout, Item, SoldLine, refund_lines
from cpdesk.domain.model import SaleUnit
from cpdesk.errors import CpdeskError, NotFound
from cpdesk.store import models as m

from .core import CounterCore, SaleResult


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
    """Active products in memory: a scan is a dict look-up, not a query (a cashier scans
    while the customer waits)."""

    items: list[CatalogueItem]
    by_code: dict[str, CatalogueItem]  # barcode (ean13, gtin14, ean8, 7-char scale prefix)
    by_id: dict[uuid.UUID, CatalogueItem]

    def search(self, text: str, *, category: str | None = None,
               limit: int = 60) -> list[CatalogueItem]:
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
class SoldReceipt:
    """An earlier receipt as a refund needs it."""

    sale_id: uuid.UUID
    receipt_no: int
    lines: list[SoldLine]
    refunded: dict[int, int]  # pieces already refunded per line number


class Sales(CounterCore):
    """Selling and refunding at the register; receipts to print again."""

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
                self._audit(s, m.AuditLog(
                    depot_id=self.depot_id, staff_id=sup, action="discount_override",
                    detail={"sale_id": str(sale.id), "receipt_no": receipt_no,
                            "cashier_id": str(staff_id)}))
            self._record_sale(s, sale)
            return SaleResult(sale.id, receipt_no, sale.total_cents)

    def sold_receipt(self, receipt_no: int) -> SoldReceipt:
        """An earlier sale of this register, with what its refunds already returned."""
        with self._tx() as s:
            sale = s.scalar(select(m.Sale).where(
                m.Sale.depot_id == self.depot_id, m.Sale.register == self.register,
                m.Sale.receipt_no == receipt_no).options(selectinload(m.Sale.lines)))
            if sale is None:
                raise NotFound(code="counter.no_receipt", receipt=receipt_no,
                               register=self.register)
            if sale.kind != "sale":
                raise CpdeskError(code="counter.receipt_is_refund", receipt=receipt_no)
            return self._sold(s, sale)

    def _sold(self, s: Session, sale: m.Sale) -> SoldReceipt:
        products = {p.id: p for p in s.scalars(select(m.Product).where(
            m.Product.id.in_([ln.product_id for ln in sale.lines if ln.product_id])))}
        sold = []
        for ln in sale.lines:
            p = products.get(ln.product_id) if ln.product_id else None
            weighed = ln.weight_g is not None if p is None else p.sale_unit == SaleUnit.KG
            item = Item(ln.product_id or uuid.UUID(int=0), ln.description, ln.unit_price_cents,
                        ln.vat_pct, weighed)
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
                raise NotFound(code="counter.no_receipt", receipt=receipt_no,
                               register=self.register)
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
                raise NotFound(code="counter.no_receipt", receipt=receipt_no,
                               register=self.register)
            return sale_id

    def log_reprint(self, sale_id: uuid.UUID, staff_id: uuid.UUID | None) -> None:
        with self._tx() as s:
            self._audit(s, m.AuditLog(
                depot_id=self.depot_id, staff_id=staff_id, action="receipt_reprint",
                detail={"sale_id": str(sale_id)}))
