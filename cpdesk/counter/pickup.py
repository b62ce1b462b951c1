"""Order pick-up at the counter: find the order, scan its crates, take the balance,
hand it over (the order is delivered; crates not handed over are flagged and audited)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk.domain.cart import Checkout
from cpdesk.domain.model import CrateStatus, OrderStatus
from cpdesk.domain.money import vat_breakdown
from cpdesk.errors import CpdeskError, NotFound
from cpdesk.store import models as m
from cpdesk.store import outbox
from cpdesk.store.queries import order_by_number, order_detail

from .core import CounterCore, SaleResult


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


class Pickups(CounterCore):
    """Orders collected at the depot's counter."""

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
