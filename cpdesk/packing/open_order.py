"""The order open at the packing station, held in memory between actions, and what the
packing screen shows of it (`OrderState`): the packing service's projection.

`load` reads an order once (its lines with products, the barcodes of those products, this
depot's pack events, crates and supervisor acceptances, its round, its open central
changes); the service then appends the events it writes and changes the crates it closes,
so the next scan needs no re-read. The rows kept are SQLAlchemy objects detached from their
session (`expire_on_commit=False`): plain values from then on, re-attached only to be
updated (a crate closed or reopened); the events are plain `Event` values.

What the screen is shown is folded with the domain's rules (cpdesk.domain.pack_state) once
when the order is read, then kept up to date event by event (`OpenOrder.add_event`): an
item packed refolds its own line only, and the state is assembled from the kept line views.
An UNDO (which may revive anything) or a supervisor's acceptance folds the order again.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpdesk.domain import model as d
from cpdesk.domain.codes import ScannedCode
from cpdesk.domain.order_change import OrderDifference, lines_before
from cpdesk.domain.pack_state import line_fold
from cpdesk.domain.packing import ITEM_KINDS, LineProgress, effective_facts
from cpdesk.store import convert
from cpdesk.store import models as m
from cpdesk.store import order_changes as conflicts

from .state import ChangedLine, CrateView, ItemView, LineView, OrderChangeView, OrderState

UNDOABLE = frozenset({d.EventKind.PACK, d.EventKind.WEIGH, d.EventKind.REMOVE, d.EventKind.SHORT,
                      d.EventKind.SUBSTITUTE, d.EventKind.CRATE_CLOSE})


PRODUCT_KINDS = ("ean13", "ean8", "gtin14", "upc")  # the barcode kinds of a product code


@dataclass(frozen=True, slots=True)
class Event:
    """A pack event as the service holds it: the `pack_event` row's columns, by name (what
    the service writes is exactly these values: `store.outbox.RowWriter`)."""

    id: uuid.UUID
    depot_id: uuid.UUID
    order_id: uuid.UUID
    line_id: uuid.UUID | None
    crate_id: uuid.UUID | None
    kind: str
    quantity: int
    weight_g: int | None
    weight_source: str | None
    amount_cents: int | None
    reason: str | None
    substitute_product_id: uuid.UUID | None
    target_id: uuid.UUID | None
    staff_id: uuid.UUID
    supervisor_id: uuid.UUID | None
    order_version: int
    at: dt.datetime  # aware, UTC

    @classmethod
    def of(cls, row: m.PackEvent) -> Event:
        return cls(row.id, row.depot_id, row.order_id, row.line_id, row.crate_id, row.kind,
                   row.quantity, row.weight_g, row.weight_source, row.amount_cents, row.reason,
                   row.substitute_product_id, row.target_id, row.staff_id, row.supervisor_id,
                   row.order_version, _utc(row.at))

    def fact(self) -> d.PackFact:
        return d.PackFact(
            id=self.id, kind=d.EventKind(self.kind), line_id=self.line_id,
            quantity=self.quantity, weight_g=self.weight_g, crate_id=self.crate_id,
            reason=self.reason, target_id=self.target_id, weight_source=self.weight_source)


@dataclass
class _Folded:
    """What the screen is shown of the events, kept up to date event by event."""

    by_line: dict[uuid.UUID | None, list[d.PackFact]]  # facts in force, per line
    progress: dict[uuid.UUID, LineProgress]  # in the order of the lines
    views: dict[uuid.UUID, LineView]  # likewise
    items: dict[uuid.UUID, ItemView]  # items in their crates, oldest first
    per_crate: dict[uuid.UUID, int]  # how many of them in each crate
    group: list[Event]  # the newest action still in force that undo would reverse
    domain: dict[uuid.UUID, d.OrderLine]  # the lines as the rules see them, by id


@dataclass
class OpenOrder:
    """One order as the packing service holds it: rows, this depot's events and crates."""

    order: m.Order
    lines: list[m.OrderLine]  # the lines this depot packs
    events: list[Event]  # this depot's events, oldest first
    crates: list[m.Crate]  # this depot's crates of the order
    accepted: dict[uuid.UUID, set[int]] = field(default_factory=dict)  # line -> weights
    round_code: str = ""
    changes: list[m.OrderChange] = field(default_factory=list)  # open central changes
    facts: list[d.PackFact] = field(default_factory=list)  # `events` as the rules see them
    domain_lines: list[d.OrderLine] = field(default_factory=list)  # `lines`, likewise
    # code -> (kind, product id): the barcodes of the order's products (all its lines)
    barcodes: dict[str, tuple[str, uuid.UUID]] = field(default_factory=dict)
    _folded: _Folded | None = None
    _by_product: dict[uuid.UUID, list[m.OrderLine]] | None = None
    # what `load` read that this service never writes, as the store held it (`read_fixed`)
    fixed: tuple[object, ...] = ()

    def add_event(self, event: Event) -> None:
        """Append an event just written, and apply it to what the screen is shown."""
        fact = event.fact()
        self.events.append(event)
        self.facts.append(fact)
        f = self._folded
        if f is None:
            return
        if fact.kind is d.EventKind.UNDO:  # may revive anything: fold again when asked
            self._folded = None
            return
        # A new fact is the target of no UNDO yet: it is in force, nothing else changes.
        f.by_line.setdefault(fact.line_id, []).append(fact)
        line_id = fact.line_id
        if line_id is not None and line_id in f.progress:
            p = line_fold(f.domain[line_id], f.by_line[line_id], self.accepted)
            f.progress[line_id] = p
            f.views[line_id] = _with_progress(f.views[line_id], p)
        if fact.kind is d.EventKind.REMOVE:
            gone = f.items.pop(fact.target_id, None)  # type: ignore[arg-type]
            if gone is not None:
                f.per_crate[gone.crate_id] -= 1
        elif (fact.kind in ITEM_KINDS and fact.crate_id is not None
              and fact.line_id is not None):
            f.items[fact.id] = _item_view(event)
            f.per_crate[fact.crate_id] = f.per_crate.get(fact.crate_id, 0) + 1
        if fact.kind in UNDOABLE:
            if f.group and f.group[-1].at == event.at:
                f.group.append(event)
            else:
                f.group = [event]

    def refold(self) -> None:
        """Fold the order again when next asked (a supervisor's acceptance changed)."""
        self._folded = None

    def folded(self) -> _Folded:
        if self._folded is None:
            self._folded = self._fold()
        return self._folded

    def _fold(self) -> _Folded:
        in_force = effective_facts(self.facts)
        by_line: dict[uuid.UUID | None, list[d.PackFact]] = defaultdict(list)
        for fact in in_force:
            by_line[fact.line_id].append(fact)
        progress = {ln.id: line_fold(ln, by_line.get(ln.id, []), self.accepted)
                    for ln in self.domain_lines}
        views = {ln.id: _line_view(ln, progress[ln.id]) for ln in self.lines}
        removed = {f.target_id for f in in_force if f.kind is d.EventKind.REMOVE}
        by_id = {e.id: e for e in self.events}
        items = {f.id: _item_view(by_id[f.id]) for f in in_force
                 if f.kind in ITEM_KINDS and f.crate_id is not None
                 and f.line_id is not None and f.id not in removed}
        in_force_ids = {f.id for f in in_force}
        candidates = [e for e in self.events if e.id in in_force_ids and e.kind in UNDOABLE]
        group = ([e for e in candidates if e.at == candidates[-1].at] if candidates else [])
        per_crate: dict[uuid.UUID, int] = defaultdict(int)
        for item in items.values():
            per_crate[item.crate_id] += 1
        return _Folded(dict(by_line), progress, views, items, dict(per_crate), group,
                       {ln.id: ln for ln in self.domain_lines})

    def progress(self) -> dict[uuid.UUID, LineProgress]:
        """Each line's progress (kept: do not change it)."""
        return self.folded().progress

    def line(self, line_id: uuid.UUID) -> m.OrderLine | None:
        return next((ln for ln in self.lines if ln.id == line_id), None)

    def lines_of(self, product_id: uuid.UUID) -> list[m.OrderLine]:
        """This depot's lines of the product (the lines stay as read while held)."""
        if self._by_product is None:
            self._by_product = defaultdict(list)
            for ln in self.lines:
                self._by_product[ln.product_id].append(ln)
        return self._by_product.get(product_id, [])

    def last_group(self) -> list[Event]:
        """The events of the newest action still in force that undo would reverse."""
        return list(self.folded().group)

    def product_of(self, code: ScannedCode) -> uuid.UUID | None:
        """The product of one of the order's lines that a scanned product code names, or
        None (then the code names a product the order does not hold, or none at all)."""
        kinds = ("scale",) if code.kind == "scale" else PRODUCT_KINDS
        for candidate in code.candidates:
            found = self.barcodes.get(candidate)
            if found is not None and found[0] in kinds:
                return found[1]
        return None


