<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr" sourcelanguage="en">
  <context>
    <name>BoardModel</name>
    <message>
      <location filename="../../ui/board.py" line="60" />
      <source>to pack</source>
      <translation>à préparer</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="61" />
      <source>in progress</source>
      <translation>en cours</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="62" />
      <source>packed</source>
      <translation>préparée</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="63" />
      <source>delivered</source>
      <translation>livrée</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="64" />
      <source>cancelled</source>
      <translation>annulée</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="65" />
      <source>other depot</source>
      <translation>autre dépôt</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="66" />
      <source>changed centrally</source>
      <translation>modifiée en central</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="81" />
      <source>Stop</source>
      <translation>Arrêt</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="81" />
      <source>Order</source>
      <translation>Commande</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="81" />
      <source>Customer</source>
      <translation>Client</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="81" />
      <source>Commune</source>
      <translation>Commune</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="82" />
      <source>Zones</source>
      <translation>Zones</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="82" />
      <source>Lines</source>
      <translation>Lignes</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="82" />
      <source>Crates</source>
      <translation>Caisses</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="82" />
      <source>State</source>
      <translation>État</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="83" />
      <source>Progress</source>
      <translation>Avancement</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="138" />
      <source>driver: {0}</source>
      <translation>chauffeur : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="139" />
      <source>{0}/{1} orders packed</source>
      <translation>{0}/{1} commandes préparées</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="140" />
      <source>{0}/{1} lines</source>
      <translation>{0}/{1} lignes</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="142" />
      <source>{0} crates</source>
      <translation>{0} caisses</translation>
    </message>
  </context>
  <context>
    <name>BoardWidget</name>
    <message>
      <location filename="../../ui/board.py" line="312" />
      <source>Search order or customer…  (Ctrl+F)</source>
      <translation>Chercher une commande ou un client…  (Ctrl+F)</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="313" />
      <source>Refresh (F5)</source>
      <translation>Actualiser (F5)</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="314" />
      <source>All states</source>
      <translation>Tous les états</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="318" />
      <source>All zones</source>
      <translation>Toutes les zones</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="318" />
      <source>Ambient</source>
      <translation>Ambiant</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="319" />
      <source>Chilled</source>
      <translation>Frais</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="320" />
      <source>Frozen</source>
      <translation>Surgelé</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="322" />
      <location filename="../../ui/board.py" line="368" />
      <source>All rounds</source>
      <translation>Toutes les tournées</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="362" />
      <source>Loading…</source>
      <translation>Chargement…</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="382" />
      <source>{0} rounds · {1}/{2} orders packed · {3} crates</source>
      <translation>{0} tournées · {1}/{2} commandes préparées · {3} caisses</translation>
    </message>
    <message>
      <location filename="../../ui/board.py" line="386" />
      <source>Could not load the board: {0}</source>
      <translation>Impossible de charger le tableau : {0}</translation>
    </message>
  </context>
  <context>
    <name>ChoicePanel</name>
    <message>
      <location filename="../../ui/packing_panels.py" line="65" />
      <source>Cancel (Esc)</source>
      <translation>Annuler (Échap)</translation>
    </message>
  </context>
  <context>
    <name>DashboardStrip</name>
    <message>
      <location filename="../../ui/dashboard.py" line="94" />
      <source>{0}/{1} orders packed</source>
      <translation>{0}/{1} commandes préparées</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="95" />
      <source>{0} crates</source>
      <translation>{0} caisses</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="96" />
      <source>Sync: {0}</source>
      <translation>Synchro : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="97" />
      <source>Scale: {0}</source>
      <translation>Balance : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="99" />
      <source>Printers: {0}</source>
      <translation>Imprimantes : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="99" />
      <source>ready</source>
      <translation>prêtes</translation>
    </message>
    <message>
      <location filename="../../ui/dashboard.py" line="100" />
      <source>Orders packed per hour</source>
      <translation>Commandes préparées par heure</translation>
    </message>
  </context>
  <context>
    <name>HourChart</name>
    <message>
      <location filename="../../ui/dashboard.py" line="17" />
      <source>Orders packed per hour</source>
      <translation>Commandes préparées par heure</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../ui/main_window.py" line="136" />
      <source>cpdesk — {0} depot</source>
      <translation>cpdesk — dépôt {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="137" />
      <source>Depot {0}</source>
      <translation>Dépôt {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="138" />
      <source>Packer: {0}</source>
      <translation>Préparateur : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="139" />
      <source>Nobody signed in</source>
      <translation>Personne n'est connecté</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="140" />
      <source>Switch packer (F12)</source>
      <translation>Changer de préparateur (F12)</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="142" />
      <source>Devices: simulated</source>
      <translation>Appareils : simulés</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="144" />
      <source>Sign in: enter your PIN</source>
      <translation>Connexion : tapez votre code PIN</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="141" />
      <location filename="../../ui/main_window.py" line="145" />
      <source>demo</source>
      <translation>démo</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="141" />
      <source>Sync: {0}</source>
      <translation>Synchro : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="147" />
      <source>simulated</source>
      <translation>simulée</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="171" />
      <source>Unknown PIN</source>
      <translation>Code PIN inconnu</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="196" />
      <source>Scan an order slip or a crate to open an order</source>
      <translation>Scannez un bon de commande ou une caisse pour ouvrir une commande</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="201" />
      <source>Sign in first</source>
      <translation>Connectez-vous d'abord</translation>
    </message>
  </context>
  <context>
    <name>ManualWeightPanel</name>
    <message>
      <location filename="../../ui/packing_panels.py" line="128" />
      <source>Manual weight (supervisor): weight in grams</source>
      <translation>Poids manuel (responsable) : poids en grammes</translation>
    </message>
    <message>
      <location filename="../../ui/packing_panels.py" line="129" />
      <source>Record weight</source>
      <translation>Enregistrer le poids</translation>
    </message>
    <message>
      <location filename="../../ui/packing_panels.py" line="130" />
      <source>Cancel (Esc)</source>
      <translation>Annuler (Échap)</translation>
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
      <translation>Frais</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="51" />
      <source>Frozen</source>
      <translation>Surgelé</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="56" />
      <source>to pack</source>
      <translation>à préparer</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="56" />
      <source>partly packed</source>
      <translation>partielle</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="57" />
      <source>packed</source>
      <translation>préparée</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="57" />
      <source>out of tolerance</source>
      <translation>hors tolérance</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="58" />
      <source>short</source>
      <translation>manquant</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="58" />
      <source>substituted</source>
      <translation>remplacée</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="64" />
      <source>Misread barcode (bad check digit): scan it again</source>
      <translation>Code-barres mal lu (chiffre de contrôle faux) : scannez à nouveau</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="65" />
      <source>Unknown code</source>
      <translation>Code inconnu</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="66" />
      <source>This barcode is not in the catalogue</source>
      <translation>Ce code-barres n'est pas au catalogue</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="67" />
      <source>This product is not in this order</source>
      <translation>Ce produit ne fait pas partie de cette commande</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="68" />
      <source>This product is packed by another depot</source>
      <translation>Ce produit est préparé par un autre dépôt</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="69" />
      <source>This line is already complete</source>
      <translation>Cette ligne est déjà complète</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="70" />
      <source>This line is already resolved</source>
      <translation>Cette ligne est déjà réglée</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="71" />
      <source>This order is cancelled or delivered</source>
      <translation>Cette commande est annulée ou livrée</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="72" />
      <source>No such order</source>
      <translation>Commande introuvable</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="73" />
      <source>This product is sold per piece, not weighed</source>
      <translation>Ce produit est vendu à la pièce, il ne se pèse pas</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="74" />
      <source>The weight must be above zero</source>
      <translation>Le poids doit être supérieur à zéro</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="75" />
      <source>A supervisor must confirm this</source>
      <translation>Un responsable doit confirmer</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="76" />
      <source>This crate is closed</source>
      <translation>Cette caisse est fermée</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="77" />
      <source>Wrong temperature zone for this crate</source>
      <translation>Mauvaise zone de température pour cette caisse</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="78" />
      <source>This crate belongs to another order</source>
      <translation>Cette caisse appartient à une autre commande</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="79" />
      <source>This crate is empty</source>
      <translation>Cette caisse est vide</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="80" />
      <source>Nothing to undo</source>
      <translation>Rien à annuler</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="81" />
      <source>This weight is within tolerance</source>
      <translation>Ce poids est dans la tolérance</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="82" />
      <source>Choose a reason from the list</source>
      <translation>Choisissez une raison dans la liste</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="83" />
      <source>No item to take out</source>
      <translation>Aucun article à retirer</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="85" />
      <source>Refused</source>
      <translation>Refusé</translation>
    </message>
  </context>
  <context>
    <name>PackingWidget</name>
    <message>
      <location filename="../../ui/packing.py" line="266" />
      <source>◀ Board (Esc)</source>
      <translation>◀ Tableau (Échap)</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="267" />
      <source>Scale</source>
      <translation>Balance</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="268" />
      <source>Crates</source>
      <translation>Caisses</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="269" />
      <source>Take weight (Space)</source>
      <translation>Prendre le poids (Espace)</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="270" />
      <source>+1 piece</source>
      <translation>+1 pièce</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="270" />
      <source>Short</source>
      <translation>Manquant</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="271" />
      <source>Substitute</source>
      <translation>Remplacer</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="271" />
      <source>New crate</source>
      <translation>Nouvelle caisse</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="272" />
      <source>Close crate</source>
      <translation>Fermer la caisse</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="272" />
      <source>Take out</source>
      <translation>Retirer</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="273" />
      <source>Move to crate</source>
      <translation>Changer de caisse</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="273" />
      <source>Manual weight</source>
      <translation>Poids manuel</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="274" />
      <source>Undo</source>
      <translation>Annuler l'action</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="277" />
      <source>Supervisor PIN</source>
      <translation>Code PIN du responsable</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="293" />
      <source>Not saved: {0}</source>
      <translation>Non enregistré : {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="311" />
      <source>Sign in first</source>
      <translation>Connectez-vous d'abord</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="326" />
      <source>Order {0} opened: scan the products</source>
      <translation>Commande {0} ouverte : scannez les produits</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="345" />
      <source>Enter the PIN on the pad</source>
      <translation>Tapez le code PIN sur le pavé</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="363" />
      <source>This product is on several lines: which one?</source>
      <translation>Ce produit figure sur plusieurs lignes : laquelle ?</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="375" />
      <source>{0}: put it on the scale, then Space</source>
      <translation>{0} : posez-le sur la balance, puis Espace</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="422" />
      <source>no reading</source>
      <translation>pas de mesure</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="426" />
      <source>out of range</source>
      <translation>hors plage</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="428" />
      <source>● stable</source>
      <translation>● stable</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="428" />
      <source>… moving</source>
      <translation>… instable</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="459" />
      <location filename="../../ui/packing.py" line="520" />
      <source>Select or scan a product sold per kg first</source>
      <translation>Choisissez ou scannez d'abord un produit vendu au kilo</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="464" />
      <source>Wait for a stable weight</source>
      <translation>Attendez un poids stable</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="468" />
      <source>Nothing on the scale</source>
      <translation>Rien sur la balance</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="484" />
      <source>{0}: ordered {1}, weighed {2} ({3:+d} g, allowed ±{4} g).</source>
      <translation>{0} : commandé {1}, pesé {2} ({3:+d} g, toléré ±{4} g).</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="487" />
      <source>Supervisor accepts</source>
      <translation>Le responsable accepte</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="487" />
      <source>Re-weigh (undo)</source>
      <translation>Repeser (annuler)</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="489" />
      <source>Add another piece</source>
      <translation>Ajouter une pièce</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="493" />
      <source>Outside tolerance: a supervisor must accept, or re-weigh</source>
      <translation>Hors tolérance : un responsable doit accepter, ou repesez</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="504" />
      <source>Put the next piece on the scale, then Space</source>
      <translation>Posez la pièce suivante sur la balance, puis Espace</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="513" />
      <source>Accepted by {0}</source>
      <translation>Accepté par {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="549" />
      <source>Not a supervisor PIN</source>
      <translation>Ce n'est pas le code d'un responsable</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="561" />
      <source>Select a line first</source>
      <translation>Choisissez d'abord une ligne</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="580" />
      <source>Short: why can't {0} be packed?</source>
      <translation>Manquant : pourquoi {0} ne peut-il pas être préparé ?</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="581" />
      <source>Substitute: why is {0} replaced?</source>
      <translation>Remplacement : pourquoi {0} est-il remplacé ?</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="602" />
      <source>Undone</source>
      <translation>Action annulée</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="618" />
      <source>New crate {0} ({1})</source>
      <translation>Nouvelle caisse {0} ({1})</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="629" />
      <source>No open crate in this zone</source>
      <translation>Aucune caisse ouverte dans cette zone</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="641" />
      <source>Crate {0} closed: label printed</source>
      <translation>Caisse {0} fermée : étiquette imprimée</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="661" />
      <source>Item taken out of its crate</source>
      <translation>Article retiré de sa caisse</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="671" />
      <source>Open a new crate first (F6), then move</source>
      <translation>Ouvrez d'abord une nouvelle caisse (F6), puis déplacez</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="674" />
      <source>Item moved to crate {0}</source>
      <translation>Article déplacé dans la caisse {0}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="693" />
      <source>Order {0} packed: {1} crate labels printed</source>
      <translation>Commande {0} préparée : {1} étiquettes de caisse imprimées</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="744" />
      <source>round {0}, stop {1}</source>
      <translation>tournée {0}, arrêt {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="746" />
      <source>{0}/{1} lines</source>
      <translation>{0}/{1} lignes</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="749" />
      <source>PACKED</source>
      <translation>PRÉPARÉE</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="753" />
      <source>This order was cancelled: do not pack it.</source>
      <translation>Cette commande a été annulée : ne la préparez pas.</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="755" />
      <source>This order was changed centrally since packing started: check the lines.</source>
      <translation>Cette commande a été modifiée en central depuis le début de la préparation : vérifiez les lignes.</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="759" />
      <source>Product</source>
      <translation>Produit</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="759" />
      <source>Producer</source>
      <translation>Producteur</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="759" />
      <source>Ordered</source>
      <translation>Commandé</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="760" />
      <source>Packed</source>
      <translation>Préparé</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="760" />
      <source>Amount</source>
      <translation>Montant</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="760" />
      <source>State</source>
      <translation>État</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="769" />
      <source>crate {0}, items: {1}</source>
      <translation>caisse {0}, articles : {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="770" />
      <location filename="../../ui/packing.py" line="808" />
      <source>no open crate</source>
      <translation>aucune caisse ouverte</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="807" />
      <source>{0} open, items: {1}</source>
      <translation>{0} ouverte, articles : {1}</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="811" />
      <source>{0} closed</source>
      <translation>{0} fermée(s)</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="818" />
      <source>Scan or select a product sold per kg</source>
      <translation>Scannez ou choisissez un produit vendu au kilo</translation>
    </message>
    <message>
      <location filename="../../ui/packing.py" line="820" />
      <source>{0}: ordered {1} ±{2} %, packed {3}</source>
      <translation>{0} : commandé {1} ±{2} %, préparé {3}</translation>
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
    <name>Reasons</name>
    <message>
      <location filename="../../ui/packing_panels.py" line="27" />
      <source>Out of stock</source>
      <translation>Rupture de stock</translation>
    </message>
    <message>
      <location filename="../../ui/packing_panels.py" line="28" />
      <source>Damaged</source>
      <translation>Abîmé</translation>
    </message>
    <message>
      <location filename="../../ui/packing_panels.py" line="29" />
      <source>Not delivered by the producer</source>
      <translation>Non livré par le producteur</translation>
    </message>
    <message>
      <location filename="../../ui/packing_panels.py" line="30" />
      <source>Quality not good enough</source>
      <translation>Qualité insuffisante</translation>
    </message>
  </context>
</TS>