<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nl" sourcelanguage="en">
  <context>
    <name>App</name>
    <message>
      <location filename="../../ui/app.py" line="217" />
      <source>Something went wrong</source>
      <translation>Er ging iets mis</translation>
    </message>
    <message>
      <location filename="../../ui/app.py" line="218" />
      <source>{0}

The details are in the log: {1}</source>
      <translation>{0}

De details staan in het logboek: {1}</translation>
    </message>
  </context>
  <context>
    <name>BoardModel</name>
    <message>
      <location filename="../../ui/board/screen.py" line="60" />
      <source>ambient</source>
      <translation>ambiant</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="61" />
      <source>chilled</source>
      <translation>gekoeld</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="62" />
      <source>frozen</source>
      <translation>diepvries</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="68" />
      <source>to pack</source>
      <translation>te verpakken</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="69" />
      <source>in progress</source>
      <translation>bezig</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="70" />
      <source>packed</source>
      <translation>verpakt</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="71" />
      <source>delivered</source>
      <translation>geleverd</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="72" />
      <source>cancelled</source>
      <translation>geannuleerd</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="73" />
      <source>other depot</source>
      <translation>ander depot</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="74" />
      <source>changed centrally</source>
      <translation>centraal gewijzigd</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="89" />
      <source>Stop</source>
      <translation>Stop</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="89" />
      <source>Order</source>
      <translation>Bestelling</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="89" />
      <source>Customer</source>
      <translation>Klant</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="89" />
      <source>Commune</source>
      <translation>Gemeente</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="90" />
      <source>Zones</source>
      <translation>Zones</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="90" />
      <source>Lines</source>
      <translation>Lijnen</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="90" />
      <source>Crates</source>
      <translation>Kratten</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="90" />
      <source>State</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="91" />
      <source>Progress</source>
      <translation>Voortgang</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="146" />
      <source>driver: {0}</source>
      <translation>chauffeur: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="147" />
      <source>{0}/{1} orders packed</source>
      <translation>{0}/{1} bestellingen verpakt</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="148" />
      <source>{0}/{1} lines</source>
      <translation>{0}/{1} lijnen</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="150" />
      <source>{0} crates</source>
      <translation>{0} kratten</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="153" />
      <source>⚠ {0} crates {1}/{2} places</source>
      <translation>⚠ kratten {0}: {1}/{2} plaatsen</translation>
    </message>
  </context>
  <context>
    <name>BoardWidget</name>
    <message>
      <location filename="../../ui/board/screen.py" line="345" />
      <source>Search order or customer…  (Ctrl+F)</source>
      <translation>Bestelling of klant zoeken…  (Ctrl+F)</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="346" />
      <source>Previous day (Alt+←)</source>
      <translation>Vorige dag (Alt+←)</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="347" />
      <source>Next day (Alt+→)</source>
      <translation>Volgende dag (Alt+→)</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="350" />
      <source>Refresh (F5)</source>
      <translation>Vernieuwen (F5)</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="351" />
      <source>All states</source>
      <translation>Alle statussen</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="355" />
      <source>All zones</source>
      <translation>Alle zones</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="355" />
      <source>Ambient</source>
      <translation>Ambiant</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="356" />
      <source>Chilled</source>
      <translation>Gekoeld</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="357" />
      <source>Frozen</source>
      <translation>Diepvries</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="359" />
      <location filename="../../ui/board/screen.py" line="423" />
      <source>All rounds</source>
      <translation>Alle rondes</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="395" />
      <source>No round on {0}: next day with rounds</source>
      <translation>Geen ronde op {0}: dit is de volgende dag met rondes</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="409" />
      <source>Loading…</source>
      <translation>Laden…</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="437" />
      <source>{0} rounds · {1}/{2} orders packed · {3} crates</source>
      <translation>{0} rondes · {1}/{2} bestellingen verpakt · {3} kratten</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="441" />
      <source>Could not load the board: {0}</source>
      <translation>Het overzicht kon niet geladen worden: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="192" />
      <source>Delivery note {0}…</source>
      <translation>Leveringsbon {0}…</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="195" />
      <source>Crate labels of {0}…</source>
      <translation>Kratetiketten van {0}…</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="200" />
      <source>Van manifest {0}…</source>
      <translation>Laadlijst bestelwagen {0}…</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="203" />
      <source>Pick list of round {0}…</source>
      <translation>Verzamellijst van ronde {0}…</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="207" />
      <source>Pick list of the day…</source>
      <translation>Verzamellijst van de dag…</translation>
    </message>
  </context>
  <context>
    <name>CartModel</name>
    <message>
      <location filename="../../ui/counter/cart.py" line="48" />
      <source>Product</source>
      <translation>Product</translation>
    </message>
    <message>
      <location filename="../../ui/counter/cart.py" line="48" />
      <source>Qty / weight</source>
      <translation>Aantal / kg</translation>
    </message>
    <message>
      <location filename="../../ui/counter/cart.py" line="48" />
      <source>Price</source>
      <translation>Prijs</translation>
    </message>
    <message>
      <location filename="../../ui/counter/cart.py" line="49" />
      <source>Discount</source>
      <translation>Korting</translation>
    </message>
    <message>
      <location filename="../../ui/counter/cart.py" line="49" />
      <source>Amount</source>
      <translation>Bedrag</translation>
    </message>
    <message>
      <location filename="../../ui/counter/cart.py" line="77" />
      <source>weight from the {0}</source>
      <translation>gewicht van: {0}</translation>
    </message>
  </context>
  <context>
    <name>ChangePanel</name>
    <message>
      <location filename="../../ui/packing/panels.py" line="200" />
      <source>Done, resolved</source>
      <translation>Klaar, opgelost</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="221" />
      <source>Order cancelled centrally</source>
      <translation>Bestelling centraal geannuleerd</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="223" />
      <source>Take everything out of its crates: {0}</source>
      <translation>Haal alles uit de kratten: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="226" />
      <source>Its crates are empty: nothing to take out</source>
      <translation>De kratten zijn leeg: niets uit te halen</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="227" />
      <source>Nothing more may be packed for this order.</source>
      <translation>Voor deze bestelling mag niets meer verpakt worden.</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="229" />
      <source>Order changed centrally</source>
      <translation>Bestelling centraal gewijzigd</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="231" />
      <source>New line, to pack: {0} × {1}</source>
      <translation>Nieuwe regel, te verpakken: {0} × {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="234" />
      <source>More ordered, to pack: {0}: {1} → {2}</source>
      <translation>Meer besteld, te verpakken: {0}: {1} → {2}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="239" />
      <source>When it is done, press “Done, resolved”.</source>
      <translation>Als het klaar is, druk op „Klaar, opgelost”.</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="244" />
      <source>Removed: {0}</source>
      <translation>Geschrapt: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="245" />
      <source>Reduced: {0}: {1} → {2}</source>
      <translation>Verminderd: {0}: {1} → {2}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="254" />
      <source>nothing to take out</source>
      <translation>niets uit te halen</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="255" />
      <source>take {0} out of crate {1}</source>
      <translation>haal {0} uit krat {1}</translation>
    </message>
  </context>
  <context>
    <name>ChoicePanel</name>
    <message>
      <location filename="../../ui/packing/panels.py" line="69" />
      <source>Cancel (Esc)</source>
      <translation>Annuleren (Esc)</translation>
    </message>
  </context>
  <context>
    <name>CounterWidget</name>
    <message>
      <location filename="../../ui/counter/screen.py" line="95" />
      <source>Sale</source>
      <translation>Verkoop</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="97" />
      <source>Pick-up</source>
      <translation>Afhaling</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="99" />
      <source>Register</source>
      <translation>Kassa</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="102" />
      <location filename="../../ui/counter/screen.py" line="198" />
      <location filename="../../ui/counter/screen.py" line="203" />
      <source>Nobody signed in</source>
      <translation>Niemand aangemeld</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="104" />
      <source>Sign in (PIN)</source>
      <translation>Aanmelden (pincode)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="105" />
      <source>Switch user (F12)</source>
      <translation>Andere gebruiker (F12)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="107" />
      <source>Register {0}</source>
      <translation>Kassa {0}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="189" />
      <source>Your PIN to serve at the counter</source>
      <translation>Uw pincode om aan de toonbank te bedienen</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="205" />
      <source>Unknown PIN</source>
      <translation>Onbekende pincode</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="219" />
      <source>That is not a supervisor's PIN</source>
      <translation>Geen pincode van een verantwoordelijke</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="228" />
      <source>{0}: a supervisor's PIN is needed</source>
      <translation>{0}: pincode van een verantwoordelijke nodig</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="232" />
      <source>Sign in with your PIN first</source>
      <translation>Meld u eerst aan met uw pincode</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="242" />
      <source>Search: name, producer, code</source>
      <translation>Zoeken: naam, producent, code</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="258" />
      <source>Scale: no reading</source>
      <translation>Weegschaal: geen meting</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="260" />
      <source>Take the weight</source>
      <translation>Gewicht nemen</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="282" />
      <source>Remove line</source>
      <translation>Lijn verwijderen</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="284" />
      <source>10% or 2,50</source>
      <translation>10% of 2,50</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="286" />
      <source>Line discount</source>
      <translation>Korting lijn</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="287" />
      <source>Cart discount</source>
      <translation>Korting mandje</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="317" />
      <source>Cancel sale</source>
      <translation>Verkoop annuleren</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="355" />
      <source>/kg</source>
      <translation>/kg</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="368" />
      <source>A payment was taken: undo it before changing the cart</source>
      <translation>Er werd al betaald: maak de betaling ongedaan voor u het mandje wijzigt</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="398" />
      <source>{0}: this scale is not approved for trade; sell it by a weight label or on an approved scale</source>
      <translation>{0}: deze weegschaal is niet geijkt; verkoop het met een gewichtsetiket of op een geijkte weegschaal</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="404" />
      <source>{0}: waiting for a stable weight on the scale</source>
      <translation>{0}: wachten op een stabiel gewicht op de weegschaal</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="418" />
      <source>stable</source>
      <translation>stabiel</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="418" />
      <source>moving</source>
      <translation>beweegt</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="420" />
      <source>out of range</source>
      <translation>buiten bereik</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="421" />
      <source>Scale: {0} ({1})</source>
      <translation>Weegschaal: {0} ({1})</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="436" />
      <source>The catalogue is still loading</source>
      <translation>De catalogus wordt nog geladen</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="442" />
      <source>Unknown code {0}</source>
      <translation>Onbekende code {0}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="483" />
      <location filename="../../ui/counter/screen.py" line="489" />
      <source>Type 10% or an amount such as 2,50</source>
      <translation>Typ 10% of een bedrag zoals 2,50</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="519" />
      <source>discounts {0}</source>
      <translation>kortingen {0}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="521" />
      <source>VAT {0}%: {1} of {2}</source>
      <translation>btw {0}%: {1} op {2}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="548" />
      <source>Receipt {0} recorded. Change: {1}</source>
      <translation>Kasticket {0} geregistreerd. Terug: {1}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="594" />
      <source>No receipt printer: receipt saved as {0}</source>
      <translation>Geen ticketprinter: kasticket bewaard als {0}</translation>
    </message>
  </context>
  <context>
    <name>DashboardStrip</name>
    <message>
      <location filename="../../ui/board/dashboard.py" line="113" />
      <source>{0}/{1} orders packed</source>
      <translation>{0}/{1} bestellingen verpakt</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="114" />
      <source>{0} crates</source>
      <translation>{0} kratten</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="115" />
      <source>Sync: {0}</source>
      <translation>Sync: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="116" />
      <source>demo</source>
      <translation>demo</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="117" />
      <source>Scale: {0}</source>
      <translation>Weegschaal: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="120" />
      <source>Printers: {0}</source>
      <translation>Printers: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="120" />
      <source>ready</source>
      <translation>klaar</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="121" />
      <source>Orders packed per hour</source>
      <translation>Bestellingen verpakt per uur</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="124" />
      <source>{0} facts refused by the centre: not delivered, sent again at each sync; a supervisor must settle them</source>
      <translation>{0} feiten geweigerd door de centrale: niet afgeleverd, bij elke sync opnieuw verstuurd; een verantwoordelijke moet ze afhandelen</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="126" />
      <source>{0} ({1}, {2}): {3}</source>
      <translation>{0} ({1}, {2}): {3}</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="130" />
      <source>… and {0} more</source>
      <translation>… en nog {0}</translation>
    </message>
  </context>
  <context>
    <name>DemoScalePanel</name>
    <message>
      <location filename="../../ui/hardware/demo_scale.py" line="29" />
      <source>Simulated scale (demo)</source>
      <translation>Gesimuleerde weegschaal (demo)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/demo_scale.py" line="35" />
      <source>Moving</source>
      <translation>Beweegt</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/demo_scale.py" line="36" />
      <source>Overload</source>
      <translation>Overbelasting</translation>
    </message>
  </context>
  <context>
    <name>Devices</name>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="19" />
      <source>Scale</source>
      <translation>Weegschaal</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="20" />
      <source>Label printer</source>
      <translation>Etikettenprinter</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="21" />
      <source>Receipt printer</source>
      <translation>Bonprinter</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="22" />
      <source>A4 printer</source>
      <translation>A4-printer</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="26" />
      <source>Scanner {0}</source>
      <translation>Scanner {0}</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="38" />
      <source>ready</source>
      <translation>werkt</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="40" />
      <location filename="../../ui/hardware/device_status.py" line="63" />
      <source>not configured</source>
      <translation>niet ingesteld</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="42" />
      <source>overload</source>
      <translation>overbelast</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="44" />
      <source>under zero</source>
      <translation>onder nul</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="46" />
      <source>no answer</source>
      <translation>geen antwoord</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="48" />
      <source>unreadable bytes: check the line settings</source>
      <translation>onleesbare bytes: controleer de lijninstellingen</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="51" />
      <source>absent or unplugged ({0})</source>
      <translation>afwezig of losgekoppeld ({0})</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="53" />
      <source>disconnected ({0})</source>
      <translation>verbinding verbroken ({0})</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="55" />
      <source>unreachable</source>
      <translation>onbereikbaar</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="57" />
      <source>does not answer</source>
      <translation>antwoordt niet</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="59" />
      <source>out of paper</source>
      <translation>papier op</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="61" />
      <source>stopped in CUPS</source>
      <translation>gestopt in CUPS</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="71" />
      <source>{0} since {1}</source>
      <translation>{0} sinds {1}</translation>
    </message>
  </context>
  <context>
    <name>DocumentPreview</name>
    <message>
      <location filename="../../ui/documents/printing.py" line="69" />
      <source>Print…</source>
      <translation>Afdrukken…</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="70" />
      <source>Save as PDF…</source>
      <translation>Opslaan als pdf…</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="71" />
      <source>Close</source>
      <translation>Sluiten</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="99" />
      <source>The printer refused the job</source>
      <translation>De printer weigerde de afdruk</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="116" />
      <source>Save as PDF</source>
      <translation>Opslaan als pdf</translation>
    </message>
  </context>
  <context>
    <name>Documents</name>
    <message>
      <location filename="../../ui/documents/printing.py" line="159" />
      <source>No crate of {0} at {1} yet</source>
      <translation>Nog geen krat van {0} in {1}</translation>
    </message>
  </context>
  <context>
    <name>FirstStartWidget</name>
    <message>
      <location filename="../../ui/first_start/screen.py" line="73" />
      <source>The centre cannot be reached: check its address and port, and the network (the server may be down)</source>
      <translation>Het centrum is onbereikbaar: controleer adres en poort, en het netwerk (de server staat misschien uit)</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="77" />
      <source>The centre refused the login or its password: paste the credentials again (a new 'add-depot' gives a new password)</source>
      <translation>Het centrum weigerde de gebruikersnaam of het wachtwoord: plak de inloggegevens opnieuw (een nieuwe 'add-depot' geeft een nieuw wachtwoord)</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="81" />
      <source>The address demands an encrypted (TLS) connection but the centre does not offer one: check the sslmode in the address</source>
      <translation>Het adres eist een versleutelde (TLS) verbinding maar het centrum biedt die niet aan: controleer de sslmode in het adres</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="85" />
      <source>The centre's certificate is not trusted by this computer: install the centre's certificate authority, or check the centre's name</source>
      <translation>Deze computer vertrouwt het certificaat van het centrum niet: installeer de certificaatautoriteit van het centrum, of controleer de naam van het centrum</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="89" />
      <source>The centre has no such database: check the database name in the address</source>
      <translation>Het centrum heeft die database niet: controleer de naam in het adres</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="92" />
      <source>These credentials belong to another depot</source>
      <translation>Deze inloggegevens horen bij een ander depot</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="93" />
      <source>That is not a centre address (postgresql://user:password@host/database)</source>
      <translation>Dat is geen adres van een centrum (postgresql://gebruiker:wachtwoord@host/database)</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="97" />
      <source>The centre answered with an error</source>
      <translation>Het centrum antwoordde met een fout</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="202" />
      <source>Setting up this depot workstation</source>
      <translation>Deze depotwerkpost installeren</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="204" />
      <source>This computer has no depot store yet. Give the depot's code and the centre's credentials (as 'cpdesk central add-depot --json' printed them: paste them or open the file), test the connection, then the first sync fills the store.</source>
      <translation>Deze computer heeft nog geen depotdatabase. Geef de depotcode en de inloggegevens van het centrum (zoals 'cpdesk central add-depot --json' ze toonde: plak ze of open het bestand), test de verbinding, daarna vult de eerste synchronisatie de database.</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="207" />
      <source>Depot code</source>
      <translation>Depotcode</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="208" />
      <source>Centre address</source>
      <translation>Adres van het centrum</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="209" />
      <source>Login</source>
      <translation>Gebruikersnaam</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="210" />
      <source>Password</source>
      <translation>Wachtwoord</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="211" />
      <source>Or paste the credentials (JSON)</source>
      <translation>Of plak de inloggegevens (JSON)</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="212" />
      <source>Open the credentials file…</source>
      <translation>Bestand met inloggegevens openen…</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="213" />
      <source>Test the connection</source>
      <translation>Verbinding testen</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="214" />
      <source>Set up and sync</source>
      <translation>Installeren en synchroniseren</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="215" />
      <source>Stop</source>
      <translation>Stoppen</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="216" />
      <source>Resume</source>
      <translation>Hervatten</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="241" />
      <source>The first sync of depot {0} was not finished: resume it.</source>
      <translation>De eerste synchronisatie van depot {0} was niet klaar: hervat ze.</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="247" />
      <source>Credentials file</source>
      <translation>Bestand met inloggegevens</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="256" />
      <source>Cannot read {0}: {1}</source>
      <translation>Kan {0} niet lezen: {1}</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="268" />
      <source>Give the depot code</source>
      <translation>Geef de depotcode</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="271" />
      <source>Give the centre's address, or paste the credentials</source>
      <translation>Geef het adres van het centrum, of plak de inloggegevens</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="294" />
      <source>Testing the connection…</source>
      <translation>Verbinding wordt getest…</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="301" />
      <source>Connected: the centre knows depot {0}.</source>
      <translation>Verbonden: het centrum kent depot {0}.</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="325" />
      <source>First sync of depot {0}…</source>
      <translation>Eerste synchronisatie van depot {0}…</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="335" />
      <source>Depot {0} is ready.</source>
      <translation>Depot {0} is klaar.</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="340" />
      <source>Stopped. What was pulled is kept: resume when you want.</source>
      <translation>Gestopt. Wat binnengehaald is, blijft bewaard: hervat wanneer u wilt.</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="345" />
      <source>The first sync failed: {0}. What was pulled is kept: resume when the centre is back.</source>
      <translation>De eerste synchronisatie mislukte: {0}. Wat binnengehaald is, blijft bewaard: hervat wanneer het centrum terug is.</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="363" />
      <source>{0} / {1} changes</source>
      <translation>{0} / {1} wijzigingen</translation>
    </message>
  </context>
  <context>
    <name>HardwareSettingsDialog</name>
    <message>
      <location filename="../../ui/hardware/settings.py" line="101" />
      <source>Hardware</source>
      <translation>Apparatuur</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="125" />
      <source>Legal for trade (only stable readings are booked)</source>
      <translation>IJkwaardig (alleen stabiele wegingen worden geboekt)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="127" />
      <location filename="../../ui/hardware/settings.py" line="342" />
      <source>Start</source>
      <translation>Starten</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="129" />
      <location filename="../../ui/hardware/settings.py" line="343" />
      <source>stopped</source>
      <translation>gestopt</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="137" />
      <source>Port (URL)</source>
      <translation>Poort (URL)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="138" />
      <source>Protocol</source>
      <translation>Protocol</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="139" />
      <source>Request (regex)</source>
      <translation>Verzoek (regex)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="140" />
      <source>Pattern (regex)</source>
      <translation>Patroon (regex)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="144" />
      <source>Line</source>
      <translation>Seriële lijn</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="147" />
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="148" />
      <source>Reading</source>
      <translation>Meting</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="149" />
      <source>Raw bytes</source>
      <translation>Ruwe bytes</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="150" />
      <source>Scale</source>
      <translation>Weegschaal</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="157" />
      <source>Print test page</source>
      <translation>Testpagina afdrukken</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="162" />
      <source>Printer (URL)</source>
      <translation>Printer (URL)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="163" />
      <source>Language</source>
      <translation>Taal</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="165" />
      <source>Result</source>
      <translation>Resultaat</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="169" />
      <source>Cash drawer on the receipt printer</source>
      <translation>Kassalade aan de bonprinter</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="173" />
      <source>Receipt width (mm)</source>
      <translation>Breedte van de bonnen (mm)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="180" />
      <source>Labels: dpi, size (mm)</source>
      <translation>Etiketten: dpi, grootte (mm)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="182" />
      <source>CUPS queue name, or a folder for the PDFs</source>
      <translation>naam van de CUPS-wachtrij, of een map voor de pdf's</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="183" />
      <source>A4 printer</source>
      <translation>A4-printer</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="184" />
      <source>Printer</source>
      <translation>Printer</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="187" />
      <source>Save to the station file</source>
      <translation>Opslaan in het werkpostbestand</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="289" />
      <source>Not saved: {0}</source>
      <translation>Niet opgeslagen: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="292" />
      <source>Saved in {0}; in use as soon as this window is closed.</source>
      <translation>Opgeslagen in {0}; in gebruik zodra dit venster sluit.</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="332" />
      <source>Stop</source>
      <translation>Stoppen</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="357" />
      <source>printing…</source>
      <translation>afdrukken…</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="368" />
      <source>printed ({0} paper)</source>
      <translation>afgedrukt (papier: {0})</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="368" />
      <source>unknown</source>
      <translation>onbekend</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="372" />
      <source>failed: {0}</source>
      <translation>mislukt: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="372" />
      <source>unknown error</source>
      <translation>onbekende fout</translation>
    </message>
  </context>
  <context>
    <name>HourChart</name>
    <message>
      <location filename="../../ui/board/dashboard.py" line="22" />
      <source>Orders packed per hour</source>
      <translation>Bestellingen verpakt per uur</translation>
    </message>
  </context>
  <context>
    <name>Loading</name>
    <message>
      <location filename="../../ui/loading/screen.py" line="52" />
      <source>Unknown crate {code}</source>
      <translation>Onbekend krat {code}</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="53" />
      <source>Round {round} has already left</source>
      <translation>Ronde {round} is al vertrokken</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="54" />
      <source>Crate {code} belongs to round {other}, stop {other_stop}, not to {round}</source>
      <translation>Krat {code} hoort bij ronde {other}, stop {other_stop}, niet bij {round}</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="56" />
      <source>Crate {code} is still open: close it at packing first</source>
      <translation>Krat {code} is nog open: sluit het eerst bij het verpakken</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="57" />
      <source>Crate {code} is already on the van</source>
      <translation>Krat {code} staat al in de bestelwagen</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="58" />
      <source>Crate {code} loaded for stop {stop}</source>
      <translation>Krat {code} geladen voor stop {stop}</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="59" />
      <source>Crate {code} taken off the van</source>
      <translation>Krat {code} uit de bestelwagen gehaald</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="60" />
      <source>Crate {code} has no round</source>
      <translation>Krat {code} heeft geen ronde</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="61" />
      <source>Crate {code} was packed at {depot}, not here</source>
      <translation>Krat {code} werd in {depot} verpakt, niet hier</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="62" />
      <source>Crate {code} leaves for {depot} (round {round})</source>
      <translation>Krat {code} vertrekt naar {depot} (ronde {round})</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="63" />
      <source>Crate {code} arrived at the wrong depot: its round {round} leaves from {depot}</source>
      <translation>Krat {code} in het verkeerde depot: ronde {round} vertrekt uit {depot}</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="65" />
      <source>Crate {code} received for round {round}</source>
      <translation>Krat {code} ontvangen voor ronde {round}</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="77" />
      <source>on the van</source>
      <translation>in de bestelwagen</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="78" />
      <source>to load</source>
      <translation>te laden</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="79" />
      <source>still at its depot</source>
      <translation>nog in zijn depot</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="80" />
      <source>in transit</source>
      <translation>onderweg</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="81" />
      <source>at the wrong depot!</source>
      <translation>in het verkeerde depot!</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="82" />
      <source>being packed</source>
      <translation>wordt verpakt</translation>
    </message>
  </context>
  <context>
    <name>LoadingWidget</name>
    <message>
      <location filename="../../ui/loading/screen.py" line="203" />
      <source>Stop / crate</source>
      <translation>Stop / krat</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="203" />
      <source>Zone</source>
      <translation>Zone</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="203" />
      <source>Depot</source>
      <translation>Depot</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="204" />
      <source>Where</source>
      <translation>Waar</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="205" />
      <source>Mark departed (F9)</source>
      <translation>Vertrek melden (F9)</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="206" />
      <source>Supervisor PIN</source>
      <translation>Pincode van de verantwoordelijke</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="207" />
      <source>producer delivery late</source>
      <translation>levering van de producent te laat</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="207" />
      <source>crate damaged</source>
      <translation>krat beschadigd</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="208" />
      <source>customer will collect at the depot</source>
      <translation>klant haalt af in het depot</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="210" />
      <source>Leave without them</source>
      <translation>Vertrekken zonder</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="211" />
      <source>Cancel</source>
      <translation>Annuleren</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="212" />
      <source>Scan: load the van</source>
      <translation>Scan: bestelwagen laden</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="212" />
      <source>Scan: take off the van</source>
      <translation>Scan: uit de bestelwagen halen</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="213" />
      <source>Scan: send to another depot</source>
      <translation>Scan: naar een ander depot sturen</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="214" />
      <source>Scan: receive from another depot</source>
      <translation>Scan: ontvangen van een ander depot</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="216" />
      <source>Round</source>
      <translation>Ronde</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="217" />
      <source>Previous day (Alt+←)</source>
      <translation>Vorige dag (Alt+←)</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="218" />
      <source>Next day (Alt+→)</source>
      <translation>Volgende dag (Alt+→)</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="237" />
      <source>No round on {0}: next day with rounds</source>
      <translation>Geen ronde op {0}: dit is de volgende dag met rondes</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="290" />
      <source>No round leaves from this depot on {0}</source>
      <translation>Op {0} vertrekt geen ronde uit dit depot</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="295" />
      <source>departed</source>
      <translation>vertrokken</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="295" />
      <source>loading</source>
      <translation>wordt geladen</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="296" />
      <source>{0} · {1} · {2}/{3} crates on the van · {4}</source>
      <translation>{0} · {1} · {2}/{3} kratten in de bestelwagen · {4}</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="299" />
      <source>Too many {0} crates: {1} for {2} places</source>
      <translation>Te veel kratten {0}: {1} voor {2} plaatsen</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="305" />
      <source>Stop {0} — {1}, {2}</source>
      <translation>Stop {0} — {1}, {2}</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="321" />
      <source>{0}: still being packed</source>
      <translation>{0}: wordt nog verpakt</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="336" />
      <source>Choose a round and sign in before scanning crates</source>
      <translation>Kies een ronde en meld u aan voor u kratten scant</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="380" />
      <source>That PIN is not a supervisor's.</source>
      <translation>Dat is geen pincode van een verantwoordelijke.</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="412" />
      <source>Round {0} has left.</source>
      <translation>Ronde {0} is vertrokken.</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../ui/main_window.py" line="242" />
      <source>cpdesk — {0} depot</source>
      <translation>cpdesk — depot {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="243" />
      <source>Depot {0}</source>
      <translation>Depot {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="245" />
      <source>Nobody signed in</source>
      <translation>Niemand aangemeld</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="247" />
      <source>Sync now</source>
      <translation>Nu synchroniseren</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="262" />
      <source>Devices: simulated</source>
      <translation>Toestellen: gesimuleerd</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="250" />
      <source>Sign in: enter your PIN</source>
      <translation>Aanmelden: geef uw pincode in</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="368" />
      <source>demo</source>
      <translation>demo</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="279" />
      <source>Scale: {0}</source>
      <translation>Weegschaal: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="369" />
      <source>Sync: {0}</source>
      <translation>Sync: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="251" />
      <source>Board (Ctrl+1)</source>
      <translation>Overzicht (Ctrl+1)</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="244" />
      <source>Signed in: {0}</source>
      <translation>Aangemeld: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="246" />
      <source>Switch user (F12)</source>
      <translation>Andere gebruiker (F12)</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="252" />
      <source>Counter (Ctrl+2)</source>
      <translation>Toonbank (Ctrl+2)</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="253" />
      <source>Loading (Ctrl+3)</source>
      <translation>Laden (Ctrl+3)</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="254" />
      <source>Hardware…</source>
      <translation>Apparatuur…</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="256" />
      <source>simulated</source>
      <translation>gesimuleerd</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="267" />
      <source>not configured</source>
      <translation>niet ingesteld</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="273" />
      <source>{0}: {1}</source>
      <translation>{0}: {1}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="305" />
      <source>Unknown PIN</source>
      <translation>Onbekende pincode</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="344" />
      <source>Scan an order slip or a crate to open an order</source>
      <translation>Scan een bestelbon of een krat om een bestelling te openen</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="349" />
      <source>Sign in first</source>
      <translation>Meld u eerst aan</translation>
    </message>
  </context>
  <context>
    <name>ManualWeightPanel</name>
    <message>
      <location filename="../../ui/packing/panels.py" line="134" />
      <source>Manual weight (supervisor): weight in grams</source>
      <translation>Manueel gewicht (verantwoordelijke): gewicht in gram</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="135" />
      <source>Record weight</source>
      <translation>Gewicht registreren</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="136" />
      <source>Cancel (Esc)</source>
      <translation>Annuleren (Esc)</translation>
    </message>
  </context>
  <context>
    <name>PackingScreen</name>
    <message>
      <location filename="../../ui/packing/screen.py" line="59" />
      <source>Ambient</source>
      <translation>Ambiant</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="59" />
      <source>Chilled</source>
      <translation>Gekoeld</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="59" />
      <source>Frozen</source>
      <translation>Diepvries</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="64" />
      <source>to pack</source>
      <translation>te verpakken</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="64" />
      <source>partly packed</source>
      <translation>gedeeltelijk</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="65" />
      <source>packed</source>
      <translation>verpakt</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="65" />
      <source>out of tolerance</source>
      <translation>buiten tolerantie</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="66" />
      <source>short</source>
      <translation>tekort</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="66" />
      <source>substituted</source>
      <translation>vervangen</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="67" />
      <source>removed from the order</source>
      <translation>uit de bestelling geschrapt</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="73" />
      <source>Misread barcode (bad check digit): scan it again</source>
      <translation>Barcode verkeerd gelezen (foutief controlecijfer): scan opnieuw</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="74" />
      <source>Unknown code</source>
      <translation>Onbekende code</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="75" />
      <source>This barcode is not in the catalogue</source>
      <translation>Deze barcode staat niet in de catalogus</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="76" />
      <source>This product is not in this order</source>
      <translation>Dit product hoort niet bij deze bestelling</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="77" />
      <source>This product is packed by another depot</source>
      <translation>Dit product wordt door een ander depot verpakt</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="78" />
      <source>This line is already complete</source>
      <translation>Deze lijn is al volledig</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="79" />
      <source>This line is already resolved</source>
      <translation>Deze lijn is al afgehandeld</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="80" />
      <source>This order is cancelled or delivered</source>
      <translation>Deze bestelling is geannuleerd of geleverd</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="81" />
      <source>No such order</source>
      <translation>Bestelling niet gevonden</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="82" />
      <source>This product is sold per piece, not weighed</source>
      <translation>Dit product wordt per stuk verkocht, niet gewogen</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="83" />
      <source>The weight must be above zero</source>
      <translation>Het gewicht moet groter zijn dan nul</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="84" />
      <source>A supervisor must confirm this</source>
      <translation>Een verantwoordelijke moet dit bevestigen</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="85" />
      <source>This crate is closed</source>
      <translation>Deze krat is gesloten</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="86" />
      <source>Wrong temperature zone for this crate</source>
      <translation>Verkeerde temperatuurzone voor deze krat</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="87" />
      <source>This crate belongs to another order</source>
      <translation>Deze krat hoort bij een andere bestelling</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="88" />
      <source>This crate is empty</source>
      <translation>Deze krat is leeg</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="89" />
      <source>Nothing to undo</source>
      <translation>Niets om ongedaan te maken</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="90" />
      <source>This weight is within tolerance</source>
      <translation>Dit gewicht valt binnen de tolerantie</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="91" />
      <source>Choose a reason from the list</source>
      <translation>Kies een reden uit de lijst</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="92" />
      <source>No item to take out</source>
      <translation>Geen artikel om uit te nemen</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="93" />
      <source>Order cancelled centrally: nothing more may be packed. Take its items out of the crates, then press “Done, resolved”</source>
      <translation>Bestelling centraal geannuleerd: niets meer verpakken. Haal de artikelen uit de kratten en druk dan op „Klaar, opgelost”</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="96" />
      <source>Nothing left to resolve for this order</source>
      <translation>Niets meer op te lossen voor deze bestelling</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="99" />
      <source>Refused</source>
      <translation>Geweigerd</translation>
    </message>
  </context>
  <context>
    <name>PackingWidget</name>
    <message>
      <location filename="../../ui/packing/screen.py" line="302" />
      <source>◀ Board (Esc)</source>
      <translation>◀ Overzicht (Esc)</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="303" />
      <source>Scale</source>
      <translation>Weegschaal</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="304" />
      <source>Crates</source>
      <translation>Kratten</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="305" />
      <source>Take weight (Space)</source>
      <translation>Gewicht nemen (Spatie)</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="306" />
      <source>+1 piece</source>
      <translation>+1 stuk</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="306" />
      <source>Short</source>
      <translation>Tekort</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="307" />
      <source>Substitute</source>
      <translation>Vervangen</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="307" />
      <source>New crate</source>
      <translation>Nieuwe krat</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="308" />
      <source>Close crate</source>
      <translation>Krat sluiten</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="308" />
      <source>Take out</source>
      <translation>Uitnemen</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="309" />
      <source>Move to crate</source>
      <translation>Naar krat verplaatsen</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="309" />
      <source>Manual weight</source>
      <translation>Manueel gewicht</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="310" />
      <source>Undo</source>
      <translation>Ongedaan maken</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="313" />
      <source>Supervisor PIN</source>
      <translation>Pincode van de verantwoordelijke</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="329" />
      <source>Not saved: {0}</source>
      <translation>Niet opgeslagen: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="349" />
      <source>Sign in first</source>
      <translation>Meld u eerst aan</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="364" />
      <source>Order {0} opened: scan the products</source>
      <translation>Bestelling {0} geopend: scan de producten</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="383" />
      <source>Enter the PIN on the pad</source>
      <translation>Geef de pincode in op het klavier</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="401" />
      <source>This product is on several lines: which one?</source>
      <translation>Dit product staat op meerdere lijnen: welke?</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="413" />
      <source>{0}: put it on the scale, then Space</source>
      <translation>{0}: leg het op de weegschaal, dan Spatie</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="460" />
      <source>no reading</source>
      <translation>geen meting</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="464" />
      <source>out of range</source>
      <translation>buiten bereik</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="466" />
      <source>● stable</source>
      <translation>● stabiel</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="466" />
      <source>… moving</source>
      <translation>… beweegt</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="498" />
      <location filename="../../ui/packing/screen.py" line="564" />
      <source>Select or scan a product sold per kg first</source>
      <translation>Kies of scan eerst een product dat per kg verkocht wordt</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="502" />
      <source>This scale is not approved for trade: weigh on an approved scale, or a supervisor enters the weight (F10)</source>
      <translation>Deze weegschaal is niet geijkt: weeg op een geijkte weegschaal, of een supervisor voert het gewicht in (F10)</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="508" />
      <source>Wait for a stable weight</source>
      <translation>Wacht op een stabiel gewicht</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="512" />
      <source>Nothing on the scale</source>
      <translation>Niets op de weegschaal</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="528" />
      <source>{0}: ordered {1}, weighed {2} ({3:+d} g, allowed ±{4} g).</source>
      <translation>{0}: besteld {1}, gewogen {2} ({3:+d} g, toegelaten ±{4} g).</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="531" />
      <source>Supervisor accepts</source>
      <translation>Verantwoordelijke aanvaardt</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="531" />
      <source>Re-weigh (undo)</source>
      <translation>Opnieuw wegen (ongedaan maken)</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="533" />
      <source>Add another piece</source>
      <translation>Nog een stuk toevoegen</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="537" />
      <source>Outside tolerance: a supervisor must accept, or re-weigh</source>
      <translation>Buiten tolerantie: een verantwoordelijke moet aanvaarden, of weeg opnieuw</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="548" />
      <source>Put the next piece on the scale, then Space</source>
      <translation>Leg het volgende stuk op de weegschaal, dan Spatie</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="557" />
      <source>Accepted by {0}</source>
      <translation>Aanvaard door {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="593" />
      <source>Not a supervisor PIN</source>
      <translation>Geen pincode van een verantwoordelijke</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="605" />
      <source>Select a line first</source>
      <translation>Kies eerst een lijn</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="624" />
      <source>Short: why can't {0} be packed?</source>
      <translation>Tekort: waarom kan {0} niet verpakt worden?</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="625" />
      <source>Substitute: why is {0} replaced?</source>
      <translation>Vervanging: waarom wordt {0} vervangen?</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="646" />
      <source>Undone</source>
      <translation>Ongedaan gemaakt</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="662" />
      <source>New crate {0} ({1})</source>
      <translation>Nieuwe krat {0} ({1})</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="673" />
      <source>No open crate in this zone</source>
      <translation>Geen open krat in deze zone</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="685" />
      <source>Crate {0} closed: label printed</source>
      <translation>Krat {0} gesloten: etiket afgedrukt</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="705" />
      <source>Item taken out of its crate</source>
      <translation>Artikel uit de krat genomen</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="715" />
      <source>Open a new crate first (F6), then move</source>
      <translation>Open eerst een nieuwe krat (F6), verplaats dan</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="718" />
      <source>Item moved to crate {0}</source>
      <translation>Artikel verplaatst naar krat {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="729" />
      <source>Change resolved</source>
      <translation>Wijziging opgelost</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="751" />
      <source>Order {0} packed: {1} crate labels printed</source>
      <translation>Bestelling {0} verpakt: {1} kratetiketten afgedrukt</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="803" />
      <source>round {0}, stop {1}</source>
      <translation>ronde {0}, stop {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="805" />
      <source>{0}/{1} lines</source>
      <translation>{0}/{1} lijnen</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="808" />
      <source>PACKED</source>
      <translation>VERPAKT</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="812" />
      <source>This order was cancelled: do not pack it.</source>
      <translation>Deze bestelling werd geannuleerd: niet verpakken.</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="816" />
      <source>Product</source>
      <translation>Product</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="816" />
      <source>Producer</source>
      <translation>Producent</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="816" />
      <source>Ordered</source>
      <translation>Besteld</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="817" />
      <source>Packed</source>
      <translation>Verpakt</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="817" />
      <source>Amount</source>
      <translation>Bedrag</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="817" />
      <source>State</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="826" />
      <source>crate {0}, items: {1}</source>
      <translation>krat {0}, artikels: {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="827" />
      <location filename="../../ui/packing/screen.py" line="867" />
      <source>no open crate</source>
      <translation>geen open krat</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="842" />
      <source>removed: take out</source>
      <translation>geschrapt: uithalen</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="866" />
      <source>{0} open, items: {1}</source>
      <translation>{0} open, artikels: {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="870" />
      <source>{0} closed</source>
      <translation>{0} gesloten</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="877" />
      <source>Scan or select a product sold per kg</source>
      <translation>Scan of kies een product dat per kg verkocht wordt</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="879" />
      <source>{0}: ordered {1} ±{2} %, packed {3}</source>
      <translation>{0}: besteld {1} ±{2} %, verpakt {3}</translation>
    </message>
  </context>
  <context>
    <name>PaymentPanel</name>
    <message>
      <location filename="../../ui/counter/payment.py" line="54" />
      <source>Amount (empty: all that is left)</source>
      <translation>Bedrag (leeg: alles wat overblijft)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="56" />
      <source>Card approval code / voucher number</source>
      <translation>Goedkeuringscode kaart / bonnummer</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="57" />
      <source>Cash</source>
      <translation>Contant</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="58" />
      <source>Card</source>
      <translation>Kaart</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="59" />
      <source>Voucher</source>
      <translation>Bon</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="60" />
      <source>Undo payment</source>
      <translation>Betaling ongedaan maken</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="118" />
      <source>Left to pay: {0}</source>
      <translation>Nog te betalen: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="119" />
      <source>cash</source>
      <translation>contant</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="119" />
      <source>card</source>
      <translation>kaart</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="120" />
      <source>voucher</source>
      <translation>bon</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="120" />
      <source>rounding</source>
      <translation>afronding</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="124" />
      <source>Change: {0}</source>
      <translation>Terug te geven: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="132" />
      <source>Type an amount such as 12,50</source>
      <translation>Typ een bedrag zoals 12,50</translation>
    </message>
  </context>
  <context>
    <name>PickupPanel</name>
    <message>
      <location filename="../../ui/counter/pickup.py" line="52" />
      <source>Customer name or order number, or scan a crate</source>
      <translation>Klant of bestelnummer</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="54" />
      <source>Find</source>
      <translation>Zoeken</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="70" />
      <source>Previous day (Alt+←)</source>
      <translation>Vorige dag (Alt+←)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="71" />
      <source>Next day (Alt+→)</source>
      <translation>Volgende dag (Alt+→)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="79" />
      <location filename="../../ui/counter/pickup.py" line="279" />
      <source>No order</source>
      <translation>Geen bestelling</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="88" />
      <source>Hand over and mark delivered</source>
      <translation>Overhandigen: geleverd</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="140" />
      <source>No round on {0}: next day with rounds</source>
      <translation>Geen ronde op {0}: dit is de volgende dag met rondes</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="153" />
      <source>to hand over</source>
      <translation>mee te geven</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="153" />
      <source>delivered</source>
      <translation>geleverd</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="154" />
      <source>cancelled</source>
      <translation>geannuleerd</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="177" />
      <source>{0} — {1}</source>
      <translation>{0} — {1}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="181" />
      <source>Order {0} was already collected</source>
      <translation>Bestelling {0} werd al afgehaald</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="183" />
      <source>To pay: {0}</source>
      <translation>Te betalen: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="208" />
      <source>Crate {0} is not of order {1}</source>
      <translation>Krat {0} hoort niet bij bestelling {1}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="212" />
      <source>Scan a crate or an order slip here</source>
      <translation>Scan hier een krat of een bestelbon</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="220" />
      <source>Order {0} is for {1}, not today: check with the customer.</source>
      <translation>Bestelling {0} is voor {1}, niet voor vandaag: kijk het na met de klant.</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="235" />
      <source>handed over</source>
      <translation>overhandigd</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="235" />
      <source>not scanned</source>
      <translation>niet gescand</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="236" />
      <source>{0}  Crate {1}/{2}  {3}  — {4}</source>
      <translation>{0}  Krat {1}/{2}  {3}  — {4}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="256" />
      <source>Press again to hand it over anyway.</source>
      <translation>Druk nogmaals om ze toch mee te geven.</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="262" />
      <source>Missing crate(s): {0}. Press again to hand over anyway (it will be flagged)</source>
      <translation>Ontbrekende krat(ten): {0}. Druk opnieuw om toch te overhandigen (wordt gemeld)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="270" />
      <source>Order {0} delivered</source>
      <translation>Bestelling {0} geleverd</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="271" />
      <source> — missing crate(s) flagged: {0}</source>
      <translation> — ontbrekende krat(ten) gemeld: {0}</translation>
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
    <name>PinPanel</name>
    <message>
      <location filename="../../ui/counter/payment.py" line="234" />
      <source>OK</source>
      <translation>OK</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="238" />
      <source>Cancel</source>
      <translation>Annuleren</translation>
    </message>
  </context>
  <context>
    <name>Reasons</name>
    <message>
      <location filename="../../ui/packing/panels.py" line="32" />
      <source>Out of stock</source>
      <translation>Niet in voorraad</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="33" />
      <source>Damaged</source>
      <translation>Beschadigd</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="34" />
      <source>Not delivered by the producer</source>
      <translation>Niet geleverd door de producent</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="35" />
      <source>Quality not good enough</source>
      <translation>Onvoldoende kwaliteit</translation>
    </message>
  </context>
  <context>
    <name>Refusal</name>
    <message numerus="yes">
      <location filename="../../ui/refusals.py" line="27" />
      <source>%n crate(s) missing</source>
      <translation>
        <numerusform>%n krat ontbreekt</numerusform>
        <numerusform>%n kratten ontbreken</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../ui/refusals.py" line="30" />
      <source>%n order(s) still being packed</source>
      <translation>
        <numerusform>%n bestelling wordt nog verpakt</numerusform>
        <numerusform>%n bestellingen worden nog verpakt</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="33" />
      <source>{0} and {1}</source>
      <translation>{0} en {1}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="36" />
      <source>{0}: a supervisor must confirm the departure</source>
      <translation>{0}: een supervisor moet het vertrek bevestigen</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="43" />
      <source>Round {round} has already left</source>
      <translation>Ronde {round} is al vertrokken</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="45" />
      <source>Only a supervisor can let a round leave incomplete</source>
      <translation>Alleen een supervisor kan een onvolledige ronde laten vertrekken</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="46" />
      <source>Say why the crates stay behind</source>
      <translation>Zeg waarom de kratten achterblijven</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="47" />
      <source>That PIN is not a supervisor's.</source>
      <translation>Dat is geen pincode van een verantwoordelijke.</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="48" />
      <source>The cart is empty</source>
      <translation>Het winkelmandje is leeg</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="49" />
      <source>The sale is not fully paid</source>
      <translation>De verkoop is niet volledig betaald</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="50" />
      <source>No receipt {receipt} on register {register}</source>
      <translation>Geen kasticket {receipt} op kassa {register}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="51" />
      <source>Receipt {receipt} is itself a refund</source>
      <translation>Kasticket {receipt} is zelf een terugbetaling</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="52" />
      <source>The refund is not fully paid out</source>
      <translation>De terugbetaling is niet volledig uitbetaald</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="53" />
      <source>The register is closed: open it with a counted float first</source>
      <translation>De kassa is gesloten: open ze eerst met geteld wisselgeld</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="54" />
      <source>The float can't be negative</source>
      <translation>Het wisselgeld kan niet negatief zijn</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="55" />
      <source>Register {register} is already open</source>
      <translation>Kassa {register} is al open</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="56" />
      <source>Enter an amount</source>
      <translation>Geef een bedrag in</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="57" />
      <source>A cash movement needs a reason</source>
      <translation>Een kasbeweging heeft een reden nodig</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="58" />
      <source>No crate {crate}</source>
      <translation>Geen krat {crate}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="59" />
      <source>No order {order}</source>
      <translation>Geen bestelling {order}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="60" />
      <source>Order {order} was already collected</source>
      <translation>Bestelling {order} werd al afgehaald</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="61" />
      <source>Order {order} is cancelled</source>
      <translation>Bestelling {order} is geannuleerd</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="62" />
      <source>Crate {crate} is not of order {order}</source>
      <translation>Krat {crate} hoort niet bij bestelling {order}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="63" />
      <source>Scan the crates handed over</source>
      <translation>Scan de meegegeven kratten</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="64" />
      <source>The balance of the order is not paid</source>
      <translation>Het saldo van de bestelling is niet betaald</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="65" />
      <source>This store is not a depot store (run “cpdesk setup”)</source>
      <translation>Dit bestand is geen depotbestand (voer „cpdesk setup” uit)</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="66" />
      <source>Depot {depot} has no central database configured (run “cpdesk setup”)</source>
      <translation>Depot {depot} heeft geen centrale database ingesteld (voer „cpdesk setup” uit)</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="67" />
      <source>The central password of depot {depot} is missing ({where})</source>
      <translation>Het centrale wachtwoord van depot {depot} ontbreekt ({where})</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="68" />
      <source>No central database at {db}</source>
      <translation>Geen centrale database op {db}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="69" />
      <source>A discount is either a percentage or an amount</source>
      <translation>Een korting is een percentage of een bedrag</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="70" />
      <source>A discount can't exceed 100%</source>
      <translation>Een korting kan niet meer dan 100% zijn</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="71" />
      <source>Nothing to spread a discount over</source>
      <translation>Niets om een korting over te verdelen</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="72" />
      <source>{name} is sold by weight: weigh it or scan its weight label</source>
      <translation>{name} wordt per gewicht verkocht: weeg het of scan het gewichtsetiket</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="73" />
      <source>The quantity must be at least 1</source>
      <translation>De hoeveelheid moet minstens 1 zijn</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="74" />
      <source>{name} is sold per piece</source>
      <translation>{name} wordt per stuk verkocht</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="75" />
      <source>A weight comes from the scale or a barcode, never typed</source>
      <translation>Een gewicht komt van de weegschaal of een barcode, nooit getypt</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="76" />
      <source>No weight on the scale</source>
      <translation>Geen gewicht op de weegschaal</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="77" />
      <source>A weighed line's quantity comes from the scale</source>
      <translation>De hoeveelheid van een gewogen regel komt van de weegschaal</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="78" />
      <source>The quantity must be at least 1 (remove the line instead)</source>
      <translation>De hoeveelheid moet minstens 1 zijn (verwijder anders de regel)</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="79" />
      <source>A discount over {pct}% needs a supervisor</source>
      <translation>Een korting boven {pct}% vraagt een supervisor</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="80" />
      <source>The discount is more than the cart</source>
      <translation>De korting is groter dan het winkelmandje</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="81" />
      <source>No such line</source>
      <translation>Die regel bestaat niet</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="82" />
      <source>The amount must be between 0 and what is left to pay</source>
      <translation>Het bedrag moet tussen 0 en het resterende bedrag liggen</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="83" />
      <source>Enter the terminal's approval code</source>
      <translation>Geef de autorisatiecode van de terminal in</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="84" />
      <source>Enter the voucher number</source>
      <translation>Geef het nummer van de waardebon in</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="85" />
      <source>Nothing left to pay</source>
      <translation>Niets meer te betalen</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="86" />
      <source>The cash handed over is less than the amount due</source>
      <translation>Het ontvangen contant geld is minder dan het verschuldigde bedrag</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="87" />
      <source>Line {line} is not on the receipt</source>
      <translation>Regel {line} staat niet op het kasticket</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="88" />
      <source>At most {left} can be returned on line {line}</source>
      <translation>Hoogstens {left} kunnen worden teruggebracht op regel {line}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="89" />
      <source>Choose what is returned</source>
      <translation>Kies wat wordt teruggebracht</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="120" />
      <source>connected</source>
      <translation>verbonden</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="121" />
      <source>overload</source>
      <translation>overbelast</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="122" />
      <source>under zero</source>
      <translation>onder nul</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="123" />
      <source>no answer from the scale</source>
      <translation>de weegschaal antwoordt niet</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="124" />
      <source>simulated</source>
      <translation>gesimuleerd</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="131" />
      <source>unreadable bytes: check the line settings ({0} expected; {1})</source>
      <translation>onleesbare bytes: controleer de lijninstellingen ({0} verwacht; {1})</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="133" />
      <source>disconnected: {0}</source>
      <translation>losgekoppeld: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="134" />
      <source>error: {0}</source>
      <translation>fout: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="142" />
      <source>ready</source>
      <translation>klaar</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="142" />
      <source>waiting</source>
      <translation>wachtend</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="143" />
      <source>printing</source>
      <translation>afdrukken</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="143" />
      <source>failed</source>
      <translation>mislukt</translation>
    </message>
  </context>
  <context>
    <name>RegisterPanel</name>
    <message>
      <location filename="../../ui/counter/register.py" line="59" />
      <source>Counted cash, e.g. 150,00</source>
      <translation>Geteld contant geld, bv. 150,00</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="60" />
      <source>Open the register</source>
      <translation>Kassa openen</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="61" />
      <source>Close (Z report)</source>
      <translation>Afsluiten (Z-rapport)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="62" />
      <source>X report</source>
      <translation>X-rapport</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="64" />
      <location filename="../../ui/counter/register.py" line="96" />
      <source>Amount</source>
      <translation>Bedrag</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="66" />
      <source>Reason</source>
      <translation>Reden</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="67" />
      <source>Cash in</source>
      <translation>Geld in</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="68" />
      <source>Cash out</source>
      <translation>Geld uit</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="78" />
      <source>Register session</source>
      <translation>Kassasessie</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="91" />
      <source>Receipt number</source>
      <translation>Ticketnummer</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="92" />
      <source>Find the receipt</source>
      <translation>Kasticket zoeken</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="93" />
      <source>Reprint (copy)</source>
      <translation>Opnieuw afdrukken (kopie)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="96" />
      <source>Line</source>
      <translation>Lijn</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="96" />
      <source>Sold</source>
      <translation>Verkocht</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="96" />
      <source>Returned</source>
      <translation>Teruggebracht</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="102" />
      <source>Card approval code (card refund)</source>
      <translation>Goedkeuringscode (kaart)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="103" />
      <source>Refund in cash</source>
      <translation>Contant terugbetalen</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="104" />
      <source>Refund to card</source>
      <translation>Terugbetalen op kaart</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="110" />
      <source>Refund or reprint a receipt</source>
      <translation>Kasticket terugbetalen of opnieuw afdrukken</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="147" />
      <source>Register {0} is closed</source>
      <translation>Kassa {0} is gesloten</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="150" />
      <source>Register {0} open since {1} (session {2}, float {3})</source>
      <translation>Kassa {0} open sinds {1} (sessie {2}, wisselgeld {3})</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="166" />
      <source>Type an amount such as 150,00</source>
      <translation>Typ een bedrag zoals 150,00</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="189" />
      <source>Cash movement recorded</source>
      <translation>Kasbeweging geregistreerd</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="241" />
      <source>Type a receipt number</source>
      <translation>Typ een ticketnummer</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="301" />
      <source>Refund recorded: {0}</source>
      <translation>Terugbetaling geregistreerd: {0}</translation>
    </message>
  </context>
  <context>
    <name>StoreProblem</name>
    <message>
      <location filename="../../ui/failures.py" line="24" />
      <source>The disk is full: this was not saved (what the screen shows as done is saved). Free some disk space, then do it again.</source>
      <translation>De schijf is vol: dit werd niet opgeslagen (wat het scherm als gedaan toont, is opgeslagen). Maak ruimte vrij op de schijf en doe het dan opnieuw.</translation>
    </message>
    <message>
      <location filename="../../ui/failures.py" line="28" />
      <source>The depot's data file cannot be read or written: check the disk and the rights on the data folder, then start cpdesk again.</source>
      <translation>Het gegevensbestand van het depot kan niet gelezen of geschreven worden: controleer de schijf en de rechten op de gegevensmap en start cpdesk opnieuw.</translation>
    </message>
    <message>
      <location filename="../../ui/failures.py" line="32" />
      <source>The depot's data file is empty: its data is gone.</source>
      <translation>Het gegevensbestand van het depot is leeg: de gegevens zijn weg.</translation>
    </message>
    <message>
      <location filename="../../ui/failures.py" line="35" />
      <source>The depot's data file is not a cpdesk database: it was damaged or overwritten.</source>
      <translation>Het gegevensbestand van het depot is geen cpdesk-database: het werd beschadigd of overschreven.</translation>
    </message>
    <message>
      <location filename="../../ui/failures.py" line="39" />
      <source>The depot's data file is damaged.</source>
      <translation>Het gegevensbestand van het depot is beschadigd.</translation>
    </message>
    <message>
      <location filename="../../ui/failures.py" line="40" />
      <source>Stop working on this computer and have it restored from the centre with “cpdesk setup”: the depot's history comes back, the damaged file is kept aside.</source>
      <translation>Stop met werken op deze computer en laat hem herstellen vanuit de centrale met „cpdesk setup”: de geschiedenis van het depot komt terug, het beschadigde bestand wordt bewaard.</translation>
    </message>
  </context>
  <context>
    <name>Sync</name>
    <message>
      <location filename="../../ui/sync_status.py" line="41" />
      <source>not configured: {0}</source>
      <translation>niet ingesteld: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="43" />
      <source>starting…</source>
      <translation>opstarten…</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="46" />
      <source>syncing…</source>
      <translation>synchroniseren…</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="48" />
      <source>online</source>
      <translation>online</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="50" />
      <source>offline</source>
      <translation>offline</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="52" />
      <source>last {0}</source>
      <translation>laatste {0}</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="54" />
      <source>{0} waiting</source>
      <translation>{0} wachtend</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="56" />
      <source>{0} refused by the centre</source>
      <translation>{0} geweigerd door de centrale</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="63" />
      <source>held back at the centre: {0}</source>
      <translation>tegengehouden door de centrale: {0}</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="66" />
      <source>held back at the centre for {1}: {0}</source>
      <translation>tegengehouden door de centrale sinds {1}: {0}</translation>
    </message>
  </context>
</TS>