<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de" sourcelanguage="en">
  <context>
    <name>BoardModel</name>
    <message>
      <location filename="../../ui/board.py" line="60" />
      <source>to pack</source>
      <translation>zu packen</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="61" />
      <source>in progress</source>
      <translation>in Arbeit</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="62" />
      <source>packed</source>
      <translation>gepackt</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="63" />
      <source>delivered</source>
      <translation>geliefert</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="64" />
      <source>cancelled</source>
      <translation>storniert</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="65" />
      <source>other depot</source>
      <translation>anderes Depot</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="66" />
      <source>changed centrally</source>
      <translation>zentral geändert</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="81" />
      <source>Stop</source>
      <translation>Halt</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="81" />
      <source>Order</source>
      <translation>Bestellung</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="81" />
      <source>Customer</source>
      <translation>Kunde</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="81" />
      <source>Commune</source>
      <translation>Gemeinde</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="82" />
      <source>Zones</source>
      <translation>Zonen</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="82" />
      <source>Lines</source>
      <translation>Zeilen</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="82" />
      <source>Crates</source>
      <translation>Kisten</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="82" />
      <source>State</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="83" />
      <source>Progress</source>
      <translation>Fortschritt</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="138" />
      <source>driver: {0}</source>
      <translation>Fahrer: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="139" />
      <source>{0}/{1} orders packed</source>
      <translation>{0}/{1} Bestellungen gepackt</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="140" />
      <source>{0}/{1} lines</source>
      <translation>{0}/{1} Zeilen</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="142" />
      <source>{0} crates</source>
      <translation>{0} Kisten</translation>
    </message>
  </context>
  <context>
    <name>BoardWidget</name>
    <message>
      <location filename="../../ui/board.py" line="312" />
      <source>Search order or customer…  (Ctrl+F)</source>
      <translation>Bestellung oder Kunde suchen…  (Strg+F)</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="313" />
      <source>Refresh (F5)</source>
      <translation>Aktualisieren (F5)</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="314" />
      <source>All states</source>
      <translation>Alle Status</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="318" />
      <source>All zones</source>
      <translation>Alle Zonen</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="318" />
      <source>Ambient</source>
      <translation>Raumtemperatur</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="319" />
      <source>Chilled</source>
      <translation>Gekühlt</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="320" />
      <source>Frozen</source>
      <translation>Tiefgekühlt</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="322" />
      <location filename="../../ui/board.py" line="368" />
      <source>All rounds</source>
      <translation>Alle Touren</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="362" />
      <source>Loading…</source>
      <translation>Wird geladen…</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="382" />
      <source>{0} rounds · {1}/{2} orders packed · {3} crates</source>
      <translation>{0} Touren · {1}/{2} Bestellungen gepackt · {3} Kisten</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="386" />
      <source>Could not load the board: {0}</source>
      <translation>Die Übersicht konnte nicht geladen werden: {0}</translation>
    </message>
  </context>
  <context>
    <name>ChoicePanel</name>
    <message>
      <location filename="../../ui/packing_panels.py" line="65" />
      <source>Cancel (Esc)</source>
      <translation>Abbrechen (Esc)</translation>
    </message>
  </context>
  <context>
    <name>DashboardStrip</name>
    <message>
      <location filename="../../ui/dashboard.py" line="94" />
      <source>{0}/{1} orders packed</source>
      <translation>{0}/{1} Bestellungen gepackt</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="95" />
      <source>{0} crates</source>
      <translation>{0} Kisten</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="96" />
      <source>Sync: {0}</source>
      <translation>Sync: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="97" />
      <source>Scale: {0}</source>
      <translation>Waage: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="99" />
      <source>Printers: {0}</source>
      <translation>Drucker: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="99" />
      <source>ready</source>
      <translation>bereit</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="100" />
      <source>Orders packed per hour</source>
      <translation>Gepackte Bestellungen pro Stunde</translation>
    </message>
  </context>
  <context>
    <name>HourChart</name>
    <message>
      <location filename="../../ui/dashboard.py" line="17" />
      <source>Orders packed per hour</source>
      <translation>Gepackte Bestellungen pro Stunde</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../ui/main_window.py" line="136" />
      <source>cpdesk — {0} depot</source>
      <translation>cpdesk — Depot {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="137" />
      <source>Depot {0}</source>
      <translation>Depot {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="138" />
      <source>Packer: {0}</source>
      <translation>Packer: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="139" />
      <source>Nobody signed in</source>
      <translation>Niemand angemeldet</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="140" />
      <source>Switch packer (F12)</source>
      <translation>Packer wechseln (F12)</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="142" />
      <source>Devices: simulated</source>
      <translation>Geräte: simuliert</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="144" />
      <source>Sign in: enter your PIN</source>
      <translation>Anmelden: PIN eingeben</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="141" />
      <location filename="../../ui/main_window.py" line="145" />
      <source>demo</source>
      <translation>Demo</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="141" />
      <source>Sync: {0}</source>
      <translation>Sync: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="147" />
      <source>simulated</source>
      <translation>simuliert</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="171" />
      <source>Unknown PIN</source>
      <translation>Unbekannte PIN</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="196" />
      <source>Scan an order slip or a crate to open an order</source>
      <translation>Bestellschein oder Kiste scannen, um eine Bestellung zu öffnen</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="201" />
      <source>Sign in first</source>
      <translation>Bitte zuerst anmelden</translation>
    </message>
  </context>
  <context>
    <name>ManualWeightPanel</name>
    <message>
      <location filename="../../ui/packing_panels.py" line="128" />
      <source>Manual weight (supervisor): weight in grams</source>
      <translation>Manuelles Gewicht (Verantwortliche/r): Gewicht in Gramm</translation>
    </message>
    <message>
      <location filename="../../ui/packing_panels.py" line="129" />
      <source>Record weight</source>
      <translation>Gewicht erfassen</translation>
    </message>
    <message>
      <location filename="../../ui/packing_panels.py" line="130" />
      <source>Cancel (Esc)</source>
      <translation>Abbrechen (Esc)</translation>
    </message>
  </context>
  <context>
    <name>PackingScreen</name>
    <message>
      <location filename="../../ui/packing.py" line="51" />
      <source>Ambient</source>
      <translation>Raumtemperatur</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="51" />
      <source>Chilled</source>
      <translation>Gekühlt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="51" />
      <source>Frozen</source>
      <translation>Tiefgekühlt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="56" />
      <source>to pack</source>
      <translation>zu packen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="56" />
      <source>partly packed</source>
      <translation>teilweise</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="57" />
      <source>packed</source>
      <translation>gepackt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="57" />
      <source>out of tolerance</source>
      <translation>außerhalb der Toleranz</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="58" />
      <source>short</source>
      <translation>Fehlmenge</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="58" />
      <source>substituted</source>
      <translation>ersetzt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="64" />
      <source>Misread barcode (bad check digit): scan it again</source>
      <translation>Strichcode falsch gelesen (Prüfziffer falsch): erneut scannen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="65" />
      <source>Unknown code</source>
      <translation>Unbekannter Code</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="66" />
      <source>This barcode is not in the catalogue</source>
      <translation>Dieser Strichcode ist nicht im Katalog</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="67" />
      <source>This product is not in this order</source>
      <translation>Dieses Produkt gehört nicht zu dieser Bestellung</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="68" />
      <source>This product is packed by another depot</source>
      <translation>Dieses Produkt packt ein anderes Depot</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="69" />
      <source>This line is already complete</source>
      <translation>Diese Zeile ist bereits vollständig</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="70" />
      <source>This line is already resolved</source>
      <translation>Diese Zeile ist bereits erledigt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="71" />
      <source>This order is cancelled or delivered</source>
      <translation>Diese Bestellung ist storniert oder geliefert</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="72" />
      <source>No such order</source>
      <translation>Bestellung nicht gefunden</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="73" />
      <source>This product is sold per piece, not weighed</source>
      <translation>Dieses Produkt wird pro Stück verkauft, nicht gewogen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="74" />
      <source>The weight must be above zero</source>
      <translation>Das Gewicht muss größer als null sein</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="75" />
      <source>A supervisor must confirm this</source>
      <translation>Verantwortliche/r muss bestätigen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="76" />
      <source>This crate is closed</source>
      <translation>Diese Kiste ist geschlossen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="77" />
      <source>Wrong temperature zone for this crate</source>
      <translation>Falsche Temperaturzone für diese Kiste</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="78" />
      <source>This crate belongs to another order</source>
      <translation>Diese Kiste gehört zu einer anderen Bestellung</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="79" />
      <source>This crate is empty</source>
      <translation>Diese Kiste ist leer</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="80" />
      <source>Nothing to undo</source>
      <translation>Nichts rückgängig zu machen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="81" />
      <source>This weight is within tolerance</source>
      <translation>Dieses Gewicht liegt in der Toleranz</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="82" />
      <source>Choose a reason from the list</source>
      <translation>Einen Grund aus der Liste wählen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="83" />
      <source>No item to take out</source>
      <translation>Kein Artikel zum Herausnehmen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="85" />
      <source>Refused</source>
      <translation>Abgelehnt</translation>
    </message>
  </context>
  <context>
    <name>PackingWidget</name>
    <message>
      <location filename="../../ui/packing.py" line="266" />
      <source>◀ Board (Esc)</source>
      <translation>◀ Übersicht (Esc)</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="267" />
      <source>Scale</source>
      <translation>Waage</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="268" />
      <source>Crates</source>
      <translation>Kisten</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="269" />
      <source>Take weight (Space)</source>
      <translation>Gewicht übernehmen (Leertaste)</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="270" />
      <source>+1 piece</source>
      <translation>+1 Stück</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="270" />
      <source>Short</source>
      <translation>Fehlmenge</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="271" />
      <source>Substitute</source>
      <translation>Ersetzen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="271" />
      <source>New crate</source>
      <translation>Neue Kiste</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="272" />
      <source>Close crate</source>
      <translation>Kiste schließen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="272" />
      <source>Take out</source>
      <translation>Herausnehmen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="273" />
      <source>Move to crate</source>
      <translation>In Kiste umlegen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="273" />
      <source>Manual weight</source>
      <translation>Manuelles Gewicht</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="274" />
      <source>Undo</source>
      <translation>Rückgängig</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="277" />
      <source>Supervisor PIN</source>
      <translation>PIN der/des Verantwortlichen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="293" />
      <source>Not saved: {0}</source>
      <translation>Nicht gespeichert: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="311" />
      <source>Sign in first</source>
      <translation>Bitte zuerst anmelden</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="326" />
      <source>Order {0} opened: scan the products</source>
      <translation>Bestellung {0} geöffnet: Produkte scannen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="345" />
      <source>Enter the PIN on the pad</source>
      <translation>PIN auf dem Tastenfeld eingeben</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="363" />
      <source>This product is on several lines: which one?</source>
      <translation>Dieses Produkt steht auf mehreren Zeilen: welche?</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="375" />
      <source>{0}: put it on the scale, then Space</source>
      <translation>{0}: auf die Waage legen, dann Leertaste</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="422" />
      <source>no reading</source>
      <translation>kein Messwert</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="426" />
      <source>out of range</source>
      <translation>außerhalb des Bereichs</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="428" />
      <source>● stable</source>
      <translation>● stabil</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="428" />
      <source>… moving</source>
      <translation>… unruhig</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="459" />
      <location filename="../../ui/packing.py" line="520" />
      <source>Select or scan a product sold per kg first</source>
      <translation>Zuerst ein Produkt wählen oder scannen, das nach kg verkauft wird</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="464" />
      <source>Wait for a stable weight</source>
      <translation>Auf ein stabiles Gewicht warten</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="468" />
      <source>Nothing on the scale</source>
      <translation>Nichts auf der Waage</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="484" />
      <source>{0}: ordered {1}, weighed {2} ({3:+d} g, allowed ±{4} g).</source>
      <translation>{0}: bestellt {1}, gewogen {2} ({3:+d} g, erlaubt ±{4} g).</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="487" />
      <source>Supervisor accepts</source>
      <translation>Verantwortliche/r akzeptiert</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="487" />
      <source>Re-weigh (undo)</source>
      <translation>Neu wiegen (rückgängig)</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="489" />
      <source>Add another piece</source>
      <translation>Weiteres Stück hinzufügen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="493" />
      <source>Outside tolerance: a supervisor must accept, or re-weigh</source>
      <translation>Außerhalb der Toleranz: Verantwortliche/r muss akzeptieren, oder neu wiegen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="504" />
      <source>Put the next piece on the scale, then Space</source>
      <translation>Nächstes Stück auf die Waage legen, dann Leertaste</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="513" />
      <source>Accepted by {0}</source>
      <translation>Akzeptiert von {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="549" />
      <source>Not a supervisor PIN</source>
      <translation>Keine PIN einer/eines Verantwortlichen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="561" />
      <source>Select a line first</source>
      <translation>Zuerst eine Zeile wählen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="580" />
      <source>Short: why can't {0} be packed?</source>
      <translation>Fehlmenge: Warum kann {0} nicht gepackt werden?</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="581" />
      <source>Substitute: why is {0} replaced?</source>
      <translation>Ersatz: Warum wird {0} ersetzt?</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="602" />
      <source>Undone</source>
      <translation>Rückgängig gemacht</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="618" />
      <source>New crate {0} ({1})</source>
      <translation>Neue Kiste {0} ({1})</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="629" />
      <source>No open crate in this zone</source>
      <translation>Keine offene Kiste in dieser Zone</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="641" />
      <source>Crate {0} closed: label printed</source>
      <translation>Kiste {0} geschlossen: Etikett gedruckt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="661" />
      <source>Item taken out of its crate</source>
      <translation>Artikel aus der Kiste genommen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="671" />
      <source>Open a new crate first (F6), then move</source>
      <translation>Zuerst eine neue Kiste öffnen (F6), dann umlegen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="674" />
      <source>Item moved to crate {0}</source>
      <translation>Artikel in Kiste {0} umgelegt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="693" />
      <source>Order {0} packed: {1} crate labels printed</source>
      <translation>Bestellung {0} gepackt: {1} Kistenetiketten gedruckt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="744" />
      <source>round {0}, stop {1}</source>
      <translation>Tour {0}, Halt {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="746" />
      <source>{0}/{1} lines</source>
      <translation>{0}/{1} Zeilen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="749" />
      <source>PACKED</source>
      <translation>GEPACKT</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="753" />
      <source>This order was cancelled: do not pack it.</source>
      <translation>Diese Bestellung wurde storniert: nicht packen.</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="755" />
      <source>This order was changed centrally since packing started: check the lines.</source>
      <translation>Diese Bestellung wurde seit Packbeginn zentral geändert: Zeilen prüfen.</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="759" />
      <source>Product</source>
      <translation>Produkt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="759" />
      <source>Producer</source>
      <translation>Erzeuger</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="759" />
      <source>Ordered</source>
      <translation>Bestellt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="760" />
      <source>Packed</source>
      <translation>Gepackt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="760" />
      <source>Amount</source>
      <translation>Betrag</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="760" />
      <source>State</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="769" />
      <source>crate {0}, items: {1}</source>
      <translation>Kiste {0}, Artikel: {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="770" />
      <location filename="../../ui/packing.py" line="808" />
      <source>no open crate</source>
      <translation>keine offene Kiste</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="807" />
      <source>{0} open, items: {1}</source>
      <translation>{0} offen, Artikel: {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="811" />
      <source>{0} closed</source>
      <translation>{0} geschlossen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="818" />
      <source>Scan or select a product sold per kg</source>
      <translation>Ein nach kg verkauftes Produkt scannen oder wählen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="820" />
      <source>{0}: ordered {1} ±{2} %, packed {3}</source>
      <translation>{0}: bestellt {1} ±{2} %, gepackt {3}</translation>
    </message>
  </context>
  <context>
    <name>PinPad</name>
    <message>
      <location filename="../../ui/pin_pad.py" line="58" />
      <source>Enter your PIN</source>
      <translation>PIN eingeben</translation>
    </message>
    <message>
      <location filename="../../ui/pin_pad.py" line="70" />
      <source>Clear</source>
      <translation>Löschen</translation>
    </message>
    <message>
      <location filename="../../ui/pin_pad.py" line="71" />
      <source>OK (Enter)</source>
      <translation>OK (Eingabe)</translation>
    </message>
    <message>
      <location filename="../../ui/pin_pad.py" line="72" />
      <source>Cancel (Esc)</source>
      <translation>Abbrechen (Esc)</translation>
    </message>
  </context>
  <context>
    <name>Reasons</name>
    <message>
      <location filename="../../ui/packing_panels.py" line="27" />
      <source>Out of stock</source>
      <translation>Nicht vorrätig</translation>
    </message>
    <message>
      <location filename="../../ui/packing_panels.py" line="28" />
      <source>Damaged</source>
      <translation>Beschädigt</translation>
    </message>
    <message>
      <location filename="../../ui/packing_panels.py" line="29" />
      <source>Not delivered by the producer</source>
      <translation>Vom Erzeuger nicht geliefert</translation>
    </message>
    <message>
      <location filename="../../ui/packing_panels.py" line="30" />
      <source>Quality not good enough</source>
      <translation>Qualität ungenügend</translation>
    </message>
  </context>
</TS>