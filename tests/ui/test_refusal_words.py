"""A refusal a service gives reaches a French screen in French: every code has its French
words, and the real widgets (counter, loading, dashboard, first start, hardware settings)
show them instead of the English of the command line."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk.errors import ENGLISH, CpdeskError, english
from cpdesk.loading.service import ScanStatus
from cpdesk.store import models as m
from cpdesk.ui import refusals
from cpdesk.ui.i18n import Translations

from ..test_errors import VALUES
from .test_loading_screen import make as make_loading


@pytest.fixture
def french(qapp):
    translations = Translations()
    assert translations.set_language("fr")
    QCoreApplication.processEvents()
    yield translations
    translations.set_language("en")


def test_every_refusal_code_has_french_words_unlike_the_english(french) -> None:
    assert refusals.codes() == set(ENGLISH)
    same = []
    for code in sorted(ENGLISH):
        french_text = refusals.text_for(code, VALUES)
        assert french_text and "{" not in french_text, code
        if french_text.casefold() == english(code, VALUES).casefold():
            same.append(code)
    assert same == []
    # plural forms come from the translation, not from "(s)"
    assert refusals.text_for("loading.departure_incomplete", dict(missing=1, packing=2)) == (
        "1 caisse manquante et 2 commandes encore en préparation\u00a0: un superviseur doit "
        "confirmer le départ")


def test_a_counter_refusal_is_shown_in_french(qtbot, counter, french) -> None:
    counter.tabs.setCurrentWidget(counter.register)
    counter.register.move_amount.setText("5,00")
    counter.register.move_reason.setText("   ")  # no reason given
    counter.message.clear()
    counter.register.cash_move(+1)
    qtbot.waitUntil(lambda: bool(counter.message.text()), timeout=30_000)
    assert counter.message.text() == "Un mouvement de caisse demande un motif"
    counter.message.clear()
    counter.read(lambda: counter.service.sold_receipt(999_999), lambda _r: None)
    qtbot.waitUntil(lambda: bool(counter.message.text()), timeout=30_000)
    shown = counter.message.text()
    assert shown == refusals.text_for("counter.no_receipt", dict(receipt=999999,
                                                                 register="HES-1"))
    assert shown != english("counter.no_receipt", dict(receipt=999999, register="HES-1"))


def test_loading_refusals_are_shown_in_french(qtbot, demo_dir, french) -> None:
    ctx, devices, widget = make_loading(qtbot, demo_dir)
    with qtbot.waitSignal(widget.sig_scan_result, timeout=30_000) as got:
        devices.scan("CR0000000000")
    assert got.args[0].status is ScanStatus.REFUSED
    assert widget.banner.text() == "Caisse inconnue CR0000000000"
    with Session(ctx.engine) as s:
        foreign = s.scalars(select(m.Crate.code).join(m.Order).join(m.Stop)
                            .where(m.Stop.round_id != widget.plan.id)).first()
    with qtbot.waitSignal(widget.sig_scan_result, timeout=30_000):
        devices.scan(foreign)
    assert widget.banner.text().startswith(f"La caisse {foreign} est pour la tournée ")
    widget.depart_button.click()
    qtbot.waitUntil(widget.override.isVisible, timeout=30_000)
    assert widget.override_text.text().endswith(": un superviseur doit confirmer le départ")
    widget.pin.setText("1001")  # a packer's PIN: checked by the service
    widget.confirm.click()
    qtbot.waitUntil(lambda: widget.override_text.text() == refusals.text_for(
        "loading.not_a_supervisor", {}), timeout=30_000)
    assert "supervisor" not in widget.override_text.text()


def test_the_centres_refusal_reasons_are_worded_on_the_dashboard(qtbot, french) -> None:
    import datetime as dt
    import uuid

    from cpdesk.sync.outbox import Refusal
    from cpdesk.ui.board.dashboard import DashboardStrip

    at = dt.datetime(2026, 11, 26, 7, 0, tzinfo=dt.UTC)
    strip = DashboardStrip()
    qtbot.addWidget(strip)
    reasons = ["FOREIGN KEY constraint failed",
               'duplicate key value violates unique constraint "sale_pkey"',
               'new row violates row-level security policy for table "pack_event"',
               "something nobody foresaw"]
    strip.set_refusals(4, tuple(Refusal(uuid.uuid4(), "pack_event", r, at, at, "CP-1")
                                for r in reasons))
    tip = strip.refused_label.toolTip()
    for reason in reasons:
        assert reason not in tip
    assert "il renvoie à quelque chose que le central n'a pas" in tip
    assert "le central l'a déjà" in tip and "ce dépôt n'a pas le droit" in tip
    assert "le central n'a pas pu l'enregistrer" in tip


def test_first_start_and_hardware_settings_word_their_refusals(qtbot, tmp_path, french) -> None:
    from cpdesk.sync.first_start import FirstStartService
    from cpdesk.ui.first_start.screen import FirstStartWidget
    from cpdesk.ui.hardware.settings import HardwareSettingsDialog

    first = FirstStartWidget(FirstStartService(tmp_path))
    qtbot.addWidget(first)
    for pasted, expected in (
            ('{"depot": "HES"}', refusals.text_for("credentials.incomplete", {})),
            ('{"depot": "CAR", "url": "postgresql://u:p@h/db"}',
             "Ces identifiants sont ceux du dépôt CAR, pas de HES"),
            ("{not json", "Les identifiants collés ne sont pas du JSON valide")):
        first.depot.setText("HES")
        first.pasted.setPlainText(pasted)
        first.test_connection()
        assert first.check_label.text().startswith(expected), first.check_label.text()
    with pytest.raises(CpdeskError) as refused:  # the command line keeps its English
        first.credentials()
    assert str(refused.value).startswith("the pasted credentials are not valid JSON")

    dialog = HardwareSettingsDialog()
    qtbot.addWidget(dialog)
    dialog.protocol.setCurrentText("regex")
    dialog.pattern.setText("")
    dialog.start_scale()
    assert dialog.status.text() == ("Le protocole regex demande un motif de réponse (et souvent "
                                    "une requête)")
    dialog.pattern.setText("(unclosed")
    dialog.start_scale()
    assert dialog.status.text().startswith(
        "Le motif de réponse n'est pas une expression régulière valide (")


def test_the_scanners_page_words_what_it_read_and_its_refusals(qtbot, french) -> None:
    from cpdesk.station import ScannerSettings, StationConfig
    from cpdesk.ui.hardware.settings import HardwareSettingsDialog

    dialog = HardwareSettingsDialog(station=StationConfig(scanners=[
        ScannerSettings(kind="serial", port="/dev/ttyACM0")]))
    qtbot.addWidget(dialog)
    page = dialog.scanners_page
    assert page.code_words("]E05400141007121") == \
        "code-barres produit 5400141007121 (symbologie ]E0)"
    assert page.code_words("CP-261130-0018") == "bon de commande"
    assert page.code_words("5400141007128") == refusals.text_for("packing.bad_check_digit", {})
    assert page.code_words("hello") == "code que l'application ne connaît pas"
    page.add_button.click()  # a second serial scanner, its port not chosen yet
    dialog.save_button.click()
    assert dialog.saved.text() == ("Non enregistré\u00a0: le scanner série 2 n'a pas de "
                                   "port\u00a0: choisissez-en un ou retirez-le")


def test_the_hardware_dialog_words_readings_and_printer_reports(qtbot, french) -> None:
    from decimal import Decimal

    from cpdesk.hardware.scales import Reading
    from cpdesk.ui.hardware.settings import HardwareSettingsDialog

    dialog = HardwareSettingsDialog()
    qtbot.addWidget(dialog)
    assert dialog.reading_words(Reading(Decimal(1250), "g", False)) == \
        "1\u202f250\u00a0g brut instable"
    # the digits the scale sent, with the decimal comma of a French screen
    assert dialog.reading_words(Reading(Decimal("1234.00"), "g", True)) == \
        "1\u202f234,00\u00a0g brut stable"
    assert dialog.reading_words(Reading(None, "g", False, overload=True)) == "surcharge"
    dialog._on_printed({"ok": True, "paper": "near end", "warning": "paper near end"})
    assert dialog.print_result.text() == ("imprimée (papier\u00a0: presque fini) — "
                                          "papier presque fini")
    dialog._on_printed({"ok": False, "error": "paper out"})
    shown = dialog.print_result.text()
    assert shown.startswith(QCoreApplication.translate(
        "HardwareSettingsDialog", "failed: {0}").format("")) and "paper" not in shown
