"""The centre's side of a push: a batch of events parked once, its facts applied set-based.

On PostgreSQL the batch travels as one JSON array: one statement parks every event in
`central_event` (a known id left alone) and says what was there before; each run of one topic
is applied with one `INSERT ... SELECT FROM jsonb_populate_recordset` (the same statement text
every time: nothing compiled per batch), as the depot's own login, so row-level security
checks every row; no temporary table (depot logins have none) and no definer function. A
batch that fails is applied again event by event, each in a savepoint, to park the refused
ones with their reason (a refusal is never an acknowledgement). The demo's SQLite centre
takes the same steps through SQLAlchemy.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, Engine, insert, or_, select, text, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import sqlite

from cpdesk import clock
from cpdesk.domain import pins
from cpdesk.store.models import Base
from cpdesk.store.outbox import TOPICS

from .contract import Event, PushResult, row_from_json

T = Base.metadata.tables
# A business rejection of one event is stored, never raised: these errors mean "this fact
# can't be applied", unlike a lost connection (OperationalError), which must propagate.
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
# Whether an order is stale is asked once per order and version the batch names (a batch of
# 1,000 scans names one or a few), not once per event. The order's id is a sub-select: a cast
# of the payload in the condition itself is a call that is not leakproof, which row-level
# security evaluates only after the order's policy, i.e. on every order (a scan of the table,
# with a membership probe per order); as a sub-select, with LIMIT 1, it is a probe of the
# order's key (as an EXISTS or a join, the generic plan scans every order).
_RECEIVE = """
WITH b AS (SELECT * FROM jsonb_to_recordset(CAST(:b AS jsonb))
                      AS b(id uuid, topic text, payload jsonb)),
v AS (SELECT DISTINCT b.payload ->> 'order_id' AS order_id,
                      b.payload ->> 'order_version' AS version
        FROM b WHERE b.topic = 'pack_event'),
stale AS (
  SELECT v.order_id, v.version FROM v CROSS JOIN LATERAL (
    SELECT 1 FROM "order" o
     WHERE o.id = (SELECT CAST(v.order_id AS uuid) WHERE v.order_id ~ '^[0-9a-fA-F-]{32,36}$')
       AND (o.status = 'cancelled' OR CAST(o.version AS text) IS DISTINCT FROM v.version)
     LIMIT 1) AS found),
new AS (INSERT INTO central_event (id, depot_code, topic, payload, received_at, status, note)
        SELECT b.id, :d, b.topic, CAST(b.payload AS json), :now,
               CASE WHEN s.order_id IS NOT NULL THEN 'flagged' ELSE 'accepted' END,
               CASE WHEN s.order_id IS NOT NULL THEN :stale ELSE '' END
          FROM b LEFT JOIN stale s
            ON b.topic = 'pack_event' AND s.order_id = b.payload ->> 'order_id'
           AND s.version IS NOT DISTINCT FROM b.payload ->> 'order_version'
        ON CONFLICT (id) DO NOTHING RETURNING id)"""
_RECEIVED = """
SELECT b.id, new.id IS NOT NULL, ce.status, ce.note FROM b
  LEFT JOIN new ON new.id = b.id
  LEFT JOIN central_event ce ON ce.id = b.id AND ce.depot_code = :d"""
RECEIVE_SQL = _RECEIVE + _RECEIVED


@functools.cache
def _receive_and_insert_sql(table: str, cols: tuple[str, ...]) -> str:
    """Park a batch of one immutable topic and insert its new facts, in one statement."""
    names = ", ".join(f'"{c}"' for c in cols)
    picked = ", ".join(f'r."{c}"' for c in cols)
    return (_RECEIVE + f""",
f AS (INSERT INTO "{table}" ({names}) SELECT {picked}
        FROM b JOIN new ON new.id = b.id
        CROSS JOIN LATERAL jsonb_populate_record(NULL::"{table}", b.payload) AS r
      ON CONFLICT (id) DO NOTHING)""" + _RECEIVED)


@functools.cache
def _insert_sql(table: str, cols: tuple[str, ...], keep: tuple[str, ...] | None) -> str:
    """INSERT ... SELECT from a JSON array of rows, typed by the table's own row type (in
    the driver's parameter style: it is sent as it is, alone or in a pipeline)."""
    names = ", ".join(f'"{c}"' for c in cols)
    sql = (f'INSERT INTO "{table}" ({names}) SELECT {names} FROM '
           f'jsonb_populate_recordset(NULL::"{table}", CAST(%(rows)s AS jsonb)) ')
    if keep is None:
        return sql + "ON CONFLICT (id) DO NOTHING"
    sets = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in cols if c not in keep)
    return sql + (f"ON CONFLICT (id) DO UPDATE SET {sets}" if sets
                  else "ON CONFLICT (id) DO NOTHING")



