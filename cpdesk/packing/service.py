"""The packing service: every packing action as one durable transaction (no Qt here).

Each action loads the order once, checks the packing rules (cpdesk.domain.packing), writes
its pack events (and crate changes) together with their outbox rows (shared/SYNC.md), commits
(SQLite WAL + synchronous=FULL: durable when this returns), and returns the order's new
`OrderState`. Refusals are returned, not raised: a refused scan is part of a normal morning.

Decisions written down here:
- An action's events share one `at` timestamp; "undo" reverses the newest such group (a move
  is a REMOVE and a new item: both are undone together). Opening a crate is not undone (an
  empty crate is harmless and never printed); undoing a crate close reopens the crate.
- A supervisor's acceptance of a weight outside tolerance is a `PackAcceptance` row (for the
  line's packed weight at that moment: a re-weigh voids it) plus an audit-log entry; both go
  to the outbox. A manual weight is a WEIGH event with source "manual", the supervisor's id,
  and an audit-log entry.
- The first item of a zone opens that zone's first crate automatically (one less key press);
  further crates are opened by the packer.
- An order changed or cancelled centrally after packing began has open `OrderChange` rows
  (recorded by the sync, cpdesk.sync.conflicts): the state carries the difference in the
  packer's terms (`OrderState.change`). The packer resolves it with `resolve_changes` (no
  supervisor: who resolved is recorded, with an audit-log entry in the same transaction).
  Until then a cancelled order refuses every action (ORDER_CANCELLED) except taking items
  out of its crates; once resolved it is simply closed (ORDER_CLOSED). The pack events
  already recorded stay valid facts: nothing is rewritten.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, selectinload

from cpdesk import clock
from cpdesk import documents as docs
from cpdesk.domain import model as d
from cpdesk.domain.codes import BadCheckDigit, BarcodeError, parse_code
from cpdesk.domain.ids import new_id, short_code
from cpdesk.domain.money import unit_amount_cents, weighed_amount_cents
from cpdesk.domain.order_change import OrderDifference, lines_before
from cpdesk.domain.packing import (
    CrateRefusal,
    LineProgress,
    LineState,
    Tolerance,
    crate_refusal,
    effective_facts,
    items_in_force,
    line_progress,
)
from cpdesk.errors import NotFound
from cpdesk.hardware.barcode_lookup import depot_layout, find_barcode
from cpdesk.store import convert
from cpdesk.store import models as m
from cpdesk.store.db import transaction
from cpdesk.store.outbox import record
from cpdesk.store.queries import depot_by_code, staff_with_pin
from cpdesk.sync import conflicts

from .state import (
    ChangedLine,
    CrateView,
    ItemView,
    LineView,
    OrderChangeView,
    OrderState,
    Outcome,
    Refusal,
    StaffInfo,
    Status,
)

UNDOABLE = frozenset({d.EventKind.PACK, d.EventKind.WEIGH, d.EventKind.REMOVE, d.EventKind.SHORT,
                      d.EventKind.SUBSTITUTE, d.EventKind.CRATE_CLOSE})
_CRATE_REFUSALS = {CrateRefusal.CLOSED: Refusal.CRATE_CLOSED,
                   CrateRefusal.WRONG_ZONE: Refusal.WRONG_ZONE,
                   CrateRefusal.OTHER_ORDER: Refusal.OTHER_ORDER}



@dataclass
class _Loaded:
    """One order as loaded for an action: rows, this depot's events and crates."""

    order: m.Order
    lines: list[m.OrderLine]  # the lines this depot packs
    events: list[m.PackEvent]  # this depot's events, oldest first
    crates: list[m.Crate]  # this depot's crates of the order
    accepted: dict[uuid.UUID, set[int]] = field(default_factory=dict)  # line -> weights
    round_code: str = ""
    changes: list[m.OrderChange] = field(default_factory=list)  # open central changes

    def facts(self) -> list[d.PackFact]:
        return [convert.fact(e) for e in self.events]


