"""Crate labels: the one layout rendered as ZPL (thermal printers) or PDF (any printer)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from . import pdf_label, zpl_label
from .data import LabelData
from .label_layout import DEFAULT_SIZE, LabelSize, label_layout


def label_zpl(data: LabelData | Sequence[LabelData], size: LabelSize = DEFAULT_SIZE, *,
              dpi: int = zpl_label.DPI) -> str:
    """ZPL II for one label (or several, one ^XA...^XZ format each)."""
    labels = [data] if isinstance(data, LabelData) else list(data)
    return "".join(zpl_label.render_elements(label_layout(d, size), size, dpi=dpi) for d in labels)


def label_pdf(data: LabelData | Sequence[LabelData], size: LabelSize = DEFAULT_SIZE,
              out: str | Path | io.BytesIO | None = None) -> bytes:
    """A PDF with one page per label, each page the size of the label."""
    labels = [data] if isinstance(data, LabelData) else list(data)
    return pdf_label.render_pdf([label_layout(d, size) for d in labels], size, out)
