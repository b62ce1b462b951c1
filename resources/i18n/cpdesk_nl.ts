<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Something went wrong</source>
        <translation>Er ging iets mis</translation>
    </message>
    <message>
        <source>{0}

The details are in the log: {1}</source>
        <translation>{0}

De details staan in het logboek: {1}</translation>
    </message>
</context>
<context>
    <name>BoardModel</name>
    <message>
        <source>to pack</source>
        <translation>te verpakken</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>bezig</translation>
    </message>
    <message>
        <source>packed</source>
        <translation>verpakt</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>geleverd</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>geannuleerd</translation>
    </message>
    <message>
        <source>other depot</source>
        <translation>ander depot</translation>
    </message>
    <message>
        <source>changed centrally</source>
        <translation>centraal gewijzigd</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Bestelling</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Klant</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Gemeente</translation>
    </message>
    <message>
        <source>Zones</source>
        <translation>Zones</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Lijnen</translation>
    </message>
    <message>
        <source>Crates</source>
        <translation>Kratten</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Voortgang</translation>
    </message>
    <message>
        <source>driver: {0}</source>
        <translation>chauffeur: {0}</translation>
    </message>
    <message>
        <source>{0}/{1} orders packed</source>
        <translation>{0}/{1} bestellingen verpakt</translation>
    </message>
    <message>
        <source>{0}/{1} lines</source>
        <translation>{0}/{1} lijnen</translation>
    </message>
    <message numerus="yes">
        <source>%n crate(s)</source>
        <translation>
            <numerusform>%n krat</numerusform>
            <numerusform>%n kratten</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ {0} crates {1}/{2} places</source>
        <translation>⚠ kratten {0}: {1}/{2} plaatsen</translation>
    </message>
</context>
<context>
    <name>BoardWidget</name>
    <message>
        <source>Order, customer…</source>
        <translation>Bestelling, klant…</translation>
    </message>
    <message>
        <source>Search an order (number) or a customer (Ctrl+F)</source>
        <translation>Een bestelling (nummer) of een klant zoeken (Ctrl+F)</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>Vernieuwen (F5)</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Alle statussen</translation>
    </message>
    <message>
        <source>All zones</source>
        <translation>Alle zones</translation>
    </message>
    <message>
        <source>Ambient</source>
        <translation>Ambiant</translation>
    </message>
    <message>
        <source>Chilled</source>
        <translation>Gekoeld</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>Diepvries</translation>
    </message>
    <message>
        <source>All rounds</source>
        <translation>Alle rondes</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Laden…</translation>
    </message>
    <message numerus="yes">
        <source>%n round(s)</source>
        <translation>
            <numerusform>%n ronde</numerusform>
            <numerusform>%n rondes</numerusform>
        </translation>
    </message>
    <message>
        <source>{0}/{1} orders packed</source>
        <translation>{0}/{1} bestellingen verpakt</translation>
    </message>
    <message numerus="yes">
        <source>%n crate(s)</source>
        <translation>
            <numerusform>%n krat</numerusform>
            <numerusform>%n kratten</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not load the board: {0}</source>
        <translation>Het overzicht kon niet geladen worden: {0}</translation>
    </message>
    <message>
        <source>Delivery note {0}…</source>
        <translation>Leveringsbon {0}…</translation>
    </message>
    <message>
        <source>Crate labels of {0}…</source>
        <translation>Kratetiketten van {0}…</translation>
    </message>
    <message>
        <source>Van manifest {0}…</source>
        <translation>Rittenlijst {0}…</translation>
    </message>
    <message>
        <source>Pick list of round {0}…</source>
        <translation>Picklijst van ronde {0}…</translation>
    </message>
    <message>
        <source>Pick list of the day…</source>
        <translation>Picklijst van de dag…</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <source>Product</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>Qty / weight</source>
        <translation>Aantal / kg</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Prijs</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Korting</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Bedrag</translation>
    </message>
    <message>
        <source>weight from the {0}</source>
        <translation>gewicht van: {0}</translation>
    </message>
</context>
<context>
    <name>ChangePanel</name>
    <message>
        <source>Done, resolved</source>
        <translation>Klaar, opgelost</translation>
    </message>
    <message>
        <source>Order cancelled centrally</source>
        <translation>Bestelling centraal geannuleerd</translation>
    </message>
    <message>
        <source>Take everything out of its crates: {0}</source>
        <translation>Haal alles uit de kratten: {0}</translation>
    </message>
    <message>
        <source>Its crates are empty: nothing to take out</source>
        <translation>De kratten zijn leeg: niets uit te halen</translation>
    </message>
    <message>
        <source>Nothing more may be packed for this order.</source>
        <translation>Voor deze bestelling mag niets meer verpakt worden.</translation>
    </message>
    <message>
        <source>Order changed centrally</source>
        <translation>Bestelling centraal gewijzigd</translation>
    </message>
    <message>
        <source>New line, to pack: {0} × {1}</source>
        <translation>Nieuwe regel, te verpakken: {0} × {1}</translation>
    </message>
    <message>
        <source>More ordered, to pack: {0}: {1} → {2}</source>
        <translation>Meer besteld, te verpakken: {0}: {1} → {2}</translation>
    </message>
    <message>
        <source>When it is done, press “Done, resolved”.</source>
        <translation>Als het klaar is, druk op „Klaar, opgelost”.</translation>
    </message>
    <message>
        <source>Removed: {0}</source>
        <translation>Geschrapt: {0}</translation>
    </message>
    <message>
        <source>Reduced: {0}: {1} → {2}</source>
        <translation>Verminderd: {0}: {1} → {2}</translation>
    </message>
    <message>
        <source>nothing to take out</source>
        <translation>niets uit te halen</translation>
    </message>
    <message>
        <source>take {0} out of crate {1}</source>
        <translation>haal {0} uit krat {1}</translation>
    </message>
</context>
<context>
    <name>ChoicePanel</name>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Annuleren (Esc)</translation>
    </message>
</context>
<context>
    <name>CounterPins</name>
    <message>
        <source>Your PIN to serve at the counter</source>
        <translation>Uw pincode om aan de toonbank te bedienen</translation>
    </message>
    <message>
        <source>{0}: a supervisor&apos;s PIN is needed</source>
        <translation>{0}: pincode van een verantwoordelijke nodig</translation>
    </message>
    <message>
        <source>Unknown PIN</source>
        <translation>Onbekende pincode</translation>
    </message>
    <message>
        <source>That is not a supervisor&apos;s PIN</source>
        <translation>Geen pincode van een verantwoordelijke</translation>
    </message>
</context>
<context>
    <name>CounterWidget</name>
    <message>
        <source>Sale</source>
        <translation>Verkoop</translation>
    </message>
    <message>
        <source>Pick-up</source>
        <translation>Afhaling</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Kassa</translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation>Niemand aangemeld</translation>
    </message>
    <message>
        <source>Sign in (PIN)</source>
        <translation>Aanmelden (pincode)</translation>
    </message>
    <message>
        <source>Switch user (F12)</source>
        <translation>Andere gebruiker (F12)</translation>
    </message>
    <message>
        <source>Register {0}</source>
        <translation>Kassa {0}</translation>
    </message>
    <message>
        <source>Sign in with your PIN first</source>
        <translation>Meld u eerst aan met uw pincode</translation>
    </message>
    <message>
        <source>Scale: no reading</source>
        <translation>Weegschaal: geen meting</translation>
    </message>
    <message>
        <source>Take the weight</source>
        <translation>Gewicht nemen</translation>
    </message>
    <message>
        <source>Name, producer, code</source>
        <translation>Naam, producent, code</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>Lijn verwijderen</translation>
    </message>
    <message>
        <source>10% or 2,50</source>
        <translation>10% of 2,50</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>Korting lijn</translation>
    </message>
    <message>
        <source>Cart discount</source>
        <translation>Korting mandje</translation>
    </message>
    <message>
        <source>Cancel sale</source>
        <translation>Verkoop annuleren</translation>
    </message>
    <message>
        <source>/kg</source>
        <translation>/kg</translation>
    </message>
    <message>
        <source>A payment was taken: undo it before changing the cart</source>
        <translation>Er werd al betaald: maak de betaling ongedaan voor u het mandje wijzigt</translation>
    </message>
    <message>
        <source>{0}: this scale is not approved for trade; sell it by a weight label or on an approved scale</source>
        <translation>{0}: deze weegschaal is niet geijkt; verkoop het met een gewichtsetiket of op een geijkte weegschaal</translation>
    </message>
    <message>
        <source>{0}: waiting for a stable weight on the scale</source>
        <translation>{0}: wachten op een stabiel gewicht op de weegschaal</translation>
    </message>
    <message>
        <source>stable</source>
        <translation>stabiel</translation>
    </message>
    <message>
        <source>moving</source>
        <translation>beweegt</translation>
    </message>
    <message>
        <source>out of range</source>
        <translation>buiten bereik</translation>
    </message>
    <message>
        <source>Scale: {0} ({1})</source>
        <translation>Weegschaal: {0} ({1})</translation>
    </message>
    <message>
        <source>The catalogue is still loading</source>
        <translation>De catalogus wordt nog geladen</translation>
    </message>
    <message>
        <source>Unknown code {0}</source>
        <translation>Onbekende code {0}</translation>
    </message>
    <message>
        <source>Type 10% or an amount such as 2,50</source>
        <translation>Typ 10% of een bedrag zoals 2,50</translation>
    </message>
    <message>
        <source>discounts {0}</source>
        <translation>kortingen {0}</translation>
    </message>
    <message>
        <source>VAT {0}%: {1} of {2}</source>
        <translation>btw {0}%: {1} op {2}</translation>
    </message>
    <message>
        <source>Receipt {0} recorded. Change: {1}</source>
        <translation>Kasticket {0} geregistreerd. Terug: {1}</translation>
    </message>
