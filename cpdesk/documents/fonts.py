"""Fonts for PDF documents: DejaVu Sans when installed (every Latin accent, œ, ß, €), else
reportlab's built-in Helvetica (WinAnsi: Latin-1 plus € and œ, but not ł, ș, ğ...).

The bundle (deploy/build.py) ships the DejaVu files (`cpdesk.resources.fonts()`), looked at
first: a Windows PC, which has no DejaVu, prints the same documents as a Linux one.

The crate label's face (DejaVu Sans Condensed, regular and bold) is embedded as a subset
in every label PDF. Making that subset (reading the glyphs out of the TrueType file,
compressing them) cost more than drawing the whole label, so the label fonts start each
document with the same characters (`LABEL_CHARACTERS`: ASCII and the accents of the
languages a depot meets) and keep the compressed subset they made for the next label
(`SubsetCachingFont`). A label with a character outside that set still prints right: its
subset is made for it, as before.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    TTFontFace,
    makeToUnicodeCMap,
)

from cpdesk import resources

DEJAVU_DIRS = (resources.fonts(), Path("/usr/share/fonts/truetype/dejavu"),
               Path("/usr/share/fonts/dejavu"), Path("C:/Windows/Fonts"))
_FILES = {"CPSans": "DejaVuSans.ttf", "CPSans-Bold": "DejaVuSans-Bold.ttf",
          "CPMono": "DejaVuSansMono.ttf", "CPMono-Bold": "DejaVuSansMono-Bold.ttf",
          "CPCond": "DejaVuSansCondensed.ttf", "CPCond-Bold": "DejaVuSansCondensed-Bold.ttf"}
_FALLBACK = {"CPSans": "Helvetica", "CPSans-Bold": "Helvetica-Bold",
             "CPMono": "Courier", "CPMono-Bold": "Courier-Bold",
             "CPCond": "Helvetica", "CPCond-Bold": "Helvetica-Bold"}
_LABEL_FACES = ("CPCond", "CPCond-Bold")

LABEL_CHARACTERS = (
    "".join(chr(c) for c in range(0xA1, 0x100) if c != 0xAD)  # Latin-1: é, ç, ß, ø, ...
    + "ŒœŠšŽžŸ€–—‘’‚“”„•…‹›™"  # the rest of Windows-1252
    + "ŁłŚśŹźŻżĄąĘęŃńĆćČčŘřĚěŮůŐőŰűȘșȚțĂăĞğŞşİı"  # Polish, Czech, Hungarian, ...
)
"""The characters every label PDF's font subset holds, in this order (at most 159 with
ASCII, so that the subset stays one 256-code font)."""


class _SubsetCachingFace(TTFontFace):
    """A TrueType face that keeps the subsets it embedded (made and compressed), by their
    characters."""

    KEEP = 32  # subsets kept per face; the oldest goes first
    _made: dict[tuple[int, ...], tuple[bytes, bytes]]

    def addSubsetObjects(self, doc: Any, fontname: str, subset: list[int]) -> Any:  # noqa: N802
        """reportlab's own (ttfonts.TTFontFace.addSubsetObjects), with the subset made and
        compressed once: the stream names its filter, so reportlab does not compress it
        again."""
        key = tuple(subset)
        made = self._made.get(key)
        if made is None:
            raw = self.makeSubset(subset)
            made = (raw, pdfdoc.PDFZCompress.encode(raw))
            if len(self._made) >= self.KEEP:
                self._made.pop(next(iter(self._made)))
            self._made[key] = made
        raw, compressed = made
        font_file = _stream(doc, raw, compressed)
        font_file.dictionary["Length1"] = len(raw)
        font_file_ref = doc.Reference(font_file, f"fontFile:{self.filename}({fontname})")
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor",
            "Ascent": self.ascent,
            "CapHeight": self.capHeight,
            "Descent": self.descent,
            "Flags": (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(self.bbox),
            "FontName": pdfdoc.PDFName(fontname),
            "ItalicAngle": self.italicAngle,
            "StemV": self.stemV,
            "FontFile2": font_file_ref,
            "MissingWidth": self.defaultWidth,
        })
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)


def _stream(doc: Any, raw: bytes, compressed: bytes) -> Any:
    """A PDF stream of bytes made ahead of time, compressed when the document is."""
    stream = pdfdoc.PDFStream()
    if doc.compression:
        stream.content = compressed
        stream.dictionary["Filter"] = pdfdoc.PDFArray(
            [pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
    else:
        stream.content = raw
    return stream


class _Formatted(pdfdoc.PDFObject):
    """A PDF value formatted before: written out as it is."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


