"""`cpdesk run` at a depot: a store made by `cpdesk setup` against PostgreSQL, a station file
naming a scale on a pseudo-terminal and a ZPL printer on a TCP socket; an order packed
through the screen reaches the printer and the centre."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpdesk.cli import build_parser, main
from cpdesk.cli.app import desk_config
from cpdesk.store import models as m
from cpdesk.store.queries import PackState, day_board
from cpdesk.ui.app import Desk, build_desk
from cpdesk.ui.hardware.hub import StationDevices

from ..hardware.conftest import FakePrinter, socat  # noqa: F401 - the fixture
from .conftest import TODAY, PgCentre

pytestmark = [pytest.mark.postgres, pytest.mark.serial, pytest.mark.gui]


def _order_to_pack(desk: Desk) -> str:
    """An untouched order of the network's day at HES with a weighed line, few lines."""
    with Session(desk.ctx.engine) as s:
        orders = [o for r in day_board(s, TODAY, "HES") for o in r.orders
                  if o.pack_state == PackState.TO_PACK]
        weighed = {n for n, in s.execute(
            select(m.Order.number).join(m.OrderLine).join(m.Product)
            .where(m.Product.sale_unit == "kg"))}
    candidates = [o for o in orders if o.number in weighed]
    assert candidates, "the test network has no order with a weighed line at HES"
    return min(candidates, key=lambda o: o.lines).number


@pytest.mark.usefixtures("socat")
def test_cpdesk_run_packs_with_the_pty_scale_prints_to_the_socket_and_syncs(
        qtbot, pg: PgCentre, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cpdesk.hardware.simulator import SimulatedScale

    # The depot is set up the way its README says: a login from the centre, setup, first sync.
    assert main(["central", "add-depot", "HES", "--db", pg.url, "--sslmode", "disable",
                 "--json"]) == 0
    creds = json.loads(capsys.readouterr().out)
    pg.logins["HES"] = creds["url"]  # the old password no longer works
    data = tmp_path / "depot"
    assert main(["setup", "--data-dir", str(data), "--depot", "HES",
                 "--central", creds["url"], "--pin-pepper", creds["pin_pepper"]]) == 0
    assert main(["sync", "--data-dir", str(data), "--once"]) == 0
    capsys.readouterr()

    scale = SimulatedScale("mt-sics", weight_g=0)
    printer = FakePrinter()
    try:
        port = scale.serve_pty(tmp_path)
        station = tmp_path / "station.toml"
        a4 = tmp_path / "a4"
        a4.mkdir()
        for key, value in (("scale.port", port), ("scale.protocol", "mt-sics"),
                           ("label_printer.url", printer.url), ("a4_printer.folder", str(a4))):
            assert main(["station", "set", key, value, "--station", str(station)]) == 0
        args = build_parser().parse_args(["run", "--data-dir", str(data), "--station",
                                          str(station)])
        config = desk_config(args)
        config.sync_interval_s = 3600  # rounds only on demand: the packed order asks for one
        desk = build_desk(config)
        window = desk.window
        qtbot.addWidget(window)
        assert isinstance(desk.devices, StationDevices) and desk.devices.scale is not None
        window.show()
        desk.start()
        try:
            _pack_through_the_screen(qtbot, desk, scale, printer, pg)
        finally:
            desk.close()
            desk.ctx.engine.dispose()
    finally:
        scale.stop()
        printer.stop()


def _pack_through_the_screen(qtbot, desk: Desk, scale, printer: FakePrinter,
                             pg: PgCentre) -> None:
    window, packing = desk.window, desk.window.packing
    number = _order_to_pack(desk)
    qtbot.waitUntil(lambda: desk.devices.last_weight is not None, timeout=30_000)

    def idle() -> None:
        qtbot.waitUntil(lambda: not (packing.queue.busy or window.queue.busy), timeout=30_000)

    for digit in "1001":
        window.sign_in.buttons[digit].click()
    window.sign_in.ok_button.click()
    qtbot.waitUntil(lambda: window.staff is not None, timeout=30_000)
    window.on_scan(number)  # what a scanner's read of the order slip does
    qtbot.waitUntil(lambda: packing.state is not None and packing.state.number == number,
                    timeout=30_000)
    weighed_g: list[int] = []
    with qtbot.waitSignal(packing.sig_order_packed, timeout=30_000):
        for line in packing.state.lines:
            packing._select(line.id)
            if line.weighed:
                grams = int(line.quantity * 1000)
                scale.weight_g = Decimal(grams)  # the goods on the real scale's pan
                qtbot.waitUntil(lambda g=grams: (w := desk.devices.stable_weight()) is not None
                                and w.weight_g == g, timeout=30_000)
                QTest.keyClick(packing.tree, Qt.Key.Key_Space)
                weighed_g.append(grams)
                idle()
                scale.weight_g = Decimal(0)
                qtbot.waitUntil(lambda: (w := desk.devices.last_weight) is not None
                                and w.weight_g == 0, timeout=30_000)
            else:
                for _ in range(int(line.quantity)):
                    QTest.keyClick(packing.tree, Qt.Key.Key_F2)
                    idle()
    idle()
    state = packing.state
    assert state.packed and weighed_g
    crates = [c.code for c in state.crates if c.items]
    # The crate labels reach the ZPL printer on its socket, through the durable print queue.
    qtbot.waitUntil(lambda: all(code.encode() in printer.captured for code in crates),
                    timeout=15_000)
    assert b"^XA" in printer.captured
    # The packed order asked for a sync round: the centre holds its pack events, with the
    # weights read from the pty scale.
    order_id = state.order_id

    def central_weights() -> list[tuple[int, str]]:
        with Session(pg.admin) as s:
            rows = s.execute(
                select(m.PackEvent.weight_g, m.PackEvent.weight_source)
                .where(m.PackEvent.order_id == order_id, m.PackEvent.weight_g.is_not(None)))
            return sorted((int(g), str(src)) for g, src in rows)

    qtbot.waitUntil(lambda: len(central_weights()) == len(weighed_g), timeout=30_000)
    assert central_weights() == sorted((g, "scale") for g in weighed_g)
    with Session(pg.admin) as s:
        units = s.scalar(select(func.coalesce(func.sum(m.PackEvent.quantity), 0))
                         .where(m.PackEvent.order_id == order_id, m.PackEvent.kind == "pack"))
    assert units == sum(int(ln.quantity) for ln in state.lines if not ln.weighed)
