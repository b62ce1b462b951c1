"""Fonts for PDF documents: DejaVu Sans when installed (every Latin accent, œ, ß, €), else
reportlab's built-in Helvetica (WinAnsi: Latin-1 plus € and œ, but not ł, ș, ğ...).

The bundle (deploy/build.py) ships the DejaVu files (`cpdesk.resources.fonts()`), looked at
first: a Windows PC, which has no DejaVu, prints the same documents as a Linux one."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from cpdesk import resources

DEJAVU_DIRS = (resources.fonts(), Path("/usr/share/fonts/truetype/dejavu"),
               Path("/usr/share/fonts/dejavu"), Path("C:/Windows/Fonts"))
_FILES = {"CPSans": "DejaVuSans.ttf", "CPSans-Bold": "DejaVuSans-Bold.ttf",
          "CPMono": "DejaVuSansMono.ttf", "CPMono-Bold": "DejaVuSansMono-Bold.ttf",
          "CPCond": "DejaVuSansCondensed.ttf", "CPCond-Bold": "DejaVuSansCondensed-Bold.ttf"}
_FALLBACK = {"CPSans": "Helvetica", "CPSans-Bold": "Helvetica-Bold",
             "CPMono": "Courier", "CPMono-Bold": "Courier-Bold",
             "CPCond": "Helvetica", "CPCond-Bold": "Helvetica-Bold"}


@cache
def font(name: str) -> str:
    """The registered font name to use for `name` (CPSans, CPSans-Bold, CPMono, CPMono-Bold)."""
    for folder in DEJAVU_DIRS:
        path = folder / _FILES[name]
        if path.exists():
            pdfmetrics.registerFont(TTFont(name, str(path)))
            return name
    return _FALLBACK[name]


def sans(bold: bool = False) -> str:
    return font("CPSans-Bold" if bold else "CPSans")


def mono(bold: bool = False) -> str:
    return font("CPMono-Bold" if bold else "CPMono")


def condensed(bold: bool = False) -> str:
    """The label face: condensed like a thermal printer's font 0, so big type fits."""
    return font("CPCond-Bold" if bold else "CPCond")


def text_width_mm(text: str, size_mm: float, bold: bool = False) -> float:
    """Width of `text` set in the label face at an em height of `size_mm`."""
    return pdfmetrics.stringWidth(text, condensed(bold), 100.0) * size_mm / 100.0
