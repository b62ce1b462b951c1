"""The centre's fact-table triggers and policies (migration 0006) and its hardening
(migrations 0011 and 0012), frozen: the SQL those migrations ran. Never edit; see
`cpdesk.store.migrations.frozen`.

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
  crates `delivered`.
"""

from __future__ import annotations

from collections.abc import Callable

# Pulled fact tables (table, logged as, key column, forced op), as in 0003's LOGGED.
FACT_LOGGED = (("crate_move", "crate_move", "id", None),)

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


# -- the centre's hardening: definer functions, privileges, membership-checked writes -------
#
# A SECURITY DEFINER function runs with its owner's rights, so every name it resolves is an
# attack surface: with `pg_temp` anywhere but last on its path, a depot login's temporary table
# named `depot_login` made it speak for another depot. PostgreSQL's documented rule is applied:
# `SET search_path = pg_catalog, <schema>, pg_temp`, every table schema-qualified, `EXECUTE`
# revoked from PUBLIC and granted only where a policy calls the function; depot logins get
# no TEMP on the central database at all (belt and braces). `harden_central` (re)creates
# every definer function, so a migration that adds one calls it again.

CATALOGUE_LOGGED = ("coop", "depot", "producer", "product", "barcode", "staff", "van")
# Called inside the depots' policies (evaluated as the depot login): EXECUTE for the group.
POLICY_FUNCTIONS = ("cp_depot_code()", "cp_depot_id()", "cp_order_visible(uuid)",
                    "cp_sale_mine(uuid)", "cp_crate_visible(uuid)")
# Called by the depots' logins themselves (the pull gate, a first PIN).
DEPOT_FUNCTIONS = ("cp_pull_gate()", "cp_set_first_pin(uuid, text)")
# What each table's old policies were replaced with (for the downgrade).
MEMBERSHIP_TABLES = ("crate", "pack_event", "pack_acceptance", "sync_change")


