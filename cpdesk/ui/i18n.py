"""Languages: French by default, Dutch, German and English, switchable while running.

Compiled translations (`cpdesk_fr.qm`, ...) are found by `cpdesk.resources` (their sources are
`resources/i18n/*.ts`); English is the source language and needs no file. Switching installs
a new QTranslator: Qt sends every widget a LanguageChange event and each screen re-translates
itself (`retranslateUi`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTranslator

from cpdesk import resources

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
