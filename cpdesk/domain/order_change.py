"""An order changed centrally after its packing began: the difference, typed.

The centre owns orders; a depot's pack events stay valid facts whatever the centre does
afterwards. When a pull brings a new version of an order this depot has begun packing, the
sync records the difference between the lines it had and the lines it receives (only the
lines this depot packs): lines added, lines removed, lines whose quantity or product changed,
or the whole order cancelled (`gone`: deleted centrally, kept here as cancelled because our
pack events point to it). The packing screen reads the open differences back to tell the
packer what to add and what to take out of the crates.

The stored form (`to_json`/`from_json`) is the `order_change.diff` column: plain JSON with
ids and quantities as strings, so it survives SQLite, PostgreSQL and the sync unchanged.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class LineRef:
    """One order line as the difference names it: before or after the change."""

    line_id: uuid.UUID
    line_no: int
    product_id: uuid.UUID
    quantity: Decimal
    old_quantity: Decimal | None = None  # a changed line: its quantity before

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"line_id": str(self.line_id), "line_no": self.line_no,
                               "product_id": str(self.product_id), "quantity": str(self.quantity)}
        if self.old_quantity is not None:
            out["old_quantity"] = str(self.old_quantity)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LineRef:
        old = data.get("old_quantity")
        return cls(uuid.UUID(str(data["line_id"])), int(data.get("line_no") or 0),
                   uuid.UUID(str(data["product_id"])), Decimal(str(data["quantity"])),
                   Decimal(str(old)) if old is not None else None)

    @classmethod
    def of(cls, row: Mapping[str, Any], old_quantity: Decimal | None = None) -> LineRef:
        """From an order line's columns (`id`, `line_no`, `product_id`, `quantity`)."""
        return cls(uuid.UUID(str(row["id"])), int(row["line_no"]),
                   uuid.UUID(str(row["product_id"])), Decimal(str(row["quantity"])),
                   old_quantity)


@dataclass(frozen=True, slots=True)
class OrderDifference:
    cancelled: bool = False
    gone: bool = False  # deleted centrally (a tombstone): kept here, cancelled
    added: tuple[LineRef, ...] = ()
    removed: tuple[LineRef, ...] = ()
    changed: tuple[LineRef, ...] = ()  # quantity or product changed; `old_quantity` set

    @property
    def kind(self) -> str:
        """The `order_change.kind` column: gone, cancelled or changed."""
        return "gone" if self.gone else "cancelled" if self.cancelled else "changed"

    @classmethod
    def between(cls, before: Mapping[Any, Mapping[str, Any]],
                after: Mapping[Any, Mapping[str, Any]], *, cancelled: bool) -> OrderDifference:
        """The difference between two versions of an order's lines (line id -> columns)."""
        return cls(
            cancelled=cancelled,
            added=tuple(LineRef.of(ln) for k, ln in after.items() if k not in before),
            removed=tuple(LineRef.of(ln) for k, ln in before.items() if k not in after),
            changed=tuple(LineRef.of(ln, Decimal(str(before[k]["quantity"])))
                          for k, ln in after.items()
                          if k in before and (before[k]["quantity"] != ln["quantity"]
                                              or before[k]["product_id"] != ln["product_id"])))

    @classmethod
    def deleted(cls) -> OrderDifference:
        return cls(cancelled=True, gone=True)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"cancelled": self.cancelled,
                               "added": [ln.to_json() for ln in self.added],
                               "removed": [ln.to_json() for ln in self.removed],
                               "changed": [ln.to_json() for ln in self.changed]}
        if self.gone:
            out["gone"] = True
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None, kind: str = "") -> OrderDifference:
        """The stored difference; `kind` (the row's column) also says cancelled or gone."""
        data = data or {}

        def lines(key: str) -> tuple[LineRef, ...]:
            return tuple(LineRef.from_json(e) for e in data.get(key) or ())

        gone = bool(data.get("gone")) or kind == "gone"
        return cls(cancelled=bool(data.get("cancelled")) or gone or kind == "cancelled",
                   gone=gone, added=lines("added"), removed=lines("removed"),
                   changed=lines("changed"))


@dataclass(frozen=True, slots=True)
class LineBefore:
    """A line touched by one or more open changes, as it was before the first of them."""

    product_id: uuid.UUID
    quantity: Decimal | None  # None: the line did not exist (added centrally)


def lines_before(differences: Iterable[OrderDifference]) -> dict[uuid.UUID, LineBefore]:
    """Every line the differences touch, as it was before the first one (oldest first)."""
    out: dict[uuid.UUID, LineBefore] = {}
    for diff in differences:
        for ln in diff.added:
            out.setdefault(ln.line_id, LineBefore(ln.product_id, None))
        for ln in diff.removed:
            out.setdefault(ln.line_id, LineBefore(ln.product_id, ln.quantity))
        for ln in diff.changed:
            out.setdefault(ln.line_id, LineBefore(ln.product_id, ln.old_quantity))
    return out
