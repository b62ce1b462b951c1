"""The screens' translations: the .ts files (their one source) are complete and in step with
the code, the compiled files match them, and switching language translates the main window."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from cpdesk import resources
from cpdesk.ui.app import build_context
from cpdesk.ui.i18n import Translations
from cpdesk.ui.main_window import MainWindow

from ..conftest import DEMO_TODAY
from ..ts_files import LANGS, messages, ts_path

PACKAGE = Path(__file__).resolve().parents[2] / "cpdesk"
PLACEHOLDER = re.compile(r"\{\w+(?::[^}]*)?\}")  # {0} and named ones ({order})
SHORTCUT = re.compile(r"\((?:F\d+|Ctrl\+\w+)\)")  # key names (Esc...) may be localised
# French spaces its punctuation with no-break spaces (README, "Decisions where the issues were
# silent"): U+00A0 before ':', U+202F before ';', '!', '?' and inside « ». Any other space
# there lets a wrapped label or a printed page start a line with ':' or '?'.
FRENCH_WRONG_SPACE = re.compile(
    "[ \u202f](?=:)|[ \u00a0](?=[;!?»])|(?<=«)[ \u00a0]")


@pytest.mark.parametrize("lang", LANGS)
def test_every_source_string_has_a_finished_translation_in_the_compiled_file(lang):
    found = messages(ts_path(lang))
    assert len(found) > 300
    translator = QTranslator()
    assert translator.load(str(resources.translation(lang)))
    problems = []
    for context, source, translation in found:
        forms = [f.text or "" for f in translation.iter("numerusform")]
        if forms:  # a text with a count: one form per plural of the language
            if translation.get("type") is not None or not all("%n" in f for f in forms):
                problems.append(f"{context}/{source!r}: plural forms unfinished {forms}")
            elif [translator.translate(context, source, None, n) for n in (1, 2)] != [
                    forms[0], forms[-1]]:
                problems.append(f"{context}/{source!r}: .qm is stale")
            continue
        text = translation.text or ""
        if translation.get("type") is not None:
            problems.append(f"{context}/{source!r}: type={translation.get('type')}")
        elif not text:
            problems.append(f"{context}/{source!r}: empty")
        elif translator.translate(context, source) != text:
            problems.append(f"{context}/{source!r}: .qm is stale")
        # the code fills the placeholders and the shortcuts are real keys: both must survive
        elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"{context}/{source!r}: placeholders differ in {text!r}")
        elif sorted(SHORTCUT.findall(source)) != sorted(SHORTCUT.findall(text)):
            problems.append(f"{context}/{source!r}: shortcut hint lost in {text!r}")
    assert not problems, "\n".join(problems)


def test_french_translations_put_a_no_break_space_before_colons_and_question_marks():
    problems = []
    for context, source, translation in messages(ts_path("fr")):
        forms = [f.text or "" for f in translation.iter("numerusform")]
        for text in forms or [translation.text or ""]:
            if FRENCH_WRONG_SPACE.search(text):
                problems.append(f"{context}/{source!r}: {text!r}")
    assert not problems, "\n".join(problems)


def test_the_ts_files_hold_every_string_the_code_asks_to_translate_and_no_other(tmp_path):
    """lupdate over the whole package (as `dev.py translations` runs it) finds exactly the
    messages of each shipped .ts: none missing, none left over from removed code."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    assert lupdate.exists(), f"{lupdate} is needed (it comes with PySide6)"
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in PACKAGE.rglob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)],
                   check=True, capture_output=True, timeout=60)
    wanted = {(c, s) for c, s, _t in messages(fresh)}
    assert len(wanted) > 300
    for lang in LANGS:
        shipped = {(c, s) for c, s, t in messages(ts_path(lang))}
        assert wanted - shipped == set(), f"{lang}: run python3 dev.py translations"
        assert shipped - wanted == set(), f"{lang}: texts no longer in the code"
        kinds = {t.get("type") for _c, _s, t in messages(ts_path(lang))}
        assert kinds == {None}, f"{lang}: unfinished, vanished or obsolete entries ({kinds})"


def test_switching_the_main_window_to_dutch_translates_the_toolbar(qtbot, demo_dir):
    ctx = build_context(demo_dir, "HES")
    ctx.today = DEMO_TODAY
    translations = Translations()
    window = MainWindow(ctx, translations=translations)
    qtbot.addWidget(window)
    try:
        window.set_language("en")
        assert window.counter_action.text() == "Counter (Ctrl+2)"
        window.set_language("nl")
        assert translations.language == "nl"
        assert window.counter_action.text() == "Toonbank (Ctrl+2)"
        assert window.loading_action.text() == "Laden (Ctrl+3)"
        assert window.sync_action.text() == "Nu synchroniseren"
        window.set_language("fr")
        assert window.counter_action.text() == "Comptoir (Ctrl+2)"
    finally:
        window.set_language("en")
        window.close()
        ctx.engine.dispose()


def test_money_weights_and_dates_follow_the_language_on_screen(qapp):
    """The screens format through the installed translation's locale (Babel's Belgian ones)."""
    import datetime as dt

    from cpdesk.ui.i18n import day_text, locale_name, money_text, weight_text

    translations = Translations()
    day = dt.date(2026, 11, 6)
    try:
        seen = {}
        for lang in ("fr", "nl", "de", "en"):
            assert translations.set_language(lang)
            seen[lang] = (locale_name(), money_text(123450), weight_text(1234), day_text(day))
        nb = "\u00a0"
        assert seen == {
            "fr": ("fr_BE", f"1\u202f234,50{nb}€", f"1,234{nb}kg", "06/11/2026"),
            "nl": ("nl_BE", f"€{nb}1.234,50", f"1,234{nb}kg", "6/11/2026"),
            "de": ("de_BE", f"1.234,50{nb}€", f"1,234{nb}kg", "06.11.2026"),
            "en": ("en_BE", f"1.234,50{nb}€", f"1,234{nb}kg", "6/11/2026"),
        }
    finally:
        translations.set_language("en")
