"""Receipts and X/Z reports saved in the data folder as text and PDF.

Used when there is no receipt printer (the receipt is shown and saved) and for every Z
report (printed AND saved: the till roll is not an archive).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def counter_dir(data_dir: Path, kind: str) -> Path:
    """DIR/counter/receipts or DIR/counter/reports, created on demand."""
    path = data_dir / "counter" / kind
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_text_and_pdf(lines: list[str], folder: Path, stem: str, *, title: str) -> Path:
    """Write `stem.txt` and `stem.pdf` (monospaced, A4) and return the PDF's path."""
    (folder / f"{stem}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pdf = folder / f"{stem}.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    c.setTitle(title)
    width, height = A4
    y = height - 50
    c.setFont("Courier", 10)
    for line in lines:
        if y < 50:
            c.showPage()
            c.setFont("Courier", 10)
            y = height - 50
        c.drawString(50, y, line)
        y -= 13
    c.save()
    del width
    return pdf
