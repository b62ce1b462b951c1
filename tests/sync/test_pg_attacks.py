"""Depot CAR's own login tries to become depot HES, or to act on orders it takes no part in.

Played against the real PostgreSQL centre with the login `cpdesk central add-depot` made:
temporary tables shadowing what the SECURITY DEFINER functions read, direct calls of those
functions, facts on another depot's order, the change log's keys, and staff PIN hashes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, insert, select, text, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from cpdesk.domain.ids import new_id
from cpdesk.domain.pins import hash_pin
from cpdesk.store.db import open_store
from cpdesk.store.models import (
    Crate,
    Customer,
    Depot,
    Order,
    OrderLine,
    PackAcceptance,
    PackEvent,
    Staff,
)
from cpdesk.store.queries import staff_with_pin
from cpdesk.sync import pins
from cpdesk.sync.config import connect_central, setup_depot
from cpdesk.sync.engine import SyncEngine

from .conftest import PgCentre, depot_copy

pytestmark = pytest.mark.postgres
DENIED = (sa_exc.ProgrammingError, sa_exc.DBAPIError)
SHADOWED = ("depot_login", "order_line", "order", "stop", "round")


def _login(pg: PgCentre, depot: str) -> Iterator[Connection]:
    engine = create_engine(pg.logins[depot].replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        yield conn
        conn.rollback()
    engine.dispose()


@pytest.fixture
def car(pg: PgCentre) -> Iterator[Connection]:
    yield from _login(pg, "CAR")


def _role(pg: PgCentre, depot: str) -> str:
    with pg.admin.connect() as conn:
        return str(conn.execute(text("SELECT role_name FROM depot_login WHERE depot_code = :d"),
                                {"d": depot}).scalar())


def _facts(pg: PgCentre) -> dict[str, uuid.UUID]:
    """HES's order that CAR takes no part in, one of its lines, a crate of it, its customer."""
    with pg.admin.connect() as conn:
        dep = dict(conn.execute(select(Depot.code, Depot.id)).all())
        car_orders = select(text("order_id")).select_from(text("order_depot")).where(
            text("depot_id = :car"))
        order = conn.execute(
            select(Order.id, Order.customer_id)
            .where(~Order.id.in_(car_orders), Order.id.in_(
                select(Crate.order_id).where(Crate.depot_id == dep["HES"])))
            .order_by(Order.number), {"car": dep["CAR"]}).first()
        assert order is not None
        line = conn.execute(select(OrderLine.id).where(OrderLine.order_id == order.id)).scalar()
        crate = conn.execute(select(Crate.id).where(Crate.order_id == order.id)).scalar()
        staff = conn.execute(select(Staff.id)).scalar()
        own_line = conn.execute(select(OrderLine.id, OrderLine.order_id).where(
            OrderLine.packing_depot_id == dep["CAR"])).first()
    assert line is not None and crate is not None and staff is not None and own_line
    return {"HES": dep["HES"], "CAR": dep["CAR"], "order": order.id, "line": line,
            "crate": crate, "customer": order.customer_id, "staff": staff,
            "own_order": own_line.order_id, "own_line": own_line.id}


def _refused(conn: Connection, sql: object, params: dict[str, object] | None = None) -> bool:
    """True when the statement fails or changes nothing."""
    try:
        with conn.begin_nested():
            result = conn.execute(text(sql) if isinstance(sql, str) else sql,  # type: ignore[call-overload]
                                  params or {})
            return result.rowcount == 0
    except DENIED:
        return True


def _members(pg: PgCentre, order: uuid.UUID) -> set[uuid.UUID]:
    with pg.admin.connect() as conn:
        return set(conn.execute(text("SELECT depot_id FROM order_depot WHERE order_id = :o"),
                                {"o": order}).scalars())


@pytest.fixture
def car_with_temp(pg: PgCentre) -> Iterator[Connection]:
    """CAR's login with TEMP granted back for one test: the functions must hold on their
    own (pinned search_path), not only because temporary tables are refused."""
    role = _role(pg, "CAR")
    with pg.admin.begin() as conn:
        conn.execute(text(f'GRANT TEMP ON DATABASE "{pg.admin.url.database}" TO {role}'))
    try:
        yield from _login(pg, "CAR")
    finally:
        with pg.admin.begin() as conn:
            conn.execute(text(f'REVOKE TEMP ON DATABASE "{pg.admin.url.database}" FROM {role}'))


