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

On PostgreSQL a pull page is one statement (`_page_sql`): gate, entries, rows, tombstones and
epoch in one snapshot and one round trip, the rows tagged with their table and encoded by the
server as the depot store keeps them (`cpdesk.sync.encoding`). The push half lives in
`central_push.py`. What is pulled, logged as what, handed back as history: the sync
topic registry (`cpdesk.store.topics`).
"""

from __future__ import annotations

import functools
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

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
)
from sqlalchemy import exc as sa_exc

from cpdesk.domain.ids import new_id
from cpdesk.errors import CpdeskError
from cpdesk.store import topics
from cpdesk.store.models import Base

from . import encoding
from .central_push import REJECTIONS as REJECTIONS  # re-exported
from .central_push import PushSide
from .central_push import rejection_reason as rejection_reason  # re-exported
from .contract import (
    Event,
    PullPage,
    PushResult,
    format_cursor,
    parse_cursor,
)

T = Base.metadata.tables
R = TypeVar("R")
# What is pulled, logged as what, handed back, never sent: the sync topic registry.
PULLED = topics.PULLED  # pull order: parents before children
CENTRAL_ONLY = topics.CENTRAL_ONLY  # columns a depot never reads: it gets "" instead
KEY = topics.KEYS
HISTORY = topics.HISTORY  # a depot's own facts handed back to a store set up afresh
# The sync status counts held-back change-log entries up to this many ("10000 or more").
HELD_COUNT_MAX = 10_000
# Reads of a page whose gate was set by a transaction that ended meanwhile (see `pull`).
GATE_RETRIES = 4


def _keys(tbl: str) -> str:
    """The keys of `tbl` the page's entries name (deleted ones left out)."""
    cast = "row_key" if tbl in KEY else "CAST(row_key AS uuid)"
    return f"SELECT {cast} FROM k WHERE tbl = '{tbl}' AND op <> 'D'"


# A gate holder younger than this (seconds since its transaction began) is not asked about
# (see `_pull_pg`); the centre's own limit (migration 0019) is 60 s unless set lower.
STALE_CHECK_AFTER_S = 1.0


