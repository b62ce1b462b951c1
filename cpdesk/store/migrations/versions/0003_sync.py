"""sync tables: central events, change log, depot logins, order changes; on PostgreSQL the
xid8 stamps, change-log triggers, row-level security and the depots' group role.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Pullable tables: (table, logged as, key column, forced op). A line change is logged as a
# change of its order: the order travels whole (an order a depot starts taking part in must
# arrive with all its lines).
LOGGED = (
    ("coop", "coop", "id", None),
    ("depot", "depot", "id", None),
    ("producer", "producer", "id", None),
    ("product", "product", "id", None),
    ("barcode", "barcode", "code", None),
    ("customer", "customer", "id", None),
    ("staff", "staff", "id", None),
    ("van", "van", "id", None),
    ("round", "round", "id", None),
    ("stop", "stop", "id", None),
    ("order", "order", "id", None),
    ("order_line", "order", "order_id", "U"),
    ("crate", "crate", "id", None),
)
CATALOGUE = ("coop", "depot", "producer", "product", "barcode", "staff", "van")


def group_role(bind) -> str:  # type: ignore[no-untyped-def]
    """The depots' group role of this database (roles are cluster-wide: one per database)."""
    db = bind.exec_driver_sql("select current_database()").scalar()
    return ("cpdesk_depot_" + "".join(c if c.isalnum() else "_" for c in db))[:63].lower()


