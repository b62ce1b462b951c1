"""The network's reference data into the centre: catalogue, customers, rounds, staff.

    cpdesk central import-catalogue FILE   coops, producers, products (with barcodes)
    cpdesk central import-customers FILE   customers
    cpdesk central import-rounds FILE      depots, vans, rounds (weekly pattern), stops, packing
    cpdesk central import-staff FILE       staff (never a PIN: set at the first sign-in)

Each row is keyed by the cooperative's own reference (coop code, producer ref, product SKU,
customer ref, depot code, van ref, round ref, staff ref), so importing the same file again
changes nothing and a changed file updates exactly the rows that changed. Products,
customers, rounds and staff missing from a file that holds their kind are retired
(`active` false), never deleted: orders, pack events and sales keep referring to them.
The whole file is read, checked and applied in one transaction; any bad value or unknown
reference refuses it whole (checks of cpdesk.sync.validation, via cpdesk.sync.records).
`--dry-run` runs the same steps and rolls back, printing what would be added, changed and
retired.

Field lists, per kind (the CSV columns and the JSON object keys) are in `KINDS`; examples
in docs/import/.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from cpdesk.domain import gtin
from cpdesk.errors import CpdeskError
from cpdesk.store import models as m
from cpdesk.store.db import current_revision, head_revision

from .records import Record, Refused, read_records

LANGS = ("fr", "nl", "de", "en")
REF = r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}"
CODE = r"[A-Z]{2,8}"

KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    "catalogue": {
        "coop": ("code", "name", "address", "vat_number"),
        "producer": ("ref", "coop", "name", "commune", "postcode", "language"),
        "product": ("sku", "name", "category", "producer", "sale_unit", "unit_label", "price",
                    "producer_price", "vat_pct", "zone", "tolerance_pct", "barcodes",
                    "available"),
    },
    "customers": {
        "customer": ("ref", "kind", "name", "address", "postcode", "commune", "phone", "email",
                     "language", "vat_number", "notes"),
    },
    "rounds": {
        "depot": ("code", "coop", "name", "address", "commune", "language"),
        "van": ("ref", "name", "plate", "capacity_ambient", "capacity_chilled",
                "capacity_frozen"),
        "round": ("ref", "depot", "van", "weekdays", "driver", "departure"),
        "stop": ("round", "seq", "customer", "eta"),
        "packing": ("coop", "depot"),
    },
    "staff": {
        "staff": ("ref", "name", "depot", "role", "language"),
    },
}


@dataclass
class Report:
    """What an import did (or, dry, would do): per kind, the keys added, changed, retired."""

    file: str
    dry_run: bool
    added: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    changed: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    retired: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    details: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "dry_run": self.dry_run, "added": dict(self.added),
                "changed": dict(self.changed), "retired": dict(self.retired),
                "unchanged": dict(self.unchanged)}

    def counts(self) -> dict[str, int]:
        return {"added": sum(map(len, self.added.values())),
                "changed": sum(map(len, self.changed.values())),
                "retired": sum(map(len, self.retired.values())),
                "unchanged": sum(self.unchanged.values())}

    def text(self) -> str:
        c = self.counts()
        head = (f"{self.file}: {'would add' if self.dry_run else 'added'} {c['added']}, "
                f"{'change' if self.dry_run else 'changed'} {c['changed']}, "
                f"{'retire' if self.dry_run else 'retired'} {c['retired']}, "
                f"unchanged {c['unchanged']}")
        return "\n".join([head, *self.details]) if self.dry_run else head


class _Run:
    """One import: rows looked up by key, compared, written; the report filled as we go."""

    def __init__(self, s: Session, report: Report) -> None:
        self.s, self.report = s, report

    def upsert(self, rec: Record, kind: str, model: type[Any], key_attr: str, key: str,
               values: dict[str, Any]) -> Any:
        row = self.s.scalar(select(model).where(getattr(model, key_attr) == key))
        if row is None:
            row = model(**{key_attr: key}, **values)
            self.s.add(row)
            self.s.flush()
            self.report.added[kind].append(key)
            self.report.details.append(f"add {kind} {key}")
            return row
        diff = [(k, getattr(row, k), v) for k, v in values.items() if getattr(row, k) != v]
        if diff:
            for k, _, v in diff:
                setattr(row, k, v)
            self.s.flush()
            self.report.changed[kind].append(key)
            self.report.details.append(f"change {kind} {key}: " + ", ".join(
                f"{k} {_show(old)} -> {_show(new)}" for k, old, new in diff))
        else:
            self.report.unchanged[kind] += 1
        return row

    def retire(self, kind: str, model: type[Any], key_attr: str, keep: Iterable[str]) -> None:
        col = getattr(model, key_attr)
        gone = self.s.scalars(select(model).where(col.is_not(None), col.not_in(list(keep)),
                                                  model.active.is_(True))).all()
        for row in gone:
            row.active = False
            key = getattr(row, key_attr)
            self.report.retired[kind].append(key)
            self.report.details.append(f"retire {kind} {key}")
        self.s.flush()

    def lookup(self, rec: Record, name: str, model: type[Any], key_attr: str, key: str) -> Any:
        row = self.s.scalar(select(model).where(getattr(model, key_attr) == key))
        if row is None:
            raise rec.refuse(name, f"unknown {model.__tablename__} {key!r}")
        return row


def _show(v: Any) -> str:
    return repr(v.isoformat() if isinstance(v, (dt.time, dt.date)) else v)


def _unique(records: list[Record], kind: str, key: str) -> list[Record]:
    seen: dict[str, str] = {}
    out = []
    for r in records:
        if r.kind != kind:
            continue
        k = str(r.values.get(key) or "")
        if k and k in seen:
            raise r.refuse(key, f"{kind} {k!r} appears twice (first at {seen[k]})")
        seen[k] = r.where
        out.append(r)
    return out


# -- catalogue ---------------------------------------------------------------------------------

def _catalogue(run: _Run, records: list[Record]) -> None:
    for r in _unique(records, "coop", "code"):
        run.upsert(r, "coop", m.Coop, "code", r.text("code", 8, pattern=CODE), {
            "name": r.text("name", 120), "address": r.text("address", 200, required=False),
            "vat_number": r.text("vat_number", 20, required=False,
                                 pattern=r"BE0[0-9]{9}|BE1[0-9]{9}")})
    for r in _unique(records, "producer", "ref"):
        coop = run.lookup(r, "coop", m.Coop, "code", r.text("coop", 8))
        run.upsert(r, "producer", m.Producer, "ref", r.text("ref", 32, pattern=REF), {
            "coop_id": coop.id, "name": r.text("name", 120), "commune": r.text("commune", 80),
            "postcode": r.text("postcode", 4, pattern=r"[0-9]{4}"),
            "language": r.choice("language", LANGS, default="fr"), "active": True})
    products = _unique(records, "product", "sku")
    wanted_codes: dict[str, tuple[str, Record]] = {}
    for r in products:
        sku = r.text("sku", 20, pattern=REF)
        producer = run.lookup(r, "producer", m.Producer, "ref", r.text("producer", 32))
        unit = r.choice("sale_unit", ("unit", "kg"))
        values = {
            "name": r.text("name", 160), "category": r.text("category", 40),
            "producer_id": producer.id, "sale_unit": unit,
            "unit_label": r.text("unit_label", 40, required=False),
            "price_cents": r.cents("price"),
            "producer_price_cents": r.cents("producer_price", required=False),
            "vat_pct": r.integer("vat_pct", 0, 21),
            "zone": r.choice("zone", ("ambient", "chilled", "frozen")),
            "tolerance_pct": r.integer("tolerance_pct", 0, 50, default=0),
            "available": r.boolean("available", default=True), "active": True,
        }
        if values["vat_pct"] not in (6, 12, 21):
            raise r.refuse("vat_pct", f"{values['vat_pct']} is not a Belgian VAT rate (6, 12, 21)")
        if unit == "unit" and values["tolerance_pct"]:
            raise r.refuse("tolerance_pct", "a tolerance is for goods sold per kg")
        for code in r.words("barcodes", 14):
            if not (code.isascii() and code.isdigit() and len(code) in (8, 12, 13, 14)
                    and gtin.is_valid(code)):
                raise r.refuse("barcodes", f"{code!r} is not a GTIN with a valid check digit")
            if code in wanted_codes:
                raise r.refuse("barcodes", f"{code} is also on {wanted_codes[code][0]}")
            wanted_codes[code] = (sku, r)
        run.upsert(r, "product", m.Product, "sku", sku, values)
    if products:
        run.retire("product", m.Product, "sku", [str(r.values["sku"]) for r in products])
        _barcodes(run, {str(r.values["sku"]) for r in products}, wanted_codes)


BARCODE_KIND = {8: "ean8", 12: "upc", 13: "ean13", 14: "gtin14"}


def _barcodes(run: _Run, skus: set[str], wanted: dict[str, tuple[str, Record]]) -> None:
    """Barcodes of the products in the file become exactly the file's."""
    s = run.s
    ids = dict(s.execute(select(m.Product.sku, m.Product.id).where(m.Product.sku.in_(skus))).all())
    current = {b.code: b for b in s.scalars(select(m.Barcode).where(
        m.Barcode.product_id.in_(list(ids.values())) | m.Barcode.code.in_(list(wanted))))}
    sku_of = {v: k for k, v in ids.items()}
    for code, b in current.items():
        if code not in wanted and b.product_id in sku_of:
            s.delete(b)
            run.report.details.append(f"drop barcode {code} of {sku_of[b.product_id]}")
    for code, (sku, r) in wanted.items():
        have = current.get(code)
        if have is None:
            s.add(m.Barcode(code=code, product_id=ids[sku], kind=BARCODE_KIND[len(code)]))
            run.report.details.append(f"add barcode {code} to {sku}")
        elif have.product_id != ids[sku]:
            if have.product_id not in sku_of:
                raise r.refuse("barcodes", f"{code} belongs to a product not in this file")
            have.product_id = ids[sku]
            run.report.details.append(f"move barcode {code} to {sku}")
    s.flush()