def _line_view(ln: m.OrderLine, progress: LineProgress) -> LineView:
    return LineView(id=ln.id, line_no=ln.line_no, product_id=ln.product_id,
                    product=ln.product.name, producer=ln.product.producer.name,
                    zone=ln.product.zone, sale_unit=ln.product.sale_unit,
                    unit_label=ln.product.unit_label, quantity=ln.quantity,
                    unit_price_cents=ln.unit_price_cents,
                    tolerance_pct=ln.product.tolerance_pct, progress=progress)


def _with_progress(v: LineView, progress: LineProgress) -> LineView:
    return LineView(v.id, v.line_no, v.product_id, v.product, v.producer, v.zone, v.sale_unit,
                    v.unit_label, v.quantity, v.unit_price_cents, v.tolerance_pct, progress)


def _item_view(e: Event) -> ItemView:
    assert e.line_id is not None and e.crate_id is not None
    return ItemView(e.id, e.line_id, e.crate_id, str(e.kind), e.quantity, e.weight_g, e.at)


def load(s: Session, order_id: uuid.UUID, depot_id: uuid.UUID, depot_code: str) -> OpenOrder:
    order = s.scalar(
        select(m.Order).where(m.Order.id == order_id)
        .options(selectinload(m.Order.lines).selectinload(m.OrderLine.product)
                 .selectinload(m.Product.producer),
                 selectinload(m.Order.customer), selectinload(m.Order.stop)))
    if order is None:
        raise KeyError(order_id)
    events = [Event.of(e) for e in s.scalars(
        select(m.PackEvent).where(m.PackEvent.order_id == order_id,
                                  m.PackEvent.depot_id == depot_id)
        .order_by(m.PackEvent.at, m.PackEvent.id))]
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
    products = {ln.product_id for ln in order.lines}
    barcodes = {code: (kind, product_id) for code, kind, product_id in s.execute(
        select(m.Barcode.code, m.Barcode.kind, m.Barcode.product_id)
        .where(m.Barcode.product_id.in_(products)))} if products else {}
    lines = [ln for ln in order.lines if ln.packing_depot_id == depot_id]
    return OpenOrder(order, lines, events, crates, dict(accepted), round_code,
                     conflicts.open_changes(s, order_id),
                     facts=[e.fact() for e in events],
                     domain_lines=[convert.order_line(ln, depot_code) for ln in lines],
                     barcodes=barcodes)


