"""staff PIN verifiers per depot (staff_pin); on PostgreSQL the centre's PIN hashes are no
longer readable by depot logins (column privileges), each depot reads its own verifiers only,
and their changes reach it through the change log (see cpdesk/domain/pins.py).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.create_table(
        "staff_pin",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("depot_id", sa.Uuid(), nullable=False),
        sa.Column("verifier", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_staff_pin_staff_id_staff")),
        sa.ForeignKeyConstraint(["depot_id"], ["depot.id"], name=op.f("fk_staff_pin_depot_id_depot")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_pin")),
        sa.UniqueConstraint("staff_id", "depot_id", name=op.f("uq_staff_pin_staff_id")),
    )
    op.create_index(op.f("ix_staff_pin_staff_id"), "staff_pin", ["staff_id"])
    if op.get_bind().dialect.name != "postgresql":
        return
    from cpdesk.store.migrations.frozen import central_0012 as schema

    bind = op.get_bind()
    db = str(bind.exec_driver_sql("select current_database()").scalar())
    names = {"schema": str(bind.exec_driver_sql("select current_schema()").scalar()),
             "group": schema.group_name(db), "database": db}
    group = names["group"]
    x = op.execute
    x(f"REVOKE SELECT ON staff FROM {group}")
    schema.grant_staff_columns(x, group)
    x("ALTER TABLE staff_pin ENABLE ROW LEVEL SECURITY")
    x(f"CREATE POLICY cp_staff_pin_0 ON staff_pin FOR SELECT TO {group} "
      "USING (depot_id = (SELECT cp_depot_id()))")
    x(f"GRANT SELECT ON staff_pin TO {group}")
    x("CREATE TRIGGER cp_log_staff_pin AFTER INSERT OR UPDATE OR DELETE ON staff_pin "
      "FOR EACH ROW EXECUTE FUNCTION cp_log_change('staff_pin', 'id')")
    schema.harden_central(x, pins=True, **names)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from cpdesk.store.migrations.frozen import central_0012 as schema

        bind = op.get_bind()
        db = str(bind.exec_driver_sql("select current_database()").scalar())
        names = {"schema": str(bind.exec_driver_sql("select current_schema()").scalar()),
                 "group": schema.group_name(db), "database": db}
        op.execute(f"GRANT SELECT ON staff TO {names['group']}")
        op.execute("DROP TRIGGER IF EXISTS cp_log_staff_pin ON staff_pin")
        op.execute("DELETE FROM sync_change WHERE tbl = 'staff_pin'")
        schema.harden_central(op.execute, pins=False, **names)
    op.drop_index(op.f("ix_staff_pin_staff_id"), table_name="staff_pin")
    op.drop_table("staff_pin")
