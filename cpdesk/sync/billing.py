"""What was delivered, out of the centre: billing lines, producer statements, changed orders.

Every amount comes from the same fold as `central order-totals` and the delivery note
(`cpdesk.domain.packing.line_progress` over all depots' pack events): a weighed line at its
actual weight, a shortage at 0, so an order's total here is the total the customer sees on
the delivery note, to the cent. VAT per line is extracted from the line's VAT-included
amount; the order's VAT per rate (`vat`) is extracted once per rate, as on the note.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpdesk.domain.model import EventKind, OrderStatus, SaleUnit
from cpdesk.domain.money import (
    unit_amount_cents,
    vat_breakdown,
    vat_included_in,
    weighed_amount_cents,
)
from cpdesk.domain.packing import LineState, effective_facts, line_progress, order_is_packed
from cpdesk.store import convert
from cpdesk.store import models as m


@dataclass(frozen=True)
class BillingLine:
    line_no: int
    sku: str
    product: str
    producer_ref: str
    producer: str
    sale_unit: str  # unit | kg
    ordered_quantity: Decimal  # pieces, or kg
    ordered_amount_cents: int
    delivered_units: int
    delivered_weight_g: int | None  # goods sold per kg
    unit_price_cents: int  # the price the customer was shown, per piece or per kg
    amount_cents: int  # as delivered, VAT included
    vat_pct: int
    vat_cents: int  # contained in amount_cents
    state: str  # packed | short | substituted | partial | out_of_tolerance | to_pack
    reason: str  # why short or substituted ("" otherwise)
    substitute_sku: str
    weight_source: str  # scale | barcode | manual (several joined by "+"), "" if not weighed
    weighed_by_supervisor: str  # who typed a manual weight
    packing_depot: str
    crates: list[str]


@dataclass(frozen=True)
class BillingOrder:
    number: str
    delivery_date: dt.date
    customer_ref: str
    customer: str
    customer_kind: str
    customer_vat_number: str
    status: str
    packed: bool  # every line resolved
    ordered_total_cents: int
    total_cents: int  # equals `central order-totals` and the delivery note
    vat: list[dict[str, int]]  # per rate: rate_pct, base_cents, vat_cents, total_cents
    crates: list[str]
    lines: list[BillingLine] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["delivery_date"] = self.delivery_date.isoformat()
        for ln in d["lines"]:
            ln["ordered_quantity"] = str(ln["ordered_quantity"])
        return d


def ordered_amount(line: m.OrderLine) -> int:
    return unit_amount_cents(line.unit_price_cents, line.quantity)


def billing_orders(session: Session, *, date_from: dt.date | None = None,
                   date_to: dt.date | None = None,
                   numbers: list[str] | None = None) -> list[BillingOrder]:
    """The orders delivered between two dates (or by number), cancelled ones left out, with
    every line as ordered and as delivered."""
    q = (select(m.Order).where(m.Order.status != OrderStatus.CANCELLED)
         .options(selectinload(m.Order.customer),
                  selectinload(m.Order.lines).selectinload(m.OrderLine.product)
                  .selectinload(m.Product.producer),
                  selectinload(m.Order.lines).selectinload(m.OrderLine.packing_depot))
         .order_by(m.Order.delivery_date, m.Order.number))
    if date_from is not None:
        q = q.where(m.Order.delivery_date >= date_from)
    if date_to is not None:
        q = q.where(m.Order.delivery_date <= date_to)
    if numbers is not None:
        q = q.where(m.Order.number.in_(numbers))
    orders = session.scalars(q).all()
    ids = [o.id for o in orders]
    events: dict[uuid.UUID, list[m.PackEvent]] = defaultdict(list)
    crates: dict[uuid.UUID, m.Crate] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for e in session.scalars(select(m.PackEvent).where(m.PackEvent.order_id.in_(chunk))
                                 .order_by(m.PackEvent.at, m.PackEvent.id)):
            events[e.order_id].append(e)
        for c in session.scalars(select(m.Crate).where(m.Crate.order_id.in_(chunk))):
            crates[c.id] = c
    subs = {e.substitute_product_id for es in events.values() for e in es
            if e.substitute_product_id}
    sub_skus = dict(session.execute(select(m.Product.id, m.Product.sku)
                                    .where(m.Product.id.in_(list(subs)))).all()) if subs else {}
    sups = {e.supervisor_id for es in events.values() for e in es if e.supervisor_id}
    sup_names = dict(session.execute(select(m.Staff.id, m.Staff.name)
                                     .where(m.Staff.id.in_(list(sups)))).all()) if sups else {}
    return [_order(o, events.get(o.id, []), crates, sub_skus, sup_names) for o in orders]


def _order(o: m.Order, events: list[m.PackEvent], crates: dict[uuid.UUID, m.Crate],
           sub_skus: dict[uuid.UUID, str], sup_names: dict[uuid.UUID, str]) -> BillingOrder:
    facts = [convert.fact(e) for e in events]
    by_id = {e.id: e for e in events}
    in_force = effective_facts(facts)
    removed = {f.target_id for f in in_force if f.kind is EventKind.REMOVE}
    lines = []
    progress = []
    for ln in o.lines:
        p = line_progress(convert.order_line(ln, ln.packing_depot.code), facts)
        progress.append(p)
        mine = [by_id[f.id] for f in in_force if f.line_id == ln.id and f.id not in removed]
        weighed = [e for e in mine if e.kind == EventKind.WEIGH]
        sub = next((e for e in reversed(mine) if e.kind == EventKind.SUBSTITUTE), None)
        kg = ln.product.sale_unit == SaleUnit.KG
        lines.append(BillingLine(
            line_no=ln.line_no, sku=ln.product.sku, product=ln.product.name,
            producer_ref=ln.product.producer.ref or "", producer=ln.product.producer.name,
            sale_unit=ln.product.sale_unit, ordered_quantity=ln.quantity,
            ordered_amount_cents=ordered_amount(ln), delivered_units=p.packed_units,
            delivered_weight_g=p.packed_weight_g if kg else None,
            unit_price_cents=ln.unit_price_cents, amount_cents=p.amount_cents,
            vat_pct=ln.product.vat_pct, vat_cents=vat_included_in(p.amount_cents,
                                                                  ln.product.vat_pct),
            state=str(p.state),
            reason=(p.reason or "") if p.state in (LineState.SHORT, LineState.SUBSTITUTED) else "",
            substitute_sku=sub_skus.get(sub.substitute_product_id, "")
            if sub and sub.substitute_product_id else "",
            weight_source="+".join(sorted({e.weight_source or "scale" for e in weighed})),
            weighed_by_supervisor=", ".join(sorted({sup_names.get(e.supervisor_id, "")
                                                    for e in weighed
                                                    if e.weight_source == "manual"
                                                    and e.supervisor_id})),
            packing_depot=ln.packing_depot.code,
            crates=sorted({crates[e.crate_id].code for e in mine
                           if e.crate_id and e.crate_id in crates}),
        ))
    total = sum(ln.amount_cents for ln in lines)
    return BillingOrder(
        number=o.number, delivery_date=o.delivery_date, customer_ref=o.customer.ref or "",
        customer=o.customer.name, customer_kind=o.customer.kind,
        customer_vat_number=o.customer.vat_number, status=o.status,
        packed=order_is_packed(progress),
        ordered_total_cents=sum(ln.ordered_amount_cents for ln in lines), total_cents=total,
        vat=[asdict(v) for v in vat_breakdown((ln.vat_pct, ln.amount_cents) for ln in lines)],
        crates=sorted(c.code for c in crates.values() if c.order_id == o.id),
        lines=lines)


# -- CSV of billing lines -----------------------------------------------------------------------

BILLING_COLUMNS = (
    "order", "delivery_date", "customer_ref", "customer", "customer_kind", "line_no", "sku",
    "product", "producer_ref", "sale_unit", "ordered_quantity", "ordered_amount",
    "delivered_units", "delivered_weight_kg", "unit_price", "amount", "vat_pct", "vat",
    "state", "reason", "substitute_sku", "weight_source", "weighed_by_supervisor",
    "packing_depot", "crates", "order_total")


def euros(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def kilos(grams: int | None) -> str:
    return "" if grams is None else f"{grams // 1000}.{grams % 1000:03d}"


def billing_rows(orders: list[BillingOrder]) -> list[list[str]]:
    rows = []
    for o in orders:
        for ln in o.lines:
            rows.append([
                o.number, o.delivery_date.isoformat(), o.customer_ref, o.customer,
                o.customer_kind, str(ln.line_no), ln.sku, ln.product, ln.producer_ref,
                ln.sale_unit, str(ln.ordered_quantity), euros(ln.ordered_amount_cents),
                str(ln.delivered_units), kilos(ln.delivered_weight_g),
                euros(ln.unit_price_cents), euros(ln.amount_cents), str(ln.vat_pct),
                euros(ln.vat_cents), ln.state, ln.reason, ln.substitute_sku, ln.weight_source,
                ln.weighed_by_supervisor, ln.packing_depot, " ".join(ln.crates),
                euros(o.total_cents)])
    return rows


# -- changed orders -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ChangedOrder:
    number: str
    customer_ref: str
    customer: str
    ordered_total_cents: int
    total_cents: int
    difference_cents: int
    reasons: list[str]


def changed_orders(session: Session, day: dt.date, *, threshold_pct: Decimal = Decimal(5),
                   threshold_cents: int = 0) -> list[ChangedOrder]:
    """Packed orders of `day` whose delivered total differs from the ordered total by more
    than `threshold_pct` percent of the ordered total and more than `threshold_cents`."""
    out = []
    for o in billing_orders(session, date_from=day, date_to=day):
        if not o.packed:
            continue
        diff = o.total_cents - o.ordered_total_cents
        if abs(diff) <= threshold_cents or \
                abs(diff) * 100 <= threshold_pct * o.ordered_total_cents:
            continue
        out.append(ChangedOrder(o.number, o.customer_ref, o.customer, o.ordered_total_cents,
                                o.total_cents, diff, [r for ln in o.lines
                                                      if (r := line_reason(ln))]))
    return out


def line_reason(ln: BillingLine) -> str:
    """Why a delivered line differs from the order, in words (English; codes for reasons)."""
    if ln.state == "short":
        return f"{ln.sku}: short ({ln.reason or 'no reason'})"
    if ln.state == "substituted":
        return (f"{ln.sku}: substituted by {ln.substitute_sku or '?'} "
                f"({ln.reason or 'no reason'})")
    if ln.amount_cents == ln.ordered_amount_cents:
        return ""
    if ln.delivered_weight_g is not None:
        return (f"{ln.sku}: weighed {kilos(ln.delivered_weight_g)} kg for "
                f"{ln.ordered_quantity} kg ordered")
    return f"{ln.sku}: {ln.delivered_units} delivered for {ln.ordered_quantity} ordered"


# -- producer statement -------------------------------------------------------------------------

@dataclass(frozen=True)
class StatementItem:
    sku: str
    product: str
    sale_unit: str
    unit_label: str
    producer_price_cents: int | None
    lines: int  # order lines of the product in the week
    delivered_units: int
    delivered_weight_g: int | None
    sales_cents: int  # what the customers paid (VAT incl.): the billing export's amounts
    producer_cents: int | None  # at the producer's price (None when no price is known)
    short_lines: int
    short_reasons: list[str]


@dataclass(frozen=True)
class ProducerStatement:
    producer_ref: str
    producer: str
    coop: str
    commune: str
    language: str
    week: str
    first_day: dt.date
    last_day: dt.date
    items: list[StatementItem]

    @property
    def sales_cents(self) -> int:
        return sum(i.sales_cents for i in self.items)

    @property
    def producer_cents(self) -> int:
        return sum(i.producer_cents or 0 for i in self.items)


def iso_week(text: str) -> tuple[dt.date, dt.date]:
    """'2026-W49' -> (Monday, Sunday) of that ISO week."""
    try:
        year, week = text.split("-W")
        monday = dt.date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO week YYYY-Www") from None
    return monday, monday + dt.timedelta(days=6)


def producer_statements(session: Session, week: str, *,
                        producer_ref: str | None = None) -> list[ProducerStatement]:
    """Per producer, what went to customers in the ISO week: quantities, weights, amounts
    paid by the customers (summing to the billing export of the week) and at the producer's
    price, and the lines short or substituted with their reasons."""
    first, last = iso_week(week)
    products = {p.sku: p for p in session.scalars(select(m.Product).options(
        selectinload(m.Product.producer)))}
    coops = {c.id: c.name for c in session.scalars(select(m.Coop))}
    per: dict[str, dict[str, list[BillingLine]]] = defaultdict(lambda: defaultdict(list))
    producers: dict[str, m.Producer] = {}
    for o in billing_orders(session, date_from=first, date_to=last):
        for ln in o.lines:
            prod = products[ln.sku].producer
            key = prod.ref or str(prod.id)
            producers[key] = prod
            per[key][ln.sku].append(ln)
    if producer_ref is not None:
        known = session.scalar(select(m.Producer.id).where(m.Producer.ref == producer_ref))
        if known is None:
            raise LookupError(f"no producer {producer_ref!r}")
        per = defaultdict(lambda: defaultdict(list), {
            k: v for k, v in per.items() if k == producer_ref})
        if producer_ref not in producers:
            producers[producer_ref] = session.get_one(m.Producer, known)
            per[producer_ref] = defaultdict(list)
    out = []
    for key in sorted(per, key=lambda k: (producers[k].name, k)):
        prod = producers[key]
        items = []
        for sku, lines in sorted(per[key].items()):
            p = products[sku]
            kg = p.sale_unit == SaleUnit.KG
            units = sum(ln.delivered_units for ln in lines)
            grams = sum(ln.delivered_weight_g or 0 for ln in lines) if kg else None
            price = p.producer_price_cents
            paid = None
            if price is not None:
                paid = (sum(weighed_amount_cents(price, ln.delivered_weight_g or 0)
                            for ln in lines) if kg
                        else sum(unit_amount_cents(price, ln.delivered_units) for ln in lines))
            short = [ln for ln in lines if ln.state in ("short", "substituted")]
            items.append(StatementItem(
                sku=sku, product=p.name, sale_unit=p.sale_unit, unit_label=p.unit_label,
                producer_price_cents=price, lines=len(lines), delivered_units=units,
                delivered_weight_g=grams, sales_cents=sum(ln.amount_cents for ln in lines),
                producer_cents=paid, short_lines=len(short),
                short_reasons=sorted({ln.reason for ln in short if ln.reason})))
        out.append(ProducerStatement(
            producer_ref=prod.ref or "", producer=prod.name, coop=coops.get(prod.coop_id, ""),
            commune=prod.commune, language=prod.language, week=week, first_day=first,
            last_day=last, items=items))
    return out


STATEMENT_COLUMNS = ("week", "producer_ref", "producer", "sku", "product", "sale_unit",
                     "order_lines", "delivered_units", "delivered_weight_kg", "sales",
                     "producer_price", "producer_amount", "short_lines", "short_reasons")


def statement_rows(statements: list[ProducerStatement]) -> list[list[str]]:
    rows = []
    for st in statements:
        for i in st.items:
            rows.append([
                st.week, st.producer_ref, st.producer, i.sku, i.product, i.sale_unit,
                str(i.lines), str(i.delivered_units), kilos(i.delivered_weight_g),
                euros(i.sales_cents),
                "" if i.producer_price_cents is None else euros(i.producer_price_cents),
                "" if i.producer_cents is None else euros(i.producer_cents),
                str(i.short_lines), " ".join(i.short_reasons)])
    return rows
