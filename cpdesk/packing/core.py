"""The packing service's core: its own connection to the store, the order held between
actions, and the writing of pack events (no Qt here). The actions are in `service.py`,
what the screen is shown in `open_order.py`.

Why a connection of its own: the open order is kept in memory between scans and re-read
only when SQLite's `PRAGMA data_version` says another connection committed (see
`PackingCore.__init__`). A scan then costs its checks in memory, two INSERTs (the pack
events and their outbox entries, `store.outbox.RowWriter`, on the plain DB-API
connection: no ORM session unless the action needs one) and one COMMIT.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.pool import StaticPool

from cpdesk import clock
from cpdesk.domain import model as d
from cpdesk.domain.ids import new_id, short_code
from cpdesk.domain.money import unit_amount_cents, weighed_amount_cents
from cpdesk.domain.pack_state import pack_counts
from cpdesk.domain.packing import (
    FILLED,
    CrateRefusal,
    LineState,
    crate_refusal,
)
from cpdesk.store import models as m
from cpdesk.store import pack_progress
from cpdesk.store.barcode_lookup import depot_layout
from cpdesk.store.db import make_engine
from cpdesk.store.outbox import RowWriter, record
from cpdesk.store.queries import depot_by_code

from . import open_order
from .open_order import Event, OpenOrder
from .state import OrderState, Outcome, Refusal, Status

_CRATE_REFUSALS = {CrateRefusal.CLOSED: Refusal.CRATE_CLOSED,
                   CrateRefusal.WRONG_ZONE: Refusal.WRONG_ZONE,
                   CrateRefusal.OTHER_ORDER: Refusal.OTHER_ORDER}


class Tx:
    """One action's transaction on the service's own connection: begun on the plain DB-API
    connection (`db`), with an ORM session on the same connection only when the action asks
    for one (`session`); committed or rolled back as a whole."""

    __slots__ = ("db", "_engine", "_session", "_info")

    def __init__(self, db: sqlite3.Connection, engine: Engine, *, write: bool) -> None:
        self.db = db
        self._engine = engine
        self._session: Session | None = None
        self._info: dict[str, Any] = {}
        # IMMEDIATE: an action that writes takes the store's write lock before it looks at
        # the data version, so nobody else can commit between that look and its own commit
        # (the held order it checks against is the store's, to the end of the transaction).
        db.execute("BEGIN IMMEDIATE" if write else "BEGIN")

    @property
    def session(self) -> Session:
        """An ORM session in this transaction (the engine's one connection is `db`, and
        the session's transaction is the one begun on it: pysqlite emits no BEGIN)."""
        if self._session is None:
            self._session = Session(self._engine, expire_on_commit=False)
            self._session.info.update(self._info)
            self._info = self._session.info
        return self._session

    @property
    def info(self) -> dict[str, Any]:
        """The transaction's own data (the outbox's increasing times): the session's once
        there is one."""
        return self._info

    def flush(self) -> None:
        """Rows the session holds go to the store before rows written on `db` refer to them."""
        if self._session is not None and (self._session.new or self._session.dirty):
            self._session.flush()

    def commit(self) -> None:
        if self._session is not None:
            self._session.commit()
        if self.db.in_transaction:  # nothing done through the session: commit it here
            self.db.commit()

    def rollback(self) -> None:
        if self._session is not None:
            self._session.rollback()
        if self.db.in_transaction:
            self.db.rollback()

    def close(self) -> None:
        # After the commit or rollback above: a session closed with its transaction still
        # open would roll back what was written on `db`.
        if self._session is not None:
            self._session.close()


class PackingCore:
    """What every packing action stands on. Thread-safe: actions run one at a time, on the
    service's own connection to the store (see `_action`)."""

    def __init__(self, engine: Engine, depot_code: str) -> None:
        if engine.dialect.name != "sqlite":
            raise ValueError("the packing service works on a depot's SQLite store")
        self.engine = engine
        with Session(engine) as session:
            depot = depot_by_code(session, depot_code)
            self.depot_id = depot.id
            self.depot_code = depot.code
            self.settings = dict(depot.settings or {})
            self.layout = depot_layout(session, depot.code)
        # The order open at the station, kept between actions (`open_order.OpenOrder`), and
        # the store's data version when it was read: SQLite's `PRAGMA data_version` changes
        # for a connection when ANY OTHER connection commits (the sync worker pulling a
        # changed order, another screen, another station's service), never for its own
        # commits. Hence one connection of our own (a pool of one, used under a lock, made
        # with the store's pragmas): the open order is re-read exactly when someone else may
        # have changed the store.
        self._lock = threading.Lock()
        self._own = make_engine(engine.url.render_as_string(hide_password=False),
                                poolclass=StaticPool, pool_reset_on_return=None,
                                connect_args={"check_same_thread": False})
        self._events = RowWriter("pack_event", self._own.dialect)
        self._crates = RowWriter("crate", self._own.dialect)
        self._open_order: OpenOrder | None = None
        self._seen_version: int | None = None
        self.reloads = 0  # how many times the open order was read from the store
        self.rechecks = 0  # ... and found unchanged after another connection committed
        # Whoever disposes of the store's engine (the store is closed, set aside after a
        # problem, replaced) lets go of this connection too: no file kept open behind it.
        event.listen(engine, "engine_disposed", self._let_go)

    def _let_go(self, _engine: Engine | None = None) -> None:
        self._open_order = None  # a new connection has a data version of its own
        self._own.dispose()

    def close(self) -> None:
        """Let go of the service's own connection (the engine passed in stays open)."""
        with self._lock:
            if event.contains(self.engine, "engine_disposed", self._let_go):
                event.remove(self.engine, "engine_disposed", self._let_go)
            self._let_go()

    @contextmanager
    def _action(self, *, write: bool = True) -> Iterator[Tx]:
        """One action: a transaction on the service's own connection, committed at the end
        of the block (SQLite WAL + synchronous=FULL: durable when the action returns). If
        anything fails, the open order is forgotten: what it holds may not have been
        committed, so the next action reads it again."""
        with self._lock, closing(self._own.raw_connection()) as raw:
            # Taken from the pool of one for each action (the pool's events see every use
            # of the connection; it stays the same connection, with its data version).
            db = raw.dbapi_connection
            assert isinstance(db, sqlite3.Connection)
            tx = Tx(db, self._own, write=write)
            try:
                yield tx
                tx.commit()
            except BaseException:
                self._open_order = None
                tx.rollback()
                raise
            finally:
                tx.close()

    def _open(self, tx: Tx, order_id: uuid.UUID) -> OpenOrder:
        """The order as it stands: the one held in memory unless another connection wrote
        to the store since it was read (or it is another order)."""
        version = tx.db.execute("PRAGMA data_version").fetchone()[0]
        held = self._open_order
        if held is not None and held.order.id == order_id and version == self._seen_version:
            return held
        self._open_order = None
        if (held is not None and held.order.id == order_id
                and open_order.still_as_stored(tx.db, held, self.depot_id)):
            self.rechecks += 1  # someone else committed, nothing of this order changed
        else:
            held = open_order.load(tx.session, order_id, self.depot_id, self.depot_code)
            held.fixed = open_order.read_fixed(tx.db, order_id)  # in load's transaction
            self.reloads += 1
        self._open_order, self._seen_version = held, version
        return held

    def _view(self, tx: Tx, loaded: OpenOrder) -> OrderState:
        return open_order.order_state(loaded, tx.session if loaded.changes else None)

    @property
    def legal_for_trade(self) -> bool:
        """The depot sells by weight under legal metrology: weights come from an approved
        scale (stable readings only); a typed weight needs a supervisor and is marked."""
        return bool(self.settings.get("legal_for_trade", False))

    # -- internals -----------------------------------------------------------------------
    def _closed(self, tx: Tx, loaded: OpenOrder, *, take_out: bool = False) -> Outcome | None:
        """Refuse actions on an order that is not open; a cancelled order not yet resolved
        says so, and still lets the packer take items out of its crates."""
        if loaded.order.status == d.OrderStatus.OPEN:
            return None
        if loaded.order.status == d.OrderStatus.CANCELLED and loaded.changes:
            if take_out:
                return None
            return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.ORDER_CANCELLED)
        return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.ORDER_CLOSED)

    def _nothing_missing(self, tx: Tx, loaded: OpenOrder, line: m.OrderLine) -> Outcome | None:
        """Refuse adding to a line that is resolved (short, substituted) or already filled:
        an item comes out first (F8)."""
        state = loaded.progress()[line.id].state
        if state in (LineState.SHORT, LineState.SUBSTITUTED):
            return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.LINE_RESOLVED,
                           line_id=line.id)
        if state in FILLED:
            return Outcome(Status.REFUSED, self._view(tx, loaded), Refusal.LINE_PACKED,
                           line_id=line.id)
        return None

    def _is_supervisor(self, tx: Tx, staff_id: uuid.UUID | None) -> bool:
        if staff_id is None:
            return False
        row = tx.session.get(m.Staff, staff_id)
        return row is not None and row.active and row.role == d.Role.SUPERVISOR

    def _crate_refusal(self, loaded: OpenOrder, crate: m.Crate | None,
                       line: m.OrderLine) -> Refusal | None:
        if crate is None:
            return Refusal.OTHER_ORDER
        why = crate_refusal(crate_zone=d.Zone(crate.zone),
                            crate_open=crate.status == d.CrateStatus.OPEN,
                            crate_order=crate.order_id, item_zone=d.Zone(line.product.zone),
                            item_order=loaded.order.id)
        return _CRATE_REFUSALS[why] if why is not None else None

    def _add_item(self, tx: Tx, loaded: OpenOrder, line: m.OrderLine, staff_id: uuid.UUID, *,
                  kind: d.EventKind | None = None, quantity: int = 0,
                  weight_g: int | None = None, source: d.WeightSource | None = None,
                  supervisor_id: uuid.UUID | None = None, crate_id: uuid.UUID | None = None,
                  reason: str | None = None, substitute_id: uuid.UUID | None = None) -> Outcome:
        """Put an item of `line` into a crate of its zone (the current one unless given)."""
        at = clock.utcnow()
        events: list[Event] = []
        zone = d.Zone(line.product.zone)
        if crate_id is None:
            crate = max((c for c in loaded.crates if c.zone == zone
                         and c.status == d.CrateStatus.OPEN), key=lambda c: c.seq, default=None)
            if crate is None:
                crate, opened = self._new_crate(tx, loaded, zone, staff_id, at)
                events.append(opened)
        else:
            crate = next((c for c in loaded.crates if c.id == crate_id), None)
            refusal = self._crate_refusal(loaded, crate, line)
            if refusal is not None:
                return Outcome(Status.REFUSED, self._view(tx, loaded), refusal, line_id=line.id,
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
        self._write(tx, loaded, events)
        state = self._view(tx, loaded)
        progress = loaded.progress()[line.id]
        return Outcome(Status.OK, state, line_id=line.id, weight_g=weight_g,
                       tolerance=progress.tolerance, crate_id=crate.id,
                       event_ids=tuple(e.id for e in events))

    def _new_crate(self, tx: Tx, loaded: OpenOrder, zone: d.Zone, staff_id: uuid.UUID,
                   at: dt.datetime) -> tuple[m.Crate, Event]:
        crate_id = new_id()
        # the held crates are the store's (see `_open`): the next number of the depot's
        seq = 1 + max((c.seq for c in loaded.crates), default=0)
        crate = m.Crate(id=crate_id, code=f"CR{short_code(crate_id)}", order_id=loaded.order.id,
                        depot_id=self.depot_id, zone=str(zone), seq=seq,
                        status=str(d.CrateStatus.OPEN), created_at=at, closed_at=None)
        tx.flush()
        self._crates.write(tx.db, [crate], tx.info)  # the row and its outbox entry
        # held as if read from the store: attached to a later action's session to be
        # updated (closed, reopened), as the crates `open_order.load` read are
        make_transient_to_detached(crate)
        loaded.crates.append(crate)
        return crate, self._event(loaded, d.EventKind.CRATE_OPEN, at, staff_id, crate_id=crate_id)

    def _event(self, loaded: OpenOrder, kind: d.EventKind, at: dt.datetime, staff_id: uuid.UUID, *,
               line: m.OrderLine | None = None, line_id: uuid.UUID | None = None,
               crate_id: uuid.UUID | None = None, quantity: int = 0,
               weight_g: int | None = None, source: str | None = None, amount: int | None = None,
               reason: str | None = None, target_id: uuid.UUID | None = None,
               supervisor_id: uuid.UUID | None = None,
               substitute_id: uuid.UUID | None = None) -> Event:
        return Event(
            id=new_id(), depot_id=self.depot_id, order_id=loaded.order.id,
            line_id=line.id if line is not None else line_id, crate_id=crate_id, kind=str(kind),
            quantity=quantity, weight_g=weight_g, weight_source=source, amount_cents=amount,
            reason=reason, substitute_product_id=substitute_id, target_id=target_id,
            staff_id=staff_id, supervisor_id=supervisor_id,
            order_version=loaded.order.version, at=at)

    def _write(self, tx: Tx, loaded: OpenOrder, events: list[Event]) -> None:
        """Insert the events and their outbox rows, and add them to the open order; the
        caller's transaction commits them (if it fails, `_action` forgets the open order)."""
        tx.flush()  # a crate just opened, which these events refer to
        self._events.write(tx.db, events, tx.info)
        for ev in events:
            loaded.add_event(ev)
        self._project(tx, loaded)

    def _project(self, tx: Tx, loaded: OpenOrder) -> None:
        """The order's row of the board's progress projection, from the order held: after
        the action's writes, in its transaction (cpdesk/store/pack_progress.py)."""
        tx.flush()  # the triggers see the action's rows before the row is written
        counts = pack_counts(loaded.domain_lines, loaded.progress().values())
        pack_progress.record(tx.db, loaded.order.id, self.depot_id, counts)

    def _audit(self, s: Session, staff_id: uuid.UUID | None, action: str,
               detail: dict[str, object]) -> None:
        row = m.AuditLog(depot_id=self.depot_id, staff_id=staff_id, action=action,
                         detail=detail, at=clock.utcnow())
        s.add(row)
        record(s, "audit_log", row)
