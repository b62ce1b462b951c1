"""The store's schema revisions, read from the migration files without importing alembic or
SQLAlchemy (alembic's import cost ~0.3 s of every start; the desk's first frame needs
neither, see docs/startup.md)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)


@functools.cache
def head_revision() -> str:
    """The newest revision id."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev = _REVISION.search(text)
        down = _DOWN.search(text)
        if rev:
            revisions.add(rev.group(1))
        if down:
            parents.add(down.group(1))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


def known_revisions() -> set[str]:
    return {m.group(1) for p in (MIGRATIONS / "versions").glob("*.py")
            if (m := _REVISION.search(p.read_text(encoding="utf-8")))}
