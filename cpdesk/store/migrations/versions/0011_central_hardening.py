"""centre hardening: pinned SECURITY DEFINER functions, no TEMP or PUBLIC EXECUTE for depot
logins, facts only on orders the depot takes part in, a change log filtered like its rows,
row-level security forced (see cpdesk/store/migrations/frozen/central_0012.py, `harden_central`).

Revision ID: 0011
Revises: 0010
"""

from typing import Any

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _names() -> dict[str, Any]:
    from cpdesk.store.migrations.frozen import central_0012 as schema

    bind = op.get_bind()
    db = str(bind.exec_driver_sql("select current_database()").scalar())
    return {"schema": str(bind.exec_driver_sql("select current_schema()").scalar()),
            "group": schema.group_name(db), "database": db}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from cpdesk.store.migrations.frozen import central_0012 as schema

        schema.harden_central(op.execute, **_names())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from cpdesk.store.migrations.frozen import central_0012 as schema

        schema.soften_central(op.execute, **_names())
