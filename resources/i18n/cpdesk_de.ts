<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Something went wrong</source>
        <translation>Etwas ist schiefgegangen</translation>
    </message>
    <message>
        <source>{0}

The details are in the log: {1}</source>
        <translation>{0}

Die Einzelheiten stehen im Protokoll: {1}</translation>
    </message>
</context>
<context>
    <name>BoardModel</name>
    <message>
        <source>to pack</source>
        <translation>zu packen</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in Arbeit</translation>
    </message>
    <message>
        <source>packed</source>
        <translation>gepackt</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>geliefert</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>storniert</translation>
    </message>
    <message>
        <source>other depot</source>
        <translation>anderes Depot</translation>
    </message>
    <message>
        <source>changed centrally</source>
        <translation>zentral geändert</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Halt</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Gemeinde</translation>
    </message>
    <message>
        <source>Zones</source>
        <translation>Zonen</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Crates</source>
        <translation>Kisten</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>driver: {0}</source>
        <translation>Fahrer: {0}</translation>
    </message>
    <message>
        <source>{0}/{1} orders packed</source>
        <translation>{0}/{1} Bestellungen gepackt</translation>
    </message>
    <message>
        <source>{0}/{1} lines</source>
        <translation>{0}/{1} Zeilen</translation>
    </message>
    <message numerus="yes">
        <source>%n crate(s)</source>
        <translation>
            <numerusform>%n Kiste</numerusform>
            <numerusform>%n Kisten</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ {0} crates {1}/{2} places</source>
        <translation>⚠ Kisten {0}: {1}/{2} Plätze</translation>
    </message>
</context>
<context>
    <name>BoardWidget</name>
    <message>
        <source>Order, customer…</source>
        <translation>Bestellung, Kunde…</translation>
    </message>
    <message>
        <source>Search an order (number) or a customer (Ctrl+F)</source>
        <translation>Eine Bestellung (Nummer) oder einen Kunden suchen (Ctrl+F)</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>Aktualisieren (F5)</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>All zones</source>
        <translation>Alle Zonen</translation>
    </message>
    <message>
        <source>Ambient</source>
        <translation>Raumtemperatur</translation>
    </message>
    <message>
        <source>Chilled</source>
        <translation>Gekühlt</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>Tiefgekühlt</translation>
    </message>
    <message>
        <source>All rounds</source>
        <translation>Alle Touren</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message numerus="yes">
        <source>%n round(s)</source>
        <translation>
            <numerusform>%n Tour</numerusform>
            <numerusform>%n Touren</numerusform>
        </translation>
    </message>
    <message>
        <source>{0}/{1} orders packed</source>
        <translation>{0}/{1} Bestellungen gepackt</translation>
    </message>
    <message numerus="yes">
        <source>%n crate(s)</source>
        <translation>
            <numerusform>%n Kiste</numerusform>
            <numerusform>%n Kisten</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not load the board: {0}</source>
        <translation>Die Übersicht konnte nicht geladen werden: {0}</translation>
    </message>
    <message>
        <source>Delivery note {0}…</source>
        <translation>Lieferschein {0}…</translation>
    </message>
    <message>
        <source>Crate labels of {0}…</source>
        <translation>Kistenetiketten von {0}…</translation>
    </message>
    <message>
        <source>Van manifest {0}…</source>
        <translation>Tourenliste {0}…</translation>
    </message>
    <message>
        <source>Pick list of round {0}…</source>
        <translation>Kommissionierliste der Tour {0}…</translation>
    </message>
    <message>
        <source>Pick list of the day…</source>
        <translation>Kommissionierliste des Tages…</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Qty / weight</source>
        <translation>Menge / kg</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Rabatt</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>weight from the {0}</source>
        <translation>Gewicht von: {0}</translation>
    </message>
</context>
<context>
    <name>ChangePanel</name>
    <message>
        <source>Done, resolved</source>
        <translation>Erledigt, gelöst</translation>
    </message>
    <message>
        <source>Order cancelled centrally</source>
        <translation>Bestellung zentral storniert</translation>
    </message>
    <message>
        <source>Take everything out of its crates: {0}</source>
        <translation>Alles aus den Kisten nehmen: {0}</translation>
    </message>
    <message>
        <source>Its crates are empty: nothing to take out</source>
        <translation>Die Kisten sind leer: nichts herauszunehmen</translation>
    </message>
    <message>
        <source>Nothing more may be packed for this order.</source>
        <translation>Für diese Bestellung darf nichts mehr gepackt werden.</translation>
    </message>
    <message>
        <source>Order changed centrally</source>
        <translation>Bestellung zentral geändert</translation>
    </message>
    <message>
        <source>New line, to pack: {0} × {1}</source>
        <translation>Neue Zeile, zu packen: {0} × {1}</translation>
    </message>
    <message>
        <source>More ordered, to pack: {0}: {1} → {2}</source>
        <translation>Mehr bestellt, zu packen: {0}: {1} → {2}</translation>
    </message>
    <message>
        <source>When it is done, press “Done, resolved”.</source>
        <translation>Wenn es erledigt ist, „Erledigt, gelöst“ drücken.</translation>
    </message>
    <message>
        <source>Removed: {0}</source>
        <translation>Gestrichen: {0}</translation>
    </message>
    <message>
        <source>Reduced: {0}: {1} → {2}</source>
        <translation>Verringert: {0}: {1} → {2}</translation>
    </message>
    <message>
        <source>nothing to take out</source>
        <translation>nichts herauszunehmen</translation>
    </message>
    <message>
        <source>take {0} out of crate {1}</source>
        <translation>{0} aus Kiste {1} nehmen</translation>
    </message>
</context>
<context>
    <name>ChoicePanel</name>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Abbrechen (Esc)</translation>
    </message>
</context>
<context>
    <name>CounterPins</name>
    <message>
        <source>Your PIN to serve at the counter</source>
        <translation>Ihre PIN für den Dienst an der Theke</translation>
    </message>
    <message>
        <source>{0}: a supervisor&apos;s PIN is needed</source>
        <translation>{0}: PIN einer/eines Verantwortlichen nötig</translation>
    </message>
    <message>
        <source>Unknown PIN</source>
        <translation>Unbekannte PIN</translation>
    </message>
    <message>
        <source>That is not a supervisor&apos;s PIN</source>
        <translation>Keine PIN einer/eines Verantwortlichen</translation>
    </message>
</context>
<context>
    <name>CounterWidget</name>
    <message>
        <source>Sale</source>
        <translation>Verkauf</translation>
    </message>
    <message>
        <source>Pick-up</source>
        <translation>Abholung</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Kasse</translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation>Niemand angemeldet</translation>
    </message>
    <message>
        <source>Sign in (PIN)</source>
        <translation>Anmelden (PIN)</translation>
    </message>
    <message>
        <source>Switch user (F12)</source>
        <translation>Benutzer wechseln (F12)</translation>
    </message>
    <message>
        <source>Register {0}</source>
        <translation>Kasse {0}</translation>
    </message>
    <message>
        <source>Sign in with your PIN first</source>
        <translation>Zuerst mit Ihrer PIN anmelden</translation>
    </message>
    <message>
        <source>Scale: no reading</source>
        <translation>Waage: kein Messwert</translation>
    </message>
    <message>
        <source>Take the weight</source>
        <translation>Gewicht übernehmen</translation>
    </message>
    <message>
        <source>Name, producer, code</source>
        <translation>Name, Erzeuger, Code</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>Zeile löschen</translation>
    </message>
    <message>
        <source>10% or 2,50</source>
        <translation>10% oder 2,50</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>Zeilenrabatt</translation>
    </message>
    <message>
        <source>Cart discount</source>
        <translation>Warenkorbrabatt</translation>
    </message>
    <message>
        <source>Cancel sale</source>
        <translation>Verkauf abbrechen</translation>
    </message>
    <message>
        <source>/kg</source>
        <translation>/kg</translation>
    </message>
    <message>
        <source>A payment was taken: undo it before changing the cart</source>
        <translation>Es wurde schon bezahlt: Zahlung zurücknehmen, bevor der Warenkorb geändert wird</translation>
    </message>
    <message>
        <source>{0}: this scale is not approved for trade; sell it by a weight label or on an approved scale</source>
        <translation>{0}: diese Waage ist nicht geeicht; mit einem Gewichtsetikett oder auf einer geeichten Waage verkaufen</translation>
    </message>
    <message>
        <source>{0}: waiting for a stable weight on the scale</source>
        <translation>{0}: warten auf ein stabiles Gewicht auf der Waage</translation>
    </message>
    <message>
        <source>stable</source>
        <translation>stabil</translation>
    </message>
    <message>
        <source>moving</source>
        <translation>unruhig</translation>
    </message>
    <message>
        <source>out of range</source>
        <translation>außerhalb des Bereichs</translation>
    </message>
    <message>
        <source>Scale: {0} ({1})</source>
        <translation>Waage: {0} ({1})</translation>
    </message>
    <message>
        <source>The catalogue is still loading</source>
        <translation>Der Katalog wird noch geladen</translation>
    </message>
    <message>
        <source>Unknown code {0}</source>
        <translation>Unbekannter Code {0}</translation>
    </message>
    <message>
        <source>Type 10% or an amount such as 2,50</source>
        <translation>10% oder einen Betrag wie 2,50 eingeben</translation>
    </message>
    <message>
        <source>discounts {0}</source>
        <translation>Rabatte {0}</translation>
    </message>
    <message>
        <source>VAT {0}%: {1} of {2}</source>
        <translation>MwSt. {0}&#xa0;%: {1} von {2}</translation>
    </message>
    <message>
        <source>Receipt {0} recorded. Change: {1}</source>
        <translation>Beleg {0} erfasst. Rückgeld: {1}</translation>
    </message>
