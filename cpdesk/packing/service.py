"""The packing service: every packing action as one durable transaction (no Qt here).

Each action takes the order held in memory (read again only when another connection wrote
to the store: `core.PackingCore`), checks the packing rules (cpdesk.domain.packing), writes
its pack events (and crate changes) together with their outbox rows (so the sync sends
exactly what was committed), commits (SQLite WAL + synchronous=FULL: durable when this
returns), and returns the order's new `OrderState`. Refusals are returned, not raised: a
refused scan is part of a normal morning.

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
  (recorded by the sync, cpdesk.store.order_changes): the state carries the difference in the
  packer's terms (`OrderState.change`). The packer resolves it with `resolve_changes` (no
  supervisor: who resolved is recorded, with an audit-log entry in the same transaction).
  Until then a cancelled order refuses every action (ORDER_CANCELLED) except taking items
  out of its crates; once resolved it is simply closed (ORDER_CLOSED). The pack events
  already recorded stay valid facts: nothing is rewritten.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk import clock
from cpdesk import documents as docs
from cpdesk.domain import model as d
from cpdesk.domain.codes import BadCheckDigit, BarcodeError, parse_code
from cpdesk.domain.packing import LineState, Tolerance
from cpdesk.errors import NotFound
from cpdesk.store import models as m
from cpdesk.store import order_changes as conflicts
from cpdesk.store.barcode_lookup import find_barcode
from cpdesk.store.db import transaction
from cpdesk.store.outbox import record
from cpdesk.store.queries import staff_with_pin

from .core import PackingCore
from .state import OrderState, Outcome, Refusal, StaffInfo, Status


class PackingService(PackingCore):
    """Packing actions at one depot (the connection, the held order and the writing of
    events are `PackingCore`'s)."""

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
        with self._action(write=False) as tx:
            s = tx.session
            if code is not None and code.kind == "crate":
                order_id = s.scalar(select(m.Crate.order_id).where(m.Crate.code == code.text))
            else:
                text = code.text if code is not None else number.strip().upper()
                order_id = s.scalar(select(m.Order.id).where(m.Order.number == text))
            if order_id is None:
                return Outcome(Status.REFUSED, refusal=Refusal.ORDER_NOT_FOUND)
            return Outcome(Status.OK, self._view(tx, self._open(tx, order_id)))

    def state(self, order_id: uuid.UUID) -> OrderState:
        with self._action(write=False) as tx:
            return self._view(tx, self._open(tx, order_id))

    def crate_labels(self, order_id: uuid.UUID,
                     crate_ids: list[uuid.UUID] | None = None) -> list[docs.LabelData]:
        """Labels of the order's crates holding items (all, or those of `crate_ids`)."""
        with self._action(write=False) as tx:
            state = self._view(tx, self._open(tx, order_id))
            full = sorted((c for c in state.crates if c.items), key=lambda c: c.seq)
            return [docs.label_data(tx.session, c.id) for c in full
                    if crate_ids is None or c.id in crate_ids]

    def delivery_note_pdf(self, order_id: uuid.UUID) -> bytes:
        """The order's delivery note (A4 PDF) as the store has it now."""
        with Session(self.engine) as s:
            number = s.scalar(select(m.Order.number).where(m.Order.id == order_id))
            if number is None:
                raise NotFound(code="order.not_found", order=str(order_id))
            return docs.render_delivery_note(docs.delivery_note_data(s, number))

    # -- scanning and weighing -----------------------------------------------------------
    def scan(self, order_id: uuid.UUID, raw: str, staff_id: uuid.UUID, *,
             line_id: uuid.UUID | None = None) -> Outcome:
        """One scanned code while an order is open: tick a line, weigh, or switch order."""
        try:
            code = parse_code(raw, self.layout)
        except BarcodeError as exc:
            why = (Refusal.BAD_CHECK_DIGIT if isinstance(exc, BadCheckDigit)
                   else Refusal.UNKNOWN_CODE)
            return Outcome(Status.REFUSED, refusal=why)
        if code.kind == "order":
            return Outcome(Status.OPEN_ORDER, order_number=code.text)
        with self._action() as tx:
            if code.kind == "crate":
                number = tx.session.scalar(select(m.Order.number)
                                  .join(m.Crate, m.Crate.order_id == m.Order.id)
                                  .where(m.Crate.code == code.text))
                if number is None:
                    return Outcome(Status.REFUSED, refusal=Refusal.UNKNOWN_CODE)
                return Outcome(Status.OPEN_ORDER, order_number=number)
            loaded = self._open(tx, order_id)
            if (closed := self._closed(tx, loaded)) is not None:
                return closed
            product_id = loaded.product_of(code)  # the order's products' barcodes, held
            if product_id is None:  # not one of the order's products: which refusal
                barcode = find_barcode(tx.session, code)
                if barcode is None:
                    return Outcome(Status.REFUSED, self._view(tx, loaded),
                                   Refusal.UNKNOWN_PRODUCT)
                product_id = barcode.product_id
            mine = loaded.lines_of(product_id)
            if not mine:
                elsewhere = any(ln.product_id == product_id for ln in loaded.order.lines)
                why = Refusal.OTHER_DEPOT if elsewhere else Refusal.NOT_IN_ORDER
                return Outcome(Status.REFUSED, self._view(tx, loaded), why)
            if line_id is not None:
                mine = [ln for ln in mine if ln.id == line_id]
            progress = loaded.progress()
            open_lines = [ln for ln in mine if not progress[ln.id].resolved
                          and progress[ln.id].state is not LineState.OUT_OF_TOLERANCE]
            if not open_lines:
                return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.LINE_COMPLETE,
                               line_id=mine[0].id if mine else None)
            if len(open_lines) > 1:
                return Outcome(Status.AMBIGUOUS, self._view(tx, loaded),
                               candidates=tuple(ln.id for ln in open_lines))
            line = open_lines[0]
            weighed = line.product.sale_unit == d.SaleUnit.KG
            if code.grams is not None:
                if not weighed:
                    return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.NOT_WEIGHED,
                                   line_id=line.id)
                return self._add_item(tx, loaded, line, staff_id, weight_g=code.grams,
                                      source=d.WeightSource.BARCODE)
            if weighed:
                return Outcome(Status.NEEDS_WEIGHT, self._view(tx, loaded), line_id=line.id)
            return self._add_item(tx, loaded, line, staff_id, quantity=1)

    def pack_line(self, order_id: uuid.UUID, line_id: uuid.UUID, staff_id: uuid.UUID, *,
                  quantity: int = 1, crate_id: uuid.UUID | None = None) -> Outcome:
        """Tick pieces of a per-unit line without a barcode (bulk goods), into a crate."""
        with self._action() as tx:
            loaded = self._open(tx, order_id)
            if (closed := self._closed(tx, loaded)) is not None:
                return closed
            line = loaded.line(line_id)
            if line is None:
                return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.NOT_IN_ORDER)
            if line.product.sale_unit == d.SaleUnit.KG:
                return Outcome(Status.NEEDS_WEIGHT, self._view(tx, loaded), line_id=line.id)
            if loaded.progress()[line.id].resolved:
                return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.LINE_COMPLETE,
                               line_id=line.id)
            return self._add_item(tx, loaded, line, staff_id, quantity=quantity, crate_id=crate_id)

    def weigh(self, order_id: uuid.UUID, line_id: uuid.UUID, weight_g: int,
              source: d.WeightSource | str, staff_id: uuid.UUID, *,
              supervisor_id: uuid.UUID | None = None,
              crate_id: uuid.UUID | None = None) -> Outcome:
        """Record a weighed item of a per-kg line (from the scale, a barcode, or a supervisor)."""
        source = d.WeightSource(source)
        with self._action() as tx:
            loaded = self._open(tx, order_id)
            if (closed := self._closed(tx, loaded)) is not None:
                return closed
            line = loaded.line(line_id)
            if line is None:
                return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.NOT_IN_ORDER)
            if line.product.sale_unit != d.SaleUnit.KG:
                return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.NOT_WEIGHED,
                               line_id=line.id)
            if weight_g <= 0:
                return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.BAD_WEIGHT,
                               line_id=line.id)
            if source is d.WeightSource.MANUAL:
                if not self._is_supervisor(tx, supervisor_id):
                    return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.NEEDS_SUPERVISOR,
                                   line_id=line.id)
                self._audit(tx.session, supervisor_id, "manual_weight", {
                    "order_id": str(order_id), "line_id": str(line_id), "weight_g": weight_g,
                    "packer_id": str(staff_id)})
            if (done := self._nothing_missing(tx, loaded, line)) is not None:
                return done
            return self._add_item(tx, loaded, line, staff_id, weight_g=weight_g, source=source,
                                  supervisor_id=supervisor_id, crate_id=crate_id)

    def accept_out_of_tolerance(self, order_id: uuid.UUID, line_id: uuid.UUID,
                                supervisor_id: uuid.UUID, staff_id: uuid.UUID) -> Outcome:
        """A supervisor accepts the line's packed weight although it is outside tolerance."""
        with self._action() as tx:
            loaded = self._open(tx, order_id)
            line = loaded.line(line_id)
            if line is None:
                return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.NOT_IN_ORDER)
            if not self._is_supervisor(tx, supervisor_id):
                return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.NEEDS_SUPERVISOR,
                               line_id=line_id)
            p = loaded.progress()[line.id]
            if p.tolerance is None or p.tolerance.verdict is Tolerance.INSIDE or p.resolved:
                return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.NOT_OUT_OF_TOLERANCE,
                               line_id=line_id)
            row = m.PackAcceptance(depot_id=self.depot_id, order_id=order_id, line_id=line_id,
                                   weight_g=p.packed_weight_g, staff_id=staff_id,
                                   supervisor_id=supervisor_id, at=clock.utcnow())
            s = tx.session
            s.add(row)
            record(s, "pack_acceptance", row)
            self._audit(tx.session, supervisor_id, "accept_out_of_tolerance", {
                "order_id": str(order_id), "line_id": str(line_id),
                "weight_g": p.packed_weight_g, "ordered_g": p.tolerance.ordered_g,
                "packer_id": str(staff_id)})
            loaded.accepted.setdefault(line_id, set()).add(p.packed_weight_g)
            loaded.refold()
            self._project(tx, loaded)
            return Outcome(Status.OK, self._view(tx, loaded), line_id=line_id,
                           tolerance=p.tolerance)

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
        with self._action() as tx:
            loaded = self._open(tx, order_id)
            if (closed := self._closed(tx, loaded)) is not None:
                return closed
            line = loaded.line(line_id)
            if line is None:
                return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.NOT_IN_ORDER)
            if (done := self._nothing_missing(tx, loaded, line)) is not None:
                return done
            if kind is d.EventKind.SHORT:
                at = clock.utcnow()
                ev = self._event(loaded, kind, at, staff_id, line=line, reason=reason)
                self._write(tx, loaded, [ev])
                return Outcome(Status.OK, self._view(tx, loaded), line_id=line.id,
                               event_ids=(ev.id,))
            return self._add_item(tx, loaded, line, staff_id, kind=kind, reason=reason,
                                  quantity=max(1, int(line.quantity)), substitute_id=product_id)

    # -- crates --------------------------------------------------------------------------
    def open_crate(self, order_id: uuid.UUID, zone: str, staff_id: uuid.UUID) -> Outcome:
        with self._action() as tx:
            loaded = self._open(tx, order_id)
            if (closed := self._closed(tx, loaded)) is not None:
                return closed
            crate, event = self._new_crate(tx, loaded, d.Zone(zone), staff_id, clock.utcnow())
            self._write(tx, loaded, [event])
            return Outcome(Status.OK, self._view(tx, loaded), crate_id=crate.id,
                           event_ids=(event.id,))

    def close_crate(self, crate_id: uuid.UUID, staff_id: uuid.UUID) -> Outcome:
        """Close a crate (its label is printed by the caller: see `crate_labels`)."""
        with self._action() as tx:
            s = tx.session
            order_id = s.scalar(select(m.Crate.order_id).where(m.Crate.id == crate_id))
            if order_id is None:
                return Outcome(Status.REFUSED, refusal=Refusal.UNKNOWN_CODE)
            loaded = self._open(tx, order_id)
            crate = next((c for c in loaded.crates if c.id == crate_id), None)
            if crate is None or crate.status != d.CrateStatus.OPEN:
                return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.CRATE_CLOSED,
                               crate_id=crate_id)
            if not self._view(tx, loaded).crates[loaded.crates.index(crate)].items:
                return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.CRATE_EMPTY,
                               crate_id=crate_id)
            at = clock.utcnow()
            s.add(crate)  # held from an earlier action: attached again to be updated
            crate.status, crate.closed_at = d.CrateStatus.CLOSED, at
            record(s, "crate", crate)
            ev = self._event(loaded, d.EventKind.CRATE_CLOSE, at, staff_id, crate_id=crate.id)
            self._write(tx, loaded, [ev])
            return Outcome(Status.OK, self._view(tx, loaded), crate_id=crate_id, event_ids=(ev.id,))

    def finish(self, order_id: uuid.UUID, staff_id: uuid.UUID) -> Outcome:
        """A packed order: close its open crates holding items (one transaction)."""
        with self._action() as tx:
            loaded = self._open(tx, order_id)
            state = self._view(tx, loaded)
            if not state.packed:
                return Outcome(Status.REFUSED, state, Refusal.LINE_RESOLVED)
            at, events, s = clock.utcnow(), [], tx.session
            for crate, view in zip(loaded.crates, state.crates, strict=True):
                if crate.status == d.CrateStatus.OPEN and view.items:
                    s.add(crate)
                    crate.status, crate.closed_at = d.CrateStatus.CLOSED, at
                    record(s, "crate", crate)
                    events.append(self._event(loaded, d.EventKind.CRATE_CLOSE, at, staff_id,
                                              crate_id=crate.id))
            self._write(tx, loaded, events)
            return Outcome(Status.OK, self._view(tx, loaded), event_ids=tuple(e.id for e in events))

    def remove_item(self, event_id: uuid.UUID, staff_id: uuid.UUID) -> Outcome:
        """Take an item out of its crate (a REMOVE event reversing the item's event)."""
        return self._take_out(event_id, staff_id, None)

    def move_item(self, event_id: uuid.UUID, crate_id: uuid.UUID, staff_id: uuid.UUID) -> Outcome:
        """Move an item to another open crate of its zone: REMOVE + the same item there."""
        return self._take_out(event_id, staff_id, crate_id)

    def _take_out(self, event_id: uuid.UUID, staff_id: uuid.UUID,
                  to_crate: uuid.UUID | None) -> Outcome:
        with self._action() as tx:
            order_id = tx.session.scalar(select(m.PackEvent.order_id)
                                         .where(m.PackEvent.id == event_id))
            if order_id is None:
                return Outcome(Status.REFUSED, refusal=Refusal.NO_ITEM)
            loaded = self._open(tx, order_id)
            if (closed := self._closed(tx, loaded, take_out=to_crate is None)) is not None:
                return closed
            state = self._view(tx, loaded)
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
            self._write(tx, loaded, events)
            return Outcome(Status.OK, self._view(tx, loaded), line_id=line.id,
                           event_ids=tuple(e.id for e in events))

    # -- central changes -----------------------------------------------------------------
    def resolve_changes(self, order_id: uuid.UUID, staff_id: uuid.UUID) -> Outcome:
        """The packer has dealt with the order's central changes: mark them resolved by
        `staff_id`, with an audit-log entry (to the outbox), in one transaction."""
        with self._action() as tx:
            loaded = self._open(tx, order_id)
            if not loaded.changes:
                return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.NOTHING_TO_RESOLVE)
            changes = list(loaded.changes)
            for change in changes:
                conflicts.resolve(tx.session, change.id, staff_id)
            self._audit(tx.session, staff_id, "order_change_resolved", {
                "order_id": str(order_id), "number": loaded.order.number,
                "changes": [str(c.id) for c in changes], "kinds": [c.kind for c in changes],
                "old_version": changes[0].old_version, "new_version": changes[-1].new_version,
                "items_in_crates": len(self._view(tx, loaded).items)})
            loaded.changes = []
            return Outcome(Status.OK, self._view(tx, loaded))

    # -- undo ----------------------------------------------------------------------------
    def undo_last(self, order_id: uuid.UUID, staff_id: uuid.UUID) -> Outcome:
        """Reverse the newest action still in force (all its events; reopens a closed crate)."""
        with self._action() as tx:
            loaded = self._open(tx, order_id)
            if (closed := self._closed(tx, loaded)) is not None:
                return closed
            group = loaded.last_group()
            if not group:
                return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.NOTHING_TO_UNDO)
            at = clock.utcnow()
            undos = []
            for ev in group:
                undos.append(self._event(loaded, d.EventKind.UNDO, at, staff_id,
                                         line_id=ev.line_id, crate_id=ev.crate_id,
                                         target_id=ev.id))
                if ev.kind == d.EventKind.CRATE_CLOSE:
                    crate = next(c for c in loaded.crates if c.id == ev.crate_id)
                    s = tx.session
                    s.add(crate)
                    crate.status, crate.closed_at = d.CrateStatus.OPEN, None
                    record(s, "crate", crate)
            self._write(tx, loaded, undos)
            return Outcome(Status.OK, self._view(tx, loaded), line_id=group[-1].line_id,
                           event_ids=tuple(e.id for e in undos))
