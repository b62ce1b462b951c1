"""Words printed on documents, in the four languages of a depot (fr, nl, de, en).

A small catalogue keeps documents independent of Qt (the UI uses Qt's own translation
files). Every key exists in every language: a test checks it.
"""

from __future__ import annotations

import datetime as dt

from cpdesk import formats

LANGUAGES: tuple[str, ...] = ("fr", "nl", "de", "en")

_CATALOGUE: dict[str, dict[str, str]] = {
    # crate label
    "round": {"fr": "Tournée", "nl": "Ronde", "de": "Tour", "en": "Round"},
    "stop": {"fr": "Arrêt", "nl": "Stop", "de": "Halt", "en": "Stop"},
    "crate": {"fr": "Caisse", "nl": "Krat", "de": "Kiste", "en": "Crate"},
    "order": {"fr": "Commande", "nl": "Bestelling", "de": "Bestellung", "en": "Order"},
    "delivery": {"fr": "Livraison", "nl": "Levering", "de": "Lieferung", "en": "Delivery"},
    "zone.ambient": {"fr": "AMBIANT", "nl": "DROOG", "de": "UNGEKÜHLT", "en": "AMBIENT"},
    "zone.chilled": {"fr": "FRAIS", "nl": "GEKOELD", "de": "GEKÜHLT", "en": "CHILLED"},
    "zone.frozen": {"fr": "SURGELÉ", "nl": "DIEPVRIES", "de": "TIEFGEKÜHLT", "en": "FROZEN"},
    # delivery note
    "delivery_note": {"fr": "Bon de livraison", "nl": "Leveringsbon", "de": "Lieferschein",
                      "en": "Delivery note"},
    "customer": {"fr": "Client", "nl": "Klant", "de": "Kunde", "en": "Customer"},
    "delivery_date": {"fr": "Date de livraison", "nl": "Leverdatum", "de": "Lieferdatum",
                      "en": "Delivery date"},
    "product": {"fr": "Produit", "nl": "Product", "de": "Produkt", "en": "Product"},
    "ordered": {"fr": "Commandé", "nl": "Besteld", "de": "Bestellt", "en": "Ordered"},
    "packed": {"fr": "Livré", "nl": "Geleverd", "de": "Geliefert", "en": "Packed"},
    "unit_price": {"fr": "Prix", "nl": "Prijs", "de": "Preis", "en": "Price"},
    "amount": {"fr": "Montant", "nl": "Bedrag", "de": "Betrag", "en": "Amount"},
    "vat": {"fr": "TVA", "nl": "btw", "de": "MwSt.", "en": "VAT"},
    "vat_number": {"fr": "N° TVA", "nl": "Btw-nr.", "de": "USt-IdNr.", "en": "VAT no."},
    "note": {"fr": "Remarque", "nl": "Opmerking", "de": "Bemerkung", "en": "Note"},
    "base": {"fr": "Base HTVA", "nl": "Basis excl. btw", "de": "Netto", "en": "Net"},
    "total": {"fr": "Total", "nl": "Totaal", "de": "Gesamt", "en": "Total"},
    "total_incl": {"fr": "Total TVAC", "nl": "Totaal incl. btw", "de": "Gesamt inkl. MwSt.",
                   "en": "Total incl. VAT"},
    "crates": {"fr": "Caisses", "nl": "Kratten", "de": "Kisten", "en": "Crates"},
    "left_behind": {"fr": "Restées au dépôt", "nl": "Achtergebleven in het depot",
                    "de": "Im Depot geblieben", "en": "Left at the depot"},
    "page": {"fr": "Page", "nl": "Pagina", "de": "Seite", "en": "Page"},
    "per_kg": {"fr": "/kg", "nl": "/kg", "de": "/kg", "en": "/kg"},
    "pcs": {"fr": "pc", "nl": "st", "de": "Stk", "en": "pc"},
    "short": {"fr": "Manquant", "nl": "Ontbreekt", "de": "Fehlt", "en": "Short"},
    "substituted": {"fr": "Remplacé", "nl": "Vervangen", "de": "Ersetzt", "en": "Substituted"},
    "removed": {"fr": "Retiré de la commande", "nl": "Uit de bestelling geschrapt",
                "de": "Aus der Bestellung gestrichen", "en": "Removed from the order"},
    "substituted_by": {"fr": "Remplacé par", "nl": "Vervangen door", "de": "Ersetzt durch",
                       "en": "Replaced by"},
    "not_packed": {"fr": "Pas encore préparé", "nl": "Nog niet klaargemaakt",
                   "de": "Noch nicht gepackt", "en": "Not packed yet"},
    "manual_weight": {"fr": "pesée manuelle", "nl": "handmatig gewogen",
                      "de": "manuell gewogen", "en": "manual weight"},
    "packed_at": {"fr": "Préparé à", "nl": "Klaargemaakt in", "de": "Gepackt in",
                  "en": "Packed at"},
    "reason.out_of_stock": {"fr": "rupture de stock", "nl": "niet op voorraad",
                            "de": "nicht vorrätig", "en": "out of stock"},
    "reason.damaged": {"fr": "abîmé", "nl": "beschadigd", "de": "beschädigt", "en": "damaged"},
    "reason.not_delivered": {"fr": "non livré par le producteur",
                             "nl": "niet geleverd door producent",
                             "de": "vom Erzeuger nicht geliefert",
                             "en": "not delivered by the producer"},
    "reason.quality": {"fr": "qualité insuffisante", "nl": "onvoldoende kwaliteit",
                       "de": "Qualität ungenügend", "en": "quality"},
    "depot": {"fr": "Dépôt", "nl": "Depot", "de": "Depot", "en": "Depot"},
    # manifest
    "manifest": {"fr": "Feuille de route", "nl": "Rittenlijst", "de": "Tourenliste",
                 "en": "Van manifest"},
    "van": {"fr": "Camionnette", "nl": "Bestelwagen", "de": "Lieferwagen", "en": "Van"},
    "driver": {"fr": "Chauffeur", "nl": "Chauffeur", "de": "Fahrer", "en": "Driver"},
    "departure": {"fr": "Départ", "nl": "Vertrek", "de": "Abfahrt", "en": "Departure"},
    "eta": {"fr": "Heure", "nl": "Uur", "de": "Zeit", "en": "ETA"},
    "address": {"fr": "Adresse", "nl": "Adres", "de": "Adresse", "en": "Address"},
    "phone": {"fr": "Tél.", "nl": "Tel.", "de": "Tel.", "en": "Phone"},
    "stops": {"fr": "arrêts", "nl": "stops", "de": "Halte", "en": "stops"},
    "loading_order": {"fr": "Ordre de chargement (dernier arrêt chargé en premier)",
                      "nl": "Laadvolgorde (laatste stop eerst laden)",
                      "de": "Ladereihenfolge (letzter Halt zuerst laden)",
                      "en": "Loading order (last stop loaded first)"},
    "load_step": {"fr": "Charger", "nl": "Laden", "de": "Laden", "en": "Load"},
    "zone_short.ambient": {"fr": "Amb.", "nl": "Droog", "de": "Ungek.", "en": "Amb."},
    "zone_short.chilled": {"fr": "Frais", "nl": "Gekoeld", "de": "Gekühlt", "en": "Chilled"},
    "zone_short.frozen": {"fr": "Surg.", "nl": "Diepvr.", "de": "TK", "en": "Frozen"},
    # pick list
    "picklist": {"fr": "Liste de cueillette", "nl": "Picklijst", "de": "Kommissionierliste",
                 "en": "Pick list"},
    "quantity": {"fr": "Quantité", "nl": "Hoeveelheid", "de": "Menge", "en": "Quantity"},
    "orders": {"fr": "Commandes", "nl": "Bestellingen", "de": "Bestellungen", "en": "Orders"},
    "producer": {"fr": "Producteur", "nl": "Producent", "de": "Erzeuger", "en": "Producer"},
    "all_rounds": {"fr": "toutes tournées", "nl": "alle ronden", "de": "alle Touren",
                   "en": "all rounds"},
    "products": {"fr": "produits", "nl": "producten", "de": "Produkte", "en": "products"},
    # receipt
    "receipt": {"fr": "Ticket", "nl": "Kasticket", "de": "Kassenbon", "en": "Receipt"},
    "refund": {"fr": "REMBOURSEMENT", "nl": "TERUGBETALING", "de": "ERSTATTUNG",
               "en": "REFUND"},
    "register": {"fr": "Caisse", "nl": "Kassa", "de": "Kasse", "en": "Register"},
    "served_by": {"fr": "Servi par", "nl": "Bediend door", "de": "Bedient von",
                  "en": "Served by"},
    "discount": {"fr": "Remise", "nl": "Korting", "de": "Rabatt", "en": "Discount"},
    "pay.cash": {"fr": "Espèces", "nl": "Contant", "de": "Bar", "en": "Cash"},
    "pay.card": {"fr": "Carte", "nl": "Kaart", "de": "Karte", "en": "Card"},
    "pay.voucher": {"fr": "Bon d'achat", "nl": "Waardebon", "de": "Gutschein",
                    "en": "Voucher"},
    "tendered": {"fr": "Reçu", "nl": "Ontvangen", "de": "Gegeben", "en": "Tendered"},
    "change": {"fr": "Rendu", "nl": "Wisselgeld", "de": "Rückgeld", "en": "Change"},
    "thanks": {"fr": "Merci et à bientôt\u202f!", "nl": "Bedankt en tot ziens!",
               "de": "Danke und bis bald!", "en": "Thank you, see you soon!"},
    "discounts_total": {"fr": "Dont remises", "nl": "Waarvan korting", "de": "Davon Rabatt",
                        "en": "Of which discounts"},
    "pay.rounding": {"fr": "Arrondi", "nl": "Afronding", "de": "Rundung", "en": "Rounding"},
    "copy": {"fr": "DUPLICATA", "nl": "DUPLICAAT", "de": "DUPLIKAT", "en": "DUPLICATE"},
    "refund_of": {"fr": "Retour du ticket", "nl": "Retour van kasticket",
                  "de": "Rückgabe zu Kassenbon", "en": "Return of receipt"},
    "pickup_of": {"fr": "Retrait commande", "nl": "Afhaling bestelling",
                  "de": "Abholung Bestellung", "en": "Collection of order"},
    # X and Z reports of the register
    "report": {"fr": "RAPPORT", "nl": "RAPPORT", "de": "BERICHT", "en": "REPORT"},
    "z_no": {"fr": "Z n°", "nl": "Z nr.", "de": "Z-Nr.", "en": "Z no."},
    "opened": {"fr": "Ouverture", "nl": "Geopend", "de": "Geöffnet", "en": "Opened"},
    "closed": {"fr": "Clôture", "nl": "Afgesloten", "de": "Geschlossen", "en": "Closed"},
    "receipts_from_to": {"fr": "Tickets {0} à {1}", "nl": "Kastickets {0} tot {1}",
                         "de": "Kassenbons {0} bis {1}", "en": "Receipts {0} to {1}"},
    "receipts_none": {"fr": "Tickets\u00a0: aucun", "nl": "Kastickets: geen",
                      "de": "Kassenbons: keine", "en": "Receipts: none"},
    "sales_count": {"fr": "Ventes", "nl": "Verkopen", "de": "Verkäufe", "en": "Sales"},
    "refunds_count": {"fr": "Remboursements", "nl": "Terugbetalingen", "de": "Erstattungen",
                      "en": "Refunds"},
    "by_vat_rate": {"fr": "Par taux de TVA (TTC)", "nl": "Per btw-tarief (incl. btw)",
                    "de": "Nach MwSt.-Satz (brutto)", "en": "By VAT rate (incl. VAT)"},
    "sales": {"fr": "ventes", "nl": "verkopen", "de": "Verkäufe", "en": "sales"},
    "refunds_short": {"fr": "rembours.", "nl": "terugbet.", "de": "Erstatt.", "en": "refunds"},
    "discounts": {"fr": "remises", "nl": "kortingen", "de": "Rabatte", "en": "discounts"},
    "net_total": {"fr": "Total net", "nl": "Netto totaal", "de": "Gesamt netto",
                  "en": "Net total"},
    "by_method": {"fr": "Par moyen de paiement", "nl": "Per betaalwijze",
                  "de": "Nach Zahlungsart", "en": "By payment method"},
    "drawer": {"fr": "Caisse", "nl": "Kassa", "de": "Kasse", "en": "Drawer"},
    "float": {"fr": "Fond de caisse", "nl": "Wisselgeld bij opening", "de": "Wechselgeld",
              "en": "Float"},
    "cash_in": {"fr": "Entrée", "nl": "Storting", "de": "Einlage", "en": "Cash in"},
    "cash_out": {"fr": "Sortie", "nl": "Opname", "de": "Entnahme", "en": "Cash out"},
    "cash_expected": {"fr": "Espèces attendues", "nl": "Verwacht contant",
                      "de": "Bargeld erwartet", "en": "Cash expected"},
    "cash_counted": {"fr": "Espèces comptées", "nl": "Geteld contant",
                     "de": "Bargeld gezählt", "en": "Cash counted"},
    "difference": {"fr": "Écart", "nl": "Verschil", "de": "Differenz", "en": "Difference"},
    # producer statement
    "statement": {"fr": "Relevé producteur", "nl": "Producentenoverzicht",
                  "de": "Erzeugerabrechnung", "en": "Producer statement"},
    "week": {"fr": "Semaine", "nl": "Week", "de": "Woche", "en": "Week"},
    "lines": {"fr": "Lignes", "nl": "Lijnen", "de": "Zeilen", "en": "Lines"},
    "delivered": {"fr": "Livré", "nl": "Geleverd", "de": "Geliefert", "en": "Delivered"},
    "sales_incl": {"fr": "Ventes TVAC", "nl": "Verkoop incl. btw", "de": "Verkauf inkl. MwSt.",
                   "en": "Sales incl. VAT"},
    "producer_price": {"fr": "Prix producteur", "nl": "Producentenprijs", "de": "Erzeugerpreis",
                       "en": "Producer price"},
    "producer_amount": {"fr": "Montant producteur", "nl": "Bedrag producent",
                        "de": "Betrag Erzeuger", "en": "Producer amount"},
    "shortages": {"fr": "Manquants", "nl": "Tekorten", "de": "Fehlmengen", "en": "Shortages"},
    "nothing_delivered": {"fr": "Rien livré cette semaine.", "nl": "Niets geleverd deze week.",
                          "de": "Diese Woche nichts geliefert.",
                          "en": "Nothing delivered this week."},
    "no_price": {"fr": "prix producteur inconnu", "nl": "producentenprijs onbekend",
                 "de": "Erzeugerpreis unbekannt", "en": "producer price unknown"},
}


def check_language(lang: str) -> str:
    code = (lang or "fr").lower()
    if code not in LANGUAGES:
        raise ValueError(f"unknown document language {lang!r} (use {', '.join(LANGUAGES)})")
    return code


def tr(lang: str, key: str) -> str:
    """The word for `key` in `lang`; an unknown key is a programming error (KeyError)."""
    return _CATALOGUE[key][lang]


def colon(lang: str) -> str:
    """':' and a space after a label, as `lang` writes it: French puts a no-break space
    before the colon ('Date de livraison\u00a0: ...'), so a wrapped line never starts with
    it; Dutch, German and English put none."""
    return "\u00a0: " if lang == "fr" else ": "


def keys() -> list[str]:
    return list(_CATALOGUE)


def long_date(lang: str, day: dt.date) -> str:
    """'jeudi 26 novembre 2026', 'Thursday 26 November 2026' (names of days and months from
    the locale data, see cpdesk.formats)."""
    return formats.day_long(day, lang)


def short_date(day: dt.date) -> str:
    """26/11/2026: the Belgian numeric date, the same in the four languages."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
