"""The crate label's one layout definition: positioned elements in millimetres.

Both backends (ZPL for thermal printers, PDF for any printer) draw exactly these elements,
so the two never drift. Text is fitted here (shrunk, then ellipsised) with the PDF sans
font's metrics; the thermal printer's font 0 is a condensed face, narrower at the same
height, so a text that fits in the PDF fits on the thermal label too.

Origin: top-left corner of the label, y downwards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .data import LabelData
from .fonts import text_width_mm
from .i18n import short_date, tr

ELLIPSIS = "..."  # three dots: printable by every thermal font


@dataclass(frozen=True)
class LabelSize:
    width_mm: float = 100.0
    height_mm: float = 150.0

    @classmethod
    def parse(cls, text: str) -> LabelSize:
        """'100x150' (mm) → LabelSize(100, 150)."""
        try:
            w, h = (float(p) for p in text.lower().replace("mm", "").split("x"))
        except ValueError:
            raise ValueError(f"label size must look like 100x150 (mm), not {text!r}") from None
        if not (40 <= w <= 120 and 40 <= h <= 220):
            raise ValueError(f"label size {text!r} out of range (40-120 × 40-220 mm)")
        return cls(w, h)


DEFAULT_SIZE = LabelSize()


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    w: float
    h: float
    text: str
    size: float  # em height, mm
    bold: bool = False
    align: str = "L"  # L | C | R
    inverse: bool = False  # white on a filled box


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    border: float = 0.0  # 0: filled; else the frame's line thickness in mm


@dataclass(frozen=True)
class Code128:
    x: float
    y: float
    w: float  # the symbol is centred in this width
    h: float
    data: str
    module: float  # narrowest bar, mm


Element = Text | Box | Code128


def fit_text(text: str, size: float, width: float, *, bold: bool,
             min_size: float) -> tuple[str, float]:
    """Shrink `text` down to `min_size` to fit `width`; past that, cut it and add '...'."""
    text = " ".join(text.split())
    measured = text_width_mm(text, size, bold)
    if measured <= width:
        return text, size
    size = max(min_size, size * width / measured * 0.999)
    if text_width_mm(text, size, bold) <= width:
        return text, size
    cut = text
    while cut and text_width_mm(cut.rstrip() + ELLIPSIS, size, bold) > width:
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS, size


def wrap_two_lines(value: str, size: float, width: float, *, bold: bool,
                   min_size: float) -> tuple[list[str], float] | None:
    """Split `value` at a word boundary into two lines that fit at `size` or smaller (down
    to `min_size`, the second line ellipsised last); None when it has a single word."""
    words = " ".join(value.split()).split(" ")
    if len(words) < 2:
        return None
    best: tuple[list[str], float] | None = None
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        if text_width_mm(first, min_size, bold) > width:
            break
        need = max(text_width_mm(first, size, bold), text_width_mm(second, size, bold))
        fsize = max(min_size, min(size, size * width / need * 0.999))
        if best is None or fsize > best[1]:
            best = ([first, second], fsize)
    if best is None:
        return None
    (first, second), fsize = best
    second, _ = fit_text(second, fsize, width, bold=bold, min_size=fsize)
    return [first, second], fsize


def _floor2(size: float) -> float:
    """Sizes rounded down to 0.01 mm, so rounding never makes a fitted text overflow."""
    return math.floor(size * 100) / 100


def text(x: float, y: float, w: float, h: float, value: str, size: float, *, bold: bool = False,
         align: str = "L", inverse: bool = False, min_size: float | None = None) -> Text:
    size = min(size, h)
    fitted, fsize = fit_text(value, size, w, bold=bold, min_size=min_size or size * 0.55)
    return Text(x, y, w, h, fitted, _floor2(fsize), bold, align, inverse)


def crate_counts(data: LabelData) -> str:
    """'HES 1/2 · CAR 1 · Total 3' when the order is packed at several depots, else ''
    (no total while this depot's count is not final)."""
    if not data.other_depots:
        return ""
    parts = [f"{data.depot_code} {data.crate_number}"]
    parts += [f"{code} {n}" for code, n in data.other_depots]
    if not data.count_final:
        return " · ".join(parts)
    total = data.crate_count + sum(n for _, n in data.other_depots)
    return " · ".join(parts) + f" · {tr(data.lang, 'total')} {total}"


def label_layout(data: LabelData, size: LabelSize = DEFAULT_SIZE) -> list[Element]:
    """The elements of one crate label, designed on 100×150 mm and scaled to `size`."""
    sx, sy = size.width_mm / 100.0, size.height_mm / 150.0
    sf = min(sx, sy)  # font scale
    lang = data.lang
    W = size.width_mm
    m = 4.0 * sx
    inner = W - 2 * m
    half = (inner - 4 * sx) / 2
    els: list[Element] = []

    def T(x: float, y: float, w: float, h: float, value: str, fsize: float, **kw: object) -> None:
        els.append(text(x, y * sy, w, h * sy, value, fsize * sf, **kw))  # type: ignore[arg-type]

    zone = data.zone
    if zone == "frozen":  # a heavy frame around the whole label: frozen at a glance
        els.append(Box(0.0, 0.0, W, size.height_mm, border=3.0 * sf))
    T(m, 4, inner * 0.6, 7, data.round_code or "-", 4.5)
    T(m + inner * 0.5, 4, inner * 0.5, 7, short_date(data.delivery_date), 5.5, bold=True,
      align="R")
    T(m, 12, half, 5, tr(lang, "round"), 4.2, align="C")
    T(W - m - half, 12, half, 5, tr(lang, "stop"), 4.2, align="C")
    T(m, 17, half, 34, data.round_letter or "-", 32, bold=True, align="C")
    T(W - m - half, 17, half, 34, str(data.stop_seq) if data.stop_seq else "-", 32, bold=True,
      align="C")
    els.append(Box(W / 2 - 0.4 * sf, 13 * sy, 0.8 * sf, 37 * sy))  # between round and stop
    els.append(Box(m, 53 * sy, inner, 0.8 * sf))
    # The customer: one line when it fits at a good size, else two lines, else cut.
    name_size, two_max = 9 * sf, 5.2 * sf
    one_size = min(name_size, name_size * inner / max(
        text_width_mm(" ".join(data.customer.split()), name_size, True), 1e-6))
    two = (wrap_two_lines(data.customer, two_max, inner, bold=True, min_size=4.2 * sf)
           if one_size < two_max else None)
    if two is not None and two[1] > one_size:
        (first, second), fsize = two
        els.append(Text(m, 56 * sy, inner, 5.5 * sy, first, _floor2(fsize), True))
        els.append(Text(m, 61.5 * sy, inner, 5.5 * sy, second, _floor2(fsize), True))
    else:
        els.append(text(m, 56 * sy, inner, 11 * sy, data.customer, name_size, bold=True,
                        min_size=4.2 * sf))
    T(m, 68, inner, 9, f"{data.postcode} {data.commune}".strip(), 7.5, bold=True,
      min_size=4.5 * sf)
    T(m, 79, inner, 6, f"{tr(lang, 'order')} {data.order_number}", 5)
    T(m, 86, inner, 13, f"{tr(lang, 'crate')} {data.crate_number}", 11,
      bold=True)
    if counts := crate_counts(data):
        T(m, 99, inner, 5, counts, 4.5, bold=True)
    band_y, band_h = 105 * sy, 16 * sy
    word = tr(lang, f"zone.{zone}")
    if zone == "ambient":  # ambient: an open frame, black text
        els.append(Box(m, band_y, inner, band_h, border=1.6 * sf))
        T(m, 105, inner, 16, word, 11, bold=True, align="C")
    else:  # chilled and frozen: a solid band, white text
        els.append(Box(m, band_y, inner, band_h))
        T(m, 105, inner, 16, word, 11, bold=True, align="C", inverse=True)
    els.append(Code128(m, 124 * sy, inner, 13 * sy, data.crate_code, module=0.5 * sf))
    T(m, 138, inner, 4.5, data.crate_code, 4, align="C")
    T(m, 143, inner, 4.5, data.coop, 4, bold=True, align="C")
    return els