def test_a_depot_login_may_not_create_temporary_tables(car: Connection) -> None:
    for name in SHADOWED:
        assert _refused(car, f'CREATE TEMP TABLE "{name}" (x int)'), name
    assert car.execute(text("SELECT has_database_privilege(current_database(), 'TEMP')")
                       ).scalar() is False


def test_temporary_tables_named_like_the_centres_change_nothing(
        pg: PgCentre, car_with_temp: Connection) -> None:
    car = car_with_temp
    f = _facts(pg)
    hes_members = _members(pg, f["order"])
    assert f["HES"] in hes_members and f["CAR"] not in hes_members
    # The login pretends to be HES in a table of its own session.
    car.execute(text("CREATE TEMP TABLE depot_login (role_name text, depot_code text, "
                     "created_at timestamptz)"))
    car.execute(text("INSERT INTO pg_temp.depot_login VALUES (session_user, 'HES', now())"))
    assert car.execute(text("SELECT cp_depot_code()")).scalar() == "CAR"
    assert car.execute(text("SELECT cp_depot_id()")).scalar() == f["CAR"]
    for table, col in (("pack_event", "depot_id"), ("sale", "depot_id"),
                       ("register_session", "depot_id"), ("audit_log", "depot_id")):
        assert car.execute(text(f"SELECT count(*) FROM public.{table} WHERE {col} = :h"),
                           {"h": f["HES"]}).scalar() == 0, table
    assert car.execute(text('SELECT count(*) FROM public."order" WHERE id = :o'),
                       {"o": f["order"]}).scalar() == 0
    assert car.execute(text("SELECT count(*) FROM public.customer WHERE id = :c"),
                       {"c": f["customer"]}).scalar() == 0
    assert car.execute(text("SELECT count(*) FROM public.central_event WHERE depot_code = 'HES'")
                       ).scalar() == 0
    now = dt.datetime.now(dt.UTC)
    assert _refused(car, insert(PackEvent).values(
        id=new_id(), depot_id=f["HES"], order_id=f["order"], line_id=f["line"], kind="pack",
        quantity=1, staff_id=f["staff"], order_version=1, at=now))
    assert _refused(car,
                    "INSERT INTO public.audit_log (id, depot_id, staff_id, action, detail, at) "
                    "VALUES (gen_random_uuid(), :h, NULL, 'x', '{}', now())", {"h": f["HES"]})
    assert _refused(car, "INSERT INTO public.central_event (id, depot_code, topic, payload, "
                         "received_at, status, note) VALUES (gen_random_uuid(), 'HES', "
                         "'pack_event', '{}', now(), 'accepted', '')")
    # Shadow what the membership refresh reads, and call it: HES must keep seeing its order.
    car.execute(text("CREATE TEMP TABLE order_line (order_id uuid, packing_depot_id uuid)"))
    car.execute(text('CREATE TEMP TABLE "order" (id uuid, stop_id uuid, customer_id uuid)'))
    car.execute(text("CREATE TEMP TABLE stop (id uuid, round_id uuid)"))
    car.execute(text("CREATE TEMP TABLE round (id uuid, depot_id uuid)"))
    car.execute(text("INSERT INTO pg_temp.order_line VALUES (:o, :c)"),
                {"o": f["order"], "c": f["CAR"]})
    car.execute(text('INSERT INTO pg_temp."order" VALUES (:o, NULL, :cu)'),
                {"o": f["order"], "cu": f["customer"]})
    assert _refused(car, "SELECT public.cp_order_depot_refresh(ARRAY[CAST(:o AS uuid)])",
                    {"o": f["order"]})
    for fn in ("cp_od_order()", "cp_od_order_line()", "cp_log_change()", "cp_fx_pickup()"):
        assert _refused(car, f"SELECT public.{fn}"), fn
    car.commit()
    assert _members(pg, f["order"]) == hes_members


