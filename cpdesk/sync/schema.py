"""The centre's schema for the depots' fact tables made after migration 0003 (issue 6).

Migration 0003 secures the tables that exist when it runs; the fact tables of packing,
counter and loading (`pack_acceptance`, `register_session`, `cash_movement`, `pickup`,
`crate_move`, `round_departure`) are created by 0004-0006, so their part is applied at the
end of the last migration (0006 calls `upgrade_fact_tables`). Plain SQL strings only: the
migrations import this module.

- change log: `crate_move` is pulled by the depots taking part in the crate's order;
- row-level security: a depot inserts only its own facts (depot from the login);
- side effects the centre owns, as triggers (SECURITY DEFINER on PostgreSQL, since depots
  may not update rounds, orders or other depots' crates):
  a `round_departure` sets its round `departed`; a `crate_move` `load` sets the crate
  `loaded`, an `unload` sets it back to `closed`; a `pickup` sets the order and its handed
  crates `delivered`. The same triggers exist on the demo's SQLite centre
  (`SQLITE_SIDE_EFFECTS`, installed by `cpdesk.sync.central.install_sqlite_central`).
"""

from __future__ import annotations

from collections.abc import Callable

# Pulled fact tables (table, logged as, key column, forced op), as in 0003's LOGGED.
FACT_LOGGED = (("crate_move", "crate_move", "id", None),)

SQLITE_SIDE_EFFECTS = (
    """CREATE TRIGGER IF NOT EXISTS cp_fx_crate_move AFTER INSERT ON crate_move BEGIN
  UPDATE crate SET status = 'loaded'
   WHERE NEW.kind = 'load' AND id = NEW.crate_id AND status NOT IN ('loaded', 'delivered');
  UPDATE crate SET status = 'closed'
   WHERE NEW.kind = 'unload' AND id = NEW.crate_id AND status = 'loaded';
END""",
    """CREATE TRIGGER IF NOT EXISTS cp_fx_round_departure AFTER INSERT ON round_departure BEGIN
  UPDATE round SET status = 'departed'
   WHERE id = NEW.round_id AND depot_id = NEW.depot_id AND status <> 'departed';
END""",
    """CREATE TRIGGER IF NOT EXISTS cp_fx_pickup AFTER INSERT ON pickup BEGIN
  UPDATE "order" SET status = 'delivered' WHERE id = NEW.order_id AND status <> 'delivered';
  UPDATE crate SET status = 'delivered'
   WHERE order_id = NEW.order_id AND status <> 'delivered'
     AND code IN (SELECT value FROM json_each(NEW.crates_handed));
END""",
)

_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, public"

PG_FUNCTIONS = (
    f"""CREATE FUNCTION cp_crate_visible(c_id uuid) RETURNS boolean LANGUAGE sql STABLE
{_DEFINER} AS $$
SELECT EXISTS (SELECT 1 FROM crate WHERE id = c_id
               AND (depot_id = cp_depot_id() OR cp_order_visible(order_id))) $$""",
    f"""CREATE FUNCTION cp_fx_crate_move() RETURNS trigger LANGUAGE plpgsql {_DEFINER} AS $$
BEGIN
  IF NEW.kind = 'load' THEN
    UPDATE crate SET status = 'loaded'
     WHERE id = NEW.crate_id AND status NOT IN ('loaded', 'delivered');
  ELSIF NEW.kind = 'unload' THEN
    UPDATE crate SET status = 'closed' WHERE id = NEW.crate_id AND status = 'loaded';
  END IF;
  RETURN NULL;
END $$""",
    f"""CREATE FUNCTION cp_fx_round_departure() RETURNS trigger LANGUAGE plpgsql {_DEFINER} AS $$
BEGIN
  UPDATE round SET status = 'departed'
   WHERE id = NEW.round_id AND depot_id = NEW.depot_id AND status <> 'departed';
  RETURN NULL;
END $$""",
    f"""CREATE FUNCTION cp_fx_pickup() RETURNS trigger LANGUAGE plpgsql {_DEFINER} AS $$
BEGIN
  UPDATE "order" SET status = 'delivered' WHERE id = NEW.order_id AND status <> 'delivered';
  UPDATE crate SET status = 'delivered'
   WHERE order_id = NEW.order_id AND status <> 'delivered'
     AND code IN (SELECT json_array_elements_text(NEW.crates_handed));
  RETURN NULL;
END $$""",
)
PG_SIDE_EFFECT_TABLES = ("crate_move", "round_departure", "pickup")


