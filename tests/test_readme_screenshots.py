"""The README shows each screenshot of docs/screenshots once: none missing, none twice."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_each_screenshot_is_shown_once_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = Counter(re.findall(r"!\[[^\]]*\]\((docs/screenshots/[^)\s]+)\)", readme))
    files = {f"docs/screenshots/{p.name}" for p in (ROOT / "docs" / "screenshots").glob("*.png")}
    assert files, "no screenshots"
    assert {name for name, n in shown.items() if n > 1} == set(), shown
    assert files - set(shown) == set(), "not shown in the README"
    assert set(shown) - files == set(), "shown but missing from docs/screenshots"