def _definer_functions(s: str) -> list[str]:
    """Every SECURITY DEFINER function of the centre, pinned and schema-qualified."""
    d = f"SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp"
    catalogue = ", ".join(f"'{t}'" for t in CATALOGUE_LOGGED)
    fns = [
        f"""CREATE OR REPLACE FUNCTION {s}.cp_depot_code() RETURNS text LANGUAGE sql STABLE {d}
AS $$ SELECT l.depot_code::text FROM {s}.depot_login l WHERE l.role_name = session_user $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.cp_depot_id() RETURNS uuid LANGUAGE sql STABLE {d}
AS $$ SELECT dp.id FROM {s}.depot dp JOIN {s}.depot_login l ON l.depot_code = dp.code
WHERE l.role_name = session_user $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.cp_order_visible(o_id uuid) RETURNS boolean
LANGUAGE sql STABLE {d} AS $$
SELECT EXISTS (SELECT 1 FROM {s}.order_depot od WHERE od.order_id = o_id
               AND od.depot_id = {s}.cp_depot_id()) $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.cp_sale_mine(s_id uuid) RETURNS boolean
LANGUAGE sql STABLE {d} AS $$
SELECT EXISTS (SELECT 1 FROM {s}.sale sa WHERE sa.id = s_id
               AND sa.depot_id = {s}.cp_depot_id()) $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.cp_crate_visible(c_id uuid) RETURNS boolean
LANGUAGE sql STABLE {d} AS $$
SELECT EXISTS (SELECT 1 FROM {s}.crate c WHERE c.id = c_id
               AND (c.depot_id = {s}.cp_depot_id() OR {s}.cp_order_visible(c.order_id))) $$""",
        # The depots that could see a row about to be deleted: a change-log entry of a row
        # that is gone can't be filtered by the row any more, so it is addressed to them.
        f"""CREATE OR REPLACE FUNCTION {s}.cp_row_depots(tbl text, r jsonb) RETURNS SETOF uuid
LANGUAGE plpgsql STABLE {d} AS $$
BEGIN
  IF tbl = 'order' THEN
    RETURN QUERY SELECT od.depot_id FROM {s}.order_depot od
                  WHERE od.order_id = (r ->> 'id')::uuid;
  ELSIF tbl = 'customer' THEN
    RETURN QUERY SELECT DISTINCT od.depot_id FROM {s}.order_depot od
                  WHERE od.customer_id = (r ->> 'id')::uuid;
  ELSIF tbl = 'stop' THEN
    RETURN QUERY SELECT DISTINCT od.depot_id FROM {s}.order_depot od
                  WHERE od.stop_id = (r ->> 'id')::uuid;
  ELSIF tbl = 'round' THEN
    RETURN QUERY SELECT od.depot_id FROM {s}.order_depot od WHERE od.round_id = (r ->> 'id')::uuid
                 UNION SELECT (r ->> 'depot_id')::uuid;
  ELSIF tbl = 'crate' THEN
    RETURN QUERY SELECT od.depot_id FROM {s}.order_depot od
                  WHERE od.order_id = (r ->> 'order_id')::uuid
                 UNION SELECT (r ->> 'depot_id')::uuid;
  ELSIF tbl = 'staff_pin' THEN
    RETURN QUERY SELECT (r ->> 'depot_id')::uuid;
  ELSIF tbl = 'crate_move' THEN
    RETURN QUERY SELECT (r ->> 'depot_id')::uuid
                 UNION SELECT c.depot_id FROM {s}.crate c WHERE c.id = (r ->> 'crate_id')::uuid
                 UNION SELECT od.depot_id FROM {s}.crate c JOIN {s}.order_depot od
                         ON od.order_id = c.order_id WHERE c.id = (r ->> 'crate_id')::uuid;
  END IF;
END $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.cp_log_change() RETURNS trigger LANGUAGE plpgsql {d}
AS $$
DECLARE
  r jsonb;
  o text;
BEGIN
  IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
  o := coalesce(TG_ARGV[2], CASE WHEN TG_OP = 'DELETE' THEN 'D' ELSE 'U' END);
  IF o = 'D' AND TG_ARGV[0] NOT IN ({catalogue}) THEN
    INSERT INTO {s}.sync_change (tbl, row_key, op, depot_id)
    SELECT TG_ARGV[0], r ->> TG_ARGV[1], o, x FROM {s}.cp_row_depots(TG_ARGV[0], r) x
     WHERE x IS NOT NULL;
  ELSE
    INSERT INTO {s}.sync_change (tbl, row_key, op) VALUES (TG_ARGV[0], r ->> TG_ARGV[1], o);
  END IF;
  IF TG_OP = 'UPDATE' AND TG_ARGV[2] IS NOT NULL
     AND (to_jsonb(OLD) ->> TG_ARGV[1]) IS DISTINCT FROM (r ->> TG_ARGV[1]) THEN
    INSERT INTO {s}.sync_change (tbl, row_key, op)
    VALUES (TG_ARGV[0], to_jsonb(OLD) ->> TG_ARGV[1], o);
  END IF;
  RETURN NULL;
END $$""",
        # Membership refresh; a depot that stops taking part in an order gets an entry
        # addressed to it, so that its next pull hands it the order's tombstone (the order's
        # own entries are hidden from it from now on).
        f"""CREATE OR REPLACE FUNCTION {s}.cp_order_depot_refresh(ids uuid[]) RETURNS void
LANGUAGE plpgsql {d} AS $$
DECLARE
  o_ids uuid[];
  d_ids uuid[];
BEGIN
  SELECT array_agg(od.order_id), array_agg(od.depot_id) INTO o_ids, d_ids
    FROM {s}.order_depot od WHERE od.order_id = ANY(ids);
  DELETE FROM {s}.order_depot WHERE order_id = ANY(ids);
  INSERT INTO {s}.order_depot (order_id, depot_id, stop_id, round_id, customer_id)
  SELECT m.order_id, m.depot_id, o.stop_id, st.round_id, o.customer_id
  FROM (SELECT l.order_id, l.packing_depot_id AS depot_id FROM {s}.order_line l
         WHERE l.order_id = ANY(ids)
        UNION
        SELECT o2.id, r.depot_id FROM {s}."order" o2 JOIN {s}.stop s2 ON s2.id = o2.stop_id
        JOIN {s}.round r ON r.id = s2.round_id WHERE o2.id = ANY(ids)) m
  JOIN {s}."order" o ON o.id = m.order_id LEFT JOIN {s}.stop st ON st.id = o.stop_id;
  INSERT INTO {s}.sync_change (tbl, row_key, op, depot_id)
  SELECT 'order', b.o::text, 'U', b.d FROM unnest(o_ids, d_ids) AS b(o, d)
   WHERE NOT EXISTS (SELECT 1 FROM {s}.order_depot od WHERE od.order_id = b.o
                     AND od.depot_id = b.d);
END $$""",
        # A staff member's first PIN, pushed by a depot (see cpdesk/packing/first_pin.py).
        f"""CREATE OR REPLACE FUNCTION {s}.cp_set_first_pin(s uuid, h text) RETURNS void
LANGUAGE plpgsql {d} AS $$
BEGIN
  IF h IS NULL OR h = '' THEN RETURN; END IF;
  UPDATE {s}.staff SET pin_hash = h WHERE id = s AND pin_hash = '';
  IF NOT FOUND THEN
    INSERT INTO {s}.sync_change (tbl, row_key, op) VALUES ('staff', s::text, 'U');
  END IF;
END $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.cp_fx_crate_move() RETURNS trigger LANGUAGE plpgsql {d}
AS $$
BEGIN
  IF NEW.kind = 'load' THEN
    UPDATE {s}.crate SET status = 'loaded'
     WHERE id = NEW.crate_id AND status NOT IN ('loaded', 'delivered');
  ELSIF NEW.kind = 'unload' THEN
    UPDATE {s}.crate SET status = 'closed' WHERE id = NEW.crate_id AND status = 'loaded';
  END IF;
  RETURN NULL;
END $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.cp_fx_round_departure() RETURNS trigger
LANGUAGE plpgsql {d} AS $$
BEGIN
  UPDATE {s}.round SET status = 'departed'
   WHERE id = NEW.round_id AND depot_id = NEW.depot_id AND status <> 'departed';
  RETURN NULL;
END $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.cp_fx_pickup() RETURNS trigger LANGUAGE plpgsql {d}
AS $$
BEGIN
  UPDATE {s}."order" SET status = 'delivered' WHERE id = NEW.order_id AND status <> 'delivered';
  UPDATE {s}.crate SET status = 'delivered'
   WHERE order_id = NEW.order_id AND status <> 'delivered'
     AND code IN (SELECT json_array_elements_text(NEW.crates_handed));
  RETURN NULL;
END $$""",
    ]
    affected = {
        "order_line": "SELECT order_id FROM {t}",
        "order": "SELECT id FROM {t}",
        "stop": f'SELECT o.id FROM {s}."order" o JOIN {{t}} c ON o.stop_id = c.id',
        "round": f'SELECT o.id FROM {s}."order" o JOIN {s}.stop st ON st.id = o.stop_id '
                 "JOIN {t} c ON st.round_id = c.id",
    }
    for table, q in affected.items():
        new, old = q.format(t="new_rows"), q.format(t="old_rows")
        fns.append(f"""CREATE OR REPLACE FUNCTION {s}.cp_od_{table}() RETURNS trigger
LANGUAGE plpgsql {d} AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM {s}.cp_order_depot_refresh(ARRAY(SELECT DISTINCT x FROM ({new}) z(x)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM {s}.cp_order_depot_refresh(ARRAY(SELECT DISTINCT x FROM ({old}) z(x)));
  ELSE
    PERFORM {s}.cp_order_depot_refresh(ARRAY(SELECT DISTINCT x FROM ({new} UNION {old}) z(x)));
  END IF;
  RETURN NULL;
END $$""")
    return fns


