"""Crate label as PDF through reportlab, drawn from the same layout as the ZPL label."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from reportlab.graphics.barcode.code128 import Code128 as RLCode128
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from .fonts import condensed, start_label_document
from .label_layout import DEFAULT_SIZE, Box, Code128, Element, LabelSize, Text
from .output import deliver

# Baseline offset below the top of the em box (DejaVu/Helvetica ascender ~0.76-0.78 em,
# capitals sit a little lower): keeps capitals visually centred like ZPL's cell.
ASCENT = 0.76


def draw_elements(canvas: Canvas, elements: Sequence[Element], size: LabelSize,
                  *, x0: float = 0.0, y0: float = 0.0) -> None:
    """Draw the label with its bottom-left corner at (x0, y0) points."""
    H = size.height_mm

    def X(v: float) -> float:
        return x0 + v * mm

    def Y(v: float) -> float:  # layout y (top-down, mm) → PDF y (bottom-up, points)
        return y0 + (H - v) * mm

    for el in elements:
        if isinstance(el, Box):
            canvas.setFillGray(0)
            canvas.setStrokeGray(0)
            if el.border == 0:
                canvas.rect(X(el.x), Y(el.y + el.h), el.w * mm, el.h * mm, stroke=0, fill=1)
            else:  # a frame drawn inside the box, like ZPL's ^GB
                b = el.border
                canvas.setLineWidth(b * mm)
                canvas.rect(X(el.x + b / 2), Y(el.y + el.h - b / 2), (el.w - b) * mm,
                            (el.h - b) * mm, stroke=1, fill=0)
        elif isinstance(el, Text):
            canvas.setFillGray(1 if el.inverse else 0)
            canvas.setFont(condensed(el.bold), el.size * mm)
            top = el.y + (el.h - el.size) / 2
            base = Y(top + el.size * ASCENT)
            if el.align == "C":
                canvas.drawCentredString(X(el.x + el.w / 2), base, el.text)
            elif el.align == "R":
                canvas.drawRightString(X(el.x + el.w), base, el.text)
            else:
                canvas.drawString(X(el.x), base, el.text)
        elif isinstance(el, Code128):
            canvas.setFillGray(0)
            bars = code128_bars(el.data)
            module = el.module * mm
            width = bars[-1][0] + bars[-1][1]  # modules
            left = X(el.x) + max(0.0, (el.w * mm - width * module) / 2)
            bottom, height = Y(el.y + el.h), el.h * mm
            path = canvas.beginPath()  # every bar in one path, filled once
            for start, w in bars:
                path.rect(left + start * module, bottom, w * module, height)
            canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFillGray(0)


@lru_cache(maxsize=256)
def code128_bars(data: str) -> tuple[tuple[int, int], ...]:
    """The bars of `data` in Code 128 as (start, width) in modules, from reportlab's encoder
    (start code, check character and stop included; no quiet zone)."""
    symbol = RLCode128(data, quiet=False, humanReadable=False)
    symbol.validate()
    symbol.encode()
    bars, left = [], 0
    for c in symbol.decompose():  # letters: a-d spaces, A-D bars, 1 to 4 modules wide
        if c.islower():
            left += ord(c) - ord("a") + 1
        elif c.isupper():
            w = ord(c) - ord("A") + 1
            bars.append((left, w))
            left += w
    return tuple(bars)


def render_pdf(pages: Sequence[Sequence[Element]], size: LabelSize = DEFAULT_SIZE,
               out: str | Path | io.BytesIO | None = None) -> bytes:
    """One label per page; returns the PDF bytes (and writes them to `out` if given)."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(size.width_mm * mm, size.height_mm * mm), pageCompression=1)
    canvas.setTitle("Crate labels")
    start_label_document(canvas._doc)
    for elements in pages:
        draw_elements(canvas, elements, size)
        canvas.showPage()
    canvas.save()
    return deliver(buf.getvalue(), out)
