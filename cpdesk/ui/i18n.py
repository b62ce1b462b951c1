"""Languages: French by default, Dutch, German and English, switchable while running.

Compiled translations (`cpdesk_fr.qm`, ...) are found by `cpdesk.resources` (their sources are
`resources/i18n/*.ts`); English is the source language and needs no file. Switching installs
a new QTranslator: Qt sends every widget a LanguageChange event and each screen re-translates
itself (`retranslateUi`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTranslator

from cpdesk import formats, resources

LANGUAGES: tuple[tuple[str, str], ...] = (
    ("fr", "Français"), ("nl", "Nederlands"), ("de", "Deutsch"), ("en", "English"))


class Translations(QObject):
    """Owns the application's current translator (one per app, kept by the composition root)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.language = "en"
        self._translator: QTranslator | None = None

    def set_language(self, code: str) -> bool:
        """Install `code`'s translation (False when there is no such file; English then)."""
        app = QCoreApplication.instance()
        if app is None:
            return False
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        self.language = "en"
        if code == "en":
            self._deliver(app)
            return True
        translator = QTranslator(self)
        if not translator.load(str(resources.translation(code))):
            return False
        app.installTranslator(translator)
        self._translator = translator
        self.language = code
        self._deliver(app)
        return True

    @staticmethod
    def _deliver(app: QCoreApplication) -> None:
        """Re-translate now rather than at the next event loop turn (Qt posts LanguageChange)."""
        app.sendPostedEvents(None, QEvent.Type.LanguageChange)


def counted(text: str, n: int) -> str:
    """A `tr(..., n)` text with `%n` forms, made right in English too: English is the source
    language and has no translation file, so Qt leaves its "(s)" as written."""
    return text.replace("(s)", "" if n == 1 else "s")


def locale_name() -> str:
    """The Babel locale of the language on screen ("fr_BE", ...). Each .ts file translates this
    one text to its own locale, so the installed translation says it: no second record of the
    current language to keep in step with the translator."""
    return QCoreApplication.translate(
        "Formats",
        "en_BE",
        "the locale of this language for money and dates: fr_BE, nl_BE or de_BE")


def money_text(cents: int) -> str:
    """Euros in the screen's language ('12,34 €' in French, '€ 12,34' in Dutch)."""
    return formats.money(cents, locale_name())


def weight_text(weight_g: int) -> str:
    """A weight in kg with three decimals in the screen's language ('1,234 kg')."""
    return formats.weight_kg(weight_g, locale_name())


def grams_text(weight_g: int | Decimal, *, signed: bool = False) -> str:
    """Grams in the screen's language, with the digits given ('1 234,00 g', '+12 g')."""
    return formats.grams(weight_g, locale_name(), signed=signed)


def percent_text(pct: int) -> str:
    """A percentage in the screen's language ('5 %' in French, '5%' in Dutch)."""
    return formats.percent(pct, locale_name())


def day_text(value: dt.date) -> str:
    """A date in figures in the screen's language ('26/11/2026', '26.11.2026' in German)."""
    return formats.day_numeric(value, locale_name())
