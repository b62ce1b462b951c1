"""rejections: a fact the centre refused stays open at the depot; the centre parks it

Outbox rows get the centre's refusal (when, why) and how it was settled; a central event gets
the time a person resolved it.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reject_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("resolution", sa.Text(), nullable=True))
    with op.batch_alter_table("central_event") as batch:
        batch.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("central_event") as batch:
        batch.drop_column("resolved_at")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("resolution")
        batch.drop_column("reject_reason")
        batch.drop_column("rejected_at")
