"""The counter's storage side: sales, refunds, register sessions, pick-ups.

SQLAlchemy + domain, no Qt. Every public method is one local transaction that also writes
the fact's outbox row, so a committed sale is always sent, exactly once. The parts live
apart: `core` (depot, register, receipt numbers, the open session), `sales`, `register`
(float, cash movements, X and Z reports) and `pickup`; `CounterService` is all of them.
"""

from __future__ import annotations

from cpdesk.store import outbox

from .core import CounterCore, SaleResult, StaffRef
from .pickup import PickupInfo, Pickups
from .register import Register, Report, report_lines
from .sales import Catalogue, CatalogueItem, Sales, SoldReceipt

__all__ = ["Catalogue", "CatalogueItem", "CounterCore", "CounterService", "PickupInfo",
           "Report", "SaleResult", "SoldReceipt", "StaffRef", "outbox", "report_lines"]


class CounterService(Sales, Register, Pickups):
    """The counter of one depot and register. Methods are thread-safe (one session each)."""
