import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk.domain.ids import new_id, short_code
from cpdesk.domain.loading import CrateWhere
from cpdesk.errors import CpdeskError
from cpdesk.loading.service import LoadingService, ScanStatus
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import open_store, transaction

from ..conftest import DEMO_TODAY


def staff(engine, role):
    with Session(engine) as s:
        return s.scalars(select(m.Staff.id).where(m.Staff.role == role)).first()


def finish_packing(engine, round_id):
    """Test set-up: close open crates and give every order without a crate one closed crate."""
    with transaction(engine) as s:
        stops = s.scalars(select(m.Stop.id).where(m.Stop.round_id == round_id)).all()
        orders = s.scalars(select(m.Order).where(m.Order.stop_id.in_(stops))).all()
        for order in orders:
            crates = s.scalars(select(m.Crate).where(m.Crate.order_id == order.id)).all()
            for c in crates:
                c.status = "closed"
            depots = {ln.packing_depot_id for ln in order.lines}
            for depot_id in depots - {c.depot_id for c in crates}:
                cid = new_id()
                s.add(m.Crate(id=cid, code=f"CR{short_code(cid)}", order_id=order.id,
                              depot_id=depot_id, zone="ambient", seq=1, status="closed"))


@pytest.fixture
def hes(demo_dir):
    engine = open_store(paths.depot_path(demo_dir, "HES"))
    service = LoadingService(engine, "HES")
    rnd = service.rounds(DEMO_TODAY)[0]
    return engine, service, rnd


def test_plan_lists_stops_in_loading_order_with_expected_crates(hes):
    engine, service, rnd = hes
    plan = service.plan(rnd.id)
    seqs = [s.seq for s in plan.stops]
    assert seqs == sorted(seqs, reverse=True) and seqs[-1] == 1
    assert plan.crates, "today's packed orders have crates"
    assert not plan.check.ok  # today is only partly packed
    assert plan.check.orders_still_packing


def test_loading_every_crate_lets_the_round_leave(hes):
    engine, service, rnd = hes
    finish_packing(engine, rnd.id)
    packer = staff(engine, "packer")
    plan = service.plan(rnd.id)
    for c in plan.crates:
        out = service.scan_onto_van(rnd.id, c.code, packer)
        assert out.status is ScanStatus.LOADED, out.message
    again = service.scan_onto_van(rnd.id, plan.crates[0].code, packer)
    assert again.status is ScanStatus.ALREADY  # scanned twice is harmless
    plan = service.plan(rnd.id)
    assert all(c.where is CrateWhere.LOADED for c in plan.crates) and plan.check.ok
    service.depart(rnd.id, packer)
    with Session(engine) as s:
        assert s.get(m.Round, rnd.id).status == "departed"
        moves = s.scalars(select(m.CrateMove)).all()
        assert len(moves) == len(plan.crates)  # the double scan wrote nothing
        topics = [o.topic for o in s.scalars(select(m.Outbox))]
        assert topics.count("crate_move") == len(plan.crates) and "round_departure" in topics


def test_a_crate_of_another_round_is_refused(hes, demo_dir):
    engine, service, rnd = hes
    with Session(engine) as s:
        foreign = s.scalars(
            select(m.Crate.code).join(m.Order).join(m.Stop)
            .where(m.Stop.round_id != rnd.id, m.Crate.status != "open")).first()
    out = service.scan_onto_van(rnd.id, foreign, staff(engine, "packer"))
    assert out.status is ScanStatus.REFUSED and "belongs to round" in out.message
    # typed, like every service's refusal: a code and values, worded by the screen
    assert out.code == "loading.other_round" and out.values["crate"] == foreign
    assert out.refusal is not None and out.refusal.code == "loading.other_round"
    assert out.refusal.values["round"] == rnd.code and str(out.refusal) == out.message
    unknown = service.scan_onto_van(rnd.id, "CR0000000000", staff(engine, "packer"))
    assert (unknown.status, unknown.code) == (ScanStatus.REFUSED, "loading.unknown_crate")


