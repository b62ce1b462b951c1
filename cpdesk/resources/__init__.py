"""Runtime resources shipped inside the package (sounds, compiled translations).

They live in the package (not a top-level `resources/`) so that a source checkout and an
installed wheel find them the same way; pyproject's package-data ships *.wav and *.qm.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parent
SOUNDS = ROOT / "sounds"
I18N = ROOT / "i18n"
FONTS = ROOT / "fonts"  # filled by the bundle only (deploy/build.py); absent in a checkout
