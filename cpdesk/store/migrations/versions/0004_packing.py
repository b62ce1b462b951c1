"""packing: supervisor acceptances of weights outside tolerance

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pack_acceptance",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("depot_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("line_id", sa.Uuid(), nullable=False),
        sa.Column("weight_g", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("supervisor_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["depot_id"], ["depot.id"],
                                name=op.f("fk_pack_acceptance_depot_id_depot")),
        sa.ForeignKeyConstraint(["order_id"], ["order.id"],
                                name=op.f("fk_pack_acceptance_order_id_order")),
        sa.ForeignKeyConstraint(["line_id"], ["order_line.id"],
                                name=op.f("fk_pack_acceptance_line_id_order_line")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"],
                                name=op.f("fk_pack_acceptance_staff_id_staff")),
        sa.ForeignKeyConstraint(["supervisor_id"], ["staff.id"],
                                name=op.f("fk_pack_acceptance_supervisor_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pack_acceptance")),
    )
    op.create_index(op.f("ix_pack_acceptance_order_id"), "pack_acceptance", ["order_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_pack_acceptance_order_id"), table_name="pack_acceptance")
    op.drop_table("pack_acceptance")
