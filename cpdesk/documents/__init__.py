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

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

# Imported on first use (PEP 562): `from cpdesk import documents as docs` costs nothing, and
# reportlab (platypus for the A4 documents, pdfgen for labels and receipts) and the store
# queries load when a document is first gathered or rendered, not when the app or the
# command line starts (so the desk shows its board first and loads the rest later).
_WHERE = {
    "CrateRef": "data", "DeliveryNoteData": "data", "Issuer": "data", "LabelData": "data",
    "ManifestData": "data", "ManifestStop": "data", "NoteLine": "data", "PickItem": "data",
    "PickListData": "data", "ReceiptData": "data", "ReceiptLine": "data",
    "ReceiptPayment": "data",
    "render_delivery_note": "delivery_note",
    "crate_by_ref": "gather", "crates_of_order": "gather", "delivery_note_data": "gather",
    "label_data": "gather", "manifest_data": "gather", "picklist_data": "gather",
    "receipt_data": "gather", "round_by_ref": "gather", "sale_by_ref": "gather",
    "LANGUAGES": "i18n",
    "DEFAULT_SIZE": "label_layout", "LabelSize": "label_layout", "label_layout": "label_layout",
    "label_pdf": "labels", "label_zpl": "labels",
    "render_manifest": "manifest",
    "render_picklist": "picklist",
    "receipt_text": "receipt", "render_receipt": "receipt", "render_receipt_pdf": "receipt",
    "render_text_document": "receipt",
}


class _Documents(types.ModuleType):
    """A function has the name of a submodule (`label_layout`): the import system sets a
    submodule on its package when it loads it, which would hide the function once the
    submodule is loaded. This package keeps the function; the submodule stays importable
    by its full name (`from cpdesk.documents.label_layout import LabelSize`)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _WHERE and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Documents

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


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
