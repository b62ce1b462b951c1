"""Order totals computed at the centre from the depots' pack events.

The centre holds every depot's pack events; an order's total is the fold of those facts with
the domain's rules (`cpdesk.domain.packing.line_progress`, rows converted by
`cpdesk.store.convert`): a weighed line at its actual weight, a shortage at 0, a line packed
at another depot counted once it reaches the centre. The same fold as the depot's
`cpdesk.store.queries.order_detail` (`total_cents`), so after a sync the centre's figure for an
order packed at one depot equals that depot's, and an order packed at several depots totals
the sum of their lines. Works on any session: the demo's SQLite centre or PostgreSQL (as
an admin role, or a depot login, which only sees its own events through row-level security).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpdesk.domain.model import PackFact
from cpdesk.domain.packing import line_progress, manual_weight_lines
from cpdesk.store import convert
from cpdesk.store import models as m

CHUNK = 500


def central_order_totals(session: Session, order_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """order id -> what the customer pays as packed, in cents (0 for an order not packed yet).

    Orders unknown to the session are left out."""
    ids = list(dict.fromkeys(order_ids))
    totals: dict[uuid.UUID, int] = {}
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        facts: dict[uuid.UUID, list[PackFact]] = defaultdict(list)
        events = session.scalars(select(m.PackEvent).where(m.PackEvent.order_id.in_(chunk))
                                 .order_by(m.PackEvent.at, m.PackEvent.id))
        for e in events:
            facts[e.order_id].append(convert.fact(e))
        known = session.scalars(select(m.Order.id).where(m.Order.id.in_(chunk)))
        totals.update((oid, 0) for oid in known)
        lines = session.scalars(select(m.OrderLine).where(m.OrderLine.order_id.in_(chunk))
                                .options(selectinload(m.OrderLine.product),
                                         selectinload(m.OrderLine.packing_depot)))
        for ln in lines:
            p = line_progress(convert.order_line(ln, ln.packing_depot.code),
                              facts.get(ln.order_id, ()))
            totals[ln.order_id] += p.amount_cents
    return totals


def central_manual_weights(session: Session,
                           order_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """order id -> how many of its lines hold a weight a supervisor typed (no scale): the
    centre's totals say which amounts rest on such weights (legal for trade)."""
    ids = list(dict.fromkeys(order_ids))
    out: dict[uuid.UUID, int] = {}
    for i in range(0, len(ids), CHUNK):
        facts: dict[uuid.UUID, list[PackFact]] = defaultdict(list)
        for e in session.scalars(select(m.PackEvent).where(
                m.PackEvent.order_id.in_(ids[i:i + CHUNK]))
                .order_by(m.PackEvent.at, m.PackEvent.id)):
            facts[e.order_id].append(convert.fact(e))
        out.update((oid, len(manual_weight_lines(f))) for oid, f in facts.items())
    return out


def central_totals_by_number(session: Session, numbers: Iterable[str]) -> dict[str, int]:
    """order number -> total cents (see `central_order_totals`); unknown numbers left out."""
    rows = session.execute(select(m.Order.number, m.Order.id)
                           .where(m.Order.number.in_(list(numbers)))).all()
    totals = central_order_totals(session, [r.id for r in rows])
    return {r.number: totals[r.id] for r in rows}
