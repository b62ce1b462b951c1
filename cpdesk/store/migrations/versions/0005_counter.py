"""counter tables: receipt counters, register sessions, cash movements, pick-ups

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "register_counter",
        sa.Column("depot_id", sa.Uuid(), nullable=False),
        sa.Column("register", sa.String(length=16), nullable=False),
        sa.Column("last_no", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["depot_id"], ["depot.id"],
                                name=op.f("fk_register_counter_depot_id_depot")),
        sa.PrimaryKeyConstraint("depot_id", "register", name=op.f("pk_register_counter")),
    )
    op.create_table(
        "register_session",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("depot_id", sa.Uuid(), nullable=False),
        sa.Column("register", sa.String(length=16), nullable=False),
        sa.Column("z_no", sa.Integer(), nullable=False),
        sa.Column("opened_by", sa.Uuid(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("float_cents", sa.Integer(), nullable=False),
        sa.Column("first_receipt_no", sa.Integer(), nullable=False),
        sa.Column("last_receipt_no", sa.Integer(), nullable=True),
        sa.Column("closed_by", sa.Uuid(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expected_cents", sa.Integer(), nullable=True),
        sa.Column("counted_cents", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["depot_id"], ["depot.id"],
                                name=op.f("fk_register_session_depot_id_depot")),
        sa.ForeignKeyConstraint(["opened_by"], ["staff.id"],
                                name=op.f("fk_register_session_opened_by_staff")),
        sa.ForeignKeyConstraint(["closed_by"], ["staff.id"],
                                name=op.f("fk_register_session_closed_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_session")),
        sa.UniqueConstraint("depot_id", "register", "z_no",
                            name=op.f("uq_register_session_depot_id")),
    )
    op.create_table(
        "cash_movement",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=120), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["register_session.id"],
                                name=op.f("fk_cash_movement_session_id_register_session")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"],
                                name=op.f("fk_cash_movement_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_movement")),
    )
    op.create_index(op.f("ix_cash_movement_session_id"), "cash_movement", ["session_id"])
    op.create_table(
        "pickup",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("depot_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("sale_id", sa.Uuid(), nullable=True),
        sa.Column("crates_handed", sa.JSON(), nullable=False),
        sa.Column("crates_missing", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["depot_id"], ["depot.id"], name=op.f("fk_pickup_depot_id_depot")),
        sa.ForeignKeyConstraint(["order_id"], ["order.id"], name=op.f("fk_pickup_order_id_order")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_pickup_staff_id_staff")),
        sa.ForeignKeyConstraint(["sale_id"], ["sale.id"], name=op.f("fk_pickup_sale_id_sale")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pickup")),
    )
    op.create_index(op.f("ix_pickup_order_id"), "pickup", ["order_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_pickup_order_id"), table_name="pickup")
    op.drop_table("pickup")
    op.drop_index(op.f("ix_cash_movement_session_id"), table_name="cash_movement")
    op.drop_table("cash_movement")
    op.drop_table("register_session")
    op.drop_table("register_counter")