def _batch_json(events: Sequence[Event]) -> str:
    """The batch as the JSON array the statements read: as the outbox read it
    (`EventBatch.json`), else encoded here."""
    made = getattr(events, "json", None)
    if isinstance(made, str):
        return made
    return json.dumps([{"id": str(e.id), "topic": e.topic, "payload": e.payload}
                       for e in events], separators=(",", ":"))


class PushSide:
    """The push half of `CentralBackend` (which sets these)."""

    engine: Engine
    depot_code: str
    pg: bool

    def _check(self, conn: Connection) -> None:
        raise NotImplementedError

    def _push(self, events: Sequence[Event]) -> PushResult:
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
        # A batch of one immutable topic: one statement, a transaction of its own (one round
        # trip); what it can't take (a fact refused, a parked event sent again) goes on in a
        # transaction below, as any other batch. Each id is applied once either way.
        known = self._receive_and_insert(events)
        todo = [] if known is None else [
            e for e in events if not known[e.id][0] and known[e.id][1] == "rejected"]
        if known is None or todo:
            with self.engine.begin() as conn:
                self._check(conn)
                if known is None:
                    known = self._receive(conn, events)  # id -> (new, status, note) before
                    todo = [e for e in events
                            if known[e.id][0] or known[e.id][1] == "rejected"]
                refused = self._apply(conn, todo) if todo else {}
                again = [e.id for e in todo if not known[e.id][0] and e.id not in refused]
                self._set_status(conn, [(i, "accepted", "") for i in again]
                                 + [(i, "rejected", why) for i, why in refused.items()])
                self._flag_stale(conn, [e.id for e in todo if e.topic == "pack_event"
                                        and e.id not in refused
                                        and not (self.pg and known[e.id][0])])
        else:
            refused = {}
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

    def _receive_and_insert(self, events: Sequence[Event],
                            ) -> dict[uuid.UUID, tuple[bool, str | None, str]] | None:
        """A batch of one immutable topic without children (a backlog of pack events, say),
        all rows of one shape, on PostgreSQL: parked and its new facts inserted in one
        statement, committed on its own. None when the batch is not of that kind, or a fact
        was refused (the statement left nothing behind; the caller takes the steps one by
        one to find it)."""
        spec = TOPICS.get(events[0].topic)
        if (not self.pg or spec is None or not spec.immutable or spec.children
                or spec.name == "staff_pin" or any(e.topic != spec.name for e in events)):
            return None
        first = events[0].payload
        if not isinstance(first, dict):
            return None
        shape = tuple(k for k in T[spec.table].c.keys() if k in first)
        keys = first.keys()  # every payload with exactly these keys (a set comparison)
        if ("id" not in shape or len(shape) != len(first)
                or any(type(e.payload) is not dict or e.payload.keys() != keys
                       for e in events)):
            return None
        batch = _batch_json(events)
        with self.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            self._check(conn)
            try:
                rows = conn.execute(text(_receive_and_insert_sql(spec.table, shape)), {
                    "b": batch, "d": self.depot_code, "now": clock.utcnow(),
                    "stale": STALE_NOTE}).all()
            except REJECTIONS:
                return None
        out = {r[0]: (bool(r[1]), r[2], r[3] or "") for r in rows}
        return {e.id: out.get(e.id, (False, None, "")) for e in events}

    def _receive(self, conn: Connection, events: Sequence[Event],
                 ) -> dict[uuid.UUID, tuple[bool, str | None, str]]:
        """Park every event in `central_event` once (a known id is left as it is); for each
        id: whether it is new, and the status and note it had (None: not this depot's)."""
        now = clock.utcnow()
        if self.pg:
            batch = _batch_json(events)
            # A pack event on an order changed or cancelled centrally is flagged for a
            # person as it is received (one statement fewer per batch; see `_flag_stale`).
            rows = conn.execute(text(RECEIVE_SQL), {"b": batch, "d": self.depot_code,
                                                    "now": now, "stale": STALE_NOTE}).all()
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
        """Apply the facts; the refused ones (id -> reason), the rest applied.

        A batch the centre can't take whole is split in halves, each tried in a savepoint,
        and a half that fails split again, down to the single events it refuses: one bad
        fact in a backlog of 1,000 costs ~20 tries, not 1,000 (a savepoint each, a round
        trip or three each over a depot's line). The parts go in the batch's order (a fact
        after the ones it needs, a row's later state after its earlier one), each applied
        as a whole batch is."""
        refused: dict[uuid.UUID, str] = {}
        todo = [events]  # a stack of parts; the first part of the batch on top
        while todo:
            part = todo.pop()
            try:
                with conn.begin_nested():
                    self._apply_facts(conn, part)
            except REJECTIONS as exc:
                if len(part) == 1:
                    refused[part[0].id] = rejection_reason(exc)
                else:
                    half = len(part) // 2
                    todo += [part[half:], part[:half]]
        return refused

    def _apply_facts(self, conn: Connection, events: list[Event]) -> None:
        """Apply events in their order, a run of one topic at a time (see store/outbox.py):
        immutable facts are inserted once (a known id is ignored), mutable rows upserted;
        the centre's side effects are triggers on the fact tables (the registry's
        `side_effect`, cpdesk/store/topics.py). On PostgreSQL the runs' statements go to the
        server together (`_send`): a packing station's batch (crates opened, pack events,
        crates closed) is hundreds of runs, and one round trip each over a depot's line."""
        for e in events:
            if e.topic not in TOPICS:
                raise ValueError(f"unknown topic {e.topic!r}")
        queue: list[tuple[str, dict[str, Any]]] = []
        for topic, run in groupby(events, key=lambda e: e.topic):
            spec = TOPICS[topic]
            payloads = [e.payload for e in run]
            if topic == "staff_pin":
                self._send(conn, queue)  # what comes before it, first
                self._first_pins(conn, payloads)
                continue
            if not spec.immutable:  # in event order: a later state of the same row wins
                payloads = list({str(p["id"]): p for p in payloads}.values())
            self._insert_rows(conn, spec.table, payloads,
                              None if spec.immutable else ("id", *spec.fixed), queue)
            for key, child, _fk in spec.children:
                parts = [r for p in payloads for r in p[key]]
                if parts:
                    self._insert_rows(conn, child, parts, None, queue)
        self._send(conn, queue)

    @staticmethod
    def _send(conn: Connection, queue: list[tuple[str, dict[str, Any]]]) -> None:
        """Execute the queued statements in their order, in the caller's transaction: one
        alone as any statement, several in one psycopg pipeline (sent together, answered
        together: one round trip, not one each). The first that fails stops the rest, and
        its error is SQLAlchemy's as for any statement (a refusal, or a lost connection)."""
        if not queue:
            return
        todo, queue[:] = list(queue), []
        if len(todo) == 1:
            conn.exec_driver_sql(*todo[0])
            return
        import psycopg  # PostgreSQL only (the demo's centre, and the desk's start, without it)

        raw = conn.connection.driver_connection
        assert isinstance(raw, psycopg.Connection)
        sql, params = todo[0]
        try:
            with raw.pipeline(), raw.cursor() as cur:
                for sql, params in todo:
                    cur.execute(sql, params)
        except psycopg.Error as exc:
            raise sa_exc.DBAPIError.instance(
                sql, params, exc, psycopg.Error, dialect=conn.dialect,
                connection_invalidated=raw.closed) from exc

    def _insert_rows(self, conn: Connection, table: str, rows: list[dict[str, Any]],
                     keep: tuple[str, ...] | None,
                     queue: list[tuple[str, dict[str, Any]]]) -> None:
        """Insert payload rows into `table`, a known id ignored; `keep` given: upsert, every
        column but those in `keep` taking the new value. On PostgreSQL the statements are
        added to `queue` (see `_send`); on SQLite they are executed here."""
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
            queue.append((_insert_sql(table, shape, keep),
                          {"rows": json.dumps(group, separators=(",", ":"))}))

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
            # The same rule as cp_set_first_pin (migration 0014).
            if not pins.is_first_pin_hash(pin_hash):
                raise ValueError("a first PIN must be a scrypt hash made by cpdesk")
            if not conn.execute(select(st.c.id).where(st.c.id == sid, st.c.active)).first():
                raise ValueError(f"no active staff account {sid}")
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
