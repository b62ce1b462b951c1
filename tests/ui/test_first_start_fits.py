"""The first-start assistant, at the size `cpdesk run` opens it (FIRST_START_SIZE), with the longest
reason it can give: in French and German every button is whole (the three lines of a
reason once pushed the form's buttons over each other)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton

from cpdesk.errors import CpdeskError
from cpdesk.sync.first_start import FirstStartService
from cpdesk.ui.app import FIRST_START_SIZE
from cpdesk.ui.first_start.screen import FirstStartWidget
from cpdesk.ui.i18n import Translations
from cpdesk.ui.refusals import refusal_text

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_assistant_fits_its_window_with_a_long_reason(qtbot, tmp_path, language) -> None:
    translations = Translations()
    translations.set_language(language)
    try:
        widget = FirstStartWidget(FirstStartService(tmp_path / "station"))
        qtbot.addWidget(widget)
        widget.resize(FIRST_START_SIZE)
        widget.show()
        qtbot.waitExposed(widget)
        widget.depot.setText("HES")
        widget.address.setText("127.0.0.1/cpdesk")
        widget.login.setText("cpd_hes")
        widget.test_button.click()  # no PIN key: refused at once, in words
        assert widget.check_label.text() == refusal_text(CpdeskError(code="credentials.no_pepper"))
        qtbot.wait(20)
        assert widget.size() == FIRST_START_SIZE
        inside = QRect(QPoint(0, 0), FIRST_START_SIZE)
        label = QRect(widget.check_label.mapTo(widget, QPoint(0, 0)), widget.check_label.size())
        assert inside.contains(label)
        buttons = [b for b in widget.findChildren(QAbstractButton) if b.isVisible()]
        places = {b.text(): QRect(b.mapTo(widget, QPoint(0, 0)), b.size()) for b in buttons}
        for b in buttons:
            where = places[b.text()]
            assert not [t for t, r in places.items() if t != b.text() and r.intersects(where)], \
                f"{b.text()!r} overlaps another button"
            assert inside.contains(where), b.text()
            assert b.visibleRegion().boundingRect() == b.rect(), f"{b.text()!r} covered"
            assert not where.intersects(label), f"{b.text()!r} under the reason"
    finally:
        translations.set_language("en")
