"""Errors the user is meant to read: one clear line, no traceback.

Each kind carries the exit code of the command line (documented in the README):
1 refused (bad input, unknown thing), 3 the local store is damaged or its disk is full.
"""

from __future__ import annotations

from pathlib import Path


class CpdeskError(Exception):
    """An expected failure with a message fit for the person at the desk."""

    exit_code = 1


class NotFound(CpdeskError):
    """A thing asked for by number or id does not exist."""


class StoreProblem(CpdeskError):
    """The local store cannot be used as it is: `kind` says why, for a translated text.

    kind: "empty" (0 bytes), "not_sqlite" (not a database file), "damaged" (fails its
    integrity check or reads as corrupt), "full" (no space left on its disk), "unreadable"
    (no permission, I/O error). `detail` is the technical reason, for the log and --debug.
    """

    exit_code = 3
    KINDS = ("empty", "not_sqlite", "damaged", "full", "unreadable")

    def __init__(self, kind: str, path: Path | str | None, detail: str = "") -> None:
        assert kind in self.KINDS, kind
        self.kind, self.path, self.detail = kind, Path(path) if path else None, detail
        super().__init__(self.describe())

    @property
    def depot(self) -> str:
        """The depot code in the store's name (depot-HES.sqlite), else CODE."""
        name = self.path.name if self.path else ""
        return (name.removeprefix("depot-").removesuffix(".sqlite")
                if name.startswith("depot-") and name.endswith(".sqlite") else "CODE")

    def describe(self) -> str:
        where = f"the store {self.path}" if self.path else "the store"
        why = f" ({self.detail})" if self.detail else ""
        restore = (f"restore it from the centre with 'cpdesk setup --depot {self.depot} --central "
                   "URL' "
                   "(the damaged file is kept aside; the depot's history comes back at the "
                   "first sync)")
        if self.kind == "full":
            return (f"the disk holding {where} is full{why}: the last action was not saved. "
                    "Free some space, then do it again")
        if self.kind == "unreadable":
            return (f"{where} cannot be read or written{why}: check the folder's permissions "
                    "and the disk")
        if self.kind == "empty":
            return f"{where} is empty ({self.detail or '0 bytes'}), its data is gone: {restore}"
        if self.kind == "not_sqlite":
            return f"{where} is not a cpdesk database (damaged or overwritten){why}: {restore}"
        return f"{where} is damaged{why}: stop using it and {restore}"
