"""The centre's side of the contract, over a direct database connection.

One class serves both centres:

- PostgreSQL (production): the change log `sync_change` is stamped by triggers with
  `pg_current_xact_id()` (xid8) and a sequence; a page is read with
  `(xid, seq) > cursor AND xid < gate` so a row committed late by a concurrent transaction
  can't be skipped. The gate is `cp_pull_gate()` (migration 0007): the oldest transaction in
  progress that could still write this database's change log, so a transaction open in
  another database of the server holds nothing back. The depot logs in with its own role;
  row-level security decides what it may read and write (migration 0003).
- SQLite (the demo's embedded `central.sqlite`): triggers installed by `install_sqlite_central`
  log changes with an AUTOINCREMENT seq. SQLite has one writer at a time and a transaction
  takes its seq values while holding the write lock until commit, so seq order is commit
  order and a plain `seq > cursor` can't skip a row. Visibility is filtered in the queries
  here (there are no roles in SQLite; the demo file is not a security boundary).
"""

from __future__ import annotations

import functools
import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    exists,
    false,
    func,
    insert,
    or_,
    select,
    text,
    true,
    update,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import sqlite

from cpdesk import clock
from cpdesk.domain.ids import new_id
from cpdesk.errors import CpdeskError
from cpdesk.store import topics
from cpdesk.store.models import Base
from cpdesk.store.outbox import TOPICS

from .contract import (
    Event,
    PullPage,
    PushResult,
    RowChange,
    format_cursor,
    parse_cursor,
    row_from_json,
)

T = Base.metadata.tables
# What is pulled, logged as what, handed back, never sent: the sync topic registry.
PULLED = topics.PULLED  # pull order: parents before children
CENTRAL_ONLY = topics.CENTRAL_ONLY  # columns a depot never reads: it gets "" instead
KEY = topics.KEYS
HISTORY = topics.HISTORY  # a depot's own facts handed back to a store set up afresh
# A business rejection of one event is stored, never raised: these errors mean "this fact
# can't be applied", unlike a lost connection (OperationalError), which must propagate.
# The sync status counts held-back change-log entries up to this many ("10000 or more").
HELD_COUNT_MAX = 10_000
# Reads of a page whose gate was set by a transaction that ended meanwhile (see `pull`).
GATE_RETRIES = 4
REJECTIONS = (sa_exc.IntegrityError, sa_exc.ProgrammingError, sa_exc.DataError, KeyError,
              ValueError, TypeError)


def rejection_reason(exc: BaseException) -> str:
    """The database's own words for a refusal, one line (a driver's error class and the SQL
    statement it quotes are left out: the reason is read by people at the depot)."""
    if isinstance(exc, sa_exc.DBAPIError) and exc.orig is not None:
        exc = exc.orig
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    text = lines[0] if lines else type(exc).__name__
    detail = next((ln for ln in lines[1:] if ln.startswith("DETAIL:")), "")
    return (f"{text} ({detail.removeprefix('DETAIL:').strip()})" if detail else text)[:500]


STALE_NOTE = "order changed or cancelled centrally"
# Each event parked once (a known id is left alone), with what this depot's row said before.
# A data-modifying CTE's rows are not visible to the rest of the statement, so `ce` is the
# row as it was: an id that another depot holds is invisible (row-level security) and absent.
RECEIVE_SQL = """
WITH b AS (SELECT * FROM jsonb_to_recordset(CAST(:b AS jsonb))
                      AS b(id uuid, topic text, payload jsonb)),
new AS (INSERT INTO central_event (id, depot_code, topic, payload, received_at, status, note)
        SELECT b.id, :d, b.topic, CAST(b.payload AS json), :now, 'accepted', '' FROM b
        ON CONFLICT (id) DO NOTHING RETURNING id)
SELECT b.id, new.id IS NOT NULL, ce.status, ce.note FROM b
  LEFT JOIN new ON new.id = b.id
  LEFT JOIN central_event ce ON ce.id = b.id AND ce.depot_code = :d"""


