"""What every part of the counter shares: the depot and register, one transaction per
action, the audit trail, receipt numbers and the open register session.

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

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from cpdesk.domain.cart import Checkout
from cpdesk.domain.model import Role
from cpdesk.errors import CpdeskError
from cpdesk.store import models as m
from cpdesk.store import outbox
from cpdesk.store.barcode_lookup import depot_layout
from cpdesk.store.db import transaction
from cpdesk.store.queries import depot_by_code, staff_with_pin


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


class CounterCore:
    """What sales, the register and pick-ups share (see `CounterService`)."""

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

    def _add_payments(self, s: Session, sale: m.Sale, checkout: Checkout) -> None:
        for pay in checkout.payments:
            s.add(m.SalePayment(sale_id=sale.id, method=str(pay.method),
                                amount_cents=pay.amount_cents, tendered_cents=pay.tendered_cents,
                                reference=pay.reference))

    def _record_sale(self, s: Session, sale: m.Sale) -> None:
        """The sale's outbox row, with its lines and payments: the centre gets it whole."""
        outbox.record(s, "sale", sale)  # the "sale" topic carries "lines" and "payments"

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