# Everything `load` reads that the packing service never writes, row by row, every column:
# the order, its lines, their products and producers, the customer, the stop and its round,
# the products' barcodes.
_FIXED = (
    'SELECT * FROM "order" WHERE id = :o',
    "SELECT * FROM order_line WHERE order_id = :o ORDER BY id",
    "SELECT * FROM product WHERE id IN (SELECT product_id FROM order_line WHERE order_id = :o) "
    "ORDER BY id",
    "SELECT * FROM producer WHERE id IN (SELECT p.producer_id FROM product p "
    "JOIN order_line l ON l.product_id = p.id WHERE l.order_id = :o) ORDER BY id",
    'SELECT c.* FROM customer c JOIN "order" o ON o.customer_id = c.id WHERE o.id = :o',
    'SELECT s.*, r.code FROM "order" o JOIN stop s ON s.id = o.stop_id '
    "LEFT JOIN round r ON r.id = s.round_id WHERE o.id = :o",
    "SELECT code, kind, product_id FROM barcode WHERE product_id IN "
    "(SELECT product_id FROM order_line WHERE order_id = :o) ORDER BY code",
)


def read_fixed(db: sqlite3.Connection, order_id: uuid.UUID) -> tuple[object, ...]:
    """The rows of `_FIXED` for the order (on the DB-API connection, in the caller's
    transaction: the one `load` read in, to hold them with what it read)."""
    key = {"o": order_id.hex}  # ids are stored as SQLAlchemy's Uuid stores them on SQLite
    return tuple(tuple(db.execute(sql, key).fetchall()) for sql in _FIXED)


