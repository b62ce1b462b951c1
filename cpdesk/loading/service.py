"""Load a round's van crate by crate, refuse foreign crates, gate the departure, move crates
between depots. Every scan is a fact (CrateMove) written with its outbox row in one
transaction before the screen confirms it.

What a scan did is a `ScanOutcome` with a code of `cpdesk.errors.ENGLISH` and its values
(a refused one is also the typed `CpdeskError` every service gives); a refused departure
raises that `CpdeskError`. The screen words both in the user's language
(`cpdesk/ui/refusals.py`); the English is for the command line and the log."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from cpdesk.domain.loading import (
    CapacityWarning,
    CrateFacts,
    CrateWhere,
    DepartureCheck,
    MoveKind,
    capacity_warnings,
    check_departure,
    where_is,
)
from cpdesk.domain.model import Zone
from cpdesk.errors import CpdeskError, NotFound, english
from cpdesk.packing.board_data import opening_day
from cpdesk.store import models as m
from cpdesk.store.db import transaction
from cpdesk.store.outbox import record
from cpdesk.store.queries import staff_with_pin


@dataclass(frozen=True)
class CrateRow:
    id: uuid.UUID
    code: str
    zone: Zone
    depot: str  # packing depot
    seq: int
    count_at_depot: int  # N in "n/N" for that depot
    where: CrateWhere


@dataclass
class StopPlan:
    seq: int
    customer: str
    commune: str
    address: str
    orders: list[str]
    crates: list[CrateRow] = field(default_factory=list)
    packing_pending: list[str] = field(default_factory=list)  # "CP-…-0001 @ CAR"

    @property
    def loaded(self) -> int:
        return sum(c.where is CrateWhere.LOADED for c in self.crates)


@dataclass
class RoundPlan:
    id: uuid.UUID
    code: str
    date: dt.date
    depot: str
    van: str
    departure: dt.time
    status: str
    stops: list[StopPlan]  # in loading order: last stop first
    warnings: list[CapacityWarning]
    check: DepartureCheck

    @property
    def crates(self) -> list[CrateRow]:
        return [c for s in self.stops for c in s.crates]


class ScanStatus(enum.StrEnum):
    LOADED = "loaded"
    ALREADY = "already_loaded"  # harmless
    REFUSED = "refused"


@dataclass(frozen=True)
class ScanOutcome:
    status: ScanStatus
    code: str  # a code of cpdesk.errors.ENGLISH ("loading.loaded", "loading.other_round")
    crate_code: str = ""
    stop_seq: int | None = None
    args: tuple[tuple[str, str], ...] = ()  # further named values for the words

    @property
    def values(self) -> dict[str, Any]:
        """The values the words of `code` take: the crate, the stop and `args`."""
        return {"crate": self.crate_code, "stop": self.stop_seq, **dict(self.args)}

    @property
    def refusal(self) -> CpdeskError | None:
        """A refused scan as the typed refusal every service gives (None when not refused)."""
        if self.status is not ScanStatus.REFUSED:
            return None
        return CpdeskError(code=self.code, **self.values)

    @property
    def message(self) -> str:
        """In English, for the command line and the log; screens word `code` themselves."""
        return english(self.code, self.values)


def _out(status: ScanStatus, what: str, code: str, stop: int | None = None,
         **args: str) -> ScanOutcome:
    return ScanOutcome(status, f"loading.{what}", code, stop, tuple(sorted(args.items())))


def _crate_and_stop(session: Session, code: str) -> tuple[m.Crate | None, m.Stop | None]:
    """The crate with this printed code and the stop its order goes to (None when unknown)."""
    crate = session.scalar(select(m.Crate).where(m.Crate.code == code))
    if crate is None:
        return None, None
    order = session.get(m.Order, crate.order_id)
    stop = session.get(m.Stop, order.stop_id) if order and order.stop_id else None
    return crate, stop


class LoadingService:
    def __init__(self, engine: Engine, depot_code: str) -> None:
        self.engine = engine
        self.depot_code = depot_code.upper()
        with Session(engine) as session:
            depot = session.scalar(select(m.Depot).where(m.Depot.code == self.depot_code))
            if depot is None:
                raise NotFound(code="depot.not_found", depot=depot_code)
            self.depot_id = depot.id
            self.depot_codes = {d.id: d.code for d in session.scalars(select(m.Depot))}

    # -- reading ------------------------------------------------------------------------
    def rounds(self, day: dt.date) -> list[m.Round]:
        with Session(self.engine) as session:
            return list(session.scalars(
                select(m.Round).where(m.Round.date == day, m.Round.depot_id == self.depot_id)
                .options(selectinload(m.Round.van)).order_by(m.Round.departure, m.Round.code)))

    def opening_day(self, today: dt.date) -> dt.date:
        """The day the screen opens on: today, or the next day a round leaves from here
        (a Sunday, a holiday); today again when nothing is planned ahead."""
        with Session(self.engine) as session:
            return opening_day(session, today, self.depot_code, leaving_only=True)

    def plan(self, round_id: uuid.UUID) -> RoundPlan:
        with Session(self.engine) as session:
            return self._plan(session, round_id)

    def _plan(self, session: Session, round_id: uuid.UUID) -> RoundPlan:
        rnd = session.scalar(select(m.Round).where(m.Round.id == round_id)
                             .options(selectinload(m.Round.van),
                                      selectinload(m.Round.stops).selectinload(m.Stop.customer)))
        if rnd is None:
            raise NotFound(code="round.not_found", round=str(round_id))
        round_depot = self.depot_codes[rnd.depot_id]
        stop_ids = [s.id for s in rnd.stops]
        orders = list(session.scalars(
            select(m.Order).where(m.Order.stop_id.in_(stop_ids), m.Order.status != "cancelled")
            .options(selectinload(m.Order.lines))))
        order_ids = [o.id for o in orders]
        crates = list(session.scalars(select(m.Crate).where(m.Crate.order_id.in_(order_ids))
                                      .order_by(m.Crate.depot_id, m.Crate.seq)))
        moves: dict[uuid.UUID, list[tuple[MoveKind, str]]] = defaultdict(list)
        for mv in session.scalars(select(m.CrateMove)
                                  .where(m.CrateMove.crate_id.in_([c.id for c in crates]))
                                  .order_by(m.CrateMove.at, m.CrateMove.id)):
            moves[mv.crate_id].append((MoveKind(mv.kind), self.depot_codes[mv.depot_id]))
        per_order_depot: dict[tuple[uuid.UUID, uuid.UUID], int] = defaultdict(int)
        for c in crates:
            per_order_depot[(c.order_id, c.depot_id)] += 1

        facts: list[CrateFacts] = []
        by_stop: dict[uuid.UUID, StopPlan] = {}
        for stop in rnd.stops:
            by_stop[stop.id] = StopPlan(stop.seq, stop.customer.name, stop.customer.commune,
                                        stop.customer.address, [])
        crates_by_order: dict[uuid.UUID, list[m.Crate]] = defaultdict(list)
        for c in crates:
            crates_by_order[c.order_id].append(c)
        pending_orders: list[uuid.UUID] = []
        for order in orders:
            plan = by_stop[order.stop_id] if order.stop_id else None
            if plan is None:
                continue
            plan.orders.append(order.number)
            for c in crates_by_order[order.id]:
                f = CrateFacts(c.id, Zone(c.zone), c.status != "open",
                               self.depot_codes[c.depot_id], round_depot, tuple(moves[c.id]))
                facts.append(f)
                plan.crates.append(CrateRow(c.id, c.code, Zone(c.zone), f.packing_depot, c.seq,
                                            per_order_depot[(order.id, c.depot_id)], where_is(f)))
            packing_depots = {ln.packing_depot_id for ln in order.lines}
            for depot_id in sorted(packing_depots, key=lambda d: self.depot_codes[d]):
                if not any(c.depot_id == depot_id and c.status != "open"
                           for c in crates_by_order[order.id]):
                    plan.packing_pending.append(f"{order.number} @ {self.depot_codes[depot_id]}")
                    pending_orders.append(order.id)
        van = rnd.van
        capacity = {Zone.AMBIENT: van.capacity_ambient, Zone.CHILLED: van.capacity_chilled,
                    Zone.FROZEN: van.capacity_frozen}
        stops = sorted(by_stop.values(), key=lambda s: -s.seq)
        return RoundPlan(rnd.id, rnd.code, rnd.date, round_depot, f"{van.name} ({van.plate})",
                         rnd.departure, rnd.status, stops,
                         capacity_warnings((f.zone for f in facts), capacity),
                         check_departure(facts, sorted(set(pending_orders))))

    # -- scanning -----------------------------------------------------------------------
    def scan_onto_van(self, round_id: uuid.UUID, code: str, staff_id: uuid.UUID) -> ScanOutcome:
        code = code.strip().upper()
        with transaction(self.engine) as session:
            crate, stop = _crate_and_stop(session, code)
            if crate is None:
                return _out(ScanStatus.REFUSED, "unknown_crate", code)
            rnd = session.get(m.Round, round_id)
            if rnd is None:
                raise NotFound(code="round.not_found", round=str(round_id))
            if rnd.status == "departed":
                return _out(ScanStatus.REFUSED, "round_left", code, round=rnd.code)
            if stop is None or stop.round_id != round_id:
                other = session.get(m.Round, stop.round_id) if stop else None
                if other is None or stop is None:
                    return _out(ScanStatus.REFUSED, "no_round", code)
                return _out(ScanStatus.REFUSED, "other_round", code, other=other.code,
                            other_stop=str(stop.seq), round=rnd.code)
            if crate.status == "open":
                return _out(ScanStatus.REFUSED, "still_open", code, stop.seq)
            last = session.scalar(select(m.CrateMove).where(m.CrateMove.crate_id == crate.id)
                                  .order_by(m.CrateMove.at.desc(), m.CrateMove.id.desc()).limit(1))
            if last is not None and last.kind == MoveKind.LOAD and last.round_id == round_id:
                return _out(ScanStatus.ALREADY, "already_loaded", code, stop.seq)
            move = m.CrateMove(crate_id=crate.id, depot_id=self.depot_id, round_id=round_id,
                               kind=MoveKind.LOAD, staff_id=staff_id)
            session.add(move)
            crate.status = "loaded"
            record(session, "crate_move", move)
            return _out(ScanStatus.LOADED, "loaded", code, stop.seq)

    def unload(self, round_id: uuid.UUID, code: str, staff_id: uuid.UUID) -> ScanOutcome:
        with transaction(self.engine) as session:
            crate = session.scalar(select(m.Crate).where(m.Crate.code == code.strip().upper()))
            if crate is None:
                return _out(ScanStatus.REFUSED, "unknown_crate", code)
            move = m.CrateMove(crate_id=crate.id, depot_id=self.depot_id, round_id=round_id,
                               kind=MoveKind.UNLOAD, staff_id=staff_id)
            session.add(move)
            crate.status = "closed"
            record(session, "crate_move", move)
            return _out(ScanStatus.LOADED, "unloaded", crate.code)

    def depart(self, round_id: uuid.UUID, staff_id: uuid.UUID, *,
               supervisor_id: uuid.UUID | None = None, supervisor_pin: str | None = None,
               reason: str = "") -> DepartureCheck:
        """Mark the round departed. Refused while a crate is missing, unless a supervisor
        overrides with a reason: the crates left behind are recorded. The supervisor is
        given by id, or by the PIN typed at the screen (checked here, counted as a sign-in)."""
        if supervisor_pin is not None:
            with Session(self.engine) as session:
                supervisor = staff_with_pin(session, supervisor_pin, role="supervisor")
                if supervisor is None:
                    raise CpdeskError(code="loading.not_a_supervisor")
                supervisor_id = supervisor.id
        with transaction(self.engine) as session:
            plan = self._plan(session, round_id)
            if plan.status == "departed":
                raise CpdeskError(code="loading.round_left", round=plan.code)
            if not plan.check.ok:
                if supervisor_id is None:
                    raise CpdeskError(code="loading.departure_incomplete",
                                      missing=len(plan.check.missing),
                                      packing=len(plan.check.orders_still_packing))
                supervisor = session.get(m.Staff, supervisor_id)
                if supervisor is None or supervisor.role != "supervisor":
                    raise CpdeskError(code="loading.supervisor_only")
                if not reason.strip():
                    raise CpdeskError(code="loading.reason_needed")
            codes = {c.id: c.code for c in plan.crates}
            departure = m.RoundDeparture(
                round_id=round_id, depot_id=self.depot_id, staff_id=staff_id,
                supervisor_id=supervisor_id if not plan.check.ok else None,
                left_behind={
                    "crates": [codes[c] for c in plan.check.missing],
                    "orders_still_packing": [str(o) for o in plan.check.orders_still_packing]},
                reason=reason.strip())
            session.add(departure)
            rnd = session.get(m.Round, round_id)
            assert rnd is not None
            rnd.status = "departed"
            record(session, "round_departure", departure)
            return plan.check

    # -- transfers between depots -------------------------------------------------------
    def transfer_out(self, code: str, staff_id: uuid.UUID) -> ScanOutcome:
        return self._transfer(code, staff_id, MoveKind.TRANSFER_OUT)

    def transfer_in(self, code: str, staff_id: uuid.UUID) -> ScanOutcome:
        return self._transfer(code, staff_id, MoveKind.TRANSFER_IN)

    def _transfer(self, code: str, staff_id: uuid.UUID, kind: MoveKind) -> ScanOutcome:
        code = code.strip().upper()
        with transaction(self.engine) as session:
            crate, stop = _crate_and_stop(session, code)
            if crate is None:
                return _out(ScanStatus.REFUSED, "unknown_crate", code)
            rnd = session.get(m.Round, stop.round_id) if stop else None
            if rnd is None:
                return _out(ScanStatus.REFUSED, "no_round", code)
            destination = self.depot_codes[rnd.depot_id]
            if kind is MoveKind.TRANSFER_OUT and crate.depot_id != self.depot_id:
                return _out(ScanStatus.REFUSED, "not_packed_here", code,
                            depot=self.depot_codes[crate.depot_id])
            move = m.CrateMove(crate_id=crate.id, depot_id=self.depot_id, round_id=rnd.id,
                               kind=kind, staff_id=staff_id)
            session.add(move)
            record(session, "crate_move", move)
            if kind is MoveKind.TRANSFER_OUT:
                return _out(ScanStatus.LOADED, "sent", code, stop.seq if stop else None,
                            depot=destination, round=rnd.code)
            if destination != self.depot_code:
                return _out(ScanStatus.REFUSED, "wrong_depot", code, round=rnd.code,
                            depot=destination)
            return _out(ScanStatus.LOADED, "received", code, stop.seq if stop else None,
                            round=rnd.code)