# -- customers ----------------------------------------------------------------------------------

def _customers(run: _Run, records: list[Record]) -> None:
    rows = _unique(records, "customer", "ref")
    for r in rows:
        kind = r.choice("kind", ("household", "pro"))
        vat = r.text("vat_number", 20, required=False, pattern=r"BE[01][0-9]{9}")
        run.upsert(r, "customer", m.Customer, "ref", r.text("ref", 32, pattern=REF), {
            "kind": kind, "name": r.text("name", 160), "address": r.text("address", 200),
            "postcode": r.text("postcode", 4, pattern=r"[0-9]{4}"),
            "commune": r.text("commune", 80), "phone": r.text("phone", 32, required=False),
            "email": r.text("email", 120, required=False, pattern=r"[^@\s]+@[^@\s]+"),
            "language": r.choice("language", LANGS, default="fr"), "vat_number": vat,
            "notes": r.text("notes", 500, required=False), "active": True})
    if rows:
        run.retire("customer", m.Customer, "ref", [str(r.values["ref"]) for r in rows])


# -- rounds -------------------------------------------------------------------------------------

def _rounds(run: _Run, records: list[Record]) -> None:
    for r in _unique(records, "depot", "code"):
        coop = run.lookup(r, "coop", m.Coop, "code", r.text("coop", 8))
        run.upsert(r, "depot", m.Depot, "code", r.text("code", 8, pattern=CODE), {
            "coop_id": coop.id, "name": r.text("name", 120),
            "address": r.text("address", 200, required=False),
            "commune": r.text("commune", 80, required=False),
            "language": r.choice("language", LANGS, default="fr")})
    for r in _unique(records, "van", "ref"):
        run.upsert(r, "van", m.Van, "ref", r.text("ref", 32, pattern=REF), {
            "name": r.text("name", 60), "plate": r.text("plate", 16),
            **{f"capacity_{z}": r.integer(f"capacity_{z}", 0, 500)
               for z in ("ambient", "chilled", "frozen")}})
    for r in _unique(records, "packing", "coop"):
        coop = run.lookup(r, "coop", m.Coop, "code", r.text("coop", 8))
        depot = run.lookup(r, "depot", m.Depot, "code", r.text("depot", 8))
        run.upsert(r, "packing", m.Coop, "code", coop.code, {"packing_depot_code": depot.code})
    stops: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        if r.kind == "stop":
            stops[r.text("round", 16)].append(r)
    rounds = _unique(records, "round", "ref")
    refs = set()
    for r in rounds:
        ref = r.text("ref", 16, pattern=r"[A-Z]{2,8}-[A-Z0-9]{1,4}")
        refs.add(ref)
        depot = run.lookup(r, "depot", m.Depot, "code", r.text("depot", 8))
        van = run.lookup(r, "van", m.Van, "ref", r.text("van", 32))
        plan = run.upsert(r, "round", m.RoundPlan, "ref", ref, {
            "depot_id": depot.id, "van_id": van.id, "weekdays": r.weekdays("weekdays"),
            "driver_name": r.text("driver", 120), "departure": r.time("departure"),
            "active": True})
        _plan_stops(run, plan, stops.pop(ref, []))
    for ref, rs in stops.items():
        raise rs[0].refuse("round", f"unknown round {ref!r} (not in this file)")
    if rounds:
        run.retire("round", m.RoundPlan, "ref", refs)