class _Doc:
    """A document stand-in: fonts keep their per-document state by document."""


class SubsetCachingFont(TTFont):
    """A TrueType font whose subsets are made once per process (see the module's text)."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self.face.__class__ = _SubsetCachingFace  # the same face, its subsets now kept
        self.face._made = {}  # type: ignore[attr-defined]
        self._parts: dict[tuple[str, tuple[int, ...]], tuple[bytes, bytes, bytes]] = {}
        self._start: tuple[dict[int, int], list[list[int]], int] | None = None

    def addObjects(self, doc: Any) -> None:  # noqa: N802 (reportlab's name)
        """reportlab's own (ttfonts.TTFont.addObjects) with each subset's widths and its
        ToUnicode map formatted once: they depend on the subset's characters only."""
        state = self._assignState(doc)
        state.frozen = 1
        face = self.face
        for n, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(n, doc)[1:]
            base = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            key = (base, tuple(subset))
            parts = self._parts.get(key)
            if parts is None:
                widths = pdfdoc.PDFArray([face.getCharWidth(c) for c in subset]).format(doc)
                cmap = makeToUnicodeCMap(base, subset).encode("latin-1")
                parts = (widths, cmap, pdfdoc.PDFZCompress.encode(cmap))
                if len(self._parts) >= _SubsetCachingFace.KEEP:
                    self._parts.pop(next(iter(self._parts)))
                self._parts[key] = parts
            widths, cmap, cmap_compressed = parts
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
            pdf_font.Name = internal
            pdf_font.BaseFont = base
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = _Formatted(widths)
            stream = _stream(doc, cmap, cmap_compressed)
            pdf_font.ToUnicode = doc.Reference(stream, "toUnicodeCMap:" + base)
            pdf_font.FontDescriptor = face.addSubsetObjects(doc, base, subset)
            doc.Reference(pdf_font, internal)
            doc.idToObject["BasicFonts"].dict[internal] = pdf_font
        del self.state[doc]

    def start_document(self, doc: Any) -> None:
        """Give `doc`'s subset of this font the label characters, in a fixed order (copied
        from a first document's state: assigning 155 characters costs more than copying)."""
        if self._start is None:
            first = _Doc()
            self.splitString(LABEL_CHARACTERS, first)
            done = self.state.pop(first)
            self._start = (dict(done.assignments), [list(s) for s in done.subsets],
                           done.nextCode)
        assignments, subsets, next_code = self._start
        state = self._assignState(doc)
        state.assignments = dict(assignments)
        state.subsets = [list(s) for s in subsets]
        state.nextCode = next_code


@cache
def font(name: str) -> str:
    """The registered font name to use for `name` (CPSans, CPSans-Bold, CPMono, CPMono-Bold)."""
    for folder in DEJAVU_DIRS:
        path = folder / _FILES[name]
        if path.exists():
            kind = SubsetCachingFont if name in _LABEL_FACES else TTFont
            pdfmetrics.registerFont(kind(name, str(path)))
            return name
    return _FALLBACK[name]


def start_label_document(doc: Any) -> None:
    """Before drawing labels into `doc` (a canvas's `_doc`): their fonts' subsets start
    with the same characters in every document, so the subset made once is used again."""
    for name in _LABEL_FACES:
        registered = pdfmetrics.getFont(font(name))
        if isinstance(registered, SubsetCachingFont):
            registered.start_document(doc)


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
