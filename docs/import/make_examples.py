"""Write the example import files of docs/import/ in both formats from the data below.

    .venv/bin/python docs/import/make_examples.py

The CSV and JSON of each kind hold the same network: importing one after the other changes
nothing (tests/sync/test_network_import.py checks it).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from cpdesk.sync.network_import import KINDS
from cpdesk.sync.records import plural

HERE = Path(__file__).parent

DATA: dict[str, dict[str, list[dict[str, Any]]]] = {
    "catalogue": {
        "coop": [
            {"code": "HES", "name": "Hesbicoop", "address": "Rue de la Gare 12, 4280 Hannut",
             "vat_number": "BE0412345614"},
            {"code": "CAR", "name": "La Coopérative Ardente",
             "address": "Quai de la Batte 3, 4000 Liège", "vat_number": "BE0423456765"},
            {"code": "TDH", "name": "Terre d'Herbage", "address": "Place du Marché 1, 4650 Herve",
             "vat_number": "BE0434567819"},
        ],
        "producer": [
            {"ref": "P-HES-001", "coop": "HES", "name": "Ferme du Try", "commune": "Hannut",
             "postcode": "4280", "language": "fr"},
            {"ref": "P-HES-002", "coop": "HES", "name": "Verger Lambert", "commune": "Braives",
             "postcode": "4260", "language": "fr"},
            {"ref": "P-CAR-001", "coop": "CAR", "name": "Fromagerie du Vieux Moulin",
             "commune": "Esneux", "postcode": "4130", "language": "fr"},
            {"ref": "P-TDH-001", "coop": "TDH", "name": "Hof Kreusch", "commune": "Eupen",
             "postcode": "4700", "language": "de"},
            {"ref": "P-TDH-002", "coop": "TDH", "name": "Boerderij Voerstreek",
             "commune": "Voeren", "postcode": "3790", "language": "nl"},
        ],
        "product": [
            {"sku": "HES-POT-1KG", "name": "Pommes de terre Bintje", "category": "Légumes",
             "producer": "P-HES-001", "sale_unit": "kg", "unit_label": "", "price": "1.90",
             "producer_price": "1.20", "vat_pct": 6, "zone": "ambient", "tolerance_pct": 10,
             "barcodes": [], "available": True},
            {"sku": "HES-CAR-BOT", "name": "Carottes en botte", "category": "Légumes",
             "producer": "P-HES-001", "sale_unit": "unit", "unit_label": "botte",
             "price": "2.40", "producer_price": "1.50", "vat_pct": 6, "zone": "ambient",
             "tolerance_pct": 0, "barcodes": ["5412345000013"], "available": True},
            {"sku": "HES-JUS-1L", "name": "Jus de pommes", "category": "Boissons",
             "producer": "P-HES-002", "sale_unit": "unit", "unit_label": "1 l",
             "price": "3.20", "producer_price": "2.10", "vat_pct": 6, "zone": "ambient",
             "tolerance_pct": 0, "barcodes": ["5412345000020"], "available": True},
            {"sku": "HES-CID-75", "name": "Cidre brut", "category": "Boissons",
             "producer": "P-HES-002", "sale_unit": "unit", "unit_label": "75 cl",
             "price": "6.50", "producer_price": "4.40", "vat_pct": 21, "zone": "ambient",
             "tolerance_pct": 0, "barcodes": ["5412345000037"], "available": True},
            {"sku": "CAR-HERVE-KG", "name": "Fromage de Herve", "category": "Fromages",
             "producer": "P-CAR-001", "sale_unit": "kg", "unit_label": "", "price": "18.90",
             "producer_price": "13.00", "vat_pct": 6, "zone": "chilled", "tolerance_pct": 15,
             "barcodes": [], "available": True},
            {"sku": "CAR-YAO-500", "name": "Yaourt nature", "category": "Produits laitiers",
             "producer": "P-CAR-001", "sale_unit": "unit", "unit_label": "500 g",
             "price": "2.85", "producer_price": "1.90", "vat_pct": 6, "zone": "chilled",
             "tolerance_pct": 0, "barcodes": ["5412345000044"], "available": True},
            {"sku": "TDH-STEAK-KG", "name": "Steak de bœuf", "category": "Viandes",
             "producer": "P-TDH-001", "sale_unit": "kg", "unit_label": "", "price": "29.50",
             "producer_price": "21.00", "vat_pct": 6, "zone": "chilled", "tolerance_pct": 10,
             "barcodes": [], "available": True},
            {"sku": "TDH-GLACE-1L", "name": "Glace vanille", "category": "Surgelés",
             "producer": "P-TDH-002", "sale_unit": "unit", "unit_label": "1 l",
             "price": "7.80", "producer_price": "5.20", "vat_pct": 6, "zone": "frozen",
             "tolerance_pct": 0, "barcodes": ["5412345000051"], "available": True},
            {"sku": "TDH-BEURRE", "name": "Beurre de ferme", "category": "Produits laitiers",
             "producer": "P-TDH-002", "sale_unit": "unit", "unit_label": "250 g",
             "price": "3.60", "producer_price": "2.40", "vat_pct": 6, "zone": "chilled",
             "tolerance_pct": 0, "barcodes": [], "available": False},
        ],
    },
    "customers": {
        "customer": [
            {"ref": "C-1001", "kind": "household", "name": "Anne Dubois",
             "address": "Rue Saint-Gilles 58", "postcode": "4000", "commune": "Liège",
             "phone": "+32 470 12 34 56", "email": "anne.dubois@example.be", "language": "fr",
             "vat_number": "", "notes": "Sonner deux fois"},
            {"ref": "C-1002", "kind": "household", "name": "Jan Peeters",
             "address": "Kerkstraat 4", "postcode": "3790", "commune": "Voeren", "phone": "",
             "email": "", "language": "nl", "vat_number": "", "notes": ""},
            {"ref": "C-1003", "kind": "household", "name": "Maria Schmitz",
             "address": "Aachener Straße 21", "postcode": "4700", "commune": "Eupen",
             "phone": "+32 87 55 66 77", "email": "", "language": "de", "vat_number": "",
             "notes": ""},
            {"ref": "C-2001", "kind": "pro", "name": "Restaurant Le Thier",
             "address": "Thier-à-Liège 10", "postcode": "4000", "commune": "Liège",
             "phone": "+32 4 222 33 44", "email": "compta@lethier.example.be",
             "language": "fr", "vat_number": "BE0445678970", "notes": "Livrer par la cour"},
            {"ref": "C-2002", "kind": "pro", "name": "Cuisine collective de Hannut",
             "address": "Rue de Landen 5", "postcode": "4280", "commune": "Hannut",
             "phone": "", "email": "cuisine@hannut.example.be", "language": "fr",
             "vat_number": "BE0712345630", "notes": ""},
        ],
    },
    "rounds": {
        "depot": [
            {"code": "HES", "coop": "HES", "name": "Dépôt de Hannut",
             "address": "Rue de la Gare 12, 4280 Hannut", "commune": "Hannut", "language": "fr"},
            {"code": "CAR", "coop": "CAR", "name": "Dépôt de Liège",
             "address": "Quai de la Batte 3, 4000 Liège", "commune": "Liège", "language": "fr"},
        ],
        "van": [
            {"ref": "VAN-1", "name": "Kangoo 1", "plate": "1-ABC-123", "capacity_ambient": 30,
             "capacity_chilled": 20, "capacity_frozen": 6},
            {"ref": "VAN-2", "name": "Sprinter", "plate": "2-DEF-456", "capacity_ambient": 60,
             "capacity_chilled": 40, "capacity_frozen": 12},
        ],
        "round": [
            {"ref": "HES-A", "depot": "HES", "van": "VAN-1", "weekdays": ["tue", "fri"],
             "driver": "Marc Lejeune", "departure": "08:30"},
            {"ref": "CAR-A", "depot": "CAR", "van": "VAN-2", "weekdays": ["tue", "thu"],
             "driver": "Sofia Rossi", "departure": "09:00"},
        ],
        "stop": [
            {"round": "HES-A", "seq": 1, "customer": "C-2002", "eta": "09:00"},
            {"round": "HES-A", "seq": 2, "customer": "C-1002", "eta": "10:15"},
            {"round": "CAR-A", "seq": 1, "customer": "C-2001", "eta": "09:30"},
            {"round": "CAR-A", "seq": 2, "customer": "C-1001", "eta": "10:00"},
            {"round": "CAR-A", "seq": 3, "customer": "C-1003", "eta": "11:20"},
        ],
        "packing": [
            {"coop": "HES", "depot": "HES"},
            {"coop": "CAR", "depot": "CAR"},
            {"coop": "TDH", "depot": "HES"},
        ],
    },
    "staff": {
        "staff": [
            {"ref": "S-01", "name": "Julie Martin", "depot": "HES", "role": "supervisor",
             "language": "fr"},
            {"ref": "S-02", "name": "Tom Janssens", "depot": "HES", "role": "packer",
             "language": "nl"},
            {"ref": "S-03", "name": "Karim Benali", "depot": "CAR", "role": "packer",
             "language": "fr"},
            {"ref": "S-04", "name": "Lena Weber", "depot": "CAR", "role": "staff",
             "language": "de"},
        ],
    },
}

ORDERS = [  # the web shop's export: the price shown in the shop, the customer's reference
    ("CP-261201-0001", "C-1001", [("CAR-HERVE-KG", "0.450", "18.90"), ("CAR-YAO-500", "2", "2.85"),
                                  ("HES-JUS-1L", "1", "3.20")]),
    ("CP-261201-0002", "C-2001", [("TDH-STEAK-KG", "1.200", "28.00"), ("HES-CID-75", "6", "6.50"),
                                  ("HES-POT-1KG", "5", "1.90"), ("CAR-YAO-500", "4", "2.85")]),
    ("CP-261201-0003", "C-2002", [("HES-CAR-BOT", "10", "2.40"), ("HES-POT-1KG", "12", "1.80"),
                                  ("TDH-GLACE-1L", "2", "7.80")]),
    ("CP-261201-0004", "C-1002", [("HES-JUS-1L", "2", "3.20"),
                                  ("CAR-HERVE-KG", "0.300", "18.90")]),
    ("CP-261201-0005", "C-1003", [("TDH-STEAK-KG", "0.600", "29.50"),
                                  ("HES-CAR-BOT", "1", "2.40")]),
]
ORDER_COLUMNS = ("number", "delivery_date", "customer", "sku", "quantity", "price")


def _csv_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return " ".join(v)
    return str(v)


def main() -> None:
    for what, kinds in DATA.items():
        (HERE / f"{what}.json").write_text(json.dumps(
            {plural(k): rows for k, rows in kinds.items()}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")
        fields = KINDS[what]
        header = list(dict.fromkeys(c for k in kinds for c in fields[k]))
        with (HERE / f"{what}.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow((["record"] if len(fields) > 1 else []) + header)
            for kind, rows in kinds.items():
                for row in rows:
                    w.writerow(([kind] if len(fields) > 1 else [])
                               + [_csv_value(row.get(c, "")) for c in header])
    day = "2026-12-01"
    with (HERE / "orders.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(ORDER_COLUMNS)
        for number, customer, lines in ORDERS:
            for sku, qty, price in lines:
                w.writerow((number, day, customer, sku, qty, price))
    (HERE / "orders.json").write_text(json.dumps({"orders": [
        {"number": n, "delivery_date": day, "customer": c,
         "lines": [{"sku": s, "quantity": q, "price": p} for s, q, p in lines]}
        for n, c, lines in ORDERS]}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
