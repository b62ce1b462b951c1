"""the board's progress projection (depot stores, SQLite only): one row per order and depot

`pack_progress` holds what the board shows of an order's packing at a depot (lines, lines
resolved, a line started, the lines' zones, a pack event recorded, who packed, the newest
event), written in the same transaction as each pack event by the packing service and by
the sync when it applies a pulled page (cpdesk/store/pack_progress.py). The triggers below
keep a row from ever being wrong: whatever changes an input of the fold (a pack event, a
supervisor's acceptance, an order line, a product's sale unit, zone or tolerance, an order
deleted) deletes the rows it affects and notes the order in `pack_progress_dirty`; a missing
row is folded from the source tables when read, and written again by the next refresh.

This migration fills nothing itself (a migration runs no application code): every existing
order is noted as dirty, and the first refresh (the next sync, the board's first read of a
day) writes its row.

Revision ID: 0015
Revises: 0014
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# (Not INSERT OR IGNORE: the statement firing a trigger imposes its own conflict resolution
# on the trigger's statements, and the sync's upserts would make it an ABORT.)
_NOTE = """
  INSERT INTO pack_progress_dirty (order_id) SELECT {key} WHERE NOT EXISTS
    (SELECT 1 FROM pack_progress_dirty WHERE order_id = {key});"""
_FORGET_ORDER = """
  DELETE FROM pack_progress WHERE order_id = {ref}.order_id;""" + _NOTE.replace(
    "{key}", "{ref}.order_id")
_FORGET_DEPOT = """
  DELETE FROM pack_progress WHERE order_id = {ref}.order_id AND depot_id = {ref}.depot_id;""" + (
    _NOTE.replace("{key}", "{ref}.order_id"))
# The columns each table gives the fold: a sync rewrites the rows it pulls (every line of a
# pulled order, the depot's own pack events handed back), mostly unchanged.
_INPUTS = {
    "order_line": ("order_id", "quantity", "product_id", "packing_depot_id"),
    "pack_event": ("order_id", "depot_id", "line_id", "kind", "quantity", "weight_g",
                   "target_id", "staff_id", "at"),
    "pack_acceptance": ("order_id", "depot_id", "line_id", "weight_g"),
}


def _triggers() -> dict[str, str]:
    out: dict[str, str] = {}
    for table, forget in (("pack_event", _FORGET_DEPOT), ("pack_acceptance", _FORGET_DEPOT),
                          ("order_line", _FORGET_ORDER)):
        out[f"pp_{table}_insert"] = f'AFTER INSERT ON "{table}" BEGIN{forget.format(ref="NEW")}\nEND'
        out[f"pp_{table}_delete"] = f'AFTER DELETE ON "{table}" BEGIN{forget.format(ref="OLD")}\nEND'
        when = " WHEN " + " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in _INPUTS[table])
        out[f"pp_{table}_update"] = (f'AFTER UPDATE ON "{table}"{when} BEGIN'
                                     f'{forget.format(ref="OLD")}{forget.format(ref="NEW")}\nEND')
    out["pp_order_insert"] = f'AFTER INSERT ON "order" BEGIN{_NOTE.format(key="NEW.id")}\nEND'
    out["pp_order_delete"] = ('AFTER DELETE ON "order" BEGIN\n'
                              "  DELETE FROM pack_progress WHERE order_id = OLD.id;\n"
                              "  DELETE FROM pack_progress_dirty WHERE order_id = OLD.id;\nEND")
    out["pp_product_update"] = (
        "AFTER UPDATE ON product WHEN OLD.sale_unit IS NOT NEW.sale_unit "
        "OR OLD.zone IS NOT NEW.zone OR OLD.tolerance_pct IS NOT NEW.tolerance_pct BEGIN\n"
        "  INSERT INTO pack_progress_dirty (order_id)\n"
        "    SELECT DISTINCT order_id FROM order_line WHERE product_id = NEW.id\n"
        "    AND order_id NOT IN (SELECT order_id FROM pack_progress_dirty);\n"
        "  DELETE FROM pack_progress WHERE order_id IN\n"
        "    (SELECT order_id FROM order_line WHERE product_id = NEW.id);\nEND")
    return out


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    x = op.execute
    x("""CREATE TABLE pack_progress (
    order_id CHAR(32) NOT NULL,
    depot_id CHAR(32) NOT NULL,
    lines INTEGER NOT NULL,
    resolved INTEGER NOT NULL,
    started BOOLEAN NOT NULL,
    zones VARCHAR(40) NOT NULL,
    touched BOOLEAN NOT NULL,
    packers TEXT,
    last_at DATETIME,
    PRIMARY KEY (order_id, depot_id)
) WITHOUT ROWID""")
    x("CREATE TABLE pack_progress_dirty (order_id CHAR(32) NOT NULL PRIMARY KEY) WITHOUT ROWID")
    for name, body in _triggers().items():
        x(f"CREATE TRIGGER {name} {body}")
    x('INSERT INTO pack_progress_dirty (order_id) SELECT id FROM "order"')


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in _triggers():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS pack_progress_dirty")
    op.execute("DROP TABLE IF EXISTS pack_progress")