def _plan_stops(run: _Run, plan: m.RoundPlan, records: list[Record]) -> None:
    want = []
    seqs: dict[int, str] = {}
    customers: dict[uuid.UUID, str] = {}
    for r in records:
        seq = r.integer("seq", 1, 999)
        if seq in seqs:
            raise r.refuse("seq", f"stop {seq} of round {plan.ref} appears twice "
                                  f"(first at {seqs[seq]})")
        seqs[seq] = r.where
        cust = run.lookup(r, "customer", m.Customer, "ref", r.text("customer", 32))
        if cust.id in customers:
            raise r.refuse("customer", f"{cust.ref} is already stop of {plan.ref} at "
                                       f"{customers[cust.id]}")
        customers[cust.id] = r.where
        want.append((seq, cust.id, r.time("eta", required=False)))
    want.sort()
    have = [(s.seq, s.customer_id, s.eta) for s in run.s.scalars(
        select(m.RoundPlanStop).where(m.RoundPlanStop.plan_id == plan.id)
        .order_by(m.RoundPlanStop.seq))]
    if have == want:
        return
    for old in run.s.scalars(select(m.RoundPlanStop).where(m.RoundPlanStop.plan_id == plan.id)):
        run.s.delete(old)
    run.s.flush()
    for seq, cid, eta in want:
        run.s.add(m.RoundPlanStop(plan_id=plan.id, seq=seq, customer_id=cid, eta=eta))
    run.s.flush()
    if plan.ref not in run.report.added["round"] and plan.ref not in run.report.changed["round"]:
        run.report.changed["round"].append(plan.ref)
        run.report.unchanged["round"] -= 1
    run.report.details.append(f"stops of round {plan.ref}: {len(have)} -> {len(want)}")


