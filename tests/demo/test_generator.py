import datetime as dt
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpdesk.demo.generator import depot_view, generate
from cpdesk.domain import gtin
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import open_store

from ..conftest import DEMO_TODAY


def test_generation_is_deterministic():
    a = generate(seed=3, orders=30, today=DEMO_TODAY)
    b = generate(seed=3, orders=30, today=DEMO_TODAY)
    assert [o["number"] for o in a.rows["order"]] == [o["number"] for o in b.rows["order"]]
    assert a.rows["product"][10] == b.rows["product"][10]
    c = generate(seed=4, orders=30, today=DEMO_TODAY)
    assert [p["name"] for p in a.rows["product"]] != [p["name"] for p in c.rows["product"]]


def test_default_network_is_the_size_of_the_real_one():
    net = generate(seed=1, today=DEMO_TODAY)
    assert net.count("coop") == 3 and {d for d in net.depot_ids} == {"HES", "CAR", "TDH"}
    assert 95 <= net.count("producer") <= 110
    assert net.count("product") >= 900
    assert net.count("order") == 250
    kinds = Counter(c["kind"] for c in net.rows["customer"])
    orders_by_kind = Counter(
        next(c["kind"] for c in net.rows["customer"] if c["id"] == o["customer_id"])
        for o in net.rows["order"])
    assert kinds["pro"] >= 40 and 30 <= orders_by_kind["pro"] <= 80
    assert {p["category"] for p in net.rows["product"]} >= {
        "légumes", "fruits", "fromages", "viandes", "pains", "épicerie", "boissons", "entretien"}


def test_invariants_of_the_generated_network():
    net = generate(seed=2, orders=120, today=DEMO_TODAY)
    stops = {s["id"]: s for s in net.rows["stop"]}
    depot_ids = set(net.depot_ids.values())
    for order in net.rows["order"]:
        assert order["stop_id"] in stops  # every order has a round and a stop
    for line in net.rows["order_line"]:
        assert line["packing_depot_id"] in depot_ids
        assert line["quantity"] > 0 and line["unit_price_cents"] > 0
    for product in net.rows["product"]:
        assert product["price_cents"] > 0 and product["vat_pct"] in (6, 12, 21)
        assert product["zone"] in ("ambient", "chilled", "frozen")
    for bc in net.rows["barcode"]:
        if bc["kind"] in ("ean13", "gtin14"):
            assert gtin.is_valid(bc["code"]), bc
        else:
            assert bc["kind"] == "scale" and len(bc["code"]) == 7 and bc["code"].startswith("2")
    # stops of a round are numbered 1..n
    by_round: dict = {}
    for s in net.rows["stop"]:
        by_round.setdefault(s["round_id"], []).append(s["seq"])
    assert all(sorted(v) == list(range(1, len(v) + 1)) for v in by_round.values())
    # some orders span two depots
    spans = Counter(len({ln["packing_depot_id"] for ln in net.rows["order_line"]
                         if ln["order_id"] == o["id"]}) for o in net.rows["order"])
    assert spans[2] > 0 and spans[1] > spans[2]


def test_past_days_are_packed_today_partly_and_later_days_not():
    net = generate(seed=5, orders=120, today=DEMO_TODAY)
    orders = {o["id"]: o for o in net.rows["order"]}
    packed_days = Counter(orders[e["order_id"]]["delivery_date"] for e in net.rows["pack_event"])
    assert all(day <= DEMO_TODAY for day in packed_days)
    assert packed_days[DEMO_TODAY - dt.timedelta(days=1)] > 0 and packed_days[DEMO_TODAY] > 0
    today_orders = [o for o in orders.values() if o["delivery_date"] == DEMO_TODAY]
    touched = {e["order_id"] for e in net.rows["pack_event"]}
    assert 0 < sum(o["id"] in touched for o in today_orders) < len(today_orders)
    past = {o["status"] for o in orders.values() if o["delivery_date"] < DEMO_TODAY}
    assert past == {"delivered"}
    weights = [e for e in net.rows["pack_event"] if e["kind"] == "weigh"]
    assert weights and all(e["weight_g"] > 0 and e["amount_cents"] >= 0 for e in weights)
    assert any(e["kind"] == "short" and e["reason"] for e in net.rows["pack_event"])
    receipts = Counter()
    for s in sorted(net.rows["sale"], key=lambda s: (s["register"], s["receipt_no"])):
        receipts[s["register"]] += 1
        assert s["receipt_no"] == receipts[s["register"]]  # sequential per register, no gap


def test_a_demo_made_on_a_sunday_has_a_partly_packed_monday():
    sunday = dt.date(2026, 11, 29)
    monday = sunday + dt.timedelta(days=1)
    net = generate(seed=5, orders=120, today=sunday)
    orders = {o["id"]: o for o in net.rows["order"]}
    assert not any(o["delivery_date"] == sunday for o in orders.values())
    monday_orders = [o for o in orders.values() if o["delivery_date"] == monday]
    touched = {e["order_id"] for e in net.rows["pack_event"]}
    assert 0 < sum(o["id"] in touched for o in monday_orders) < len(monday_orders)
    assert all(o["status"] != "delivered" for o in monday_orders)


def test_depot_view_holds_only_what_the_depot_takes_part_in():
    net = generate(seed=6, orders=90, today=DEMO_TODAY)
    hes = net.depot_ids["HES"]
    view = depot_view(net, "HES")
    assert {e["depot_id"] for e in view["pack_event"]} == {hes}
    assert {s["depot_id"] for s in view["sale"]} == {hes}
    assert len(view["order"]) < net.count("order")
    order_ids = {o["id"] for o in view["order"]}
    assert all(ln["order_id"] in order_ids for ln in view["order_line"])


def test_written_network_matches_the_generated_counts(demo_dir):
    with Session(open_store(paths.central_path(demo_dir))) as session:
        assert session.scalar(select(func.count()).select_from(m.Order)) == 60
        assert session.scalar(select(func.count()).select_from(m.Product)) >= 900
    for code in ("HES", "CAR", "TDH"):
        with Session(open_store(paths.depot_path(demo_dir, code))) as session:
            assert session.scalar(select(func.count()).select_from(m.Order)) > 0


def test_generation_is_deterministic_across_processes():
    """String hashing differs per process (PYTHONHASHSEED): the network must not."""
    import os
    import subprocess
    import sys

    script = ("import datetime as dt, hashlib; from cpdesk.demo.generator import generate; "
              "n = generate(seed=1, orders=40, today=dt.date(2026, 11, 26)); "
              "print(hashlib.sha256(repr(sorted((t, [sorted(map(str, r.items())) for r in rows]) "
              "for t, rows in n.rows.items())).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": str(h)}, check=True).stdout
               for h in (1, 2, 3)}
    assert len(digests) == 1