@functools.cache
def _page_sql() -> str:
    """A pull page in one statement (one snapshot, one round trip, run as the depot's login:
    row-level security filters the change log and every row). Rows come back tagged with
    their table, values in the depot store's encoding (`cpdesk.sync.encoding`), one text
    column each, padded to the widest table; '-' rows are tombstones; the '@' row says the
    gate, the epoch, the cursor after the page and what is held back.

    An entry is read below the gate only; the latest entry of a key decides (a 'D' is a
    tombstone); an order travels whole, with its lines and the customer, stop and round it
    refers to; an order named but not visible (deleted, or no longer the depot's) is a
    tombstone. `cp_pull_gate()` is STABLE: it sees the statement's snapshot."""
    w = encoding.width()

    def pad(n: int) -> str:
        return ", ".join(["CAST(NULL AS text)"] * n)

    assert w >= 8
    orders = "SELECT id FROM o"
    customers = (f"{_keys('customer')} UNION SELECT x.customer_id FROM \"order\" x "
                 f"WHERE x.id = ANY(ARRAY({orders}))")
    stops = (f"{_keys('stop')} UNION SELECT x.stop_id FROM \"order\" x "
             f"WHERE x.id = ANY(ARRAY({orders})) AND x.stop_id IS NOT NULL")
    rounds = (f"{_keys('round')} UNION SELECT st.round_id FROM stop st "
              f"WHERE st.id = ANY(ARRAY({stops}))")
    where = {"order": f"t.id = ANY(ARRAY({orders}))",
             "order_line": f"t.order_id = ANY(ARRAY({orders}))",
             "customer": f"t.id = ANY(ARRAY({customers}))",
             "stop": f"t.id = ANY(ARRAY({stops}))",
             "round": f"t.id = ANY(ARRAY({rounds}))"}
    branches = [
        f"""SELECT '{tbl}', {encoding.sql_columns(tbl, "t", w)} FROM "{tbl}" t WHERE """
        + where.get(tbl, f't."{KEY.get(tbl, "id")}" = ANY(ARRAY({_keys(tbl)}))')
        for tbl in PULLED]
    after = "(CAST(CAST(%(x)s AS text) AS xid8), %(s)s)"
    return f"""WITH g AS MATERIALIZED (
  SELECT gate, holders, EXTRACT(EPOCH FROM clock_timestamp() - held_since) AS held_for
    FROM cp_pull_gate()),
e AS MATERIALIZED (
  SELECT xid, seq, tbl, row_key, op FROM sync_change
   WHERE (xid, seq) > {after} AND xid < (SELECT gate FROM g)
   ORDER BY xid, seq LIMIT %(n)s),
k AS MATERIALIZED (
  SELECT DISTINCT ON (tbl, row_key) tbl, row_key, op FROM e
   ORDER BY tbl, row_key, xid DESC, seq DESC),
o AS MATERIALIZED (SELECT CAST(row_key AS uuid) AS id FROM k WHERE tbl = 'order'),
h AS MATERIALIZED (
  SELECT CASE WHEN g.holders > 0 AND (SELECT count(*) FROM e) < %(n)s THEN (
           SELECT count(*) FROM (SELECT 1 FROM sync_change c WHERE (c.xid, c.seq) > {after}
                                    AND c.xid >= g.gate LIMIT %(m)s) AS held)
         ELSE 0 END AS held FROM g)
SELECT '@', CAST(g.gate AS text), CAST(g.holders AS text), CAST(g.held_for AS text),
       (SELECT m.value FROM meta m WHERE m.key = 'epoch'),
       (SELECT CAST(xid AS text) || ':' || CAST(seq AS text) FROM e
         ORDER BY xid DESC, seq DESC LIMIT 1),
       (SELECT CAST(count(*) AS text) FROM e), CAST(h.held AS text),
       CASE WHEN h.held > 0 THEN pg_xact_status(g.gate) END, {pad(w - 8)} FROM g, h
UNION ALL
SELECT '-', tbl, row_key, {pad(w - 2)} FROM k WHERE op = 'D' AND tbl <> 'order'
UNION ALL
SELECT '-', 'order', CAST(o.id AS text), {pad(w - 2)} FROM o
 WHERE NOT EXISTS (SELECT 1 FROM "order" x WHERE x.id = o.id)
UNION ALL
""" + "\nUNION ALL\n".join(branches)


def key_of(table: str, key: str) -> Any:
    return key if table in KEY else uuid.UUID(key)


