<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr" sourcelanguage="en">
  <context>
    <name>App</name>
    <message>
      <location filename="../../ui/app.py" line="217" />
      <source>Something went wrong</source>
      <translation>Un problème est survenu</translation>
    </message>
    <message>
      <location filename="../../ui/app.py" line="218" />
      <source>{0}

The details are in the log: {1}</source>
      <translation>{0}

Les détails sont dans le journal : {1}</translation>
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
      <translation>frais</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="62" />
      <source>frozen</source>
      <translation>surgelé</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="68" />
      <source>to pack</source>
      <translation>à préparer</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="69" />
      <source>in progress</source>
      <translation>en cours</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="70" />
      <source>packed</source>
      <translation>préparée</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="71" />
      <source>delivered</source>
      <translation>livrée</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="72" />
      <source>cancelled</source>
      <translation>annulée</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="73" />
      <source>other depot</source>
      <translation>autre dépôt</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="74" />
      <source>changed centrally</source>
      <translation>modifiée en central</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="89" />
      <source>Stop</source>
      <translation>Arrêt</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="89" />
      <source>Order</source>
      <translation>Commande</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="89" />
      <source>Customer</source>
      <translation>Client</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="89" />
      <source>Commune</source>
      <translation>Commune</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="90" />
      <source>Zones</source>
      <translation>Zones</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="90" />
      <source>Lines</source>
      <translation>Lignes</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="90" />
      <source>Crates</source>
      <translation>Caisses</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="90" />
      <source>State</source>
      <translation>État</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="91" />
      <source>Progress</source>
      <translation>Avancement</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="146" />
      <source>driver: {0}</source>
      <translation>chauffeur : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="147" />
      <source>{0}/{1} orders packed</source>
      <translation>{0}/{1} commandes préparées</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="148" />
      <source>{0}/{1} lines</source>
      <translation>{0}/{1} lignes</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="150" />
      <source>{0} crates</source>
      <translation>{0} caisses</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="153" />
      <source>⚠ {0} crates {1}/{2} places</source>
      <translation>⚠ caisses {0} : {1}/{2} places</translation>
    </message>
  </context>
  <context>
    <name>BoardWidget</name>
    <message>
      <location filename="../../ui/board/screen.py" line="345" />
      <source>Search order or customer…  (Ctrl+F)</source>
      <translation>Chercher une commande ou un client…  (Ctrl+F)</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="346" />
      <source>Previous day (Alt+←)</source>
      <translation>Jour précédent (Alt+←)</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="347" />
      <source>Next day (Alt+→)</source>
      <translation>Jour suivant (Alt+→)</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="350" />
      <source>Refresh (F5)</source>
      <translation>Actualiser (F5)</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="351" />
      <source>All states</source>
      <translation>Tous les états</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="355" />
      <source>All zones</source>
      <translation>Toutes les zones</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="355" />
      <source>Ambient</source>
      <translation>Ambiant</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="356" />
      <source>Chilled</source>
      <translation>Frais</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="357" />
      <source>Frozen</source>
      <translation>Surgelé</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="359" />
      <location filename="../../ui/board/screen.py" line="423" />
      <source>All rounds</source>
      <translation>Toutes les tournées</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="395" />
      <source>No round on {0}: next day with rounds</source>
      <translation>Aucune tournée le {0} : voici le prochain jour avec des tournées</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="409" />
      <source>Loading…</source>
      <translation>Chargement…</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="437" />
      <source>{0} rounds · {1}/{2} orders packed · {3} crates</source>
      <translation>{0} tournées · {1}/{2} commandes préparées · {3} caisses</translation>
    </message>
    <message>
      <location filename="../../ui/board/screen.py" line="441" />
      <source>Could not load the board: {0}</source>
      <translation>Impossible de charger le tableau : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="192" />
      <source>Delivery note {0}…</source>
      <translation>Bon de livraison {0}…</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="195" />
      <source>Crate labels of {0}…</source>
      <translation>Étiquettes de caisse de {0}…</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="200" />
      <source>Van manifest {0}…</source>
      <translation>Feuille de route {0}…</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="203" />
      <source>Pick list of round {0}…</source>
      <translation>Liste de préparation de la tournée {0}…</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="207" />
      <source>Pick list of the day…</source>
      <translation>Liste de préparation du jour…</translation>
    </message>
  </context>
  <context>
    <name>CartModel</name>
    <message>
      <location filename="../../ui/counter/cart.py" line="48" />
      <source>Product</source>
      <translation>Produit</translation>
    </message>
    <message>
      <location filename="../../ui/counter/cart.py" line="48" />
      <source>Qty / weight</source>
      <translation>Qté / poids</translation>
    </message>
    <message>
      <location filename="../../ui/counter/cart.py" line="48" />
      <source>Price</source>
      <translation>Prix</translation>
    </message>
    <message>
      <location filename="../../ui/counter/cart.py" line="49" />
      <source>Discount</source>
      <translation>Remise</translation>
    </message>
    <message>
      <location filename="../../ui/counter/cart.py" line="49" />
      <source>Amount</source>
      <translation>Montant</translation>
    </message>
    <message>
      <location filename="../../ui/counter/cart.py" line="77" />
      <source>weight from the {0}</source>
      <translation>poids venant de : {0}</translation>
    </message>
  </context>
  <context>
    <name>ChangePanel</name>
    <message>
      <location filename="../../ui/packing/panels.py" line="200" />
      <source>Done, resolved</source>
      <translation>C'est fait, résolu</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="221" />
      <source>Order cancelled centrally</source>
      <translation>Commande annulée par la centrale</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="223" />
      <source>Take everything out of its crates: {0}</source>
      <translation>Retirez tout de ses caisses : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="226" />
      <source>Its crates are empty: nothing to take out</source>
      <translation>Ses caisses sont vides : rien à retirer</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="227" />
      <source>Nothing more may be packed for this order.</source>
      <translation>Plus rien ne peut être préparé pour cette commande.</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="229" />
      <source>Order changed centrally</source>
      <translation>Commande modifiée par la centrale</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="231" />
      <source>New line, to pack: {0} × {1}</source>
      <translation>Nouvelle ligne, à préparer : {0} × {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="234" />
      <source>More ordered, to pack: {0}: {1} → {2}</source>
      <translation>Quantité augmentée, à préparer : {0} : {1} → {2}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="239" />
      <source>When it is done, press “Done, resolved”.</source>
      <translation>Quand c'est fait, appuyez sur « C'est fait, résolu ».</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="244" />
      <source>Removed: {0}</source>
      <translation>Retirée : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="245" />
      <source>Reduced: {0}: {1} → {2}</source>
      <translation>Quantité réduite : {0} : {1} → {2}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="254" />
      <source>nothing to take out</source>
      <translation>rien à retirer</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="255" />
      <source>take {0} out of crate {1}</source>
      <translation>retirez {0} de la caisse {1}</translation>
    </message>
  </context>
  <context>
    <name>ChoicePanel</name>
    <message>
      <location filename="../../ui/packing/panels.py" line="69" />
      <source>Cancel (Esc)</source>
      <translation>Annuler (Échap)</translation>
    </message>
  </context>
  <context>
    <name>CounterWidget</name>
    <message>
      <location filename="../../ui/counter/screen.py" line="95" />
      <source>Sale</source>
      <translation>Vente</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="97" />
      <source>Pick-up</source>
      <translation>Retrait</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="99" />
      <source>Register</source>
      <translation>Caisse enregistreuse</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="102" />
      <location filename="../../ui/counter/screen.py" line="198" />
      <location filename="../../ui/counter/screen.py" line="203" />
      <source>Nobody signed in</source>
      <translation>Personne n'est connecté</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="104" />
      <source>Sign in (PIN)</source>
      <translation>Connexion (PIN)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="105" />
      <source>Switch user (F12)</source>
      <translation>Changer d'utilisateur (F12)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="107" />
      <source>Register {0}</source>
      <translation>Caisse enregistreuse {0}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="189" />
      <source>Your PIN to serve at the counter</source>
      <translation>Votre code PIN pour servir au comptoir</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="205" />
      <source>Unknown PIN</source>
      <translation>Code PIN inconnu</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="219" />
      <source>That is not a supervisor's PIN</source>
      <translation>Ce n'est pas le code d'un responsable</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="228" />
      <source>{0}: a supervisor's PIN is needed</source>
      <translation>{0} : code PIN d'un responsable requis</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="232" />
      <source>Sign in with your PIN first</source>
      <translation>Connectez-vous d'abord avec votre code PIN</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="242" />
      <source>Search: name, producer, code</source>
      <translation>Chercher : nom, producteur, code</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="258" />
      <source>Scale: no reading</source>
      <translation>Balance : pas de mesure</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="260" />
      <source>Take the weight</source>
      <translation>Prendre le poids</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="282" />
      <source>Remove line</source>
      <translation>Supprimer la ligne</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="284" />
      <source>10% or 2,50</source>
      <translation>10% ou 2,50</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="286" />
      <source>Line discount</source>
      <translation>Remise ligne</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="287" />
      <source>Cart discount</source>
      <translation>Remise panier</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="317" />
      <source>Cancel sale</source>
      <translation>Annuler la vente</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="355" />
      <source>/kg</source>
      <translation>/kg</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="368" />
      <source>A payment was taken: undo it before changing the cart</source>
      <translation>Un paiement a été encaissé : annulez-le avant de modifier le panier</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="398" />
      <source>{0}: this scale is not approved for trade; sell it by a weight label or on an approved scale</source>
      <translation>{0} : cette balance n'est pas homologuée ; vendez-le avec une étiquette de poids ou sur une balance homologuée</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="404" />
      <source>{0}: waiting for a stable weight on the scale</source>
      <translation>{0} : en attente d'un poids stable sur la balance</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="418" />
      <source>stable</source>
      <translation>stable</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="418" />
      <source>moving</source>
      <translation>instable</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="420" />
      <source>out of range</source>
      <translation>hors plage</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="421" />
      <source>Scale: {0} ({1})</source>
      <translation>Balance : {0} ({1})</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="436" />
      <source>The catalogue is still loading</source>
      <translation>Le catalogue est encore en cours de chargement</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="442" />
      <source>Unknown code {0}</source>
      <translation>Code inconnu {0}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="483" />
      <location filename="../../ui/counter/screen.py" line="489" />
      <source>Type 10% or an amount such as 2,50</source>
      <translation>Tapez 10% ou un montant comme 2,50</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="519" />
      <source>discounts {0}</source>
      <translation>remises {0}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="521" />
      <source>VAT {0}%: {1} of {2}</source>
      <translation>TVA {0} % : {1} sur {2}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="548" />
      <source>Receipt {0} recorded. Change: {1}</source>
      <translation>Ticket {0} enregistré. À rendre : {1}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/screen.py" line="594" />
      <source>No receipt printer: receipt saved as {0}</source>
      <translation>Pas d'imprimante à tickets : ticket enregistré sous {0}</translation>
    </message>
  </context>
  <context>
    <name>DashboardStrip</name>
    <message>
      <location filename="../../ui/board/dashboard.py" line="113" />
      <source>{0}/{1} orders packed</source>
      <translation>{0}/{1} commandes préparées</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="114" />
      <source>{0} crates</source>
      <translation>{0} caisses</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="115" />
      <source>Sync: {0}</source>
      <translation>Synchro : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="116" />
      <source>demo</source>
      <translation>démo</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="117" />
      <source>Scale: {0}</source>
      <translation>Balance : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="120" />
      <source>Printers: {0}</source>
      <translation>Imprimantes : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="120" />
      <source>ready</source>
      <translation>prêtes</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="121" />
      <source>Orders packed per hour</source>
      <translation>Commandes préparées par heure</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="124" />
      <source>{0} facts refused by the centre: not delivered, sent again at each sync; a supervisor must settle them</source>
      <translation>{0} faits refusés par le central : non transmis, renvoyés à chaque synchro ; un responsable doit les régler</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="126" />
      <source>{0} ({1}, {2}): {3}</source>
      <translation>{0} ({1}, {2}) : {3}</translation>
    </message>
    <message>
      <location filename="../../ui/board/dashboard.py" line="130" />
      <source>… and {0} more</source>
      <translation>… et {0} de plus</translation>
    </message>
  </context>
  <context>
    <name>DemoScalePanel</name>
    <message>
      <location filename="../../ui/hardware/demo_scale.py" line="29" />
      <source>Simulated scale (demo)</source>
      <translation>Balance simulée (démo)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/demo_scale.py" line="35" />
      <source>Moving</source>
      <translation>Instable</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/demo_scale.py" line="36" />
      <source>Overload</source>
      <translation>Surcharge</translation>
    </message>
  </context>
  <context>
    <name>Devices</name>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="19" />
      <source>Scale</source>
      <translation>Balance</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="20" />
      <source>Label printer</source>
      <translation>Imprimante d'étiquettes</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="21" />
      <source>Receipt printer</source>
      <translation>Imprimante de tickets</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="22" />
      <source>A4 printer</source>
      <translation>Imprimante A4</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="26" />
      <source>Scanner {0}</source>
      <translation>Scanner {0}</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="38" />
      <source>ready</source>
      <translation>fonctionne</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="40" />
      <location filename="../../ui/hardware/device_status.py" line="63" />
      <source>not configured</source>
      <translation>non configuré</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="42" />
      <source>overload</source>
      <translation>surcharge</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="44" />
      <source>under zero</source>
      <translation>sous zéro</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="46" />
      <source>no answer</source>
      <translation>pas de réponse</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="48" />
      <source>unreadable bytes: check the line settings</source>
      <translation>octets illisibles : vérifiez les réglages de la ligne</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="51" />
      <source>absent or unplugged ({0})</source>
      <translation>absent ou débranché ({0})</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="53" />
      <source>disconnected ({0})</source>
      <translation>déconnecté ({0})</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="55" />
      <source>unreachable</source>
      <translation>injoignable</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="57" />
      <source>does not answer</source>
      <translation>ne répond pas</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="59" />
      <source>out of paper</source>
      <translation>plus de papier</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="61" />
      <source>stopped in CUPS</source>
      <translation>arrêtée dans CUPS</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/device_status.py" line="71" />
      <source>{0} since {1}</source>
      <translation>{0} depuis {1}</translation>
    </message>
  </context>
  <context>
    <name>DocumentPreview</name>
    <message>
      <location filename="../../ui/documents/printing.py" line="69" />
      <source>Print…</source>
      <translation>Imprimer…</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="70" />
      <source>Save as PDF…</source>
      <translation>Enregistrer en PDF…</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="71" />
      <source>Close</source>
      <translation>Fermer</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="99" />
      <source>The printer refused the job</source>
      <translation>L'imprimante a refusé l'impression</translation>
    </message>
    <message>
      <location filename="../../ui/documents/printing.py" line="116" />
      <source>Save as PDF</source>
      <translation>Enregistrer en PDF</translation>
    </message>
  </context>
  <context>
    <name>Documents</name>
    <message>
      <location filename="../../ui/documents/printing.py" line="159" />
      <source>No crate of {0} at {1} yet</source>
      <translation>Pas encore de caisse de {0} à {1}</translation>
    </message>
  </context>
  <context>
    <name>FirstStartWidget</name>
    <message>
      <location filename="../../ui/first_start/screen.py" line="73" />
      <source>The centre cannot be reached: check its address and port, and the network (the server may be down)</source>
      <translation>Le centre est injoignable : vérifiez son adresse et son port, et le réseau (le serveur est peut-être arrêté)</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="77" />
      <source>The centre refused the login or its password: paste the credentials again (a new 'add-depot' gives a new password)</source>
      <translation>Le centre a refusé l'identifiant ou son mot de passe : collez à nouveau les identifiants (un nouveau 'add-depot' donne un nouveau mot de passe)</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="81" />
      <source>The address demands an encrypted (TLS) connection but the centre does not offer one: check the sslmode in the address</source>
      <translation>L'adresse exige une connexion chiffrée (TLS) mais le centre n'en propose pas : vérifiez le sslmode dans l'adresse</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="85" />
      <source>The centre's certificate is not trusted by this computer: install the centre's certificate authority, or check the centre's name</source>
      <translation>Cet ordinateur ne fait pas confiance au certificat du centre : installez l'autorité de certification du centre, ou vérifiez le nom du centre</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="89" />
      <source>The centre has no such database: check the database name in the address</source>
      <translation>Le centre n'a pas cette base de données : vérifiez son nom dans l'adresse</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="92" />
      <source>These credentials belong to another depot</source>
      <translation>Ces identifiants sont ceux d'un autre dépôt</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="93" />
      <source>That is not a centre address (postgresql://user:password@host/database)</source>
      <translation>Ce n'est pas une adresse de centre (postgresql://utilisateur:motdepasse@hôte/base)</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="97" />
      <source>The centre answered with an error</source>
      <translation>Le centre a répondu par une erreur</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="202" />
      <source>Setting up this depot workstation</source>
      <translation>Installation de ce poste de dépôt</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="204" />
      <source>This computer has no depot store yet. Give the depot's code and the centre's credentials (as 'cpdesk central add-depot --json' printed them: paste them or open the file), test the connection, then the first sync fills the store.</source>
      <translation>Cet ordinateur n'a pas encore de base de dépôt. Indiquez le code du dépôt et les identifiants du centre (tels que 'cpdesk central add-depot --json' les a affichés : collez-les ou ouvrez le fichier), testez la connexion, puis la première synchronisation remplit la base.</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="207" />
      <source>Depot code</source>
      <translation>Code du dépôt</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="208" />
      <source>Centre address</source>
      <translation>Adresse du centre</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="209" />
      <source>Login</source>
      <translation>Identifiant</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="210" />
      <source>Password</source>
      <translation>Mot de passe</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="211" />
      <source>Or paste the credentials (JSON)</source>
      <translation>Ou collez les identifiants (JSON)</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="212" />
      <source>Open the credentials file…</source>
      <translation>Ouvrir le fichier d'identifiants…</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="213" />
      <source>Test the connection</source>
      <translation>Tester la connexion</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="214" />
      <source>Set up and sync</source>
      <translation>Installer et synchroniser</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="215" />
      <source>Stop</source>
      <translation>Arrêter</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="216" />
      <source>Resume</source>
      <translation>Reprendre</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="241" />
      <source>The first sync of depot {0} was not finished: resume it.</source>
      <translation>La première synchronisation du dépôt {0} n'était pas finie : reprenez-la.</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="247" />
      <source>Credentials file</source>
      <translation>Fichier d'identifiants</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="256" />
      <source>Cannot read {0}: {1}</source>
      <translation>Impossible de lire {0} : {1}</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="268" />
      <source>Give the depot code</source>
      <translation>Indiquez le code du dépôt</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="271" />
      <source>Give the centre's address, or paste the credentials</source>
      <translation>Indiquez l'adresse du centre, ou collez les identifiants</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="294" />
      <source>Testing the connection…</source>
      <translation>Test de la connexion…</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="301" />
      <source>Connected: the centre knows depot {0}.</source>
      <translation>Connecté : le centre connaît le dépôt {0}.</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="325" />
      <source>First sync of depot {0}…</source>
      <translation>Première synchronisation du dépôt {0}…</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="335" />
      <source>Depot {0} is ready.</source>
      <translation>Le dépôt {0} est prêt.</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="340" />
      <source>Stopped. What was pulled is kept: resume when you want.</source>
      <translation>Arrêté. Ce qui a été reçu est gardé : reprenez quand vous voulez.</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="345" />
      <source>The first sync failed: {0}. What was pulled is kept: resume when the centre is back.</source>
      <translation>La première synchronisation a échoué : {0}. Ce qui a été reçu est gardé : reprenez quand le centre sera de retour.</translation>
    </message>
    <message>
      <location filename="../../ui/first_start/screen.py" line="363" />
      <source>{0} / {1} changes</source>
      <translation>{0} / {1} changements</translation>
    </message>
  </context>
  <context>
    <name>HardwareSettingsDialog</name>
    <message>
      <location filename="../../ui/hardware/settings.py" line="101" />
      <source>Hardware</source>
      <translation>Matériel</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="125" />
      <source>Legal for trade (only stable readings are booked)</source>
      <translation>Usage légal (seules les pesées stables sont enregistrées)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="127" />
      <location filename="../../ui/hardware/settings.py" line="342" />
      <source>Start</source>
      <translation>Démarrer</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="129" />
      <location filename="../../ui/hardware/settings.py" line="343" />
      <source>stopped</source>
      <translation>arrêtée</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="137" />
      <source>Port (URL)</source>
      <translation>Port (URL)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="138" />
      <source>Protocol</source>
      <translation>Protocole</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="139" />
      <source>Request (regex)</source>
      <translation>Requête (regex)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="140" />
      <source>Pattern (regex)</source>
      <translation>Motif (regex)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="144" />
      <source>Line</source>
      <translation>Ligne série</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="147" />
      <source>Status</source>
      <translation>État</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="148" />
      <source>Reading</source>
      <translation>Mesure</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="149" />
      <source>Raw bytes</source>
      <translation>Octets bruts</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="150" />
      <source>Scale</source>
      <translation>Balance</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="157" />
      <source>Print test page</source>
      <translation>Imprimer une page de test</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="162" />
      <source>Printer (URL)</source>
      <translation>Imprimante (URL)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="163" />
      <source>Language</source>
      <translation>Langage</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="165" />
      <source>Result</source>
      <translation>Résultat</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="169" />
      <source>Cash drawer on the receipt printer</source>
      <translation>Tiroir-caisse sur l'imprimante de tickets</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="173" />
      <source>Receipt width (mm)</source>
      <translation>Largeur des tickets (mm)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="180" />
      <source>Labels: dpi, size (mm)</source>
      <translation>Étiquettes : dpi, taille (mm)</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="182" />
      <source>CUPS queue name, or a folder for the PDFs</source>
      <translation>nom de la file CUPS, ou un dossier pour les PDF</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="183" />
      <source>A4 printer</source>
      <translation>Imprimante A4</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="184" />
      <source>Printer</source>
      <translation>Imprimante</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="187" />
      <source>Save to the station file</source>
      <translation>Enregistrer dans le fichier du poste</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="289" />
      <source>Not saved: {0}</source>
      <translation>Non enregistré : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="292" />
      <source>Saved in {0}; in use as soon as this window is closed.</source>
      <translation>Enregistré dans {0} ; en service dès la fermeture de cette fenêtre.</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="332" />
      <source>Stop</source>
      <translation>Arrêter</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="357" />
      <source>printing…</source>
      <translation>impression…</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="368" />
      <source>printed ({0} paper)</source>
      <translation>imprimée (papier : {0})</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="368" />
      <source>unknown</source>
      <translation>inconnu</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="372" />
      <source>failed: {0}</source>
      <translation>échec : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/hardware/settings.py" line="372" />
      <source>unknown error</source>
      <translation>erreur inconnue</translation>
    </message>
  </context>
  <context>
    <name>HourChart</name>
    <message>
      <location filename="../../ui/board/dashboard.py" line="22" />
      <source>Orders packed per hour</source>
      <translation>Commandes préparées par heure</translation>
    </message>
  </context>
  <context>
    <name>Loading</name>
    <message>
      <location filename="../../ui/loading/screen.py" line="52" />
      <source>Unknown crate {code}</source>
      <translation>Caisse inconnue {code}</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="53" />
      <source>Round {round} has already left</source>
      <translation>La tournée {round} est déjà partie</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="54" />
      <source>Crate {code} belongs to round {other}, stop {other_stop}, not to {round}</source>
      <translation>La caisse {code} est pour la tournée {other}, arrêt {other_stop}, pas pour {round}</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="56" />
      <source>Crate {code} is still open: close it at packing first</source>
      <translation>La caisse {code} est encore ouverte : fermez-la d'abord à la préparation</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="57" />
      <source>Crate {code} is already on the van</source>
      <translation>La caisse {code} est déjà dans la camionnette</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="58" />
      <source>Crate {code} loaded for stop {stop}</source>
      <translation>Caisse {code} chargée pour l'arrêt {stop}</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="59" />
      <source>Crate {code} taken off the van</source>
      <translation>Caisse {code} retirée de la camionnette</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="60" />
      <source>Crate {code} has no round</source>
      <translation>La caisse {code} n'a pas de tournée</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="61" />
      <source>Crate {code} was packed at {depot}, not here</source>
      <translation>La caisse {code} a été préparée à {depot}, pas ici</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="62" />
      <source>Crate {code} leaves for {depot} (round {round})</source>
      <translation>La caisse {code} part pour {depot} (tournée {round})</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="63" />
      <source>Crate {code} arrived at the wrong depot: its round {round} leaves from {depot}</source>
      <translation>Caisse {code} arrivée au mauvais dépôt : sa tournée {round} part de {depot}</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="65" />
      <source>Crate {code} received for round {round}</source>
      <translation>Caisse {code} reçue pour la tournée {round}</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="77" />
      <source>on the van</source>
      <translation>dans la camionnette</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="78" />
      <source>to load</source>
      <translation>à charger</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="79" />
      <source>still at its depot</source>
      <translation>encore à son dépôt</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="80" />
      <source>in transit</source>
      <translation>en transit</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="81" />
      <source>at the wrong depot!</source>
      <translation>au mauvais dépôt !</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="82" />
      <source>being packed</source>
      <translation>en préparation</translation>
    </message>
  </context>
  <context>
    <name>LoadingWidget</name>
    <message>
      <location filename="../../ui/loading/screen.py" line="203" />
      <source>Stop / crate</source>
      <translation>Arrêt / caisse</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="203" />
      <source>Zone</source>
      <translation>Zone</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="203" />
      <source>Depot</source>
      <translation>Dépôt</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="204" />
      <source>Where</source>
      <translation>Où</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="205" />
      <source>Mark departed (F9)</source>
      <translation>Marquer le départ (F9)</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="206" />
      <source>Supervisor PIN</source>
      <translation>Code PIN du responsable</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="207" />
      <source>producer delivery late</source>
      <translation>livraison du producteur en retard</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="207" />
      <source>crate damaged</source>
      <translation>caisse abîmée</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="208" />
      <source>customer will collect at the depot</source>
      <translation>le client viendra la chercher au dépôt</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="210" />
      <source>Leave without them</source>
      <translation>Partir sans elles</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="211" />
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="212" />
      <source>Scan: load the van</source>
      <translation>Scan : charger la camionnette</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="212" />
      <source>Scan: take off the van</source>
      <translation>Scan : retirer de la camionnette</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="213" />
      <source>Scan: send to another depot</source>
      <translation>Scan : envoyer à un autre dépôt</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="214" />
      <source>Scan: receive from another depot</source>
      <translation>Scan : recevoir d'un autre dépôt</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="216" />
      <source>Round</source>
      <translation>Tournée</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="217" />
      <source>Previous day (Alt+←)</source>
      <translation>Jour précédent (Alt+←)</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="218" />
      <source>Next day (Alt+→)</source>
      <translation>Jour suivant (Alt+→)</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="237" />
      <source>No round on {0}: next day with rounds</source>
      <translation>Aucune tournée le {0} : voici le prochain jour avec des tournées</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="290" />
      <source>No round leaves from this depot on {0}</source>
      <translation>Aucune tournée ne part de ce dépôt le {0}</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="295" />
      <source>departed</source>
      <translation>partie</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="295" />
      <source>loading</source>
      <translation>en chargement</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="296" />
      <source>{0} · {1} · {2}/{3} crates on the van · {4}</source>
      <translation>{0} · {1} · {2}/{3} caisses dans la camionnette · {4}</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="299" />
      <source>Too many {0} crates: {1} for {2} places</source>
      <translation>Trop de caisses {0} : {1} pour {2} places</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="305" />
      <source>Stop {0} — {1}, {2}</source>
      <translation>Arrêt {0} — {1}, {2}</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="321" />
      <source>{0}: still being packed</source>
      <translation>{0} : encore en préparation</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="336" />
      <source>Choose a round and sign in before scanning crates</source>
      <translation>Choisissez une tournée et connectez-vous avant de scanner des caisses</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="380" />
      <source>That PIN is not a supervisor's.</source>
      <translation>Ce n'est pas le code d'un responsable.</translation>
    </message>
    <message>
      <location filename="../../ui/loading/screen.py" line="412" />
      <source>Round {0} has left.</source>
      <translation>La tournée {0} est partie.</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../ui/main_window.py" line="242" />
      <source>cpdesk — {0} depot</source>
      <translation>cpdesk — dépôt {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="243" />
      <source>Depot {0}</source>
      <translation>Dépôt {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="245" />
      <source>Nobody signed in</source>
      <translation>Personne n'est connecté</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="247" />
      <source>Sync now</source>
      <translation>Synchroniser</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="262" />
      <source>Devices: simulated</source>
      <translation>Appareils : simulés</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="250" />
      <source>Sign in: enter your PIN</source>
      <translation>Connexion : tapez votre code PIN</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="368" />
      <source>demo</source>
      <translation>démo</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="279" />
      <source>Scale: {0}</source>
      <translation>Balance : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="369" />
      <source>Sync: {0}</source>
      <translation>Synchro : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="251" />
      <source>Board (Ctrl+1)</source>
      <translation>Tableau (Ctrl+1)</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="244" />
      <source>Signed in: {0}</source>
      <translation>Connecté : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="246" />
      <source>Switch user (F12)</source>
      <translation>Changer d'utilisateur (F12)</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="252" />
      <source>Counter (Ctrl+2)</source>
      <translation>Comptoir (Ctrl+2)</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="253" />
      <source>Loading (Ctrl+3)</source>
      <translation>Chargement (Ctrl+3)</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="254" />
      <source>Hardware…</source>
      <translation>Matériel…</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="256" />
      <source>simulated</source>
      <translation>simulée</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="267" />
      <source>not configured</source>
      <translation>non configuré</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="273" />
      <source>{0}: {1}</source>
      <translation>{0} : {1}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="305" />
      <source>Unknown PIN</source>
      <translation>Code PIN inconnu</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="344" />
      <source>Scan an order slip or a crate to open an order</source>
      <translation>Scannez un bon de commande ou une caisse pour ouvrir une commande</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="349" />
      <source>Sign in first</source>
      <translation>Connectez-vous d'abord</translation>
    </message>
  </context>
  <context>
    <name>ManualWeightPanel</name>
    <message>
      <location filename="../../ui/packing/panels.py" line="134" />
      <source>Manual weight (supervisor): weight in grams</source>
      <translation>Poids manuel (responsable) : poids en grammes</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="135" />
      <source>Record weight</source>
      <translation>Enregistrer le poids</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="136" />
      <source>Cancel (Esc)</source>
      <translation>Annuler (Échap)</translation>
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
      <translation>Frais</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="59" />
      <source>Frozen</source>
      <translation>Surgelé</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="64" />
      <source>to pack</source>
      <translation>à préparer</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="64" />
      <source>partly packed</source>
      <translation>partielle</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="65" />
      <source>packed</source>
      <translation>préparée</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="65" />
      <source>out of tolerance</source>
      <translation>hors tolérance</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="66" />
      <source>short</source>
      <translation>manquant</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="66" />
      <source>substituted</source>
      <translation>remplacée</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="67" />
      <source>removed from the order</source>
      <translation>retirée de la commande</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="73" />
      <source>Misread barcode (bad check digit): scan it again</source>
      <translation>Code-barres mal lu (chiffre de contrôle faux) : scannez à nouveau</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="74" />
      <source>Unknown code</source>
      <translation>Code inconnu</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="75" />
      <source>This barcode is not in the catalogue</source>
      <translation>Ce code-barres n'est pas au catalogue</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="76" />
      <source>This product is not in this order</source>
      <translation>Ce produit ne fait pas partie de cette commande</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="77" />
      <source>This product is packed by another depot</source>
      <translation>Ce produit est préparé par un autre dépôt</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="78" />
      <source>This line is already complete</source>
      <translation>Cette ligne est déjà complète</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="79" />
      <source>This line is already resolved</source>
      <translation>Cette ligne est déjà réglée</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="80" />
      <source>This order is cancelled or delivered</source>
      <translation>Cette commande est annulée ou livrée</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="81" />
      <source>No such order</source>
      <translation>Commande introuvable</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="82" />
      <source>This product is sold per piece, not weighed</source>
      <translation>Ce produit est vendu à la pièce, il ne se pèse pas</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="83" />
      <source>The weight must be above zero</source>
      <translation>Le poids doit être supérieur à zéro</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="84" />
      <source>A supervisor must confirm this</source>
      <translation>Un responsable doit confirmer</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="85" />
      <source>This crate is closed</source>
      <translation>Cette caisse est fermée</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="86" />
      <source>Wrong temperature zone for this crate</source>
      <translation>Mauvaise zone de température pour cette caisse</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="87" />
      <source>This crate belongs to another order</source>
      <translation>Cette caisse appartient à une autre commande</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="88" />
      <source>This crate is empty</source>
      <translation>Cette caisse est vide</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="89" />
      <source>Nothing to undo</source>
      <translation>Rien à annuler</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="90" />
      <source>This weight is within tolerance</source>
      <translation>Ce poids est dans la tolérance</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="91" />
      <source>Choose a reason from the list</source>
      <translation>Choisissez une raison dans la liste</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="92" />
      <source>No item to take out</source>
      <translation>Aucun article à retirer</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="93" />
      <source>Order cancelled centrally: nothing more may be packed. Take its items out of the crates, then press “Done, resolved”</source>
      <translation>Commande annulée par la centrale : plus rien à préparer. Retirez ses articles des caisses, puis appuyez sur « C'est fait, résolu »</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="96" />
      <source>Nothing left to resolve for this order</source>
      <translation>Plus rien à résoudre pour cette commande</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="99" />
      <source>Refused</source>
      <translation>Refusé</translation>
    </message>
  </context>
  <context>
    <name>PackingWidget</name>
    <message>
      <location filename="../../ui/packing/screen.py" line="302" />
      <source>◀ Board (Esc)</source>
      <translation>◀ Tableau (Échap)</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="303" />
      <source>Scale</source>
      <translation>Balance</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="304" />
      <source>Crates</source>
      <translation>Caisses</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="305" />
      <source>Take weight (Space)</source>
      <translation>Prendre le poids (Espace)</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="306" />
      <source>+1 piece</source>
      <translation>+1 pièce</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="306" />
      <source>Short</source>
      <translation>Manquant</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="307" />
      <source>Substitute</source>
      <translation>Remplacer</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="307" />
      <source>New crate</source>
      <translation>Nouvelle caisse</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="308" />
      <source>Close crate</source>
      <translation>Fermer la caisse</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="308" />
      <source>Take out</source>
      <translation>Retirer</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="309" />
      <source>Move to crate</source>
      <translation>Changer de caisse</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="309" />
      <source>Manual weight</source>
      <translation>Poids manuel</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="310" />
      <source>Undo</source>
      <translation>Annuler l'action</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="313" />
      <source>Supervisor PIN</source>
      <translation>Code PIN du responsable</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="329" />
      <source>Not saved: {0}</source>
      <translation>Non enregistré : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="349" />
      <source>Sign in first</source>
      <translation>Connectez-vous d'abord</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="364" />
      <source>Order {0} opened: scan the products</source>
      <translation>Commande {0} ouverte : scannez les produits</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="383" />
      <source>Enter the PIN on the pad</source>
      <translation>Tapez le code PIN sur le pavé</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="401" />
      <source>This product is on several lines: which one?</source>
      <translation>Ce produit figure sur plusieurs lignes : laquelle ?</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="413" />
      <source>{0}: put it on the scale, then Space</source>
      <translation>{0} : posez-le sur la balance, puis Espace</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="460" />
      <source>no reading</source>
      <translation>pas de mesure</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="464" />
      <source>out of range</source>
      <translation>hors plage</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="466" />
      <source>● stable</source>
      <translation>● stable</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="466" />
      <source>… moving</source>
      <translation>… instable</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="498" />
      <location filename="../../ui/packing/screen.py" line="564" />
      <source>Select or scan a product sold per kg first</source>
      <translation>Choisissez ou scannez d'abord un produit vendu au kilo</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="502" />
      <source>This scale is not approved for trade: weigh on an approved scale, or a supervisor enters the weight (F10)</source>
      <translation>Cette balance n'est pas homologuée : pesez sur une balance homologuée, ou un superviseur saisit le poids (F10)</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="508" />
      <source>Wait for a stable weight</source>
      <translation>Attendez un poids stable</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="512" />
      <source>Nothing on the scale</source>
      <translation>Rien sur la balance</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="528" />
      <source>{0}: ordered {1}, weighed {2} ({3:+d} g, allowed ±{4} g).</source>
      <translation>{0} : commandé {1}, pesé {2} ({3:+d} g, toléré ±{4} g).</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="531" />
      <source>Supervisor accepts</source>
      <translation>Le responsable accepte</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="531" />
      <source>Re-weigh (undo)</source>
      <translation>Repeser (annuler)</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="533" />
      <source>Add another piece</source>
      <translation>Ajouter une pièce</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="537" />
      <source>Outside tolerance: a supervisor must accept, or re-weigh</source>
      <translation>Hors tolérance : un responsable doit accepter, ou repesez</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="548" />
      <source>Put the next piece on the scale, then Space</source>
      <translation>Posez la pièce suivante sur la balance, puis Espace</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="557" />
      <source>Accepted by {0}</source>
      <translation>Accepté par {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="593" />
      <source>Not a supervisor PIN</source>
      <translation>Ce n'est pas le code d'un responsable</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="605" />
      <source>Select a line first</source>
      <translation>Choisissez d'abord une ligne</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="624" />
      <source>Short: why can't {0} be packed?</source>
      <translation>Manquant : pourquoi {0} ne peut-il pas être préparé ?</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="625" />
      <source>Substitute: why is {0} replaced?</source>
      <translation>Remplacement : pourquoi {0} est-il remplacé ?</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="646" />
      <source>Undone</source>
      <translation>Action annulée</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="662" />
      <source>New crate {0} ({1})</source>
      <translation>Nouvelle caisse {0} ({1})</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="673" />
      <source>No open crate in this zone</source>
      <translation>Aucune caisse ouverte dans cette zone</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="685" />
      <source>Crate {0} closed: label printed</source>
      <translation>Caisse {0} fermée : étiquette imprimée</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="705" />
      <source>Item taken out of its crate</source>
      <translation>Article retiré de sa caisse</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="715" />
      <source>Open a new crate first (F6), then move</source>
      <translation>Ouvrez d'abord une nouvelle caisse (F6), puis déplacez</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="718" />
      <source>Item moved to crate {0}</source>
      <translation>Article déplacé dans la caisse {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="729" />
      <source>Change resolved</source>
      <translation>Modification résolue</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="751" />
      <source>Order {0} packed: {1} crate labels printed</source>
      <translation>Commande {0} préparée : {1} étiquettes de caisse imprimées</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="803" />
      <source>round {0}, stop {1}</source>
      <translation>tournée {0}, arrêt {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="805" />
      <source>{0}/{1} lines</source>
      <translation>{0}/{1} lignes</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="808" />
      <source>PACKED</source>
      <translation>PRÉPARÉE</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="812" />
      <source>This order was cancelled: do not pack it.</source>
      <translation>Cette commande a été annulée : ne la préparez pas.</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="816" />
      <source>Product</source>
      <translation>Produit</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="816" />
      <source>Producer</source>
      <translation>Producteur</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="816" />
      <source>Ordered</source>
      <translation>Commandé</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="817" />
      <source>Packed</source>
      <translation>Préparé</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="817" />
      <source>Amount</source>
      <translation>Montant</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="817" />
      <source>State</source>
      <translation>État</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="826" />
      <source>crate {0}, items: {1}</source>
      <translation>caisse {0}, articles : {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="827" />
      <location filename="../../ui/packing/screen.py" line="867" />
      <source>no open crate</source>
      <translation>aucune caisse ouverte</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="842" />
      <source>removed: take out</source>
      <translation>supprimée : à retirer</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="866" />
      <source>{0} open, items: {1}</source>
      <translation>{0} ouverte, articles : {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="870" />
      <source>{0} closed</source>
      <translation>{0} fermée(s)</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="877" />
      <source>Scan or select a product sold per kg</source>
      <translation>Scannez ou choisissez un produit vendu au kilo</translation>
    </message>
    <message>
      <location filename="../../ui/packing/screen.py" line="879" />
      <source>{0}: ordered {1} ±{2} %, packed {3}</source>
      <translation>{0} : commandé {1} ±{2} %, préparé {3}</translation>
    </message>
  </context>
  <context>
    <name>PaymentPanel</name>
    <message>
      <location filename="../../ui/counter/payment.py" line="54" />
      <source>Amount (empty: all that is left)</source>
      <translation>Montant (vide : tout le reste)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="56" />
      <source>Card approval code / voucher number</source>
      <translation>Code d'autorisation carte / n° de bon</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="57" />
      <source>Cash</source>
      <translation>Espèces</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="58" />
      <source>Card</source>
      <translation>Carte</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="59" />
      <source>Voucher</source>
      <translation>Bon</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="60" />
      <source>Undo payment</source>
      <translation>Annuler le paiement</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="118" />
      <source>Left to pay: {0}</source>
      <translation>Reste à payer : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="119" />
      <source>cash</source>
      <translation>espèces</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="119" />
      <source>card</source>
      <translation>carte</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="120" />
      <source>voucher</source>
      <translation>bon</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="120" />
      <source>rounding</source>
      <translation>arrondi</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="124" />
      <source>Change: {0}</source>
      <translation>À rendre : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/payment.py" line="132" />
      <source>Type an amount such as 12,50</source>
      <translation>Tapez un montant comme 12,50</translation>
    </message>
  </context>
  <context>
    <name>PickupPanel</name>
    <message>
      <location filename="../../ui/counter/pickup.py" line="52" />
      <source>Customer name or order number, or scan a crate</source>
      <translation>Client ou n° de commande</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="54" />
      <source>Find</source>
      <translation>Chercher</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="70" />
      <source>Previous day (Alt+←)</source>
      <translation>Jour précédent (Alt+←)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="71" />
      <source>Next day (Alt+→)</source>
      <translation>Jour suivant (Alt+→)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="79" />
      <location filename="../../ui/counter/pickup.py" line="279" />
      <source>No order</source>
      <translation>Aucune commande</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="88" />
      <source>Hand over and mark delivered</source>
      <translation>Remettre et marquer livrée</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="140" />
      <source>No round on {0}: next day with rounds</source>
      <translation>Aucune tournée le {0} : voici le prochain jour avec des tournées</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="153" />
      <source>to hand over</source>
      <translation>à remettre</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="153" />
      <source>delivered</source>
      <translation>livrée</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="154" />
      <source>cancelled</source>
      <translation>annulée</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="177" />
      <source>{0} — {1}</source>
      <translation>{0} — {1}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="181" />
      <source>Order {0} was already collected</source>
      <translation>La commande {0} a déjà été retirée</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="183" />
      <source>To pay: {0}</source>
      <translation>À payer : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="208" />
      <source>Crate {0} is not of order {1}</source>
      <translation>La caisse {0} n'est pas de la commande {1}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="212" />
      <source>Scan a crate or an order slip here</source>
      <translation>Scannez ici une caisse ou un bon de commande</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="220" />
      <source>Order {0} is for {1}, not today: check with the customer.</source>
      <translation>La commande {0} est pour le {1}, pas pour aujourd'hui : vérifiez avec le client.</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="235" />
      <source>handed over</source>
      <translation>remise</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="235" />
      <source>not scanned</source>
      <translation>non scannée</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="236" />
      <source>{0}  Crate {1}/{2}  {3}  — {4}</source>
      <translation>{0}  Caisse {1}/{2}  {3}  — {4}</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="256" />
      <source>Press again to hand it over anyway.</source>
      <translation>Appuyez encore pour la remettre quand même.</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="262" />
      <source>Missing crate(s): {0}. Press again to hand over anyway (it will be flagged)</source>
      <translation>Caisse(s) manquante(s) : {0}. Appuyez encore pour remettre quand même (ce sera signalé)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="270" />
      <source>Order {0} delivered</source>
      <translation>Commande {0} livrée</translation>
    </message>
    <message>
      <location filename="../../ui/counter/pickup.py" line="271" />
      <source> — missing crate(s) flagged: {0}</source>
      <translation> — caisse(s) manquante(s) signalée(s) : {0}</translation>
    </message>
  </context>
  <context>
    <name>PinPad</name>
    <message>
      <location filename="../../ui/pin_pad.py" line="58" />
      <source>Enter your PIN</source>
      <translation>Tapez votre code PIN</translation>
    </message>
    <message>
      <location filename="../../ui/pin_pad.py" line="70" />
      <source>Clear</source>
      <translation>Effacer</translation>
    </message>
    <message>
      <location filename="../../ui/pin_pad.py" line="71" />
      <source>OK (Enter)</source>
      <translation>OK (Entrée)</translation>
    </message>
    <message>
      <location filename="../../ui/pin_pad.py" line="72" />
      <source>Cancel (Esc)</source>
      <translation>Annuler (Échap)</translation>
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
      <translation>Annuler</translation>
    </message>
  </context>
  <context>
    <name>Reasons</name>
    <message>
      <location filename="../../ui/packing/panels.py" line="32" />
      <source>Out of stock</source>
      <translation>Rupture de stock</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="33" />
      <source>Damaged</source>
      <translation>Abîmé</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="34" />
      <source>Not delivered by the producer</source>
      <translation>Non livré par le producteur</translation>
    </message>
    <message>
      <location filename="../../ui/packing/panels.py" line="35" />
      <source>Quality not good enough</source>
      <translation>Qualité insuffisante</translation>
    </message>
  </context>
  <context>
    <name>Refusal</name>
    <message numerus="yes">
      <location filename="../../ui/refusals.py" line="27" />
      <source>%n crate(s) missing</source>
      <translation>
        <numerusform>%n caisse manquante</numerusform>
        <numerusform>%n caisses manquantes</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../ui/refusals.py" line="30" />
      <source>%n order(s) still being packed</source>
      <translation>
        <numerusform>%n commande encore en préparation</numerusform>
        <numerusform>%n commandes encore en préparation</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="33" />
      <source>{0} and {1}</source>
      <translation>{0} et {1}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="36" />
      <source>{0}: a supervisor must confirm the departure</source>
      <translation>{0} : un superviseur doit confirmer le départ</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="43" />
      <source>Round {round} has already left</source>
      <translation>La tournée {round} est déjà partie</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="45" />
      <source>Only a supervisor can let a round leave incomplete</source>
      <translation>Seul un superviseur peut laisser partir une tournée incomplète</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="46" />
      <source>Say why the crates stay behind</source>
      <translation>Dites pourquoi les caisses restent au dépôt</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="47" />
      <source>That PIN is not a supervisor's.</source>
      <translation>Ce n'est pas le code d'un responsable.</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="48" />
      <source>The cart is empty</source>
      <translation>Le panier est vide</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="49" />
      <source>The sale is not fully paid</source>
      <translation>La vente n'est pas entièrement payée</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="50" />
      <source>No receipt {receipt} on register {register}</source>
      <translation>Aucun ticket {receipt} sur la caisse {register}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="51" />
      <source>Receipt {receipt} is itself a refund</source>
      <translation>Le ticket {receipt} est lui-même un remboursement</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="52" />
      <source>The refund is not fully paid out</source>
      <translation>Le remboursement n'est pas entièrement versé</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="53" />
      <source>The register is closed: open it with a counted float first</source>
      <translation>La caisse est fermée : ouvrez-la d'abord avec un fond de caisse compté</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="54" />
      <source>The float can't be negative</source>
      <translation>Le fond de caisse ne peut pas être négatif</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="55" />
      <source>Register {register} is already open</source>
      <translation>La caisse {register} est déjà ouverte</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="56" />
      <source>Enter an amount</source>
      <translation>Saisissez un montant</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="57" />
      <source>A cash movement needs a reason</source>
      <translation>Un mouvement de caisse demande un motif</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="58" />
      <source>No crate {crate}</source>
      <translation>Aucune caisse {crate}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="59" />
      <source>No order {order}</source>
      <translation>Aucune commande {order}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="60" />
      <source>Order {order} was already collected</source>
      <translation>La commande {order} a déjà été retirée</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="61" />
      <source>Order {order} is cancelled</source>
      <translation>La commande {order} est annulée</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="62" />
      <source>Crate {crate} is not of order {order}</source>
      <translation>La caisse {crate} n'est pas de la commande {order}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="63" />
      <source>Scan the crates handed over</source>
      <translation>Scannez les caisses remises</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="64" />
      <source>The balance of the order is not paid</source>
      <translation>Le solde de la commande n'est pas payé</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="65" />
      <source>This store is not a depot store (run “cpdesk setup”)</source>
      <translation>Ce fichier n'est pas celui d'un dépôt (lancez « cpdesk setup »)</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="66" />
      <source>Depot {depot} has no central database configured (run “cpdesk setup”)</source>
      <translation>Le dépôt {depot} n'a pas de base centrale configurée (lancez « cpdesk setup »)</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="67" />
      <source>The central password of depot {depot} is missing ({where})</source>
      <translation>Le mot de passe central du dépôt {depot} manque ({where})</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="68" />
      <source>No central database at {db}</source>
      <translation>Aucune base centrale à {db}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="69" />
      <source>A discount is either a percentage or an amount</source>
      <translation>Une remise est soit un pourcentage, soit un montant</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="70" />
      <source>A discount can't exceed 100%</source>
      <translation>Une remise ne peut pas dépasser 100 %</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="71" />
      <source>Nothing to spread a discount over</source>
      <translation>Rien sur quoi répartir une remise</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="72" />
      <source>{name} is sold by weight: weigh it or scan its weight label</source>
      <translation>{name} se vend au poids : pesez-le ou scannez son étiquette de poids</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="73" />
      <source>The quantity must be at least 1</source>
      <translation>La quantité doit être d'au moins 1</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="74" />
      <source>{name} is sold per piece</source>
      <translation>{name} se vend à la pièce</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="75" />
      <source>A weight comes from the scale or a barcode, never typed</source>
      <translation>Un poids vient de la balance ou d'un code-barres, jamais du clavier</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="76" />
      <source>No weight on the scale</source>
      <translation>Aucun poids sur la balance</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="77" />
      <source>A weighed line's quantity comes from the scale</source>
      <translation>La quantité d'une ligne pesée vient de la balance</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="78" />
      <source>The quantity must be at least 1 (remove the line instead)</source>
      <translation>La quantité doit être d'au moins 1 (supprimez plutôt la ligne)</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="79" />
      <source>A discount over {pct}% needs a supervisor</source>
      <translation>Une remise de plus de {pct} % demande un superviseur</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="80" />
      <source>The discount is more than the cart</source>
      <translation>La remise dépasse le panier</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="81" />
      <source>No such line</source>
      <translation>Ligne introuvable</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="82" />
      <source>The amount must be between 0 and what is left to pay</source>
      <translation>Le montant doit être entre 0 et ce qui reste à payer</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="83" />
      <source>Enter the terminal's approval code</source>
      <translation>Saisissez le code d'autorisation du terminal</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="84" />
      <source>Enter the voucher number</source>
      <translation>Saisissez le numéro du bon d'achat</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="85" />
      <source>Nothing left to pay</source>
      <translation>Plus rien à payer</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="86" />
      <source>The cash handed over is less than the amount due</source>
      <translation>Les espèces reçues sont inférieures au montant dû</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="87" />
      <source>Line {line} is not on the receipt</source>
      <translation>La ligne {line} n'est pas sur le ticket</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="88" />
      <source>At most {left} can be returned on line {line}</source>
      <translation>Au plus {left} peuvent être rendus sur la ligne {line}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="89" />
      <source>Choose what is returned</source>
      <translation>Choisissez ce qui est rendu</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="120" />
      <source>connected</source>
      <translation>connectée</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="121" />
      <source>overload</source>
      <translation>surcharge</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="122" />
      <source>under zero</source>
      <translation>sous zéro</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="123" />
      <source>no answer from the scale</source>
      <translation>la balance ne répond pas</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="124" />
      <source>simulated</source>
      <translation>simulée</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="131" />
      <source>unreadable bytes: check the line settings ({0} expected; {1})</source>
      <translation>octets illisibles : vérifiez les réglages de la ligne ({0} attendu ; {1})</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="133" />
      <source>disconnected: {0}</source>
      <translation>déconnectée : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="134" />
      <source>error: {0}</source>
      <translation>erreur : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="142" />
      <source>ready</source>
      <translation>prêtes</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="142" />
      <source>waiting</source>
      <translation>en attente</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="143" />
      <source>printing</source>
      <translation>impression</translation>
    </message>
    <message>
      <location filename="../../ui/refusals.py" line="143" />
      <source>failed</source>
      <translation>échec</translation>
    </message>
  </context>
  <context>
    <name>RegisterPanel</name>
    <message>
      <location filename="../../ui/counter/register.py" line="59" />
      <source>Counted cash, e.g. 150,00</source>
      <translation>Espèces, p. ex. 150,00</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="60" />
      <source>Open the register</source>
      <translation>Ouvrir la caisse enregistreuse</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="61" />
      <source>Close (Z report)</source>
      <translation>Clôturer (rapport Z)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="62" />
      <source>X report</source>
      <translation>Rapport X</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="64" />
      <location filename="../../ui/counter/register.py" line="96" />
      <source>Amount</source>
      <translation>Montant</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="66" />
      <source>Reason</source>
      <translation>Motif</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="67" />
      <source>Cash in</source>
      <translation>Entrée d'espèces</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="68" />
      <source>Cash out</source>
      <translation>Sortie d'espèces</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="78" />
      <source>Register session</source>
      <translation>Session de caisse enregistreuse</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="91" />
      <source>Receipt number</source>
      <translation>N° de ticket</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="92" />
      <source>Find the receipt</source>
      <translation>Chercher le ticket</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="93" />
      <source>Reprint (copy)</source>
      <translation>Réimprimer (copie)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="96" />
      <source>Line</source>
      <translation>Ligne</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="96" />
      <source>Sold</source>
      <translation>Vendu</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="96" />
      <source>Returned</source>
      <translation>Rendu</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="102" />
      <source>Card approval code (card refund)</source>
      <translation>Code d'autorisation (carte)</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="103" />
      <source>Refund in cash</source>
      <translation>Rembourser en espèces</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="104" />
      <source>Refund to card</source>
      <translation>Rembourser sur la carte</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="110" />
      <source>Refund or reprint a receipt</source>
      <translation>Rembourser ou réimprimer un ticket</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="147" />
      <source>Register {0} is closed</source>
      <translation>La caisse enregistreuse {0} est fermée</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="150" />
      <source>Register {0} open since {1} (session {2}, float {3})</source>
      <translation>Caisse enregistreuse {0} ouverte à {1} (session {2}, fonds {3})</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="166" />
      <source>Type an amount such as 150,00</source>
      <translation>Tapez un montant comme 150,00</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="189" />
      <source>Cash movement recorded</source>
      <translation>Mouvement d'espèces enregistré</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="241" />
      <source>Type a receipt number</source>
      <translation>Tapez un n° de ticket</translation>
    </message>
    <message>
      <location filename="../../ui/counter/register.py" line="301" />
      <source>Refund recorded: {0}</source>
      <translation>Remboursement enregistré : {0}</translation>
    </message>
  </context>
  <context>
    <name>StoreProblem</name>
    <message>
      <location filename="../../ui/failures.py" line="24" />
      <source>The disk is full: this was not saved (what the screen shows as done is saved). Free some disk space, then do it again.</source>
      <translation>Le disque est plein : ceci n'a pas été enregistré (ce que l'écran montre comme fait est enregistré). Libérez de la place sur le disque, puis recommencez.</translation>
    </message>
    <message>
      <location filename="../../ui/failures.py" line="28" />
      <source>The depot's data file cannot be read or written: check the disk and the rights on the data folder, then start cpdesk again.</source>
      <translation>Le fichier de données du dépôt ne peut pas être lu ou écrit : vérifiez le disque et les droits sur le dossier de données, puis relancez cpdesk.</translation>
    </message>
    <message>
      <location filename="../../ui/failures.py" line="32" />
      <source>The depot's data file is empty: its data is gone.</source>
      <translation>Le fichier de données du dépôt est vide : ses données sont perdues.</translation>
    </message>
    <message>
      <location filename="../../ui/failures.py" line="35" />
      <source>The depot's data file is not a cpdesk database: it was damaged or overwritten.</source>
      <translation>Le fichier de données du dépôt n'est pas une base cpdesk : il a été endommagé ou écrasé.</translation>
    </message>
    <message>
      <location filename="../../ui/failures.py" line="39" />
      <source>The depot's data file is damaged.</source>
      <translation>Le fichier de données du dépôt est endommagé.</translation>
    </message>
    <message>
      <location filename="../../ui/failures.py" line="40" />
      <source>Stop working on this computer and have it restored from the centre with “cpdesk setup”: the depot's history comes back, the damaged file is kept aside.</source>
      <translation>Arrêtez de travailler sur cet ordinateur et faites-le restaurer depuis la centrale avec « cpdesk setup » : l'historique du dépôt revient, le fichier endommagé est gardé de côté.</translation>
    </message>
  </context>
  <context>
    <name>Sync</name>
    <message>
      <location filename="../../ui/sync_status.py" line="41" />
      <source>not configured: {0}</source>
      <translation>non configurée : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="43" />
      <source>starting…</source>
      <translation>démarrage…</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="46" />
      <source>syncing…</source>
      <translation>synchronisation…</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="48" />
      <source>online</source>
      <translation>en ligne</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="50" />
      <source>offline</source>
      <translation>hors ligne</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="52" />
      <source>last {0}</source>
      <translation>dernière {0}</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="54" />
      <source>{0} waiting</source>
      <translation>{0} en attente</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="56" />
      <source>{0} refused by the centre</source>
      <translation>{0} refusé(s) par le central</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="63" />
      <source>held back at the centre: {0}</source>
      <translation>retenu par la centrale : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" line="66" />
      <source>held back at the centre for {1}: {0}</source>
      <translation>retenu par la centrale depuis {1} : {0}</translation>
    </message>
  </context>
</TS>