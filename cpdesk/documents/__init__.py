"""Documents: crate labels, delivery notes, van manifests, pick lists and receipts.

Two layers: `gather` reads the store into the plain dataclasses of `data`; the renderers
take those dataclasses only (no database), so the screens can build previews off the GUI
thread and the counter can print a receipt from a sale it just recorded.

    from cpdesk import documents as docs
    data = docs.label_data(session, "CR0K3M9X2Q7B")      # or the crate's UUID
    zpl = docs.label_zpl(data); pdf = docs.label_pdf(data)
    docs.render_delivery_note(docs.delivery_note_data(session, "CP-261126-0012"), out=path)
    docs.render_manifest(docs.manifest_data(session, "HES-20261128-A"), out=path)
    docs.render_picklist(docs.picklist_data(session, day, depot_code="HES"), out=path)
    escpos = docs.render_receipt(docs.receipt_data(session, sale_id), width_mm=80, copy=False)
"""

from __future__ import annotations

from .data import (
    CrateRef,
    DeliveryNoteData,
    Issuer,
    LabelData,
    ManifestData,
    ManifestStop,
    NoteLine,
    PickItem,
    PickListData,
    ReceiptData,
    ReceiptLine,
    ReceiptPayment,
)
from .delivery_note import render_delivery_note
from .gather import (
    crate_by_ref,
    crates_of_order,
    delivery_note_data,
    label_data,
    manifest_data,
    picklist_data,
    receipt_data,
    round_by_ref,
    sale_by_ref,
)
from .i18n import LANGUAGES
from .label_layout import DEFAULT_SIZE, LabelSize, label_layout
from .labels import label_pdf, label_zpl
from .manifest import render_manifest
from .picklist import render_picklist
from .receipt import receipt_text, render_receipt, render_receipt_pdf, render_text_document

__all__ = [
    "DEFAULT_SIZE", "LANGUAGES", "CrateRef", "DeliveryNoteData", "Issuer", "LabelData",
    "LabelSize", "ManifestData", "ManifestStop", "NoteLine", "PickItem", "PickListData",
    "ReceiptData", "ReceiptLine", "ReceiptPayment", "crate_by_ref", "crates_of_order",
    "delivery_note_data", "label_data", "label_layout", "label_pdf", "label_zpl",
    "manifest_data", "picklist_data", "receipt_data", "receipt_text", "render_delivery_note",
    "render_manifest", "render_picklist", "render_receipt", "render_receipt_pdf",
    "render_text_document",
    "round_by_ref", "sale_by_ref",
]
