"""a change of order lines logged once per order and transaction (PostgreSQL)

Every `order_line` change used to add an `order` entry to the change log: an order written
with its five lines made six entries, and a pull re-read the whole order for each (a pull of
10,000 new orders read 96,000 rows for 60,000 needed). An entry for the same order already
made by the same transaction says it all: the pull reads the order whole, after that
transaction committed (the gate), so the later entries add nothing. Only entries addressed to
every depot count (`depot_id` NULL): one addressed to a depot leaving the order does not
speak for the others.

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _function(s: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION {s}.cp_log_order_line() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  k text;
BEGIN
  FOREACH k IN ARRAY CASE TG_OP
      WHEN 'INSERT' THEN ARRAY[NEW.order_id::text]
      WHEN 'DELETE' THEN ARRAY[OLD.order_id::text]
      ELSE ARRAY(SELECT DISTINCT x FROM unnest(ARRAY[NEW.order_id::text,
                                                     OLD.order_id::text]) x) END LOOP
    IF NOT EXISTS (SELECT 1 FROM {s}.sync_change c WHERE c.xid = pg_current_xact_id()
                   AND c.tbl = 'order' AND c.row_key = k AND c.depot_id IS NULL) THEN
      INSERT INTO {s}.sync_change (tbl, row_key, op) VALUES ('order', k, 'U');
    END IF;
  END LOOP;
  RETURN NULL;
END $$"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    s = str(bind.exec_driver_sql("select current_schema()").scalar())
    x = op.execute
    x("CREATE INDEX ix_sync_change_order_xid ON sync_change (xid, row_key) "
      "WHERE tbl = 'order' AND depot_id IS NULL")
    x(_function(s))
    x(f"REVOKE ALL ON FUNCTION {s}.cp_log_order_line() FROM PUBLIC")
    x("DROP TRIGGER cp_log_order_line ON order_line")
    x("CREATE TRIGGER cp_log_order_line AFTER INSERT OR UPDATE OR DELETE ON order_line "
      "FOR EACH ROW EXECUTE FUNCTION cp_log_order_line()")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    x = op.execute
    x("DROP TRIGGER cp_log_order_line ON order_line")
    x("CREATE TRIGGER cp_log_order_line AFTER INSERT OR UPDATE OR DELETE ON order_line "
      "FOR EACH ROW EXECUTE FUNCTION cp_log_change('order', 'order_id', 'U')")
    x("DROP FUNCTION cp_log_order_line()")
    x("DROP INDEX ix_sync_change_order_xid")