def _policies(me: str) -> dict[str, tuple[list[tuple[str, str]], str]]:
    """table -> (policies (command, clause), grants) for the depots' group role."""
    mine = f"depot_id = {me}"
    own_session = (f"EXISTS (SELECT 1 FROM register_session r WHERE r.id = session_id "
                   f"AND r.depot_id = {me})")
    # A crate the depot may see (crate's own policy, inlined: an index lookup, no call per row).
    seen_crate = (f"EXISTS (SELECT 1 FROM crate c WHERE c.id = crate_id AND (c.depot_id = {me} "
                  f"OR EXISTS (SELECT 1 FROM order_depot od WHERE od.order_id = c.order_id "
                  f"AND od.depot_id = {me})))")
    own_round = f"EXISTS (SELECT 1 FROM round r WHERE r.id = round_id AND r.depot_id = {me})"
    return {
        "pack_acceptance": ([("SELECT", f"USING ({mine})"), ("INSERT", f"WITH CHECK ({mine})")],
                            "SELECT, INSERT"),
        "audit_log": ([("SELECT", f"USING ({mine})"), ("INSERT", f"WITH CHECK ({mine})")],
                      "SELECT, INSERT"),
        "register_session": ([("SELECT", f"USING ({mine})"), ("INSERT", f"WITH CHECK ({mine})"),
                              ("UPDATE", f"USING ({mine}) WITH CHECK ({mine})")],
                             "SELECT, INSERT, UPDATE"),
        "cash_movement": ([("SELECT", f"USING ({own_session})"),
                           ("INSERT", f"WITH CHECK ({own_session})")], "SELECT, INSERT"),
        "pickup": ([("SELECT", f"USING ({mine})"),
                    ("INSERT", f"WITH CHECK ({mine} AND cp_order_visible(order_id))")],
                   "SELECT, INSERT"),
        "round_departure": ([("SELECT", f"USING ({mine})"),
                             ("INSERT", f"WITH CHECK ({mine} AND {own_round})")],
                            "SELECT, INSERT"),
        "crate_move": ([("SELECT", f"USING ({mine} OR {seen_crate})"),
                        ("INSERT", f"WITH CHECK ({mine} AND cp_crate_visible(crate_id))")],
                       "SELECT, INSERT"),
    }


FACT_TABLES = tuple(_policies("x"))


def group_name(database: str) -> str:
    """The depots' group role of a database (as migration 0003 and `roles.group_role`)."""
    return ("cpdesk_depot_" + "".join(c if c.isalnum() else "_" for c in database))[:63].lower()


def upgrade_fact_tables(execute: Callable[[str], object], group: str) -> None:
    """PostgreSQL only: change log, RLS and side-effect triggers of the later fact tables."""
    for table, logged_as, key, _ in FACT_LOGGED:
        execute(f'CREATE TRIGGER cp_log_{table} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                f"FOR EACH ROW EXECUTE FUNCTION cp_log_change('{logged_as}', '{key}')")
        execute(f"INSERT INTO sync_change (tbl, row_key, op) "
                f"SELECT '{logged_as}', {key}::text, 'U' FROM \"{table}\"")
    for sql in PG_FUNCTIONS:
        execute(sql)
    for table in PG_SIDE_EFFECT_TABLES:
        execute(f'CREATE TRIGGER cp_fx_{table} AFTER INSERT ON "{table}" '
                f"FOR EACH ROW EXECUTE FUNCTION cp_fx_{table}()")
    for table, (policies, grants) in _policies("(SELECT cp_depot_id())").items():
        execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        for i, (command, clause) in enumerate(policies):
            execute(f'CREATE POLICY cp_{table}_{i} ON "{table}" FOR {command} TO {group} {clause}')
        execute(f'GRANT {grants} ON "{table}" TO {group}')


def downgrade_fact_tables(execute: Callable[[str], object]) -> None:
    """PostgreSQL only: undo `upgrade_fact_tables` (before the tables are dropped)."""
    for table in FACT_TABLES:
        execute(f"DO $$ DECLARE p record; BEGIN FOR p IN SELECT policyname FROM pg_policies "
                f"WHERE tablename = '{table}' LOOP EXECUTE format('DROP POLICY %I ON %I', "
                f"p.policyname, '{table}'); END LOOP; END $$")
        execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
    for table in PG_SIDE_EFFECT_TABLES:
        execute(f'DROP TRIGGER IF EXISTS cp_fx_{table} ON "{table}"')
        execute(f"DROP FUNCTION IF EXISTS cp_fx_{table}()")
    for table, _, _, _ in FACT_LOGGED:
        execute(f'DROP TRIGGER IF EXISTS cp_log_{table} ON "{table}"')
    execute("DROP FUNCTION IF EXISTS cp_crate_visible(uuid)")
