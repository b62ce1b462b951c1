"""The documents a screen prints on demand (the board's print menu): each one gathered in a
session of its own and rendered to PDF bytes. Call it off the GUI thread; the screen shows
the result (and words a refusal) itself. Made with the board, it loads the renderers
(reportlab) only when a document is first asked for."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from cpdesk import documents as docs
from cpdesk.errors import NotFound


class DocumentService:
    """The depot's documents as PDF bytes, in the language asked (`lang`)."""

    def __init__(self, engine: Engine, depot: str) -> None:
        self.engine = engine
        self.depot = depot

    def delivery_note(self, number: str, lang: str) -> bytes:
        with Session(self.engine) as s:
            return docs.render_delivery_note(docs.delivery_note_data(s, number, lang=lang))

    def crate_labels(self, number: str, lang: str) -> bytes:
        """Every crate of the order packed at this depot, one label per page."""
        with Session(self.engine) as s:
            codes = docs.crates_of_order(s, number, self.depot)
            if not codes:
                raise NotFound(code="documents.no_crates", order=number, depot=self.depot)
            return docs.label_pdf([docs.label_data(s, c, lang=lang) for c in codes])

    def manifest(self, round_code: str, lang: str) -> bytes:
        with Session(self.engine) as s:
            return docs.render_manifest(docs.manifest_data(s, round_code, lang=lang))

    def picklist(self, day: dt.date, lang: str, round_code: str | None = None) -> bytes:
        """The day's pick list at this depot, or one round's."""
        with Session(self.engine) as s:
            return docs.render_picklist(docs.picklist_data(s, day, depot_code=self.depot,
                                                 round_ref=round_code, lang=lang))
