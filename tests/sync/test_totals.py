"""Order totals computed at the centre from the depots' pack events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from cpdesk.cli import main
from cpdesk.store import paths
from cpdesk.store.db import make_engine, sqlite_url
from cpdesk.store.models import Order
from cpdesk.store.queries import order_detail
from cpdesk.sync.engine import SyncEngine
from cpdesk.sync.totals import central_order_totals, central_totals_by_number

from .conftest import PgCentre, depot_copy, engine_for
from .helpers import pack_lines, shared_open_order


def _depot_total(eng: SyncEngine, number: str) -> int:
    with Session(eng.store) as s:
        return int(order_detail(s, number)["total_cents"])


def _check(central_url_engine, hes: SyncEngine, car: SyncEngine) -> str:  # type: ignore[no-untyped-def]
    oid = shared_open_order(central_url_engine, ("HES", "CAR"))
    with Session(central_url_engine) as s:
        number = s.get_one(Order, oid).number
        assert central_order_totals(s, [oid]) == {oid: 0}
    expected = pack_lines(hes.store, "HES", oid) + pack_lines(car.store, "CAR", oid)
    hes.sync_once()
    with Session(central_url_engine) as s:  # one depot synced: only its lines count
        assert central_order_totals(s, [oid])[oid] == _depot_total(hes, number)
    car.sync_once()
    with Session(central_url_engine) as s:
        total = central_order_totals(s, [oid])[oid]
        assert total == expected > 0
        assert total == _depot_total(hes, number) + _depot_total(car, number)
        assert central_totals_by_number(s, [number, "CP-000000-0000"]) == {number: total}
        assert order_detail(s, number)["total_cents"] == total
    return number


def test_central_total_sums_both_depots_on_the_demo_centre(
        demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    central = make_engine(sqlite_url(paths.central_path(demo)))
    number = _check(central, engine_for(demo, "HES"), engine_for(demo, "CAR"))
    with Session(central) as s:
        total = central_totals_by_number(s, [number])[number]
    capsys.readouterr()
    assert main(["order", number, "--data-dir", str(demo), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total_cents"] == total


@pytest.mark.postgres
def test_central_total_sums_both_depots_on_postgres(pg_fresh: PgCentre, tmp_path: Path) -> None:
    # a centre of its own: the session's centre has only three orders shared by HES and CAR,
    # and other tests may already have packed them
    pg = pg_fresh
    _check(pg.admin, depot_copy(pg, tmp_path / "hes", "HES"),
           depot_copy(pg, tmp_path / "car", "CAR"))


def test_central_order_totals_command(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    central = make_engine(sqlite_url(paths.central_path(demo)))
    with Session(central) as s:
        number = s.query(Order.number).order_by(Order.number).first()[0]  # type: ignore[index]
        total = central_totals_by_number(s, [number])[number]
    db = sqlite_url(paths.central_path(demo))
    assert main(["central", "order-totals", number, "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"totals_cents": {number: total},
                                                   "manual_weight_lines": {number: 0}}
    assert main(["central", "order-totals", "CP-000000-0000", "--db", db]) == 1
    assert "no order" in capsys.readouterr().err
