"""Hostile order files for `cpdesk central import-orders`, each one problem in an otherwise
good file, with where the refusal must point and what it must say.

`python -m tests.sync.hostile_files DIR SKU_PIECE SKU_KG` writes them into DIR for trying by
hand (`cpdesk central import-orders DIR/latin1.csv --db ...`).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HEADER = ["number", "delivery_date", "status", "customer_name", "customer_kind", "address",
          "postcode", "commune", "phone", "sku", "quantity", "packing_depot"]


@dataclass(frozen=True)
class Hostile:
    name: str  # file name
    data: bytes
    where: str  # "line 2" or "$.orders[0].lines[0].quantity"
    reason: str  # a part of the refusal's reason


def good_row(piece: str, **change: str) -> dict[str, str]:
    row = {"number": "CP-261130-7001", "delivery_date": "2026-11-30", "status": "open",
           "customer_name": "Anne Lemaire", "customer_kind": "household",
           "address": "Rue des Prés 12", "postcode": "4000", "commune": "Liège",
           "phone": "+32 4 222 33 44", "sku": piece, "quantity": "2", "packing_depot": "HES"}
    return {**row, **change}


def csv_text(rows: list[dict[str, str]], header: list[str] = HEADER) -> str:
    def cell(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\n\r') else v

    return "".join(",".join(cell(r[h]) for h in header) + "\n"
                   for r in [dict(zip(header, header, strict=True)), *rows])


def good_order(sku: str, number: str = "CP-261130-7101", **change: Any) -> dict[str, Any]:
    order: dict[str, Any] = {
        "number": number, "delivery_date": "2026-11-30", "status": "open",
        "customer": {"name": "Bruno Dubois", "kind": "pro", "address": "Quai 3",
                     "postcode": "4020", "commune": "Liège", "phone": "04 222 33 44"},
        "lines": [{"sku": sku, "quantity": "1.250", "packing_depot": "CAR"}]}
    for key, value in change.items():  # "customer.name" changes a nested value
        target = order
        *parents, last = key.split(".")
        for p in parents:
            target = target[int(p)] if isinstance(target, list) else target[p]
        target[last] = value
    return order


def as_json(*orders: dict[str, Any]) -> bytes:
    return json.dumps({"orders": list(orders)}, ensure_ascii=False).encode()


def good_csv(piece: str) -> bytes:
    return csv_text([good_row(piece), good_row(piece, quantity="3", packing_depot="CAR")]
                    ).encode()


def good_json(kg: str) -> bytes:
    return as_json(good_order(kg))


def hostile_files(piece: str, kg: str) -> list[Hostile]:
    """`piece`: a SKU sold per piece; `kg`: a SKU sold per kg (both in the catalogue)."""
    def csv1(**change: str) -> bytes:
        return csv_text([good_row(piece, **change)]).encode()

    def json1(**change: Any) -> bytes:
        return as_json(good_order(kg, **change))

    base = csv_text([good_row(piece)])
    cases = [
        # the 16 files of the first report
        Hostile("latin1.csv", base.encode("latin-1"), "line 2", "not UTF-8 (byte 0xE9)"),
        Hostile("field-200k.csv", csv1(address="x" * 200_000), "line 2",
                "value longer than 131072 characters"),
        Hostile("deep.json", b"[" * 100_000 + b"]" * 100_000, "line 1",
                "nested deeper than 16 levels"),
        Hostile("line-not-object.json", json1(lines=[1]), "$.orders[0].lines[0]",
                "expected an object, got a number"),
        Hostile("order-not-object.json", as_json("CP-261130-7101"),  # type: ignore[arg-type]
                "$.orders[0]", "expected an object, got a text"),
        Hostile("name-too-long.csv", csv1(customer_name="N" * 161), "line 2",
                "customer_name: longer than 160 characters (161)"),
        Hostile("nul.csv", csv1(customer_name="An\x00ne"), "line 2", "NUL character"),
        Hostile("nul.json", json1(**{"customer.name": "An\x00ne"}), "$.orders[0].customer.name",
                "NUL character at position 3"),
        Hostile("quantity-5-decimals.csv", csv1(quantity="999.99999"), "line 2",
                "quantity: '999.99999' has 5 decimal(s), at most 3 kept"),
        Hostile("quantity-9-decimals.json",
                json1(**{"lines.0.quantity": "QTY"}).replace(b'"QTY"', b"1.123456789"),
                "$.orders[0].lines[0].quantity", "'1.123456789' has 9 decimal(s)"),
        Hostile("name-list.json", json1(**{"customer.name": ["x"]}), "$.orders[0].customer.name",
                "expected a text, got a list"),
        Hostile("arabic-number.csv", csv1(number="CP-٢٦١١٣٠-٧٠٠١"), "line 2",
                "number: bad code"),
        Hostile("arabic-postcode.json", json1(**{"customer.postcode": "٤٠٠٠"}),
                "$.orders[0].customer.postcode", "is not made of the digits 0-9"),
        Hostile("column-twice.csv",
                csv_text([good_row(piece)], [*HEADER, "quantity"]).encode()
                .replace(b",2,HES,2\n", b",2,HES,5\n"),
                "line 1", "column 'quantity' appears twice"),
        Hostile("phone-40-digits.csv", csv1(phone="4" * 40), "line 2",
                "phone: longer than 32 characters (40)"),
        Hostile("phone-20-digits.csv", csv1(phone="+32 " + "4" * 18), "line 2",
                "has 20 digits, a phone number has 6 to 15"),
        # more of the same kind
        Hostile("utf16.csv", base.encode("utf-16"), "line 1", "not UTF-8 (byte 0xFF)"),
        Hostile("empty.csv", b"", "line 1", "empty file"),
        Hostile("header-only.csv", csv_text([]).encode(), "line 2", "no rows after the header"),
        Hostile("extra-cell.csv", base.encode().replace(b",HES\n", b",HES,x\n"), "line 2",
                "13 cells, the header has 12"),
        Hostile("missing-cell.csv", base.encode().replace(b",HES\n", b"\n"), "line 2",
                "11 cells, the header has 12"),
        Hostile("misspelt-column.csv", base.encode().replace(b",phone,", b",phon,", 1), "line 1",
                "unknown column 'phon'"),
        Hostile("missing-column.csv", csv_text([good_row(piece)], [h for h in HEADER
                                                               if h != "sku"]).encode(),
                "line 1", "missing column(s) sku"),
        Hostile("bidi.csv", csv1(customer_name="Anne \u202eeriamel"), "line 2",
                "text direction control U+202E"),
        Hostile("newline-in-name.csv", csv1(customer_name="Anne\nLemaire"), "line 2",
                "control character U+000A"),
        Hostile("tab-in-sku.csv", csv1(sku=piece + "\t"), "line 2", "control character U+0009"),
        Hostile("space-around-sku.csv", csv1(sku=" " + piece), "line 2", "sku: spaces before"),
        Hostile("lower-case-depot.csv", csv1(packing_depot="hes"), "line 2",
                "packing_depot: bad code 'hes'"),
        Hostile("quantity-exponent.csv", csv1(quantity="1e3"), "line 2",
                "'1e3' is not a number written like 12 or 1.250"),
        Hostile("quantity-comma.csv", csv1(quantity="1,5"), "line 2", "'1,5' is not a number"),
        Hostile("quantity-arabic.csv", csv1(quantity="٢"), "line 2", "is not a number"),
        Hostile("quantity-zero.csv", csv1(quantity="0"), "line 2", "must be above zero"),
        Hostile("quantity-negative.csv", csv1(quantity="-1"), "line 2", "must be above zero"),
        Hostile("quantity-huge.csv", csv1(quantity="1000.001"), "line 2", "is above 1000"),
        Hostile("quantity-half-piece.csv", csv1(quantity="1.5"), "line 2",
                "sold per piece, a whole number is expected"),
        Hostile("date-compact.csv", csv1(delivery_date="20261130"), "line 2",
                "not a date written YYYY-MM-DD"),
        Hostile("date-impossible.csv", csv1(delivery_date="2026-02-30"), "line 2",
                "not a date of the calendar"),
        Hostile("unterminated-quote.csv", base.encode().replace(b"Anne", b'"Anne'), "line 2",
                "not valid CSV"),
        Hostile("order-differs.csv",
                csv_text([good_row(piece), good_row(piece, commune="Ans")]).encode(), "line 3",
                "order CP-261130-7001 differs from its first line"),
        Hostile("unknown-sku.csv", csv1(sku="NOPE"), "line 2", "unknown sku 'NOPE'"),
        Hostile("unknown-depot.json", json1(**{"lines.0.packing_depot": "XYZ"}),
                "$.orders[0].lines[0]", "unknown depot 'XYZ'"),
        Hostile("surrogate.json", json1(**{"customer.name": "SURR"}).replace(b"SURR",
                                                                             b"\\ud800"),
                "$.orders[0].customer.name", "lone surrogate"),
        Hostile("nan.json", json1(**{"lines.0.quantity": "QTY"}).replace(b'"QTY"', b"NaN"),
                "$.orders[0].lines[0].quantity", "expected a number, got NaN"),
        Hostile("quantity-true.json", json1(**{"lines.0.quantity": True}),
                "$.orders[0].lines[0].quantity", "got true/false"),
        Hostile("postcode-number.json", json1(**{"customer.postcode": 4000}),
                "$.orders[0].customer.postcode", "expected a text, got a number"),
        Hostile("key-twice.json", json1().replace(b'"status": "open"',
                                                  b'"status": "open", "status": "cancelled"'),
                "$.orders[0]", "key 'status' appears twice"),
        Hostile("unknown-field.json", json1(colour="red"), "$.orders[0]",
                "unknown field 'colour'"),
        Hostile("no-lines.json", json1(lines=[]), "$.orders[0].lines", "0 items"),
        Hostile("no-customer.json", json1(customer=None), "$.orders[0].customer",
                "required, but missing"),
        Hostile("top-level-list.json", b"[]", "$", "expected an object, got a list"),
        Hostile("broken.json", json1()[:-3], "line 1", "not valid JSON"),
        Hostile("order-twice.json", as_json(good_order(kg), good_order(kg)),
                "$.orders[1].number", "order CP-261130-7101 appears twice"),
    ]
    assert len({c.name for c in cases}) == len(cases)
    return cases


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    for case in hostile_files(sys.argv[2], sys.argv[3]):
        (folder / case.name).write_bytes(case.data)
