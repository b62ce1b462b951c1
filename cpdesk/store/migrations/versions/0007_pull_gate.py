"""pull gate per database: `cp_pull_gate()` on PostgreSQL (nothing on SQLite)

The change log is read up to a gate below which every entry that will ever exist is already
committed. `pg_snapshot_xmin(pg_current_snapshot())` is such a gate, but it is cluster-wide:
a transaction open in any database of the server (a report, a web-shop job, another test
run) held back every depot's pull. A transaction can only write the change log of the
database its session is connected to, so the gate only needs the transactions in progress
(in the caller's snapshot) that are not known to belong to another database:

- the candidates are the snapshot's in-progress top-level xids (`pg_snapshot_xip`); the
  triggers stamp `pg_current_xact_id()`, which is the top-level xid, also in a savepoint;
- an xid is left out only when `pg_stat_activity` shows it as the transaction of a session
  connected to another database, or of an autovacuum worker (vacuum and analyze write no
  user rows), or `pg_prepared_xacts` shows it prepared in another database. The activity is
  read after the snapshot was taken (the snapshot comes with the statement): an xid that
  ended in between, or that can't be placed, stays a candidate, which can only hold the
  feed back, never skip a row;
- a transaction that had no xid at snapshot time gets one at or above the snapshot's xmax.

The gate is the lowest candidate, or the snapshot's xmax when there is none. `holders`
counts the candidates and `held_since` is when the oldest one began (for the sync status).
SECURITY DEFINER so that a depot's login can see which database and since when without
reading other sessions' activity itself; the owner needs `pg_read_all_stats` (or to be a
superuser) to see `backend_type` and `xact_start` of other roles' sessions, else autovacuum
is kept as a candidate (safe) and `held_since` is unknown.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

GATE = """
CREATE FUNCTION cp_pull_gate(OUT gate xid8, OUT holders integer, OUT held_since timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
WITH snap AS (SELECT pg_catalog.pg_current_snapshot() AS s),
here AS (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()),
strangers AS (
  SELECT a.backend_xid::text::bigint AS x32 FROM pg_catalog.pg_stat_activity a
   WHERE a.backend_xid IS NOT NULL
     AND ((a.datid IS NOT NULL AND a.datid <> (SELECT oid FROM here))
          OR a.backend_type = 'autovacuum worker')
  UNION ALL
  SELECT p.transaction::text::bigint FROM pg_catalog.pg_prepared_xacts p
   WHERE p.database <> pg_catalog.current_database()),
candidates AS (
  SELECT x FROM snap, pg_catalog.pg_snapshot_xip(snap.s) AS x
   WHERE (x::text::numeric % 4294967296)::bigint NOT IN (SELECT x32 FROM strangers)),
oldest AS (SELECT min(x) AS x, count(*)::integer AS n FROM candidates)
SELECT coalesce(oldest.x, pg_catalog.pg_snapshot_xmax(snap.s)), oldest.n,
       coalesce(
         (SELECT min(a.xact_start) FROM pg_catalog.pg_stat_activity a
           WHERE a.backend_xid::text::bigint = (oldest.x::text::numeric % 4294967296)::bigint),
         (SELECT min(p.prepared) FROM pg_catalog.pg_prepared_xacts p
           WHERE p.transaction::text::bigint = (oldest.x::text::numeric % 4294967296)::bigint))
  FROM snap, oldest $$"""


def _group(bind) -> str:  # type: ignore[no-untyped-def]
    db = bind.exec_driver_sql("select current_database()").scalar()
    return ("cpdesk_depot_" + "".join(c if c.isalnum() else "_" for c in db))[:63].lower()


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute(GATE)
    op.execute("REVOKE EXECUTE ON FUNCTION cp_pull_gate() FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION cp_pull_gate() TO {_group(bind)}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS cp_pull_gate()")