def test_definer_functions_are_pinned_and_not_for_everyone(pg: PgCentre, car: Connection) -> None:
    with pg.admin.connect() as conn:
        rows = conn.execute(text(
            "SELECT p.proname, p.proconfig, has_function_privilege('public', p.oid, 'EXECUTE') "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE p.prosecdef AND n.nspname = 'public'")).all()
    assert len(rows) >= 10
    for name, config, public_may in rows:
        path = next(c for c in config or [] if c.startswith("search_path="))
        assert path.replace(" ", "").endswith(",pg_temp"), (name, path)
        assert not public_may, name
    may = dict(car.execute(text(
        "SELECT p.proname, has_function_privilege(p.oid, 'EXECUTE') FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.prosecdef "
        "AND n.nspname = 'public'")).all())
    assert not may["cp_order_depot_refresh"] and not may["cp_log_change"]
    assert may["cp_depot_id"] and may["cp_order_visible"]  # the policies call them


def test_row_level_security_is_forced(pg: PgCentre) -> None:
    with pg.admin.connect() as conn:
        rows = conn.execute(text(
            "SELECT c.relname, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relrowsecurity")).all()
    names = {r[0] for r in rows}
    assert {"pack_event", "crate", "sale", "sync_change", "staff"} <= names
    assert [r[0] for r in rows if not r[1]] == []


def test_facts_only_on_orders_the_depot_takes_part_in(pg: PgCentre, car: Connection) -> None:
    f = _facts(pg)
    now = dt.datetime.now(dt.UTC)
    delivered = insert(Crate).values(id=new_id(), code=f"CRX{new_id().hex[:7].upper()}",
                                     order_id=f["order"], depot_id=f["CAR"], zone="ambient",
                                     seq=90, status="delivered", created_at=now)
    assert _refused(car, delivered)
    assert _refused(car, insert(PackEvent).values(
        id=new_id(), depot_id=f["CAR"], order_id=f["order"], line_id=f["line"], kind="pack",
        quantity=1, staff_id=f["staff"], order_version=1, at=now))
    assert _refused(car, insert(PackAcceptance).values(
        id=new_id(), depot_id=f["CAR"], order_id=f["order"], line_id=f["line"], weight_g=1,
        staff_id=f["staff"], supervisor_id=f["staff"], at=now))
    # Its own order, but naming HES's line or crate: the fact would be about HES's order.
    own_line = f["own_line"]
    assert _refused(car, insert(PackEvent).values(
        id=new_id(), depot_id=f["CAR"], order_id=f["own_order"], line_id=f["line"],
        kind="pack", quantity=1, staff_id=f["staff"], order_version=1, at=now))
    assert _refused(car, insert(PackEvent).values(
        id=new_id(), depot_id=f["CAR"], order_id=f["own_order"], line_id=own_line,
        crate_id=f["crate"], kind="pack", quantity=1, staff_id=f["staff"], order_version=1,
        at=now))
    assert _refused(car, insert(PackAcceptance).values(
        id=new_id(), depot_id=f["CAR"], order_id=f["own_order"], line_id=f["line"],
        weight_g=1, staff_id=f["staff"], supervisor_id=f["staff"], at=now))
    # Moving one of its own crates onto HES's order.
    own = car.execute(select(Crate.id).where(Crate.depot_id == f["CAR"])).scalar()
    assert own is not None
    assert _refused(car, text("UPDATE crate SET order_id = :o WHERE id = :c"),
                    {"o": f["order"], "c": own})
    # Its own order: still allowed.
    with car.begin_nested():
        car.execute(insert(PackEvent).values(
            id=new_id(), depot_id=f["CAR"], order_id=f["own_order"], line_id=f["own_line"],
            kind="pack", quantity=1, staff_id=f["staff"], order_version=1, at=now))
        car.execute(insert(Crate).values(
            id=new_id(), code=f"CRY{new_id().hex[:7].upper()}", order_id=f["own_order"],
            depot_id=f["CAR"], zone="ambient", seq=91, status="open", created_at=now))
    with pg.admin.connect() as conn:
        assert conn.execute(select(Crate.id).where(Crate.order_id == f["order"],
                                                   Crate.depot_id == f["CAR"])).first() is None


def test_the_change_log_lists_only_keys_the_depot_may_see(pg: PgCentre, car: Connection) -> None:
    f = _facts(pg)
    keys = {(t, k) for t, k in car.execute(text("SELECT tbl, row_key FROM sync_change")).all()}
    assert ("order", str(f["own_order"])) in keys
    assert ("order", str(f["order"])) not in keys
    assert ("crate", str(f["crate"])) not in keys
    with pg.admin.connect() as conn:
        everyone = set(conn.execute(select(Customer.id)).scalars())
        theirs = set(conn.execute(text(
            "SELECT customer_id FROM order_depot WHERE depot_id = :c"), {"c": f["CAR"]}).scalars())
        all_orders = {str(i) for i in conn.execute(select(Order.id)).scalars()}
        car_orders = {str(i) for i in conn.execute(text(
            "SELECT order_id FROM order_depot WHERE depot_id = :c"), {"c": f["CAR"]}).scalars()}
    seen_customers = {uuid.UUID(k) for t, k in keys if t == "customer"}
    assert seen_customers <= theirs and everyone - theirs
    seen_orders = {k for t, k in keys if t == "order"}
    assert car_orders <= seen_orders and len(seen_orders) < len(all_orders)
    assert {t for t, _ in keys} >= {"product", "staff", "depot", "order", "customer"}


def test_an_order_leaving_a_depot_still_reaches_it_as_a_tombstone(pg: PgCentre,
                                                                 tmp_path: Path) -> None:
    """The change log hides the order's entries from a depot that no longer takes part in
    it, so the centre addresses it one entry of its own: its next pull drops the order."""
    with pg.admin.connect() as conn:
        dep = dict(conn.execute(select(Depot.code, Depot.id)).all())
        order = conn.execute(text(
            "SELECT od.order_id FROM order_depot od JOIN \"order\" o ON o.id = od.order_id "
            "WHERE od.depot_id = :car AND o.status = 'open' "
            "AND NOT EXISTS (SELECT 1 FROM order_depot x WHERE x.order_id = od.order_id "
            "                AND x.depot_id <> :car) "
            "AND NOT EXISTS (SELECT 1 FROM pack_event p WHERE p.order_id = od.order_id) "
            "AND NOT EXISTS (SELECT 1 FROM crate c WHERE c.order_id = od.order_id) "
            "ORDER BY o.number LIMIT 1"), {"car": dep["CAR"]}).scalar()
    assert order is not None
    eng = depot_copy(pg, tmp_path, "CAR")
    eng.sync_once()
    with Session(eng.store) as s:
        assert s.get(Order, order) is not None
    with pg.admin.begin() as conn:  # the web shop moves the order to TDH
        conn.execute(update(OrderLine).where(OrderLine.order_id == order)
                     .values(packing_depot_id=dep["TDH"]))
        conn.execute(text('UPDATE "order" SET stop_id = NULL WHERE id = :o'), {"o": order})
    eng.sync_once()
    with Session(eng.store) as s:
        assert s.get(Order, order) is None
    eng.store.dispose()
    eng.central.close()


def test_staff_pin_hashes_never_reach_a_depot_login(pg: PgCentre, car: Connection) -> None:
    assert _refused(car, "SELECT pin_hash FROM staff")
    assert _refused(car, "SELECT * FROM staff")
    assert car.execute(text("SELECT count(*) FROM staff WHERE active")).scalar()
    f = _facts(pg)
    mine = car.execute(text("SELECT DISTINCT depot_id FROM staff_pin")).scalars().all()
    assert mine == [f["CAR"]]
    with pg.admin.connect() as conn:
        staff = conn.execute(text("SELECT count(*) FROM staff")).scalar()
        hes = dict(conn.execute(text(
            "SELECT staff_id, verifier FROM staff_pin WHERE depot_id = :h"), {"h": f["HES"]}).all())
    rows = car.execute(text("SELECT staff_id, verifier FROM staff_pin")).all()
    assert len(rows) == staff
    assert all(v.startswith("pep1$scrypt$") and hes[s] != v for s, v in rows)
    logged = {k for t, k in car.execute(text("SELECT tbl, row_key FROM sync_change")).all()
              if t == "staff_pin"}
    with pg.admin.connect() as conn:
        car_ids = {str(i) for i in conn.execute(text(
            "SELECT id FROM staff_pin WHERE depot_id = :c"), {"c": f["CAR"]}).scalars()}
    assert logged == car_ids


def test_a_depot_set_up_with_its_pepper_signs_staff_in_after_a_sync(pg: PgCentre,
                                                                   tmp_path: Path) -> None:
    pepper = pins.depot_pepper(pins.central_key(), "CAR").hex()
    store = open_store(setup_depot(tmp_path, "CAR", pg.logins["CAR"], pin_pepper=pepper))
    try:
        SyncEngine(store, connect_central(store, tmp_path)).sync_once()
        with Session(store) as s:
            assert set(s.scalars(select(Staff.pin_hash))) == {""}
            supervisor = staff_with_pin(s, "9001", role="supervisor")
            assert supervisor is not None and supervisor.role == "supervisor"
            assert staff_with_pin(s, "1001") is not None
            assert staff_with_pin(s, "9999") is None
        raw = b"".join(p.read_bytes() for p in tmp_path.glob("depot-CAR.sqlite*"))
        assert pepper.encode() not in raw and bytes.fromhex(pepper) not in raw
    finally:
        store.dispose()


def test_a_pin_set_centrally_reaches_each_depot_as_its_own_verifier(
        pg: PgCentre, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cpdesk.cli import main

    with pg.admin.connect() as conn:
        before = conn.execute(select(Staff.pin_hash).where(Staff.name == "Marc Fraipont")).scalar()
    pepper = pins.depot_pepper(pins.central_key(), "TDH").hex()
    store = open_store(setup_depot(tmp_path, "TDH", pg.logins["TDH"], pin_pepper=pepper))
    try:
        assert main(["central", "set-pin", "Marc Fraipont", "--pin", "486213", "--db", pg.url]) == 0
        assert "CAR" in capsys.readouterr().out
        SyncEngine(store, connect_central(store, tmp_path)).sync_once()
        with Session(store) as s:
            who = staff_with_pin(s, "486213")
            assert who is not None and who.name == "Marc Fraipont"
            assert staff_with_pin(s, "2002") is None
    finally:
        store.dispose()
        with pg.admin.begin() as conn:
            conn.execute(update(Staff).where(Staff.name == "Marc Fraipont")
                         .values(pin_hash=before))
        pins.publish_all(pg.admin, pins.central_key())


def test_a_first_pin_is_only_a_depots_own_hash_for_an_active_account(
        pg: PgCentre, car: Connection) -> None:
    """`cp_set_first_pin` is a definer function every depot login may call: crafted
    arguments give no account a weak or unreadable hash and write nothing for a stranger."""
    with pg.admin.begin() as conn:
        sid, before = conn.execute(select(Staff.id, Staff.pin_hash)
                                   .where(Staff.name == "Nadia Rossi")).one()
        conn.execute(update(Staff).where(Staff.id == sid).values(pin_hash=""))

    def changes() -> int:
        with pg.admin.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM sync_change")).scalar() or 0)

    try:
        logged = changes()
        weak = "pbkdf2_sha256$1$00$" + "0" * 64  # one iteration: any PIN found at once
        for h in (weak, "x", "pep1$" + hash_pin("4711"),
                  hash_pin("4711").replace("scrypt$32768$", "scrypt$2$")):
            assert _refused(car, "SELECT cp_set_first_pin(:s, :h)", {"s": sid, "h": h}), h
        assert _refused(car, "SELECT cp_set_first_pin(:s, :h)",
                        {"s": new_id(), "h": hash_pin("4711")})
        car.commit()
        assert changes() == logged  # nothing logged for every depot to pull
        with pg.admin.connect() as conn:
            assert conn.execute(select(Staff.pin_hash).where(Staff.id == sid)).scalar() == ""
        with pg.admin.begin() as conn:  # a retired account takes no first PIN either
            conn.execute(update(Staff).where(Staff.id == sid).values(active=False))
        assert _refused(car, "SELECT cp_set_first_pin(:s, :h)",
                        {"s": sid, "h": hash_pin("4711")})
        car.commit()
        with pg.admin.begin() as conn:
            conn.execute(update(Staff).where(Staff.id == sid).values(active=True))
        good = hash_pin("4711")  # what a depot sends (cpdesk.packing.first_pin)
        car.execute(text("SELECT cp_set_first_pin(:s, :h)"), {"s": sid, "h": good})
        car.commit()
        with pg.admin.connect() as conn:
            assert conn.execute(select(Staff.pin_hash).where(Staff.id == sid)).scalar() == good
    finally:
        car.rollback()  # its row lock, if a call got through, would hold the admin back
        with pg.admin.begin() as conn:
            conn.execute(update(Staff).where(Staff.id == sid)
                         .values(pin_hash=before, active=True))
