"""the centre ends a depot login's transaction that holds the pull gate too long:
`cp_end_stale_holders()` on PostgreSQL (nothing on SQLite)

The pull gate (`cp_pull_gate()`, migrations 0007/0009) holds back whatever committed after
the oldest transaction with an xid still open in this database. Depot logins get
`idle_in_transaction_session_timeout` and `statement_timeout` of 60 s (`ROLE_SETTINGS`,
`ALTER ROLE ... SET`), but those are only the session's defaults: a depot login may `SET`
them to 0, write a fact (its transaction gets an xid) and sit idle in the transaction, or
in `pg_sleep`, for ever. Nothing is lost, but every other depot's pull waits behind it.

`cp_end_stale_holders()` ends such a session with `pg_terminate_backend`: a session of this
database, logged in with a role that is a direct member of the database's depot group (not
a superuser, not the function's owner), whose transaction has an xid (what the gate counts:
`backend_xid`; an xmin alone holds nothing back) and which has been idle in that
transaction, or active in one statement, for longer than the limit: the meta row
`stale_holder_s` (seconds, the owner's to set; a depot login can't write `meta`), else 60 s,
the depots' own timeouts. Its transaction rolls back; the depot's push sees an error, sends
again, and the centre takes each event id once. Sessions of anyone else (the owner's,
reports, other databases) are never touched: they still hold the gate, and the function says
whose transaction does (`held_by`).

VOLATILE and separate from the gate (STABLE, free of side effects); the pull calls it only
when its page says changes are held back behind a transaction still running. SECURITY
DEFINER (pinned search_path, EXECUTE for the depot group only, no arguments: a caller
chooses nothing). Its owner, the role that ran `central init`, needs `pg_signal_backend`
(to end other roles' sessions) and `pg_read_all_stats` (to see their state and since when),
or to be a superuser; without them nothing is ended, no error is raised, and `held_by` says
what is missing.

Revision ID: 0019
Revises: 0018
"""

from typing import Any

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

LIMIT_KEY = "stale_holder_s"
DEFAULT_LIMIT_S = 60

FUNCTION = """
CREATE OR REPLACE FUNCTION {s}.cp_end_stale_holders(OUT ended integer, OUT held_by text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  here oid := (SELECT d.oid FROM pg_catalog.pg_database d
                WHERE d.datname = pg_catalog.current_database());
  me oid := (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = current_user);
  grp oid := (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = '{group}');
  wanted text;
  lim double precision := {default};
  since timestamptz;
  r record;
BEGIN
  ended := 0;
  IF NOT (pg_catalog.pg_has_role(me, 'pg_signal_backend', 'USAGE')
          AND pg_catalog.pg_has_role(me, 'pg_read_all_stats', 'USAGE')) THEN
    held_by := 'the centre may not end stale depot sessions: the owner of '
               'cp_end_stale_holders() needs pg_signal_backend and pg_read_all_stats';
    RETURN;
  END IF;
  wanted := (SELECT m.value FROM {s}.meta m WHERE m.key = '{key}');
  IF wanted ~ '^[0-9]+(\\.[0-9]+)?$' THEN
    lim := wanted::double precision;
  END IF;
  since := pg_catalog.clock_timestamp() - pg_catalog.make_interval(secs => lim);
  FOR r IN
    SELECT a.pid FROM pg_catalog.pg_stat_get_activity(NULL) AS a
     WHERE a.datid = here AND a.backend_type = 'client backend'
       AND a.backend_xid IS NOT NULL AND a.pid <> pg_catalog.pg_backend_pid()
       AND a.usesysid <> me
       AND EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m
                    WHERE m.member = a.usesysid AND m.roleid = grp)
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles u
                        WHERE u.oid = a.usesysid AND u.rolsuper)
       AND ((a.state IN ('idle in transaction', 'idle in transaction (aborted)')
             AND a.state_change < since)
            OR (a.state = 'active' AND a.query_start < since))
  LOOP
    BEGIN
      IF pg_catalog.pg_terminate_backend(r.pid, 5000) THEN
        ended := ended + 1;
      END IF;
    EXCEPTION WHEN insufficient_privilege THEN
      held_by := 'the centre may not end stale depot sessions: ' || SQLERRM;
      RETURN;
    END;
  END LOOP;
  IF ended > 0 THEN
    RETURN;
  END IF;
  -- Nothing ended: whose transaction is the oldest one with an xid here?
  SELECT a.usesysid, a.state, a.state_change, a.query_start INTO r
    FROM pg_catalog.pg_stat_get_activity(NULL) AS a
   WHERE a.datid = here AND a.backend_xid IS NOT NULL
     AND a.pid <> pg_catalog.pg_backend_pid()
   ORDER BY pg_catalog.age(a.backend_xid) DESC LIMIT 1;
  IF NOT FOUND THEN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_prepared_xacts p
                WHERE p.database = pg_catalog.current_database()) THEN
      held_by := 'a prepared transaction of the centre (left alone)';
    END IF;
  ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m
                 WHERE m.member = r.usesysid AND m.roleid = grp)
        AND r.usesysid <> me
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles u
                         WHERE u.oid = r.usesysid AND u.rolsuper) THEN
    held_by := pg_catalog.format(
      'a depot login''s transaction, ended once idle or busy in one statement for %s s', lim);
  ELSE
    held_by := 'a transaction of the centre that is not a depot login''s (left alone)';
  END IF;
END $$"""


def _names() -> dict[str, Any]:
    from cpdesk.store.migrations.frozen.central_0012 import group_name

    bind = op.get_bind()
    db = str(bind.exec_driver_sql("select current_database()").scalar())
    return {"s": str(bind.exec_driver_sql("select current_schema()").scalar()),
            "group": group_name(db)}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    names = _names()
    op.execute(FUNCTION.format(key=LIMIT_KEY, default=DEFAULT_LIMIT_S, **names))
    fn = f"{names['s']}.cp_end_stale_holders()"
    op.execute(f"REVOKE EXECUTE ON FUNCTION {fn} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {fn} TO {names['group']}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {_names()['s']}.cp_end_stale_holders()")