def upgrade() -> None:
    op.create_table(
        "central_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("depot_code", sa.String(length=8), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_event")),
    )
    op.create_index("ix_central_event_depot_code", "central_event", ["depot_code"])
    op.create_table(
        "sync_change",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  autoincrement=True, nullable=False),
        sa.Column("tbl", sa.String(length=32), nullable=False),
        sa.Column("row_key", sa.String(length=64), nullable=False),
        sa.Column("op", sa.String(length=1), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_change")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "depot_login",
        sa.Column("role_name", sa.String(length=63), nullable=False),
        sa.Column("depot_code", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("role_name", name=op.f("pk_depot_login")),
    )
    op.create_index("ix_depot_login_depot_code", "depot_login", ["depot_code"])
    op.create_table(
        "order_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("old_version", sa.Integer(), nullable=False),
        sa.Column("new_version", sa.Integer(), nullable=False),
        sa.Column("diff", sa.JSON(), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_change")),
    )
    op.create_index("ix_order_change_order_id", "order_change", ["order_id"])
    if op.get_bind().dialect.name == "postgresql":
        _postgres_upgrade()


def _postgres_upgrade() -> None:
    bind = op.get_bind()
    x = op.execute
    # xid8 stamps: a pull reads only changes older than pg_snapshot_xmin(pg_current_snapshot()),
    # so a transaction still open cannot commit a change behind the cursor.
    x("ALTER TABLE sync_change ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()")
    x("CREATE INDEX ix_sync_change_xid_seq ON sync_change (xid, seq)")
    x("ALTER TABLE central_event ADD COLUMN received_xid xid8 NOT NULL DEFAULT pg_current_xact_id()")
    x("""
CREATE FUNCTION cp_log_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
DECLARE
  r jsonb;
  o text;
BEGIN
  IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
  o := coalesce(TG_ARGV[2], CASE WHEN TG_OP = 'DELETE' THEN 'D' ELSE 'U' END);
  INSERT INTO sync_change (tbl, row_key, op) VALUES (TG_ARGV[0], r ->> TG_ARGV[1], o);
  IF TG_OP = 'UPDATE' AND TG_ARGV[2] IS NOT NULL
     AND (to_jsonb(OLD) ->> TG_ARGV[1]) IS DISTINCT FROM (r ->> TG_ARGV[1]) THEN
    INSERT INTO sync_change (tbl, row_key, op) VALUES (TG_ARGV[0], to_jsonb(OLD) ->> TG_ARGV[1], o);
  END IF;
  RETURN NULL;
END $$""")
    for table, logged_as, key, forced in LOGGED:
        args = f"'{logged_as}', '{key}'" + (f", '{forced}'" if forced else "")
        x(f'CREATE TRIGGER cp_log_{table} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
          f"FOR EACH ROW EXECUTE FUNCTION cp_log_change({args})")
    # Backfill: a centre migrated with data already in it hands everything to new depots.
    for table, logged_as, key, _ in LOGGED:
        if table != "order_line":
            x(f"INSERT INTO sync_change (tbl, row_key, op) "
              f"SELECT '{logged_as}', {key}::text, 'U' FROM \"{table}\"")

    # Visibility: the depot is derived from the login (session_user), never from a setting.
    definer = "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public"
    x(f"""CREATE FUNCTION cp_depot_code() RETURNS text {definer} AS $$
SELECT depot_code::text FROM depot_login WHERE role_name = session_user $$""")
    x(f"""CREATE FUNCTION cp_depot_id() RETURNS uuid {definer} AS $$
SELECT d.id FROM depot d JOIN depot_login l ON l.depot_code = d.code
WHERE l.role_name = session_user $$""")
    # Membership: which depots take part in an order (they pack a line, or its stop is on one
    # of their rounds), with the order's stop, round and customer, so that every visibility
    # policy is an index lookup instead of a per-row function call (a pull of 10,000 orders
    # took ~32x a bare SELECT with SECURITY DEFINER functions per row). Kept by statement
    # triggers on order_line, order, stop and round (`cp_order_depot_refresh`).
    x("""CREATE TABLE order_depot (
  order_id uuid NOT NULL, depot_id uuid NOT NULL,
  stop_id uuid, round_id uuid, customer_id uuid,
  PRIMARY KEY (order_id, depot_id))""")
    for col in ("stop_id", "round_id", "customer_id"):
        x(f"CREATE INDEX ix_order_depot_depot_{col} ON order_depot (depot_id, {col})")
    x("""CREATE FUNCTION cp_order_depot_refresh(ids uuid[]) RETURNS void LANGUAGE sql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DELETE FROM order_depot WHERE order_id = ANY(ids);
INSERT INTO order_depot (order_id, depot_id, stop_id, round_id, customer_id)
SELECT m.order_id, m.depot_id, o.stop_id, s.round_id, o.customer_id
FROM (SELECT order_id, packing_depot_id AS depot_id FROM order_line WHERE order_id = ANY(ids)
      UNION
      SELECT o.id, r.depot_id FROM "order" o JOIN stop s ON s.id = o.stop_id
      JOIN round r ON r.id = s.round_id WHERE o.id = ANY(ids)) m
JOIN "order" o ON o.id = m.order_id LEFT JOIN stop s ON s.id = o.stop_id $$""")
    # One function per table; the transition tables are read only for the trigger's own event.
    affected = {
        "order_line": "SELECT order_id FROM {t}",
        "order": "SELECT id FROM {t}",
        "stop": 'SELECT o.id FROM "order" o JOIN {t} c ON o.stop_id = c.id',
        "round": 'SELECT o.id FROM "order" o JOIN stop s ON s.id = o.stop_id '
                 "JOIN {t} c ON s.round_id = c.id",
    }
    for table, q in affected.items():
        x(f"""CREATE FUNCTION cp_od_{table}() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cp_order_depot_refresh(ARRAY(SELECT DISTINCT x FROM ({q.format(t="new_rows")}) z(x)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM cp_order_depot_refresh(ARRAY(SELECT DISTINCT x FROM ({q.format(t="old_rows")}) z(x)));
  ELSE
    PERFORM cp_order_depot_refresh(ARRAY(SELECT DISTINCT x FROM ({q.format(t="new_rows")}
                                          UNION {q.format(t="old_rows")}) z(x)));
  END IF;
  RETURN NULL;
END $$""")
        for event, refs in (("INSERT", "NEW TABLE AS new_rows"),
                            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                            ("DELETE", "OLD TABLE AS old_rows")):
            if table in ("stop", "round") and event != "UPDATE":
                continue  # a new stop or round has no orders yet; one with orders can't go
            x(f'CREATE TRIGGER cp_od_{table}_{event.lower()} AFTER {event} ON "{table}" '
              f"REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION cp_od_{table}()")
    x('SELECT cp_order_depot_refresh(ARRAY(SELECT id FROM "order"))')
    x(f"""CREATE FUNCTION cp_order_visible(o_id uuid) RETURNS boolean {definer} AS $$
SELECT EXISTS (SELECT 1 FROM order_depot WHERE order_id = o_id AND depot_id = cp_depot_id()) $$""")
    x(f"""CREATE FUNCTION cp_sale_mine(s_id uuid) RETURNS boolean {definer} AS $$
SELECT EXISTS (SELECT 1 FROM sale WHERE id = s_id AND depot_id = cp_depot_id()) $$""")

    group = group_role(bind)
    x(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') "
      f"THEN CREATE ROLE {group} NOLOGIN; END IF; END $$")
    x(f"GRANT USAGE ON SCHEMA public TO {group}")
    x(f'GRANT CONNECT ON DATABASE "{bind.exec_driver_sql("select current_database()").scalar()}" TO {group}')

    def rls(table: str, policies: list[tuple[str, str]], grants: str) -> None:
        x(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        for i, (command, clause) in enumerate(policies):
            x(f'CREATE POLICY cp_{table}_{i} ON "{table}" FOR {command} TO {group} {clause}')
        x(f'GRANT {grants} ON "{table}" TO {group}')

    for table in CATALOGUE:
        rls(table, [("SELECT", "USING (true)")], "SELECT")
    # (SELECT f()) is evaluated once per statement (an initplan), f() once per row: every
    # clause below is an index lookup in order_depot for the depot of the login.
    me = "(SELECT cp_depot_id())"

    def member(cond: str) -> str:
        return f"EXISTS (SELECT 1 FROM order_depot od WHERE od.depot_id = {me} AND {cond})"

    rls("order_depot", [("SELECT", f"USING (depot_id = {me})")], "SELECT")
    rls("customer", [("SELECT", f"USING ({member('od.customer_id = customer.id')})")], "SELECT")
    rls("round", [("SELECT", f"USING (depot_id = {me} OR {member('od.round_id = round.id')})")],
        "SELECT")
    rls("stop", [("SELECT", f"USING ({member('od.stop_id = stop.id')})")], "SELECT")
    order_member = member('od.order_id = "order".id')
    rls("order", [("SELECT", f"USING ({order_member})")], "SELECT")
    rls("order_line", [("SELECT", f"USING (packing_depot_id = {me} "
                                  f"OR {member('od.order_id = order_line.order_id')})")], "SELECT")
    mine = f"depot_id = {me}"
    rls("crate", [("SELECT", f"USING ({mine} OR {member('od.order_id = crate.order_id')})"),
                  ("INSERT", f"WITH CHECK ({mine})"),
                  ("UPDATE", f"USING ({mine}) WITH CHECK ({mine})")], "SELECT, INSERT, UPDATE")
    rls("pack_event", [("SELECT", f"USING ({mine})"), ("INSERT", f"WITH CHECK ({mine})")],
        "SELECT, INSERT")
    rls("sale", [("SELECT", f"USING ({mine})"), ("INSERT", f"WITH CHECK ({mine})")],
        "SELECT, INSERT")
    for table in ("sale_line", "sale_payment"):
        rls(table, [("SELECT", "USING (cp_sale_mine(sale_id))"),
                    ("INSERT", "WITH CHECK (cp_sale_mine(sale_id))")], "SELECT, INSERT")
    own = "depot_code = (SELECT cp_depot_code())"
    rls("central_event", [("SELECT", f"USING ({own})"), ("INSERT", f"WITH CHECK ({own})"),
                          ("UPDATE", f"USING ({own}) WITH CHECK ({own})")], "SELECT, INSERT")
    x(f"GRANT UPDATE (status, note) ON central_event TO {group}")
    x(f"GRANT SELECT ON sync_change, meta TO {group}")
    x("INSERT INTO meta (key, value) VALUES ('epoch', gen_random_uuid()::text) "
      "ON CONFLICT (key) DO NOTHING")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table, _, _, _ in LOGGED:
            op.execute(f'DROP TRIGGER IF EXISTS cp_log_{table} ON "{table}"')
        op.execute("DROP FUNCTION IF EXISTS cp_log_change() CASCADE")
        for table in (*CATALOGUE, "customer", "round", "stop", "order", "order_line", "crate",
                      "pack_event", "sale", "sale_line", "sale_payment"):
            op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
            op.execute(f"DO $$ DECLARE p record; BEGIN FOR p IN SELECT policyname FROM "
                       f"pg_policies WHERE tablename = '{table}' LOOP EXECUTE format("
                       f"'DROP POLICY %I ON %I', p.policyname, '{table}'); END LOOP; END $$")
        group = group_role(bind)
        op.execute(f"DROP OWNED BY {group}")
        op.execute(f"DROP ROLE IF EXISTS {group}")
        for table in ("order_line", "order", "stop", "round"):
            for event in ("insert", "update", "delete"):
                op.execute(f'DROP TRIGGER IF EXISTS cp_od_{table}_{event} ON "{table}"')
            op.execute(f"DROP FUNCTION IF EXISTS cp_od_{table}()")
        op.execute("DROP TABLE IF EXISTS order_depot")
        for fn in ("cp_sale_mine(uuid)", "cp_order_visible(uuid)",
                   "cp_order_depot_refresh(uuid[])", "cp_depot_id()", "cp_depot_code()"):
            op.execute(f"DROP FUNCTION IF EXISTS {fn}")
    op.drop_table("order_change")
    op.drop_table("depot_login")
    op.drop_table("sync_change")
    op.drop_table("central_event")
