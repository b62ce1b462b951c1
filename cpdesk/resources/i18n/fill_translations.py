"""Fill the .ts files with the French, Dutch and German texts kept here, then compile them.

Workflow: `pyside6-lupdate -no-obsolete cpdesk/ui/*.py cpdesk/ui/*/*.py -ts cpdesk/resources/i18n/cpdesk_fr.ts ...`
(the shell and every feature folder of cpdesk/ui; new
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
    # loading: scan outcomes (issue 8)
    "Unknown crate {code}": ("Caisse inconnue {code}", "Onbekend krat {code}", "Unbekannte Kiste {code}"),
    "Round {round} has already left": ("La tournée {round} est déjà partie",
                                       "Ronde {round} is al vertrokken",
                                       "Tour {round} ist schon abgefahren"),
    "Crate {code} belongs to {where}, not to {round}": (
        "La caisse {code} est pour {where}, pas pour {round}",
        "Krat {code} hoort bij {where}, niet bij {round}",
        "Kiste {code} gehört zu {where}, nicht zu {round}"),
    "Crate {code} is still open: close it at packing first": (
        "La caisse {code} est encore ouverte : fermez-la d'abord à la préparation",
        "Krat {code} is nog open: sluit het eerst bij het verpakken",
        "Kiste {code} ist noch offen: erst beim Packen schließen"),
    "Crate {code} is already on the van": ("La caisse {code} est déjà dans la camionnette",
                                           "Krat {code} staat al in de bestelwagen",
                                           "Kiste {code} ist schon im Lieferwagen"),
    "Crate {code} loaded for stop {stop}": ("Caisse {code} chargée pour l'arrêt {stop}",
                                            "Krat {code} geladen voor stop {stop}",
                                            "Kiste {code} für Halt {stop} geladen"),
    "Crate {code} taken off the van": ("Caisse {code} retirée de la camionnette",
                                       "Krat {code} uit de bestelwagen gehaald",
                                       "Kiste {code} aus dem Lieferwagen genommen"),
    "Crate {code} has no round": ("La caisse {code} n'a pas de tournée",
                                  "Krat {code} heeft geen ronde", "Kiste {code} hat keine Tour"),
    "Crate {code} was packed at {depot}, not here": (
        "La caisse {code} a été préparée à {depot}, pas ici",
        "Krat {code} werd in {depot} verpakt, niet hier",
        "Kiste {code} wurde in {depot} gepackt, nicht hier"),
    "Crate {code} leaves for {depot} (round {round})": (
        "La caisse {code} part pour {depot} (tournée {round})",
        "Krat {code} vertrekt naar {depot} (ronde {round})",
        "Kiste {code} geht nach {depot} (Tour {round})"),
    "Crate {code} arrived at the wrong depot: its round {round} leaves from {depot}": (
        "Caisse {code} arrivée au mauvais dépôt : sa tournée {round} part de {depot}",
        "Krat {code} in het verkeerde depot: ronde {round} vertrekt uit {depot}",
        "Kiste {code} im falschen Depot: ihre Tour {round} fährt ab {depot}"),
    "Crate {code} received for round {round}": ("Caisse {code} reçue pour la tournée {round}",
                                                "Krat {code} ontvangen voor ronde {round}",
                                                "Kiste {code} für Tour {round} empfangen"),
    # loading: what a scan does (issue 8)
    "Scan: load the van": ("Scan : charger la camionnette", "Scan: bestelwagen laden",
                           "Scan: Lieferwagen beladen"),
    "Scan: take off the van": ("Scan : retirer de la camionnette", "Scan: uit de bestelwagen halen",
                               "Scan: aus dem Lieferwagen nehmen"),
    "Scan: send to another depot": ("Scan : envoyer à un autre dépôt",
                                    "Scan: naar een ander depot sturen",
                                    "Scan: an ein anderes Depot senden"),
    "Scan: receive from another depot": ("Scan : recevoir d'un autre dépôt",
                                         "Scan: ontvangen van een ander depot",
                                         "Scan: von einem anderen Depot empfangen"),
    # board: van capacity (issue 8)
    "ambient": ("ambiant", "ambiant", "Raumtemperatur"),
    "chilled": ("frais", "gekoeld", "gekühlt"),
    "frozen": ("surgelé", "diepvries", "tiefgekühlt"),
    "⚠ {0} crates {1}/{2} places": ("⚠ caisses {0} : {1}/{2} places",
                                     "⚠ kratten {0}: {1}/{2} plaatsen",
                                     "⚠ Kisten {0}: {1}/{2} Plätze"),
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
                                            "Bestellung oder Kunde suchen…  (Ctrl+F)"),
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
    # main window toolbar
    "Board (Ctrl+1)": ("Tableau (Ctrl+1)", "Overzicht (Ctrl+1)", "Übersicht (Ctrl+1)"),
    "Counter (Ctrl+2)": ("Comptoir (Ctrl+2)", "Toonbank (Ctrl+2)", "Theke (Ctrl+2)"),
    "Loading (Ctrl+3)": ("Chargement (Ctrl+3)", "Laden (Ctrl+3)", "Verladen (Ctrl+3)"),
    "Hardware…": ("Matériel…", "Apparatuur…", "Geräte…"),
    "Sync now": ("Synchroniser", "Nu synchroniseren", "Jetzt synchronisieren"),
    # sync status (context "Sync")
    "not configured: {0}": ("non configurée : {0}", "niet ingesteld: {0}",
                            "nicht eingerichtet: {0}"),
    "starting…": ("démarrage…", "opstarten…", "startet…"),
    "syncing…": ("synchronisation…", "synchroniseren…", "synchronisiert…"),
    "online": ("en ligne", "online", "online"),
    "offline": ("hors ligne", "offline", "offline"),
    "last {0}": ("dernière {0}", "laatste {0}", "zuletzt {0}"),
    "{0} waiting": ("{0} en attente", "{0} wachtend", "{0} wartend"),
    "held back at the centre: {0}": ("retenu par la centrale : {0}",
                                     "tegengehouden door de centrale: {0}",
                                     "von der Zentrale zurückgehalten: {0}"),
    "held back at the centre for {1}: {0}": ("retenu par la centrale depuis {1} : {0}",
                                             "tegengehouden door de centrale sinds {1}: {0}",
                                             "seit {1} von der Zentrale zurückgehalten: {0}"),
    # counter: sale tab
    "Sale": ("Vente", "Verkoop", "Verkauf"),
    "Pick-up": ("Retrait", "Afhaling", "Abholung"),
    "Register": ("Caisse enregistreuse", "Kassa", "Kasse"),
    "Sign in (PIN)": ("Connexion (PIN)", "Aanmelden (pincode)", "Anmelden (PIN)"),
    "Register {0}": ("Caisse enregistreuse {0}", "Kassa {0}", "Kasse {0}"),
    "Your PIN to serve at the counter": ("Votre code PIN pour servir au comptoir",
                                         "Uw pincode om aan de toonbank te bedienen",
                                         "Ihre PIN für den Dienst an der Theke"),
    "That is not a supervisor's PIN": ("Ce n'est pas le code d'un responsable",
                                       "Geen pincode van een verantwoordelijke",
                                       "Keine PIN einer/eines Verantwortlichen"),
    "{0}: a supervisor's PIN is needed": ("{0} : code PIN d'un responsable requis",
                                          "{0}: pincode van een verantwoordelijke nodig",
                                          "{0}: PIN einer/eines Verantwortlichen nötig"),
    "Sign in with your PIN first": ("Connectez-vous d'abord avec votre code PIN",
                                    "Meld u eerst aan met uw pincode",
                                    "Zuerst mit Ihrer PIN anmelden"),
    "Search: name, producer, code": ("Chercher : nom, producteur, code",
                                     "Zoeken: naam, producent, code",
                                     "Suchen: Name, Erzeuger, Code"),
    "Scale: no reading": ("Balance : pas de mesure", "Weegschaal: geen meting",
                          "Waage: kein Messwert"),
    "Take the weight": ("Prendre le poids", "Gewicht nemen", "Gewicht übernehmen"),
    "Remove line": ("Supprimer la ligne", "Lijn verwijderen", "Zeile löschen"),
    "10% or 2,50": ("10% ou 2,50", "10% of 2,50", "10% oder 2,50"),
    "Line discount": ("Remise ligne", "Korting lijn", "Zeilenrabatt"),
    "Cart discount": ("Remise panier", "Korting mandje", "Warenkorbrabatt"),
    "Cancel sale": ("Annuler la vente", "Verkoop annuleren", "Verkauf abbrechen"),
    "/kg": ("/kg", "/kg", "/kg"),
    "A payment was taken: undo it before changing the cart": (
        "Un paiement a été encaissé : annulez-le avant de modifier le panier",
        "Er werd al betaald: maak de betaling ongedaan voor u het mandje wijzigt",
        "Es wurde schon bezahlt: Zahlung zurücknehmen, bevor der Warenkorb geändert wird"),
    "{0}: waiting for a stable weight on the scale": (
        "{0} : en attente d'un poids stable sur la balance",
        "{0}: wachten op een stabiel gewicht op de weegschaal",
        "{0}: warten auf ein stabiles Gewicht auf der Waage"),
    "stable": ("stable", "stabiel", "stabil"),
    "moving": ("instable", "beweegt", "unruhig"),
    "Scale: {0} ({1})": ("Balance : {0} ({1})", "Weegschaal: {0} ({1})", "Waage: {0} ({1})"),
    "The catalogue is still loading": ("Le catalogue est encore en cours de chargement",
                                       "De catalogus wordt nog geladen",
                                       "Der Katalog wird noch geladen"),
    "Unknown code {0}": ("Code inconnu {0}", "Onbekende code {0}", "Unbekannter Code {0}"),
    "Type 10% or an amount such as 2,50": ("Tapez 10% ou un montant comme 2,50",
                                           "Typ 10% of een bedrag zoals 2,50",
                                           "10% oder einen Betrag wie 2,50 eingeben"),
    "discounts {0}": ("remises {0}", "kortingen {0}", "Rabatte {0}"),
    "VAT {0}%: {1} of {2}": ("TVA {0} % : {1} sur {2}", "btw {0}%: {1} op {2}",
                             "MwSt. {0} %: {1} von {2}"),
    "Receipt {0} recorded. Change: {1}": ("Ticket {0} enregistré. À rendre : {1}",
                                          "Kasticket {0} geregistreerd. Terug: {1}",
                                          "Beleg {0} erfasst. Rückgeld: {1}"),
    "Receipt {0}": ("Ticket {0}", "Kasticket {0}", "Beleg {0}"),
    "No receipt printer: receipt saved as {0}": (
        "Pas d'imprimante à tickets : ticket enregistré sous {0}",
        "Geen ticketprinter: kasticket bewaard als {0}",
        "Kein Bondrucker: Beleg gespeichert als {0}"),
    "Qty / weight": ("Qté / poids", "Aantal / kg", "Menge / kg"),
    "Price": ("Prix", "Prijs", "Preis"),
    "Discount": ("Remise", "Korting", "Rabatt"),
    "weight from the {0}": ("poids venant de : {0}", "gewicht van: {0}", "Gewicht von: {0}"),
    # counter: payment
    "Amount (empty: all that is left)": ("Montant (vide : tout le reste)",
                                         "Bedrag (leeg: alles wat overblijft)",
                                         "Betrag (leer: der ganze Rest)"),
    "Card approval code / voucher number": ("Code d'autorisation carte / n° de bon",
                                            "Goedkeuringscode kaart / bonnummer",
                                            "Kartencode / Gutscheinnummer"),
    "Cash": ("Espèces", "Contant", "Bar"),
    "Card": ("Carte", "Kaart", "Karte"),
    "Voucher": ("Bon", "Bon", "Gutschein"),
    "Undo payment": ("Annuler le paiement", "Betaling ongedaan maken", "Zahlung zurücknehmen"),
    "Left to pay: {0}": ("Reste à payer : {0}", "Nog te betalen: {0}", "Noch zu zahlen: {0}"),
    "cash": ("espèces", "contant", "bar"),
    "card": ("carte", "kaart", "Karte"),
    "voucher": ("bon", "bon", "Gutschein"),
    "rounding": ("arrondi", "afronding", "Rundung"),
    "Change: {0}": ("À rendre : {0}", "Terug te geven: {0}", "Rückgeld: {0}"),
    "Type an amount such as 12,50": ("Tapez un montant comme 12,50",
                                     "Typ een bedrag zoals 12,50",
                                     "Einen Betrag wie 12,50 eingeben"),
    "OK": ("OK", "OK", "OK"),
    "Cancel": ("Annuler", "Annuleren", "Abbrechen"),
    # counter: pick-up
    "Customer name or order number, or scan a crate": (
        "Client ou n° de commande", "Klant of bestelnummer", "Kunde oder Bestellnummer"),
    "Find": ("Chercher", "Zoeken", "Suchen"),
    "No order": ("Aucune commande", "Geen bestelling", "Keine Bestellung"),
    "Hand over and mark delivered": ("Remettre et marquer livrée", "Overhandigen: geleverd",
                                     "Übergeben: geliefert"),
    "{0} — {1}": ("{0} — {1}", "{0} — {1}", "{0} — {1}"),
    "Order {0} was already collected": ("La commande {0} a déjà été retirée",
                                        "Bestelling {0} werd al afgehaald",
                                        "Bestellung {0} wurde schon abgeholt"),
    "To pay: {0}": ("À payer : {0}", "Te betalen: {0}", "Zu zahlen: {0}"),
    "Crate {0} is not of order {1}": ("La caisse {0} n'est pas de la commande {1}",
                                      "Krat {0} hoort niet bij bestelling {1}",
                                      "Kiste {0} gehört nicht zu Bestellung {1}"),
    "Scan a crate or an order slip here": ("Scannez ici une caisse ou un bon de commande",
                                           "Scan hier een krat of een bestelbon",
                                           "Hier eine Kiste oder einen Bestellschein scannen"),
    "handed over": ("remise", "overhandigd", "übergeben"),
    "not scanned": ("non scannée", "niet gescand", "nicht gescannt"),
    "{0}  Crate {1}/{2}  {3}  — {4}": ("{0}  Caisse {1}/{2}  {3}  — {4}",
                                       "{0}  Krat {1}/{2}  {3}  — {4}",
                                       "{0}  Kiste {1}/{2}  {3}  — {4}"),
    "Missing crate(s): {0}. Press again to hand over anyway (it will be flagged)": (
        "Caisse(s) manquante(s) : {0}. Appuyez encore pour remettre quand même (ce sera signalé)",
        "Ontbrekende krat(ten): {0}. Druk opnieuw om toch te overhandigen (wordt gemeld)",
        "Fehlende Kiste(n): {0}. Erneut drücken, um trotzdem zu übergeben (wird vermerkt)"),
    "Order {0} delivered": ("Commande {0} livrée", "Bestelling {0} geleverd",
                            "Bestellung {0} geliefert"),
    " — missing crate(s) flagged: {0}": (" — caisse(s) manquante(s) signalée(s) : {0}",
                                         " — ontbrekende krat(ten) gemeld: {0}",
                                         " — fehlende Kiste(n) vermerkt: {0}"),
    # counter: register
    "Counted cash, e.g. 150,00": ("Espèces, p. ex. 150,00",
                                  "Geteld contant geld, bv. 150,00",
                                  "Gezähltes Bargeld, z. B. 150,00"),
    "Open the register": ("Ouvrir la caisse enregistreuse", "Kassa openen", "Kasse öffnen"),
    "Close (Z report)": ("Clôturer (rapport Z)", "Afsluiten (Z-rapport)",
                         "Abschließen (Z-Bericht)"),
    "X report": ("Rapport X", "X-rapport", "X-Bericht"),
    "Reason": ("Motif", "Reden", "Grund"),
    "Cash in": ("Entrée d'espèces", "Geld in", "Bareinlage"),
    "Cash out": ("Sortie d'espèces", "Geld uit", "Barentnahme"),
    "Register session": ("Session de caisse enregistreuse", "Kassasessie", "Kassensitzung"),
    "Receipt number": ("N° de ticket", "Ticketnummer", "Belegnummer"),
    "Find the receipt": ("Chercher le ticket", "Kasticket zoeken", "Beleg suchen"),
    "Reprint (copy)": ("Réimprimer (copie)", "Opnieuw afdrukken (kopie)",
                       "Erneut drucken (Kopie)"),
    "Line": ("Ligne", "Lijn", "Zeile"),
    "Sold": ("Vendu", "Verkocht", "Verkauft"),
    "Returned": ("Rendu", "Teruggebracht", "Zurückgegeben"),
    "Card approval code (card refund)": ("Code d'autorisation (carte)",
                                         "Goedkeuringscode (kaart)",
                                         "Kartencode (Erstattung)"),
    "Refund in cash": ("Rembourser en espèces", "Contant terugbetalen", "Bar erstatten"),
    "Refund to card": ("Rembourser sur la carte", "Terugbetalen op kaart",
                       "Auf Karte erstatten"),
    "Refund or reprint a receipt": ("Rembourser ou réimprimer un ticket",
                                    "Kasticket terugbetalen of opnieuw afdrukken",
                                    "Beleg erstatten oder erneut drucken"),
    "Register {0} is closed": ("La caisse enregistreuse {0} est fermée", "Kassa {0} is gesloten",
                               "Kasse {0} ist geschlossen"),
    "Register {0} open since {1} (session {2}, float {3})": (
        "Caisse enregistreuse {0} ouverte à {1} (session {2}, fonds {3})",
        "Kassa {0} open sinds {1} (sessie {2}, wisselgeld {3})",
        "Kasse {0} offen seit {1} (Sitzung {2}, Wechselgeld {3})"),
    "Type an amount such as 150,00": ("Tapez un montant comme 150,00",
                                      "Typ een bedrag zoals 150,00",
                                      "Einen Betrag wie 150,00 eingeben"),
    "Cash movement recorded": ("Mouvement d'espèces enregistré", "Kasbeweging geregistreerd",
                               "Barbewegung erfasst"),
    "Z report {0}": ("Rapport Z {0}", "Z-rapport {0}", "Z-Bericht {0}"),
    "Type a receipt number": ("Tapez un n° de ticket", "Typ een ticketnummer",
                              "Eine Belegnummer eingeben"),
    "Refund recorded: {0}": ("Remboursement enregistré : {0}", "Terugbetaling geregistreerd: {0}",
                             "Erstattung erfasst: {0}"),
    # loading
    "on the van": ("dans la camionnette", "in de bestelwagen", "im Lieferwagen"),
    "to load": ("à charger", "te laden", "zu verladen"),
    "still at its depot": ("encore à son dépôt", "nog in zijn depot", "noch im Depot"),
    "in transit": ("en transit", "onderweg", "unterwegs"),
    "at the wrong depot!": ("au mauvais dépôt !", "in het verkeerde depot!",
                            "im falschen Depot!"),
    "being packed": ("en préparation", "wordt verpakt", "wird gepackt"),
    "Stop / crate": ("Arrêt / caisse", "Stop / krat", "Halt / Kiste"),
    "Zone": ("Zone", "Zone", "Zone"),
    "Depot": ("Dépôt", "Depot", "Depot"),
    "Where": ("Où", "Waar", "Wo"),
    "Mark departed (F9)": ("Marquer le départ (F9)", "Vertrek melden (F9)",
                           "Abfahrt melden (F9)"),
    "producer delivery late": ("livraison du producteur en retard",
                               "levering van de producent te laat",
                               "Lieferung des Erzeugers verspätet"),
    "crate damaged": ("caisse abîmée", "krat beschadigd", "Kiste beschädigt"),
    "customer will collect at the depot": ("le client viendra la chercher au dépôt",
                                           "klant haalt af in het depot",
                                           "Kunde holt im Depot ab"),
    "Leave without them": ("Partir sans elles", "Vertrekken zonder", "Ohne sie abfahren"),
    "Round": ("Tournée", "Ronde", "Tour"),
    "No round leaves from this depot today": ("Aucune tournée ne part de ce dépôt aujourd'hui",
                                              "Er vertrekt vandaag geen ronde uit dit depot",
                                              "Heute fährt keine Tour von diesem Depot ab"),
    "departed": ("partie", "vertrokken", "abgefahren"),
    "loading": ("en chargement", "wordt geladen", "wird beladen"),
    "{0} · {1} · {2}/{3} crates on the van · {4}": (
        "{0} · {1} · {2}/{3} caisses dans la camionnette · {4}",
        "{0} · {1} · {2}/{3} kratten in de bestelwagen · {4}",
        "{0} · {1} · {2}/{3} Kisten im Lieferwagen · {4}"),
    "Too many {0} crates: {1} for {2} places": ("Trop de caisses {0} : {1} pour {2} places",
                                                "Te veel kratten {0}: {1} voor {2} plaatsen",
                                                "Zu viele Kisten {0}: {1} für {2} Plätze"),
    "Stop {0} — {1}, {2}": ("Arrêt {0} — {1}, {2}", "Stop {0} — {1}, {2}",
                            "Halt {0} — {1}, {2}"),
    "{0}: still being packed": ("{0} : encore en préparation", "{0}: wordt nog verpakt",
                                "{0}: wird noch gepackt"),
    "Choose a round and sign in before scanning crates": (
        "Choisissez une tournée et connectez-vous avant de scanner des caisses",
        "Kies een ronde en meld u aan voor u kratten scant",
        "Tour wählen und anmelden, bevor Kisten gescannt werden"),
    "That PIN is not a supervisor's.": ("Ce n'est pas le code d'un responsable.",
                                        "Dat is geen pincode van een verantwoordelijke.",
                                        "Das ist keine PIN einer/eines Verantwortlichen."),
    "Round {0} has left.": ("La tournée {0} est partie.", "Ronde {0} is vertrokken.",
                            "Tour {0} ist abgefahren."),
    # documents
    "Print…": ("Imprimer…", "Afdrukken…", "Drucken…"),
    "Save as PDF…": ("Enregistrer en PDF…", "Opslaan als pdf…", "Als PDF speichern…"),
    "Save as PDF": ("Enregistrer en PDF", "Opslaan als pdf", "Als PDF speichern"),
    "Close": ("Fermer", "Sluiten", "Schließen"),
    "The printer refused the job": ("L'imprimante a refusé l'impression",
                                    "De printer weigerde de afdruk",
                                    "Der Drucker hat den Auftrag abgelehnt"),
    "No crate of {0} at {1} yet": ("Pas encore de caisse de {0} à {1}",
                                   "Nog geen krat van {0} in {1}",
                                   "Noch keine Kiste von {0} in {1}"),
    "Delivery note {0}…": ("Bon de livraison {0}…", "Leveringsbon {0}…", "Lieferschein {0}…"),
    "Crate labels of {0}…": ("Étiquettes de caisse de {0}…", "Kratetiketten van {0}…",
                             "Kistenetiketten von {0}…"),
    "Van manifest {0}…": ("Feuille de route {0}…", "Laadlijst bestelwagen {0}…",
                          "Ladeliste {0}…"),
    "Pick list of round {0}…": ("Liste de préparation de la tournée {0}…",
                                "Verzamellijst van ronde {0}…", "Pickliste der Tour {0}…"),
    "Pick list of the day…": ("Liste de préparation du jour…", "Verzamellijst van de dag…",
                              "Pickliste des Tages…"),
    # demo scale
    "Simulated scale (demo)": ("Balance simulée (démo)", "Gesimuleerde weegschaal (demo)",
                               "Simulierte Waage (Demo)"),
    "Moving": ("Instable", "Beweegt", "Unruhig"),
    "Overload": ("Surcharge", "Overbelasting", "Überlast"),
    # hardware settings
    "Hardware": ("Matériel", "Apparatuur", "Geräte"),
    "Start": ("Démarrer", "Starten", "Starten"),
    "stopped": ("arrêtée", "gestopt", "gestoppt"),
    "Port (URL)": ("Port (URL)", "Poort (URL)", "Port (URL)"),
    "Protocol": ("Protocole", "Protocol", "Protokoll"),
    "Request (regex)": ("Requête (regex)", "Verzoek (regex)", "Anfrage (Regex)"),
    "Pattern (regex)": ("Motif (regex)", "Patroon (regex)", "Muster (Regex)"),
    "Status": ("État", "Status", "Status"),
    "Reading": ("Mesure", "Meting", "Messwert"),
    "Raw bytes": ("Octets bruts", "Ruwe bytes", "Rohdaten"),
    "Print test page": ("Imprimer une page de test", "Testpagina afdrukken",
                        "Testseite drucken"),
    "Printer (URL)": ("Imprimante (URL)", "Printer (URL)", "Drucker (URL)"),
    "Language": ("Langage", "Taal", "Sprache"),
    "Result": ("Résultat", "Resultaat", "Ergebnis"),
    "Printer": ("Imprimante", "Printer", "Drucker"),
    "printing…": ("impression…", "afdrukken…", "druckt…"),
    "printed ({0} paper)": ("imprimée (papier : {0})", "afgedrukt (papier: {0})",
                            "gedruckt (Papier: {0})"),
    "unknown": ("inconnu", "onbekend", "unbekannt"),
    "failed: {0}": ("échec : {0}", "mislukt: {0}", "fehlgeschlagen: {0}"),
    "unknown error": ("erreur inconnue", "onbekende fout", "unbekannter Fehler"),
    # packing: orders changed or cancelled centrally (issue 6)
    "Done, resolved": ("C'est fait, résolu", "Klaar, opgelost", "Erledigt, gelöst"),
    "Order cancelled centrally": ("Commande annulée par la centrale",
                                  "Bestelling centraal geannuleerd",
                                  "Bestellung zentral storniert"),
    "Order changed centrally": ("Commande modifiée par la centrale",
                                "Bestelling centraal gewijzigd",
                                "Bestellung zentral geändert"),
    "Take everything out of its crates: {0}": (
        "Retirez tout de ses caisses : {0}", "Haal alles uit de kratten: {0}",
        "Alles aus den Kisten nehmen: {0}"),
    "Its crates are empty: nothing to take out": (
        "Ses caisses sont vides : rien à retirer", "De kratten zijn leeg: niets uit te halen",
        "Die Kisten sind leer: nichts herauszunehmen"),
    "Nothing more may be packed for this order.": (
        "Plus rien ne peut être préparé pour cette commande.",
        "Voor deze bestelling mag niets meer verpakt worden.",
        "Für diese Bestellung darf nichts mehr gepackt werden."),
    "New line, to pack: {0} × {1}": ("Nouvelle ligne, à préparer : {0} × {1}",
                                     "Nieuwe regel, te verpakken: {0} × {1}",
                                     "Neue Zeile, zu packen: {0} × {1}"),
    "More ordered, to pack: {0}: {1} → {2}": (
        "Quantité augmentée, à préparer : {0} : {1} → {2}",
        "Meer besteld, te verpakken: {0}: {1} → {2}",
        "Mehr bestellt, zu packen: {0}: {1} → {2}"),
    "When it is done, press “Done, resolved”.": (
        "Quand c'est fait, appuyez sur « C'est fait, résolu ».",
        "Als het klaar is, druk op „Klaar, opgelost”.",
        "Wenn es erledigt ist, „Erledigt, gelöst“ drücken."),
    "Removed: {0}": ("Retirée : {0}", "Geschrapt: {0}", "Gestrichen: {0}"),
    "Reduced: {0}: {1} → {2}": ("Quantité réduite : {0} : {1} → {2}",
                                "Verminderd: {0}: {1} → {2}", "Verringert: {0}: {1} → {2}"),
    "nothing to take out": ("rien à retirer", "niets uit te halen", "nichts herauszunehmen"),
    "take {0} out of crate {1}": ("retirez {0} de la caisse {1}", "haal {0} uit krat {1}",
                                  "{0} aus Kiste {1} nehmen"),
    "Order cancelled centrally: nothing more may be packed. Take its items out of the crates, "
    "then press “Done, resolved”": (
        "Commande annulée par la centrale : plus rien à préparer. Retirez ses articles des "
        "caisses, puis appuyez sur « C'est fait, résolu »",
        "Bestelling centraal geannuleerd: niets meer verpakken. Haal de artikelen uit de "
        "kratten en druk dan op „Klaar, opgelost”",
        "Bestellung zentral storniert: nichts mehr packen. Die Artikel aus den Kisten nehmen, "
        "dann „Erledigt, gelöst“ drücken"),
    "Nothing left to resolve for this order": (
        "Plus rien à résoudre pour cette commande", "Niets meer op te lossen voor deze bestelling",
        "Für diese Bestellung ist nichts mehr zu lösen"),
    "Change resolved": ("Modification résolue", "Wijziging opgelost", "Änderung gelöst"),
    "removed: take out": ("supprimée : à retirer", "geschrapt: uithalen",
                          "gestrichen: herausnehmen"),
    # sync: facts the centre refused (kept open, sent again, settled by a person)
    "{0} refused by the centre": ("{0} refusé(s) par le central", "{0} geweigerd door de centrale",
                                  "{0} von der Zentrale abgelehnt"),
    "{0} facts refused by the centre: not delivered, sent again at each sync; "
    "a supervisor must settle them": (
        "{0} faits refusés par le central : non transmis, renvoyés à chaque synchro ; "
        "un responsable doit les régler",
        "{0} feiten geweigerd door de centrale: niet afgeleverd, bij elke sync opnieuw "
        "verstuurd; een verantwoordelijke moet ze afhandelen",
        "{0} Vorgänge von der Zentrale abgelehnt: nicht zugestellt, bei jeder Synchronisierung "
        "erneut gesendet; ein Verantwortlicher muss sie klären"),
    "{0} ({1}, {2}): {3}": ("{0} ({1}, {2}) : {3}", "{0} ({1}, {2}): {3}", "{0} ({1}, {2}): {3}"),
    "… and {0} more": ("… et {0} de plus", "… en nog {0}", "… und {0} weitere"),
    "removed from the order": ("retirée de la commande", "uit de bestelling geschrapt",
                               "aus der Bestellung gestrichen"),
    # the desk at the bench: who is signed in, days with rounds, orders of a later day
    "Signed in: {0}": ("Connecté : {0}", "Aangemeld: {0}", "Angemeldet: {0}"),
    "Switch user (F12)": ("Changer d'utilisateur (F12)", "Andere gebruiker (F12)",
                          "Benutzer wechseln (F12)"),
    "Previous day (Alt+←)": ("Jour précédent (Alt+←)", "Vorige dag (Alt+←)",
                             "Vorheriger Tag (Alt+←)"),
    "Next day (Alt+→)": ("Jour suivant (Alt+→)", "Volgende dag (Alt+→)", "Nächster Tag (Alt+→)"),
    "No round on {0}: next day with rounds": (
        "Aucune tournée le {0} : voici le prochain jour avec des tournées",
        "Geen ronde op {0}: dit is de volgende dag met rondes",
        "Keine Tour am {0}: hier der nächste Tag mit Touren"),
    "No round leaves from this depot on {0}": (
        "Aucune tournée ne part de ce dépôt le {0}", "Op {0} vertrekt geen ronde uit dit depot",
        "Am {0} fährt keine Tour von diesem Depot ab"),
    "Order {0} is for {1}, not today: check with the customer.": (
        "La commande {0} est pour le {1}, pas pour aujourd'hui : vérifiez avec le client.",
        "Bestelling {0} is voor {1}, niet voor vandaag: kijk het na met de klant.",
        "Bestellung {0} ist für den {1}, nicht für heute: mit dem Kunden klären."),
    "Press again to hand it over anyway.": (
        "Appuyez encore pour la remettre quand même.",
        "Druk nogmaals om ze toch mee te geven.",
        "Nochmals drücken, um sie trotzdem auszuhändigen."),
    "to hand over": ("à remettre", "mee te geven", "auszuhändigen"),
    # typed refusals of the services, in the user's language (cpdesk/ui/refusals.py)
    "{0} and {1}": ("{0} et {1}", "{0} en {1}", "{0} und {1}"),
    "{0}: a supervisor must confirm the departure": (
        "{0} : un superviseur doit confirmer le départ",
        "{0}: een supervisor moet het vertrek bevestigen",
        "{0}: ein Supervisor muss die Abfahrt bestätigen"),
    "Crate {code} belongs to round {other}, stop {other_stop}, not to {round}": (
        "La caisse {code} est pour la tournée {other}, arrêt {other_stop}, pas pour {round}",
        "Krat {code} hoort bij ronde {other}, stop {other_stop}, niet bij {round}",
        "Kiste {code} gehört zu Tour {other}, Halt {other_stop}, nicht zu {round}"),
    "Only a supervisor can let a round leave incomplete": (
        "Seul un superviseur peut laisser partir une tournée incomplète",
        "Alleen een supervisor kan een onvolledige ronde laten vertrekken",
        "Nur ein Supervisor kann eine unvollständige Tour abfahren lassen"),
    "Say why the crates stay behind": (
        "Dites pourquoi les caisses restent au dépôt",
        "Zeg waarom de kratten achterblijven",
        "Sagen Sie, warum die Kisten zurückbleiben"),
    "The cart is empty": ("Le panier est vide", "Het winkelmandje is leeg", "Der Warenkorb ist leer"),
    "The sale is not fully paid": ("La vente n'est pas entièrement payée",
                                   "De verkoop is niet volledig betaald",
                                   "Der Verkauf ist nicht vollständig bezahlt"),
    "No receipt {receipt} on register {register}": (
        "Aucun ticket {receipt} sur la caisse {register}",
        "Geen kasticket {receipt} op kassa {register}",
        "Kein Kassenbon {receipt} an Kasse {register}"),
    "Receipt {receipt} is itself a refund": (
        "Le ticket {receipt} est lui-même un remboursement",
        "Kasticket {receipt} is zelf een terugbetaling",
        "Kassenbon {receipt} ist selbst eine Erstattung"),
    "The refund is not fully paid out": ("Le remboursement n'est pas entièrement versé",
                                         "De terugbetaling is niet volledig uitbetaald",
                                         "Die Erstattung ist nicht vollständig ausgezahlt"),
    "The register is closed: open it with a counted float first": (
        "La caisse est fermée : ouvrez-la d'abord avec un fond de caisse compté",
        "De kassa is gesloten: open ze eerst met geteld wisselgeld",
        "Die Kasse ist geschlossen: zuerst mit gezähltem Wechselgeld öffnen"),
    "The float can't be negative": ("Le fond de caisse ne peut pas être négatif",
                                    "Het wisselgeld kan niet negatief zijn",
                                    "Das Wechselgeld kann nicht negativ sein"),
    "Register {register} is already open": ("La caisse {register} est déjà ouverte",
                                            "Kassa {register} is al open",
                                            "Kasse {register} ist schon geöffnet"),
    "Enter an amount": ("Saisissez un montant", "Geef een bedrag in", "Betrag eingeben"),
    "A cash movement needs a reason": ("Un mouvement de caisse demande un motif",
                                       "Een kasbeweging heeft een reden nodig",
                                       "Eine Kassenbewegung braucht einen Grund"),
    "No crate {crate}": ("Aucune caisse {crate}", "Geen krat {crate}", "Keine Kiste {crate}"),
    "No order {order}": ("Aucune commande {order}", "Geen bestelling {order}",
                         "Keine Bestellung {order}"),
    "Order {order} was already collected": ("La commande {order} a déjà été retirée",
                                            "Bestelling {order} werd al afgehaald",
                                            "Bestellung {order} wurde schon abgeholt"),
    "Order {order} is cancelled": ("La commande {order} est annulée",
                                   "Bestelling {order} is geannuleerd",
                                   "Bestellung {order} ist storniert"),
    "Crate {crate} is not of order {order}": (
        "La caisse {crate} n'est pas de la commande {order}",
        "Krat {crate} hoort niet bij bestelling {order}",
        "Kiste {crate} gehört nicht zu Bestellung {order}"),
    "Scan the crates handed over": ("Scannez les caisses remises", "Scan de meegegeven kratten",
                                    "Die übergebenen Kisten scannen"),
    "The balance of the order is not paid": ("Le solde de la commande n'est pas payé",
                                             "Het saldo van de bestelling is niet betaald",
                                             "Der Restbetrag der Bestellung ist nicht bezahlt"),
    "A discount is either a percentage or an amount": (
        "Une remise est soit un pourcentage, soit un montant",
        "Een korting is een percentage of een bedrag",
        "Ein Rabatt ist entweder ein Prozentsatz oder ein Betrag"),
    "A discount can't exceed 100%": ("Une remise ne peut pas dépasser 100 %",
                                     "Een korting kan niet meer dan 100% zijn",
                                     "Ein Rabatt kann 100 % nicht übersteigen"),
    "Nothing to spread a discount over": ("Rien sur quoi répartir une remise",
                                          "Niets om een korting over te verdelen",
                                          "Nichts, worauf ein Rabatt verteilt werden kann"),
    "{name} is sold by weight: weigh it or scan its weight label": (
        "{name} se vend au poids : pesez-le ou scannez son étiquette de poids",
        "{name} wordt per gewicht verkocht: weeg het of scan het gewichtsetiket",
        "{name} wird nach Gewicht verkauft: wiegen oder das Gewichtsetikett scannen"),
    "The quantity must be at least 1": ("La quantité doit être d'au moins 1",
                                        "De hoeveelheid moet minstens 1 zijn",
                                        "Die Menge muss mindestens 1 sein"),
    "{name} is sold per piece": ("{name} se vend à la pièce", "{name} wordt per stuk verkocht",
                                 "{name} wird pro Stück verkauft"),
    "A weight comes from the scale or a barcode, never typed": (
        "Un poids vient de la balance ou d'un code-barres, jamais du clavier",
        "Een gewicht komt van de weegschaal of een barcode, nooit getypt",
        "Ein Gewicht kommt von der Waage oder einem Barcode, nie von Hand"),
    "No weight on the scale": ("Aucun poids sur la balance", "Geen gewicht op de weegschaal",
                               "Kein Gewicht auf der Waage"),
    "A weighed line's quantity comes from the scale": (
        "La quantité d'une ligne pesée vient de la balance",
        "De hoeveelheid van een gewogen regel komt van de weegschaal",
        "Die Menge einer gewogenen Zeile kommt von der Waage"),
    "The quantity must be at least 1 (remove the line instead)": (
        "La quantité doit être d'au moins 1 (supprimez plutôt la ligne)",
        "De hoeveelheid moet minstens 1 zijn (verwijder anders de regel)",
        "Die Menge muss mindestens 1 sein (sonst die Zeile entfernen)"),
    "A discount over {pct}% needs a supervisor": (
        "Une remise de plus de {pct} % demande un superviseur",
        "Een korting boven {pct}% vraagt een supervisor",
        "Ein Rabatt über {pct} % braucht einen Supervisor"),
    "The discount is more than the cart": ("La remise dépasse le panier",
                                           "De korting is groter dan het winkelmandje",
                                           "Der Rabatt ist größer als der Warenkorb"),
    "No such line": ("Ligne introuvable", "Die regel bestaat niet", "Diese Zeile gibt es nicht"),
    "The amount must be between 0 and what is left to pay": (
        "Le montant doit être entre 0 et ce qui reste à payer",
        "Het bedrag moet tussen 0 en het resterende bedrag liggen",
        "Der Betrag muss zwischen 0 und dem Restbetrag liegen"),
    "Enter the terminal's approval code": ("Saisissez le code d'autorisation du terminal",
                                           "Geef de autorisatiecode van de terminal in",
                                           "Den Genehmigungscode des Terminals eingeben"),
    "Enter the voucher number": ("Saisissez le numéro du bon d'achat",
                                 "Geef het nummer van de waardebon in",
                                 "Die Gutscheinnummer eingeben"),
    "Nothing left to pay": ("Plus rien à payer", "Niets meer te betalen",
                            "Nichts mehr zu bezahlen"),
    "The cash handed over is less than the amount due": (
        "Les espèces reçues sont inférieures au montant dû",
        "Het ontvangen contant geld is minder dan het verschuldigde bedrag",
        "Das erhaltene Bargeld ist weniger als der fällige Betrag"),
    "Line {line} is not on the receipt": ("La ligne {line} n'est pas sur le ticket",
                                          "Regel {line} staat niet op het kasticket",
                                          "Zeile {line} steht nicht auf dem Kassenbon"),
    "At most {left} can be returned on line {line}": (
        "Au plus {left} peuvent être rendus sur la ligne {line}",
        "Hoogstens {left} kunnen worden teruggebracht op regel {line}",
        "Höchstens {left} können bei Zeile {line} zurückgegeben werden"),
    "Choose what is returned": ("Choisissez ce qui est rendu", "Kies wat wordt teruggebracht",
                                "Wählen Sie, was zurückgegeben wird"),
    "This store is not a depot store (run “cpdesk setup”)": (
        "Ce fichier n'est pas celui d'un dépôt (lancez « cpdesk setup »)",
        "Dit bestand is geen depotbestand (voer „cpdesk setup” uit)",
        "Diese Datei ist keine Depotdatei („cpdesk setup“ ausführen)"),
    "Depot {depot} has no central database configured (run “cpdesk setup”)": (
        "Le dépôt {depot} n'a pas de base centrale configurée (lancez « cpdesk setup »)",
        "Depot {depot} heeft geen centrale database ingesteld (voer „cpdesk setup” uit)",
        "Für Depot {depot} ist keine zentrale Datenbank eingerichtet („cpdesk setup“ ausführen)"),
    "The central password of depot {depot} is missing ({where})": (
        "Le mot de passe central du dépôt {depot} manque ({where})",
        "Het centrale wachtwoord van depot {depot} ontbreekt ({where})",
        "Das zentrale Passwort von Depot {depot} fehlt ({where})"),
    "No central database at {db}": ("Aucune base centrale à {db}",
                                    "Geen centrale database op {db}",
                                    "Keine zentrale Datenbank unter {db}"),
    # scale and printer states on the status strip
    "connected": ("connectée", "verbonden", "verbunden"),
    "no answer from the scale": ("la balance ne répond pas", "de weegschaal antwoordt niet",
                                 "die Waage antwortet nicht"),
    "unreadable bytes: check the line settings ({0} expected; {1})": (
        "octets illisibles : vérifiez les réglages de la ligne ({0} attendu ; {1})",
        "onleesbare bytes: controleer de lijninstellingen ({0} verwacht; {1})",
        "unlesbare Bytes: Leitungseinstellungen prüfen ({0} erwartet; {1})"),
    "disconnected: {0}": ("déconnectée : {0}", "losgekoppeld: {0}", "getrennt: {0}"),
    "error: {0}": ("erreur : {0}", "fout: {0}", "Fehler: {0}"),
    "waiting": ("en attente", "wachtend", "wartet"),
    "printing": ("impression", "afdrukken", "druckt"),
    "failed": ("échec", "mislukt", "fehlgeschlagen"),
    # the first-start assistant (cpdesk run without a prepared store)
    "Cannot read {0}: {1}": ("Impossible de lire {0} : {1}", "Kan {0} niet lezen: {1}",
                             "{0} kann nicht gelesen werden: {1}"),
    "Centre address": ("Adresse du centre", "Adres van het centrum", "Adresse der Zentrale"),
    "Connected: the centre knows depot {0}.": (
        "Connecté : le centre connaît le dépôt {0}.", "Verbonden: het centrum kent depot {0}.",
        "Verbunden: die Zentrale kennt Depot {0}."),
    "Credentials file": ("Fichier d'identifiants", "Bestand met inloggegevens",
                         "Datei mit Zugangsdaten"),
    "Depot code": ("Code du dépôt", "Depotcode", "Depotcode"),
    "Depot {0} is ready.": ("Le dépôt {0} est prêt.", "Depot {0} is klaar.",
                            "Depot {0} ist bereit."),
    "First sync of depot {0}…": ("Première synchronisation du dépôt {0}…",
                                 "Eerste synchronisatie van depot {0}…",
                                 "Erste Synchronisierung von Depot {0}…"),
    "Give the centre's address, or paste the credentials": (
        "Indiquez l'adresse du centre, ou collez les identifiants",
        "Geef het adres van het centrum, of plak de inloggegevens",
        "Adresse der Zentrale angeben oder die Zugangsdaten einfügen"),
    "Give the depot code": ("Indiquez le code du dépôt", "Geef de depotcode",
                            "Depotcode angeben"),
    "Login": ("Identifiant", "Gebruikersnaam", "Benutzername"),
    "Open the credentials file…": ("Ouvrir le fichier d'identifiants…",
                                   "Bestand met inloggegevens openen…",
                                   "Datei mit Zugangsdaten öffnen…"),
    "Or paste the credentials (JSON)": ("Ou collez les identifiants (JSON)",
                                        "Of plak de inloggegevens (JSON)",
                                        "Oder die Zugangsdaten einfügen (JSON)"),
    "Password": ("Mot de passe", "Wachtwoord", "Passwort"),
    "Resume": ("Reprendre", "Hervatten", "Fortsetzen"),
    "Set up and sync": ("Installer et synchroniser", "Installeren en synchroniseren",
                        "Einrichten und synchronisieren"),
    "Setting up this depot workstation": ("Installation de ce poste de dépôt",
                                          "Deze depotwerkpost installeren",
                                          "Diesen Depot-Arbeitsplatz einrichten"),
    "Stopped. What was pulled is kept: resume when you want.": (
        "Arrêté. Ce qui a été reçu est gardé : reprenez quand vous voulez.",
        "Gestopt. Wat binnengehaald is, blijft bewaard: hervat wanneer u wilt.",
        "Angehalten. Was schon geholt wurde, bleibt: fortsetzen, wann Sie wollen."),
    "Test the connection": ("Tester la connexion", "Verbinding testen", "Verbindung testen"),
    "Testing the connection…": ("Test de la connexion…", "Verbinding wordt getest…",
                                "Verbindung wird getestet…"),
    "That is not a centre address (postgresql://user:password@host/database)": (
        "Ce n'est pas une adresse de centre (postgresql://utilisateur:motdepasse@hôte/base)",
        "Dat is geen adres van een centrum (postgresql://gebruiker:wachtwoord@host/database)",
        "Das ist keine Adresse einer Zentrale (postgresql://benutzer:passwort@host/datenbank)"),
    "The address demands an encrypted (TLS) connection but the centre does not offer one: check the sslmode in the address": (
        "L'adresse exige une connexion chiffrée (TLS) mais le centre n'en propose pas : "
        "vérifiez le sslmode dans l'adresse",
        "Het adres eist een versleutelde (TLS) verbinding maar het centrum biedt die niet "
        "aan: controleer de sslmode in het adres",
        "Die Adresse verlangt eine verschlüsselte (TLS) Verbindung, die Zentrale bietet "
        "keine an: sslmode in der Adresse prüfen"),
    "The centre answered with an error": ("Le centre a répondu par une erreur",
                                          "Het centrum antwoordde met een fout",
                                          "Die Zentrale hat mit einem Fehler geantwortet"),
    "The centre cannot be reached: check its address and port, and the network (the server may be down)": (
        "Le centre est injoignable : vérifiez son adresse et son port, et le réseau (le "
        "serveur est peut-être arrêté)",
        "Het centrum is onbereikbaar: controleer adres en poort, en het netwerk (de server "
        "staat misschien uit)",
        "Die Zentrale ist nicht erreichbar: Adresse, Port und Netzwerk prüfen (der Server "
        "ist vielleicht aus)"),
    "The centre has no such database: check the database name in the address": (
        "Le centre n'a pas cette base de données : vérifiez son nom dans l'adresse",
        "Het centrum heeft die database niet: controleer de naam in het adres",
        "Die Zentrale hat diese Datenbank nicht: Namen in der Adresse prüfen"),
    "The centre refused the login or its password: paste the credentials again (a new 'add-depot' gives a new password)": (
        "Le centre a refusé l'identifiant ou son mot de passe : collez à nouveau les "
        "identifiants (un nouveau 'add-depot' donne un nouveau mot de passe)",
        "Het centrum weigerde de gebruikersnaam of het wachtwoord: plak de inloggegevens "
        "opnieuw (een nieuwe 'add-depot' geeft een nieuw wachtwoord)",
        "Die Zentrale hat Benutzername oder Passwort abgelehnt: Zugangsdaten neu einfügen "
        "(ein neues 'add-depot' gibt ein neues Passwort)"),
    "The centre's certificate is not trusted by this computer: install the centre's certificate authority, or check the centre's name": (
        "Cet ordinateur ne fait pas confiance au certificat du centre : installez l'autorité "
        "de certification du centre, ou vérifiez le nom du centre",
        "Deze computer vertrouwt het certificaat van het centrum niet: installeer de "
        "certificaatautoriteit van het centrum, of controleer de naam van het centrum",
        "Dieser Computer vertraut dem Zertifikat der Zentrale nicht: Zertifizierungsstelle "
        "der Zentrale installieren oder den Namen der Zentrale prüfen"),
    "The first sync failed: {0}. What was pulled is kept: resume when the centre is back.": (
        "La première synchronisation a échoué : {0}. Ce qui a été reçu est gardé : reprenez "
        "quand le centre sera de retour.",
        "De eerste synchronisatie mislukte: {0}. Wat binnengehaald is, blijft bewaard: hervat "
        "wanneer het centrum terug is.",
        "Die erste Synchronisierung ist fehlgeschlagen: {0}. Was schon geholt wurde, bleibt: "
        "fortsetzen, wenn die Zentrale wieder da ist."),
    "The first sync of depot {0} was not finished: resume it.": (
        "La première synchronisation du dépôt {0} n'était pas finie : reprenez-la.",
        "De eerste synchronisatie van depot {0} was niet klaar: hervat ze.",
        "Die erste Synchronisierung von Depot {0} war nicht fertig: fortsetzen."),
    "These credentials belong to another depot": (
        "Ces identifiants sont ceux d'un autre dépôt", "Deze inloggegevens horen bij een "
        "ander depot", "Diese Zugangsdaten gehören zu einem anderen Depot"),
    "This computer has no depot store yet. Give the depot's code and the centre's credentials (as 'cpdesk central add-depot --json' printed them: paste them or open the file), test the connection, then the first sync fills the store.": (
        "Cet ordinateur n'a pas encore de base de dépôt. Indiquez le code du dépôt et les "
        "identifiants du centre (tels que 'cpdesk central add-depot --json' les a affichés : "
        "collez-les ou ouvrez le fichier), testez la connexion, puis la première "
        "synchronisation remplit la base.",
        "Deze computer heeft nog geen depotdatabase. Geef de depotcode en de inloggegevens "
        "van het centrum (zoals 'cpdesk central add-depot --json' ze toonde: plak ze of open "
        "het bestand), test de verbinding, daarna vult de eerste synchronisatie de database.",
        "Dieser Computer hat noch keine Depotdatenbank. Depotcode und Zugangsdaten der "
        "Zentrale angeben (wie 'cpdesk central add-depot --json' sie ausgab: einfügen oder "
        "Datei öffnen), Verbindung testen, dann füllt die erste Synchronisierung die "
        "Datenbank."),
    "{0} / {1} changes": ("{0} / {1} changements", "{0} / {1} wijzigingen",
                          "{0} / {1} Änderungen"),
    # station devices and their states (the station file, the hardware settings dialog)
    "A4 printer": ("Imprimante A4", "A4-printer", "A4-Drucker"),
    "Label printer": ("Imprimante d'étiquettes", "Etikettenprinter", "Etikettendrucker"),
    "Receipt printer": ("Imprimante de tickets", "Bonprinter", "Bondrucker"),
    "Scanner {0}": ("Scanner {0}", "Scanner {0}", "Scanner {0}"),
    "absent or unplugged ({0})": ("absent ou débranché ({0})", "afwezig of losgekoppeld ({0})",
                                  "fehlt oder ausgesteckt ({0})"),
    "disconnected ({0})": ("déconnecté ({0})", "verbinding verbroken ({0})", "getrennt ({0})"),
    "does not answer": ("ne répond pas", "antwoordt niet", "antwortet nicht"),
    "no answer": ("pas de réponse", "geen antwoord", "keine Antwort"),
    "not configured": ("non configuré", "niet ingesteld", "nicht eingerichtet"),
    "out of paper": ("plus de papier", "papier op", "kein Papier"),
    "overload": ("surcharge", "overbelast", "Überlast"),
    "under zero": ("sous zéro", "onder nul", "unter Null"),
    "unreachable": ("injoignable", "onbereikbaar", "nicht erreichbar"),
    "stopped in CUPS": ("arrêtée dans CUPS", "gestopt in CUPS", "in CUPS angehalten"),
    "unreadable bytes: check the line settings": (
        "octets illisibles : vérifiez les réglages de la ligne",
        "onleesbare bytes: controleer de lijninstellingen",
        "unlesbare Bytes: Leitungseinstellungen prüfen"),
    "Something went wrong": ("Un problème est survenu", "Er ging iets mis",
                             "Etwas ist schiefgegangen"),
    "{0}\n\nThe details are in the log: {1}": (
        "{0}\n\nLes détails sont dans le journal : {1}",
        "{0}\n\nDe details staan in het logboek: {1}",
        "{0}\n\nDie Einzelheiten stehen im Protokoll: {1}"),
    "This scale is not approved for trade: weigh on an approved scale, or a supervisor enters the weight (F10)": (
        "Cette balance n'est pas homologuée : pesez sur une balance homologuée, ou un "
        "superviseur saisit le poids (F10)",
        "Deze weegschaal is niet geijkt: weeg op een geijkte weegschaal, of een supervisor "
        "voert het gewicht in (F10)",
        "Diese Waage ist nicht geeicht: auf einer geeichten Waage wiegen oder ein Vorgesetzter "
        "gibt das Gewicht ein (F10)"),
    "{0}: this scale is not approved for trade; sell it by a weight label or on an approved scale": (
        "{0} : cette balance n'est pas homologuée ; vendez-le avec une étiquette de poids ou "
        "sur une balance homologuée",
        "{0}: deze weegschaal is niet geijkt; verkoop het met een gewichtsetiket of op een "
        "geijkte weegschaal",
        "{0}: diese Waage ist nicht geeicht; mit einem Gewichtsetikett oder auf einer geeichten "
        "Waage verkaufen"),
    "Cash drawer on the receipt printer": ("Tiroir-caisse sur l'imprimante de tickets",
                                           "Kassalade aan de bonprinter",
                                           "Kassenlade am Bondrucker"),
    "Receipt width (mm)": ("Largeur des tickets (mm)", "Breedte van de bonnen (mm)",
                           "Bonbreite (mm)"),
    "Labels: dpi, size (mm)": ("Étiquettes : dpi, taille (mm)", "Etiketten: dpi, grootte (mm)",
                               "Etiketten: dpi, Größe (mm)"),
    "{0}: {1}": ("{0} : {1}", "{0}: {1}", "{0}: {1}"),
    "{0} since {1}": ("{0} depuis {1}", "{0} sinds {1}", "{0} seit {1}"),
    "CUPS queue name, or a folder for the PDFs": (
        "nom de la file CUPS, ou un dossier pour les PDF",
        "naam van de CUPS-wachtrij, of een map voor de pdf's",
        "Name der CUPS-Warteschlange oder ein Ordner für die PDFs"),
    "Legal for trade (only stable readings are booked)": (
        "Usage légal (seules les pesées stables sont enregistrées)",
        "IJkwaardig (alleen stabiele wegingen worden geboekt)",
        "Eichpflichtig (nur stabile Wägungen werden gebucht)"),
    "Save to the station file": ("Enregistrer dans le fichier du poste",
                                 "Opslaan in het werkpostbestand",
                                 "In der Arbeitsplatzdatei speichern"),
    "Saved in {0}; in use as soon as this window is closed.": (
        "Enregistré dans {0} ; en service dès la fermeture de cette fenêtre.",
        "Opgeslagen in {0}; in gebruik zodra dit venster sluit.",
        "Gespeichert in {0}; gilt, sobald dieses Fenster geschlossen ist."),
    # the depot's store: full disk, damaged file
    "The disk is full: this was not saved (what the screen shows as done is saved). "
    "Free some disk space, then do it again.": (
        "Le disque est plein : ceci n'a pas été enregistré (ce que l'écran montre comme fait "
        "est enregistré). Libérez de la place sur le disque, puis recommencez.",
        "De schijf is vol: dit werd niet opgeslagen (wat het scherm als gedaan toont, is "
        "opgeslagen). Maak ruimte vrij op de schijf en doe het dan opnieuw.",
        "Die Festplatte ist voll: dies wurde nicht gespeichert (was der Bildschirm als erledigt "
        "zeigt, ist gespeichert). Platz auf der Festplatte schaffen, dann erneut versuchen."),
    "The depot's data file cannot be read or written: check the disk and the rights on the "
    "data folder, then start cpdesk again.": (
        "Le fichier de données du dépôt ne peut pas être lu ou écrit : vérifiez le disque et "
        "les droits sur le dossier de données, puis relancez cpdesk.",
        "Het gegevensbestand van het depot kan niet gelezen of geschreven worden: controleer "
        "de schijf en de rechten op de gegevensmap en start cpdesk opnieuw.",
        "Die Datendatei des Depots kann nicht gelesen oder geschrieben werden: Festplatte und "
        "Rechte am Datenordner prüfen, dann cpdesk neu starten."),
    "The depot's data file is empty: its data is gone.": (
        "Le fichier de données du dépôt est vide : ses données sont perdues.",
        "Het gegevensbestand van het depot is leeg: de gegevens zijn weg.",
        "Die Datendatei des Depots ist leer: ihre Daten sind verloren."),
    "The depot's data file is not a cpdesk database: it was damaged or overwritten.": (
        "Le fichier de données du dépôt n'est pas une base cpdesk : il a été endommagé ou "
        "écrasé.",
        "Het gegevensbestand van het depot is geen cpdesk-database: het werd beschadigd of "
        "overschreven.",
        "Die Datendatei des Depots ist keine cpdesk-Datenbank: sie wurde beschädigt oder "
        "überschrieben."),
    "The depot's data file is damaged.": (
        "Le fichier de données du dépôt est endommagé.",
        "Het gegevensbestand van het depot is beschadigd.",
        "Die Datendatei des Depots ist beschädigt."),
    "Stop working on this computer and have it restored from the centre with “cpdesk setup”: "
    "the depot's history comes back, the damaged file is kept aside.": (
        "Arrêtez de travailler sur cet ordinateur et faites-le restaurer depuis la centrale "
        "avec « cpdesk setup » : l'historique du dépôt revient, le fichier endommagé est "
        "gardé de côté.",
        "Stop met werken op deze computer en laat hem herstellen vanuit de centrale met "
        "„cpdesk setup”: de geschiedenis van het depot komt terug, het beschadigde bestand "
        "wordt bewaard.",
        "Die Arbeit an diesem Computer beenden und ihn von der Zentrale mit „cpdesk setup“ "
        "wiederherstellen lassen: die Geschichte des Depots kommt zurück, die beschädigte "
        "Datei wird aufbewahrt."),
}

# Texts with a count (Qt's %n): English source -> ((French one, many), (Dutch ...), (German ...))
PLURALS: dict[str, tuple[tuple[str, str], tuple[str, str], tuple[str, str]]] = {
    "%n crate(s) missing": (("%n caisse manquante", "%n caisses manquantes"),
                            ("%n krat ontbreekt", "%n kratten ontbreken"),
                            ("%n Kiste fehlt", "%n Kisten fehlen")),
    "%n order(s) still being packed": (
        ("%n commande encore en préparation", "%n commandes encore en préparation"),
        ("%n bestelling wordt nog verpakt", "%n bestellingen worden nog verpakt"),
        ("%n Bestellung wird noch gepackt", "%n Bestellungen werden noch gepackt")),
}

# Where one English word means two things: (context, source) -> (French, Dutch, German)
IN_CONTEXT: dict[tuple[str, str], tuple[str, str, str]] = {
    ("HardwareSettingsDialog", "Stop"): ("Arrêter", "Stoppen", "Stoppen"),
    ("HardwareSettingsDialog", "Line"): ("Ligne série", "Seriële lijn", "Serielle Leitung"),
    # a device's state after its name ("Balance : fonctionne"): no gender to agree with
    ("Devices", "ready"): ("fonctionne", "werkt", "funktioniert"),
    ("FirstStartWidget", "Stop"): ("Arrêter", "Stoppen", "Anhalten"),
}


def fill(lang: str) -> list[str]:
    index = LANGS.index(lang)
    path = HERE / f"cpdesk_{lang}.ts"
    tree = ET.parse(path)
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") in ("vanished", "obsolete"):
                continue  # no longer in the code (lupdate -no-obsolete drops them)
            if message.get("numerus") == "yes":
                forms = PLURALS.get(source)
                if forms is None:
                    missing.append(source)
                    continue
                for child in list(translation):
                    translation.remove(child)
                translation.text = None
                for form in forms[index]:
                    ET.SubElement(translation, "numerusform").text = form
                translation.attrib.pop("type", None)
                continue
            texts = IN_CONTEXT.get((name, source)) or TEXTS.get(source)
            if texts is not None:
                translation.text = texts[index]
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