def _membership_policies(me: str, pins: bool) -> dict[str, list[tuple[str, str]]]:
    """Writes checked against the orders the depot takes part in, and the change log
    filtered like the rows its entries point to."""
    mine = f"depot_id = {me}"

    def member(order_col: str) -> str:
        return (f"EXISTS (SELECT 1 FROM order_depot od WHERE od.order_id = {order_col} "
                f"AND od.depot_id = {me})")

    key = "CAST(row_key AS uuid)"
    catalogue = ", ".join(f"'{t}'" for t in CATALOGUE_LOGGED)
    change_seen = (
        f"CASE WHEN depot_id IS NOT NULL THEN depot_id = {me} ELSE CASE tbl "
        f"WHEN 'order' THEN {member(key)} "
        f"WHEN 'customer' THEN EXISTS (SELECT 1 FROM order_depot od WHERE od.depot_id = {me} "
        f"AND od.customer_id = {key}) "
        f"WHEN 'stop' THEN EXISTS (SELECT 1 FROM order_depot od WHERE od.depot_id = {me} "
        f"AND od.stop_id = {key}) "
        f"WHEN 'round' THEN EXISTS (SELECT 1 FROM round r WHERE r.id = {key}) "
        f"WHEN 'crate' THEN EXISTS (SELECT 1 FROM crate c WHERE c.id = {key}) "
        f"WHEN 'crate_move' THEN EXISTS (SELECT 1 FROM crate_move m WHERE m.id = {key}) "
        + (f"WHEN 'staff_pin' THEN EXISTS (SELECT 1 FROM staff_pin p WHERE p.id = {key}) "
           if pins else "")
        + f"ELSE tbl IN ({catalogue}) END END")
    return {
        "crate": [("SELECT", f"USING ({mine} OR {member('crate.order_id')})"),
                  ("INSERT", f"WITH CHECK ({mine} AND {member('crate.order_id')})"),
                  ("UPDATE", f"USING ({mine}) WITH CHECK ({mine} AND {member('crate.order_id')})")],
        "pack_event": [("SELECT", f"USING ({mine})"),
                       ("INSERT", f"WITH CHECK ({mine} AND {member('pack_event.order_id')})")],
        "pack_acceptance": [("SELECT", f"USING ({mine})"),
                            ("INSERT", f"WITH CHECK ({mine} AND "
                                       f"{member('pack_acceptance.order_id')})")],
        "sync_change": [("SELECT", f"USING ({change_seen})")],
    }


