"""Fill the .ts files with the French, Dutch and German texts kept here, then compile them.

Workflow: `pyside6-lupdate cpdesk/ui/*.py -ts cpdesk/resources/i18n/cpdesk_fr.ts ...` (new
source strings appear unfinished), add their translations to TEXTS, run this script
(`python cpdesk/resources/i18n/fill_translations.py`), which marks them finished and runs
`pyside6-lrelease`. Translators may equally edit the .ts files with Qt Linguist.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).parent
LANGS = ("fr", "nl", "de")

# English source -> (French, Dutch, German)
TEXTS: dict[str, tuple[str, str, str]] = {
    # board
    "to pack": ("à préparer", "te verpakken", "zu packen"),
    "in progress": ("en cours", "bezig", "in Arbeit"),
    "packed": ("préparée", "verpakt", "gepackt"),
    "delivered": ("livrée", "geleverd", "geliefert"),
    "cancelled": ("annulée", "geannuleerd", "storniert"),
    "other depot": ("autre dépôt", "ander depot", "anderes Depot"),
    "changed centrally": ("modifiée en central", "centraal gewijzigd", "zentral geändert"),
    "Stop": ("Arrêt", "Stop", "Halt"),
    "Order": ("Commande", "Bestelling", "Bestellung"),
    "Customer": ("Client", "Klant", "Kunde"),
    "Commune": ("Commune", "Gemeente", "Gemeinde"),
    "Zones": ("Zones", "Zones", "Zonen"),
    "Lines": ("Lignes", "Lijnen", "Zeilen"),
    "Crates": ("Caisses", "Kratten", "Kisten"),
    "State": ("État", "Status", "Status"),
    "Progress": ("Avancement", "Voortgang", "Fortschritt"),
    "driver: {0}": ("chauffeur : {0}", "chauffeur: {0}", "Fahrer: {0}"),
    "{0}/{1} orders packed": ("{0}/{1} commandes préparées", "{0}/{1} bestellingen verpakt",
                              "{0}/{1} Bestellungen gepackt"),
    "{0}/{1} lines": ("{0}/{1} lignes", "{0}/{1} lijnen", "{0}/{1} Zeilen"),
    "{0} crates": ("{0} caisses", "{0} kratten", "{0} Kisten"),
    "Search order or customer…  (Ctrl+F)": ("Chercher une commande ou un client…  (Ctrl+F)",
                                            "Bestelling of klant zoeken…  (Ctrl+F)",
                                            "Bestellung oder Kunde suchen…  (Strg+F)"),
    "Refresh (F5)": ("Actualiser (F5)", "Vernieuwen (F5)", "Aktualisieren (F5)"),
    "All states": ("Tous les états", "Alle statussen", "Alle Status"),
    "All zones": ("Toutes les zones", "Alle zones", "Alle Zonen"),
    "All rounds": ("Toutes les tournées", "Alle rondes", "Alle Touren"),
    "Ambient": ("Ambiant", "Ambiant", "Raumtemperatur"),
    "Chilled": ("Frais", "Gekoeld", "Gekühlt"),
    "Frozen": ("Surgelé", "Diepvries", "Tiefgekühlt"),
    "Loading…": ("Chargement…", "Laden…", "Wird geladen…"),
    "{0} rounds · {1}/{2} orders packed · {3} crates": (
        "{0} tournées · {1}/{2} commandes préparées · {3} caisses",
        "{0} rondes · {1}/{2} bestellingen verpakt · {3} kratten",
        "{0} Touren · {1}/{2} Bestellungen gepackt · {3} Kisten"),
    "Could not load the board: {0}": ("Impossible de charger le tableau : {0}",
                                      "Het overzicht kon niet geladen worden: {0}",
                                      "Die Übersicht konnte nicht geladen werden: {0}"),
    # dashboard and main window
    "Sync: {0}": ("Synchro : {0}", "Sync: {0}", "Sync: {0}"),
    "Scale: {0}": ("Balance : {0}", "Weegschaal: {0}", "Waage: {0}"),
    "Printers: {0}": ("Imprimantes : {0}", "Printers: {0}", "Drucker: {0}"),
    "ready": ("prêtes", "klaar", "bereit"),
    "Orders packed per hour": ("Commandes préparées par heure", "Bestellingen verpakt per uur",
                               "Gepackte Bestellungen pro Stunde"),
    "cpdesk — {0} depot": ("cpdesk — dépôt {0}", "cpdesk — depot {0}", "cpdesk — Depot {0}"),
    "Depot {0}": ("Dépôt {0}", "Depot {0}", "Depot {0}"),
    "Packer: {0}": ("Préparateur : {0}", "Inpakker: {0}", "Packer: {0}"),
    "Nobody signed in": ("Personne n'est connecté", "Niemand aangemeld", "Niemand angemeldet"),
    "Switch packer (F12)": ("Changer de préparateur (F12)", "Andere inpakker (F12)",
                            "Packer wechseln (F12)"),
    "Sync: demo (embedded centre)": ("Synchro : démo (central intégré)",
                                     "Synchronisatie: demo (ingebouwde centrale)",
                                     "Synchronisation: Demo (eingebaute Zentrale)"),
    "Devices: simulated": ("Appareils : simulés", "Toestellen: gesimuleerd",
                           "Geräte: simuliert"),
    "Sign in: enter your PIN": ("Connexion : tapez votre code PIN",
                                "Aanmelden: geef uw pincode in",
                                "Anmelden: PIN eingeben"),
    "demo": ("démo", "demo", "Demo"),
    "simulated": ("simulée", "gesimuleerd", "simuliert"),
    "Unknown PIN": ("Code PIN inconnu", "Onbekende pincode", "Unbekannte PIN"),
    "Scan an order slip or a crate to open an order": (
        "Scannez un bon de commande ou une caisse pour ouvrir une commande",
        "Scan een bestelbon of een krat om een bestelling te openen",
        "Bestellschein oder Kiste scannen, um eine Bestellung zu öffnen"),
    "Sign in first": ("Connectez-vous d'abord", "Meld u eerst aan", "Bitte zuerst anmelden"),
    # panels
    "Cancel (Esc)": ("Annuler (Échap)", "Annuleren (Esc)", "Abbrechen (Esc)"),
    "Manual weight (supervisor): weight in grams": (
        "Poids manuel (responsable) : poids en grammes",
        "Manueel gewicht (verantwoordelijke): gewicht in gram",
        "Manuelles Gewicht (Verantwortliche/r): Gewicht in Gramm"),
    "Record weight": ("Enregistrer le poids", "Gewicht registreren", "Gewicht erfassen"),
    "Enter your PIN": ("Tapez votre code PIN", "Geef uw pincode in", "PIN eingeben"),
    "Clear": ("Effacer", "Wissen", "Löschen"),
    "OK (Enter)": ("OK (Entrée)", "OK (Enter)", "OK (Eingabe)"),
    "Out of stock": ("Rupture de stock", "Niet in voorraad", "Nicht vorrätig"),
    "Damaged": ("Abîmé", "Beschadigd", "Beschädigt"),
    "Not delivered by the producer": ("Non livré par le producteur",
                                      "Niet geleverd door de producent",
                                      "Vom Erzeuger nicht geliefert"),
    "Quality not good enough": ("Qualité insuffisante", "Onvoldoende kwaliteit",
                                "Qualität ungenügend"),
    # packing screen
    "◀ Board (Esc)": ("◀ Tableau (Échap)", "◀ Overzicht (Esc)", "◀ Übersicht (Esc)"),
    "Scale": ("Balance", "Weegschaal", "Waage"),
    "Take weight (Space)": ("Prendre le poids (Espace)", "Gewicht nemen (Spatie)",
                            "Gewicht übernehmen (Leertaste)"),
    "+1 piece": ("+1 pièce", "+1 stuk", "+1 Stück"),
    "Short": ("Manquant", "Tekort", "Fehlmenge"),
    "Substitute": ("Remplacer", "Vervangen", "Ersetzen"),
    "New crate": ("Nouvelle caisse", "Nieuwe krat", "Neue Kiste"),
    "Close crate": ("Fermer la caisse", "Krat sluiten", "Kiste schließen"),
    "Take out": ("Retirer", "Uitnemen", "Herausnehmen"),
    "Move to crate": ("Changer de caisse", "Naar krat verplaatsen", "In Kiste umlegen"),
    "Manual weight": ("Poids manuel", "Manueel gewicht", "Manuelles Gewicht"),
    "Undo": ("Annuler l'action", "Ongedaan maken", "Rückgängig"),
    "Supervisor PIN": ("Code PIN du responsable", "Pincode van de verantwoordelijke",
                       "PIN der/des Verantwortlichen"),
    "Not saved: {0}": ("Non enregistré : {0}", "Niet opgeslagen: {0}", "Nicht gespeichert: {0}"),
    "Order {0} opened: scan the products": ("Commande {0} ouverte : scannez les produits",
                                            "Bestelling {0} geopend: scan de producten",
                                            "Bestellung {0} geöffnet: Produkte scannen"),
    "Enter the PIN on the pad": ("Tapez le code PIN sur le pavé", "Geef de pincode in op het klavier",
                                 "PIN auf dem Tastenfeld eingeben"),
    "This product is on several lines: which one?": (
        "Ce produit figure sur plusieurs lignes : laquelle ?",
        "Dit product staat op meerdere lijnen: welke?",
        "Dieses Produkt steht auf mehreren Zeilen: welche?"),
    "{0}: put it on the scale, then Space": ("{0} : posez-le sur la balance, puis Espace",
                                             "{0}: leg het op de weegschaal, dan Spatie",
                                             "{0}: auf die Waage legen, dann Leertaste"),
    "no reading": ("pas de mesure", "geen meting", "kein Messwert"),
    "out of range": ("hors plage", "buiten bereik", "außerhalb des Bereichs"),
    "● stable": ("● stable", "● stabiel", "● stabil"),
    "… moving": ("… instable", "… beweegt", "… unruhig"),
    "Select or scan a product sold per kg first": (
        "Choisissez ou scannez d'abord un produit vendu au kilo",
        "Kies of scan eerst een product dat per kg verkocht wordt",
        "Zuerst ein Produkt wählen oder scannen, das nach kg verkauft wird"),
    "Wait for a stable weight": ("Attendez un poids stable", "Wacht op een stabiel gewicht",
                                 "Auf ein stabiles Gewicht warten"),
    "Nothing on the scale": ("Rien sur la balance", "Niets op de weegschaal",
                             "Nichts auf der Waage"),
    "{0}: ordered {1}, weighed {2} ({3:+d} g, allowed ±{4} g).": (
        "{0} : commandé {1}, pesé {2} ({3:+d} g, toléré ±{4} g).",
        "{0}: besteld {1}, gewogen {2} ({3:+d} g, toegelaten ±{4} g).",
        "{0}: bestellt {1}, gewogen {2} ({3:+d} g, erlaubt ±{4} g)."),
    "Supervisor accepts": ("Le responsable accepte", "Verantwoordelijke aanvaardt",
                           "Verantwortliche/r akzeptiert"),
    "Re-weigh (undo)": ("Repeser (annuler)", "Opnieuw wegen (ongedaan maken)",
                        "Neu wiegen (rückgängig)"),
    "Add another piece": ("Ajouter une pièce", "Nog een stuk toevoegen", "Weiteres Stück hinzufügen"),
    "Outside tolerance: a supervisor must accept, or re-weigh": (
        "Hors tolérance : un responsable doit accepter, ou repesez",
        "Buiten tolerantie: een verantwoordelijke moet aanvaarden, of weeg opnieuw",
        "Außerhalb der Toleranz: Verantwortliche/r muss akzeptieren, oder neu wiegen"),
    "Put the next piece on the scale, then Space": (
        "Posez la pièce suivante sur la balance, puis Espace",
        "Leg het volgende stuk op de weegschaal, dan Spatie",
        "Nächstes Stück auf die Waage legen, dann Leertaste"),
    "Accepted by {0}": ("Accepté par {0}", "Aanvaard door {0}", "Akzeptiert von {0}"),
    "Not a supervisor PIN": ("Ce n'est pas le code d'un responsable",
                             "Geen pincode van een verantwoordelijke",
                             "Keine PIN einer/eines Verantwortlichen"),
    "Select a line first": ("Choisissez d'abord une ligne", "Kies eerst een lijn",
                            "Zuerst eine Zeile wählen"),
    "Short: why can't {0} be packed?": ("Manquant : pourquoi {0} ne peut-il pas être préparé ?",
                                        "Tekort: waarom kan {0} niet verpakt worden?",
                                        "Fehlmenge: Warum kann {0} nicht gepackt werden?"),
    "Substitute: why is {0} replaced?": ("Remplacement : pourquoi {0} est-il remplacé ?",
                                         "Vervanging: waarom wordt {0} vervangen?",
                                         "Ersatz: Warum wird {0} ersetzt?"),
    "Undone": ("Action annulée", "Ongedaan gemaakt", "Rückgängig gemacht"),
    "New crate {0} ({1})": ("Nouvelle caisse {0} ({1})", "Nieuwe krat {0} ({1})",
                            "Neue Kiste {0} ({1})"),
    "No open crate in this zone": ("Aucune caisse ouverte dans cette zone",
                                   "Geen open krat in deze zone", "Keine offene Kiste in dieser Zone"),
    "Crate {0} closed: label printed": ("Caisse {0} fermée : étiquette imprimée",
                                        "Krat {0} gesloten: etiket afgedrukt",
                                        "Kiste {0} geschlossen: Etikett gedruckt"),
    "Item taken out of its crate": ("Article retiré de sa caisse", "Artikel uit de krat genomen",
                                    "Artikel aus der Kiste genommen"),
    "Open a new crate first (F6), then move": (
        "Ouvrez d'abord une nouvelle caisse (F6), puis déplacez",
        "Open eerst een nieuwe krat (F6), verplaats dan",
        "Zuerst eine neue Kiste öffnen (F6), dann umlegen"),
    "Item moved to crate {0}": ("Article déplacé dans la caisse {0}",
                                "Artikel verplaatst naar krat {0}",
                                "Artikel in Kiste {0} umgelegt"),
    "Order {0} packed: {1} crate labels printed": (
        "Commande {0} préparée : {1} étiquettes de caisse imprimées",
        "Bestelling {0} verpakt: {1} kratetiketten afgedrukt",
        "Bestellung {0} gepackt: {1} Kistenetiketten gedruckt"),
    "round {0}, stop {1}": ("tournée {0}, arrêt {1}", "ronde {0}, stop {1}", "Tour {0}, Halt {1}"),
    "PACKED": ("PRÉPARÉE", "VERPAKT", "GEPACKT"),
    "This order was cancelled: do not pack it.": (
        "Cette commande a été annulée : ne la préparez pas.",
        "Deze bestelling werd geannuleerd: niet verpakken.",
        "Diese Bestellung wurde storniert: nicht packen."),
    "This order was changed centrally since packing started: check the lines.": (
        "Cette commande a été modifiée en central depuis le début de la préparation : "
        "vérifiez les lignes.",
        "Deze bestelling werd centraal gewijzigd sinds het inpakken begon: controleer de lijnen.",
        "Diese Bestellung wurde seit Packbeginn zentral geändert: Zeilen prüfen."),
    "Product": ("Produit", "Product", "Produkt"),
    "Producer": ("Producteur", "Producent", "Erzeuger"),
    "Ordered": ("Commandé", "Besteld", "Bestellt"),
    "Packed": ("Préparé", "Verpakt", "Gepackt"),
    "Amount": ("Montant", "Bedrag", "Betrag"),
    "crate {0}, items: {1}": ("caisse {0}, articles : {1}", "krat {0}, artikels: {1}",
                              "Kiste {0}, Artikel: {1}"),
    "no open crate": ("aucune caisse ouverte", "geen open krat", "keine offene Kiste"),
    "{0} open, items: {1}": ("{0} ouverte, articles : {1}", "{0} open, artikels: {1}",
                             "{0} offen, Artikel: {1}"),
    "{0} closed": ("{0} fermée(s)", "{0} gesloten", "{0} geschlossen"),
    "Scan or select a product sold per kg": ("Scannez ou choisissez un produit vendu au kilo",
                                             "Scan of kies een product dat per kg verkocht wordt",
                                             "Ein nach kg verkauftes Produkt scannen oder wählen"),
    "{0}: ordered {1} ±{2} %, packed {3}": ("{0} : commandé {1} ±{2} %, préparé {3}",
                                            "{0}: besteld {1} ±{2} %, verpakt {3}",
                                            "{0}: bestellt {1} ±{2} %, gepackt {3}"),
    # line states and refusals (PackingScreen)
    "partly packed": ("partielle", "gedeeltelijk", "teilweise"),
    "out of tolerance": ("hors tolérance", "buiten tolerantie", "außerhalb der Toleranz"),
    "short": ("manquant", "tekort", "Fehlmenge"),
    "substituted": ("remplacée", "vervangen", "ersetzt"),
    "Misread barcode (bad check digit): scan it again": (
        "Code-barres mal lu (chiffre de contrôle faux) : scannez à nouveau",
        "Barcode verkeerd gelezen (foutief controlecijfer): scan opnieuw",
        "Strichcode falsch gelesen (Prüfziffer falsch): erneut scannen"),
    "Unknown code": ("Code inconnu", "Onbekende code", "Unbekannter Code"),
    "This barcode is not in the catalogue": ("Ce code-barres n'est pas au catalogue",
                                             "Deze barcode staat niet in de catalogus",
                                             "Dieser Strichcode ist nicht im Katalog"),
    "This product is not in this order": ("Ce produit ne fait pas partie de cette commande",
                                          "Dit product hoort niet bij deze bestelling",
                                          "Dieses Produkt gehört nicht zu dieser Bestellung"),
    "This product is packed by another depot": ("Ce produit est préparé par un autre dépôt",
                                                "Dit product wordt door een ander depot verpakt",
                                                "Dieses Produkt packt ein anderes Depot"),
    "This line is already complete": ("Cette ligne est déjà complète", "Deze lijn is al volledig",
                                      "Diese Zeile ist bereits vollständig"),
    "This line is already resolved": ("Cette ligne est déjà réglée", "Deze lijn is al afgehandeld",
                                      "Diese Zeile ist bereits erledigt"),
    "This order is cancelled or delivered": ("Cette commande est annulée ou livrée",
                                             "Deze bestelling is geannuleerd of geleverd",
                                             "Diese Bestellung ist storniert oder geliefert"),
    "No such order": ("Commande introuvable", "Bestelling niet gevonden",
                      "Bestellung nicht gefunden"),
    "This product is sold per piece, not weighed": (
        "Ce produit est vendu à la pièce, il ne se pèse pas",
        "Dit product wordt per stuk verkocht, niet gewogen",
        "Dieses Produkt wird pro Stück verkauft, nicht gewogen"),
    "The weight must be above zero": ("Le poids doit être supérieur à zéro",
                                      "Het gewicht moet groter zijn dan nul",
                                      "Das Gewicht muss größer als null sein"),
    "A supervisor must confirm this": ("Un responsable doit confirmer",
                                       "Een verantwoordelijke moet dit bevestigen",
                                       "Verantwortliche/r muss bestätigen"),
    "This crate is closed": ("Cette caisse est fermée", "Deze krat is gesloten",
                             "Diese Kiste ist geschlossen"),
    "Wrong temperature zone for this crate": ("Mauvaise zone de température pour cette caisse",
                                              "Verkeerde temperatuurzone voor deze krat",
                                              "Falsche Temperaturzone für diese Kiste"),
    "This crate belongs to another order": ("Cette caisse appartient à une autre commande",
                                            "Deze krat hoort bij een andere bestelling",
                                            "Diese Kiste gehört zu einer anderen Bestellung"),
    "This crate is empty": ("Cette caisse est vide", "Deze krat is leeg", "Diese Kiste ist leer"),
    "Nothing to undo": ("Rien à annuler", "Niets om ongedaan te maken", "Nichts rückgängig zu machen"),
    "This weight is within tolerance": ("Ce poids est dans la tolérance",
                                        "Dit gewicht valt binnen de tolerantie",
                                        "Dieses Gewicht liegt in der Toleranz"),
    "Choose a reason from the list": ("Choisissez une raison dans la liste",
                                      "Kies een reden uit de lijst",
                                      "Einen Grund aus der Liste wählen"),
    "No item to take out": ("Aucun article à retirer", "Geen artikel om uit te nemen",
                            "Kein Artikel zum Herausnehmen"),
    "Refused": ("Refusé", "Geweigerd", "Abgelehnt"),
}


def fill(lang: str) -> list[str]:
    index = LANGS.index(lang)
    path = HERE / f"cpdesk_{lang}.ts"
    tree = ET.parse(path)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if source in TEXTS:
            translation.text = TEXTS[source][index]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).with_name("pyside6-lrelease"))
    missing: set[str] = set()
    for lang in LANGS:
        missing.update(fill(lang))
        subprocess.run([lrelease, str(HERE / f"cpdesk_{lang}.ts"), "-qm",
                        str(HERE / f"cpdesk_{lang}.qm")], check=True)
    for source in sorted(missing):
        print(f"untranslated: {source!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