@functools.cache
def _insert_sql(table: str, cols: tuple[str, ...], keep: tuple[str, ...] | None) -> str:
    """INSERT ... SELECT from a JSON array of rows, typed by the table's own row type."""
    names = ", ".join(f'"{c}"' for c in cols)
    sql = (f'INSERT INTO "{table}" ({names}) SELECT {names} FROM '
           f'jsonb_populate_recordset(NULL::"{table}", CAST(:rows AS jsonb)) ')
    if keep is None:
        return sql + "ON CONFLICT (id) DO NOTHING"
    sets = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in cols if c not in keep)
    return sql + (f"ON CONFLICT (id) DO UPDATE SET {sets}" if sets
                  else "ON CONFLICT (id) DO NOTHING")



def key_of(table: str, key: str) -> Any:
    return key if table in KEY else uuid.UUID(key)


class CentralBackend:
    """`Central` over a SQLAlchemy engine on the centre, speaking for one depot."""

    def __init__(self, engine: Engine, depot_code: str) -> None:
        self.engine = engine
        self.depot_code = depot_code.upper()
        self.pg = engine.dialect.name == "postgresql"
        self._depot_id: uuid.UUID | None = None
        self._checked = False

    # -- identity --------------------------------------------------------------------------
    def _check(self, conn: Connection) -> None:
        """On PostgreSQL the login must speak for this depot (RLS reads the login, not us)."""
        if self._checked:
            return
        if self.pg:
            code = conn.execute(text("SELECT cp_depot_code()")).scalar()
            if code != self.depot_code:
                raise CpdeskError(f"the central login speaks for depot {code or 'none'}, "
                                  f"not {self.depot_code} (use the depot's own login)")
        self._depot_id = conn.execute(select(T["depot"].c.id).where(
            T["depot"].c.code == self.depot_code)).scalar()
        if self._depot_id is None:
            raise CpdeskError(f"the centre knows no depot {self.depot_code}")
        self._checked = True

    def epoch(self) -> str:
        with self.engine.connect() as conn:
            self._check(conn)
            return conn.execute(select(T["meta"].c.value).where(
                T["meta"].c.key == "epoch")).scalar() or ""

    def close(self) -> None:
        self.engine.dispose()

    # -- push ------------------------------------------------------------------------------
    def push(self, events: Sequence[Event]) -> PushResult:
        """Apply a batch once per event id. Only a stored fact is acknowledged: one the
        centre can't store is parked in `central_event` (status `rejected`, with its payload
        and the reason) and answered as rejected, so the depot keeps it open and sends it
        again; a parked event sent again is applied again (its target may have been put
        right). One settled by a person (`resolved`) is answered with the person's note.

        On PostgreSQL the batch travels as one JSON array, applied set-based (a statement
        per run of one topic, the same statement text every time: nothing to compile per
        batch), as the depot's own login: row-level security checks every row."""
        if not events:
            return PushResult()
        ids = [e.id for e in events]
        with self.engine.begin() as conn:
            self._check(conn)
            known = self._receive(conn, events)  # id -> (new, status, note) before this push
            todo = [e for e in events if known[e.id][0] or known[e.id][1] == "rejected"]
            refused = self._apply(conn, todo) if todo else {}
            again = [e.id for e in todo if not known[e.id][0] and e.id not in refused]
            self._set_status(conn, [(i, "accepted", "") for i in again]
                             + [(i, "rejected", why) for i, why in refused.items()])
            self._flag_stale(conn, [e.id for e in todo
                                    if e.topic == "pack_event" and e.id not in refused])
        result = PushResult()
        for i in ids:
            new, status, note = known[i]
            if i in refused:
                result.rejected[i] = refused[i]
            elif new or status in ("accepted", "flagged", "rejected"):
                result.acked.append(i)
            elif status == "resolved":
                result.resolved[i] = note
            else:  # an id held by another depot's event: it can't be this fact
                result.rejected[i] = "the centre holds another fact under this event id"
        return result

    def _receive(self, conn: Connection, events: Sequence[Event],
                 ) -> dict[uuid.UUID, tuple[bool, str | None, str]]:
        """Park every event in `central_event` once (a known id is left as it is); for each
        id: whether it is new, and the status and note it had (None: not this depot's)."""
        now = clock.utcnow()
        if self.pg:
            batch = json.dumps([{"id": str(e.id), "topic": e.topic, "payload": e.payload}
                                for e in events], separators=(",", ":"))
            rows = conn.execute(text(RECEIVE_SQL), {"b": batch, "d": self.depot_code,
                                                    "now": now}).all()
            out = {r[0]: (bool(r[1]), r[2], r[3] or "") for r in rows}
            return {e.id: out.get(e.id, (False, None, "")) for e in events}
        ce = T["central_event"]
        ids = [e.id for e in events]
        before = {r.id: (r.status, r.note) for r in conn.execute(
            select(ce.c.id, ce.c.status, ce.c.note).where(
                ce.c.id.in_(ids), ce.c.depot_code == self.depot_code))}
        values = [{"id": e.id, "depot_code": self.depot_code, "topic": e.topic,
                   "payload": e.payload, "received_at": now, "status": "accepted", "note": ""}
                  for e in events]
        new = set(conn.execute(sqlite.insert(ce).values(values).on_conflict_do_nothing(
            index_elements=["id"]).returning(ce.c.id)).scalars())
        return {i: (i in new, before.get(i, (None, ""))[0], before.get(i, (None, ""))[1])
                for i in ids}

    def _set_status(self, conn: Connection, rows: list[tuple[uuid.UUID, str, str]]) -> None:
        if not rows:
            return
        if self.pg:
            conn.execute(text(
                "UPDATE central_event ce SET status = x.status, note = x.note FROM "
                "jsonb_to_recordset(CAST(:r AS jsonb)) AS x(id uuid, status text, note text) "
                "WHERE ce.id = x.id"),
                {"r": json.dumps([{"id": str(i), "status": s, "note": n} for i, s, n in rows])})
            return
        ce = T["central_event"]
        for i, status, note in rows:
            conn.execute(update(ce).where(ce.c.id == i).values(status=status, note=note))

    def _apply(self, conn: Connection, events: list[Event]) -> dict[uuid.UUID, str]:
        """Apply the facts; the refused ones (id -> reason), the rest applied."""
        try:
            with conn.begin_nested():
                self._apply_facts(conn, events)
            return {}
        except REJECTIONS:
            pass
        refused = {}
        for e in events:  # find the culprit(s); the rest are applied
            try:
                with conn.begin_nested():
                    self._apply_facts(conn, [e])
            except REJECTIONS as exc:
                refused[e.id] = rejection_reason(exc)
        return refused

    def _apply_facts(self, conn: Connection, events: list[Event]) -> None:
        """Apply events in their order, a run of one topic at a time (see store/outbox.py):
        immutable facts are inserted once (a known id is ignored), mutable rows upserted;
        the centre's side effects are triggers on the fact tables (the registry's
        `side_effect`, cpdesk/store/topics.py)."""
        for e in events:
            if e.topic not in TOPICS:
                raise ValueError(f"unknown topic {e.topic!r}")
        for topic, run in groupby(events, key=lambda e: e.topic):
            spec = TOPICS[topic]
            payloads = [e.payload for e in run]
            if topic == "staff_pin":
                self._first_pins(conn, payloads)
                continue
            if not spec.immutable:  # in event order: a later state of the same row wins
                payloads = list({str(p["id"]): p for p in payloads}.values())
            self._insert_rows(conn, spec.table, payloads,
                         None if spec.immutable else ("id", *spec.fixed))
            for key, child, _fk in spec.children:
                parts = [r for p in payloads for r in p[key]]
                if parts:
                    self._insert_rows(conn, child, parts, None)

    def _insert_rows(self, conn: Connection, table: str, rows: list[dict[str, Any]],
                keep: tuple[str, ...] | None) -> None:
        """Insert payload rows into `table`, a known id ignored; `keep` given: upsert, every
        column but those in `keep` taking the new value."""
        t = T[table]
        if not self.pg:
            values = [row_from_json(t, p) for p in rows]
            ins = sqlite.insert(t)
            if keep is None:
                conn.execute(ins.on_conflict_do_nothing(index_elements=["id"]), values)
                return
            for row in values:
                ins = sqlite.insert(t).values(row)
                cols = {k: ins.excluded[k] for k in row if k not in keep}
                conn.execute(ins.on_conflict_do_update(index_elements=["id"], set_=cols))
            return
        names = set(t.c.keys())
        # Rows of one shape per statement (an event recorded before a column existed lacks
        # it: the column's default applies, as for any insert that leaves it out).
        shapes: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for p in rows:
            if not isinstance(p, dict):
                raise TypeError(f"a {table} row must be an object")
            shapes[tuple(k for k in t.c.keys() if k in p)].append(p)
        for shape, group in shapes.items():
            if "id" not in shape or not names.issuperset(shape):
                raise KeyError(f"a {table} row without its id")
            conn.execute(text(_insert_sql(table, shape, keep)),
                         {"rows": json.dumps(group, separators=(",", ":"))})

    def _first_pins(self, conn: Connection, payloads: list[dict[str, Any]]) -> None:
        """A PIN chosen at a depot's first sign-in is taken only while the centre has none
        for that person; otherwise the staff row is logged again, so the depot that lost the
        race pulls the PIN that won (see cpdesk.packing.first_pin)."""
        st = T["staff"]
        for p in payloads:
            sid, pin_hash = uuid.UUID(p["id"]), str(p["pin_hash"] or "")
            if not pin_hash:
                continue
            if self.pg:  # the depots may not update staff: a SECURITY DEFINER function
                conn.execute(text("SELECT cp_set_first_pin(:id, :h)"), {"id": sid, "h": pin_hash})
                continue
            done = conn.execute(update(st).where(st.c.id == sid, st.c.pin_hash == "")
                                .values(pin_hash=pin_hash)).rowcount
            if not done:
                conn.execute(insert(T["sync_change"]).values(tbl="staff", row_key=str(sid),
                                                             op="U"))

    def _flag_stale(self, conn: Connection, ids: list[uuid.UUID]) -> None:
        """Packed after a cancel or against an old version: accepted, flagged for a person."""
        if not ids:
            return
        pe, o, ce = T["pack_event"], T["order"], T["central_event"]
        if self.pg:
            conn.execute(text(
                "UPDATE central_event ce SET status = 'flagged', note = :note "
                'FROM pack_event pe JOIN "order" o ON o.id = pe.order_id '
                "WHERE pe.id = ANY(:ids) AND ce.id = pe.id AND ce.status = 'accepted' "
                "AND (o.status = 'cancelled' OR o.version <> pe.order_version)"),
                {"ids": ids, "note": STALE_NOTE})
            return
        stale = conn.execute(select(pe.c.id).join(o, o.c.id == pe.c.order_id).where(
            pe.c.id.in_(ids), or_(o.c.status == "cancelled", o.c.version != pe.c.order_version)
        )).scalars().all()
        if stale:
            conn.execute(update(ce).where(ce.c.id.in_(stale), ce.c.status == "accepted")
                         .values(status="flagged", note=STALE_NOTE))

    # -- the depot's own history ----------------------------------------------------------
    def history(self, table: str, after: uuid.UUID | None, limit: int) -> list[dict[str, Any]]:
        """A page (by id) of this depot's own facts in `table` (one of `HISTORY`), for a
        store set up afresh: its sales, register sessions, pack events of orders it still
        sees, ... The depot inserts them as they are; they are never pushed again."""
        if table not in HISTORY:
            raise ValueError(f"no history of {table!r}")
        t = T[table]
        with self.engine.connect() as conn:
            self._check(conn)
            q = select(t).where(self._own(table)).order_by(t.c.id).limit(limit)
            if after is not None:
                q = q.where(t.c.id > after)
            rows = [dict(r) for r in conn.execute(q).mappings()]
            conn.rollback()
        return rows

    def _own(self, table: str) -> Any:
        """This depot's own rows (on PostgreSQL row-level security says the same)."""
        me = self._depot_id
        if table in ("sale_line", "sale_payment"):
            sale = T["sale"]
            return T[table].c.sale_id.in_(select(sale.c.id).where(sale.c.depot_id == me))
        if table == "cash_movement":
            rs = T["register_session"]
            return T[table].c.session_id.in_(select(rs.c.id).where(rs.c.depot_id == me))
        own = T[table].c.depot_id == me
        if table in ("pack_event", "pack_acceptance"):  # for orders the depot still sees
            o = T["order"]
            seen = T[table].c.order_id.in_(select(o.c.id).where(o.c.status != "cancelled"))
            if not self.pg:
                seen = T[table].c.order_id.in_(select(o.c.id).where(
                    o.c.status != "cancelled", self._visible("order")))
            return own & seen
        return own

    # -- pull ------------------------------------------------------------------------------
    def backlog(self, cursor: str) -> int:
        """How many change-log entries lie after `cursor`: the first sync's progress total."""
        x, s = parse_cursor(cursor)
        with self.engine.connect() as conn:
            self._check(conn)
            if self.pg:
                n = conn.execute(text(
                    "SELECT count(*) FROM sync_change "
                    "WHERE (xid, seq) > (CAST(CAST(:x AS text) AS xid8), :s)"),
                    {"x": x, "s": s}).scalar()
            else:
                sc = T["sync_change"]
                n = conn.execute(select(func.count()).select_from(sc).where(sc.c.seq > s)).scalar()
            conn.rollback()
        return int(n or 0)

    def pull(self, cursor: str, limit: int) -> PullPage:
        """A page after `cursor`. On PostgreSQL the page stops at the gate of its snapshot;
        when the transaction that set the gate has ended by the time the page is read (it
        was still running when the snapshot was taken, e.g. a short push or a transaction
        of another database that can't be placed any more), what it held back is committed
        or gone: the page is read again with a fresh snapshot (a few times at most) rather
        than ending the sync short of changes that are already there."""
        for _ in range(GATE_RETRIES):
            page, holder_ended = self._pull(cursor, limit)
            if not holder_ended:
                return page
        return page

    def _pull(self, cursor: str, limit: int) -> tuple[PullPage, bool]:
        x, s = parse_cursor(cursor)
        holder_ended = False
        with self.engine.connect() as conn:
            if self.pg:  # one snapshot for the gate and the rows of the page
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            self._check(conn)
            held_back, held_for = 0, None
            if self.pg:
                gate = conn.execute(text(
                    "SELECT gate::text::bigint AS gate, holders, "
                    "EXTRACT(EPOCH FROM clock_timestamp() - held_since) AS held_for "
                    "FROM cp_pull_gate()")).one()
                entries = conn.execute(text(
                    "SELECT xid::text::bigint AS xid, seq, tbl, row_key, op FROM sync_change "
                    "WHERE (xid, seq) > (CAST(CAST(:x AS text) AS xid8), :s) "
                    "AND xid < CAST(CAST(:g AS text) AS xid8) "
                    "ORDER BY xid, seq LIMIT :n"),
                    {"x": x, "s": s, "g": gate.gate, "n": limit}).all()
                if gate.holders and len(entries) < limit:
                    held_back, held_for = self._held_back(conn, x, s, gate)
                    if held_back:  # pg_xact_status reads the live state, not the snapshot
                        holder_ended = conn.execute(text(
                            "SELECT pg_xact_status(CAST(CAST(:g AS text) AS xid8))"),
                            {"g": gate.gate}).scalar() != "in progress"
            else:
                sc = T["sync_change"]
                entries = conn.execute(
                    select(sc.c.seq, sc.c.tbl, sc.c.row_key, sc.c.op).where(sc.c.seq > s)
                    .order_by(sc.c.seq).limit(limit)).all()
            epoch = conn.execute(select(T["meta"].c.value).where(
                T["meta"].c.key == "epoch")).scalar() or ""
            if not entries:
                conn.rollback()
                return PullPage([], cursor, False, 0, epoch, held_back, held_for), holder_ended
            last = entries[-1]
            new_cursor = format_cursor(int(last.xid) if self.pg else 0, int(last.seq))
            changes = self._rows(conn, entries)
            conn.rollback()
        # A page with entries is applied as it is (its cursor is below the gate); the
        # engine asks for the next page, with a fresh snapshot, when this one says `more`.
        more = len(entries) >= limit or holder_ended
        return PullPage(changes, new_cursor, more, len(entries), epoch,
                        held_back, held_for), False

    def _held_back(self, conn: Connection, x: int, s: int,
                   gate: Any) -> tuple[int, float | None]:
        """Entries after the cursor, committed (visible in this page's snapshot) but at or
        above the gate: what the open transaction holds back (counted up to HELD_COUNT_MAX,
        through the same row-level security as the page)."""
        n = conn.execute(text(
            "SELECT count(*) FROM (SELECT 1 FROM sync_change "
            "WHERE (xid, seq) > (CAST(CAST(:x AS text) AS xid8), :s) "
            "AND xid >= CAST(CAST(:g AS text) AS xid8) LIMIT :m) AS held"),
            {"x": x, "s": s, "g": gate.gate, "m": HELD_COUNT_MAX}).scalar() or 0
        if not n:
            return 0, None
        return int(n), None if gate.held_for is None else round(float(gate.held_for), 1)

    def _rows(self, conn: Connection, entries: Sequence[Any]) -> list[RowChange]:
        latest: dict[tuple[str, str], str] = {}
        for e in entries:
            latest[(e.tbl, e.row_key)] = e.op
        keys: dict[str, list[str]] = defaultdict(list)
        gone: list[RowChange] = []
        for (tbl, key), op in latest.items():
            if op == "D" and tbl != "order":
                gone.append(RowChange(tbl, key, None))
            else:
                keys[tbl].append(key)
        found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for tbl in PULLED:
            if tbl not in keys:
                continue
            table = T[tbl]
            pk = table.c[KEY.get(tbl, "id")]
            ids = [key_of(tbl, k) for k in keys[tbl]]
            hidden = CENTRAL_ONLY.get(tbl, ())
            cols = [c for c in table.c if c.key not in hidden]
            for i in range(0, len(ids), 1000):
                q = select(*cols).where(pk.in_(ids[i:i + 1000]))
                if not self.pg:
                    q = q.where(self._visible(tbl))
                for r in conn.execute(q).mappings():
                    found[tbl][str(r[pk.key])] = {**dict(r), **{k: "" for k in hidden}}
        orders = found.get("order", {})
        if orders:  # an order travels whole: its lines, customer, stop and round
            self._order_parts(conn, orders, found)
        # An order gone or no longer visible (moved to another depot): a tombstone, else RLS
        # would just hide it and the old depot would never learn it left (shared/SYNC.md).
        for key in keys.get("order", []):
            if str(uuid.UUID(key)) not in orders:
                gone.append(RowChange("order", str(uuid.UUID(key)), None))
        out = [RowChange(tbl, k, row) for tbl in PULLED for k, row in found.get(tbl, {}).items()]
        return out + gone

    def _order_parts(self, conn: Connection, orders: dict[str, dict[str, Any]],
                     found: dict[str, dict[str, dict[str, Any]]]) -> None:
        ids = [r["id"] for r in orders.values()]
        ol = T["order_line"]
        for i in range(0, len(ids), 1000):
            for r in conn.execute(select(ol).where(ol.c.order_id.in_(ids[i:i + 1000]))).mappings():
                found["order_line"][str(r["id"])] = dict(r)
        for tbl, col, src in (("customer", "customer_id", orders), ("stop", "stop_id", orders),
                              ("round", "round_id", None)):
            rows = found["stop"] if src is None else src
            want = {r[col] for r in rows.values() if r.get(col) is not None}
            want -= {uuid.UUID(k) for k in found.get(tbl, {})}
            table = T[tbl]
            wl = list(want)
            for i in range(0, len(wl), 1000):
                for r in conn.execute(select(table).where(table.c.id.in_(wl[i:i + 1000]))).mappings():
                    found[tbl][str(r["id"])] = dict(r)

    def _visible(self, tbl: str) -> Any:
        """The demo centre's stand-in for row-level security (see migration 0003)."""
        me = self._depot_id
        o, ol, s, r, c = T["order"], T["order_line"], T["stop"], T["round"], T["crate"]

        def order_visible(order_id: Any) -> Any:
            return or_(
                exists().where(ol.c.order_id == order_id, ol.c.packing_depot_id == me),
                exists().where(o.c.id == order_id, s.c.id == o.c.stop_id,
                               r.c.id == s.c.round_id, r.c.depot_id == me))

        if tbl == "order":
            return order_visible(o.c.id)
        if tbl == "order_line":
            return order_visible(ol.c.order_id)
        o2 = o.alias("o2")
        stop_visible = exists().where(o2.c.stop_id == s.c.id, order_visible(o2.c.id))
        if tbl == "stop":
            return stop_visible
        if tbl == "round":
            return or_(r.c.depot_id == me, exists().where(
                s.c.round_id == r.c.id, exists().where(o2.c.stop_id == s.c.id,
                                                       order_visible(o2.c.id))))
        if tbl == "customer":
            return exists().where(o2.c.customer_id == T["customer"].c.id,
                                  order_visible(o2.c.id))
        if tbl == "crate":
            return or_(c.c.depot_id == me, order_visible(c.c.order_id))
        if tbl == "staff_pin":  # each depot its own verifiers
            return T["staff_pin"].c.depot_id == me
        if tbl == "crate_move":
            cm = T["crate_move"]
            c2 = c.alias("c2")
            return or_(cm.c.depot_id == me, exists().where(
                c2.c.id == cm.c.crate_id, or_(c2.c.depot_id == me, order_visible(c2.c.order_id))))
        if tbl in PULLED:
            return true()
        return false()


