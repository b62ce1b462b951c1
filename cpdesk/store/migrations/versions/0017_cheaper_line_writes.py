"""cheaper order line writes: one index fewer, and the board projection's trigger skips a new
order's lines

A pull writes every line of every order it brings (50,000 lines for 10,000 orders), and each
line insert maintained four indexes and ran the board projection's trigger. Two of those did
nothing useful:

- `ix_order_line_order_id` duplicates the unique index of (order_id, line_no), whose first
  column serves every look-up by order: one random-key B-tree insert per line less, on the
  depot's store and on the centre.
- `pp_order_line_insert` (migration 0015) deletes the order's `pack_progress` rows and notes
  the order dirty. For a brand-new order that note is already there (the order's own insert
  trigger wrote it, the order comes first in a page) and it has no row yet: the trigger now
  runs only when the order has a row or no note (a `WHEN` clause of two index probes), which
  leaves the same state in every case.

Revision ID: 0017
Revises: 0016
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_BODY = """
  DELETE FROM pack_progress WHERE order_id = NEW.order_id;
  INSERT INTO pack_progress_dirty (order_id) SELECT NEW.order_id WHERE NOT EXISTS
    (SELECT 1 FROM pack_progress_dirty WHERE order_id = NEW.order_id);
END"""
_WHEN = ("WHEN EXISTS (SELECT 1 FROM pack_progress WHERE order_id = NEW.order_id) "
         "OR NOT EXISTS (SELECT 1 FROM pack_progress_dirty WHERE order_id = NEW.order_id) ")


def _line_trigger(when: str) -> None:
    op.execute("DROP TRIGGER IF EXISTS pp_order_line_insert")
    op.execute(f'CREATE TRIGGER pp_order_line_insert AFTER INSERT ON "order_line" {when}BEGIN'
               + _BODY)


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_order_line_order_id")
    if op.get_bind().dialect.name == "sqlite":
        _line_trigger(_WHEN)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _line_trigger("")
    op.execute("CREATE INDEX IF NOT EXISTS ix_order_line_order_id ON order_line (order_id)")
