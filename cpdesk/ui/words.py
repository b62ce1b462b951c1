"""Words of the domain's values in the user's language, defined once for every screen."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def zone_label(zone: str) -> str:
    """A temperature zone as a word inside a sentence ("3 frais crates" reads "caisses
    frais"); an unknown zone as it is."""
    return {
        "ambient": QCoreApplication.translate("Zone", "ambient"),
        "chilled": QCoreApplication.translate("Zone", "chilled"),
        "frozen": QCoreApplication.translate("Zone", "frozen"),
    }.get(zone, zone)


def zone_title(zone: str) -> str:
    """A temperature zone as a heading or a column's value: the word, capitalised."""
    word = zone_label(zone)
    return word[:1].upper() + word[1:]
