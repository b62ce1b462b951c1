"""The crate label as a PDF (reportlab), for any printer: same layout as the ZPL label."""

from __future__ import annotations

import io

from reportlab.graphics.barcode import code128
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

LABEL_W, LABEL_H = 100 * mm, 150 * mm


def crate_label_pdf(*, crate_code: str, order_number: str, customer: str,
                    round_code: str = "", zone: str = "", seq: str = "") -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(LABEL_W, LABEL_H))
    c.setTitle(f"Crate {crate_code}")
    c.setFont("Helvetica-Bold", 20)
    c.drawString(6 * mm, LABEL_H - 14 * mm, customer[:28])
    c.setFont("Helvetica", 14)
    c.drawString(6 * mm, LABEL_H - 24 * mm, f"{order_number}  {round_code}")
    c.drawString(6 * mm, LABEL_H - 32 * mm, f"{zone} {seq}")
    barcode = code128.Code128(crate_code, barHeight=25 * mm, barWidth=0.45 * mm)
    barcode.drawOn(c, 6 * mm, LABEL_H - 70 * mm)
    c.setFont("Helvetica", 12)
    c.drawString(6 * mm, LABEL_H - 76 * mm, crate_code)
    c.showPage()
    c.save()
    return buf.getvalue()
