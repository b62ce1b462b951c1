"""pull gate in PL/pgSQL: `cp_pull_gate()` as in 0007, with its plans kept by the session

The SQL-language gate of 0007 (SECURITY DEFINER, so never inlined) was planned again on
every call: 2-15 ms per pull. PL/pgSQL keeps the plans of its statements for the session
(the depot's pooled connections): about 0.5 ms, and nothing to read at all when no
transaction with an xid is running anywhere. Same result, same reasoning (see 0007):
the gate is the oldest in-progress xid of the caller's snapshot that is not known to be a
transaction of another database (or of an autovacuum worker, or prepared in another
database), else the snapshot's xmax. Activity is read after the snapshot was taken, so an
xid that ended meanwhile, or that can't be placed, stays a candidate: it may hold the feed
back for one pull, never skip a row.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

GATE = """
CREATE OR REPLACE FUNCTION cp_pull_gate(OUT gate xid8, OUT holders integer,
                                        OUT held_since timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  snap pg_catalog.pg_snapshot := pg_catalog.pg_current_snapshot();
  oldest bigint;
BEGIN
  holders := 0;
  IF pg_catalog.pg_snapshot_xmin(snap) = pg_catalog.pg_snapshot_xmax(snap) THEN
    gate := pg_catalog.pg_snapshot_xmax(snap);  -- no transaction with an xid is running
    RETURN;
  END IF;
  SELECT min(x), count(*)::integer INTO gate, holders
    FROM pg_catalog.pg_snapshot_xip(snap) AS x
   WHERE (x::text::numeric % 4294967296)::bigint NOT IN (
     SELECT a.backend_xid::text::bigint FROM pg_catalog.pg_stat_get_activity(NULL) AS a
      WHERE a.backend_xid IS NOT NULL
        AND ((a.datid IS NOT NULL AND a.datid <> (SELECT d.oid FROM pg_catalog.pg_database d
                                                 WHERE d.datname = pg_catalog.current_database()))
             OR a.backend_type = 'autovacuum worker')
     UNION ALL
     SELECT p.transaction::text::bigint FROM pg_catalog.pg_prepared_xacts AS p
      WHERE p.database <> pg_catalog.current_database());
  IF gate IS NULL THEN
    gate := pg_catalog.pg_snapshot_xmax(snap);
    RETURN;
  END IF;
  oldest := (gate::text::numeric % 4294967296)::bigint;
  held_since := coalesce(
    (SELECT min(a.xact_start) FROM pg_catalog.pg_stat_get_activity(NULL) AS a
      WHERE a.backend_xid::text::bigint = oldest),
    (SELECT min(p.prepared) FROM pg_catalog.pg_prepared_xacts AS p
      WHERE p.transaction::text::bigint = oldest));
END $$"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(GATE)  # replaced in place: the grants of 0007 stay


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from importlib import import_module

        op.execute("DROP FUNCTION cp_pull_gate()")
        gate_0007 = import_module("cpdesk.store.migrations.versions.0007_pull_gate")
        op.execute(gate_0007.GATE)
        op.execute("REVOKE EXECUTE ON FUNCTION cp_pull_gate() FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION cp_pull_gate() TO {gate_0007._group(op.get_bind())}")
