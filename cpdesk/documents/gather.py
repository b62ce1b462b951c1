"""Read the store into the documents' plain data (the only module here touching the database).

Each function runs a handful of queries (no N+1) and returns a dataclass of `data.py`;
renderers never see a session. `lang=None` means the depot's own language.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpdesk.domain.model import CrateStatus, OrderStatus, SaleUnit
from cpdesk.domain.money import vat_breakdown
from cpdesk.domain.pack_state import order_progress
from cpdesk.domain.packing import (
    LineState,
    items_in_force,
    line_progress,
    manual_weight_lines,
    order_is_packed,
)
from cpdesk.errors import NotFound
from cpdesk.store import convert, queries
from cpdesk.store import models as m
from cpdesk.store.db import get_meta

from .data import (
    ELSEWHERE,
    ZONES,
    CrateRef,
    DeliveryNoteData,
    Issuer,
    LabelData,
    ManifestData,
    ManifestStop,
    NoteLine,
    PickItem,
    PickListData,
    ReceiptData,
    ReceiptLine,
    ReceiptPayment,
)
from .i18n import check_language, tr

_RECEIPT_CODE = re.compile(r"^(?P<register>.+)-(?P<no>\d{1,9})$")


def _as_uuid(ref: str | uuid.UUID) -> uuid.UUID | None:
    if isinstance(ref, uuid.UUID):
        return ref
    try:
        return uuid.UUID(ref.strip())
    except ValueError:
        return None


def _lang(lang: str | None, depot: m.Depot | None) -> str:
    return check_language(lang or (depot.language if depot else "fr"))


def issuer(depot: m.Depot) -> Issuer:
    return Issuer(coop=depot.coop.name, depot=depot.name, depot_code=depot.code,
                  address=depot.address, vat_number=depot.coop.vat_number)


def crate_by_ref(session: Session, ref: str | uuid.UUID) -> m.Crate:
    """A crate by its UUID or its printed code (CR...)."""
    uid = _as_uuid(ref)
    crate = (session.get(m.Crate, uid) if uid else
             session.scalar(select(m.Crate).where(m.Crate.code == str(ref).strip().upper())))
    if crate is None:
        raise NotFound(f"no crate {str(ref)!r}")
    return crate


def round_by_ref(session: Session, ref: str | uuid.UUID) -> m.Round:
    """A round by its UUID or its code (HES-20261128-A)."""
    uid = _as_uuid(ref)
    row = (session.get(m.Round, uid) if uid else
           session.scalar(select(m.Round).where(m.Round.code == str(ref).strip().upper())))
    if row is None:
        raise NotFound(f"no round {str(ref)!r}")
    return row


def round_letter(code: str) -> str:
    return code.rsplit("-", 1)[-1] if code else ""


# -- crate label ----------------------------------------------------------------------------

def label_data(session: Session, crate_ref: str | uuid.UUID, *,
               lang: str | None = None) -> LabelData:
    crate = crate_by_ref(session, crate_ref)
    order = session.scalar(select(m.Order).where(m.Order.id == crate.order_id)
                           .options(selectinload(m.Order.customer), selectinload(m.Order.stop)))
    assert order is not None  # foreign key
    round_row = session.get(m.Round, order.stop.round_id) if order.stop else None
    counts: dict[uuid.UUID, int] = defaultdict(int)
    crates = session.scalars(select(m.Crate).where(m.Crate.order_id == order.id)).all()
    for c in crates:
        counts[c.depot_id] += 1
    # n/N of this crate's depot leave out its open crates holding no item (opened, never
    # used: never printed); its store holds those facts. Other depots: all their crates.
    events = session.scalars(select(m.PackEvent).where(
        m.PackEvent.order_id == order.id, m.PackEvent.depot_id == crate.depot_id)
        .order_by(m.PackEvent.at, m.PackEvent.id)).all()
    full = {f.crate_id for f in items_in_force(convert.fact(e) for e in events)}
    mine = sorted((c for c in crates if c.depot_id == crate.depot_id
                   and (c.id in full or c.status != CrateStatus.OPEN or c.id == crate.id)),
                  key=lambda c: c.seq)
    depots = {d.id: d for d in session.scalars(select(m.Depot).options(selectinload(m.Depot.coop)))}
    depot = depots[crate.depot_id]
    others = tuple(sorted((depots[d].code, n) for d, n in counts.items() if d != crate.depot_id))
    # N is known only once this depot's part of the order is packed and none of its crates
    # is still being filled: a crate closed earlier (F7) gets "n/?", then n/N when it is.
    still_filling = any(c.status == CrateStatus.OPEN and c.id in full for c in mine)
    final = not still_filling and _packed_here(session, order.id, crate.depot_id, events)
    return LabelData(
        crate_code=crate.code, round_code=round_row.code if round_row else "",
        round_letter=round_letter(round_row.code) if round_row else "",
        stop_seq=order.stop.seq if order.stop else 0, customer=order.customer.name,
        postcode=order.customer.postcode, commune=order.customer.commune,
        order_number=order.number, crate_seq=mine.index(crate) + 1, crate_count=len(mine),
        depot_code=depot.code, other_depots=others, zone=crate.zone,
        delivery_date=order.delivery_date, coop=depot.coop.name, lang=_lang(lang, depot),
        count_final=final,
    )


def _packed_here(session: Session, order_id: uuid.UUID, depot_id: uuid.UUID,
                 events: Sequence[m.PackEvent]) -> bool:
    """Every line the depot packs for the order is resolved (a weight outside tolerance
    counts once a supervisor accepted it), as the packing station decides it."""
    lines = session.scalars(select(m.OrderLine).where(
        m.OrderLine.order_id == order_id, m.OrderLine.packing_depot_id == depot_id)
        .options(selectinload(m.OrderLine.product))).all()
    accepted: dict[uuid.UUID, set[int]] = defaultdict(set)
    for line_id, weight_g in session.execute(
            select(m.PackAcceptance.line_id, m.PackAcceptance.weight_g)
            .where(m.PackAcceptance.order_id == order_id)):
        accepted[line_id].add(weight_g)
    progress = order_progress([convert.order_line(ln, "") for ln in lines],
                              [convert.fact(e) for e in events], accepted)
    return order_is_packed(list(progress.values()))


def crates_of_order(session: Session, order_number: str,
                    depot_code: str | None = None) -> list[str]:
    """Codes of an order's crates (one depot's, or all), in depot and sequence order."""
    order = queries.order_by_number(session, order_number)
    q = select(m.Crate).where(m.Crate.order_id == order.id).options(selectinload(m.Crate.depot))
    crates = sorted(session.scalars(q), key=lambda c: (c.depot.code, c.seq))
    return [c.code for c in crates if depot_code is None or c.depot.code == depot_code.upper()]


# -- delivery note --------------------------------------------------------------------------

def _store_depot(session: Session) -> str | None:
    """The depot whose local store this is, or None for the central database."""
    return get_meta(session, "depot") if get_meta(session, "role") == "depot" else None


def delivery_note_data(session: Session, order_number: str, *,
                       lang: str | None = None) -> DeliveryNoteData:
    order = queries.order_by_number(session, order_number)
    events = session.scalars(select(m.PackEvent).where(m.PackEvent.order_id == order.id)
                             .order_by(m.PackEvent.at, m.PackEvent.id)).all()
    facts = [convert.fact(e) for e in events]
    subs = {e.line_id: e.substitute_product_id for e in events
            if e.kind == "substitute" and e.substitute_product_id}
    sub_names = ({p.id: p.name for p in session.scalars(
        select(m.Product).where(m.Product.id.in_(list(subs.values()))))} if subs else {})
    crates = session.scalars(select(m.Crate).where(m.Crate.order_id == order.id)
                             .options(selectinload(m.Crate.depot))).all()
    round_row = (session.scalar(select(m.Round).where(m.Round.id == order.stop.round_id)
                                .options(selectinload(m.Round.depot).selectinload(m.Depot.coop)))
                 if order.stop else None)
    here = _store_depot(session)
    depots_with_facts = {e.depot_id for e in events}
    manual = manual_weight_lines(facts)
    lines = []
    for ln in order.lines:
        p = line_progress(convert.order_line(ln, ln.packing_depot.code), facts)
        state = str(p.state)
        if (p.state is LineState.TO_PACK and here and ln.packing_depot.code != here
                and ln.packing_depot_id not in depots_with_facts):
            state = ELSEWHERE
        weighed = ln.product.sale_unit == SaleUnit.KG
        lines.append(NoteLine(
            line_no=ln.line_no, product=ln.product.name, producer=ln.product.producer.name,
            sku=ln.product.sku, sale_unit=ln.product.sale_unit, unit_label=ln.product.unit_label,
            quantity=ln.quantity, unit_price_cents=ln.unit_price_cents,
            packed_units=p.packed_units, packed_weight_g=p.packed_weight_g if weighed else None,
            amount_cents=p.amount_cents, vat_pct=ln.product.vat_pct, state=state,
            reason=p.reason, substitute=sub_names.get(subs[ln.id]) if ln.id in subs else None,
            packing_depot=ln.packing_depot.code, manual_weight=ln.id in manual,
        ))
    depot = round_row.depot if round_row else _first_depot(session, order)
    customer = order.customer
    return DeliveryNoteData(
        issuer=issuer(depot), order_number=order.number, delivery_date=order.delivery_date,
        customer=customer.name, address=customer.address, postcode=customer.postcode,
        commune=customer.commune, phone=customer.phone,
        round_code=round_row.code if round_row else "",
        stop_seq=order.stop.seq if order.stop else 0,
        lines=lines, vat=vat_breakdown((ln.vat_pct, ln.amount_cents) for ln in lines),
        total_cents=sum(ln.amount_cents for ln in lines),
        crates=[CrateRef(c.code, c.zone, c.depot.code, c.seq)
                for c in sorted(crates, key=lambda c: (c.depot.code, c.seq))],
        notes=order.notes, lang=_lang(lang, depot),
    )


def _first_depot(session: Session, order: m.Order) -> m.Depot:
    depot_id = order.lines[0].packing_depot_id if order.lines else None
    depot = session.scalar(select(m.Depot).where(m.Depot.id == depot_id)
                           .options(selectinload(m.Depot.coop))) if depot_id else None
    if depot is None:
        depot = session.scalar(select(m.Depot).options(selectinload(m.Depot.coop)).limit(1))
    if depot is None:
        raise NotFound("no depot in this database")
    return depot


# -- van manifest ---------------------------------------------------------------------------

def manifest_data(session: Session, round_ref: str | uuid.UUID, *,
                  lang: str | None = None) -> ManifestData:
    found = round_by_ref(session, round_ref)
    r = session.scalar(select(m.Round).where(m.Round.id == found.id).options(
        selectinload(m.Round.stops).selectinload(m.Stop.customer),
        selectinload(m.Round.van), selectinload(m.Round.depot).selectinload(m.Depot.coop)))
    assert r is not None
    stop_ids = [s.id for s in r.stops]
    orders: dict[uuid.UUID, list[m.Order]] = defaultdict(list)
    crates: dict[uuid.UUID, list[m.Crate]] = defaultdict(list)
    if stop_ids:
        order_rows = session.scalars(select(m.Order).where(m.Order.stop_id.in_(stop_ids))
                                     .order_by(m.Order.number)).all()
        by_id = {o.id: o for o in order_rows}
        for o in order_rows:
            if o.status != OrderStatus.CANCELLED:
                assert o.stop_id is not None
                orders[o.stop_id].append(o)
        depot_codes = {d.id: d.code for d in session.scalars(select(m.Depot))}
        for chunk in queries.chunks(list(by_id)):
            for c in session.scalars(select(m.Crate).where(m.Crate.order_id.in_(chunk))):
                stop_id = by_id[c.order_id].stop_id
                assert stop_id is not None
                crates[stop_id].append(c)
    # Once the round has left, the manifest shows what was scanned onto the van
    # and, apart, the crates that stayed behind.
    departed = r.status == "departed"
    on_van = ("loaded", "delivered")
    stops = []
    for s in r.stops:
        cs = sorted(crates[s.id],
                    key=lambda c: (ZONES.index(c.zone), depot_codes[c.depot_id], c.seq))
        refs = [(c, CrateRef(c.code, c.zone, depot_codes[c.depot_id], c.seq)) for c in cs]
        cust = s.customer
        stops.append(ManifestStop(
            seq=s.seq, eta=s.eta, customer=cust.name, address=cust.address,
            postcode=cust.postcode, commune=cust.commune, phone=cust.phone, notes=cust.notes,
            order_numbers=[o.number for o in orders[s.id]],
            crates=[ref for c, ref in refs if not departed or c.status in on_van],
            left_behind=[ref for c, ref in refs if departed and c.status not in on_van],
        ))
    return ManifestData(issuer=issuer(r.depot), round_code=r.code, date=r.date, van=r.van.name,
                        plate=r.van.plate, driver=r.driver_name, departure=r.departure,
                        stops=stops, lang=_lang(lang, r.depot), departed=departed)


# -- pick list ------------------------------------------------------------------------------

def picklist_data(session: Session, day: dt.date, *, depot_code: str | None = None,
                  round_ref: str | None = None, lang: str | None = None) -> PickListData:
    """What a depot gathers for a day (or one round): its lines summed per product."""
    round_row = round_by_ref(session, round_ref) if round_ref else None
    if round_row is not None and round_row.date != day:
        raise NotFound(f"round {round_row.code} is on {round_row.date}, not {day}")
    code = depot_code or _store_depot(session)
    if code is None and round_row is not None:
        code = session.get(m.Depot, round_row.depot_id).code  # type: ignore[union-attr]
    if code is None:
        raise NotFound("say which depot's pick list (--depot CODE) or give --round")
    depot = session.scalar(select(m.Depot).where(m.Depot.code == code.upper())
                           .options(selectinload(m.Depot.coop)))
    if depot is None:
        raise NotFound(f"unknown depot {code!r}")
    q = (select(m.OrderLine, m.Order.id)
         .join(m.Order, m.OrderLine.order_id == m.Order.id)
         .where(m.Order.delivery_date == day, m.Order.status != OrderStatus.CANCELLED,
                m.OrderLine.packing_depot_id == depot.id,
                m.OrderLine.quantity > 0)  # a line taken off the order stays at 0: not picked
         .options(selectinload(m.OrderLine.product).selectinload(m.Product.producer)))
    if round_row is not None:
        q = q.join(m.Stop, m.Order.stop_id == m.Stop.id).where(m.Stop.round_id == round_row.id)
    totals: dict[uuid.UUID, Decimal] = defaultdict(Decimal)
    order_sets: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    products: dict[uuid.UUID, m.Product] = {}
    for line, order_id in session.execute(q):
        totals[line.product_id] += line.quantity
        order_sets[line.product_id].add(order_id)
        products[line.product_id] = line.product
    items = [PickItem(sku=p.sku, product=p.name, producer=p.producer.name, category=p.category,
                      zone=p.zone, sale_unit=p.sale_unit, unit_label=p.unit_label,
                      quantity=totals[pid], orders=len(order_sets[pid]))
             for pid, p in products.items()]
    items.sort(key=lambda i: (ZONES.index(i.zone), i.category, i.product, i.sku))
    return PickListData(issuer=issuer(depot), date=day,
                        round_codes=[round_row.code] if round_row else [], items=items,
                        lang=_lang(lang, depot))


# -- receipt --------------------------------------------------------------------------------

def sale_by_ref(session: Session, ref: str | uuid.UUID) -> m.Sale:
    """A sale by its UUID or its receipt code (register-number, e.g. HES-1-000123)."""
    uid = _as_uuid(ref)
    if uid is not None:
        sale = session.get(m.Sale, uid)
    else:
        match = _RECEIPT_CODE.match(str(ref).strip().upper())
        sale = session.scalar(select(m.Sale).where(
            m.Sale.register == match["register"], m.Sale.receipt_no == int(match["no"]))
        ) if match else None
    if sale is None:
        raise NotFound(f"no sale {str(ref)!r}")
    return sale


def receipt_data(session: Session, sale_id: str | uuid.UUID, *,
                 lang: str | None = None) -> ReceiptData:
    """The receipt of a counter sale (by id or receipt code), ready for `render_receipt`."""
    sale = sale_by_ref(session, sale_id)
    depot = session.scalar(select(m.Depot).where(m.Depot.id == sale.depot_id)
                           .options(selectinload(m.Depot.coop)))
    assert depot is not None
    staff = session.get(m.Staff, sale.staff_id)
    lines = [ReceiptLine(description=ln.description, quantity=ln.quantity, weight_g=ln.weight_g,
                         unit_price_cents=ln.unit_price_cents, amount_cents=ln.amount_cents,
                         vat_pct=ln.vat_pct, discount_cents=ln.discount_cents)
             for ln in sale.lines]
    payments = [ReceiptPayment(p.method, p.amount_cents, p.tendered_cents, p.reference)
                for p in sorted(sale.payments, key=_payment_order)]
    refund_of = session.get(m.Sale, sale.refund_of_id) if sale.refund_of_id else None
    pickup = session.scalar(select(m.Pickup).where(m.Pickup.sale_id == sale.id))
    order = session.get(m.Order, pickup.order_id) if pickup is not None else None
    lang = _lang(lang, depot)
    return ReceiptData(
        issuer=issuer(depot), register=sale.register, receipt_no=sale.receipt_no, at=sale.at,
        staff=staff.name if staff else "", lines=lines, total_cents=sale.total_cents,
        # Sale lines are stored net of every discount (the cart's too, shared out by
        # cpdesk.domain.cart): their VAT-included amounts add up to the sale's total.
        vat=vat_breakdown((ln.vat_pct, ln.amount_cents) for ln in lines), payments=payments,
        discount_cents=sale.discount_cents, refund=sale.kind == "refund", lang=lang,
        refund_of=refund_of.receipt_no if refund_of else None,
        note=f"{tr(lang, 'pickup_of')} {order.number}" if order else "",
    )


def _payment_order(p: m.SalePayment) -> tuple[int, str]:
    order = {"voucher": 0, "card": 1, "cash": 2, "rounding": 3}
    return order.get(p.method, 9), p.method
