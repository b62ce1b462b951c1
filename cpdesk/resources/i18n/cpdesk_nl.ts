<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nl" sourcelanguage="en">
  <context>
    <name>BoardModel</name>
    <message>
      <location filename="../../ui/board.py" line="60" />
      <source>to pack</source>
      <translation>te verpakken</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="61" />
      <source>in progress</source>
      <translation>bezig</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="62" />
      <source>packed</source>
      <translation>verpakt</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="63" />
      <source>delivered</source>
      <translation>geleverd</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="64" />
      <source>cancelled</source>
      <translation>geannuleerd</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="65" />
      <source>other depot</source>
      <translation>ander depot</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="66" />
      <source>changed centrally</source>
      <translation>centraal gewijzigd</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="81" />
      <source>Stop</source>
      <translation>Stop</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="81" />
      <source>Order</source>
      <translation>Bestelling</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="81" />
      <source>Customer</source>
      <translation>Klant</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="81" />
      <source>Commune</source>
      <translation>Gemeente</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="82" />
      <source>Zones</source>
      <translation>Zones</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="82" />
      <source>Lines</source>
      <translation>Lijnen</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="82" />
      <source>Crates</source>
      <translation>Kratten</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="82" />
      <source>State</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="83" />
      <source>Progress</source>
      <translation>Voortgang</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="138" />
      <source>driver: {0}</source>
      <translation>chauffeur: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="139" />
      <source>{0}/{1} orders packed</source>
      <translation>{0}/{1} bestellingen verpakt</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="140" />
      <source>{0}/{1} lines</source>
      <translation>{0}/{1} lijnen</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="142" />
      <source>{0} crates</source>
      <translation>{0} kratten</translation>
    </message>
  </context>
  <context>
    <name>BoardWidget</name>
    <message>
      <location filename="../../ui/board.py" line="312" />
      <source>Search order or customer…  (Ctrl+F)</source>
      <translation>Bestelling of klant zoeken…  (Ctrl+F)</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="313" />
      <source>Refresh (F5)</source>
      <translation>Vernieuwen (F5)</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="314" />
      <source>All states</source>
      <translation>Alle statussen</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="318" />
      <source>All zones</source>
      <translation>Alle zones</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="318" />
      <source>Ambient</source>
      <translation>Ambiant</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="319" />
      <source>Chilled</source>
      <translation>Gekoeld</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="320" />
      <source>Frozen</source>
      <translation>Diepvries</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="322" />
      <location filename="../../ui/board.py" line="368" />
      <source>All rounds</source>
      <translation>Alle rondes</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="362" />
      <source>Loading…</source>
      <translation>Laden…</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="382" />
      <source>{0} rounds · {1}/{2} orders packed · {3} crates</source>
      <translation>{0} rondes · {1}/{2} bestellingen verpakt · {3} kratten</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="386" />
      <source>Could not load the board: {0}</source>
      <translation>Het overzicht kon niet geladen worden: {0}</translation>
    </message>
  </context>
  <context>
    <name>ChoicePanel</name>
    <message>
      <location filename="../../ui/packing_panels.py" line="65" />
      <source>Cancel (Esc)</source>
      <translation>Annuleren (Esc)</translation>
    </message>
  </context>
  <context>
    <name>DashboardStrip</name>
    <message>
      <location filename="../../ui/dashboard.py" line="94" />
      <source>{0}/{1} orders packed</source>
      <translation>{0}/{1} bestellingen verpakt</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="95" />
      <source>{0} crates</source>
      <translation>{0} kratten</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="96" />
      <source>Sync: {0}</source>
      <translation>Sync: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="97" />
      <source>Scale: {0}</source>
      <translation>Weegschaal: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="99" />
      <source>Printers: {0}</source>
      <translation>Printers: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="99" />
      <source>ready</source>
      <translation>klaar</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="100" />
      <source>Orders packed per hour</source>
      <translation>Bestellingen verpakt per uur</translation>
    </message>
  </context>
  <context>
    <name>HourChart</name>
    <message>
      <location filename="../../ui/dashboard.py" line="17" />
      <source>Orders packed per hour</source>
      <translation>Bestellingen verpakt per uur</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../ui/main_window.py" line="136" />
      <source>cpdesk — {0} depot</source>
      <translation>cpdesk — depot {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="137" />
      <source>Depot {0}</source>
      <translation>Depot {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="138" />
      <source>Packer: {0}</source>
      <translation>Inpakker: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="139" />
      <source>Nobody signed in</source>
      <translation>Niemand aangemeld</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="140" />
      <source>Switch packer (F12)</source>
      <translation>Andere inpakker (F12)</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="142" />
      <source>Devices: simulated</source>
      <translation>Toestellen: gesimuleerd</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="144" />
      <source>Sign in: enter your PIN</source>
      <translation>Aanmelden: geef uw pincode in</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="141" />
      <location filename="../../ui/main_window.py" line="145" />
      <source>demo</source>
      <translation>demo</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="141" />
      <source>Sync: {0}</source>
      <translation>Sync: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="147" />
      <source>simulated</source>
      <translation>gesimuleerd</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="171" />
      <source>Unknown PIN</source>
      <translation>Onbekende pincode</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="196" />
      <source>Scan an order slip or a crate to open an order</source>
      <translation>Scan een bestelbon of een krat om een bestelling te openen</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="201" />
      <source>Sign in first</source>
      <translation>Meld u eerst aan</translation>
    </message>
  </context>
  <context>
    <name>ManualWeightPanel</name>
    <message>
      <location filename="../../ui/packing_panels.py" line="128" />
      <source>Manual weight (supervisor): weight in grams</source>
      <translation>Manueel gewicht (verantwoordelijke): gewicht in gram</translation>
    </message>
    <message>
      <location filename="../../ui/packing_panels.py" line="129" />
      <source>Record weight</source>
      <translation>Gewicht registreren</translation>
    </message>
    <message>
      <location filename="../../ui/packing_panels.py" line="130" />
      <source>Cancel (Esc)</source>
      <translation>Annuleren (Esc)</translation>
    </message>
  </context>
  <context>
    <name>PackingScreen</name>
    <message>
      <location filename="../../ui/packing.py" line="51" />
      <source>Ambient</source>
      <translation>Ambiant</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="51" />
      <source>Chilled</source>
      <translation>Gekoeld</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="51" />
      <source>Frozen</source>
      <translation>Diepvries</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="56" />
      <source>to pack</source>
      <translation>te verpakken</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="56" />
      <source>partly packed</source>
      <translation>gedeeltelijk</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="57" />
      <source>packed</source>
      <translation>verpakt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="57" />
      <source>out of tolerance</source>
      <translation>buiten tolerantie</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="58" />
      <source>short</source>
      <translation>tekort</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="58" />
      <source>substituted</source>
      <translation>vervangen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="64" />
      <source>Misread barcode (bad check digit): scan it again</source>
      <translation>Barcode verkeerd gelezen (foutief controlecijfer): scan opnieuw</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="65" />
      <source>Unknown code</source>
      <translation>Onbekende code</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="66" />
      <source>This barcode is not in the catalogue</source>
      <translation>Deze barcode staat niet in de catalogus</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="67" />
      <source>This product is not in this order</source>
      <translation>Dit product hoort niet bij deze bestelling</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="68" />
      <source>This product is packed by another depot</source>
      <translation>Dit product wordt door een ander depot verpakt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="69" />
      <source>This line is already complete</source>
      <translation>Deze lijn is al volledig</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="70" />
      <source>This line is already resolved</source>
      <translation>Deze lijn is al afgehandeld</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="71" />
      <source>This order is cancelled or delivered</source>
      <translation>Deze bestelling is geannuleerd of geleverd</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="72" />
      <source>No such order</source>
      <translation>Bestelling niet gevonden</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="73" />
      <source>This product is sold per piece, not weighed</source>
      <translation>Dit product wordt per stuk verkocht, niet gewogen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="74" />
      <source>The weight must be above zero</source>
      <translation>Het gewicht moet groter zijn dan nul</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="75" />
      <source>A supervisor must confirm this</source>
      <translation>Een verantwoordelijke moet dit bevestigen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="76" />
      <source>This crate is closed</source>
      <translation>Deze krat is gesloten</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="77" />
      <source>Wrong temperature zone for this crate</source>
      <translation>Verkeerde temperatuurzone voor deze krat</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="78" />
      <source>This crate belongs to another order</source>
      <translation>Deze krat hoort bij een andere bestelling</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="79" />
      <source>This crate is empty</source>
      <translation>Deze krat is leeg</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="80" />
      <source>Nothing to undo</source>
      <translation>Niets om ongedaan te maken</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="81" />
      <source>This weight is within tolerance</source>
      <translation>Dit gewicht valt binnen de tolerantie</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="82" />
      <source>Choose a reason from the list</source>
      <translation>Kies een reden uit de lijst</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="83" />
      <source>No item to take out</source>
      <translation>Geen artikel om uit te nemen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="85" />
      <source>Refused</source>
      <translation>Geweigerd</translation>
    </message>
  </context>
  <context>
    <name>PackingWidget</name>
    <message>
      <location filename="../../ui/packing.py" line="266" />
      <source>◀ Board (Esc)</source>
      <translation>◀ Overzicht (Esc)</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="267" />
      <source>Scale</source>
      <translation>Weegschaal</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="268" />
      <source>Crates</source>
      <translation>Kratten</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="269" />
      <source>Take weight (Space)</source>
      <translation>Gewicht nemen (Spatie)</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="270" />
      <source>+1 piece</source>
      <translation>+1 stuk</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="270" />
      <source>Short</source>
      <translation>Tekort</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="271" />
      <source>Substitute</source>
      <translation>Vervangen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="271" />
      <source>New crate</source>
      <translation>Nieuwe krat</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="272" />
      <source>Close crate</source>
      <translation>Krat sluiten</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="272" />
      <source>Take out</source>
      <translation>Uitnemen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="273" />
      <source>Move to crate</source>
      <translation>Naar krat verplaatsen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="273" />
      <source>Manual weight</source>
      <translation>Manueel gewicht</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="274" />
      <source>Undo</source>
      <translation>Ongedaan maken</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="277" />
      <source>Supervisor PIN</source>
      <translation>Pincode van de verantwoordelijke</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="293" />
      <source>Not saved: {0}</source>
      <translation>Niet opgeslagen: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="311" />
      <source>Sign in first</source>
      <translation>Meld u eerst aan</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="326" />
      <source>Order {0} opened: scan the products</source>
      <translation>Bestelling {0} geopend: scan de producten</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="345" />
      <source>Enter the PIN on the pad</source>
      <translation>Geef de pincode in op het klavier</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="363" />
      <source>This product is on several lines: which one?</source>
      <translation>Dit product staat op meerdere lijnen: welke?</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="375" />
      <source>{0}: put it on the scale, then Space</source>
      <translation>{0}: leg het op de weegschaal, dan Spatie</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="422" />
      <source>no reading</source>
      <translation>geen meting</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="426" />
      <source>out of range</source>
      <translation>buiten bereik</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="428" />
      <source>● stable</source>
      <translation>● stabiel</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="428" />
      <source>… moving</source>
      <translation>… beweegt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="459" />
      <location filename="../../ui/packing.py" line="520" />
      <source>Select or scan a product sold per kg first</source>
      <translation>Kies of scan eerst een product dat per kg verkocht wordt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="464" />
      <source>Wait for a stable weight</source>
      <translation>Wacht op een stabiel gewicht</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="468" />
      <source>Nothing on the scale</source>
      <translation>Niets op de weegschaal</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="484" />
      <source>{0}: ordered {1}, weighed {2} ({3:+d} g, allowed ±{4} g).</source>
      <translation>{0}: besteld {1}, gewogen {2} ({3:+d} g, toegelaten ±{4} g).</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="487" />
      <source>Supervisor accepts</source>
      <translation>Verantwoordelijke aanvaardt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="487" />
      <source>Re-weigh (undo)</source>
      <translation>Opnieuw wegen (ongedaan maken)</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="489" />
      <source>Add another piece</source>
      <translation>Nog een stuk toevoegen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="493" />
      <source>Outside tolerance: a supervisor must accept, or re-weigh</source>
      <translation>Buiten tolerantie: een verantwoordelijke moet aanvaarden, of weeg opnieuw</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="504" />
      <source>Put the next piece on the scale, then Space</source>
      <translation>Leg het volgende stuk op de weegschaal, dan Spatie</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="513" />
      <source>Accepted by {0}</source>
      <translation>Aanvaard door {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="549" />
      <source>Not a supervisor PIN</source>
      <translation>Geen pincode van een verantwoordelijke</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="561" />
      <source>Select a line first</source>
      <translation>Kies eerst een lijn</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="580" />
      <source>Short: why can't {0} be packed?</source>
      <translation>Tekort: waarom kan {0} niet verpakt worden?</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="581" />
      <source>Substitute: why is {0} replaced?</source>
      <translation>Vervanging: waarom wordt {0} vervangen?</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="602" />
      <source>Undone</source>
      <translation>Ongedaan gemaakt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="618" />
      <source>New crate {0} ({1})</source>
      <translation>Nieuwe krat {0} ({1})</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="629" />
      <source>No open crate in this zone</source>
      <translation>Geen open krat in deze zone</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="641" />
      <source>Crate {0} closed: label printed</source>
      <translation>Krat {0} gesloten: etiket afgedrukt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="661" />
      <source>Item taken out of its crate</source>
      <translation>Artikel uit de krat genomen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="671" />
      <source>Open a new crate first (F6), then move</source>
      <translation>Open eerst een nieuwe krat (F6), verplaats dan</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="674" />
      <source>Item moved to crate {0}</source>
      <translation>Artikel verplaatst naar krat {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="693" />
      <source>Order {0} packed: {1} crate labels printed</source>
      <translation>Bestelling {0} verpakt: {1} kratetiketten afgedrukt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="744" />
      <source>round {0}, stop {1}</source>
      <translation>ronde {0}, stop {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="746" />
      <source>{0}/{1} lines</source>
      <translation>{0}/{1} lijnen</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="749" />
      <source>PACKED</source>
      <translation>VERPAKT</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="753" />
      <source>This order was cancelled: do not pack it.</source>
      <translation>Deze bestelling werd geannuleerd: niet verpakken.</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="755" />
      <source>This order was changed centrally since packing started: check the lines.</source>
      <translation>Deze bestelling werd centraal gewijzigd sinds het inpakken begon: controleer de lijnen.</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="759" />
      <source>Product</source>
      <translation>Product</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="759" />
      <source>Producer</source>
      <translation>Producent</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="759" />
      <source>Ordered</source>
      <translation>Besteld</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="760" />
      <source>Packed</source>
      <translation>Verpakt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="760" />
      <source>Amount</source>
      <translation>Bedrag</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="760" />
      <source>State</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="769" />
      <source>crate {0}, items: {1}</source>
      <translation>krat {0}, artikels: {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="770" />
      <location filename="../../ui/packing.py" line="808" />
      <source>no open crate</source>
      <translation>geen open krat</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="807" />
      <source>{0} open, items: {1}</source>
      <translation>{0} open, artikels: {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="811" />
      <source>{0} closed</source>
      <translation>{0} gesloten</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="818" />
      <source>Scan or select a product sold per kg</source>
      <translation>Scan of kies een product dat per kg verkocht wordt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="820" />
      <source>{0}: ordered {1} ±{2} %, packed {3}</source>
      <translation>{0}: besteld {1} ±{2} %, verpakt {3}</translation>
    </message>
  </context>
  <context>
    <name>PinPad</name>
    <message>
      <location filename="../../ui/pin_pad.py" line="58" />
      <source>Enter your PIN</source>
      <translation>Geef uw pincode in</translation>
    </message>
    <message>
      <location filename="../../ui/pin_pad.py" line="70" />
      <source>Clear</source>
      <translation>Wissen</translation>
    </message>
    <message>
      <location filename="../../ui/pin_pad.py" line="71" />
      <source>OK (Enter)</source>
      <translation>OK (Enter)</translation>
    </message>
    <message>
      <location filename="../../ui/pin_pad.py" line="72" />
      <source>Cancel (Esc)</source>
      <translation>Annuleren (Esc)</translation>
    </message>
  </context>
  <context>
    <name>Reasons</name>
    <message>
      <location filename="../../ui/packing_panels.py" line="27" />
      <source>Out of stock</source>
      <translation>Niet in voorraad</translation>
    </message>
    <message>
      <location filename="../../ui/packing_panels.py" line="28" />
      <source>Damaged</source>
      <translation>Beschadigd</translation>
    </message>
    <message>
      <location filename="../../ui/packing_panels.py" line="29" />
      <source>Not delivered by the producer</source>
      <translation>Niet geleverd door de producent</translation>
    </message>
    <message>
      <location filename="../../ui/packing_panels.py" line="30" />
      <source>Quality not good enough</source>
      <translation>Onvoldoende kwaliteit</translation>
    </message>
  </context>
</TS>