</context>
<context>
    <name>DashboardStrip</name>
    <message>
        <source>{0}/{1} orders packed</source>
        <translation>{0}/{1} bestellingen verpakt</translation>
    </message>
    <message numerus="yes">
        <source>%n crate(s)</source>
        <translation>
            <numerusform>%n krat</numerusform>
            <numerusform>%n kratten</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync: {0}</source>
        <translation>Sync: {0}</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>demo</translation>
    </message>
    <message>
        <source>Scale: {0}</source>
        <translation>Weegschaal: {0}</translation>
    </message>
    <message>
        <source>Printers: {0}</source>
        <translation>Printers: {0}</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>klaar</translation>
    </message>
    <message>
        <source>Orders packed per hour</source>
        <translation>Bestellingen verpakt per uur</translation>
    </message>
    <message>
        <source>{0} facts refused by the centre: not delivered, sent again at each sync; a supervisor must settle them</source>
        <translation>{0} feiten geweigerd door de centrale: niet afgeleverd, bij elke sync opnieuw verstuurd; een verantwoordelijke moet ze afhandelen</translation>
    </message>
    <message>
        <source>{0} ({1}, {2}): {3}</source>
        <translation>{0} ({1}, {2}): {3}</translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation>… en nog {0}</translation>
    </message>
</context>
<context>
    <name>DayNavigator</name>
    <message>
        <source>No round on {0}: next day with rounds</source>
        <translation>Geen ronde op {0}: dit is de volgende dag met rondes</translation>
    </message>
    <message>
        <source>Previous day (Alt+←)</source>
        <translation>Vorige dag (Alt+←)</translation>
    </message>
    <message>
        <source>Next day (Alt+→)</source>
        <translation>Volgende dag (Alt+→)</translation>
    </message>
</context>
<context>
    <name>DemoScalePanel</name>
    <message>
        <source>Simulated scale (demo)</source>
        <translation>Gesimuleerde weegschaal (demo)</translation>
    </message>
    <message>
        <source>Moving</source>
        <translation>Beweegt</translation>
    </message>
    <message>
        <source>Overload</source>
        <translation>Overbelasting</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <source>Scale</source>
        <translation>Weegschaal</translation>
    </message>
    <message>
        <source>Label printer</source>
        <translation>Etikettenprinter</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Bonprinter</translation>
    </message>
    <message>
        <source>A4 printer</source>
        <translation>A4-printer</translation>
    </message>
    <message>
        <source>Scanner {0}</source>
        <translation>Scanner {0}</translation>
    </message>
    <message>
        <source>ready</source>
        <translatorcomment>A device&apos;s state after its name (Balance : fonctionne), not the printers&apos; &apos;ready&apos; (prêtes): no gender or number to agree with.</translatorcomment>
        <translation>werkt</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>niet ingesteld</translation>
    </message>
    <message>
        <source>overload</source>
        <translation>overbelast</translation>
    </message>
    <message>
        <source>under zero</source>
        <translation>onder nul</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>geen antwoord</translation>
    </message>
    <message>
        <source>unreadable bytes: check the line settings</source>
        <translation>onleesbare bytes: controleer de lijninstellingen</translation>
    </message>
    <message>
        <source>absent or unplugged ({0})</source>
        <translation>afwezig of losgekoppeld ({0})</translation>
    </message>
    <message>
        <source>disconnected ({0})</source>
        <translation>verbinding verbroken ({0})</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>onbereikbaar</translation>
    </message>
    <message>
        <source>does not answer</source>
        <translation>antwoordt niet</translation>
    </message>
    <message>
        <source>out of paper</source>
        <translation>papier op</translation>
    </message>
    <message>
        <source>stopped in CUPS</source>
        <translation>gestopt in CUPS</translation>
    </message>
    <message>
        <source>{0} since {1}</source>
        <translation>{0} sinds {1}</translation>
    </message>
</context>
<context>
    <name>DocumentPreview</name>
    <message>
        <source>Print…</source>
        <translation>Afdrukken…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Opslaan als pdf…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>The printer refused the job</source>
        <translation>De printer weigerde de afdruk</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Opslaan als pdf</translation>
    </message>
