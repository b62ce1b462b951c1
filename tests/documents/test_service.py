"""The documents a screen prints on demand, read through `DocumentService` (each call in a
session of its own, as the board's print menu runs it off the GUI thread)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk import documents as docs
from cpdesk.documents.service import DocumentService
from cpdesk.errors import NotFound
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import open_store

from .conftest import pdf_text


def test_delivery_note_and_crate_labels_as_pdf_and_a_typed_refusal(demo_dir: Path) -> None:
    engine = open_store(paths.central_path(demo_dir))
    try:
        service = DocumentService(engine, "HES")
        with Session(engine) as s:
            numbers = list(s.scalars(select(m.Order.number).order_by(m.Order.number)))
            with_crates = next(n for n in numbers if docs.crates_of_order(s, n, "HES"))
            without = next(n for n in numbers if not docs.crates_of_order(s, n, "HES"))
            crates = len(docs.crates_of_order(s, with_crates, "HES"))
        note = service.delivery_note(with_crates, "nl")
        assert note.startswith(b"%PDF") and with_crates in pdf_text(note)
        labels = service.crate_labels(with_crates, "fr")
        assert pdf_text(labels).count(with_crates) >= crates
        with pytest.raises(NotFound) as refused:
            service.crate_labels(without, "fr")
        assert refused.value.code == "documents.no_crates"
        assert refused.value.values == {"order": without, "depot": "HES"}
    finally:
        engine.dispose()
