"""Make the README screenshots offscreen: `python -m cpdesk.ui.screenshots docs/screenshots`.

Builds a demo network in a temporary folder, signs a packer in, grabs the board, then packs
part of an order (a scanned item, a weighed item, a live unstable reading on the scale) and
grabs the packing screen in French and in Dutch, at 1280×800. Then the counter (a cart with
a scanned, a weighed and a discounted item) in French and Dutch, and the loading screen in
French (one crate scanned onto the van), and the first-start assistant. The counter and
loading screens take their texts when built, so each language gets a window built after
switching.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from cpdesk.demo.network import init_demo  # noqa: E402
from cpdesk.domain.loading import CrateWhere  # noqa: E402
from cpdesk.store import models as m  # noqa: E402
from cpdesk.store.queries import PackState  # noqa: E402

from .app import build_context  # noqa: E402
from .context import AppContext  # noqa: E402
from .hardware.devices import SimulatedDevices  # noqa: E402
from .i18n import Translations  # noqa: E402
from .main_window import MainWindow  # noqa: E402

DAY = dt.date(2026, 11, 26)


def _settle(app: QApplication, window: MainWindow, seconds: float = 0.3) -> None:
    end = time.monotonic() + 10
    while (window.packing.queue.busy or time.monotonic() < end - 10 + seconds) and \
            time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _wait(app: QApplication, done: Callable[[], bool], seconds: float = 15) -> None:
    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(10):
        app.processEvents()


def _window(app: QApplication, ctx: AppContext, translations: Translations,
            lang: str) -> tuple[MainWindow, SimulatedDevices]:
    translations.set_language(lang)
    devices = SimulatedDevices(app)
    window = MainWindow(ctx, devices, translations=translations)
    window.set_language(lang)
    window.resize(1280, 800)
    window.show()
    window.start()
    return window, devices


def _counter(app: QApplication, ctx: AppContext, translations: Translations, lang: str,
             out: Path) -> None:
    window, devices = _window(app, ctx, translations, lang)
    counter = window.counter
    ready: list[object] = []
    counter.sig_ready.connect(lambda: ready.append(True))
    window._signed_in(window.service.sign_in("2001"))  # the window's sign-in serves the counter
    window.show_counter()
    _wait(app, lambda: bool(ready))
    assert counter.cashier is not None
    if counter.service.current_session() is None:
        counter.service.open_session(staff_id=counter.cashier.id, float_cents=15_000)
    cat = counter.catalogue
    assert cat is not None
    unit = next(ci for c, ci in cat.by_code.items()
                if not ci.item.weighed and ci.category == "épicerie" and len(c) == 13)
    window.on_scan(unit.barcodes[0])
    window.on_scan(unit.barcodes[0])
    counter.tiles.buttons["légumes"].click()
    veg = next(ci for ci in cat.items if ci.item.weighed and ci.category == "légumes")
    devices.put_weight(1234, stable=True)
    _wait(app, lambda: False, 0.3)
    counter.add_product(veg)
    counter.view.selectRow(0)
    counter.discount_edit.setText("10%")
    counter.apply_discount(line=True)
    devices.put_weight(523, stable=False)
    _wait(app, lambda: False, 0.3)
    window.grab().save(str(out))
    window.close()
    window.deleteLater()


def _loading(app: QApplication, ctx: AppContext, translations: Translations, lang: str,
             out: Path) -> None:
    window, _devices = _window(app, ctx, translations, lang)
    staff = window.service.sign_in("1003")
    window._signed_in(staff)
    loading = window.loading
    loaded: list[bool] = []
    loading.sig_plan_loaded.connect(lambda: loaded.append(True))
    window.show_loading()
    _wait(app, lambda: bool(loaded))
    # the round with the most crates at this depot, one of them scanned onto the van
    best = max(range(loading.round_box.count()), key=lambda i: len(
        loading.service.plan(loading.round_box.itemData(i)).crates), default=None)
    if best is not None and best != loading.round_box.currentIndex():
        loaded.clear()
        loading.round_box.setCurrentIndex(best)
        _wait(app, lambda: bool(loaded))
    plan = loading.plan
    if plan is not None:
        waiting = [c for c in plan.crates if c.where is CrateWhere.AT_DEPOT]
        if waiting:
            scanned: list[object] = []
            loading.sig_scan_result.connect(scanned.append)
            window.on_scan(waiting[0].code)
            _wait(app, lambda: bool(scanned))
    _wait(app, lambda: False, 0.3)
    window.grab().save(str(out))
    window.close()
    window.deleteLater()


def _first_start(out_dir: Path) -> None:
    """The first-start assistant, in French, at the size `cpdesk run` opens it. (The hardware
    dialog's picture is taken from a depot run, reading a scale: not made here.)"""
    from cpdesk.sync.first_start import FirstStartService

    from .app import FIRST_START_SIZE
    from .first_start.screen import FirstStartWidget

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        assistant = FirstStartWidget(FirstStartService(Path(tmp) / "new-depot"))
        assistant.resize(FIRST_START_SIZE)
        assistant.show()
        _wait(app, lambda: False, 0.3)
        assistant.grab().save(str(out_dir / "first-start-fr.png"))
        assistant.close()


def main(out_dir: Path) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        init_demo(Path(tmp), today=DAY)
        ctx = build_context(Path(tmp), "HES")
        ctx.today = DAY
        translations = Translations(app)
        translations.set_language("fr")
        devices = SimulatedDevices(app)
        window = MainWindow(ctx, devices, translations=translations)
        window.set_language("fr")
        window.resize(1280, 800)
        window.show()
        window.start()
        staff = window.service.sign_in("1003")
        window._signed_in(staff)
        _settle(app, window, 1.5)
        _wait(app, lambda: window.board.model.rowCount() > 0, 60)  # a loaded machine is slow
        _settle(app, window)
        window.board.view.expandAll()
        window.grab().save(str(out_dir / "board-fr.png"))

        rounds = window.board.model.rounds
        orders = [o for r in rounds for o in r.orders if o.pack_state == PackState.TO_PACK]
        # an order that fits on the screen, with pieces and weighed goods
        order = max((o for o in orders if o.lines <= 12), key=lambda o: o.lines)
        window.open_order(order.number)
        _settle(app, window)
        state = window.packing.state
        assert state is not None
        with Session(ctx.engine) as s:
            coded = {b.product_id: b.code for b in s.scalars(select(m.Barcode))}
        unit = [ln for ln in state.lines if not ln.weighed and ln.product_id in coded]
        for line in unit[:2]:
            window.on_scan(coded[line.product_id])
            _settle(app, window)
        kg = [ln for ln in state.lines if ln.weighed]
        if kg:
            window.packing._select(kg[0].id)
            devices.put_weight(int(kg[0].quantity * 1000) + 12, stable=True)
            window.packing.take_weight()
            _settle(app, window)
        if len(kg) > 1:
            window.packing._select(kg[1].id)
        devices.put_weight(1234, stable=False)
        _settle(app, window)
        window.grab().save(str(out_dir / "packing-fr.png"))
        window.set_language("nl")
        _settle(app, window)
        window.grab().save(str(out_dir / "packing-nl.png"))
        window.close()
        window.deleteLater()
        for lang in ("fr", "nl"):
            _counter(app, ctx, translations, lang, out_dir / f"counter-{lang}.png")
        _loading(app, ctx, translations, "fr", out_dir / "loading-fr.png")
        _first_start(out_dir)
        ctx.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
