"""Legal for trade: a typed weight needs a supervisor and is marked *manual* on the event, on
the delivery note and in the centre's totals; the counter never takes a typed weight."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk.cli import main
from cpdesk.documents.gather import delivery_note_data
from cpdesk.domain.cart import Cart, CartError, Item
from cpdesk.domain.model import SaleUnit
from cpdesk.packing.state import Refusal
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import make_engine, sqlite_url
from cpdesk.sync.config import connect_central
from cpdesk.sync.engine import SyncEngine
from cpdesk.sync.totals import central_manual_weights

from ..documents.conftest import pdf_text


def _weighed_line(bench):
    state = bench.svc.state(bench.order_id)
    return next(ln for ln in state.lines if ln.sale_unit == SaleUnit.KG)


def test_the_demo_depots_are_legal_for_trade(bench) -> None:
    assert bench.svc.legal_for_trade


def test_a_manual_weight_is_marked_on_event_note_and_central_totals(
        bench, demo_dir, capsys: pytest.CaptureFixture[str]) -> None:
    line = _weighed_line(bench)
    grams = int(line.quantity * 1000)
    refused = bench.svc.weigh(bench.order_id, line.id, grams, "manual", bench.packer.id)
    assert refused.refusal is Refusal.NEEDS_SUPERVISOR
    out = bench.svc.weigh(bench.order_id, line.id, grams, "manual", bench.packer.id,
                          supervisor_id=bench.supervisor.id)
    assert out.ok
    with Session(bench.engine) as s:
        event = s.scalars(select(m.PackEvent).where(m.PackEvent.line_id == line.id,
                                                    m.PackEvent.kind == "weigh")).one()
        assert (event.weight_source, event.supervisor_id) == ("manual", bench.supervisor.id)
        note = delivery_note_data(s, bench.number, lang="fr")
    marked = {ln.line_no: ln.manual_weight for ln in note.lines}
    assert marked[line.line_no] is True and sum(marked.values()) == 1
    pdf = bench.svc.delivery_note_pdf(bench.order_id)
    assert "pesée manuelle" in pdf_text(pdf)
    # the centre learns it with the next sync, and its totals say so
    SyncEngine(bench.engine, connect_central(bench.engine, demo_dir)).sync_once()
    central = make_engine(sqlite_url(paths.central_path(demo_dir)))
    with Session(central) as s:
        assert central_manual_weights(s, [bench.order_id]) == {bench.order_id: 1}
    capsys.readouterr()
    assert main(["central", "order-totals", bench.number, "--db",
                 sqlite_url(paths.central_path(demo_dir)), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["manual_weight_lines"] == {bench.number: 1}


def test_a_scale_weight_is_not_marked_manual(bench) -> None:
    line = _weighed_line(bench)
    assert bench.svc.weigh(bench.order_id, line.id, int(line.quantity * 1000), "scale",
                           bench.packer.id).ok
    with Session(bench.engine) as s:
        note = delivery_note_data(s, bench.number)
    assert not any(ln.manual_weight for ln in note.lines)


def test_the_counter_never_takes_a_typed_weight() -> None:
    apples = Item(product_id=uuid.uuid4(), name="Pommes", price_cents=350, vat_pct=6,
                  weighed=True)
    cart = Cart()
    with pytest.raises(CartError, match="never typed"):
        cart.add_weighed(apples, 1200, "manual")
    assert cart.lines == []