def test_departure_with_missing_crates_needs_a_supervisor_and_a_reason(hes):
    engine, service, rnd = hes
    packer, supervisor = staff(engine, "packer"), staff(engine, "supervisor")
    with pytest.raises(CpdeskError, match="supervisor must confirm"):
        service.depart(rnd.id, packer)
    with pytest.raises(CpdeskError, match="only a supervisor"):
        service.depart(rnd.id, packer, supervisor_id=packer, reason="late")
    with pytest.raises(CpdeskError, match="say why"):
        service.depart(rnd.id, packer, supervisor_id=supervisor, reason=" ")
    with pytest.raises(CpdeskError) as not_a_supervisor:  # the packer's own PIN
        service.depart(rnd.id, packer, supervisor_pin="1001", reason="late")
    assert not_a_supervisor.value.code == "loading.not_a_supervisor"
    with pytest.raises(CpdeskError) as refused:
        service.depart(rnd.id, packer)
    assert refused.value.code == "loading.departure_incomplete"
    assert refused.value.values["missing"] > 0
    check = service.depart(rnd.id, packer, supervisor_pin="9001", reason="producer late")
    with Session(engine) as s:
        dep = s.scalars(select(m.RoundDeparture)).one()
        assert dep.supervisor_id == supervisor and dep.reason == "producer late"
        assert len(dep.left_behind["crates"]) == len(check.missing)
    with pytest.raises(CpdeskError, match="already left"):
        service.depart(rnd.id, packer, supervisor_id=supervisor, reason="again")


def test_transfer_between_depots_and_wrong_depot_flag(demo_dir):
    # a crate packed at one depot for a round that leaves from another
    central = open_store(paths.central_path(demo_dir))
    with Session(central) as s:
        row = s.execute(
            select(m.Crate.code, m.Crate.depot_id, m.Round.depot_id)
            .join(m.Order, m.Crate.order_id == m.Order.id).join(m.Stop).join(m.Round)
            .where(m.Crate.depot_id != m.Round.depot_id)).first()
        codes = {d.id: d.code for d in s.scalars(select(m.Depot))}
    assert row is not None, "the demo network has cross-depot crates"
    code, packed_at, leaves_from = row[0], codes[row[1]], codes[row[2]]
    other = ({"HES", "CAR", "TDH"} - {packed_at, leaves_from}).pop()
    sender = LoadingService(open_store(paths.depot_path(demo_dir, packed_at)), packed_at)
    receiver = LoadingService(open_store(paths.depot_path(demo_dir, leaves_from)), leaves_from)
    who = staff(sender.engine, "packer")
    assert sender.transfer_out(code, who).status is ScanStatus.LOADED
    assert receiver.transfer_out(code, who).status is ScanStatus.REFUSED  # not packed there
    assert receiver.transfer_in(code, who).status is ScanStatus.LOADED
    # the same crate turning up at the third depot is flagged, if that depot knows it
    third = LoadingService(central, other)  # the centre knows every crate
    out = third.transfer_in(code, who)
    assert out.status is ScanStatus.REFUSED and "wrong depot" in out.message


def test_the_manifest_of_a_departed_round_shows_what_was_loaded(hes):
    import io

    from pypdf import PdfReader

    from cpdesk import documents as docs

    engine, service, rnd = hes
    packer, supervisor = staff(engine, "packer"), staff(engine, "supervisor")
    plan = service.plan(rnd.id)
    closed = [c for c in plan.crates if c.where is CrateWhere.AT_DEPOT]
    assert len(closed) >= 2
    loaded, left = closed[0], closed[1:]
    assert service.scan_onto_van(rnd.id, loaded.code, packer).status is ScanStatus.LOADED
    service.depart(rnd.id, packer, supervisor_id=supervisor, reason="producer late")
    with Session(engine) as s:
        data = docs.manifest_data(s, rnd.id, lang="fr")
    on_van = [c.code for stop in data.stops for c in stop.crates]
    behind = {c.code for stop in data.stops for c in stop.left_behind}
    assert data.departed and on_van == [loaded.code]
    assert {c.code for c in left} <= behind
    pdf = PdfReader(io.BytesIO(docs.render_manifest(data)))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Restées au dépôt" in text and left[0].code in text
