"""Printer faults, apart from the drivers so that importing them costs nothing (python-escpos
takes half a second to import; the app imports it only when it first prints)."""

from __future__ import annotations

from cpdesk.errors import CpdeskError


class PrinterFault(CpdeskError):
    """The printer cannot take the job now (offline, paper out, silent, refused)."""
