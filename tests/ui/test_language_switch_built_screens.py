"""Screens built before a language switch follow it: the counter and the loading screen are
built on first use (in French here), then the window's language box switches; every visible
label, button, tab and header must be in the new language, none left in French."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItemIterator,
    QWidget,
)

from ..ts_files import messages, translated, ts_path
from .desk import Desk

pytestmark = pytest.mark.gui


def visible_texts(screen: QWidget) -> set[str]:
    """The texts a person sees on `screen`: labels, buttons, tabs, tree and table headers."""
    texts: set[str] = set()
    for w in screen.findChildren(QLabel) + screen.findChildren(QAbstractButton):
        if w.isVisibleTo(screen) and w.text():
            texts.add(w.text())
    for tabs in screen.findChildren(QTabWidget):
        texts.update(tabs.tabText(i) for i in range(tabs.count()))
    for tree in screen.findChildren(QTreeWidget):
        header = tree.headerItem()
        texts.update(header.text(i) for i in range(tree.columnCount()))
        items = QTreeWidgetItemIterator(tree)
        while items.value() is not None:
            texts.update(items.value().text(i) for i in range(tree.columnCount()))
            items += 1
    for view in screen.findChildren(QWidget):
        model = getattr(view, "model", None)
        if callable(model) and hasattr(view, "horizontalHeader") and model() is not None:
            m = model()
            texts.update(str(m.headerData(i, view.horizontalHeader().orientation()))
                         for i in range(m.columnCount()))
    return texts


def french_only(lang: str) -> dict[str, str]:
    """French texts of the .ts files -> their English source, where `lang` says it otherwise."""
    other = ({} if lang == "en"  # English is the source: it has no .ts file
             else {(ctx, src): (t.text or "") for ctx, src, t in messages(ts_path(lang))})
    return {t.text: src for ctx, src, t in messages(ts_path("fr"))
            if t.text and src != t.text and other.get((ctx, src), src) != t.text}


@pytest.fixture
def desk(qtbot, demo_dir) -> Iterator[Desk]:
    d = Desk(qtbot, demo_dir)
    d.window.set_language("fr")
    yield d
    d.window.set_language("en")
    d.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_built_screens_follow_a_language_switch(desk, lang) -> None:
    w, qtbot = desk.window, desk.qtbot
    desk.sign_in()
    with qtbot.waitSignal(w.loading.sig_plan_loaded, timeout=30_000):
        w.show_screen("loading")
    w.show_screen("counter")
    qtbot.waitUntil(lambda: w.counter.catalogue is not None, timeout=30_000)
    desk.idle()
    assert w.loading.tree.topLevelItemCount() > 0  # a round with its stops is shown
    french = french_only(lang)
    before = {key: visible_texts(w.screen_for(key)) for key in ("counter", "loading")}
    assert translated("fr", "Sale", "CounterWidget") in before["counter"]
    assert translated("fr", "Mark departed (F9)", "LoadingWidget") in before["loading"]

    index = w.language_box.findData(lang)
    w.language_box.setCurrentIndex(index)  # the window's language switch, as a person does
    assert w.translations.language == lang

    def in_lang(text: str, context: str) -> str:
        return text if lang == "en" else translated(lang, text, context)

    seen = {"loading": visible_texts(w.loading), "counter": set()}
    for i in range(w.counter.tabs.count()):  # each tab shown in turn: its panel is visible
        w.counter.tabs.setCurrentIndex(i)
        desk.idle()
        seen["counter"] |= visible_texts(w.counter)
    for key, after in seen.items():
        stale = sorted(t for t in after if t in french)
        assert not stale, f"{key} still in French after switching to {lang}: {stale}"
    counter = seen["counter"]
    for text in ("Sale", "Pick-up", "Register", "Take the weight", "Cancel sale"):
        assert in_lang(text, "CounterWidget") in counter
    assert in_lang("Find", "PickupPanel") in counter
    assert in_lang("Open the register", "RegisterPanel") in counter
    assert in_lang("Cash", "PaymentPanel") in counter
    assert in_lang("Mark departed (F9)", "LoadingWidget") in visible_texts(w.loading)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_demo_scale_panel_follows_a_language_switch(qtbot, lang) -> None:
    """`cpdesk demo` docks the scale panel under the screens: after switching to German in the
    status bar it still said "Balance simulée (démo)", "Instable", "Surcharge"."""
    from decimal import Decimal

    from PySide6.QtWidgets import QDockWidget, QMainWindow

    from cpdesk.hardware.simulator import SimulatedScale
    from cpdesk.ui.hardware.demo_scale import DemoScalePanel, dock_demo_scale
    from cpdesk.ui.i18n import Translations

    translations = Translations()
    translations.set_language("fr")
    window = QMainWindow()
    qtbot.addWidget(window)
    try:
        dock = dock_demo_scale(window, SimulatedScale("mt-sics", weight_g=Decimal(0)))
        assert isinstance(dock, QDockWidget)
        panel = dock.widget()
        assert isinstance(panel, DemoScalePanel)
        context = "DemoScalePanel"
        assert dock.windowTitle() == translated("fr", "Simulated scale (demo)", context)
        translations.set_language(lang)
        qtbot.wait(10)

        def in_lang(text: str) -> str:
            return text if lang == "en" else translated(lang, text, context)

        assert dock.windowTitle() == in_lang("Simulated scale (demo)")
        assert panel.moving.text() == in_lang("Moving")
        assert panel.overload.text() == in_lang("Overload")
    finally:
        translations.set_language("en")
