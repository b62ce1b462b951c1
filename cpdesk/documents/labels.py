"""Crate labels: the one layout rendered as ZPL (thermal printers) or PDF (any printer)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from . import zpl
from .data import LabelData
from .label_layout import DEFAULT_SIZE, LabelSize, label_layout
from .label_pdf import render_pdf


def label_zpl(data: LabelData | Sequence[LabelData], size: LabelSize = DEFAULT_SIZE, *,
              dpi: int = zpl.DPI) -> str:
    """ZPL II for one label (or several, one ^XA...^XZ format each)."""
    labels = [data] if isinstance(data, LabelData) else list(data)
    return "".join(zpl.render_elements(label_layout(d, size), size, dpi=dpi) for d in labels)


def label_pdf(data: LabelData | Sequence[LabelData], size: LabelSize = DEFAULT_SIZE,
              out: str | Path | io.BytesIO | None = None) -> bytes:
    """A PDF with one page per label, each page the size of the label."""
    labels = [data] if isinstance(data, LabelData) else list(data)
    return render_pdf([label_layout(d, size) for d in labels], size, out)