# -- staff --------------------------------------------------------------------------------------

def _staff(run: _Run, records: list[Record]) -> None:
    rows = _unique(records, "staff", "ref")
    for r in rows:
        depot = run.lookup(r, "depot", m.Depot, "code", r.text("depot", 8))
        ref = r.text("ref", 32, pattern=REF)
        values = {"name": r.text("name", 120), "depot_code": depot.code,
                  "role": r.choice("role", ("packer", "staff", "supervisor")),
                  "language": r.choice("language", LANGS, default="fr"), "active": True}
        if run.s.scalar(select(m.Staff.id).where(m.Staff.ref == ref)) is None:
            values["pin_hash"] = ""  # chosen by the person at the first sign-in
        run.upsert(r, "staff", m.Staff, "ref", ref, values)
    if rows:
        run.retire("staff", m.Staff, "ref", [str(r.values["ref"]) for r in rows])


APPLY: dict[str, Callable[[_Run, list[Record]], None]] = {
    "catalogue": _catalogue, "customers": _customers, "rounds": _rounds, "staff": _staff}


def import_file(engine: Engine, what: str, path: Path, *, dry_run: bool = False) -> Report:
    """Check `path` whole, then apply it in one transaction (rolled back when `dry_run`)."""
    if current_revision(engine) != head_revision():
        raise CpdeskError("the central database is not at the current schema "
                          "(run 'cpdesk central init --db URL' first)")
    records = read_records(path, KINDS[what])
    report = Report(path.name, dry_run)
    with Session(engine) as s:
        s.begin()
        try:
            APPLY[what](_Run(s, report), records)
        except Refused:
            s.rollback()
            raise
        if dry_run:
            s.rollback()
        else:
            s.commit()
    return report
