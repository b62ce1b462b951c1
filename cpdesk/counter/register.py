"""The register: its session (a counted float to open, cash in and out), the X report
at any time and the Z report that closes it with the counted cash."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cpdesk import clock
from cpdesk.domain.cart import PayMethod
from cpdesk.domain.money import vat_breakdown
from cpdesk.errors import CpdeskError, NotFound
from cpdesk.store import models as m
from cpdesk.store import outbox

from .core import CounterCore


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


class Register(CounterCore):
    """Opening, counting and closing the register."""

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
            row = (s.get(m.RegisterSession, session_id) if session_id
                   else self._require_open_session(s))
            if row is None:
                raise NotFound(code="counter.no_session", session=str(session_id))
            return self._report(s, row)

    def _report(self, s: Session, row: m.RegisterSession) -> Report:
        last = row.last_receipt_no if row.closed_at else self.last_receipt_no(s)
        shown_last = last if last is not None and last >= row.first_receipt_no else None
        rep = Report(kind="Z" if row.closed_at else "X", depot=self.depot_code,
                     register=row.register, z_no=row.z_no, opened_at=row.opened_at,
                     closed_at=row.closed_at, float_cents=row.float_cents,
                     first_receipt_no=row.first_receipt_no,
                     last_receipt_no=shown_last,
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
                self._audit(s, m.AuditLog(
                    depot_id=self.depot_id, staff_id=staff_id, action="cash_difference",
                    detail={"session_id": str(row.id), "z_no": row.z_no,
                            "difference_cents": rep.difference_cents}))
            return rep


def report_lines(rep: Report, lang: str = "fr") -> list[str]:
    """The X/Z report as text lines (printed, saved, shown) in `lang` (fr, nl, de, en)."""
    from cpdesk.documents.i18n import colon, tr
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
             f"{t('sales_count')}{colon(lang)}{rep.sales_count}   "
             f"{t('refunds_count')}{colon(lang)}{rep.refunds_count}",
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
