"""the cooperatives' own references for imported data; round plans; billing fields

Imports (`cpdesk central import-catalogue|import-customers|import-rounds|import-staff`) key
every row by the cooperative's own reference, so a second import of the same file changes
nothing. Round plans hold the weekly pattern and the ordered stops a dated round is made
from when orders arrive. A producer's language and price feed the producer statement; a
customer's VAT number and language the invoices.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# (table, column, type, server default)
COLUMNS = (
    ("coop", "packing_depot_code", sa.String(length=8), None),
    ("producer", "ref", sa.String(length=32), None),
    ("producer", "language", sa.String(length=2), "fr"),
    ("producer", "active", sa.Boolean(), sa.true()),
    ("product", "producer_price_cents", sa.Integer(), None),
    ("product", "available", sa.Boolean(), sa.true()),
    ("customer", "ref", sa.String(length=32), None),
    ("customer", "language", sa.String(length=2), "fr"),
    ("customer", "vat_number", sa.String(length=20), ""),
    ("customer", "email", sa.String(length=120), ""),
    ("customer", "active", sa.Boolean(), sa.true()),
    ("staff", "ref", sa.String(length=32), None),
    ("staff", "depot_code", sa.String(length=8), None),
    ("van", "ref", sa.String(length=32), None),
)
UNIQUE = (("producer", "ref"), ("customer", "ref"), ("staff", "ref"), ("van", "ref"))


def upgrade() -> None:
    for table, column, type_, default in COLUMNS:
        with op.batch_alter_table(table) as batch:
            server_default = (default if default is None or not isinstance(default, str)
                              else sa.text(f"'{default}'"))
            batch.add_column(sa.Column(column, type_, nullable=default is None,
                                       server_default=server_default))
    for table, column in UNIQUE:
        op.create_index(f"uq_{table}_{column}", table, [column], unique=True)
    op.create_table(
        "round_plan",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ref", sa.String(length=16), nullable=False),
        sa.Column("depot_id", sa.Uuid(), nullable=False),
        sa.Column("van_id", sa.Uuid(), nullable=False),
        sa.Column("weekdays", sa.String(length=7), nullable=False),
        sa.Column("driver_name", sa.String(length=120), nullable=False),
        sa.Column("departure", sa.Time(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["depot_id"], ["depot.id"], name=op.f("fk_round_plan_depot_id_depot")),
        sa.ForeignKeyConstraint(["van_id"], ["van.id"], name=op.f("fk_round_plan_van_id_van")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_plan")),
        sa.UniqueConstraint("ref", name=op.f("uq_round_plan_ref")),
    )
    op.create_table(
        "round_plan_stop",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("eta", sa.Time(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["round_plan.id"],
                                name=op.f("fk_round_plan_stop_plan_id_round_plan")),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"],
                                name=op.f("fk_round_plan_stop_customer_id_customer")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_plan_stop")),
        sa.UniqueConstraint("plan_id", "seq", name=op.f("uq_round_plan_stop_plan_id")),
    )
    op.create_index("ix_round_plan_stop_customer_id", "round_plan_stop", ["customer_id"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from cpdesk.store.migrations.frozen import central_0012 as schema

        group = schema.group_name(str(bind.exec_driver_sql("select current_database()").scalar()))
        op.execute(FIRST_PIN)
        op.execute("REVOKE ALL ON FUNCTION cp_set_first_pin(uuid, text) FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION cp_set_first_pin(uuid, text) TO {group}")


# A staff member's first PIN, pushed by a depot (which may not update staff): taken only
# while the centre has none; else the row is logged again so the depot pulls the winner.
FIRST_PIN = """
CREATE FUNCTION cp_set_first_pin(s uuid, h text) RETURNS void LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF h IS NULL OR h = '' THEN RETURN; END IF;
  UPDATE staff SET pin_hash = h WHERE id = s AND pin_hash = '';
  IF NOT FOUND THEN
    INSERT INTO sync_change (tbl, row_key, op) VALUES ('staff', s::text, 'U');
  END IF;
END $$"""


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS cp_set_first_pin(uuid, text)")
    op.drop_index("ix_round_plan_stop_customer_id", table_name="round_plan_stop")
    op.drop_table("round_plan_stop")
    op.drop_table("round_plan")
    for table, column in UNIQUE:
        op.drop_index(f"uq_{table}_{column}", table_name=table)
    for table, column, _, _ in reversed(COLUMNS):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
