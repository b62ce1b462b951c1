"""a pack event's line and crate, and an acceptance's line, belong to its order; a first PIN
is a hash of the depots' own scheme, for an active account (PostgreSQL centre)

A depot login could insert a pack event on an order it takes part in that named a line, or a
crate, of an order it takes no part in (the policies checked only `order_id`), and an
acceptance of such a line. Composite foreign keys tie them to the order: (line_id, order_id)
to order_line (id, order_id), (crate_id, order_id) to crate (id, order_id). Referential checks
see every row whatever the row-level security, and a refusal is a foreign-key violation,
parked with its reason like a line deleted centrally. Added NOT VALID: rows already stored
are not re-checked (a centre with a forged row still upgrades), every new row is.

`cp_set_first_pin` took any text as a staff member's PIN hash from any depot login: a
crafted call gave an account without a PIN a hash of a weak scheme (PBKDF2 with one
iteration) or an unreadable one that locks the person out, and a call for an unknown id
wrote a change-log entry for every depot. It now takes only the depots' own scheme
(`scrypt$32768$8$1$<16-byte salt>$<32-byte digest>`, see cpdesk/domain/pins.py), only for an
active account, and refuses anything else as invalid data (parked with its reason).

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# (table, constraint, columns, referenced table, referenced columns)
LINKS = (
    ("order_line", "uq_order_line_id_order_id", None, None, ("id", "order_id")),
    ("crate", "uq_crate_id_order_id", None, None, ("id", "order_id")),
    ("pack_event", "fk_pack_event_line_of_order", ("line_id", "order_id"), "order_line",
     ("id", "order_id")),
    ("pack_event", "fk_pack_event_crate_of_order", ("crate_id", "order_id"), "crate",
     ("id", "order_id")),
    ("pack_acceptance", "fk_pack_acceptance_line_of_order", ("line_id", "order_id"),
     "order_line", ("id", "order_id")),
)

# The only hash a depot makes (cpdesk.domain.pins.hash_pin with its fixed parameters).
FIRST_PIN_HASH = "^scrypt\\$32768\\$8\\$1\\$[0-9a-f]{32}\\$[0-9a-f]{64}$"


def _first_pin(s: str, checked: bool) -> str:
    d = f"SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp"
    if not checked:  # as migration 0011 left it
        return f"""CREATE OR REPLACE FUNCTION {s}.cp_set_first_pin(s uuid, h text) RETURNS void
LANGUAGE plpgsql {d} AS $$
BEGIN
  IF h IS NULL OR h = '' THEN RETURN; END IF;
  UPDATE {s}.staff SET pin_hash = h WHERE id = s AND pin_hash = '';
  IF NOT FOUND THEN
    INSERT INTO {s}.sync_change (tbl, row_key, op) VALUES ('staff', s::text, 'U');
  END IF;
END $$"""
    return f"""CREATE OR REPLACE FUNCTION {s}.cp_set_first_pin(s uuid, h text) RETURNS void
LANGUAGE plpgsql {d} AS $$
BEGIN
  IF h IS NULL OR h = '' THEN RETURN; END IF;
  IF h !~ '{FIRST_PIN_HASH}' THEN
    RAISE EXCEPTION 'a first PIN must be a scrypt hash made by cpdesk'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM {s}.staff st WHERE st.id = s AND st.active) THEN
    RAISE EXCEPTION 'no active staff account %', s USING ERRCODE = 'invalid_parameter_value';
  END IF;
  UPDATE {s}.staff SET pin_hash = h WHERE id = s AND pin_hash = '';
  IF NOT FOUND THEN  -- lost the race: the depot pulls the PIN that won
    INSERT INTO {s}.sync_change (tbl, row_key, op) VALUES ('staff', s::text, 'U');
  END IF;
END $$"""


def _schema() -> str | None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return None
    return str(bind.exec_driver_sql("select current_schema()").scalar())


def upgrade() -> None:
    s = _schema()
    if s is None:
        return
    for table, name, cols, ref, ref_cols in LINKS:
        if ref is None:
            op.execute(f'ALTER TABLE {s}."{table}" ADD CONSTRAINT {name} '
                       f"UNIQUE ({', '.join(ref_cols)})")
        else:
            op.execute(f'ALTER TABLE {s}."{table}" ADD CONSTRAINT {name} '
                       f"FOREIGN KEY ({', '.join(cols or ())}) "
                       f'REFERENCES {s}."{ref}" ({", ".join(ref_cols)}) NOT VALID')
    op.execute(_first_pin(s, checked=True))


def downgrade() -> None:
    s = _schema()
    if s is None:
        return
    op.execute(_first_pin(s, checked=False))
    for table, name, *_ in reversed(LINKS):
        op.execute(f'ALTER TABLE {s}."{table}" DROP CONSTRAINT {name}')
