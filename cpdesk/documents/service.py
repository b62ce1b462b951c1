"""The documents a screen prints on demand (the board's print menu): each one gathered in a
session of its own and rendered to PDF bytes. Call it off the GUI thread; the screen shows
the result (and words a refusal) itself. Made with the board, it loads the renderers
(reportlab) and SQLAlchemy only when a document is first asked for."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cpdesk import documents as docs
from cpdesk.errors import NotFound

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session


class DocumentService:
    """The depot's documents as PDF bytes, in the language asked (`lang`)."""

    def __init__(self, engine: Engine, depot: str) -> None:
        self.engine = engine
        self.depot = depot

    def _session(self) -> Session:
        from sqlalchemy.orm import Session  # with the first document: the board shows first

        return Session(self.engine)

    def delivery_note(self, number: str, lang: str) -> bytes:
        with self._session() as s:
            return docs.render_delivery_note(docs.delivery_note_data(s, number, lang=lang))

    def crate_labels(self, number: str, lang: str) -> bytes:
        """Every crate of the order packed at this depot, one label per page."""
        with self._session() as s:
            codes = docs.crates_of_order(s, number, self.depot)
            if not codes:
                raise NotFound(code="documents.no_crates", order=number, depot=self.depot)
            return docs.label_pdf([docs.label_data(s, c, lang=lang) for c in codes])

    def manifest(self, round_code: str, lang: str) -> bytes:
        with self._session() as s:
            return docs.render_manifest(docs.manifest_data(s, round_code, lang=lang))

    def picklist(self, day: dt.date, lang: str, round_code: str | None = None) -> bytes:
        """The day's pick list at this depot, or one round's."""
        with self._session() as s:
            return docs.render_picklist(docs.picklist_data(s, day, depot_code=self.depot,
                                                 round_ref=round_code, lang=lang))
