"""loading tables: crate moves (van loading, transfers) and round departures

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crate_move",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("crate_id", sa.Uuid(), nullable=False),
        sa.Column("depot_id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=14), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["crate_id"], ["crate.id"], name=op.f("fk_crate_move_crate_id_crate")),
        sa.ForeignKeyConstraint(["depot_id"], ["depot.id"], name=op.f("fk_crate_move_depot_id_depot")),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"], name=op.f("fk_crate_move_round_id_round")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_crate_move_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crate_move")),
    )
    op.create_index(op.f("ix_crate_move_crate_id"), "crate_move", ["crate_id"])
    op.create_table(
        "round_departure",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("depot_id", sa.Uuid(), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("supervisor_id", sa.Uuid(), nullable=True),
        sa.Column("left_behind", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"], name=op.f("fk_round_departure_round_id_round")),
        sa.ForeignKeyConstraint(["depot_id"], ["depot.id"], name=op.f("fk_round_departure_depot_id_depot")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_round_departure_staff_id_staff")),
        sa.ForeignKeyConstraint(["supervisor_id"], ["staff.id"], name=op.f("fk_round_departure_supervisor_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_departure")),
    )
    op.create_index(op.f("ix_round_departure_round_id"), "round_departure", ["round_id"])
    _sync_upgrade()


def downgrade() -> None:
    _sync_downgrade()
    op.drop_index(op.f("ix_round_departure_round_id"), table_name="round_departure")
    op.drop_table("round_departure")
    op.drop_index(op.f("ix_crate_move_crate_id"), table_name="crate_move")
    op.drop_table("crate_move")


# --- sync ---
# The fact tables made after 0003 (0004-0006) get their change log, row-level security and
# centre-side triggers here, once they all exist (see cpdesk/store/migrations/frozen/central_0012.py).
def _sync_upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from cpdesk.store.migrations.frozen import central_0012 as schema

        db = bind.exec_driver_sql("select current_database()").scalar()
        schema.upgrade_fact_tables(op.execute, schema.group_name(str(db)))


def _sync_downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from cpdesk.store.migrations.frozen import central_0012 as schema

        schema.downgrade_fact_tables(op.execute)
