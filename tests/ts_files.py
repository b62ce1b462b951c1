"""Read the screens' translations from their source, the Qt Linguist files in resources/i18n/."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

TS_DIR = Path(__file__).resolve().parents[1] / "resources" / "i18n"
LANGS = ("fr", "nl", "de")


def ts_path(lang: str) -> Path:
    return TS_DIR / f"cpdesk_{lang}.ts"


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


def translated(lang: str, source: str, context: str | None = None) -> str:
    """The translation of `source` in `lang` (in `context` when given; the one translation of
    every context otherwise)."""
    found = {translation.text or "" for name, text, translation in messages(ts_path(lang))
             if text == source and context in (None, name)}
    assert len(found) == 1, f"{source!r} in {lang}: {found or 'not in the .ts file'}"
    return found.pop()
