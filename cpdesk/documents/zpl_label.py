"""Crate label as ZPL II for thermal printers (Zebra and compatibles), from the one layout.

Text is sent as UTF-8 (`^CI28`) in field blocks (`^FB`, one line, justified like the
layout) with hexadecimal escapes (`^FH`) so a customer name holding ^ or ~ cannot break the
label. The barcode is Code 128 started explicitly in subset B (`>:`): crate codes mix
letters and digits, and subset C would silently drop the letters.
"""

from __future__ import annotations

from collections.abc import Sequence

from .label_layout import DEFAULT_SIZE, Box, Code128, Element, LabelSize, Text

DPI = 203


# Zebra heads are specified in dots per mm: "203 dpi" is 8 dots/mm, so 100×150 mm is
# ^PW800^LL1200, 300 dpi is 12 dots/mm, 600 dpi 24.
DOTS_PER_MM = {203: 8.0, 300: 12.0, 600: 24.0}


def dots(mm: float, dpi: int = DPI) -> int:
    return round(mm * DOTS_PER_MM.get(dpi, dpi / 25.4))


def field_data(value: str) -> str:
    """Escape the characters ZPL would read as commands, for use after `^FH_`."""
    out = []
    for ch in value:
        if ch in "^~_\\":
            out.append(f"_{ord(ch):02X}")
        else:
            out.append(ch)
    return "".join(out)


def code128_modules(data: str) -> int:
    """Width of a Code 128 subset B symbol in modules: start, data, check, stop (13)."""
    return 11 * (len(data) + 2) + 13


def render_elements(elements: Sequence[Element], size: LabelSize = DEFAULT_SIZE, *,
                    dpi: int = DPI, copies: int = 1) -> str:
    cmds = ["^XA", "^CI28", f"^PW{dots(size.width_mm, dpi)}", f"^LL{dots(size.height_mm, dpi)}",
            "^LH0,0"]
    for el in elements:
        if isinstance(el, Box):
            w, h = max(1, dots(el.w, dpi)), max(1, dots(el.h, dpi))
            t = min(w, h) if el.border == 0 else max(1, dots(el.border, dpi))
            cmds.append(f"^FO{dots(el.x, dpi)},{dots(el.y, dpi)}^GB{w},{h},{t},B,0^FS")
        elif isinstance(el, Text):
            hd = max(10, dots(el.size, dpi))
            top = el.y + (el.h - el.size) / 2
            rev = "^FR" if el.inverse else ""
            cmds.append(
                f"^FO{dots(el.x, dpi)},{dots(top, dpi)}^A0N,{hd},{hd}"
                f"^FB{dots(el.w, dpi)},1,0,{el.align},0{rev}^FH_^FD{field_data(el.text)}^FS"
            )
        elif isinstance(el, Code128):
            module = max(2, dots(el.module, dpi))
            width = code128_modules(el.data) * module
            x = dots(el.x, dpi) + max(0, (dots(el.w, dpi) - width) // 2)
            h = dots(el.h, dpi)
            cmds.append(f"^FO{x},{dots(el.y, dpi)}^BY{module},3,{h}^BCN,{h},N,N,N,N"
                        f"^FH_^FD>:{field_data(el.data)}^FS")
    cmds.append(f"^PQ{copies}")
    cmds.append("^XZ")
    return "\n".join(cmds) + "\n"