def still_as_stored(db: sqlite3.Connection, o: OpenOrder, depot_id: uuid.UUID) -> bool:
    """Is the held order exactly what the store holds now? Asked when another connection
    committed (the sync worker's round stamps, outbox marks and pulls commit every round,
    whatever they touch): a few small reads instead of reading and folding the order again.

    What the service never writes is compared row by row (`read_fixed`); what it writes is
    compared with what it holds after its own writes: the ids of this depot's pack events
    and acceptances (immutable facts), its crates' states, the ids of the open changes."""
    if read_fixed(db, o.order.id) != o.fixed:
        return False
    key = {"o": o.order.id.hex, "d": depot_id.hex}
    events = {r[0] for r in db.execute(
        "SELECT id FROM pack_event WHERE order_id = :o AND depot_id = :d", key)}
    if events != {e.id.hex for e in o.events}:
        return False
    crates = set(db.execute(
        "SELECT id, status FROM crate WHERE order_id = :o AND depot_id = :d", key).fetchall())
    if crates != {(c.id.hex, c.status) for c in o.crates}:
        return False
    accepted = set(db.execute(
        "SELECT line_id, weight_g FROM pack_acceptance WHERE order_id = :o AND depot_id = :d",
        key).fetchall())
    if accepted != {(line.hex, w) for line, ws in o.accepted.items() for w in ws}:
        return False
    changes = {r[0] for r in db.execute(
        "SELECT id FROM order_change WHERE order_id = :o AND resolved_at IS NULL", key)}
    return changes == {c.id.hex for c in o.changes}


def _utc(at: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC time: SQLite hands times back naive (they are UTC),
    an event written by this service holds the aware time it was made with."""
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def order_state(o: OpenOrder, s: Session | None = None) -> OrderState:
    """What the packing screen shows of the order now, from what is kept folded (`s` reads
    the names of products taken off the order centrally: needed only when the order has
    open changes)."""
    f = o.folded()
    lines = tuple(f.views.values())
    items = tuple(f.items.values())
    per_crate = f.per_crate
    crates = tuple(CrateView(c.id, c.code, c.zone, c.seq, c.status, per_crate.get(c.id, 0))
                   for c in o.crates)
    order = o.order
    return OrderState(
        order_id=order.id, number=order.number, customer=order.customer.name,
        customer_kind=order.customer.kind, commune=order.customer.commune,
        delivery_date=order.delivery_date, round_code=o.round_code,
        stop_seq=order.stop.seq if order.stop else 0, status=order.status,
        version=order.version, changed=bool(o.changes),
        lines=lines, crates=crates, items=items,
        last_action=f.group[-1].kind if f.group else None,
        total_cents=sum(p.amount_cents for p in f.progress.values()),
        change=_change_view(s, o, lines, crates, items) if o.changes else None)


def _change_view(s: Session | None, o: OpenOrder, lines: tuple[LineView, ...],
                 crates: tuple[CrateView, ...],
                 items: tuple[ItemView, ...]) -> OrderChangeView | None:
    """The open changes merged: each line touched, from before the first change to now."""
    if not o.changes:
        return None
    assert s is not None, "an order with open changes is shown with a session"
    differences = [OrderDifference.from_json(c.diff, c.kind) for c in o.changes]
    touched = lines_before(differences)
    before = {str(lid): b.quantity for lid, b in touched.items()}
    products = {str(lid): str(b.product_id) for lid, b in touched.items()}
    now = {str(ln.id): ln for ln in lines}
    gone = {uuid.UUID(p) for lid, p in products.items() if lid not in now}
    names = {pid: name for pid, name in s.execute(
        select(m.Product.id, m.Product.name).where(m.Product.id.in_(gone)))} if gone else {}
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
