"""A4 documents (delivery note, van manifest, pick list) with reportlab's platypus.

Long texts wrap inside their cells (Paragraph), tables split across pages with their header
row repeated, and every page carries "Page n / N" in its footer.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .fonts import sans
from .output import deliver

MARGIN = 15 * mm
FRAME_W = A4[0] - 2 * MARGIN - 12  # platypus frames pad 6 pt on each side
GRID = colors.Color(0.55, 0.55, 0.55)
HEAD_BG = colors.Color(0.88, 0.88, 0.88)
ZEBRA = colors.Color(0.965, 0.965, 0.965)


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=sans(), fontSize=8.5, leading=10.5)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7, leading=8.5,
                                textColor=colors.Color(0.25, 0.25, 0.25)),
        "bold": ParagraphStyle("bold", parent=base, fontName=sans(True)),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "bold_right": ParagraphStyle("bold_right", parent=base, fontName=sans(True),
                                     alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=sans(True), fontSize=8,
                               leading=9.5),
        "head_right": ParagraphStyle("head_right", parent=base, fontName=sans(True),
                                     fontSize=8, leading=9.5, alignment=TA_RIGHT),
        "head_small": ParagraphStyle("head_small", parent=base, fontName=sans(True),
                                     fontSize=7, leading=8.5),
        "head_small_right": ParagraphStyle("head_small_right", parent=base,
                                           fontName=sans(True), fontSize=7, leading=8.5,
                                           alignment=TA_RIGHT),
        "title": ParagraphStyle("title", parent=base, fontName=sans(True), fontSize=17,
                                leading=21),
        "h2": ParagraphStyle("h2", parent=base, fontName=sans(True), fontSize=11.5,
                             leading=15, spaceBefore=8, spaceAfter=3),
        "big_right": ParagraphStyle("big_right", parent=base, fontName=sans(True), fontSize=11,
                                    leading=13, alignment=TA_RIGHT),
        "big": ParagraphStyle("big", parent=base, fontName=sans(True), fontSize=12,
                              leading=15),
    }


def P(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped), line breaks kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def Pm(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph whose caller escaped the text and added <b>/<font> markup."""
    return Paragraph(markup, style)


class CheckBox(Flowable):
    """An empty square to tick with a pen."""

    def __init__(self, side: float = 3.2 * mm) -> None:
        super().__init__()
        self.side = side

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.side, self.side

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.side, self.side, stroke=1, fill=0)


def table(rows: list[list[Any]], widths_mm: Sequence[float], *, header_rows: int = 1,
          extra: Sequence[tuple[Any, ...]] = (), zebra: bool = True, fill: bool = True) -> Table:
    """A table whose column widths (mm) are stretched to the frame unless `fill` is False."""
    scale = FRAME_W / (sum(widths_mm) * mm) if fill else 1.0
    t = Table(rows, colWidths=[w * mm * scale for w in widths_mm], repeatRows=header_rows,
              hAlign="LEFT")
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), sans(), 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, header_rows - 1), 0.8, colors.black),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if zebra:
        for r in range(header_rows, len(rows)):
            if (r - header_rows) % 2 == 1:
                style.append(("BACKGROUND", (0, r), (-1, r), ZEBRA))
    style.extend(extra)
    t.setStyle(TableStyle(style))
    return t


def spacer(h_mm: float) -> Spacer:
    return Spacer(1, h_mm * mm)


def build(story: list[Flowable], *, title: str, footer: str, page_word: str,
          out: str | Path | io.BytesIO | None = None,
          first_page: Callable[[Canvas], None] | None = None) -> bytes:
    """Lay out `story` on A4 pages with a footer "<footer> · Page n / N"; return the PDF."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN + 4 * mm, title=title,
                            author=footer)

    class NumberedCanvas(Canvas):
        """Keeps each page's state until the end, to print the page count on every page."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for n, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(sans(), 7.5)
                self.setFillGray(0.3)
                self.drawString(MARGIN, MARGIN - 2 * mm, footer)
                self.drawRightString(A4[0] - MARGIN, MARGIN - 2 * mm,
                                     f"{page_word} {n} / {total}")
                super().showPage()
            super().save()

    doc.build(story, canvasmaker=NumberedCanvas)
    return deliver(buf.getvalue(), out)
