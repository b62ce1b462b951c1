"""Distinct sounds for accepted and refused scans; silent (never crashing) without audio."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from cpdesk import resources


class Sounds(QObject):
    """`accepted()` / `refused()`; `played` keeps what was asked for (tests, diagnostics)."""

    def __init__(self, parent: QObject | None = None, *, enabled: bool = True,
                 load: bool = True) -> None:
        super().__init__(parent)
        self.played: list[str] = []
        self._effects: dict[str, object] = {}
        self._enabled, self._loaded = enabled, False
        if load:
            self.load()

    def load(self) -> None:
        """Qt Multimedia and the two sounds (the app calls this after its first frame; the
        first sound played loads them otherwise)."""
        if self._loaded or not self._enabled:
            return
        self._loaded = True
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:  # a Qt without multimedia: fall back to the system beep
            return
        from PySide6.QtCore import QUrl  # with the sounds, after the first frame

        for name in ("accepted", "refused"):
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(resources.sound(name))))
            effect.setVolume(0.9)
            self._effects[name] = effect

    def accepted(self) -> None:
        self._play("accepted")

    def refused(self) -> None:
        self._play("refused")

    def _play(self, name: str) -> None:
        self.played.append(name)
        self.load()
        effect = self._effects.get(name)
        try:
            if effect is not None:
                effect.play()  # type: ignore[attr-defined]
            else:
                QApplication.beep()
        except RuntimeError:  # no audio device (offscreen CI): a silent depot PC still works
            pass
