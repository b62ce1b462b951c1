"""The store's own tables: the outbox, the audit log, key/value meta, the print queue; and for
sync the centre's received events, change log and depot logins (also created, empty, in
depot stores so the schema stays one; PostgreSQL-only columns (xid8 stamps) and triggers
are made by migration 0003 and are not mapped here), and a depot's record of central order
changes met while packing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cpdesk import clock
from cpdesk.domain.ids import new_id

from .base import Base


class Outbox(Base):
    """Facts waiting to be pushed to the centre, written in the same transaction as the fact."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "sent_at", "created_at"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the fact's own event id
    topic: Mapped[str] = mapped_column(String(32))  # pack_event | crate | sale | ...
    payload: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    # Refused by the centre (parked there with its payload): not sent, shown to the depot and
    # sent again at each sync until it is stored or a person at the centre resolves it.
    rejected_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    reject_reason: Mapped[str | None] = mapped_column(Text, default=None)
    resolution: Mapped[str | None] = mapped_column(Text, default=None)  # how it was settled


class AuditLog(Base):
    """Who did what and when, for actions that are not pack events (overrides, sign-ins)."""

    __tablename__ = "audit_log"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    depot_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("depot.id"))
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)


class Meta(Base):
    """Key/value facts about this database: its role (central|depot), depot code, epoch."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class PrintJob(Base):
    """A print job, queued durably: printed by the queue worker, retried until it is done."""

    __tablename__ = "print_job"
    __table_args__ = (Index("ix_print_job_pending", "state", "created_at"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    printer: Mapped[str] = mapped_column(String(40))  # configured name: "labels", "receipts"
    kind: Mapped[str] = mapped_column(String(8))  # escpos | zpl | pdf
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    title: Mapped[str] = mapped_column(String(120), default="")
    state: Mapped[str] = mapped_column(String(10), default="queued")  # queued|printing|done|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
    done_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class CentralEvent(Base):
    """A fact received from a depot, once per event id (insert that ignores a known id)."""

    __tablename__ = "central_event"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the depot's outbox id
    depot_code: Mapped[str] = mapped_column(String(8), index=True)
    topic: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column()
    received_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
    # accepted | flagged (stored, for a person to look at) | rejected (parked, not stored: the
    # depot sends it again) | resolved (a person at the centre settled a rejected one)
    status: Mapped[str] = mapped_column(String(12), default="accepted")
    note: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class SyncChange(Base):
    """Change log of the pullable tables, filled by triggers (seq; xid8 stamp on PostgreSQL)."""

    __tablename__ = "sync_change"
    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    tbl: Mapped[str] = mapped_column(String(32))
    row_key: Mapped[str] = mapped_column(String(64))
    op: Mapped[str] = mapped_column(String(1), default="U")  # U upsert | D delete


class DepotLogin(Base):
    """Which PostgreSQL login role speaks for which depot (row-level security reads it)."""

    __tablename__ = "depot_login"
    role_name: Mapped[str] = mapped_column(String(63), primary_key=True)
    depot_code: Mapped[str] = mapped_column(String(8), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)


class OrderChange(Base):
    """At a depot: an order changed or cancelled centrally after packing began, to resolve."""

    __tablename__ = "order_change"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    order_id: Mapped[uuid.UUID] = mapped_column(index=True)  # no FK: the order may be gone
    number: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(12))  # changed | cancelled | gone
    old_version: Mapped[int] = mapped_column(Integer)
    new_version: Mapped[int] = mapped_column(Integer)
    diff: Mapped[dict[str, Any]] = mapped_column(default=dict)
    detected_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
