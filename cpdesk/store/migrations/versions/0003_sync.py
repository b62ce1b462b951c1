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
    # xid8 stamps: the pull gate is pg_snapshot_xmin(pg_current_snapshot()) (shared/SYNC.md).
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
    x(f"""CREATE FUNCTION cp_order_visible(o_id uuid) RETURNS boolean {definer} AS $$
SELECT EXISTS (SELECT 1 FROM order_line WHERE order_id = o_id AND packing_depot_id = cp_depot_id())
    OR EXISTS (SELECT 1 FROM "order" o JOIN stop s ON s.id = o.stop_id
               JOIN round r ON r.id = s.round_id
               WHERE o.id = o_id AND r.depot_id = cp_depot_id()) $$""")
    x(f"""CREATE FUNCTION cp_stop_visible(s_id uuid) RETURNS boolean {definer} AS $$
SELECT EXISTS (SELECT 1 FROM "order" WHERE stop_id = s_id AND cp_order_visible(id)) $$""")
    x(f"""CREATE FUNCTION cp_round_visible(r_id uuid) RETURNS boolean {definer} AS $$
SELECT EXISTS (SELECT 1 FROM round WHERE id = r_id AND depot_id = cp_depot_id())
    OR EXISTS (SELECT 1 FROM stop WHERE round_id = r_id AND cp_stop_visible(id)) $$""")
    x(f"""CREATE FUNCTION cp_customer_visible(c_id uuid) RETURNS boolean {definer} AS $$
SELECT EXISTS (SELECT 1 FROM "order" WHERE customer_id = c_id AND cp_order_visible(id)) $$""")
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
    rls("customer", [("SELECT", "USING (cp_customer_visible(id))")], "SELECT")
    rls("round", [("SELECT", "USING (cp_round_visible(id))")], "SELECT")
    rls("stop", [("SELECT", "USING (cp_stop_visible(id))")], "SELECT")
    rls("order", [("SELECT", "USING (cp_order_visible(id))")], "SELECT")
    # (SELECT f()) is evaluated once per statement (an initplan), f() once per row; a line
    # packed by the depot itself is decided without the costlier order check.
    me = "(SELECT cp_depot_id())"
    rls("order_line", [("SELECT", f"USING (packing_depot_id = {me} "
                                  "OR cp_order_visible(order_id))")], "SELECT")
    mine = f"depot_id = {me}"
    rls("crate", [("SELECT", f"USING ({mine} OR cp_order_visible(order_id))"),
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
        for fn in ("cp_sale_mine(uuid)", "cp_customer_visible(uuid)", "cp_round_visible(uuid)",
                   "cp_stop_visible(uuid)", "cp_order_visible(uuid)", "cp_depot_id()",
                   "cp_depot_code()"):
            op.execute(f"DROP FUNCTION IF EXISTS {fn}")
    op.drop_table("order_change")
    op.drop_table("depot_login")
    op.drop_table("sync_change")
    op.drop_table("central_event")