class PackingService:
    """Packing actions at one depot. Thread-safe: each call uses its own session."""

    def __init__(self, engine: Engine, depot_code: str) -> None:
        self.engine = engine
        with Session(engine) as session:
            depot = depot_by_code(session, depot_code)
            self.depot_id = depot.id
            self.depot_code = depot.code
            self.settings = dict(depot.settings or {})
            self.layout = depot_layout(session, depot.code)

    @property
    def legal_for_trade(self) -> bool:
        """The depot sells by weight under legal metrology: weights come from an approved
        scale (stable readings only); a typed weight needs a supervisor and is marked."""
        return bool(self.settings.get("legal_for_trade", False))

    # -- people --------------------------------------------------------------------------
    def sign_in(self, pin: str) -> StaffInfo | None:
        """The active staff member with this PIN (audit-logged), or None."""
        staff = self._staff_by_pin(pin)
        if staff is not None:
            with transaction(self.engine) as s:
                self._audit(s, staff.id, "sign_in", {})
        return staff

    def supervisor(self, pin: str) -> StaffInfo | None:
        """The supervisor with this PIN, or None (a packer's PIN is not enough)."""
        staff = self._staff_by_pin(pin)
        return staff if staff is not None and staff.is_supervisor else None

    def _staff_by_pin(self, pin: str) -> StaffInfo | None:
        with Session(self.engine) as s:
            row = staff_with_pin(s, pin)
            return StaffInfo(row.id, row.name, row.role) if row is not None else None

    # -- reading -------------------------------------------------------------------------
    def find_order(self, number: str) -> uuid.UUID | None:
        with Session(self.engine) as s:
            return s.scalar(select(m.Order.id).where(m.Order.number == number.strip().upper()))

    def open_order(self, number: str) -> Outcome:
        """The state of an order by number (an order slip or crate code is accepted too)."""
        try:
            code = parse_code(number, self.layout)
        except BarcodeError:
            code = None
        with Session(self.engine) as s:
            if code is not None and code.kind == "crate":
                order_id = s.scalar(select(m.Crate.order_id).where(m.Crate.code == code.text))
            else:
                text = code.text if code is not None else number.strip().upper()
                order_id = s.scalar(select(m.Order.id).where(m.Order.number == text))
            if order_id is None:
                return Outcome(Status.REFUSED, refusal=Refusal.ORDER_NOT_FOUND)
            return Outcome(Status.OK, self._state(self._load(s, order_id)))

    def state(self, order_id: uuid.UUID) -> OrderState:
        with Session(self.engine) as s:
            return self._state(self._load(s, order_id))

    def crate_labels(self, order_id: uuid.UUID,
                     crate_ids: list[uuid.UUID] | None = None) -> list[docs.LabelData]:
        """Labels of the order's crates holding items (all, or those of `crate_ids`)."""
        with Session(self.engine) as s:
            state = self._state(self._load(s, order_id))
            full = sorted((c for c in state.crates if c.items), key=lambda c: c.seq)
            return [docs.label_data(s, c.id) for c in full
                    if crate_ids is None or c.id in crate_ids]

    def delivery_note_pdf(self, order_id: uuid.UUID) -> bytes:
        """The order's delivery note (A4 PDF) as the store has it now."""
        with Session(self.engine) as s:
            number = s.scalar(select(m.Order.number).where(m.Order.id == order_id))
            if number is None:
                raise NotFound(f"no order {order_id}")
            return docs.render_delivery_note(docs.delivery_note_data(s, number))

    # -- scanning and weighing -----------------------------------------------------------
    def scan(self, order_id: uuid.UUID, raw: str, staff_id: uuid.UUID, *,
             line_id: uuid.UUID | None = None) -> Outcome:
        """One scanned code while an order is open: tick a line, weigh, or switch order."""
        try:
            code = parse_code(raw, self.layout)
        except BarcodeError as exc:
            refusal = (Refusal.BAD_CHECK_DIGIT if isinstance(exc, BadCheckDigit)
                       else Refusal.UNKNOWN_CODE)
            return Outcome(Status.REFUSED, refusal=refusal)
        if code.kind == "order":
            return Outcome(Status.OPEN_ORDER, order_number=code.text)
        with transaction(self.engine) as s:
            if code.kind == "crate":
                number = s.scalar(select(m.Order.number).join(m.Crate, m.Crate.order_id == m.Order.id)
                                  .where(m.Crate.code == code.text))
                if number is None:
                    return Outcome(Status.REFUSED, refusal=Refusal.UNKNOWN_CODE)
                return Outcome(Status.OPEN_ORDER, order_number=number)
            loaded = self._load(s, order_id)
            if (closed := self._closed(loaded)) is not None:
                return closed
            barcode = find_barcode(s, code)
            product_id = barcode.product_id if barcode is not None else None
            if product_id is None:
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.UNKNOWN_PRODUCT)
            all_lines = [ln for ln in loaded.order.lines if ln.product_id == product_id]
            mine = [ln for ln in loaded.lines if ln.product_id == product_id]
            if not mine:
                refusal = Refusal.OTHER_DEPOT if all_lines else Refusal.NOT_IN_ORDER
                return Outcome(Status.REFUSED, self._state(loaded), refusal)
            if line_id is not None:
                mine = [ln for ln in mine if ln.id == line_id]
            progress = self._progress(loaded)
            open_lines = [ln for ln in mine if not progress[ln.id].resolved
                          and progress[ln.id].state is not LineState.OUT_OF_TOLERANCE]
            if not open_lines:
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.LINE_COMPLETE,
                               line_id=mine[0].id if mine else None)
            if len(open_lines) > 1:
                return Outcome(Status.AMBIGUOUS, self._state(loaded),
                               candidates=tuple(ln.id for ln in open_lines))
            line = open_lines[0]
            weighed = line.product.sale_unit == d.SaleUnit.KG
            if code.grams is not None:
                if not weighed:
                    return Outcome(Status.REFUSED, self._state(loaded), Refusal.NOT_WEIGHED,
                                   line_id=line.id)
                return self._add_item(s, loaded, line, staff_id, weight_g=code.grams,
                                      source=d.WeightSource.BARCODE)
            if weighed:
                return Outcome(Status.NEEDS_WEIGHT, self._state(loaded), line_id=line.id)
            return self._add_item(s, loaded, line, staff_id, quantity=1)

    def pack_line(self, order_id: uuid.UUID, line_id: uuid.UUID, staff_id: uuid.UUID, *,
                  quantity: int = 1, crate_id: uuid.UUID | None = None) -> Outcome:
        """Tick pieces of a per-unit line without a barcode (bulk goods), into a crate."""
        with transaction(self.engine) as s:
            loaded = self._load(s, order_id)
            if (closed := self._closed(loaded)) is not None:
                return closed
            line = self._my_line(loaded, line_id)
            if line is None:
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.NOT_IN_ORDER)
            if line.product.sale_unit == d.SaleUnit.KG:
                return Outcome(Status.NEEDS_WEIGHT, self._state(loaded), line_id=line.id)
            if self._progress(loaded)[line.id].resolved:
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.LINE_COMPLETE,
                               line_id=line.id)
            return self._add_item(s, loaded, line, staff_id, quantity=quantity, crate_id=crate_id)

    def weigh(self, order_id: uuid.UUID, line_id: uuid.UUID, weight_g: int,
              source: d.WeightSource | str, staff_id: uuid.UUID, *,
              supervisor_id: uuid.UUID | None = None,
              crate_id: uuid.UUID | None = None) -> Outcome:
        """Record a weighed item of a per-kg line (from the scale, a barcode, or a supervisor)."""
        source = d.WeightSource(source)
        with transaction(self.engine) as s:
            loaded = self._load(s, order_id)
            if (closed := self._closed(loaded)) is not None:
                return closed
            line = self._my_line(loaded, line_id)
            if line is None:
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.NOT_IN_ORDER)
            if line.product.sale_unit != d.SaleUnit.KG:
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.NOT_WEIGHED,
                               line_id=line.id)
            if weight_g <= 0:
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.BAD_WEIGHT,
                               line_id=line.id)
            if source is d.WeightSource.MANUAL:
                if not self._is_supervisor(s, supervisor_id):
                    return Outcome(Status.REFUSED, self._state(loaded), Refusal.NEEDS_SUPERVISOR,
                                   line_id=line.id)
                self._audit(s, supervisor_id, "manual_weight", {
                    "order_id": str(order_id), "line_id": str(line_id), "weight_g": weight_g,
                    "packer_id": str(staff_id)})
            if self._progress(loaded)[line.id].state in (LineState.SHORT, LineState.SUBSTITUTED):
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.LINE_RESOLVED,
                               line_id=line.id)
            return self._add_item(s, loaded, line, staff_id, weight_g=weight_g, source=source,
                                  supervisor_id=supervisor_id, crate_id=crate_id)

    def accept_out_of_tolerance(self, order_id: uuid.UUID, line_id: uuid.UUID,
                                supervisor_id: uuid.UUID, staff_id: uuid.UUID) -> Outcome:
        """A supervisor accepts the line's packed weight although it is outside tolerance."""
        with transaction(self.engine) as s:
            loaded = self._load(s, order_id)
            line = self._my_line(loaded, line_id)
            if line is None:
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.NOT_IN_ORDER)
            if not self._is_supervisor(s, supervisor_id):
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.NEEDS_SUPERVISOR,
                               line_id=line_id)
            p = self._progress(loaded)[line.id]
            if p.tolerance is None or p.tolerance.verdict is Tolerance.INSIDE or p.resolved:
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.NOT_OUT_OF_TOLERANCE,
                               line_id=line_id)
            row = m.PackAcceptance(depot_id=self.depot_id, order_id=order_id, line_id=line_id,
                                   weight_g=p.packed_weight_g, staff_id=staff_id,
                                   supervisor_id=supervisor_id, at=clock.utcnow())
            s.add(row)
            record(s, "pack_acceptance", row)
            self._audit(s, supervisor_id, "accept_out_of_tolerance", {
                "order_id": str(order_id), "line_id": str(line_id),
                "weight_g": p.packed_weight_g, "ordered_g": p.tolerance.ordered_g,
                "packer_id": str(staff_id)})
            loaded.accepted.setdefault(line_id, set()).add(p.packed_weight_g)
            return Outcome(Status.OK, self._state(loaded), line_id=line_id, tolerance=p.tolerance)

    # -- shortages -----------------------------------------------------------------------
    def short(self, order_id: uuid.UUID, line_id: uuid.UUID, reason: str,
              staff_id: uuid.UUID) -> Outcome:
        """The (rest of the) line cannot be filled; `reason` is one of SHORT_REASONS."""
        return self._resolve(order_id, line_id, reason, staff_id, d.EventKind.SHORT, None)

    def substitute(self, order_id: uuid.UUID, line_id: uuid.UUID, reason: str,
                   staff_id: uuid.UUID, *, product_id: uuid.UUID | None = None) -> Outcome:
        """Another product is given instead (into the line's zone crate), with a reason."""
        return self._resolve(order_id, line_id, reason, staff_id, d.EventKind.SUBSTITUTE,
                             product_id)

    def _resolve(self, order_id: uuid.UUID, line_id: uuid.UUID, reason: str,
                 staff_id: uuid.UUID, kind: d.EventKind,
                 product_id: uuid.UUID | None) -> Outcome:
        if reason not in d.SHORT_REASONS:
            return Outcome(Status.REFUSED, refusal=Refusal.BAD_REASON)
        with transaction(self.engine) as s:
            loaded = self._load(s, order_id)
            if (closed := self._closed(loaded)) is not None:
                return closed
            line = self._my_line(loaded, line_id)
            if line is None:
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.NOT_IN_ORDER)
            if self._progress(loaded)[line.id].state in (LineState.SHORT, LineState.SUBSTITUTED):
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.LINE_RESOLVED,
                               line_id=line.id)
            if kind is d.EventKind.SHORT:
                at = clock.utcnow()
                ev = self._event(loaded, kind, at, staff_id, line=line, reason=reason)
                self._write(s, loaded, [ev])
                return Outcome(Status.OK, self._state(loaded), line_id=line.id,
                               event_ids=(ev.id,))
            return self._add_item(s, loaded, line, staff_id, kind=kind, reason=reason,
                                  quantity=max(1, int(line.quantity)), substitute_id=product_id)

    # -- crates --------------------------------------------------------------------------
    def open_crate(self, order_id: uuid.UUID, zone: str, staff_id: uuid.UUID) -> Outcome:
        with transaction(self.engine) as s:
            loaded = self._load(s, order_id)
            if (closed := self._closed(loaded)) is not None:
                return closed
            crate, event = self._new_crate(s, loaded, d.Zone(zone), staff_id, clock.utcnow())
            self._write(s, loaded, [event])
            return Outcome(Status.OK, self._state(loaded), crate_id=crate.id,
                           event_ids=(event.id,))

    def close_crate(self, crate_id: uuid.UUID, staff_id: uuid.UUID) -> Outcome:
        """Close a crate (its label is printed by the caller: see `crate_labels`)."""
        with transaction(self.engine) as s:
            order_id = s.scalar(select(m.Crate.order_id).where(m.Crate.id == crate_id))
            if order_id is None:
                return Outcome(Status.REFUSED, refusal=Refusal.UNKNOWN_CODE)
            loaded = self._load(s, order_id)
            crate = next((c for c in loaded.crates if c.id == crate_id), None)
            if crate is None or crate.status != d.CrateStatus.OPEN:
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.CRATE_CLOSED,
                               crate_id=crate_id)
            if not self._state(loaded).crates[loaded.crates.index(crate)].items:
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.CRATE_EMPTY,
                               crate_id=crate_id)
            at = clock.utcnow()
            crate.status, crate.closed_at = d.CrateStatus.CLOSED, at
            record(s, "crate", crate)
            ev = self._event(loaded, d.EventKind.CRATE_CLOSE, at, staff_id, crate_id=crate.id)
            self._write(s, loaded, [ev])
            return Outcome(Status.OK, self._state(loaded), crate_id=crate_id, event_ids=(ev.id,))

    def finish(self, order_id: uuid.UUID, staff_id: uuid.UUID) -> Outcome:
        """A packed order: close its open crates holding items (one transaction)."""
        with transaction(self.engine) as s:
            loaded = self._load(s, order_id)
            state = self._state(loaded)
            if not state.packed:
                return Outcome(Status.REFUSED, state, Refusal.LINE_RESOLVED)
            at, events = clock.utcnow(), []
            for crate, view in zip(loaded.crates, state.crates, strict=True):
                if crate.status == d.CrateStatus.OPEN and view.items:
                    crate.status, crate.closed_at = d.CrateStatus.CLOSED, at
                    record(s, "crate", crate)
                    events.append(self._event(loaded, d.EventKind.CRATE_CLOSE, at, staff_id,
                                              crate_id=crate.id))
            self._write(s, loaded, events)
            return Outcome(Status.OK, self._state(loaded), event_ids=tuple(e.id for e in events))

    def remove_item(self, event_id: uuid.UUID, staff_id: uuid.UUID) -> Outcome:
        """Take an item out of its crate (a REMOVE event reversing the item's event)."""
        return self._take_out(event_id, staff_id, None)

    def move_item(self, event_id: uuid.UUID, crate_id: uuid.UUID, staff_id: uuid.UUID) -> Outcome:
        """Move an item to another open crate of its zone: REMOVE + the same item there."""
        return self._take_out(event_id, staff_id, crate_id)

    def _take_out(self, event_id: uuid.UUID, staff_id: uuid.UUID,
                  to_crate: uuid.UUID | None) -> Outcome:
        with transaction(self.engine) as s:
            order_id = s.scalar(select(m.PackEvent.order_id).where(m.PackEvent.id == event_id))
            if order_id is None:
                return Outcome(Status.REFUSED, refusal=Refusal.NO_ITEM)
            loaded = self._load(s, order_id)
            if (closed := self._closed(loaded, take_out=to_crate is None)) is not None:
                return closed
            state = self._state(loaded)
            item = next((i for i in state.items if i.event_id == event_id), None)
            if item is None:
                return Outcome(Status.REFUSED, state, Refusal.NO_ITEM)
            source = next(e for e in loaded.events if e.id == event_id)
            line = next(ln for ln in loaded.lines if ln.id == item.line_id)
            at = clock.utcnow()
            events = [self._event(loaded, d.EventKind.REMOVE, at, staff_id, line=line,
                                  crate_id=item.crate_id, quantity=item.quantity,
                                  weight_g=item.weight_g, target_id=event_id)]
            if to_crate is not None:
                crate = next((c for c in loaded.crates if c.id == to_crate), None)
                refusal = self._crate_refusal(loaded, crate, line)
                if refusal is not None:
                    return Outcome(Status.REFUSED, state, refusal, crate_id=to_crate)
                events.append(self._event(
                    loaded, d.EventKind(source.kind), at, staff_id, line=line, crate_id=to_crate,
                    quantity=source.quantity, weight_g=source.weight_g,
                    source=source.weight_source, amount=source.amount_cents,
                    reason=source.reason, supervisor_id=source.supervisor_id))
            self._write(s, loaded, events)
            return Outcome(Status.OK, self._state(loaded), line_id=line.id,
                           event_ids=tuple(e.id for e in events))

    # -- central changes -----------------------------------------------------------------
    def resolve_changes(self, order_id: uuid.UUID, staff_id: uuid.UUID) -> Outcome:
        """The packer has dealt with the order's central changes: mark them resolved by
        `staff_id`, with an audit-log entry (to the outbox), in one transaction."""
        with transaction(self.engine) as s:
            loaded = self._load(s, order_id)
            if not loaded.changes:
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.NOTHING_TO_RESOLVE)
            changes = list(loaded.changes)
            for change in changes:
                conflicts.resolve(s, change.id, staff_id)
            self._audit(s, staff_id, "order_change_resolved", {
                "order_id": str(order_id), "number": loaded.order.number,
                "changes": [str(c.id) for c in changes], "kinds": [c.kind for c in changes],
                "old_version": changes[0].old_version, "new_version": changes[-1].new_version,
                "items_in_crates": len(self._state(loaded).items)})
            loaded.changes = []
            return Outcome(Status.OK, self._state(loaded))

    # -- undo ----------------------------------------------------------------------------
    def undo_last(self, order_id: uuid.UUID, staff_id: uuid.UUID) -> Outcome:
        """Reverse the newest action still in force (all its events; reopens a closed crate)."""
        with transaction(self.engine) as s:
            loaded = self._load(s, order_id)
            if (closed := self._closed(loaded)) is not None:
                return closed
            group = self._last_group(loaded)
            if not group:
                return Outcome(Status.REFUSED, self._state(loaded), Refusal.NOTHING_TO_UNDO)
            at = clock.utcnow()
            undos = []
            for ev in group:
                undos.append(self._event(loaded, d.EventKind.UNDO, at, staff_id,
                                         line_id=ev.line_id, crate_id=ev.crate_id,
                                         target_id=ev.id))
                if ev.kind == d.EventKind.CRATE_CLOSE:
                    crate = next(c for c in loaded.crates if c.id == ev.crate_id)
                    crate.status, crate.closed_at = d.CrateStatus.OPEN, None
                    record(s, "crate", crate)
            self._write(s, loaded, undos)
            return Outcome(Status.OK, self._state(loaded), line_id=group[-1].line_id,
                           event_ids=tuple(e.id for e in undos))

    def _last_group(self, loaded: _Loaded) -> list[m.PackEvent]:
        in_force = {f.id for f in effective_facts(loaded.facts())}
        candidates = [e for e in loaded.events if e.id in in_force and e.kind in UNDOABLE]
        if not candidates:
            return []
        last_at = candidates[-1].at
        return [e for e in candidates if e.at == last_at]

    # -- internals -----------------------------------------------------------------------
    def _load(self, s: Session, order_id: uuid.UUID) -> _Loaded:
        order = s.scalar(
            select(m.Order).where(m.Order.id == order_id)
            .options(selectinload(m.Order.lines).selectinload(m.OrderLine.product)
                     .selectinload(m.Product.producer),
                     selectinload(m.Order.customer), selectinload(m.Order.stop)))
        if order is None:
            raise KeyError(order_id)
        events = list(s.scalars(
            select(m.PackEvent).where(m.PackEvent.order_id == order_id,
                                      m.PackEvent.depot_id == self.depot_id)
            .order_by(m.PackEvent.at, m.PackEvent.id)))
        crates = list(s.scalars(
            select(m.Crate).where(m.Crate.order_id == order_id, m.Crate.depot_id == self.depot_id)
            .order_by(m.Crate.seq)))
        accepted: dict[uuid.UUID, set[int]] = defaultdict(set)
        for line_id, weight_g in s.execute(
                select(m.PackAcceptance.line_id, m.PackAcceptance.weight_g)
                .where(m.PackAcceptance.order_id == order_id,
                       m.PackAcceptance.depot_id == self.depot_id)):
            accepted[line_id].add(weight_g)
        round_code = ""
        if order.stop is not None:
            round_code = s.scalar(select(m.Round.code).where(m.Round.id == order.stop.round_id)) or ""
        lines = [ln for ln in order.lines if ln.packing_depot_id == self.depot_id]
        return _Loaded(order, lines, events, crates, dict(accepted), round_code,
                       conflicts.open_changes(s, order_id))

    def _progress(self, loaded: _Loaded) -> dict[uuid.UUID, LineProgress]:
        facts = loaded.facts()
        out = {}
        for ln in loaded.lines:
            line = convert.order_line(ln, self.depot_code)
            p = line_progress(line, facts)
            if p.packed_weight_g and p.packed_weight_g in loaded.accepted.get(ln.id, ()):
                p = line_progress(line, facts, accepted_out_of_tolerance=True)
            out[ln.id] = p
        return out

    def _state(self, loaded: _Loaded) -> OrderState:
        progress = self._progress(loaded)
        by_id = {e.id: e for e in loaded.events}
        items = tuple(
            ItemView(f.id, f.line_id, f.crate_id, str(f.kind), f.quantity, f.weight_g,
                     by_id[f.id].at)
            for f in items_in_force(loaded.facts())
            if f.crate_id is not None and f.line_id is not None)
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
            for ln in loaded.lines)
        crates = tuple(CrateView(c.id, c.code, c.zone, c.seq, c.status, per_crate[c.id])
                       for c in loaded.crates)
        group = self._last_group(loaded)
        order = loaded.order
        return OrderState(
            order_id=order.id, number=order.number, customer=order.customer.name,
            customer_kind=order.customer.kind, commune=order.customer.commune,
            delivery_date=order.delivery_date, round_code=loaded.round_code,
            stop_seq=order.stop.seq if order.stop else 0, status=order.status,
            version=order.version, changed=bool(loaded.changes),
            lines=lines, crates=crates, items=items,
            last_action=group[-1].kind if group else None,
            total_cents=sum(p.amount_cents for p in progress.values()),
            change=self._change_view(loaded, lines, crates, items))

    def _change_view(self, loaded: _Loaded, lines: tuple[LineView, ...],
                     crates: tuple[CrateView, ...],
                     items: tuple[ItemView, ...]) -> OrderChangeView | None:
        """The open changes merged: each line touched, from before the first change to now."""
        if not loaded.changes:
            return None
        differences = [OrderDifference.from_json(c.diff, c.kind) for c in loaded.changes]
        touched = lines_before(differences)
        before = {str(lid): b.quantity for lid, b in touched.items()}
        products = {str(lid): str(b.product_id) for lid, b in touched.items()}
        now = {str(ln.id): ln for ln in lines}
        names = dict(self._product_names(loaded, {
            uuid.UUID(p) for lid, p in products.items() if lid not in now}))
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
        cancelled = any(d.cancelled for d in differences)
        return OrderChangeView(
            change_ids=tuple(c.id for c in loaded.changes), cancelled=cancelled,
            added=tuple(added), removed=tuple(removed), increased=tuple(increased),
            crates_to_empty=tuple(c.code for c in crates if c.items) if cancelled else ())

    def _product_names(self, loaded: _Loaded,
                       ids: set[uuid.UUID]) -> list[tuple[uuid.UUID, str]]:
        if not ids:
            return []
        s = Session.object_session(loaded.order)
        assert s is not None
        return [(pid, name) for pid, name in s.execute(
            select(m.Product.id, m.Product.name).where(m.Product.id.in_(ids)))]

    def _closed(self, loaded: _Loaded, *, take_out: bool = False) -> Outcome | None:
        """Refuse actions on an order that is not open; a cancelled order not yet resolved
        says so, and still lets the packer take items out of its crates."""
        if loaded.order.status == d.OrderStatus.OPEN:
            return None
        if loaded.order.status == d.OrderStatus.CANCELLED and loaded.changes:
            if take_out:
                return None
            return Outcome(Status.REFUSED, self._state(loaded), Refusal.ORDER_CANCELLED)
        return Outcome(Status.REFUSED, self._state(loaded), Refusal.ORDER_CLOSED)

    def _my_line(self, loaded: _Loaded, line_id: uuid.UUID) -> m.OrderLine | None:
        return next((ln for ln in loaded.lines if ln.id == line_id), None)

    def _is_supervisor(self, s: Session, staff_id: uuid.UUID | None) -> bool:
        if staff_id is None:
            return False
        row = s.get(m.Staff, staff_id)
        return row is not None and row.active and row.role == d.Role.SUPERVISOR

    def _crate_refusal(self, loaded: _Loaded, crate: m.Crate | None,
                       line: m.OrderLine) -> Refusal | None:
        if crate is None:
            return Refusal.OTHER_ORDER
        why = crate_refusal(crate_zone=d.Zone(crate.zone),
                            crate_open=crate.status == d.CrateStatus.OPEN,
                            crate_order=crate.order_id, item_zone=d.Zone(line.product.zone),
                            item_order=loaded.order.id)
        return _CRATE_REFUSALS[why] if why is not None else None

    def _add_item(self, s: Session, loaded: _Loaded, line: m.OrderLine, staff_id: uuid.UUID, *,
                  kind: d.EventKind | None = None, quantity: int = 0,
                  weight_g: int | None = None, source: d.WeightSource | None = None,
                  supervisor_id: uuid.UUID | None = None, crate_id: uuid.UUID | None = None,
                  reason: str | None = None, substitute_id: uuid.UUID | None = None) -> Outcome:
        """Put an item of `line` into a crate of its zone (the current one unless given)."""
        at = clock.utcnow()
        events: list[m.PackEvent] = []
        zone = d.Zone(line.product.zone)
        if crate_id is None:
            crate = max((c for c in loaded.crates if c.zone == zone
                         and c.status == d.CrateStatus.OPEN), key=lambda c: c.seq, default=None)
            if crate is None:
                crate, opened = self._new_crate(s, loaded, zone, staff_id, at)
                events.append(opened)
        else:
            crate = next((c for c in loaded.crates if c.id == crate_id), None)
            refusal = self._crate_refusal(loaded, crate, line)
            if refusal is not None:
                return Outcome(Status.REFUSED, self._state(loaded), refusal, line_id=line.id,
                               crate_id=crate_id)
        assert crate is not None
        if kind is None:
            kind = d.EventKind.WEIGH if weight_g is not None else d.EventKind.PACK
        if weight_g is not None:
            amount = weighed_amount_cents(line.unit_price_cents, weight_g)
        elif kind is d.EventKind.PACK:
            amount = unit_amount_cents(line.unit_price_cents, quantity)
        else:
            amount = 0  # a substitute is priced by the centre (documents issue)
        item = self._event(loaded, kind, at, staff_id, line=line, crate_id=crate.id,
                           quantity=quantity if weight_g is None else 0, weight_g=weight_g,
                           source=str(source) if source else None, amount=amount,
                           reason=reason, supervisor_id=supervisor_id,
                           substitute_id=substitute_id)
        events.append(item)
        self._write(s, loaded, events)
        state = self._state(loaded)
        view = state.line(line.id)
        return Outcome(Status.OK, state, line_id=line.id, weight_g=weight_g,
                       tolerance=view.progress.tolerance, crate_id=crate.id,
                       event_ids=tuple(e.id for e in events))

    def _new_crate(self, s: Session, loaded: _Loaded, zone: d.Zone, staff_id: uuid.UUID,
                   at: dt.datetime) -> tuple[m.Crate, m.PackEvent]:
        crate_id = new_id()
        seq = 1 + (s.scalar(select(func.max(m.Crate.seq)).where(
            m.Crate.order_id == loaded.order.id, m.Crate.depot_id == self.depot_id)) or 0)
        crate = m.Crate(id=crate_id, code=f"CR{short_code(crate_id)}", order_id=loaded.order.id,
                        depot_id=self.depot_id, zone=str(zone), seq=seq,
                        status=str(d.CrateStatus.OPEN), created_at=at)
        s.add(crate)
        record(s, "crate", crate)
        loaded.crates.append(crate)
        return crate, self._event(loaded, d.EventKind.CRATE_OPEN, at, staff_id, crate_id=crate_id)

    def _event(self, loaded: _Loaded, kind: d.EventKind, at: dt.datetime, staff_id: uuid.UUID, *,
               line: m.OrderLine | None = None, line_id: uuid.UUID | None = None,
               crate_id: uuid.UUID | None = None, quantity: int = 0,
               weight_g: int | None = None, source: str | None = None, amount: int | None = None,
               reason: str | None = None, target_id: uuid.UUID | None = None,
               supervisor_id: uuid.UUID | None = None,
               substitute_id: uuid.UUID | None = None) -> m.PackEvent:
        return m.PackEvent(
            id=new_id(), depot_id=self.depot_id, order_id=loaded.order.id,
            line_id=line.id if line is not None else line_id, crate_id=crate_id, kind=str(kind),
            quantity=quantity, weight_g=weight_g, weight_source=source, amount_cents=amount,
            reason=reason, substitute_product_id=substitute_id, target_id=target_id,
            staff_id=staff_id, supervisor_id=supervisor_id,
            order_version=loaded.order.version, at=at)

    def _write(self, s: Session, loaded: _Loaded, events: list[m.PackEvent]) -> None:
        """Add the events and their outbox rows; the caller's transaction commits them."""
        for ev in events:
            s.add(ev)
            record(s, "pack_event", ev)
            loaded.events.append(ev)

    def _audit(self, s: Session, staff_id: uuid.UUID | None, action: str,
               detail: dict[str, object]) -> None:
        row = m.AuditLog(depot_id=self.depot_id, staff_id=staff_id, action=action,
                         detail=detail, at=clock.utcnow())
        s.add(row)
        record(s, "audit_log", row)
