"""the depots' membership checks probe an index per row, they no longer hash the depot's
orders (PostgreSQL centre)

Every policy that asks "does the login's depot take part in this order" reads `order_depot`
in an EXISTS. PostgreSQL may run such an EXISTS as a *hashed* subplan: every `order_depot`
row of the depot read and hashed once per statement, whatever the statement touches. A
sync statement is planned generically (config.PG_CONNECT_ARGS), with a page size the
planner cannot see, so it expected many rows and hashed: at 30,000 orders a one-entry pull
page spent ~21 ms hashing 30,020 rows, and a push's membership check as much.

Each such EXISTS now ends with `OFFSET 0`, which keeps PostgreSQL from turning it into a
hashed subplan (or a join): it is an index probe per row checked (`order_depot`'s primary
key (order_id, depot_id), or (depot_id, customer/stop/round)), with the depot id an initplan
as before. The change log's keys are text: `CAST(row_key AS uuid)` inside the probe is a
call that is not leakproof, so under `order_depot`'s own row-level security it could only
filter the depot's rows, not be an index condition; the key is now a sub-select,
`(SELECT CAST(row_key AS uuid))`, evaluated before the probe. The change log's probes of
rounds, crates, crate moves and PIN verifiers are written the same way.

What each policy admits is unchanged: the same conditions, only their plans differ
(tests/sync/test_pg_catalogue.py checks the live policies against cpdesk.store.topics).

Revision ID: 0016
Revises: 0015
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

ME = "(SELECT cp_depot_id())"
MINE = f"depot_id = {ME}"
CATALOGUE_LOGGED = ("coop", "depot", "producer", "product", "barcode", "staff", "van")


def _policies(probe: bool) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """(table, policy) -> (USING, WITH CHECK), as migrations 0003/0011/0012 left them
    (probe=False) or as probes (probe=True)."""
    end = " OFFSET 0" if probe else ""

    def member(cond: str) -> str:
        return f"EXISTS (SELECT 1 FROM order_depot od WHERE od.depot_id = {ME} AND {cond}{end})"

    def takes_part(order_col: str) -> str:
        return (f"EXISTS (SELECT 1 FROM order_depot od WHERE od.order_id = {order_col} "
                f"AND od.depot_id = {ME}{end})")

    key = "(SELECT CAST(row_key AS uuid))" if probe else "CAST(row_key AS uuid)"

    def logged(table: str, alias: str) -> str:
        return f"EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.id = {key}{end})"

    seen_crate = (f"EXISTS (SELECT 1 FROM crate c WHERE c.id = crate_id AND (c.depot_id = {ME} "
                  f"OR {takes_part('c.order_id')}){end})")
    catalogue = ", ".join(f"'{t}'" for t in CATALOGUE_LOGGED)
    # (frozen/central_0012._membership_policies wrote it with probe=False)
    change_seen = (
        f"CASE WHEN depot_id IS NOT NULL THEN depot_id = {ME} ELSE CASE tbl "
        f"WHEN 'order' THEN {takes_part(key)} "
        f"WHEN 'customer' THEN {member(f'od.customer_id = {key}')} "
        f"WHEN 'stop' THEN {member(f'od.stop_id = {key}')} "
        f"WHEN 'round' THEN {logged('round', 'r')} "
        f"WHEN 'crate' THEN {logged('crate', 'c')} "
        f"WHEN 'crate_move' THEN {logged('crate_move', 'm')} "
        f"WHEN 'staff_pin' THEN {logged('staff_pin', 'p')} "
        f"ELSE tbl IN ({catalogue}) END END")
    return {
        ("customer", "cp_customer_0"): (member("od.customer_id = customer.id"), None),
        ("round", "cp_round_0"): (f"{MINE} OR {member('od.round_id = round.id')}", None),
        ("stop", "cp_stop_0"): (member("od.stop_id = stop.id"), None),
        ("order", "cp_order_0"): (member('od.order_id = "order".id'), None),
        ("order_line", "cp_order_line_0"): (
            f"packing_depot_id = {ME} OR {member('od.order_id = order_line.order_id')}", None),
        ("crate", "cp_crate_0"): (f"{MINE} OR {takes_part('crate.order_id')}", None),
        ("crate", "cp_crate_1"): (None, f"{MINE} AND {takes_part('crate.order_id')}"),
        ("crate", "cp_crate_2"): (MINE, f"{MINE} AND {takes_part('crate.order_id')}"),
        ("crate_move", "cp_crate_move_0"): (f"{MINE} OR {seen_crate}", None),
        ("pack_event", "cp_pack_event_1"): (
            None, f"{MINE} AND {takes_part('pack_event.order_id')}"),
        ("pack_acceptance", "cp_pack_acceptance_1"): (
            None, f"{MINE} AND {takes_part('pack_acceptance.order_id')}"),
        ("sync_change", "cp_sync_change_0"): (change_seen, None),
    }


def _alter(probe: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for (table, name), (using, check) in _policies(probe).items():
        clauses = (f" USING ({using})" if using else "") + (
            f" WITH CHECK ({check})" if check else "")
        op.execute(f'ALTER POLICY {name} ON "{table}"{clauses}')


def upgrade() -> None:
    _alter(probe=True)


def downgrade() -> None:
    _alter(probe=False)
