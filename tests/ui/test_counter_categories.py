"""The counter's category tiles come from its catalogue, not from the demo generator."""

from __future__ import annotations

from types import SimpleNamespace

from cpdesk.ui.counter.cart import CATEGORY_COLOURS, categories_of


def item(category: str) -> SimpleNamespace:
    return SimpleNamespace(category=category)


def test_known_categories_keep_their_order_and_new_ones_follow_alphabetically() -> None:
    items = [item(c) for c in ("pains", "zeste", "légumes", "fruits", "pains", "apéritifs", "")]
    assert categories_of(items) == ["légumes", "fruits", "pains", "apéritifs", "zeste"]


def test_the_counter_shows_a_tile_per_category_of_its_catalogue(qtbot, demo_dir) -> None:
    from cpdesk.ui.app import build_context
    from cpdesk.ui.counter.screen import CounterWidget
    from cpdesk.ui.hardware.devices import SimulatedDevices

    ctx = build_context(demo_dir, "HES")
    counter = CounterWidget(ctx, SimulatedDevices())
    qtbot.addWidget(counter)
    assert counter.tiles.buttons == {}  # nothing before the catalogue is there
    with qtbot.waitSignal(counter.sig_ready, timeout=30_000):
        counter.start()
    assert counter.catalogue is not None
    shown = list(counter.tiles.buttons)
    assert shown == categories_of(counter.catalogue.items)
    assert set(shown) == {ci.category for ci in counter.catalogue.items}
    assert set(shown) <= set(CATEGORY_COLOURS)  # the demo's categories all have colours
    ctx.engine.dispose()
