"""The order open at the packing station, held in memory between actions, and what the
packing screen shows of it (`OrderState`): the packing service's projection.

`load` reads an order once (its lines with products, this depot's pack events, crates and
supervisor acceptances, its round, its open central changes); the service then appends the
events it writes and changes the crates it closes, so the next scan needs no re-read. The
rows kept are SQLAlchemy objects detached from their session (`expire_on_commit=False`):
plain values from then on, re-attached only to be updated (a crate closed or reopened).
`order_state` folds the events with the domain's rules (cpdesk.domain.pack_state), once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpdesk.domain import model as d
from cpdesk.domain.order_change import OrderDifference, lines_before
from cpdesk.domain.pack_state import order_progress
from cpdesk.domain.packing import LineProgress, effective_facts, items_in_force
from cpdesk.store import convert
from cpdesk.store import models as m
from cpdesk.store import order_changes as conflicts

from .state import ChangedLine, CrateView, ItemView, LineView, OrderChangeView, OrderState

UNDOABLE = frozenset({d.EventKind.PACK, d.EventKind.WEIGH, d.EventKind.REMOVE, d.EventKind.SHORT,
                      d.EventKind.SUBSTITUTE, d.EventKind.CRATE_CLOSE})


@dataclass
class OpenOrder:
    """One order as the packing service holds it: rows, this depot's events and crates."""

    order: m.Order
    lines: list[m.OrderLine]  # the lines this depot packs
    events: list[m.PackEvent]  # this depot's events, oldest first
    crates: list[m.Crate]  # this depot's crates of the order
    accepted: dict[uuid.UUID, set[int]] = field(default_factory=dict)  # line -> weights
    round_code: str = ""
    changes: list[m.OrderChange] = field(default_factory=list)  # open central changes
    facts: list[d.PackFact] = field(default_factory=list)  # `events` as the rules see them
    domain_lines: list[d.OrderLine] = field(default_factory=list)  # `lines`, likewise

    def add_event(self, event: m.PackEvent) -> None:
        self.events.append(event)
        self.facts.append(convert.fact(event))

    def progress(self) -> dict[uuid.UUID, LineProgress]:
        return order_progress(self.domain_lines, self.facts, self.accepted)

    def line(self, line_id: uuid.UUID) -> m.OrderLine | None:
        return next((ln for ln in self.lines if ln.id == line_id), None)

    def last_group(self) -> list[m.PackEvent]:
        """The events of the newest action still in force that undo would reverse."""
        in_force = {f.id for f in effective_facts(self.facts)}
        candidates = [e for e in self.events if e.id in in_force and e.kind in UNDOABLE]
        if not candidates:
            return []
        last_at = candidates[-1].at
        return [e for e in candidates if e.at == last_at]


def load(s: Session, order_id: uuid.UUID, depot_id: uuid.UUID, depot_code: str) -> OpenOrder:
    order = s.scalar(
        select(m.Order).where(m.Order.id == order_id)
        .options(selectinload(m.Order.lines).selectinload(m.OrderLine.product)
                 .selectinload(m.Product.producer),
                 selectinload(m.Order.customer), selectinload(m.Order.stop)))
    if order is None:
        raise KeyError(order_id)
    events = list(s.scalars(
        select(m.PackEvent).where(m.PackEvent.order_id == order_id,
                                  m.PackEvent.depot_id == depot_id)
        .order_by(m.PackEvent.at, m.PackEvent.id)))
    crates = list(s.scalars(
        select(m.Crate).where(m.Crate.order_id == order_id, m.Crate.depot_id == depot_id)
        .order_by(m.Crate.seq)))
    accepted: dict[uuid.UUID, set[int]] = defaultdict(set)
    for line_id, weight_g in s.execute(
            select(m.PackAcceptance.line_id, m.PackAcceptance.weight_g)
            .where(m.PackAcceptance.order_id == order_id,
                   m.PackAcceptance.depot_id == depot_id)):
        accepted[line_id].add(weight_g)
    round_code = ""
    if order.stop is not None:
        round_code = s.scalar(select(m.Round.code).where(m.Round.id == order.stop.round_id)) or ""
    lines = [ln for ln in order.lines if ln.packing_depot_id == depot_id]
    return OpenOrder(order, lines, events, crates, dict(accepted), round_code,
                     conflicts.open_changes(s, order_id),
                     facts=[convert.fact(e) for e in events],
                     domain_lines=[convert.order_line(ln, depot_code) for ln in lines])


