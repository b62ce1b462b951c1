"""The shipped translations are complete, compiled, and switch the main window's texts."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from cpdesk.resources import I18N
from cpdesk.ui.app import build_context
from cpdesk.ui.i18n import Translations
from cpdesk.ui.main_window import MainWindow

from ..conftest import DEMO_TODAY

LANGS = ("fr", "nl", "de")
UI = Path(__file__).resolve().parents[2] / "cpdesk" / "ui"
PLACEHOLDER = re.compile(r"\{\w+(?::[^}]*)?\}")  # {0} and named ones ({order})
SHORTCUT = re.compile(r"\((?:F\d+|Ctrl\+\w+)\)")  # key names (Esc...) may be localised


def messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation element) of every message of a .ts file."""
    out = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            out.append((name, message.findtext("source") or "", translation))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_source_string_has_a_finished_translation_in_the_compiled_file(lang):
    found = messages(I18N / f"cpdesk_{lang}.ts")
    assert len(found) > 300
    translator = QTranslator()
    assert translator.load(str(I18N / f"cpdesk_{lang}.qm"))
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


def test_the_ts_files_hold_every_string_the_screens_ask_to_translate(tmp_path):
    """lupdate over cpdesk/ui and its feature folders finds nothing that the shipped .ts files lack."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    assert lupdate.exists(), f"{lupdate} is needed (it comes with PySide6)"
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(lupdate), *sorted(str(p) for p in UI.rglob("*.py")), "-ts", str(fresh)],
                   check=True, capture_output=True, timeout=60)
    wanted = {(c, s) for c, s, _t in messages(fresh)}
    for lang in LANGS:
        shipped = {(c, s) for c, s, _t in messages(I18N / f"cpdesk_{lang}.ts")}
        assert wanted - shipped == set(), lang


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