def _drop_policies(execute: Callable[[str], object], table: str) -> None:
    execute(f"DO $$ DECLARE p record; BEGIN FOR p IN SELECT policyname FROM pg_policies "
            f"WHERE tablename = '{table}' AND schemaname = current_schema() LOOP "
            f"EXECUTE format('DROP POLICY %I ON %I', p.policyname, '{table}'); END LOOP; END $$")


def grant_staff_columns(execute: Callable[[str], object], group: str) -> None:
    """What a depot login may read of `staff`: every column but the centre's PIN hash. Column
    privileges name columns, so a migration that adds a column to `staff` calls this again."""
    execute(f"""DO $$ DECLARE cols text; BEGIN
  SELECT string_agg(quote_ident(column_name), ', ') INTO cols FROM information_schema.columns
   WHERE table_schema = current_schema() AND table_name = 'staff' AND column_name <> 'pin_hash';
  EXECUTE format('GRANT SELECT (%s) ON staff TO %I', cols, '{group}');
END $$""")


def harden_central(execute: Callable[[str], object], *, schema: str, group: str,
                   database: str, pins: bool = False) -> None:
    """PostgreSQL only: pin and re-create every definer function, revoke what depots must not
    have, check writes against order membership, filter the change log, force RLS.
    `pins`: the `staff_pin` table exists (migration 0012): its change-log entries are shown
    to the depot whose verifiers they are."""
    execute("ALTER TABLE sync_change ADD COLUMN IF NOT EXISTS depot_id uuid")
    for sql in _definer_functions(schema):
        execute(sql)
    # No function is for everyone: the policies' helpers are granted to the depots' group.
    execute(f"REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} FROM PUBLIC")
    execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC")
    for fn in (*POLICY_FUNCTIONS, *DEPOT_FUNCTIONS):
        execute(f"GRANT EXECUTE ON FUNCTION {schema}.{fn} TO {group}")
    execute("DO $$ DECLARE r record; BEGIN FOR r IN SELECT l.role_name FROM depot_login l "
            "JOIN pg_roles g ON g.rolname = l.role_name LOOP "
            "EXECUTE format('ALTER ROLE %I SET jit = off', r.role_name); END LOOP; END $$")
    execute(f'REVOKE TEMPORARY ON DATABASE "{database}" FROM PUBLIC')
    execute(f'GRANT TEMPORARY ON DATABASE "{database}" TO CURRENT_USER')
    execute(f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC")
    for table, policies in _membership_policies("(SELECT cp_depot_id())", pins).items():
        _drop_policies(execute, table)
        execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        for i, (command, clause) in enumerate(policies):
            execute(f'CREATE POLICY cp_{table}_{i} ON "{table}" FOR {command} TO {group} {clause}')
    # FORCE: the table's owner is held to policies too, so no role reaches the rows by
    # ownership alone; the owner's (the central administrator's) full access is a policy of
    # its own, visible in pg_policies. (Superusers bypass RLS in any case.)
    execute(f"""DO $$ DECLARE t record; BEGIN
  FOR t IN SELECT c.relname, pg_get_userbyid(c.relowner) AS owner FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = '{schema}' AND c.relkind = 'r' AND c.relrowsecurity LOOP
    EXECUTE format('DROP POLICY IF EXISTS cp_owner ON {schema}.%I', t.relname);
    EXECUTE format('CREATE POLICY cp_owner ON {schema}.%I TO %I USING (true) WITH CHECK (true)',
                   t.relname, t.owner);
    EXECUTE format('ALTER TABLE {schema}.%I FORCE ROW LEVEL SECURITY', t.relname);
  END LOOP; END $$""")


def soften_central(execute: Callable[[str], object], *, schema: str, group: str,
                   database: str) -> None:
    """Undo `harden_central`'s privileges and policies (the pinned functions stay: they
    behave as before for every legitimate caller)."""
    execute(f"""DO $$ DECLARE t record; BEGIN
  FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = '{schema}' AND c.relkind = 'r' AND c.relforcerowsecurity LOOP
    EXECUTE format('DROP POLICY IF EXISTS cp_owner ON {schema}.%I', t.relname);
    EXECUTE format('ALTER TABLE {schema}.%I NO FORCE ROW LEVEL SECURITY', t.relname);
  END LOOP; END $$""")
    for table in MEMBERSHIP_TABLES:
        _drop_policies(execute, table)
    me = "(SELECT cp_depot_id())"
    mine = f"depot_id = {me}"
    old = {"crate": [("SELECT", f"USING ({mine} OR EXISTS (SELECT 1 FROM order_depot od WHERE "
                                f"od.depot_id = {me} AND od.order_id = crate.order_id))"),
                     ("INSERT", f"WITH CHECK ({mine})"),
                     ("UPDATE", f"USING ({mine}) WITH CHECK ({mine})")],
           "pack_event": [("SELECT", f"USING ({mine})"), ("INSERT", f"WITH CHECK ({mine})")],
           "pack_acceptance": [("SELECT", f"USING ({mine})"),
                               ("INSERT", f"WITH CHECK ({mine})")]}
    for table, policies in old.items():
        for i, (command, clause) in enumerate(policies):
            execute(f'CREATE POLICY cp_{table}_{i} ON "{table}" FOR {command} TO {group} {clause}')
    execute('ALTER TABLE sync_change DISABLE ROW LEVEL SECURITY')
    execute(f'GRANT TEMPORARY ON DATABASE "{database}" TO PUBLIC')
    execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT EXECUTE ON FUNCTIONS TO PUBLIC")
    execute(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} TO PUBLIC")
    execute("DELETE FROM sync_change WHERE depot_id IS NOT NULL")
    execute("ALTER TABLE sync_change DROP COLUMN IF EXISTS depot_id")
    execute(f"DROP FUNCTION IF EXISTS {schema}.cp_row_depots(text, jsonb)")