class CentralBackend(PushSide):
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
        return self._once_more(self._epoch)

    def _epoch(self) -> str:
        with self.engine.connect() as conn:
            self._check(conn)
            return conn.execute(select(T["meta"].c.value).where(
                T["meta"].c.key == "epoch")).scalar() or ""

    def close(self) -> None:
        self.engine.dispose()

    def _once_more(self, call: Callable[[], R]) -> R:
        """Make `call`, and once more on a fresh connection if the server had dropped the
        pooled one (a restart, a network change): noticed on use rather than pinged before
        every checkout. Safe for every call here: a push sent twice is applied once, the
        rest only read. A second failure is the caller's "outcome unknown"."""
        try:
            return call()
        except sa_exc.DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
        return call()

    # -- push ------------------------------------------------------------------------------
    def push(self, events: Sequence[Event]) -> PushResult:
        """Apply a batch once per event id (see `cpdesk.sync.central_push`): only a stored
        fact is acknowledged; a refused one is parked with its reason and answered as such."""
        return self._once_more(lambda: self._push(events))

    # -- the depot's own history ----------------------------------------------------------
    def history(self, table: str, after: uuid.UUID | None, limit: int) -> list[dict[str, Any]]:
        return self._once_more(lambda: self._history(table, after, limit))

    def _history(self, table: str, after: uuid.UUID | None, limit: int,
                 ) -> list[dict[str, Any]]:
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
        return self._once_more(lambda: self._backlog(cursor))

    def _backlog(self, cursor: str) -> int:
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
            page, holder_ended = self._once_more(lambda: self._pull(cursor, limit))
            if not holder_ended:
                return page
        return page

    def _pull(self, cursor: str, limit: int) -> tuple[PullPage, bool]:
        if self.pg:
            return self._pull_pg(cursor, limit)
        return self._pull_sqlite(cursor, limit), False

    def _pull_pg(self, cursor: str, limit: int) -> tuple[PullPage, bool]:
        """One statement (`_page_sql`), in a transaction of its own: one round trip."""
        x, s = parse_cursor(cursor)
        with self.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            self._check(conn)
            # Executed through SQLAlchemy (a lost connection stays an error it knows, see
            # `_once_more`), read as the driver's tuples: a page's tens of thousands of rows
            # need no Row object each, they are sliced and written to the store as they are.
            done = conn.exec_driver_sql(_page_sql(), {"x": str(x), "s": s, "n": limit,
                                                      "m": HELD_COUNT_MAX})
            result = done.cursor.fetchall()
            done.close()
            head = next(r for r in result if r[0] == "@")
            gate, held, status = head[1], int(head[7]), head[8]
            held_by = None
            if held and status == "in progress":  # the live state, now (see `pull`)
                # A depot login's transaction past its limit is ended (and waited for):
                # the status read next then says the gate's holder is gone. Asked only of
                # a holder a second old or more (`held_for` counts from its transaction's
                # start, so a younger one can't be past any limit; a limit under a second
                # acts as one): fifty depots pushing at once hold each other's pulls back
                # for milliseconds, and need no extra call for it.
                if float(head[3] or 0) >= STALE_CHECK_AFTER_S:
                    _, held_by = self._end_stale_holders(conn)
                status = conn.exec_driver_sql(
                    "SELECT pg_xact_status(CAST(CAST(%(g)s AS text) AS xid8))",
                    {"g": gate}).scalar()
        gone: list[tuple[str, str]] = []
        found: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        width = {t: len(T[t].columns) + 1 for t in PULLED}
        for r in result:
            tag = r[0]
            if tag == "-":
                gone.append((r[1], r[2]))
            elif tag != "@":
                found[tag].append(r[1:width[tag]])
        held_for, epoch, last, entries = head[3], head[4], head[5], int(head[6])
        held_back = held
        held_for_s = (None if not held_back or held_for is None
                      else round(float(held_for), 1))
        # pg_xact_status reads the live state, not the snapshot: the transaction that set
        # the gate has ended since (see `pull`).
        holder_ended = held_back > 0 and status != "in progress"
        held_by = held_by if held_back and not holder_ended else None
        if not entries:
            return PullPage({}, cursor, False, 0, epoch or "", held_back,
                            held_for_s, held_by=held_by), holder_ended
        rows = {t: found[t] for t in PULLED if t in found}
        # A page with entries is applied as it is (its cursor is below the gate); the
        # engine asks for the next page, with a fresh snapshot, when this one says `more`.
        more = entries >= limit or holder_ended
        return PullPage(rows, last, more, entries, epoch or "", held_back, held_for_s,
                        gone, held_by), False

    @staticmethod
    def _end_stale_holders(conn: Connection) -> tuple[int, str | None]:
        """Ask the centre to end depot logins' transactions that hold the gate past their
        limit (`cp_end_stale_holders()`, migration 0019): how many it ended, and whose
        transaction still holds the gate when none. A separate, VOLATILE statement (the gate
        itself is STABLE), run only when the page is held back. A centre without the
        function (not migrated yet) or that refuses it: nothing ended, the pull goes on."""
        try:
            row = conn.exec_driver_sql("SELECT ended, held_by FROM cp_end_stale_holders()").one()
        except sa_exc.ProgrammingError as exc:
            return 0, f"the centre can't end stale depot sessions ({rejection_reason(exc)})"
        return int(row[0] or 0), row[1]

    def _pull_sqlite(self, cursor: str, limit: int) -> PullPage:
        """The demo's centre: seq order is commit order (see the module's docstring)."""
        _, s = parse_cursor(cursor)
        with self.engine.connect() as conn:
            self._check(conn)
            sc = T["sync_change"]
            entries = conn.execute(
                select(sc.c.seq, sc.c.tbl, sc.c.row_key, sc.c.op).where(sc.c.seq > s)
                .order_by(sc.c.seq).limit(limit)).all()
            epoch = conn.execute(select(T["meta"].c.value).where(
                T["meta"].c.key == "epoch")).scalar() or ""
            if not entries:
                conn.rollback()
                return PullPage({}, cursor, False, 0, epoch)
            new_cursor = format_cursor(0, int(entries[-1].seq))
            found, gone = self._rows(conn, entries)
            conn.rollback()
        rows = {t: encoding.encode_rows(t, list(found[t].values()))
                for t in PULLED if found.get(t)}
        return PullPage(rows, new_cursor, len(entries) >= limit, len(entries), epoch, 0, None,
                        gone)

    def _rows(self, conn: Connection, entries: Sequence[Any],
              ) -> tuple[dict[str, dict[str, dict[str, Any]]], list[tuple[str, str]]]:
        """The demo centre's rows of a page (as `_page_sql` on PostgreSQL): by table and key,
        and the tombstones."""
        latest: dict[tuple[str, str], str] = {}
        for e in entries:
            latest[(e.tbl, e.row_key)] = e.op
        keys: dict[str, list[str]] = defaultdict(list)
        gone: list[tuple[str, str]] = []
        for (tbl, key), op in latest.items():
            if op == "D" and tbl != "order":
                gone.append((tbl, key))
            else:
                keys[tbl].append(key)
        found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for tbl in PULLED:
            if tbl in keys and tbl != "order":
                for r in self._fetch(conn, tbl, KEY.get(tbl, "id"),
                                     [key_of(tbl, k) for k in keys[tbl]]):
                    found[tbl][str(r[KEY.get(tbl, "id")])] = r
        if keys.get("order"):  # an order travels whole: its lines, customer, stop and round
            self._orders(conn, [uuid.UUID(k) for k in keys["order"]], found)
        # An order gone or no longer visible (moved to another depot): a tombstone, else the
        # old depot would never learn it left.
        orders = found.get("order", {})
        for key in keys.get("order", []):
            if str(uuid.UUID(key)) not in orders:
                gone.append(("order", str(uuid.UUID(key))))
        return found, gone

    def _fetch(self, conn: Connection, tbl: str, col: str,
               keys: Sequence[Any]) -> list[dict[str, Any]]:
        """The visible rows of `tbl` whose `col` is one of `keys`, as dicts (columns that
        never leave the centre as "")."""
        if not keys:
            return []
        hidden = CENTRAL_ONLY.get(tbl, ())
        table = T[tbl]
        cols = [c for c in table.c if c.key not in hidden]
        out = []
        for i in range(0, len(keys), 1000):
            q = select(*cols).where(table.c[col].in_(keys[i:i + 1000]), self._visible(tbl))
            out += [{**dict(r), **{k: "" for k in hidden}} for r in conn.execute(q).mappings()]
        return out

    def _orders(self, conn: Connection, ids: list[uuid.UUID],
                found: dict[str, dict[str, dict[str, Any]]]) -> None:
        """The orders with their lines, then the customers, stops and rounds they refer to
        that the page doesn't hold yet."""
        orders, lines = found["order"], found["order_line"]
        for row in self._fetch(conn, "order", "id", ids):
            orders[str(row["id"])] = row
        for row in self._fetch(conn, "order_line", "order_id",
                               [o["id"] for o in orders.values()]):
            lines[str(row["id"])] = row
        for tbl, col, src in (("customer", "customer_id", orders), ("stop", "stop_id", orders),
                              ("round", "round_id", None)):
            refs = found["stop"] if src is None else src
            want = {r[col] for r in refs.values() if r.get(col) is not None}
            want -= {uuid.UUID(k) for k in found.get(tbl, {})}
            for row in self._fetch(conn, tbl, "id", list(want)):
                found[tbl][str(row["id"])] = row

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