</context>
<context>
    <name>FirstStartWidget</name>
    <message>
        <source>The centre cannot be reached: check its address and port, and the network (the server may be down)</source>
        <translation>Het centrum is onbereikbaar: controleer adres en poort, en het netwerk (de server staat misschien uit)</translation>
    </message>
    <message>
        <source>The centre refused the login or its password: paste the credentials again (a new &apos;add-depot&apos; gives a new password)</source>
        <translation>Het centrum weigerde de gebruikersnaam of het wachtwoord: plak de inloggegevens opnieuw (een nieuwe &apos;add-depot&apos; geeft een nieuw wachtwoord)</translation>
    </message>
    <message>
        <source>The address demands an encrypted (TLS) connection but the centre does not offer one: check the sslmode in the address</source>
        <translation>Het adres eist een versleutelde (TLS) verbinding maar het centrum biedt die niet aan: controleer de sslmode in het adres</translation>
    </message>
    <message>
        <source>The centre&apos;s certificate is not trusted by this computer: install the centre&apos;s certificate authority, or check the centre&apos;s name</source>
        <translation>Deze computer vertrouwt het certificaat van het centrum niet: installeer de certificaatautoriteit van het centrum, of controleer de naam van het centrum</translation>
    </message>
    <message>
        <source>The centre has no such database: check the database name in the address</source>
        <translation>Het centrum heeft die database niet: controleer de naam in het adres</translation>
    </message>
    <message>
        <source>These credentials belong to another depot</source>
        <translation>Deze inloggegevens horen bij een ander depot</translation>
    </message>
    <message>
        <source>That is not a centre address (postgresql://user:password@host/database)</source>
        <translation>Dat is geen adres van een centrum (postgresql://gebruiker:wachtwoord@host/database)</translation>
    </message>
    <message>
        <source>The centre answered with an error</source>
        <translation>Het centrum antwoordde met een fout</translation>
    </message>
    <message>
        <source>Setting up this depot workstation</source>
        <translation>Deze depotwerkpost installeren</translation>
    </message>
    <message>
        <source>This computer has no depot store yet. Give the depot&apos;s code and the centre&apos;s credentials (as &apos;cpdesk central add-depot --json&apos; printed them: paste them or open the file), test the connection, then the first sync fills the store.</source>
        <translation>Deze computer heeft nog geen depotdatabase. Geef de depotcode en de inloggegevens van het centrum (zoals &apos;cpdesk central add-depot --json&apos; ze toonde: plak ze of open het bestand), test de verbinding, daarna vult de eerste synchronisatie de database.</translation>
    </message>
    <message>
        <source>Depot code</source>
        <translation>Depotcode</translation>
    </message>
    <message>
        <source>Centre address</source>
        <translation>Adres van het centrum</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Gebruikersnaam</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>PIN key (pin_pepper)</source>
        <translation>PIN-sleutel (pin_pepper)</translation>
    </message>
    <message>
        <source>Or paste the credentials (JSON)</source>
        <translation>Of plak de inloggegevens (JSON)</translation>
    </message>
    <message>
        <source>Open the credentials file…</source>
        <translation>Bestand met inloggegevens openen…</translation>
    </message>
    <message>
        <source>Test the connection</source>
        <translation>Verbinding testen</translation>
    </message>
    <message>
        <source>Set up and sync</source>
        <translation>Installeren en synchroniseren</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Hervatten</translation>
    </message>
    <message>
        <source>The first sync of depot {0} was not finished: resume it.</source>
        <translation>De eerste synchronisatie van depot {0} was niet klaar: hervat ze.</translation>
    </message>
    <message>
        <source>Credentials file</source>
        <translation>Bestand met inloggegevens</translation>
    </message>
    <message>
        <source>there is no such file</source>
        <translation>dit bestand bestaat niet</translation>
    </message>
    <message>
        <source>this user may not read it</source>
        <translation>deze gebruiker mag het niet lezen</translation>
    </message>
    <message>
        <source>it is not a text file</source>
        <translation>het is geen tekstbestand</translation>
    </message>
    <message>
        <source>Cannot read {0}: {1}</source>
        <translation>Kan {0} niet lezen: {1}</translation>
    </message>
    <message>
        <source>Give the depot code</source>
        <translation>Geef de depotcode</translation>
    </message>
    <message>
        <source>Give the centre&apos;s address, or paste the credentials</source>
        <translation>Geef het adres van het centrum, of plak de inloggegevens</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Verbinding wordt getest…</translation>
    </message>
    <message>
        <source>Connected: the centre knows depot {0}.</source>
        <translation>Verbonden: het centrum kent depot {0}.</translation>
    </message>
    <message>
        <source>First sync of depot {0}…</source>
        <translation>Eerste synchronisatie van depot {0}…</translation>
    </message>
    <message>
        <source>Depot {0} is ready.</source>
        <translation>Depot {0} is klaar.</translation>
    </message>
    <message>
        <source>Stopped. What was pulled is kept: resume when you want.</source>
        <translation>Gestopt. Wat binnengehaald is, blijft bewaard: hervat wanneer u wilt.</translation>
    </message>
    <message>
        <source>The first sync failed: {0}. What was pulled is kept: resume when the centre is back.</source>
        <translation>De eerste synchronisatie mislukte: {0}. Wat binnengehaald is, blijft bewaard: hervat wanneer het centrum terug is.</translation>
    </message>
    <message>
        <source>{0} / {1} changes</source>
        <translation>{0} / {1} wijzigingen</translation>
    </message>
</context>
<context>
    <name>Formats</name>
    <message>
        <source>en_BE</source>
        <comment>the locale of this language for money and dates: fr_BE, nl_BE or de_BE</comment>
        <translation>nl_BE</translation>
    </message>
</context>
<context>
    <name>HardwareSettingsDialog</name>
    <message>
        <source>Hardware</source>
        <translation>Apparatuur</translation>
    </message>
    <message>
        <source>Legal for trade (only stable readings are booked)</source>
        <translation>IJkwaardig (alleen stabiele wegingen worden geboekt)</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestopt</translation>
    </message>
    <message>
        <source>Port (URL)</source>
        <translation>Poort (URL)</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocol</translation>
    </message>
    <message>
        <source>Request (regex)</source>
        <translation>Verzoek (regex)</translation>
    </message>
    <message>
        <source>Pattern (regex)</source>
        <translation>Patroon (regex)</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Seriële lijn</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Instellingen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Meting</translation>
    </message>
    <message>
        <source>Raw bytes</source>
        <translation>Ruwe bytes</translation>
    </message>
    <message>
        <source>Live view</source>
        <translation>Live weergave</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Weegschaal</translation>
    </message>
    <message>
        <source>Print test page</source>
        <translation>Testpagina afdrukken</translation>
    </message>
    <message>
        <source>Printer (URL)</source>
        <translation>Printer (URL)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultaat</translation>
    </message>
    <message>
        <source>Cash drawer on the receipt printer</source>
        <translation>Kassalade aan de bonprinter</translation>
    </message>
    <message>
        <source>Receipt width (mm)</source>
        <translation>Breedte van de bonnen (mm)</translation>
    </message>
    <message>
        <source>Labels: dpi, size (mm)</source>
        <translation>Etiketten: dpi, grootte (mm)</translation>
    </message>
    <message>
        <source>CUPS queue name, or a folder for the PDFs</source>
        <translation>naam van de CUPS-wachtrij, of een map voor de pdf&apos;s</translation>
    </message>
    <message>
        <source>A4 printer</source>
        <translation>A4-printer</translation>
    </message>
    <message>
        <source>Save to the station file</source>
        <translation>Opslaan in het werkpostbestand</translation>
    </message>
    <message>
        <source>Scanners</source>
        <translation>Scanners</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>Printers</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>Niet opgeslagen: {0}</translation>
    </message>
    <message>
        <source>Saved in {0}; in use as soon as this window is closed.</source>
        <translation>Opgeslagen in {0}; in gebruik zodra dit venster sluit.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>printing…</source>
        <translation>afdrukken…</translation>
    </message>
    <message>
        <source>overload</source>
        <translation>overbelasting</translation>
    </message>
    <message>
        <source>under zero</source>
        <translation>onder nul</translation>
    </message>
    <message>
        <source>moving (no weight)</source>
        <translation>beweegt (geen gewicht)</translation>
    </message>
    <message>
        <source>net</source>
        <translation>netto</translation>
    </message>
    <message>
        <source>gross</source>
        <translation>bruto</translation>
    </message>
    <message>
        <source>stable</source>
        <translation>stabiel</translation>
    </message>
    <message>
        <source>moving</source>
        <translation>beweegt</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>near end</source>
        <translation>bijna op</translation>
    </message>
    <message>
        <source>out</source>
        <translation>op</translation>
    </message>
    <message>
        <source>printed ({0} paper)</source>
        <translation>afgedrukt (papier: {0})</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <source>{0} {1} {2}</source>
        <comment>a weight in grams, net or gross, stable or moving</comment>
        <translation>{0} {1} {2}</translation>
    </message>
    <message>
        <source>paper near end</source>
        <translation>papier bijna op</translation>
    </message>
    <message>
        <source>failed: {0}</source>
        <translation>mislukt: {0}</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>onbekende fout</translation>
    </message>
</context>
<context>
    <name>HourChart</name>
    <message>
        <source>Orders packed per hour</source>
        <translation>Bestellingen verpakt per uur</translation>
    </message>
</context>
<context>
    <name>Loading</name>
    <message>
        <source>on the van</source>
        <translation>in de bestelwagen</translation>
    </message>
    <message>
        <source>to load</source>
        <translation>te laden</translation>
    </message>
    <message>
        <source>still at its depot</source>
        <translation>nog in zijn depot</translation>
    </message>
    <message>
        <source>in transit</source>
        <translation>onderweg</translation>
    </message>
    <message>
        <source>at the wrong depot!</source>
        <translation>in het verkeerde depot!</translation>
    </message>
    <message>
        <source>being packed</source>
        <translation>wordt verpakt</translation>
    </message>
</context>
<context>
    <name>LoadingWidget</name>
    <message>
        <source>Stop / crate</source>
        <translation>Stop / krat</translation>
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
        <translation>Waar</translation>
    </message>
    <message>
        <source>Mark departed (F9)</source>
        <translation>Vertrek melden (F9)</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>Pincode van de verantwoordelijke</translation>
    </message>
    <message>
        <source>producer delivery late</source>
        <translation>levering van de producent te laat</translation>
    </message>
    <message>
        <source>crate damaged</source>
        <translation>krat beschadigd</translation>
    </message>
    <message>
        <source>customer will collect at the depot</source>
        <translation>klant haalt af in het depot</translation>
    </message>
    <message>
        <source>Leave without them</source>
        <translation>Vertrekken zonder</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Scan: load the van</source>
        <translation>Scan: bestelwagen laden</translation>
    </message>
    <message>
        <source>Scan: take off the van</source>
        <translation>Scan: uit de bestelwagen halen</translation>
    </message>
    <message>
        <source>Scan: send to another depot</source>
        <translation>Scan: naar een ander depot sturen</translation>
    </message>
    <message>
        <source>Scan: receive from another depot</source>
        <translation>Scan: ontvangen van een ander depot</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Ronde</translation>
    </message>
    <message>
        <source>No round leaves from this depot on {0}</source>
        <translation>Op {0} vertrekt geen ronde uit dit depot</translation>
    </message>
    <message>
        <source>departed</source>
        <translation>vertrokken</translation>
    </message>
    <message>
        <source>loading</source>
        <translation>wordt geladen</translation>
    </message>
    <message>
        <source>{0} · {1} · {2}/{3} crates on the van · {4}</source>
        <translation>{0} · {1} · {2}/{3} kratten in de bestelwagen · {4}</translation>
    </message>
    <message>
        <source>Too many {0} crates: {1} for {2} places</source>
        <translation>Te veel kratten {0}: {1} voor {2} plaatsen</translation>
    </message>
    <message>
        <source>Stop {0} — {1}, {2}</source>
        <translation>Stop {0} — {1}, {2}</translation>
    </message>
    <message>
        <source>{0}: still being packed</source>
        <translation>{0}: wordt nog verpakt</translation>
    </message>
    <message>
        <source>Choose a round and sign in before scanning crates</source>
        <translation>Kies een ronde en meld u aan voor u kratten scant</translation>
    </message>
    <message>
        <source>Round {0} has left.</source>
        <translation>Ronde {0} is vertrokken.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>cpdesk — {0} depot</source>
        <translation>cpdesk — depot {0}</translation>
    </message>
    <message>
        <source>Depot {0}</source>
        <translation>Depot {0}</translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation>Niemand aangemeld</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Nu synchroniseren</translation>
    </message>
    <message>
        <source>Devices: simulated</source>
        <translation>Toestellen: gesimuleerd</translation>
    </message>
    <message>
        <source>Sign in: enter your PIN</source>
        <translation>Aanmelden: geef uw pincode in</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>demo</translation>
    </message>
    <message>
        <source>Scale: {0}</source>
        <translation>Weegschaal: {0}</translation>
    </message>
    <message>
        <source>Sync: {0}</source>
        <translation>Sync: {0}</translation>
    </message>
    <message>
        <source>Board (Ctrl+1)</source>
        <translation>Overzicht (Ctrl+1)</translation>
    </message>
    <message>
        <source>Signed in: {0}</source>
        <translation>Aangemeld: {0}</translation>
    </message>
    <message>
        <source>Switch user (F12)</source>
        <translation>Andere gebruiker (F12)</translation>
    </message>
    <message>
        <source>Counter (Ctrl+2)</source>
        <translation>Toonbank (Ctrl+2)</translation>
    </message>
    <message>
        <source>Loading (Ctrl+3)</source>
        <translation>Laden (Ctrl+3)</translation>
    </message>
    <message>
        <source>Hardware…</source>
        <translation>Apparatuur…</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>gesimuleerd</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>niet ingesteld</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>Unknown PIN</source>
        <translation>Onbekende pincode</translation>
    </message>
    <message>
        <source>Scan an order slip or a crate to open an order</source>
        <translation>Scan een bestelbon of een krat om een bestelling te openen</translation>
    </message>
    <message>
        <source>Sign in first</source>
        <translation>Meld u eerst aan</translation>
    </message>
</context>
<context>
    <name>ManualWeightPanel</name>
    <message>
        <source>Manual weight (supervisor): weight in grams</source>
        <translation>Manueel gewicht (verantwoordelijke): gewicht in gram</translation>
    </message>
    <message>
        <source>Record weight</source>
        <translation>Gewicht registreren</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Annuleren (Esc)</translation>
    </message>
</context>
<context>
    <name>OrderView</name>
    <message>
        <source>round {0}, stop {1}</source>
        <translation>ronde {0}, stop {1}</translation>
    </message>
    <message>
        <source>{0}/{1} lines</source>
        <translation>{0}/{1} lijnen</translation>
    </message>
    <message>
        <source>PACKED</source>
        <translation>VERPAKT</translation>
    </message>
    <message>
        <source>This order was cancelled: do not pack it.</source>
        <translation>Deze bestelling werd geannuleerd: niet verpakken.</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>Producer</source>
        <translation>Producent</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>Besteld</translation>
    </message>
    <message>
        <source>Packed</source>
        <translation>Verpakt</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Bedrag</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>crate {0}, items: {1}</source>
        <translation>krat {0}, artikels: {1}</translation>
    </message>
    <message>
        <source>no open crate</source>
        <translation>geen open krat</translation>
    </message>
    <message>
        <source>removed: take out</source>
        <translation>geschrapt: uithalen</translation>
    </message>
    <message>
        <source>{0} open, items: {1}</source>
        <translation>{0} open, artikels: {1}</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <comment>a temperature zone: its crates</comment>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>{0} closed</source>
        <translation>{0} gesloten</translation>
    </message>
</context>
<context>
    <name>PackingScreen</name>
    <message>
        <source>to pack</source>
        <translation>te verpakken</translation>
    </message>
    <message>
        <source>partly packed</source>
        <translation>gedeeltelijk</translation>
    </message>
    <message>
        <source>packed</source>
        <translation>verpakt</translation>
    </message>
    <message>
        <source>out of tolerance</source>
        <translation>buiten tolerantie</translation>
    </message>
    <message>
        <source>short</source>
        <translation>tekort</translation>
    </message>
    <message>
        <source>substituted</source>
        <translation>vervangen</translation>
    </message>
    <message>
        <source>removed from the order</source>
        <translation>uit de bestelling geschrapt</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Geweigerd</translation>
    </message>
</context>
<context>
    <name>PackingWidget</name>
    <message>
        <source>◀ Board (Esc)</source>
        <translation>◀ Overzicht (Esc)</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Weegschaal</translation>
    </message>
    <message>
        <source>Crates</source>
        <translation>Kratten</translation>
    </message>
    <message>
        <source>Take weight (Space)</source>
        <translation>Gewicht nemen (Spatie)</translation>
    </message>
    <message>
        <source>+1 piece</source>
        <translation>+1 stuk</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>Tekort</translation>
    </message>
    <message>
        <source>Substitute</source>
        <translation>Vervangen</translation>
    </message>
    <message>
        <source>New crate</source>
        <translation>Nieuwe krat</translation>
    </message>
    <message>
        <source>Close crate</source>
        <translation>Krat sluiten</translation>
    </message>
    <message>
        <source>Take out</source>
        <translation>Uitnemen</translation>
    </message>
    <message>
        <source>Move to crate</source>
        <translation>Naar krat verplaatsen</translation>
    </message>
    <message>
        <source>Manual weight</source>
        <translation>Manueel gewicht</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Ongedaan maken</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>Pincode van de verantwoordelijke</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>Niet opgeslagen: {0}</translation>
    </message>
    <message>
        <source>Sign in first</source>
        <translation>Meld u eerst aan</translation>
    </message>
    <message>
        <source>Order {0} opened: scan the products</source>
        <translation>Bestelling {0} geopend: scan de producten</translation>
    </message>
    <message>
        <source>This product is on several lines: which one?</source>
        <translation>Dit product staat op meerdere lijnen: welke?</translation>
    </message>
    <message>
        <source>{0}: put it on the scale, then Space</source>
        <translation>{0}: leg het op de weegschaal, dan Spatie</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <comment>a product: what is packed of it</comment>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>Select a line first</source>
        <translation>Kies eerst een lijn</translation>
    </message>
    <message>
        <source>Short: why can&apos;t {0} be packed?</source>
        <translation>Tekort: waarom kan {0} niet verpakt worden?</translation>
    </message>
    <message>
        <source>Substitute: why is {0} replaced?</source>
        <translation>Vervanging: waarom wordt {0} vervangen?</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>Ongedaan gemaakt</translation>
    </message>
    <message>
        <source>New crate {0} ({1})</source>
        <translation>Nieuwe krat {0} ({1})</translation>
    </message>
    <message>
        <source>No open crate in this zone</source>
        <translation>Geen open krat in deze zone</translation>
    </message>
    <message>
        <source>Crate {0} closed: label printed</source>
        <translation>Krat {0} gesloten: etiket afgedrukt</translation>
    </message>
    <message>
        <source>Item taken out of its crate</source>
        <translation>Artikel uit de krat genomen</translation>
    </message>
    <message>
        <source>Open a new crate first (F6), then move</source>
        <translation>Open eerst een nieuwe krat (F6), verplaats dan</translation>
    </message>
    <message>
        <source>Item moved to crate {0}</source>
        <translation>Artikel verplaatst naar krat {0}</translation>
    </message>
    <message>
        <source>Change resolved</source>
        <translation>Wijziging opgelost</translation>
    </message>
    <message>
        <source>Order {0} packed: {1} crate labels printed</source>
        <translation>Bestelling {0} verpakt: {1} kratetiketten afgedrukt</translation>
    </message>
</context>
<context>
    <name>PaymentPanel</name>
    <message>
        <source>Amount (empty: all that is left)</source>
        <translation>Bedrag (leeg: alles wat overblijft)</translation>
    </message>
    <message>
        <source>Approval code / voucher number</source>
        <translation>Goedkeuringscode / bonnummer</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Contant</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Kaart</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>Bon</translation>
    </message>
    <message>
        <source>Undo payment</source>
        <translation>Betaling ongedaan maken</translation>
    </message>
    <message>
        <source>Left to pay: {0}</source>
        <translation>Nog te betalen: {0}</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>contant</translation>
    </message>
    <message>
        <source>card</source>
        <translation>kaart</translation>
    </message>
    <message>
        <source>voucher</source>
        <translation>bon</translation>
    </message>
    <message>
        <source>rounding</source>
        <translation>afronding</translation>
    </message>
    <message>
        <source>Change: {0}</source>
        <translation>Terug te geven: {0}</translation>
    </message>
    <message>
        <source>Type an amount such as 12,50</source>
        <translation>Typ een bedrag zoals 12,50</translation>
    </message>
</context>
<context>
    <name>PickupPanel</name>
    <message>
        <source>Find</source>
        <translation>Zoeken</translation>
    </message>
    <message>
        <source>No order</source>
        <translation>Geen bestelling</translation>
    </message>
    <message>
        <source>Hand over and mark delivered</source>
        <translation>Overhandigen: geleverd</translation>
    </message>
    <message>
        <source>to hand over</source>
        <translation>mee te geven</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>geleverd</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>geannuleerd</translation>
    </message>
    <message>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <source>Order {0} was already collected</source>
        <translation>Bestelling {0} werd al afgehaald</translation>
    </message>
    <message>
        <source>To pay: {0}</source>
        <translation>Te betalen: {0}</translation>
    </message>
    <message>
        <source>Customer or order number</source>
        <translation>Klant of bestelnummer</translation>
    </message>
    <message>
        <source>Crate {0} is not of order {1}</source>
        <translation>Krat {0} hoort niet bij bestelling {1}</translation>
    </message>
    <message>
        <source>Scan a crate or an order slip here</source>
        <translation>Scan hier een krat of een bestelbon</translation>
    </message>
    <message>
        <source>Order {0} is for {1}, not today: check with the customer.</source>
        <translation>Bestelling {0} is voor {1}, niet voor vandaag: kijk het na met de klant.</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>overhandigd</translation>
    </message>
    <message>
        <source>not scanned</source>
        <translation>niet gescand</translation>
    </message>
    <message>
        <source>{0}  Crate {1}/{2}  {3}  — {4}</source>
        <translation>{0}  Krat {1}/{2}  {3}  — {4}</translation>
    </message>
    <message>
        <source>Press again to hand it over anyway.</source>
        <translation>Druk nogmaals om ze toch mee te geven.</translation>
    </message>
    <message>
        <source>Missing crate(s): {0}. Press again to hand over anyway (it will be flagged)</source>
        <translation>Ontbrekende krat(ten): {0}. Druk opnieuw om toch te overhandigen (wordt gemeld)</translation>
    </message>
    <message>
        <source>Order {0} delivered</source>
        <translation>Bestelling {0} geleverd</translation>
    </message>
    <message>
        <source> — missing crate(s) flagged: {0}</source>
        <translation> — ontbrekende krat(ten) gemeld: {0}</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Enter your PIN</source>
        <translation>Geef uw pincode in</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Wissen</translation>
    </message>
    <message>
        <source>OK (Enter)</source>
        <translation>OK (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Annuleren (Esc)</translation>
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
        <translation>Annuleren</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>Out of stock</source>
        <translation>Niet in voorraad</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>Beschadigd</translation>
    </message>
    <message>
        <source>Not delivered by the producer</source>
        <translation>Niet geleverd door de producent</translation>
    </message>
    <message>
        <source>Quality not good enough</source>
        <translation>Onvoldoende kwaliteit</translation>
    </message>
</context>
<context>
    <name>ReceiptPrinting</name>
    <message>
        <source>No receipt printer: receipt saved as {0}</source>
        <translation>Geen ticketprinter: kasticket bewaard als {0}</translation>
    </message>
</context>
<context>
    <name>Refusal</name>
    <message numerus="yes">
        <source>%n crate(s) missing</source>
        <translation>
            <numerusform>%n krat ontbreekt</numerusform>
            <numerusform>%n kratten ontbreken</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) still being packed</source>
        <translation>
            <numerusform>%n bestelling wordt nog verpakt</numerusform>
            <numerusform>%n bestellingen worden nog verpakt</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} and {1}</source>
        <translation>{0} en {1}</translation>
    </message>
    <message>
        <source>{0}: a supervisor must confirm the departure</source>
        <translation>{0}: een supervisor moet het vertrek bevestigen</translation>
    </message>
    <message>
        <source>Unknown crate {crate}</source>
        <translation>Onbekend krat {crate}</translation>
    </message>
    <message>
        <source>Round {round} has already left</source>
        <translation>Ronde {round} is al vertrokken</translation>
    </message>
    <message>
        <source>Crate {crate} belongs to round {other}, stop {other_stop}, not to {round}</source>
        <translation>Krat {crate} hoort bij ronde {other}, stop {other_stop}, niet bij {round}</translation>
    </message>
    <message>
        <source>Crate {crate} is still open: close it at packing first</source>
        <translation>Krat {crate} is nog open: sluit het eerst bij het verpakken</translation>
    </message>
    <message>
        <source>Crate {crate} is already on the van</source>
        <translation>Krat {crate} staat al in de bestelwagen</translation>
    </message>
    <message>
        <source>Crate {crate} loaded for stop {stop}</source>
        <translation>Krat {crate} geladen voor stop {stop}</translation>
    </message>
    <message>
        <source>Crate {crate} taken off the van</source>
        <translation>Krat {crate} uit de bestelwagen gehaald</translation>
    </message>
    <message>
        <source>Crate {crate} has no round</source>
        <translation>Krat {crate} heeft geen ronde</translation>
    </message>
    <message>
        <source>Crate {crate} was packed at {depot}, not here</source>
        <translation>Krat {crate} werd in {depot} verpakt, niet hier</translation>
    </message>
    <message>
        <source>Crate {crate} leaves for {depot} (round {round})</source>
        <translation>Krat {crate} vertrekt naar {depot} (ronde {round})</translation>
    </message>
    <message>
        <source>Crate {crate} arrived at the wrong depot: its round {round} leaves from {depot}</source>
        <translation>Krat {crate} in het verkeerde depot: ronde {round} vertrekt uit {depot}</translation>
    </message>
    <message>
        <source>Crate {crate} received for round {round}</source>
        <translation>Krat {crate} ontvangen voor ronde {round}</translation>
    </message>
    <message>
        <source>Only a supervisor can let a round leave incomplete</source>
        <translation>Alleen een supervisor kan een onvolledige ronde laten vertrekken</translation>
    </message>
    <message>
        <source>Say why the crates stay behind</source>
        <translation>Zeg waarom de kratten achterblijven</translation>
    </message>
    <message>
        <source>That PIN is not a supervisor&apos;s.</source>
        <translation>Dat is geen pincode van een verantwoordelijke.</translation>
    </message>
    <message>
        <source>Misread barcode (bad check digit): scan it again</source>
        <translation>Barcode verkeerd gelezen (foutief controlecijfer): scan opnieuw</translation>
    </message>
    <message>
        <source>Unknown code</source>
        <translation>Onbekende code</translation>
    </message>
    <message>
        <source>This barcode is not in the catalogue</source>
        <translation>Deze barcode staat niet in de catalogus</translation>
    </message>
    <message>
        <source>This product is not in this order</source>
        <translation>Dit product hoort niet bij deze bestelling</translation>
    </message>
    <message>
        <source>This product is packed by another depot</source>
        <translation>Dit product wordt door een ander depot verpakt</translation>
    </message>
    <message>
        <source>This line is already complete</source>
        <translation>Deze lijn is al volledig</translation>
    </message>
    <message>
        <source>This line is already packed in full: take an item out first (F8)</source>
        <translation>Deze lijn is al volledig ingepakt: neem eerst een artikel uit (F8)</translation>
    </message>
    <message>
        <source>This line is already resolved</source>
        <translation>Deze lijn is al afgehandeld</translation>
    </message>
    <message>
        <source>This order is cancelled or delivered</source>
        <translation>Deze bestelling is geannuleerd of geleverd</translation>
    </message>
    <message>
        <source>No such order</source>
        <translation>Bestelling niet gevonden</translation>
    </message>
    <message>
        <source>This product is sold per piece, not weighed</source>
        <translation>Dit product wordt per stuk verkocht, niet gewogen</translation>
    </message>
    <message>
        <source>The weight must be above zero</source>
        <translation>Het gewicht moet groter zijn dan nul</translation>
    </message>
    <message>
        <source>A supervisor must confirm this</source>
        <translation>Een verantwoordelijke moet dit bevestigen</translation>
    </message>
    <message>
        <source>This crate is closed</source>
        <translation>Deze krat is gesloten</translation>
    </message>
    <message>
        <source>Wrong temperature zone for this crate</source>
        <translation>Verkeerde temperatuurzone voor deze krat</translation>
    </message>
    <message>
        <source>This crate belongs to another order</source>
        <translation>Deze krat hoort bij een andere bestelling</translation>
    </message>
    <message>
        <source>This crate is empty</source>
        <translation>Deze krat is leeg</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Niets om ongedaan te maken</translation>
    </message>
    <message>
        <source>This weight is within tolerance</source>
        <translation>Dit gewicht valt binnen de tolerantie</translation>
    </message>
    <message>
        <source>Choose a reason from the list</source>
        <translation>Kies een reden uit de lijst</translation>
    </message>
    <message>
        <source>No item to take out</source>
        <translation>Geen artikel om uit te nemen</translation>
    </message>
    <message>
        <source>Order cancelled centrally: nothing more may be packed. Take its items out of the crates, then press “Done, resolved”</source>
        <translation>Bestelling centraal geannuleerd: niets meer verpakken. Haal de artikelen uit de kratten en druk dan op „Klaar, opgelost”</translation>
    </message>
    <message>
        <source>Nothing left to resolve for this order</source>
        <translation>Niets meer op te lossen voor deze bestelling</translation>
    </message>
    <message>
        <source>The cart is empty</source>
        <translation>Het winkelmandje is leeg</translation>
    </message>
    <message>
        <source>The sale is not fully paid</source>
        <translation>De verkoop is niet volledig betaald</translation>
    </message>
    <message>
        <source>No receipt {receipt} on register {register}</source>
        <translation>Geen kasticket {receipt} op kassa {register}</translation>
    </message>
    <message>
        <source>Receipt {receipt} is itself a refund</source>
        <translation>Kasticket {receipt} is zelf een terugbetaling</translation>
    </message>
    <message>
        <source>The refund is not fully paid out</source>
        <translation>De terugbetaling is niet volledig uitbetaald</translation>
    </message>
    <message>
        <source>The register is closed: open it with a counted float first</source>
        <translation>De kassa is gesloten: open ze eerst met geteld wisselgeld</translation>
    </message>
    <message>
        <source>The float can&apos;t be negative</source>
        <translation>Het wisselgeld kan niet negatief zijn</translation>
    </message>
    <message>
        <source>Register {register} is already open</source>
        <translation>Kassa {register} is al open</translation>
    </message>
    <message>
        <source>Enter an amount</source>
        <translation>Geef een bedrag in</translation>
    </message>
    <message>
        <source>A cash movement needs a reason</source>
        <translation>Een kasbeweging heeft een reden nodig</translation>
    </message>
    <message>
        <source>No crate {crate}</source>
        <translation>Geen krat {crate}</translation>
    </message>
    <message>
        <source>No order {order}</source>
        <translation>Geen bestelling {order}</translation>
    </message>
    <message>
        <source>No round {round}</source>
        <translation>Geen ronde {round}</translation>
    </message>
    <message>
        <source>No depot {depot}</source>
        <translation>Geen depot {depot}</translation>
    </message>
    <message>
        <source>No register session {session}</source>
        <translation>Geen kassasessie {session}</translation>
    </message>
    <message>
        <source>Order {order} was already collected</source>
        <translation>Bestelling {order} werd al afgehaald</translation>
    </message>
    <message>
        <source>Order {order} is cancelled</source>
        <translation>Bestelling {order} is geannuleerd</translation>
    </message>
    <message>
        <source>Crate {crate} is not of order {order}</source>
        <translation>Krat {crate} hoort niet bij bestelling {order}</translation>
    </message>
    <message>
        <source>Scan the crates handed over</source>
        <translation>Scan de meegegeven kratten</translation>
    </message>
    <message>
        <source>The balance of the order is not paid</source>
        <translation>Het saldo van de bestelling is niet betaald</translation>
    </message>
    <message>
        <source>This store is not a depot store (run “cpdesk setup”)</source>
        <translation>Dit bestand is geen depotbestand (voer „cpdesk setup” uit)</translation>
    </message>
    <message>
        <source>The depot&apos;s data were written by a newer version of cpdesk (schema {schema}): install that version or a newer one. The data are left as they were.</source>
        <translation>De gegevens van het depot zijn geschreven door een nieuwere versie van cpdesk (schema {schema}): installeer die versie of een nieuwere. De gegevens blijven zoals ze waren.</translation>
    </message>
    <message>
        <source>Depot {depot} has no central database configured (run “cpdesk setup”)</source>
        <translation>Depot {depot} heeft geen centrale database ingesteld (voer „cpdesk setup” uit)</translation>
    </message>
    <message>
        <source>The central password of depot {depot} is missing ({where})</source>
        <translation>Het centrale wachtwoord van depot {depot} ontbreekt ({where})</translation>
    </message>
    <message>
        <source>No central database at {db}</source>
        <translation>Geen centrale database op {db}</translation>
    </message>
    <message>
        <source>The pasted credentials are not valid JSON ({detail}, line {line})</source>
        <translation>De geplakte inloggegevens zijn geen geldige JSON ({detail}, regel {line})</translation>
    </message>
    <message>
        <source>The credentials need “depot” and “url” (the output of “cpdesk central add-depot CODE --json”)</source>
        <translation>De inloggegevens moeten “depot” en “url” bevatten (de uitvoer van “cpdesk central add-depot CODE --json”)</translation>
    </message>
    <message>
        <source>These credentials are for depot {other}, not {depot}</source>
        <translation>Deze inloggegevens zijn voor depot {other}, niet voor {depot}</translation>
    </message>
    <message>
        <source>Give the depot code with a centre address</source>
        <translation>Geef de depotcode bij een adres van de centrale</translation>
    </message>
    <message>
        <source>That is not a centre address (postgresql://user:password@host/database)</source>
        <translation>Dat is geen adres van de centrale (postgresql://gebruiker:wachtwoord@host/database)</translation>
    </message>
    <message>
        <source>The credentials need the depot&apos;s PIN key (“pin_pepper”, printed by &apos;cpdesk central add-depot CODE --json&apos;): without it nobody can sign in</source>
        <translation>De inloggegevens hebben de PIN-sleutel van het depot nodig (“pin_pepper”, getoond door &apos;cpdesk central add-depot CODE --json&apos;): zonder die kan niemand zich aanmelden</translation>
    </message>
    <message>
        <source>The PIN key (“pin_pepper”) is 64 hexadecimal digits, as &apos;cpdesk central add-depot&apos; prints it</source>
        <translation>De PIN-sleutel (“pin_pepper”) bestaat uit 64 hexadecimale cijfers, zoals &apos;cpdesk central add-depot&apos; hem toont</translation>
    </message>
    <message>
        <source>The credentials&apos; “ca” is no PEM certificate (as &apos;cpdesk central add-depot --ca CA.pem&apos; puts it)</source>
        <translation>De “ca” van de inloggegevens is geen PEM-certificaat (zoals &apos;cpdesk central add-depot --ca CA.pem&apos; het erin zet)</translation>
    </message>
    <message>
        <source>Too many wrong PINs: sign-in is locked until {until}</source>
        <translation>Te veel foute pincodes: aanmelden is geblokkeerd tot {until}</translation>
    </message>
    <message>
        <source>The regex protocol needs a reply pattern (and usually a request)</source>
        <translation>Het regex-protocol vraagt een antwoordpatroon (en meestal een verzoek)</translation>
    </message>
    <message>
        <source>The reply pattern is not a valid regular expression ({detail})</source>
        <translation>Het antwoordpatroon is geen geldige reguliere expressie ({detail})</translation>
    </message>
    <message>
        <source>The reply pattern needs a (?P&lt;weight&gt;...) group</source>
        <translation>Het antwoordpatroon heeft een groep (?P&lt;weight&gt;...) nodig</translation>
    </message>
    <message>
        <source>Unknown scale protocol {name} (known: {known})</source>
        <translation>Onbekend weegschaalprotocol {name} (bekend: {known})</translation>
    </message>
    <message>
        <source>A discount is either a percentage or an amount</source>
        <translation>Een korting is een percentage of een bedrag</translation>
    </message>
    <message>
        <source>A discount can&apos;t exceed 100%</source>
        <translation>Een korting kan niet meer dan 100% zijn</translation>
    </message>
    <message>
        <source>Nothing to spread a discount over</source>
        <translation>Niets om een korting over te verdelen</translation>
    </message>
    <message>
        <source>{name} is sold by weight: weigh it or scan its weight label</source>
        <translation>{name} wordt per gewicht verkocht: weeg het of scan het gewichtsetiket</translation>
    </message>
    <message>
        <source>The quantity must be at least 1</source>
        <translation>De hoeveelheid moet minstens 1 zijn</translation>
    </message>
    <message>
        <source>{name} is sold per piece</source>
        <translation>{name} wordt per stuk verkocht</translation>
    </message>
    <message>
        <source>A weight comes from the scale or a barcode, never typed</source>
        <translation>Een gewicht komt van de weegschaal of een barcode, nooit getypt</translation>
    </message>
    <message>
        <source>No weight on the scale</source>
        <translation>Geen gewicht op de weegschaal</translation>
    </message>
    <message>
        <source>A weighed line&apos;s quantity comes from the scale</source>
        <translation>De hoeveelheid van een gewogen regel komt van de weegschaal</translation>
    </message>
    <message>
        <source>The quantity must be at least 1 (remove the line instead)</source>
        <translation>De hoeveelheid moet minstens 1 zijn (verwijder anders de regel)</translation>
    </message>
    <message>
        <source>A discount over {pct}% needs a supervisor</source>
        <translation>Een korting boven {pct}% vraagt een supervisor</translation>
    </message>
    <message>
        <source>The discount is more than the cart</source>
        <translation>De korting is groter dan het winkelmandje</translation>
    </message>
    <message>
        <source>No such line</source>
        <translation>Die regel bestaat niet</translation>
    </message>
    <message>
        <source>The amount must be between 0 and what is left to pay</source>
        <translation>Het bedrag moet tussen 0 en het resterende bedrag liggen</translation>
    </message>
    <message>
        <source>Enter the terminal&apos;s approval code</source>
        <translation>Geef de autorisatiecode van de terminal in</translation>
    </message>
    <message>
        <source>Enter the voucher number</source>
        <translation>Geef het nummer van de waardebon in</translation>
    </message>
    <message>
        <source>Nothing left to pay</source>
        <translation>Niets meer te betalen</translation>
    </message>
    <message>
        <source>The cash handed over is less than the amount due</source>
        <translation>Het ontvangen contant geld is minder dan het verschuldigde bedrag</translation>
    </message>
    <message>
        <source>Line {line} is not on the receipt</source>
        <translation>Regel {line} staat niet op het kasticket</translation>
    </message>
    <message>
        <source>At most {left} can be returned on line {line}</source>
        <translation>Hoogstens {left} kunnen worden teruggebracht op regel {line}</translation>
    </message>
    <message>
        <source>Choose what is returned</source>
        <translation>Kies wat wordt teruggebracht</translation>
    </message>
    <message>
        <source>No crate of {order} at {depot} yet</source>
        <translation>Nog geen krat van {order} in {depot}</translation>
    </message>
    <message>
        <source>it refers to something the centre does not have</source>
        <translation>het verwijst naar iets wat de centrale niet heeft</translation>
    </message>
    <message>
        <source>the centre already has it</source>
        <translation>de centrale heeft het al</translation>
    </message>
    <message>
        <source>this depot may not record it</source>
        <translation>dit depot mag het niet vastleggen</translation>
    </message>
    <message>
        <source>the centre&apos;s rules refuse one of its values</source>
        <translation>de regels van de centrale weigeren een van de waarden</translation>
    </message>
    <message>
        <source>the centre could not store it</source>
        <translation>de centrale kon het niet opslaan</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbonden</translation>
    </message>
    <message>
        <source>overload</source>
        <translation>overbelast</translation>
    </message>
    <message>
        <source>under zero</source>
        <translation>onder nul</translation>
    </message>
    <message>
        <source>no answer from the scale</source>
        <translation>de weegschaal antwoordt niet</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>gesimuleerd</translation>
    </message>
    <message>
        <source>unreadable bytes: check the line settings ({0} expected; {1})</source>
        <translation>onleesbare bytes: controleer de lijninstellingen ({0} verwacht; {1})</translation>
    </message>
    <message>
        <source>disconnected: {0}</source>
        <translation>losgekoppeld: {0}</translation>
    </message>
    <message>
        <source>error: {0}</source>
        <translation>fout: {0}</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>klaar</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wachtend</translation>
    </message>
    <message>
        <source>printing</source>
        <translation>afdrukken</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>mislukt</translation>
    </message>
</context>
<context>
    <name>RegisterPanel</name>
    <message>
        <source>Counted cash, e.g. 150,00</source>
        <translation>Geteld contant geld, bv. 150,00</translation>
    </message>
    <message>
        <source>Open the register</source>
        <translation>Kassa openen</translation>
    </message>
    <message>
        <source>Close (Z report)</source>
        <translation>Afsluiten (Z-rapport)</translation>
    </message>
    <message>
        <source>X report</source>
        <translation>X-rapport</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Bedrag</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>Geld in</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>Geld uit</translation>
    </message>
    <message>
        <source>Register session</source>
        <translation>Kassasessie</translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation>Ticketnummer</translation>
    </message>
    <message>
        <source>Find the receipt</source>
        <translation>Kasticket zoeken</translation>
    </message>
    <message>
        <source>Reprint (copy)</source>
        <translation>Opnieuw afdrukken (kopie)</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Lijn</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>Verkocht</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Teruggebracht</translation>
    </message>
    <message>
        <source>Card approval code (card refund)</source>
        <translation>Goedkeuringscode (kaart)</translation>
    </message>
    <message>
        <source>Refund in cash</source>
        <translation>Contant terugbetalen</translation>
    </message>
    <message>
        <source>Refund to card</source>
        <translation>Terugbetalen op kaart</translation>
    </message>
    <message>
        <source>Refund or reprint a receipt</source>
        <translation>Kasticket terugbetalen of opnieuw afdrukken</translation>
    </message>
    <message>
        <source>Register {0} is closed</source>
        <translation>Kassa {0} is gesloten</translation>
    </message>
    <message>
        <source>Register {0} open since {1} (session {2}, float {3})</source>
        <translation>Kassa {0} open sinds {1} (sessie {2}, wisselgeld {3})</translation>
    </message>
    <message>
        <source>Type an amount such as 150,00</source>
        <translation>Typ een bedrag zoals 150,00</translation>
    </message>
    <message>
        <source>Cash movement recorded</source>
        <translation>Kasbeweging geregistreerd</translation>
    </message>
    <message>
        <source>Type a receipt number</source>
        <translation>Typ een ticketnummer</translation>
    </message>
    <message>
        <source>Refund recorded: {0}</source>
        <translation>Terugbetaling geregistreerd: {0}</translation>
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
        <translation>Zoals dit toetsenbord</translation>
    </message>
    <message>
        <source>US (QWERTY) on AZERTY</source>
        <translation>US (QWERTY) op AZERTY</translation>
    </message>
    <message>
        <source>Keyboard layout</source>
        <translation>Toetsenbordindeling</translation>
    </message>
    <message>
        <source>Keyboard scanners (wedge)</source>
        <translation>Scanners in toetsenbordmodus</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Toevoegen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>Port (URL)</source>
        <translation>Poort (URL)</translation>
    </message>
    <message>
        <source>Speed (baud)</source>
        <translation>Snelheid (baud)</translation>
    </message>
    <message>
        <source>Serial and USB scanners</source>
        <translation>Seriële en USB-scanners</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestopt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Codes read</source>
        <translation>Gelezen codes</translation>
    </message>
    <message>
        <source>Raw bytes</source>
        <translation>Ruwe bytes</translation>
    </message>
    <message>
        <source>Live view of the selected scanner</source>
        <translation>Live weergave van de gekozen scanner</translation>
    </message>
    <message>
        <source>serial scanner {0} has no port: choose one or remove it</source>
        <translation>seriële scanner {0} heeft geen poort: kies er een of verwijder hem</translation>
    </message>
    <message>
        <source>(no port yet)</source>
        <translation>(nog geen poort)</translation>
    </message>
    <message>
        <source>A scanner typing with a US layout on this AZERTY keyboard is recognised and its codes mapped back.</source>
        <translation>Een scanner die met een US-indeling op dit AZERTY-toetsenbord typt, wordt herkend en zijn codes worden teruggezet.</translation>
    </message>
    <message>
        <source>The scanner types with this computer&apos;s keyboard layout: its codes are used as they are typed.</source>
        <translation>De scanner typt met de toetsenbordindeling van deze computer: zijn codes worden gebruikt zoals ze getypt zijn.</translation>
    </message>
    <message>
        <source>The scanner types with a US layout on this AZERTY keyboard: every code is mapped back.</source>
        <translation>De scanner typt met een US-indeling op dit AZERTY-toetsenbord: elke code wordt teruggezet.</translation>
    </message>
    <message>
        <source>choose its port first</source>
        <translation>kies eerst zijn poort</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>not a code the desk reads</source>
        <translation>code die de toepassing niet kent</translation>
    </message>
    <message>
        <source>product barcode</source>
        <translation>productbarcode</translation>
    </message>
    <message>
        <source>GS1 code</source>
        <translation>GS1-code</translation>
    </message>
    <message>
        <source>scale label</source>
        <translation>weegschaaletiket</translation>
    </message>
    <message>
        <source>crate label</source>
        <translation>kratetiket</translation>
    </message>
    <message>
        <source>order slip</source>
        <translation>bestelbon</translation>
    </message>
    <message>
        <source>(symbology {0})</source>
        <translation>(symbologie {0})</translation>
    </message>
</context>
<context>
    <name>StoreProblem</name>
    <message>
        <source>The disk is full: this was not saved (what the screen shows as done is saved). Free some disk space, then do it again.</source>
        <translation>De schijf is vol: dit werd niet opgeslagen (wat het scherm als gedaan toont, is opgeslagen). Maak ruimte vrij op de schijf en doe het dan opnieuw.</translation>
    </message>
    <message>
        <source>The depot&apos;s data file cannot be read or written: check the disk and the rights on the data folder, then start cpdesk again.</source>
        <translation>Het gegevensbestand van het depot kan niet gelezen of geschreven worden: controleer de schijf en de rechten op de gegevensmap en start cpdesk opnieuw.</translation>
    </message>
    <message>
        <source>The depot&apos;s data file is empty: its data is gone.</source>
        <translation>Het gegevensbestand van het depot is leeg: de gegevens zijn weg.</translation>
    </message>
    <message>
        <source>The depot&apos;s data file is not a cpdesk database: it was damaged or overwritten.</source>
        <translation>Het gegevensbestand van het depot is geen cpdesk-database: het werd beschadigd of overschreven.</translation>
    </message>
    <message>
        <source>The depot&apos;s data file is damaged.</source>
        <translation>Het gegevensbestand van het depot is beschadigd.</translation>
    </message>
    <message>
        <source>Stop working on this computer and have it restored from the centre with “cpdesk setup”: the depot&apos;s history comes back, the damaged file is kept aside.</source>
        <translation>Stop met werken op deze computer en laat hem herstellen vanuit de centrale met „cpdesk setup”: de geschiedenis van het depot komt terug, het beschadigde bestand wordt bewaard.</translation>
    </message>
</context>
<context>
    <name>SupervisorCheck</name>
    <message>
        <source>Enter the PIN on the pad</source>
        <translation>Geef de pincode in op het klavier</translation>
    </message>
    <message>
        <source>Not a supervisor PIN</source>
        <translation>Geen pincode van een verantwoordelijke</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>not configured: {0}</source>
        <translation>niet ingesteld: {0}</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>opstarten…</translation>
    </message>
    <message>
        <source>syncing…</source>
        <translation>synchroniseren…</translation>
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
        <translation>laatste {0}</translation>
    </message>
    <message>
        <source>{0} waiting</source>
        <translation>{0} wachtend</translation>
    </message>
    <message>
        <source>{0} refused by the centre</source>
        <translation>{0} geweigerd door de centrale</translation>
    </message>
    <message>
        <source>held back at the centre: {0}</source>
        <translation>tegengehouden door de centrale: {0}</translation>
    </message>
    <message>
        <source>held back at the centre for {1}: {0}</source>
        <translation>tegengehouden door de centrale sinds {1}: {0}</translation>
    </message>
</context>
<context>
    <name>WeighingFlow</name>
    <message>
        <source>no reading</source>
        <translation>geen meting</translation>
    </message>
    <message>
        <source>out of range</source>
        <translation>buiten bereik</translation>
    </message>
    <message>
        <source>● stable</source>
        <translation>● stabiel</translation>
    </message>
    <message>
        <source>… moving</source>
        <translation>… beweegt</translation>
    </message>
    <message>
        <source>Scan or select a product sold per kg</source>
        <translation>Scan of kies een product dat per kg verkocht wordt</translation>
    </message>
    <message>
        <source>Select or scan a product sold per kg first</source>
        <translation>Kies of scan eerst een product dat per kg verkocht wordt</translation>
    </message>
    <message>
        <source>This scale is not approved for trade: weigh on an approved scale, or a supervisor enters the weight (F10)</source>
        <translation>Deze weegschaal is niet geijkt: weeg op een geijkte weegschaal, of een supervisor voert het gewicht in (F10)</translation>
    </message>
    <message>
        <source>Wait for a stable weight</source>
        <translation>Wacht op een stabiel gewicht</translation>
    </message>
    <message>
        <source>Nothing on the scale</source>
        <translation>Niets op de weegschaal</translation>
    </message>
    <message>
        <source>{0}: ordered {1} ±{2}, packed {3}</source>
        <translation>{0}: besteld {1} ±{2}, verpakt {3}</translation>
    </message>
    <message>
        <source>{0}: ordered {1}, weighed {2} ({3}, allowed ±{4}).</source>
        <translation>{0}: besteld {1}, gewogen {2} ({3}, toegelaten ±{4}).</translation>
    </message>
    <message>
        <source>Supervisor accepts</source>
        <translation>Verantwoordelijke aanvaardt</translation>
    </message>
    <message>
        <source>Re-weigh (undo)</source>
        <translation>Opnieuw wegen (ongedaan maken)</translation>
    </message>
    <message>
        <source>Add another piece</source>
        <translation>Nog een stuk toevoegen</translation>
    </message>
    <message>
        <source>Outside tolerance: a supervisor must accept, or re-weigh</source>
        <translation>Buiten tolerantie: een verantwoordelijke moet aanvaarden, of weeg opnieuw</translation>
    </message>
    <message>
        <source>Put the next piece on the scale, then Space</source>
        <translation>Leg het volgende stuk op de weegschaal, dan Spatie</translation>
    </message>
    <message>
        <source>Accepted by {0}</source>
        <translation>Aanvaard door {0}</translation>
    </message>
</context>
<context>
    <name>Zone</name>
    <message>
        <source>ambient</source>
        <translation>ambiant</translation>
    </message>
    <message>
        <source>chilled</source>
        <translation>gekoeld</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>diepvries</translation>
    </message>
</context>
</TS>