# -- the demo's embedded centre --------------------------------------------------------------

def install_sqlite_central(engine: Engine) -> None:
    """Change-log triggers, a backfill of what is already there, and an epoch (idempotent)."""
    with engine.begin() as conn:
        for entry in topics.SYNCED:
            if entry.logged_as is None:
                continue
            table, logged, key, forced = entry.table, entry.logged_as, entry.key, entry.forced_op
            have = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type='trigger' "
                                     "AND name = :n"), {"n": f"cp_log_{table}_insert"}).scalar()
            if have:
                continue
            for when, ref, op in (("INSERT", "NEW", "U"), ("UPDATE", "NEW", "U"),
                                  ("DELETE", "OLD", "D")):
                conn.execute(text(
                    f'CREATE TRIGGER IF NOT EXISTS cp_log_{table}_{when.lower()} AFTER {when} '
                    f'ON "{table}" BEGIN INSERT INTO sync_change (tbl, row_key, op) '
                    f"VALUES ('{logged}', {ref}.{key}, '{forced or op}'); END"))
            if table != "order_line":
                conn.execute(text(
                    f"INSERT INTO sync_change (tbl, row_key, op) "
                    f"SELECT '{logged}', {key}, 'U' FROM \"{table}\""))
        for entry in topics.SYNCED:  # the centre's side effects (triggers on PostgreSQL too)
            if entry.side_effect is not None:
                conn.execute(text(
                    f'CREATE TRIGGER IF NOT EXISTS cp_fx_{entry.table} AFTER INSERT ON '
                    f'"{entry.table}" BEGIN{entry.side_effect.sqlite}\nEND'))
        meta = T["meta"]
        if conn.execute(select(meta.c.value).where(meta.c.key == "epoch")).scalar() is None:
            conn.execute(insert(meta).values(key="epoch", value=str(new_id())))


def head_cursor(engine: Engine) -> str:
    """The cursor after everything now in the centre's change log (demo depots start there)."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            row = conn.execute(text("SELECT xid::text::bigint, seq FROM sync_change "
                                    "ORDER BY xid DESC, seq DESC LIMIT 1")).first()
            return format_cursor(int(row[0]), int(row[1])) if row else format_cursor(0, 0)
        seq = conn.execute(text("SELECT max(seq) FROM sync_change")).scalar()
        return format_cursor(0, int(seq or 0))