</context>
<context>
    <name>DashboardStrip</name>
    <message>
        <source>{0}/{1} orders packed</source>
        <translation>{0}/{1} Bestellungen gepackt</translation>
    </message>
    <message numerus="yes">
        <source>%n crate(s)</source>
        <translation>
            <numerusform>%n Kiste</numerusform>
            <numerusform>%n Kisten</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync: {0}</source>
        <translation>Sync: {0}</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>Scale: {0}</source>
        <translation>Waage: {0}</translation>
    </message>
    <message>
        <source>Printers: {0}</source>
        <translation>Drucker: {0}</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>Orders packed per hour</source>
        <translation>Gepackte Bestellungen pro Stunde</translation>
    </message>
    <message>
        <source>{0} facts refused by the centre: not delivered, sent again at each sync; a supervisor must settle them</source>
        <translation>{0} Vorgänge von der Zentrale abgelehnt: nicht zugestellt, bei jeder Synchronisierung erneut gesendet; ein Verantwortlicher muss sie klären</translation>
    </message>
    <message>
        <source>{0} ({1}, {2}): {3}</source>
        <translation>{0} ({1}, {2}): {3}</translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation>… und {0} weitere</translation>
    </message>
</context>
<context>
    <name>DayNavigator</name>
    <message>
        <source>No round on {0}: next day with rounds</source>
        <translation>Keine Tour am {0}: hier der nächste Tag mit Touren</translation>
    </message>
    <message>
        <source>Previous day (Alt+←)</source>
        <translation>Vorheriger Tag (Alt+←)</translation>
    </message>
    <message>
        <source>Next day (Alt+→)</source>
        <translation>Nächster Tag (Alt+→)</translation>
    </message>
</context>
<context>
    <name>DemoScalePanel</name>
    <message>
        <source>Simulated scale (demo)</source>
        <translation>Simulierte Waage (Demo)</translation>
    </message>
    <message>
        <source>Moving</source>
        <translation>Unruhig</translation>
    </message>
    <message>
        <source>Overload</source>
        <translation>Überlast</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <source>Scale</source>
        <translation>Waage</translation>
    </message>
    <message>
        <source>Label printer</source>
        <translation>Etikettendrucker</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Bondrucker</translation>
    </message>
    <message>
        <source>A4 printer</source>
        <translation>A4-Drucker</translation>
    </message>
    <message>
        <source>Scanner {0}</source>
        <translation>Scanner {0}</translation>
    </message>
    <message>
        <source>ready</source>
        <translatorcomment>A device&apos;s state after its name (Balance : fonctionne), not the printers&apos; &apos;ready&apos; (prêtes): no gender or number to agree with.</translatorcomment>
        <translation>funktioniert</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>nicht eingerichtet</translation>
    </message>
    <message>
        <source>overload</source>
        <translation>Überlast</translation>
    </message>
    <message>
        <source>under zero</source>
        <translation>unter Null</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
    <message>
        <source>unreadable bytes: check the line settings</source>
        <translation>unlesbare Bytes: Leitungseinstellungen prüfen</translation>
    </message>
    <message>
        <source>absent or unplugged ({0})</source>
        <translation>fehlt oder ausgesteckt ({0})</translation>
    </message>
    <message>
        <source>disconnected ({0})</source>
        <translation>getrennt ({0})</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>does not answer</source>
        <translation>antwortet nicht</translation>
    </message>
    <message>
        <source>out of paper</source>
        <translation>kein Papier</translation>
    </message>
    <message>
        <source>stopped in CUPS</source>
        <translation>in CUPS angehalten</translation>
    </message>
    <message>
        <source>{0} since {1}</source>
        <translation>{0} seit {1}</translation>
    </message>
</context>
<context>
    <name>DocumentPreview</name>
    <message>
        <source>Print…</source>
        <translation>Drucken…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Als PDF speichern…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>The printer refused the job</source>
        <translation>Der Drucker hat den Auftrag abgelehnt</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Als PDF speichern</translation>
    </message>
