"""The assistant's "Open the credentials file…": the JSON of `central add-depot --json` read
from its file fills the pasted credentials; a file it cannot read is said in the user's
language (not Python's "[Errno 2] ...")."""

from __future__ import annotations

import json

import pytest

from cpdesk.sync.first_start import FirstStartService, parse_credentials
from cpdesk.ui.first_start.screen import FirstStartWidget
from cpdesk.ui.i18n import Translations

pytestmark = pytest.mark.gui


def test_the_credentials_file_fills_the_form_and_a_bad_one_is_said(qtbot, tmp_path) -> None:
    translations = Translations()
    translations.set_language("fr")
    try:
        widget = FirstStartWidget(FirstStartService(tmp_path / "station"))
        qtbot.addWidget(widget)
        given = {"depot": "CAR", "url": "postgresql+psycopg://cpd_car:pw@centre/cpdesk",
                 "pin_pepper": "cd" * 32}
        (tmp_path / "car.json").write_text(json.dumps(given), encoding="utf-8")
        widget.load_file(tmp_path / "car.json")
        assert parse_credentials(widget.pasted.toPlainText()).depot == "CAR"
        widget.load_file(tmp_path / "missing.json")
        said = widget.check_label.text()
        assert "missing.json" in said and "fichier" in said and "Errno" not in said
        (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
        widget.load_file(tmp_path / "binary.json")
        assert "Errno" not in widget.check_label.text() and "codec" not in widget.check_label.text()
        assert parse_credentials(widget.pasted.toPlainText()).depot == "CAR"  # kept
    finally:
        translations.set_language("en")
