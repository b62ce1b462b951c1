"""the order line index by order back (migration 0017 dropped it)

0017 dropped `ix_order_line_order_id` as a duplicate of the unique index of (order_id,
line_no). For SQLite it was not: without statistics, a look-up by order *and* packing depot
(`order_id = ? AND packing_depot_id = ?`: a delivery note's lines, the board projection's
rows) then went through the index on `packing_depot_id`, every line the depot packs, instead
of the order's few. The index is back, on both dialects, as 0001 made it.

Revision ID: 0018
Revises: 0017
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_order_line_order_id ON order_line (order_id)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_order_line_order_id")
