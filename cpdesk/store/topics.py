"""The sync topic registry: every table that travels between a depot and the centre, once.

Where do I put a new synced fact? One `Synced(...)` entry in `SYNCED` below, plus a
migration that creates its table and, on PostgreSQL, the change-log trigger, policies,
grants and side-effect trigger the entry describes (`python -m cpdesk.store.topics TABLE`
prints that SQL, to be frozen into the migration: migrations never import this module).
Everything else reads the entry:

- the outbox (`cpdesk.store.outbox.TOPICS`): the topic a depot records the fact under,
  immutable (inserted once) or mutable (upserted, the newest state wins), its children;
- the centre (`cpdesk.sync.central`): how a pushed fact is applied, which tables are pulled
  (and logged as what), which are handed back as the depot's own history, the change-log
  and side-effect triggers of the demo's SQLite centre;
- the engine (`cpdesk.sync.engine`): the primary key of a pulled table;
- tests/sync/test_pg_catalogue.py: a migrated PostgreSQL centre has exactly the policies,
  triggers, forced row-level security and grants listed here, and the demo's SQLite centre
  the same side effects.

Policies are PostgreSQL clauses for the depots' group role; the login's depot is
`(SELECT cp_depot_id())` (`ME`: an initplan, evaluated once per statement, derived from the
login, never from a setting the client could change). Plain data: no SQLAlchemy, no
PostgreSQL connection.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

ME = "(SELECT cp_depot_id())"


@dataclass(frozen=True, slots=True)
class Child:
    """Rows sent whole with their parent fact, under `key` in its payload."""

    key: str
    table: str
    fk: str


@dataclass(frozen=True, slots=True)
class Policy:
    command: str  # SELECT, INSERT or UPDATE
    clause: str  # "USING (...)" and/or "WITH CHECK (...)"


@dataclass(frozen=True, slots=True)
class SideEffect:
    """What the centre does when a depot's fact arrives: an AFTER INSERT trigger
    `cp_fx_<table>` (SECURITY DEFINER on PostgreSQL: depots may not write what it writes)."""

    doc: str
    sqlite: str  # the demo centre's trigger body (between BEGIN and END)


@dataclass(frozen=True, slots=True)
class Synced:
    table: str
    # Pushed by the depots under this outbox topic (None: the centre's own rows).
    topic: str | None = None
    immutable: bool = True  # inserted once (a known id is ignored); else upserted
    children: tuple[Child, ...] = ()
    fixed: tuple[str, ...] = ()  # columns an upsert never changes (owner, what it belongs to)
    # Pulled by the depots: change-log entries under `logged_as` (None: not pulled), keyed by
    # `key`; `forced_op` logs every change as that op (a line change is a change of its order).
    logged_as: str | None = None
    key: str = "id"
    forced_op: str | None = None
    # The change-log trigger's function, when not the generic `cp_log_change(logged_as, key
    # [, forced_op])`.
    log_function: str | None = None
    central_only: tuple[str, ...] = ()  # columns a depot never reads (it gets "" instead)
    history: bool = False  # the depot's own rows handed back to a store set up afresh
    policies: tuple[Policy, ...] = ()
    grants: str = "SELECT"  # for the depots' group role (column grants if central_only)
    side_effect: SideEffect | None = None
    # Statements on this table refresh `order_depot` (who takes part in which order).
    membership: tuple[str, ...] = ()

    @property
    def pulled(self) -> bool:
        return self.logged_as is not None


# A membership check is an index probe per row checked: `OFFSET 0` keeps PostgreSQL from
# running the EXISTS as a hashed subplan, which reads every `order_depot` row of the depot
# once per statement (a sync statement is planned generically and expects many rows), at
# ~20 ms per statement for a depot of 30,000 orders (migration 0016). Keep the form: the
# probe's outer value must be a column or a sub-select, never an expression with a call
# that is not leakproof (such as a cast from text), or it cannot be an index condition
# under order_depot's own row-level security.
def _member(cond: str) -> str:
    return f"EXISTS (SELECT 1 FROM order_depot od WHERE od.depot_id = {ME} AND {cond} OFFSET 0)"


def _takes_part(order_col: str) -> str:
    return (f"EXISTS (SELECT 1 FROM order_depot od WHERE od.order_id = {order_col} "
            f"AND od.depot_id = {ME} OFFSET 0)")


MINE = f"depot_id = {ME}"
_ALL = (Policy("SELECT", "USING (true)"),)
_OWN = (Policy("SELECT", f"USING ({MINE})"), Policy("INSERT", f"WITH CHECK ({MINE})"))
_OWN_SESSION = (f"EXISTS (SELECT 1 FROM register_session r WHERE r.id = session_id "
                f"AND r.depot_id = {ME})")
_SEEN_CRATE = (f"EXISTS (SELECT 1 FROM crate c WHERE c.id = crate_id AND (c.depot_id = {ME} "
               f"OR {_takes_part('c.order_id')}) OFFSET 0)")
_OWN_ROUND = f"EXISTS (SELECT 1 FROM round r WHERE r.id = round_id AND r.depot_id = {ME})"
_ON_SALE = (Policy("SELECT", "USING (cp_sale_mine(sale_id))"),
            Policy("INSERT", "WITH CHECK (cp_sale_mine(sale_id))"))

# Parents before children: the pull applies and the history hands back in this order.
SYNCED: tuple[Synced, ...] = (
    # -- the centre's catalogue, read by every depot --
    Synced("coop", logged_as="coop", policies=_ALL),
    Synced("depot", logged_as="depot", policies=_ALL),
    Synced("producer", logged_as="producer", policies=_ALL),
    Synced("product", logged_as="product", policies=_ALL),
    Synced("barcode", logged_as="barcode", key="code", policies=_ALL),
    Synced("customer", logged_as="customer",
           policies=(Policy("SELECT", f"USING ({_member('od.customer_id = customer.id')})"),)),
    # A staff member's first PIN chosen at a depot (cpdesk.packing.first_pin): the centre
    # takes only the hash, and only while it has none (CentralBackend._first_pins).
    Synced("staff", topic="staff_pin", immutable=False, logged_as="staff",
           central_only=("pin_hash",), policies=_ALL),
    Synced("staff_pin", logged_as="staff_pin", policies=(Policy("SELECT", f"USING ({MINE})"),)),
    Synced("van", logged_as="van", policies=_ALL),
    # -- orders and their rounds, read by the depots taking part --
    Synced("round", logged_as="round", membership=("UPDATE",),
           policies=(Policy("SELECT", f"USING ({MINE} OR "
                                      f"{_member('od.round_id = round.id')})"),)),
    Synced("stop", logged_as="stop", membership=("UPDATE",),
           policies=(Policy("SELECT", f"USING ({_member('od.stop_id = stop.id')})"),)),
    Synced("order", logged_as="order", membership=("INSERT", "UPDATE", "DELETE"),
           policies=(Policy("SELECT", "USING (" + _member('od.order_id = "order".id') + ")"),)),
    # A line change is logged as a change of its order: an order travels whole (one a depot
    # starts taking part in must arrive with all its lines); once per order and transaction
    # on PostgreSQL (migration 0013: the pull reads the order whole after that commit).
    Synced("order_line", logged_as="order", key="order_id", forced_op="U",
           log_function="cp_log_order_line()",
           membership=("INSERT", "UPDATE", "DELETE"),
           policies=(Policy("SELECT", f"USING (packing_depot_id = {ME} OR "
                                      f"{_member('od.order_id = order_line.order_id')})"),)),
    # -- the depots' facts --
    Synced("crate", topic="crate", immutable=False, fixed=("depot_id", "order_id"),
           logged_as="crate", grants="SELECT, INSERT, UPDATE",
           policies=(Policy("SELECT", f"USING ({MINE} OR {_takes_part('crate.order_id')})"),
                     Policy("INSERT", f"WITH CHECK ({MINE} AND {_takes_part('crate.order_id')})"),
                     Policy("UPDATE", f"USING ({MINE}) WITH CHECK ({MINE} AND "
                                      f"{_takes_part('crate.order_id')})"))),
    Synced("crate_move", topic="crate_move", logged_as="crate_move", grants="SELECT, INSERT",
           policies=(Policy("SELECT", f"USING ({MINE} OR {_SEEN_CRATE})"),
                     Policy("INSERT", f"WITH CHECK ({MINE} AND cp_crate_visible(crate_id))")),
           side_effect=SideEffect(
               "a load sets the crate loaded, an unload sets it back to closed", """
  UPDATE crate SET status = 'loaded'
   WHERE NEW.kind = 'load' AND id = NEW.crate_id AND status NOT IN ('loaded', 'delivered');
  UPDATE crate SET status = 'closed'
   WHERE NEW.kind = 'unload' AND id = NEW.crate_id AND status = 'loaded';""")),
    Synced("register_session", topic="register_session", immutable=False, fixed=("depot_id",),
           history=True, grants="SELECT, INSERT, UPDATE",
           policies=(*_OWN, Policy("UPDATE", f"USING ({MINE}) WITH CHECK ({MINE})"))),
    Synced("cash_movement", topic="cash_movement", history=True, grants="SELECT, INSERT",
           policies=(Policy("SELECT", f"USING ({_OWN_SESSION})"),
                     Policy("INSERT", f"WITH CHECK ({_OWN_SESSION})"))),
    Synced("sale", topic="sale", history=True, grants="SELECT, INSERT", policies=_OWN,
           children=(Child("lines", "sale_line", "sale_id"),
                     Child("payments", "sale_payment", "sale_id"))),
    Synced("sale_line", history=True, grants="SELECT, INSERT", policies=_ON_SALE),
    Synced("sale_payment", history=True, grants="SELECT, INSERT", policies=_ON_SALE),
    Synced("pack_event", topic="pack_event", history=True, grants="SELECT, INSERT",
           policies=(Policy("SELECT", f"USING ({MINE})"),
                     Policy("INSERT", f"WITH CHECK ({MINE} AND "
                                      f"{_takes_part('pack_event.order_id')})"))),
    Synced("pack_acceptance", topic="pack_acceptance", history=True, grants="SELECT, INSERT",
           policies=(Policy("SELECT", f"USING ({MINE})"),
                     Policy("INSERT", f"WITH CHECK ({MINE} AND "
                                      f"{_takes_part('pack_acceptance.order_id')})"))),
    Synced("round_departure", topic="round_departure", history=True, grants="SELECT, INSERT",
           policies=(Policy("SELECT", f"USING ({MINE})"),
                     Policy("INSERT", f"WITH CHECK ({MINE} AND {_OWN_ROUND})")),
           side_effect=SideEffect("sets its round departed", """
  UPDATE round SET status = 'departed'
   WHERE id = NEW.round_id AND depot_id = NEW.depot_id AND status <> 'departed';""")),
    Synced("pickup", topic="pickup", history=True, grants="SELECT, INSERT",
           policies=(Policy("SELECT", f"USING ({MINE})"),
                     Policy("INSERT", f"WITH CHECK ({MINE} AND cp_order_visible(order_id))")),
           side_effect=SideEffect("sets the order and its handed crates delivered", """
  UPDATE "order" SET status = 'delivered' WHERE id = NEW.order_id AND status <> 'delivered';
  UPDATE crate SET status = 'delivered'
   WHERE order_id = NEW.order_id AND status <> 'delivered'
     AND code IN (SELECT value FROM json_each(NEW.crates_handed));""")),
    Synced("audit_log", topic="audit_log", grants="SELECT, INSERT", policies=_OWN),
)

BY_TABLE: dict[str, Synced] = {s.table: s for s in SYNCED}
BY_TOPIC: dict[str, Synced] = {s.topic: s for s in SYNCED if s.topic is not None}
PULLED: tuple[str, ...] = tuple(s.table for s in SYNCED if s.pulled)
HISTORY: tuple[str, ...] = tuple(s.table for s in SYNCED if s.history)
KEYS: dict[str, str] = {s.table: s.key for s in SYNCED if s.pulled and s.key != "id"
                        and s.logged_as == s.table}
CENTRAL_ONLY: dict[str, tuple[str, ...]] = {s.table: s.central_only for s in SYNCED
                                            if s.central_only}


def policy_sql(entry: Synced, group: str) -> list[str]:
    """The statements that secure `entry`'s table for the depots' group role."""
    out = [f'ALTER TABLE "{entry.table}" ENABLE ROW LEVEL SECURITY',
           f'ALTER TABLE "{entry.table}" FORCE ROW LEVEL SECURITY',
           # FORCE holds the owner to policies too: its full access is a policy of its own
           f'CREATE POLICY cp_owner ON "{entry.table}" TO CURRENT_USER USING (true) '
           "WITH CHECK (true)"]
    for i, p in enumerate(entry.policies):
        out.append(f'CREATE POLICY cp_{entry.table}_{i} ON "{entry.table}" FOR {p.command} '
                   f"TO {group} {p.clause}")
    if not entry.central_only:
        out.append(f'GRANT {entry.grants} ON "{entry.table}" TO {group}')
    return out


def log_function(entry: Synced) -> str | None:
    """The function call of `entry`'s change-log trigger on PostgreSQL."""
    if entry.logged_as is None:
        return None
    if entry.log_function:
        return entry.log_function
    args = f"'{entry.logged_as}', '{entry.key}'" + (f", '{entry.forced_op}'"
                                                    if entry.forced_op else "")
    return f"cp_log_change({args})"


def log_trigger_sql(entry: Synced) -> str | None:
    call = log_function(entry)
    if call is None:
        return None
    return (f'CREATE TRIGGER cp_log_{entry.table} AFTER INSERT OR UPDATE OR DELETE ON '
            f'"{entry.table}" FOR EACH ROW EXECUTE FUNCTION {call}')


def migration_sql(entry: Synced, group: str = "{group}") -> list[str]:
    """What a migration adding `entry`'s table runs on PostgreSQL (the side-effect function
    itself is written by hand: pinned search_path, schema-qualified names)."""
    out = policy_sql(entry, group)
    trigger = log_trigger_sql(entry)
    if trigger:
        out.append(trigger)
    if entry.side_effect:
        out.append(f'CREATE TRIGGER cp_fx_{entry.table} AFTER INSERT ON "{entry.table}" '
                   f"FOR EACH ROW EXECUTE FUNCTION cp_fx_{entry.table}()")
    return out


if __name__ == "__main__":  # python -m cpdesk.store.topics TABLE
    for name in sys.argv[1:]:
        for sql in migration_sql(BY_TABLE[name]):
            print(sql + ";")