</context>
<context>
    <name>FirstStartWidget</name>
    <message>
        <source>The centre cannot be reached: check its address and port, and the network (the server may be down)</source>
        <translation>Die Zentrale ist nicht erreichbar: Adresse, Port und Netzwerk prüfen (der Server ist vielleicht aus)</translation>
    </message>
    <message>
        <source>The centre refused the login or its password: paste the credentials again (a new &apos;add-depot&apos; gives a new password)</source>
        <translation>Die Zentrale hat Benutzername oder Passwort abgelehnt: Zugangsdaten neu einfügen (ein neues &apos;add-depot&apos; gibt ein neues Passwort)</translation>
    </message>
    <message>
        <source>The address demands an encrypted (TLS) connection but the centre does not offer one: check the sslmode in the address</source>
        <translation>Die Adresse verlangt eine verschlüsselte (TLS) Verbindung, die Zentrale bietet keine an: sslmode in der Adresse prüfen</translation>
    </message>
    <message>
        <source>The centre&apos;s certificate is not trusted by this computer: install the centre&apos;s certificate authority, or check the centre&apos;s name</source>
        <translation>Dieser Computer vertraut dem Zertifikat der Zentrale nicht: Zertifizierungsstelle der Zentrale installieren oder den Namen der Zentrale prüfen</translation>
    </message>
    <message>
        <source>The centre has no such database: check the database name in the address</source>
        <translation>Die Zentrale hat diese Datenbank nicht: Namen in der Adresse prüfen</translation>
    </message>
    <message>
        <source>These credentials belong to another depot</source>
        <translation>Diese Zugangsdaten gehören zu einem anderen Depot</translation>
    </message>
    <message>
        <source>That is not a centre address (postgresql://user:password@host/database)</source>
        <translation>Das ist keine Adresse einer Zentrale (postgresql://benutzer:passwort@host/datenbank)</translation>
    </message>
    <message>
        <source>The centre answered with an error</source>
        <translation>Die Zentrale hat mit einem Fehler geantwortet</translation>
    </message>
    <message>
        <source>Setting up this depot workstation</source>
        <translation>Diesen Depot-Arbeitsplatz einrichten</translation>
    </message>
    <message>
        <source>This computer has no depot store yet. Give the depot&apos;s code and the centre&apos;s credentials (as &apos;cpdesk central add-depot --json&apos; printed them: paste them or open the file), test the connection, then the first sync fills the store.</source>
        <translation>Dieser Computer hat noch keine Depotdatenbank. Depotcode und Zugangsdaten der Zentrale angeben (wie &apos;cpdesk central add-depot --json&apos; sie ausgab: einfügen oder Datei öffnen), Verbindung testen, dann füllt die erste Synchronisierung die Datenbank.</translation>
    </message>
    <message>
        <source>Depot code</source>
        <translation>Depotcode</translation>
    </message>
    <message>
        <source>Centre address</source>
        <translation>Adresse der Zentrale</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>PIN key (pin_pepper)</source>
        <translation>PIN-Schlüssel (pin_pepper)</translation>
    </message>
    <message>
        <source>Or paste the credentials (JSON)</source>
        <translation>Oder die Zugangsdaten einfügen (JSON)</translation>
    </message>
    <message>
        <source>Open the credentials file…</source>
        <translation>Datei mit Zugangsdaten öffnen…</translation>
    </message>
    <message>
        <source>Test the connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Set up and sync</source>
        <translation>Einrichten und synchronisieren</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>The first sync of depot {0} was not finished: resume it.</source>
        <translation>Die erste Synchronisierung von Depot {0} war nicht fertig: fortsetzen.</translation>
    </message>
    <message>
        <source>Credentials file</source>
        <translation>Datei mit Zugangsdaten</translation>
    </message>
    <message>
        <source>there is no such file</source>
        <translation>diese Datei gibt es nicht</translation>
    </message>
    <message>
        <source>this user may not read it</source>
        <translation>dieser Benutzer darf sie nicht lesen</translation>
    </message>
    <message>
        <source>it is not a text file</source>
        <translation>das ist keine Textdatei</translation>
    </message>
    <message>
        <source>Cannot read {0}: {1}</source>
        <translation>{0} kann nicht gelesen werden: {1}</translation>
    </message>
    <message>
        <source>Give the depot code</source>
        <translation>Depotcode angeben</translation>
    </message>
    <message>
        <source>Give the centre&apos;s address, or paste the credentials</source>
        <translation>Adresse der Zentrale angeben oder die Zugangsdaten einfügen</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Verbindung wird getestet…</translation>
    </message>
    <message>
        <source>Connected: the centre knows depot {0}.</source>
        <translation>Verbunden: die Zentrale kennt Depot {0}.</translation>
    </message>
    <message>
        <source>First sync of depot {0}…</source>
        <translation>Erste Synchronisierung von Depot {0}…</translation>
    </message>
    <message>
        <source>Depot {0} is ready.</source>
        <translation>Depot {0} ist bereit.</translation>
    </message>
    <message>
        <source>Stopped. What was pulled is kept: resume when you want.</source>
        <translation>Angehalten. Was schon geholt wurde, bleibt: fortsetzen, wann Sie wollen.</translation>
    </message>
    <message>
        <source>The first sync failed: {0}. What was pulled is kept: resume when the centre is back.</source>
        <translation>Die erste Synchronisierung ist fehlgeschlagen: {0}. Was schon geholt wurde, bleibt: fortsetzen, wenn die Zentrale wieder da ist.</translation>
    </message>
    <message>
        <source>{0} / {1} changes</source>
        <translation>{0} / {1} Änderungen</translation>
    </message>
</context>
<context>
    <name>Formats</name>
    <message>
        <source>en_BE</source>
        <comment>the locale of this language for money and dates: fr_BE, nl_BE or de_BE</comment>
        <translation>de_BE</translation>
    </message>
</context>
<context>
    <name>HardwareSettingsDialog</name>
    <message>
        <source>Hardware</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>Legal for trade (only stable readings are booked)</source>
        <translation>Eichpflichtig (nur stabile Wägungen werden gebucht)</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>Port (URL)</source>
        <translation>Port (URL)</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Request (regex)</source>
        <translation>Anfrage (Regex)</translation>
    </message>
    <message>
        <source>Pattern (regex)</source>
        <translation>Muster (Regex)</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Serielle Leitung</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Messwert</translation>
    </message>
    <message>
        <source>Raw bytes</source>
        <translation>Rohdaten</translation>
    </message>
    <message>
        <source>Live view</source>
        <translation>Live-Anzeige</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Waage</translation>
    </message>
    <message>
        <source>Print test page</source>
        <translation>Testseite drucken</translation>
    </message>
    <message>
        <source>Printer (URL)</source>
        <translation>Drucker (URL)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Cash drawer on the receipt printer</source>
        <translation>Kassenlade am Bondrucker</translation>
    </message>
    <message>
        <source>Receipt width (mm)</source>
        <translation>Bonbreite (mm)</translation>
    </message>
    <message>
        <source>Labels: dpi, size (mm)</source>
        <translation>Etiketten: dpi, Größe (mm)</translation>
    </message>
    <message>
        <source>CUPS queue name, or a folder for the PDFs</source>
        <translation>Name der CUPS-Warteschlange oder ein Ordner für die PDFs</translation>
    </message>
    <message>
        <source>A4 printer</source>
        <translation>A4-Drucker</translation>
    </message>
    <message>
        <source>Save to the station file</source>
        <translation>In der Arbeitsplatzdatei speichern</translation>
    </message>
    <message>
        <source>Scanners</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>Drucker</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>Nicht gespeichert: {0}</translation>
    </message>
    <message>
        <source>Saved in {0}; in use as soon as this window is closed.</source>
        <translation>Gespeichert in {0}; gilt, sobald dieses Fenster geschlossen ist.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>printing…</source>
        <translation>druckt…</translation>
    </message>
    <message>
        <source>overload</source>
        <translation>Überlast</translation>
    </message>
    <message>
        <source>under zero</source>
        <translation>unter null</translation>
    </message>
    <message>
        <source>moving (no weight)</source>
        <translation>unruhig (kein Gewicht)</translation>
    </message>
    <message>
        <source>net</source>
        <translation>netto</translation>
    </message>
    <message>
        <source>gross</source>
        <translation>brutto</translation>
    </message>
    <message>
        <source>stable</source>
        <translation>stabil</translation>
    </message>
    <message>
        <source>moving</source>
        <translation>unruhig</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>near end</source>
        <translation>fast leer</translation>
    </message>
    <message>
        <source>out</source>
        <translation>leer</translation>
    </message>
    <message>
        <source>printed ({0} paper)</source>
        <translation>gedruckt (Papier: {0})</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>{0} {1} {2}</source>
        <comment>a weight in grams, net or gross, stable or moving</comment>
        <translation>{0} {1} {2}</translation>
    </message>
    <message>
        <source>paper near end</source>
        <translation>Papier fast leer</translation>
    </message>
    <message>
        <source>failed: {0}</source>
        <translation>fehlgeschlagen: {0}</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
</context>
<context>
    <name>HourChart</name>
    <message>
        <source>Orders packed per hour</source>
        <translation>Gepackte Bestellungen pro Stunde</translation>
    </message>
</context>
<context>
    <name>Loading</name>
    <message>
        <source>on the van</source>
        <translation>im Lieferwagen</translation>
    </message>
    <message>
        <source>to load</source>
        <translation>zu verladen</translation>
    </message>
    <message>
        <source>still at its depot</source>
        <translation>noch im Depot</translation>
    </message>
    <message>
        <source>in transit</source>
        <translation>unterwegs</translation>
    </message>
    <message>
        <source>at the wrong depot!</source>
        <translation>im falschen Depot!</translation>
    </message>
    <message>
        <source>being packed</source>
        <translation>wird gepackt</translation>
    </message>
</context>
<context>
    <name>LoadingWidget</name>
    <message>
        <source>Stop / crate</source>
        <translation>Halt / Kiste</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Zone</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>Mark departed (F9)</source>
        <translation>Abfahrt melden (F9)</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>PIN der/des Verantwortlichen</translation>
    </message>
    <message>
        <source>producer delivery late</source>
        <translation>Lieferung des Erzeugers verspätet</translation>
    </message>
    <message>
        <source>crate damaged</source>
        <translation>Kiste beschädigt</translation>
    </message>
    <message>
        <source>customer will collect at the depot</source>
        <translation>Kunde holt im Depot ab</translation>
    </message>
    <message>
        <source>Leave without them</source>
        <translation>Ohne sie abfahren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Scan: load the van</source>
        <translation>Scan: Lieferwagen beladen</translation>
    </message>
    <message>
        <source>Scan: take off the van</source>
        <translation>Scan: aus dem Lieferwagen nehmen</translation>
    </message>
    <message>
        <source>Scan: send to another depot</source>
        <translation>Scan: an ein anderes Depot senden</translation>
    </message>
    <message>
        <source>Scan: receive from another depot</source>
        <translation>Scan: von einem anderen Depot empfangen</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Tour</translation>
    </message>
    <message>
        <source>No round leaves from this depot on {0}</source>
        <translation>Am {0} fährt keine Tour von diesem Depot ab</translation>
    </message>
    <message>
        <source>departed</source>
        <translation>abgefahren</translation>
    </message>
    <message>
        <source>loading</source>
        <translation>wird beladen</translation>
    </message>
    <message>
        <source>{0} · {1} · {2}/{3} crates on the van · {4}</source>
        <translation>{0} · {1} · {2}/{3} Kisten im Lieferwagen · {4}</translation>
    </message>
    <message>
        <source>Too many {0} crates: {1} for {2} places</source>
        <translation>Zu viele Kisten {0}: {1} für {2} Plätze</translation>
    </message>
    <message>
        <source>Stop {0} — {1}, {2}</source>
        <translation>Halt {0} — {1}, {2}</translation>
    </message>
    <message>
        <source>{0}: still being packed</source>
        <translation>{0}: wird noch gepackt</translation>
    </message>
    <message>
        <source>Choose a round and sign in before scanning crates</source>
        <translation>Tour wählen und anmelden, bevor Kisten gescannt werden</translation>
    </message>
    <message>
        <source>Round {0} has left.</source>
        <translation>Tour {0} ist abgefahren.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>cpdesk — {0} depot</source>
        <translation>cpdesk — Depot {0}</translation>
    </message>
    <message>
        <source>Depot {0}</source>
        <translation>Depot {0}</translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation>Niemand angemeldet</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Jetzt synchronisieren</translation>
    </message>
    <message>
        <source>Devices: simulated</source>
        <translation>Geräte: simuliert</translation>
    </message>
    <message>
        <source>Sign in: enter your PIN</source>
        <translation>Anmelden: PIN eingeben</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>Scale: {0}</source>
        <translation>Waage: {0}</translation>
    </message>
    <message>
        <source>Sync: {0}</source>
        <translation>Sync: {0}</translation>
    </message>
    <message>
        <source>Board (Ctrl+1)</source>
        <translation>Übersicht (Ctrl+1)</translation>
    </message>
    <message>
        <source>Signed in: {0}</source>
        <translation>Angemeldet: {0}</translation>
    </message>
    <message>
        <source>Switch user (F12)</source>
        <translation>Benutzer wechseln (F12)</translation>
    </message>
    <message>
        <source>Counter (Ctrl+2)</source>
        <translation>Theke (Ctrl+2)</translation>
    </message>
    <message>
        <source>Loading (Ctrl+3)</source>
        <translation>Verladen (Ctrl+3)</translation>
    </message>
    <message>
        <source>Hardware…</source>
        <translation>Geräte…</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>simuliert</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>nicht eingerichtet</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>Unknown PIN</source>
        <translation>Unbekannte PIN</translation>
    </message>
    <message>
        <source>Scan an order slip or a crate to open an order</source>
        <translation>Bestellschein oder Kiste scannen, um eine Bestellung zu öffnen</translation>
    </message>
    <message>
        <source>Sign in first</source>
        <translation>Bitte zuerst anmelden</translation>
    </message>
</context>
<context>
    <name>ManualWeightPanel</name>
    <message>
        <source>Manual weight (supervisor): weight in grams</source>
        <translation>Manuelles Gewicht (Verantwortliche/r): Gewicht in Gramm</translation>
    </message>
    <message>
        <source>Record weight</source>
        <translation>Gewicht erfassen</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Abbrechen (Esc)</translation>
    </message>
</context>
<context>
    <name>OrderView</name>
    <message>
        <source>round {0}, stop {1}</source>
        <translation>Tour {0}, Halt {1}</translation>
    </message>
    <message>
        <source>{0}/{1} lines</source>
        <translation>{0}/{1} Zeilen</translation>
    </message>
    <message>
        <source>PACKED</source>
        <translation>GEPACKT</translation>
    </message>
    <message>
        <source>This order was cancelled: do not pack it.</source>
        <translation>Diese Bestellung wurde storniert: nicht packen.</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Producer</source>
        <translation>Erzeuger</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>Bestellt</translation>
    </message>
    <message>
        <source>Packed</source>
        <translation>Gepackt</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>crate {0}, items: {1}</source>
        <translation>Kiste {0}, Artikel: {1}</translation>
    </message>
    <message>
        <source>no open crate</source>
        <translation>keine offene Kiste</translation>
    </message>
    <message>
        <source>removed: take out</source>
        <translation>gestrichen: herausnehmen</translation>
    </message>
    <message>
        <source>{0} open, items: {1}</source>
        <translation>{0} offen, Artikel: {1}</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <comment>a temperature zone: its crates</comment>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>{0} closed</source>
        <translation>{0} geschlossen</translation>
    </message>
</context>
<context>
    <name>PackingScreen</name>
    <message>
        <source>to pack</source>
        <translation>zu packen</translation>
    </message>
    <message>
        <source>partly packed</source>
        <translation>teilweise</translation>
    </message>
    <message>
        <source>packed</source>
        <translation>gepackt</translation>
    </message>
    <message>
        <source>out of tolerance</source>
        <translation>außerhalb der Toleranz</translation>
    </message>
    <message>
        <source>short</source>
        <translation>Fehlmenge</translation>
    </message>
    <message>
        <source>substituted</source>
        <translation>ersetzt</translation>
    </message>
    <message>
        <source>removed from the order</source>
        <translation>aus der Bestellung gestrichen</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
</context>
<context>
    <name>PackingWidget</name>
    <message>
        <source>◀ Board (Esc)</source>
        <translation>◀ Übersicht (Esc)</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Waage</translation>
    </message>
    <message>
        <source>Crates</source>
        <translation>Kisten</translation>
    </message>
    <message>
        <source>Take weight (Space)</source>
        <translation>Gewicht übernehmen (Leertaste)</translation>
    </message>
    <message>
        <source>+1 piece</source>
        <translation>+1 Stück</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>Fehlmenge</translation>
    </message>
    <message>
        <source>Substitute</source>
        <translation>Ersetzen</translation>
    </message>
    <message>
        <source>New crate</source>
        <translation>Neue Kiste</translation>
    </message>
    <message>
        <source>Close crate</source>
        <translation>Kiste schließen</translation>
    </message>
    <message>
        <source>Take out</source>
        <translation>Herausnehmen</translation>
    </message>
    <message>
        <source>Move to crate</source>
        <translation>In Kiste umlegen</translation>
    </message>
    <message>
        <source>Manual weight</source>
        <translation>Manuelles Gewicht</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>PIN der/des Verantwortlichen</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>Nicht gespeichert: {0}</translation>
    </message>
    <message>
        <source>Sign in first</source>
        <translation>Bitte zuerst anmelden</translation>
    </message>
    <message>
        <source>Order {0} opened: scan the products</source>
        <translation>Bestellung {0} geöffnet: Produkte scannen</translation>
    </message>
    <message>
        <source>This product is on several lines: which one?</source>
        <translation>Dieses Produkt steht auf mehreren Zeilen: welche?</translation>
    </message>
    <message>
        <source>{0}: put it on the scale, then Space</source>
        <translation>{0}: auf die Waage legen, dann Leertaste</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <comment>a product: what is packed of it</comment>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>Select a line first</source>
        <translation>Zuerst eine Zeile wählen</translation>
    </message>
    <message>
        <source>Short: why can&apos;t {0} be packed?</source>
        <translation>Fehlmenge: Warum kann {0} nicht gepackt werden?</translation>
    </message>
    <message>
        <source>Substitute: why is {0} replaced?</source>
        <translation>Ersatz: Warum wird {0} ersetzt?</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>Rückgängig gemacht</translation>
    </message>
    <message>
        <source>New crate {0} ({1})</source>
        <translation>Neue Kiste {0} ({1})</translation>
    </message>
    <message>
        <source>No open crate in this zone</source>
        <translation>Keine offene Kiste in dieser Zone</translation>
    </message>
    <message>
        <source>Crate {0} closed: label printed</source>
        <translation>Kiste {0} geschlossen: Etikett gedruckt</translation>
    </message>
    <message>
        <source>Item taken out of its crate</source>
        <translation>Artikel aus der Kiste genommen</translation>
    </message>
    <message>
        <source>Open a new crate first (F6), then move</source>
        <translation>Zuerst eine neue Kiste öffnen (F6), dann umlegen</translation>
    </message>
    <message>
        <source>Item moved to crate {0}</source>
        <translation>Artikel in Kiste {0} umgelegt</translation>
    </message>
    <message>
        <source>Change resolved</source>
        <translation>Änderung gelöst</translation>
    </message>
    <message>
        <source>Order {0} packed: {1} crate labels printed</source>
        <translation>Bestellung {0} gepackt: {1} Kistenetiketten gedruckt</translation>
    </message>
</context>
<context>
    <name>PaymentPanel</name>
    <message>
        <source>Amount (empty: all that is left)</source>
        <translation>Betrag (leer: der ganze Rest)</translation>
    </message>
    <message>
        <source>Approval code / voucher number</source>
        <translation>Kartencode / Gutscheinnummer</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Bar</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>Gutschein</translation>
    </message>
    <message>
        <source>Undo payment</source>
        <translation>Zahlung zurücknehmen</translation>
    </message>
    <message>
        <source>Left to pay: {0}</source>
        <translation>Noch zu zahlen: {0}</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>bar</translation>
    </message>
    <message>
        <source>card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>voucher</source>
        <translation>Gutschein</translation>
    </message>
    <message>
        <source>rounding</source>
        <translation>Rundung</translation>
    </message>
    <message>
        <source>Change: {0}</source>
        <translation>Rückgeld: {0}</translation>
    </message>
    <message>
        <source>Type an amount such as 12,50</source>
        <translation>Einen Betrag wie 12,50 eingeben</translation>
    </message>
</context>
<context>
    <name>PickupPanel</name>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>No order</source>
        <translation>Keine Bestellung</translation>
    </message>
    <message>
        <source>Hand over and mark delivered</source>
        <translation>Übergeben: geliefert</translation>
    </message>
    <message>
        <source>to hand over</source>
        <translation>auszuhändigen</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>geliefert</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>storniert</translation>
    </message>
    <message>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <source>Order {0} was already collected</source>
        <translation>Bestellung {0} wurde schon abgeholt</translation>
    </message>
    <message>
        <source>To pay: {0}</source>
        <translation>Zu zahlen: {0}</translation>
    </message>
    <message>
        <source>Customer or order number</source>
        <translation>Kunde oder Bestellnummer</translation>
    </message>
    <message>
        <source>Crate {0} is not of order {1}</source>
        <translation>Kiste {0} gehört nicht zu Bestellung {1}</translation>
    </message>
    <message>
        <source>Scan a crate or an order slip here</source>
        <translation>Hier eine Kiste oder einen Bestellschein scannen</translation>
    </message>
    <message>
        <source>Order {0} is for {1}, not today: check with the customer.</source>
        <translation>Bestellung {0} ist für den {1}, nicht für heute: mit dem Kunden klären.</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>übergeben</translation>
    </message>
    <message>
        <source>not scanned</source>
        <translation>nicht gescannt</translation>
    </message>
    <message>
        <source>{0}  Crate {1}/{2}  {3}  — {4}</source>
        <translation>{0}  Kiste {1}/{2}  {3}  — {4}</translation>
    </message>
    <message>
        <source>Press again to hand it over anyway.</source>
        <translation>Nochmals drücken, um sie trotzdem auszuhändigen.</translation>
    </message>
    <message>
        <source>Missing crate(s): {0}. Press again to hand over anyway (it will be flagged)</source>
        <translation>Fehlende Kiste(n): {0}. Erneut drücken, um trotzdem zu übergeben (wird vermerkt)</translation>
    </message>
    <message>
        <source>Order {0} delivered</source>
        <translation>Bestellung {0} geliefert</translation>
    </message>
    <message>
        <source> — missing crate(s) flagged: {0}</source>
        <translation> — fehlende Kiste(n) vermerkt: {0}</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Enter your PIN</source>
        <translation>PIN eingeben</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>OK (Enter)</source>
        <translation>OK (Eingabe)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Abbrechen (Esc)</translation>
    </message>
</context>
<context>
    <name>PinPanel</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>Out of stock</source>
        <translation>Nicht vorrätig</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>Beschädigt</translation>
    </message>
    <message>
        <source>Not delivered by the producer</source>
        <translation>Vom Erzeuger nicht geliefert</translation>
    </message>
    <message>
        <source>Quality not good enough</source>
        <translation>Qualität ungenügend</translation>
    </message>
</context>
<context>
    <name>ReceiptPrinting</name>
    <message>
        <source>No receipt printer: receipt saved as {0}</source>
        <translation>Kein Bondrucker: Beleg gespeichert als {0}</translation>
    </message>
</context>
<context>
    <name>Refusal</name>
    <message numerus="yes">
        <source>%n crate(s) missing</source>
        <translation>
            <numerusform>%n Kiste fehlt</numerusform>
            <numerusform>%n Kisten fehlen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) still being packed</source>
        <translation>
            <numerusform>%n Bestellung wird noch gepackt</numerusform>
            <numerusform>%n Bestellungen werden noch gepackt</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} and {1}</source>
        <translation>{0} und {1}</translation>
    </message>
    <message>
        <source>{0}: a supervisor must confirm the departure</source>
        <translation>{0}: ein Supervisor muss die Abfahrt bestätigen</translation>
    </message>
    <message>
        <source>Unknown crate {crate}</source>
        <translation>Unbekannte Kiste {crate}</translation>
    </message>
    <message>
        <source>Round {round} has already left</source>
        <translation>Tour {round} ist schon abgefahren</translation>
    </message>
    <message>
        <source>Crate {crate} belongs to round {other}, stop {other_stop}, not to {round}</source>
        <translation>Kiste {crate} gehört zu Tour {other}, Halt {other_stop}, nicht zu {round}</translation>
    </message>
    <message>
        <source>Crate {crate} is still open: close it at packing first</source>
        <translation>Kiste {crate} ist noch offen: erst beim Packen schließen</translation>
    </message>
    <message>
        <source>Crate {crate} is already on the van</source>
        <translation>Kiste {crate} ist schon im Lieferwagen</translation>
    </message>
    <message>
        <source>Crate {crate} loaded for stop {stop}</source>
        <translation>Kiste {crate} für Halt {stop} geladen</translation>
    </message>
    <message>
        <source>Crate {crate} taken off the van</source>
        <translation>Kiste {crate} aus dem Lieferwagen genommen</translation>
    </message>
    <message>
        <source>Crate {crate} has no round</source>
        <translation>Kiste {crate} hat keine Tour</translation>
    </message>
    <message>
        <source>Crate {crate} was packed at {depot}, not here</source>
        <translation>Kiste {crate} wurde in {depot} gepackt, nicht hier</translation>
    </message>
    <message>
        <source>Crate {crate} leaves for {depot} (round {round})</source>
        <translation>Kiste {crate} geht nach {depot} (Tour {round})</translation>
    </message>
    <message>
        <source>Crate {crate} arrived at the wrong depot: its round {round} leaves from {depot}</source>
        <translation>Kiste {crate} im falschen Depot: ihre Tour {round} fährt ab {depot}</translation>
    </message>
    <message>
        <source>Crate {crate} received for round {round}</source>
        <translation>Kiste {crate} für Tour {round} empfangen</translation>
    </message>
    <message>
        <source>Only a supervisor can let a round leave incomplete</source>
        <translation>Nur ein Supervisor kann eine unvollständige Tour abfahren lassen</translation>
    </message>
    <message>
        <source>Say why the crates stay behind</source>
        <translation>Sagen Sie, warum die Kisten zurückbleiben</translation>
    </message>
    <message>
        <source>That PIN is not a supervisor&apos;s.</source>
        <translation>Das ist keine PIN einer/eines Verantwortlichen.</translation>
    </message>
    <message>
        <source>Misread barcode (bad check digit): scan it again</source>
        <translation>Strichcode falsch gelesen (Prüfziffer falsch): erneut scannen</translation>
    </message>
    <message>
        <source>Unknown code</source>
        <translation>Unbekannter Code</translation>
    </message>
    <message>
        <source>This barcode is not in the catalogue</source>
        <translation>Dieser Strichcode ist nicht im Katalog</translation>
    </message>
    <message>
        <source>This product is not in this order</source>
        <translation>Dieses Produkt gehört nicht zu dieser Bestellung</translation>
    </message>
    <message>
        <source>This product is packed by another depot</source>
        <translation>Dieses Produkt packt ein anderes Depot</translation>
    </message>
    <message>
        <source>This line is already complete</source>
        <translation>Diese Zeile ist bereits vollständig</translation>
    </message>
    <message>
        <source>This line is already packed in full: take an item out first (F8)</source>
        <translation>Diese Zeile ist bereits vollständig gepackt: zuerst einen Artikel herausnehmen (F8)</translation>
    </message>
    <message>
        <source>This line is already resolved</source>
        <translation>Diese Zeile ist bereits erledigt</translation>
    </message>
    <message>
        <source>This order is cancelled or delivered</source>
        <translation>Diese Bestellung ist storniert oder geliefert</translation>
    </message>
    <message>
        <source>No such order</source>
        <translation>Bestellung nicht gefunden</translation>
    </message>
    <message>
        <source>This product is sold per piece, not weighed</source>
        <translation>Dieses Produkt wird pro Stück verkauft, nicht gewogen</translation>
    </message>
    <message>
        <source>The weight must be above zero</source>
        <translation>Das Gewicht muss größer als null sein</translation>
    </message>
    <message>
        <source>A supervisor must confirm this</source>
        <translation>Verantwortliche/r muss bestätigen</translation>
    </message>
    <message>
        <source>This crate is closed</source>
        <translation>Diese Kiste ist geschlossen</translation>
    </message>
    <message>
        <source>Wrong temperature zone for this crate</source>
        <translation>Falsche Temperaturzone für diese Kiste</translation>
    </message>
    <message>
        <source>This crate belongs to another order</source>
        <translation>Diese Kiste gehört zu einer anderen Bestellung</translation>
    </message>
    <message>
        <source>This crate is empty</source>
        <translation>Diese Kiste ist leer</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Nichts rückgängig zu machen</translation>
    </message>
    <message>
        <source>This weight is within tolerance</source>
        <translation>Dieses Gewicht liegt in der Toleranz</translation>
    </message>
    <message>
        <source>Choose a reason from the list</source>
        <translation>Einen Grund aus der Liste wählen</translation>
    </message>
    <message>
        <source>No item to take out</source>
        <translation>Kein Artikel zum Herausnehmen</translation>
    </message>
    <message>
        <source>Order cancelled centrally: nothing more may be packed. Take its items out of the crates, then press “Done, resolved”</source>
        <translation>Bestellung zentral storniert: nichts mehr packen. Die Artikel aus den Kisten nehmen, dann „Erledigt, gelöst“ drücken</translation>
    </message>
    <message>
        <source>Nothing left to resolve for this order</source>
        <translation>Für diese Bestellung ist nichts mehr zu lösen</translation>
    </message>
    <message>
        <source>The cart is empty</source>
        <translation>Der Warenkorb ist leer</translation>
    </message>
    <message>
        <source>The sale is not fully paid</source>
        <translation>Der Verkauf ist nicht vollständig bezahlt</translation>
    </message>
    <message>
        <source>No receipt {receipt} on register {register}</source>
        <translation>Kein Kassenbon {receipt} an Kasse {register}</translation>
    </message>
    <message>
        <source>Receipt {receipt} is itself a refund</source>
        <translation>Kassenbon {receipt} ist selbst eine Erstattung</translation>
    </message>
    <message>
        <source>The refund is not fully paid out</source>
        <translation>Die Erstattung ist nicht vollständig ausgezahlt</translation>
    </message>
    <message>
        <source>The register is closed: open it with a counted float first</source>
        <translation>Die Kasse ist geschlossen: zuerst mit gezähltem Wechselgeld öffnen</translation>
    </message>
    <message>
        <source>The float can&apos;t be negative</source>
        <translation>Das Wechselgeld kann nicht negativ sein</translation>
    </message>
    <message>
        <source>Register {register} is already open</source>
        <translation>Kasse {register} ist schon geöffnet</translation>
    </message>
    <message>
        <source>Enter an amount</source>
        <translation>Betrag eingeben</translation>
    </message>
    <message>
        <source>A cash movement needs a reason</source>
        <translation>Eine Kassenbewegung braucht einen Grund</translation>
    </message>
    <message>
        <source>No crate {crate}</source>
        <translation>Keine Kiste {crate}</translation>
    </message>
    <message>
        <source>No order {order}</source>
        <translation>Keine Bestellung {order}</translation>
    </message>
    <message>
        <source>No round {round}</source>
        <translation>Keine Tour {round}</translation>
    </message>
    <message>
        <source>No depot {depot}</source>
        <translation>Kein Depot {depot}</translation>
    </message>
    <message>
        <source>No register session {session}</source>
        <translation>Keine Kassensitzung {session}</translation>
    </message>
    <message>
        <source>Order {order} was already collected</source>
        <translation>Bestellung {order} wurde schon abgeholt</translation>
    </message>
    <message>
        <source>Order {order} is cancelled</source>
        <translation>Bestellung {order} ist storniert</translation>
    </message>
    <message>
        <source>Crate {crate} is not of order {order}</source>
        <translation>Kiste {crate} gehört nicht zu Bestellung {order}</translation>
    </message>
    <message>
        <source>Scan the crates handed over</source>
        <translation>Die übergebenen Kisten scannen</translation>
    </message>
    <message>
        <source>The balance of the order is not paid</source>
        <translation>Der Restbetrag der Bestellung ist nicht bezahlt</translation>
    </message>
    <message>
        <source>This store is not a depot store (run “cpdesk setup”)</source>
        <translation>Diese Datei ist keine Depotdatei („cpdesk setup“ ausführen)</translation>
    </message>
    <message>
        <source>The depot&apos;s data were written by a newer version of cpdesk (schema {schema}): install that version or a newer one. The data are left as they were.</source>
        <translation>Die Daten des Depots wurden von einer neueren cpdesk-Version geschrieben (Schema {schema}): Installieren Sie diese oder eine neuere Version. Die Daten bleiben unverändert.</translation>
    </message>
    <message>
        <source>Depot {depot} has no central database configured (run “cpdesk setup”)</source>
        <translation>Für Depot {depot} ist keine zentrale Datenbank eingerichtet („cpdesk setup“ ausführen)</translation>
    </message>
    <message>
        <source>The central password of depot {depot} is missing ({where})</source>
        <translation>Das zentrale Passwort von Depot {depot} fehlt ({where})</translation>
    </message>
    <message>
        <source>No central database at {db}</source>
        <translation>Keine zentrale Datenbank unter {db}</translation>
    </message>
    <message>
        <source>The pasted credentials are not valid JSON ({detail}, line {line})</source>
        <translation>Die eingefügten Zugangsdaten sind kein gültiges JSON ({detail}, Zeile {line})</translation>
    </message>
    <message>
        <source>The credentials need “depot” and “url” (the output of “cpdesk central add-depot CODE --json”)</source>
        <translation>Die Zugangsdaten brauchen „depot“ und „url“ (die Ausgabe von „cpdesk central add-depot CODE --json“)</translation>
    </message>
    <message>
        <source>These credentials are for depot {other}, not {depot}</source>
        <translation>Diese Zugangsdaten gehören zu Depot {other}, nicht zu {depot}</translation>
    </message>
    <message>
        <source>Give the depot code with a centre address</source>
        <translation>Geben Sie den Depotcode zu einer Adresse der Zentrale an</translation>
    </message>
    <message>
        <source>That is not a centre address (postgresql://user:password@host/database)</source>
        <translation>Das ist keine Adresse der Zentrale (postgresql://benutzer:passwort@host/datenbank)</translation>
    </message>
    <message>
        <source>The credentials need the depot&apos;s PIN key (“pin_pepper”, printed by &apos;cpdesk central add-depot CODE --json&apos;): without it nobody can sign in</source>
        <translation>Die Zugangsdaten brauchen den PIN-Schlüssel des Depots („pin_pepper“, ausgegeben von &apos;cpdesk central add-depot CODE --json&apos;): ohne ihn kann sich niemand anmelden</translation>
    </message>
    <message>
        <source>The PIN key (“pin_pepper”) is 64 hexadecimal digits, as &apos;cpdesk central add-depot&apos; prints it</source>
        <translation>Der PIN-Schlüssel („pin_pepper“) besteht aus 64 Hexadezimalziffern, wie &apos;cpdesk central add-depot&apos; ihn ausgibt</translation>
    </message>
    <message>
        <source>The credentials&apos; “ca” is no PEM certificate (as &apos;cpdesk central add-depot --ca CA.pem&apos; puts it)</source>
        <translation>Das „ca“ der Zugangsdaten ist kein PEM-Zertifikat (wie &apos;cpdesk central add-depot --ca CA.pem&apos; es einfügt)</translation>
    </message>
    <message>
        <source>Too many wrong PINs: sign-in is locked until {until}</source>
        <translation>Zu viele falsche PINs: Anmeldung gesperrt bis {until}</translation>
    </message>
    <message>
        <source>The regex protocol needs a reply pattern (and usually a request)</source>
        <translation>Das Regex-Protokoll braucht ein Antwortmuster (und meist eine Anfrage)</translation>
    </message>
    <message>
        <source>The reply pattern is not a valid regular expression ({detail})</source>
        <translation>Das Antwortmuster ist kein gültiger regulärer Ausdruck ({detail})</translation>
    </message>
    <message>
        <source>The reply pattern needs a (?P&lt;weight&gt;...) group</source>
        <translation>Das Antwortmuster braucht eine Gruppe (?P&lt;weight&gt;...)</translation>
    </message>
    <message>
        <source>Unknown scale protocol {name} (known: {known})</source>
        <translation>Unbekanntes Waagenprotokoll {name} (bekannt: {known})</translation>
    </message>
    <message>
        <source>A discount is either a percentage or an amount</source>
        <translation>Ein Rabatt ist entweder ein Prozentsatz oder ein Betrag</translation>
    </message>
    <message>
        <source>A discount can&apos;t exceed 100%</source>
        <translation>Ein Rabatt kann 100 % nicht übersteigen</translation>
    </message>
    <message>
        <source>Nothing to spread a discount over</source>
        <translation>Nichts, worauf ein Rabatt verteilt werden kann</translation>
    </message>
    <message>
        <source>{name} is sold by weight: weigh it or scan its weight label</source>
        <translation>{name} wird nach Gewicht verkauft: wiegen oder das Gewichtsetikett scannen</translation>
    </message>
    <message>
        <source>The quantity must be at least 1</source>
        <translation>Die Menge muss mindestens 1 sein</translation>
    </message>
    <message>
        <source>{name} is sold per piece</source>
        <translation>{name} wird pro Stück verkauft</translation>
    </message>
    <message>
        <source>A weight comes from the scale or a barcode, never typed</source>
        <translation>Ein Gewicht kommt von der Waage oder einem Barcode, nie von Hand</translation>
    </message>
    <message>
        <source>No weight on the scale</source>
        <translation>Kein Gewicht auf der Waage</translation>
    </message>
    <message>
        <source>A weighed line&apos;s quantity comes from the scale</source>
        <translation>Die Menge einer gewogenen Zeile kommt von der Waage</translation>
    </message>
    <message>
        <source>The quantity must be at least 1 (remove the line instead)</source>
        <translation>Die Menge muss mindestens 1 sein (sonst die Zeile entfernen)</translation>
    </message>
    <message>
        <source>A discount over {pct}% needs a supervisor</source>
        <translation>Ein Rabatt über {pct}&#xa0;% braucht einen Supervisor</translation>
    </message>
    <message>
        <source>The discount is more than the cart</source>
        <translation>Der Rabatt ist größer als der Warenkorb</translation>
    </message>
    <message>
        <source>No such line</source>
        <translation>Diese Zeile gibt es nicht</translation>
    </message>
    <message>
        <source>The amount must be between 0 and what is left to pay</source>
        <translation>Der Betrag muss zwischen 0 und dem Restbetrag liegen</translation>
    </message>
    <message>
        <source>Enter the terminal&apos;s approval code</source>
        <translation>Den Genehmigungscode des Terminals eingeben</translation>
    </message>
    <message>
        <source>Enter the voucher number</source>
        <translation>Die Gutscheinnummer eingeben</translation>
    </message>
    <message>
        <source>Nothing left to pay</source>
        <translation>Nichts mehr zu bezahlen</translation>
    </message>
    <message>
        <source>The cash handed over is less than the amount due</source>
        <translation>Das erhaltene Bargeld ist weniger als der fällige Betrag</translation>
    </message>
    <message>
        <source>Line {line} is not on the receipt</source>
        <translation>Zeile {line} steht nicht auf dem Kassenbon</translation>
    </message>
    <message>
        <source>At most {left} can be returned on line {line}</source>
        <translation>Höchstens {left} können bei Zeile {line} zurückgegeben werden</translation>
    </message>
    <message>
        <source>Choose what is returned</source>
        <translation>Wählen Sie, was zurückgegeben wird</translation>
    </message>
    <message>
        <source>No crate of {order} at {depot} yet</source>
        <translation>Noch keine Kiste von {order} in {depot}</translation>
    </message>
    <message>
        <source>it refers to something the centre does not have</source>
        <translation>er verweist auf etwas, das die Zentrale nicht hat</translation>
    </message>
    <message>
        <source>the centre already has it</source>
        <translation>die Zentrale hat ihn schon</translation>
    </message>
    <message>
        <source>this depot may not record it</source>
        <translation>dieses Depot darf ihn nicht erfassen</translation>
    </message>
    <message>
        <source>the centre&apos;s rules refuse one of its values</source>
        <translation>die Regeln der Zentrale lehnen einen seiner Werte ab</translation>
    </message>
    <message>
        <source>the centre could not store it</source>
        <translation>die Zentrale konnte ihn nicht speichern</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>overload</source>
        <translation>Überlast</translation>
    </message>
    <message>
        <source>under zero</source>
        <translation>unter Null</translation>
    </message>
    <message>
        <source>no answer from the scale</source>
        <translation>die Waage antwortet nicht</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>simuliert</translation>
    </message>
    <message>
        <source>unreadable bytes: check the line settings ({0} expected; {1})</source>
        <translation>unlesbare Bytes: Leitungseinstellungen prüfen ({0} erwartet; {1})</translation>
    </message>
    <message>
        <source>disconnected: {0}</source>
        <translation>getrennt: {0}</translation>
    </message>
    <message>
        <source>error: {0}</source>
        <translation>Fehler: {0}</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>printing</source>
        <translation>druckt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>RegisterPanel</name>
    <message>
        <source>Counted cash, e.g. 150,00</source>
        <translation>Gezähltes Bargeld, z. B. 150,00</translation>
    </message>
    <message>
        <source>Open the register</source>
        <translation>Kasse öffnen</translation>
    </message>
    <message>
        <source>Close (Z report)</source>
        <translation>Abschließen (Z-Bericht)</translation>
    </message>
    <message>
        <source>X report</source>
        <translation>X-Bericht</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>Bareinlage</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>Barentnahme</translation>
    </message>
    <message>
        <source>Register session</source>
        <translation>Kassensitzung</translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation>Belegnummer</translation>
    </message>
    <message>
        <source>Find the receipt</source>
        <translation>Beleg suchen</translation>
    </message>
    <message>
        <source>Reprint (copy)</source>
        <translation>Erneut drucken (Kopie)</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>Verkauft</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Zurückgegeben</translation>
    </message>
    <message>
        <source>Card approval code (card refund)</source>
        <translation>Kartencode (Erstattung)</translation>
    </message>
    <message>
        <source>Refund in cash</source>
        <translation>Bar erstatten</translation>
    </message>
    <message>
        <source>Refund to card</source>
        <translation>Auf Karte erstatten</translation>
    </message>
    <message>
        <source>Refund or reprint a receipt</source>
        <translation>Beleg erstatten oder erneut drucken</translation>
    </message>
    <message>
        <source>Register {0} is closed</source>
        <translation>Kasse {0} ist geschlossen</translation>
    </message>
    <message>
        <source>Register {0} open since {1} (session {2}, float {3})</source>
        <translation>Kasse {0} offen seit {1} (Sitzung {2}, Wechselgeld {3})</translation>
    </message>
    <message>
        <source>Type an amount such as 150,00</source>
        <translation>Einen Betrag wie 150,00 eingeben</translation>
    </message>
    <message>
        <source>Cash movement recorded</source>
        <translation>Barbewegung erfasst</translation>
    </message>
    <message>
        <source>Type a receipt number</source>
        <translation>Eine Belegnummer eingeben</translation>
    </message>
    <message>
        <source>Refund recorded: {0}</source>
        <translation>Erstattung erfasst: {0}</translation>
    </message>
</context>
<context>
    <name>ScannersPanel</name>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>As this keyboard</source>
        <translation>Wie diese Tastatur</translation>
    </message>
    <message>
        <source>US (QWERTY) on AZERTY</source>
        <translation>US (QWERTY) auf AZERTY</translation>
    </message>
    <message>
        <source>Keyboard layout</source>
        <translation>Tastaturbelegung</translation>
    </message>
    <message>
        <source>Keyboard scanners (wedge)</source>
        <translation>Scanner im Tastaturmodus</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Port (URL)</source>
        <translation>Port (URL)</translation>
    </message>
    <message>
        <source>Speed (baud)</source>
        <translation>Geschwindigkeit (Baud)</translation>
    </message>
    <message>
        <source>Serial and USB scanners</source>
        <translation>Serielle und USB-Scanner</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Codes read</source>
        <translation>Gelesene Codes</translation>
    </message>
    <message>
        <source>Raw bytes</source>
        <translation>Rohdaten</translation>
    </message>
    <message>
        <source>Live view of the selected scanner</source>
        <translation>Live-Anzeige des gewählten Scanners</translation>
    </message>
    <message>
        <source>serial scanner {0} has no port: choose one or remove it</source>
        <translation>der serielle Scanner {0} hat keinen Port: wählen Sie einen oder entfernen Sie ihn</translation>
    </message>
    <message>
        <source>(no port yet)</source>
        <translation>(noch kein Port)</translation>
    </message>
    <message>
        <source>A scanner typing with a US layout on this AZERTY keyboard is recognised and its codes mapped back.</source>
        <translation>Ein Scanner, der mit US-Belegung auf dieser AZERTY-Tastatur tippt, wird erkannt und seine Codes werden zurückübersetzt.</translation>
    </message>
    <message>
        <source>The scanner types with this computer&apos;s keyboard layout: its codes are used as they are typed.</source>
        <translation>Der Scanner tippt mit der Tastaturbelegung dieses Computers: seine Codes werden so verwendet, wie sie getippt werden.</translation>
    </message>
    <message>
        <source>The scanner types with a US layout on this AZERTY keyboard: every code is mapped back.</source>
        <translation>Der Scanner tippt mit US-Belegung auf dieser AZERTY-Tastatur: jeder Code wird zurückübersetzt.</translation>
    </message>
    <message>
        <source>choose its port first</source>
        <translation>wählen Sie zuerst seinen Port</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>not a code the desk reads</source>
        <translation>Code, den die Anwendung nicht kennt</translation>
    </message>
    <message>
        <source>product barcode</source>
        <translation>Produkt-Barcode</translation>
    </message>
    <message>
        <source>GS1 code</source>
        <translation>GS1-Code</translation>
    </message>
    <message>
        <source>scale label</source>
        <translation>Waagenetikett</translation>
    </message>
    <message>
        <source>crate label</source>
        <translation>Kistenetikett</translation>
    </message>
    <message>
        <source>order slip</source>
        <translation>Bestellschein</translation>
    </message>
    <message>
        <source>(symbology {0})</source>
        <translation>(Symbologie {0})</translation>
    </message>
</context>
<context>
    <name>StoreProblem</name>
    <message>
        <source>The disk is full: this was not saved (what the screen shows as done is saved). Free some disk space, then do it again.</source>
        <translation>Die Festplatte ist voll: dies wurde nicht gespeichert (was der Bildschirm als erledigt zeigt, ist gespeichert). Platz auf der Festplatte schaffen, dann erneut versuchen.</translation>
    </message>
    <message>
        <source>The depot&apos;s data file cannot be read or written: check the disk and the rights on the data folder, then start cpdesk again.</source>
        <translation>Die Datendatei des Depots kann nicht gelesen oder geschrieben werden: Festplatte und Rechte am Datenordner prüfen, dann cpdesk neu starten.</translation>
    </message>
    <message>
        <source>The depot&apos;s data file is empty: its data is gone.</source>
        <translation>Die Datendatei des Depots ist leer: ihre Daten sind verloren.</translation>
    </message>
    <message>
        <source>The depot&apos;s data file is not a cpdesk database: it was damaged or overwritten.</source>
        <translation>Die Datendatei des Depots ist keine cpdesk-Datenbank: sie wurde beschädigt oder überschrieben.</translation>
    </message>
    <message>
        <source>The depot&apos;s data file is damaged.</source>
        <translation>Die Datendatei des Depots ist beschädigt.</translation>
    </message>
    <message>
        <source>Stop working on this computer and have it restored from the centre with “cpdesk setup”: the depot&apos;s history comes back, the damaged file is kept aside.</source>
        <translation>Die Arbeit an diesem Computer beenden und ihn von der Zentrale mit „cpdesk setup“ wiederherstellen lassen: die Geschichte des Depots kommt zurück, die beschädigte Datei wird aufbewahrt.</translation>
    </message>
</context>
<context>
    <name>SupervisorCheck</name>
    <message>
        <source>Enter the PIN on the pad</source>
        <translation>PIN auf dem Tastenfeld eingeben</translation>
    </message>
    <message>
        <source>Not a supervisor PIN</source>
        <translation>Keine PIN einer/eines Verantwortlichen</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>not configured: {0}</source>
        <translation>nicht eingerichtet: {0}</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>startet…</translation>
    </message>
    <message>
        <source>syncing…</source>
        <translation>synchronisiert…</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>last {0}</source>
        <translation>zuletzt {0}</translation>
    </message>
    <message>
        <source>{0} waiting</source>
        <translation>{0} wartend</translation>
    </message>
    <message>
        <source>{0} refused by the centre</source>
        <translation>{0} von der Zentrale abgelehnt</translation>
    </message>
    <message>
        <source>held back at the centre: {0}</source>
        <translation>von der Zentrale zurückgehalten: {0}</translation>
    </message>
    <message>
        <source>held back at the centre for {1}: {0}</source>
        <translation>seit {1} von der Zentrale zurückgehalten: {0}</translation>
    </message>
</context>
<context>
    <name>WeighingFlow</name>
    <message>
        <source>no reading</source>
        <translation>kein Messwert</translation>
    </message>
    <message>
        <source>out of range</source>
        <translation>außerhalb des Bereichs</translation>
    </message>
    <message>
        <source>● stable</source>
        <translation>● stabil</translation>
    </message>
    <message>
        <source>… moving</source>
        <translation>… unruhig</translation>
    </message>
    <message>
        <source>Scan or select a product sold per kg</source>
        <translation>Ein nach kg verkauftes Produkt scannen oder wählen</translation>
    </message>
    <message>
        <source>Select or scan a product sold per kg first</source>
        <translation>Zuerst ein Produkt wählen oder scannen, das nach kg verkauft wird</translation>
    </message>
    <message>
        <source>This scale is not approved for trade: weigh on an approved scale, or a supervisor enters the weight (F10)</source>
        <translation>Diese Waage ist nicht geeicht: auf einer geeichten Waage wiegen oder ein Vorgesetzter gibt das Gewicht ein (F10)</translation>
    </message>
    <message>
        <source>Wait for a stable weight</source>
        <translation>Auf ein stabiles Gewicht warten</translation>
    </message>
    <message>
        <source>Nothing on the scale</source>
        <translation>Nichts auf der Waage</translation>
    </message>
    <message>
        <source>{0}: ordered {1} ±{2}, packed {3}</source>
        <translation>{0}: bestellt {1} ±{2}, gepackt {3}</translation>
    </message>
    <message>
        <source>{0}: ordered {1}, weighed {2} ({3}, allowed ±{4}).</source>
        <translation>{0}: bestellt {1}, gewogen {2} ({3}, erlaubt ±{4}).</translation>
    </message>
    <message>
        <source>Supervisor accepts</source>
        <translation>Verantwortliche/r akzeptiert</translation>
    </message>
    <message>
        <source>Re-weigh (undo)</source>
        <translation>Neu wiegen (rückgängig)</translation>
    </message>
    <message>
        <source>Add another piece</source>
        <translation>Weiteres Stück hinzufügen</translation>
    </message>
    <message>
        <source>Outside tolerance: a supervisor must accept, or re-weigh</source>
        <translation>Außerhalb der Toleranz: Verantwortliche/r muss akzeptieren, oder neu wiegen</translation>
    </message>
    <message>
        <source>Put the next piece on the scale, then Space</source>
        <translation>Nächstes Stück auf die Waage legen, dann Leertaste</translation>
    </message>
    <message>
        <source>Accepted by {0}</source>
        <translation>Akzeptiert von {0}</translation>
    </message>
</context>
<context>
    <name>Zone</name>
    <message>
        <source>ambient</source>
        <translation>Raumtemperatur</translation>
    </message>
    <message>
        <source>chilled</source>
        <translation>gekühlt</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>tiefgekühlt</translation>
    </message>
</context>
</TS>
