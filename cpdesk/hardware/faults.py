"""Printer faults and status, apart from the drivers so that importing them costs nothing
(python-escpos takes half a second to import; the app imports it only when it first prints).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from cpdesk.errors import CpdeskError


class PrinterFault(CpdeskError):
    """The printer cannot take the job now (offline, paper out, silent, refused)."""


@dataclass(frozen=True)
class PrinterStatus:
    online: bool | None  # None: the connection cannot tell
    paper: str  # ok | near end | out | unknown
    detail: str = ""

    @property
    def can_print(self) -> bool:
        return self.online is not False and self.paper != "out"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


NO_STATUS = PrinterStatus(None, "unknown", "this connection gives no status")