def _utc(at: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC time: SQLite hands times back naive (they are UTC),
    an event written by this service holds the aware time it was made with."""
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def order_state(s: Session, o: OpenOrder) -> OrderState:
    """What the packing screen shows of the order now (`s` reads the names of products
    taken off the order centrally, only when there is an open change)."""
    progress = o.progress()
    at = {e.id: _utc(e.at) for e in o.events}
    items = tuple(
        ItemView(f.id, f.line_id, f.crate_id, str(f.kind), f.quantity, f.weight_g, at[f.id])
        for f in items_in_force(o.facts) if f.crate_id is not None and f.line_id is not None)
    per_crate: dict[uuid.UUID, int] = defaultdict(int)
    for item in items:
        per_crate[item.crate_id] += 1
    lines = tuple(
        LineView(id=ln.id, line_no=ln.line_no, product_id=ln.product_id,
                 product=ln.product.name, producer=ln.product.producer.name,
                 zone=ln.product.zone, sale_unit=ln.product.sale_unit,
                 unit_label=ln.product.unit_label, quantity=ln.quantity,
                 unit_price_cents=ln.unit_price_cents,
                 tolerance_pct=ln.product.tolerance_pct, progress=progress[ln.id])
        for ln in o.lines)
    crates = tuple(CrateView(c.id, c.code, c.zone, c.seq, c.status, per_crate[c.id])
                   for c in o.crates)
    group = o.last_group()
    order = o.order
    return OrderState(
        order_id=order.id, number=order.number, customer=order.customer.name,
        customer_kind=order.customer.kind, commune=order.customer.commune,
        delivery_date=order.delivery_date, round_code=o.round_code,
        stop_seq=order.stop.seq if order.stop else 0, status=order.status,
        version=order.version, changed=bool(o.changes),
        lines=lines, crates=crates, items=items,
        last_action=group[-1].kind if group else None,
        total_cents=sum(p.amount_cents for p in progress.values()),
        change=_change_view(s, o, lines, crates, items))


def _change_view(s: Session, o: OpenOrder, lines: tuple[LineView, ...],
                 crates: tuple[CrateView, ...],
                 items: tuple[ItemView, ...]) -> OrderChangeView | None:
    """The open changes merged: each line touched, from before the first change to now."""
    if not o.changes:
        return None
    differences = [OrderDifference.from_json(c.diff, c.kind) for c in o.changes]
    touched = lines_before(differences)
    before = {str(lid): b.quantity for lid, b in touched.items()}
    products = {str(lid): str(b.product_id) for lid, b in touched.items()}
    now = {str(ln.id): ln for ln in lines}
    gone = {uuid.UUID(p) for lid, p in products.items() if lid not in now}
    names = dict(s.execute(select(m.Product.id, m.Product.name)
                           .where(m.Product.id.in_(gone))).tuples().all()) if gone else {}
    code = {c.id: c.code for c in crates}
    added: list[ChangedLine] = []
    removed: list[ChangedLine] = []
    increased: list[ChangedLine] = []
    for lid, old in before.items():
        view = now.get(lid)
        mine = [i for i in items if str(i.line_id) == lid]
        packed = sum(i.weight_g if i.weight_g is not None else i.quantity for i in mine)
        in_crates = tuple(sorted({code[i.crate_id] for i in mine if i.crate_id in code}))
        quantity = view.quantity if view is not None else Decimal(0)
        line = ChangedLine(
            line_id=uuid.UUID(lid),
            product=view.product if view is not None else names.get(
                uuid.UUID(products[lid]), "?"),
            sale_unit=view.sale_unit if view is not None else "unit",
            quantity=quantity, old_quantity=old, packed=packed, in_crates=in_crates)
        if old is None:
            (added if quantity > 0 else removed).append(line)
        elif quantity < old:
            removed.append(line)
        else:
            increased.append(line)
    cancelled = any(diff.cancelled for diff in differences)
    return OrderChangeView(
        change_ids=tuple(c.id for c in o.changes), cancelled=cancelled,
        added=tuple(added), removed=tuple(removed), increased=tuple(increased),
        crates_to_empty=tuple(c.code for c in crates if c.items) if cancelled else ())
