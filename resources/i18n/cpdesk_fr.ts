<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Something went wrong</source>
        <translation>Un problème est survenu</translation>
    </message>
    <message>
        <source>{0}

The details are in the log: {1}</source>
        <translation>{0}

Les détails sont dans le journal&#xa0;: {1}</translation>
    </message>
</context>
<context>
    <name>BoardModel</name>
    <message>
        <source>to pack</source>
        <translation>à préparer</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>en cours</translation>
    </message>
    <message>
        <source>packed</source>
        <translation>préparée</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>livrée</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
    <message>
        <source>other depot</source>
        <translation>autre dépôt</translation>
    </message>
    <message>
        <source>changed centrally</source>
        <translation>modifiée en central</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêt</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Zones</source>
        <translation>Zones</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <source>Crates</source>
        <translation>Caisses</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Avancement</translation>
    </message>
    <message>
        <source>driver: {0}</source>
        <translation>chauffeur&#xa0;: {0}</translation>
    </message>
    <message>
        <source>{0}/{1} orders packed</source>
        <translation>{0}/{1} commandes préparées</translation>
    </message>
    <message>
        <source>{0}/{1} lines</source>
        <translation>{0}/{1} lignes</translation>
    </message>
    <message numerus="yes">
        <source>%n crate(s)</source>
        <translation>
            <numerusform>%n caisse</numerusform>
            <numerusform>%n caisses</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ {0} crates {1}/{2} places</source>
        <translation>⚠ caisses {0}&#xa0;: {1}/{2} places</translation>
    </message>
</context>
<context>
    <name>BoardWidget</name>
    <message>
        <source>Order, customer…</source>
        <translation>Commande, client…</translation>
    </message>
    <message>
        <source>Search an order (number) or a customer (Ctrl+F)</source>
        <translation>Chercher une commande (numéro) ou un client (Ctrl+F)</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>Actualiser (F5)</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Tous les états</translation>
    </message>
    <message>
        <source>All zones</source>
        <translation>Toutes les zones</translation>
    </message>
    <message>
        <source>Ambient</source>
        <translation>Ambiant</translation>
    </message>
    <message>
        <source>Chilled</source>
        <translation>Frais</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>Surgelé</translation>
    </message>
    <message>
        <source>All rounds</source>
        <translation>Toutes les tournées</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message numerus="yes">
        <source>%n round(s)</source>
        <translation>
            <numerusform>%n tournée</numerusform>
            <numerusform>%n tournées</numerusform>
        </translation>
    </message>
    <message>
        <source>{0}/{1} orders packed</source>
        <translation>{0}/{1} commandes préparées</translation>
    </message>
    <message numerus="yes">
        <source>%n crate(s)</source>
        <translation>
            <numerusform>%n caisse</numerusform>
            <numerusform>%n caisses</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not load the board: {0}</source>
        <translation>Impossible de charger le tableau&#xa0;: {0}</translation>
    </message>
    <message>
        <source>Delivery note {0}…</source>
        <translation>Bon de livraison {0}…</translation>
    </message>
    <message>
        <source>Crate labels of {0}…</source>
        <translation>Étiquettes de caisse de {0}…</translation>
    </message>
    <message>
        <source>Van manifest {0}…</source>
        <translation>Feuille de route {0}…</translation>
    </message>
    <message>
        <source>Pick list of round {0}…</source>
        <translation>Liste de cueillette de la tournée {0}…</translation>
    </message>
    <message>
        <source>Pick list of the day…</source>
        <translation>Liste de cueillette du jour…</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>Qty / weight</source>
        <translation>Qté / poids</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Remise</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>weight from the {0}</source>
        <translation>poids venant de&#xa0;: {0}</translation>
    </message>
</context>
<context>
    <name>ChangePanel</name>
    <message>
        <source>Done, resolved</source>
        <translation>C&apos;est fait, résolu</translation>
    </message>
    <message>
        <source>Order cancelled centrally</source>
        <translation>Commande annulée par la centrale</translation>
    </message>
    <message>
        <source>Take everything out of its crates: {0}</source>
        <translation>Retirez tout de ses caisses&#xa0;: {0}</translation>
    </message>
    <message>
        <source>Its crates are empty: nothing to take out</source>
        <translation>Ses caisses sont vides&#xa0;: rien à retirer</translation>
    </message>
    <message>
        <source>Nothing more may be packed for this order.</source>
        <translation>Plus rien ne peut être préparé pour cette commande.</translation>
    </message>
    <message>
        <source>Order changed centrally</source>
        <translation>Commande modifiée par la centrale</translation>
    </message>
    <message>
        <source>New line, to pack: {0} × {1}</source>
        <translation>Nouvelle ligne, à préparer&#xa0;: {0} × {1}</translation>
    </message>
    <message>
        <source>More ordered, to pack: {0}: {1} → {2}</source>
        <translation>Quantité augmentée, à préparer&#xa0;: {0}&#xa0;: {1} → {2}</translation>
    </message>
    <message>
        <source>When it is done, press “Done, resolved”.</source>
        <translation>Quand c&apos;est fait, appuyez sur «&#x202f;C&apos;est fait, résolu&#x202f;».</translation>
    </message>
    <message>
        <source>Removed: {0}</source>
        <translation>Retirée&#xa0;: {0}</translation>
    </message>
    <message>
        <source>Reduced: {0}: {1} → {2}</source>
        <translation>Quantité réduite&#xa0;: {0}&#xa0;: {1} → {2}</translation>
    </message>
    <message>
        <source>nothing to take out</source>
        <translation>rien à retirer</translation>
    </message>
    <message>
        <source>take {0} out of crate {1}</source>
        <translation>retirez {0} de la caisse {1}</translation>
    </message>
</context>
<context>
    <name>ChoicePanel</name>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Annuler (Échap)</translation>
    </message>
</context>
<context>
    <name>CounterPins</name>
    <message>
        <source>Your PIN to serve at the counter</source>
        <translation>Votre code PIN pour servir au comptoir</translation>
    </message>
    <message>
        <source>{0}: a supervisor&apos;s PIN is needed</source>
        <translation>{0}&#xa0;: code PIN d&apos;un responsable requis</translation>
    </message>
    <message>
        <source>Unknown PIN</source>
        <translation>Code PIN inconnu</translation>
    </message>
    <message>
        <source>That is not a supervisor&apos;s PIN</source>
        <translation>Ce n&apos;est pas le code d&apos;un responsable</translation>
    </message>
</context>
<context>
    <name>CounterWidget</name>
    <message>
        <source>Sale</source>
        <translation>Vente</translation>
    </message>
    <message>
        <source>Pick-up</source>
        <translation>Retrait</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Caisse enregistreuse</translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation>Personne n&apos;est connecté</translation>
    </message>
    <message>
        <source>Sign in (PIN)</source>
        <translation>Connexion (PIN)</translation>
    </message>
    <message>
        <source>Switch user (F12)</source>
        <translation>Changer d&apos;utilisateur (F12)</translation>
    </message>
    <message>
        <source>Register {0}</source>
        <translation>Caisse enregistreuse {0}</translation>
    </message>
    <message>
        <source>Sign in with your PIN first</source>
        <translation>Connectez-vous d&apos;abord avec votre code PIN</translation>
    </message>
    <message>
        <source>Scale: no reading</source>
        <translation>Balance&#xa0;: pas de mesure</translation>
    </message>
    <message>
        <source>Take the weight</source>
        <translation>Prendre le poids</translation>
    </message>
    <message>
        <source>Name, producer, code</source>
        <translation>Nom, producteur, code</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>Supprimer la ligne</translation>
    </message>
    <message>
        <source>10% or 2,50</source>
        <translation>10% ou 2,50</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>Remise ligne</translation>
    </message>
    <message>
        <source>Cart discount</source>
        <translation>Remise panier</translation>
    </message>
    <message>
        <source>Cancel sale</source>
        <translation>Annuler la vente</translation>
    </message>
    <message>
        <source>/kg</source>
        <translation>/kg</translation>
    </message>
    <message>
        <source>A payment was taken: undo it before changing the cart</source>
        <translation>Un paiement a été encaissé&#xa0;: annulez-le avant de modifier le panier</translation>
    </message>
    <message>
        <source>{0}: this scale is not approved for trade; sell it by a weight label or on an approved scale</source>
        <translation>{0}&#xa0;: cette balance n&apos;est pas homologuée&#x202f;; vendez-le avec une étiquette de poids ou sur une balance homologuée</translation>
    </message>
    <message>
        <source>{0}: waiting for a stable weight on the scale</source>
        <translation>{0}&#xa0;: en attente d&apos;un poids stable sur la balance</translation>
    </message>
    <message>
        <source>stable</source>
        <translation>stable</translation>
    </message>
    <message>
        <source>moving</source>
        <translation>instable</translation>
    </message>
    <message>
        <source>out of range</source>
        <translation>hors plage</translation>
    </message>
    <message>
        <source>Scale: {0} ({1})</source>
        <translation>Balance&#xa0;: {0} ({1})</translation>
    </message>
    <message>
        <source>The catalogue is still loading</source>
        <translation>Le catalogue est encore en cours de chargement</translation>
    </message>
    <message>
        <source>Unknown code {0}</source>
        <translation>Code inconnu {0}</translation>
    </message>
    <message>
        <source>Type 10% or an amount such as 2,50</source>
        <translation>Tapez 10% ou un montant comme 2,50</translation>
    </message>
    <message>
        <source>discounts {0}</source>
        <translation>remises {0}</translation>
    </message>
    <message>
        <source>VAT {0}%: {1} of {2}</source>
        <translation>TVA {0}&#xa0;%&#xa0;: {1} sur {2}</translation>
    </message>
    <message>
        <source>Receipt {0} recorded. Change: {1}</source>
        <translation>Ticket {0} enregistré. À rendre&#xa0;: {1}</translation>
    </message>
</context>
<context>
    <name>DashboardStrip</name>
    <message>
        <source>{0}/{1} orders packed</source>
        <translation>{0}/{1} commandes préparées</translation>
    </message>
    <message numerus="yes">
        <source>%n crate(s)</source>
        <translation>
            <numerusform>%n caisse</numerusform>
            <numerusform>%n caisses</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync: {0}</source>
        <translation>Synchro&#xa0;: {0}</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>démo</translation>
    </message>
    <message>
        <source>Scale: {0}</source>
        <translation>Balance&#xa0;: {0}</translation>
    </message>
    <message>
        <source>Printers: {0}</source>
        <translation>Imprimantes&#xa0;: {0}</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>prêtes</translation>
    </message>
    <message>
        <source>Orders packed per hour</source>
        <translation>Commandes préparées par heure</translation>
    </message>
    <message>
        <source>{0} facts refused by the centre: not delivered, sent again at each sync; a supervisor must settle them</source>
        <translation>{0} faits refusés par le central&#xa0;: non transmis, renvoyés à chaque synchro&#x202f;; un responsable doit les régler</translation>
    </message>
    <message>
        <source>{0} ({1}, {2}): {3}</source>
        <translation>{0} ({1}, {2})&#xa0;: {3}</translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation>… et {0} de plus</translation>
    </message>
</context>
<context>
    <name>DayNavigator</name>
    <message>
        <source>No round on {0}: next day with rounds</source>
        <translation>Aucune tournée le {0}&#xa0;: voici le prochain jour avec des tournées</translation>
    </message>
    <message>
        <source>Previous day (Alt+←)</source>
        <translation>Jour précédent (Alt+←)</translation>
    </message>
    <message>
        <source>Next day (Alt+→)</source>
        <translation>Jour suivant (Alt+→)</translation>
    </message>
</context>
<context>
    <name>DemoScalePanel</name>
    <message>
        <source>Simulated scale (demo)</source>
        <translation>Balance simulée (démo)</translation>
    </message>
    <message>
        <source>Moving</source>
        <translation>Instable</translation>
    </message>
    <message>
        <source>Overload</source>
        <translation>Surcharge</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <source>Scale</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>Label printer</source>
        <translation>Imprimante d&apos;étiquettes</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Imprimante de tickets</translation>
    </message>
    <message>
        <source>A4 printer</source>
        <translation>Imprimante A4</translation>
    </message>
    <message>
        <source>Scanner {0}</source>
        <translation>Scanner {0}</translation>
    </message>
    <message>
        <source>ready</source>
        <translatorcomment>A device&apos;s state after its name (Balance : fonctionne), not the printers&apos; &apos;ready&apos; (prêtes): no gender or number to agree with.</translatorcomment>
        <translation>fonctionne</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>non configuré</translation>
    </message>
    <message>
        <source>overload</source>
        <translation>surcharge</translation>
    </message>
    <message>
        <source>under zero</source>
        <translation>sous zéro</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>pas de réponse</translation>
    </message>
    <message>
        <source>unreadable bytes: check the line settings</source>
        <translation>octets illisibles&#xa0;: vérifiez les réglages de la ligne</translation>
    </message>
    <message>
        <source>absent or unplugged ({0})</source>
        <translation>absent ou débranché ({0})</translation>
    </message>
    <message>
        <source>disconnected ({0})</source>
        <translation>déconnecté ({0})</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>injoignable</translation>
    </message>
    <message>
        <source>does not answer</source>
        <translation>ne répond pas</translation>
    </message>
    <message>
        <source>out of paper</source>
        <translation>plus de papier</translation>
    </message>
    <message>
        <source>stopped in CUPS</source>
        <translation>arrêtée dans CUPS</translation>
    </message>
    <message>
        <source>{0} since {1}</source>
        <translation>{0} depuis {1}</translation>
    </message>
</context>
<context>
    <name>DocumentPreview</name>
    <message>
        <source>Print…</source>
        <translation>Imprimer…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Enregistrer en PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>The printer refused the job</source>
        <translation>L&apos;imprimante a refusé l&apos;impression</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Enregistrer en PDF</translation>
    </message>
</context>
<context>
    <name>FirstStartWidget</name>
    <message>
        <source>The centre cannot be reached: check its address and port, and the network (the server may be down)</source>
        <translation>Le centre est injoignable&#xa0;: vérifiez son adresse et son port, et le réseau (le serveur est peut-être arrêté)</translation>
    </message>
    <message>
        <source>The centre refused the login or its password: paste the credentials again (a new &apos;add-depot&apos; gives a new password)</source>
        <translation>Le centre a refusé l&apos;identifiant ou son mot de passe&#xa0;: collez à nouveau les identifiants (un nouveau &apos;add-depot&apos; donne un nouveau mot de passe)</translation>
    </message>
    <message>
        <source>The address demands an encrypted (TLS) connection but the centre does not offer one: check the sslmode in the address</source>
        <translation>L&apos;adresse exige une connexion chiffrée (TLS) mais le centre n&apos;en propose pas&#xa0;: vérifiez le sslmode dans l&apos;adresse</translation>
    </message>
    <message>
        <source>The centre&apos;s certificate is not trusted by this computer: install the centre&apos;s certificate authority, or check the centre&apos;s name</source>
        <translation>Cet ordinateur ne fait pas confiance au certificat du centre&#xa0;: installez l&apos;autorité de certification du centre, ou vérifiez le nom du centre</translation>
    </message>
    <message>
        <source>The centre has no such database: check the database name in the address</source>
        <translation>Le centre n&apos;a pas cette base de données&#xa0;: vérifiez son nom dans l&apos;adresse</translation>
    </message>
    <message>
        <source>These credentials belong to another depot</source>
        <translation>Ces identifiants sont ceux d&apos;un autre dépôt</translation>
    </message>
    <message>
        <source>That is not a centre address (postgresql://user:password@host/database)</source>
        <translation>Ce n&apos;est pas une adresse de centre (postgresql://utilisateur:motdepasse@hôte/base)</translation>
    </message>
    <message>
        <source>The centre answered with an error</source>
        <translation>Le centre a répondu par une erreur</translation>
    </message>
    <message>
        <source>Setting up this depot workstation</source>
        <translation>Installation de ce poste de dépôt</translation>
    </message>
    <message>
        <source>This computer has no depot store yet. Give the depot&apos;s code and the centre&apos;s credentials (as &apos;cpdesk central add-depot --json&apos; printed them: paste them or open the file), test the connection, then the first sync fills the store.</source>
        <translation>Cet ordinateur n&apos;a pas encore de base de dépôt. Indiquez le code du dépôt et les identifiants du centre (tels que &apos;cpdesk central add-depot --json&apos; les a affichés&#xa0;: collez-les ou ouvrez le fichier), testez la connexion, puis la première synchronisation remplit la base.</translation>
    </message>
    <message>
        <source>Depot code</source>
        <translation>Code du dépôt</translation>
    </message>
    <message>
        <source>Centre address</source>
        <translation>Adresse du centre</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>PIN key (pin_pepper)</source>
        <translation>Clé des PIN (pin_pepper)</translation>
    </message>
    <message>
        <source>Or paste the credentials (JSON)</source>
        <translation>Ou collez les identifiants (JSON)</translation>
    </message>
    <message>
        <source>Open the credentials file…</source>
        <translation>Ouvrir le fichier d&apos;identifiants…</translation>
    </message>
    <message>
        <source>Test the connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <source>Set up and sync</source>
        <translation>Installer et synchroniser</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>The first sync of depot {0} was not finished: resume it.</source>
        <translation>La première synchronisation du dépôt {0} n&apos;était pas finie&#xa0;: reprenez-la.</translation>
    </message>
    <message>
        <source>Credentials file</source>
        <translation>Fichier d&apos;identifiants</translation>
    </message>
    <message>
        <source>there is no such file</source>
        <translation>ce fichier n&apos;existe pas</translation>
    </message>
    <message>
        <source>this user may not read it</source>
        <translation>cet utilisateur n&apos;a pas le droit de le lire</translation>
    </message>
    <message>
        <source>it is not a text file</source>
        <translation>ce n&apos;est pas un fichier texte</translation>
    </message>
    <message>
        <source>Cannot read {0}: {1}</source>
        <translation>Impossible de lire {0}&#xa0;: {1}</translation>
    </message>
    <message>
        <source>Give the depot code</source>
        <translation>Indiquez le code du dépôt</translation>
    </message>
    <message>
        <source>Give the centre&apos;s address, or paste the credentials</source>
        <translation>Indiquez l&apos;adresse du centre, ou collez les identifiants</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Test de la connexion…</translation>
    </message>
    <message>
        <source>Connected: the centre knows depot {0}.</source>
        <translation>Connecté&#xa0;: le centre connaît le dépôt {0}.</translation>
    </message>
    <message>
        <source>First sync of depot {0}…</source>
        <translation>Première synchronisation du dépôt {0}…</translation>
    </message>
    <message>
        <source>Depot {0} is ready.</source>
        <translation>Le dépôt {0} est prêt.</translation>
    </message>
    <message>
        <source>Stopped. What was pulled is kept: resume when you want.</source>
        <translation>Arrêté. Ce qui a été reçu est gardé&#xa0;: reprenez quand vous voulez.</translation>
    </message>
    <message>
        <source>The first sync failed: {0}. What was pulled is kept: resume when the centre is back.</source>
        <translation>La première synchronisation a échoué&#xa0;: {0}. Ce qui a été reçu est gardé&#xa0;: reprenez quand le centre sera de retour.</translation>
    </message>
    <message>
        <source>{0} / {1} changes</source>
        <translation>{0} / {1} changements</translation>
    </message>
</context>
<context>
    <name>Formats</name>
    <message>
        <source>en_BE</source>
        <comment>the locale of this language for money and dates: fr_BE, nl_BE or de_BE</comment>
        <translation>fr_BE</translation>
    </message>
</context>
<context>
    <name>HardwareSettingsDialog</name>
    <message>
        <source>Hardware</source>
        <translation>Matériel</translation>
    </message>
    <message>
        <source>Legal for trade (only stable readings are booked)</source>
        <translation>Usage légal (seules les pesées stables sont enregistrées)</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêtée</translation>
    </message>
    <message>
        <source>Port (URL)</source>
        <translation>Port (URL)</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocole</translation>
    </message>
    <message>
        <source>Request (regex)</source>
        <translation>Requête (regex)</translation>
    </message>
    <message>
        <source>Pattern (regex)</source>
        <translation>Motif (regex)</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Ligne série</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Réglages</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Mesure</translation>
    </message>
    <message>
        <source>Raw bytes</source>
        <translation>Octets bruts</translation>
    </message>
    <message>
        <source>Live view</source>
        <translation>En direct</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>Print test page</source>
        <translation>Imprimer une page de test</translation>
    </message>
    <message>
        <source>Printer (URL)</source>
        <translation>Imprimante (URL)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langage</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Cash drawer on the receipt printer</source>
        <translation>Tiroir-caisse sur l&apos;imprimante de tickets</translation>
    </message>
    <message>
        <source>Receipt width (mm)</source>
        <translation>Largeur des tickets (mm)</translation>
    </message>
    <message>
        <source>Labels: dpi, size (mm)</source>
        <translation>Étiquettes&#xa0;: dpi, taille (mm)</translation>
    </message>
    <message>
        <source>CUPS queue name, or a folder for the PDFs</source>
        <translation>nom de la file CUPS, ou un dossier pour les PDF</translation>
    </message>
    <message>
        <source>A4 printer</source>
        <translation>Imprimante A4</translation>
    </message>
    <message>
        <source>Save to the station file</source>
        <translation>Enregistrer dans le fichier du poste</translation>
    </message>
    <message>
        <source>Scanners</source>
        <translation>Scanners</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>Imprimantes</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>Non enregistré&#xa0;: {0}</translation>
    </message>
    <message>
        <source>Saved in {0}; in use as soon as this window is closed.</source>
        <translation>Enregistré dans {0}&#x202f;; en service dès la fermeture de cette fenêtre.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>printing…</source>
        <translation>impression…</translation>
    </message>
    <message>
        <source>overload</source>
        <translation>surcharge</translation>
    </message>
    <message>
        <source>under zero</source>
        <translation>sous zéro</translation>
    </message>
    <message>
        <source>moving (no weight)</source>
        <translation>instable (pas de poids)</translation>
    </message>
    <message>
        <source>net</source>
        <translation>net</translation>
    </message>
    <message>
        <source>gross</source>
        <translation>brut</translation>
    </message>
    <message>
        <source>stable</source>
        <translation>stable</translation>
    </message>
    <message>
        <source>moving</source>
        <translation>instable</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>near end</source>
        <translation>presque fini</translation>
    </message>
    <message>
        <source>out</source>
        <translation>épuisé</translation>
    </message>
    <message>
        <source>printed ({0} paper)</source>
        <translation>imprimée (papier&#xa0;: {0})</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>{0} {1} {2}</source>
        <comment>a weight in grams, net or gross, stable or moving</comment>
        <translation>{0} {1} {2}</translation>
    </message>
    <message>
        <source>paper near end</source>
        <translation>papier presque fini</translation>
    </message>
    <message>
        <source>failed: {0}</source>
        <translation>échec&#xa0;: {0}</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>erreur inconnue</translation>
    </message>
</context>
<context>
    <name>HourChart</name>
    <message>
        <source>Orders packed per hour</source>
        <translation>Commandes préparées par heure</translation>
    </message>
</context>
<context>
    <name>Loading</name>
    <message>
        <source>on the van</source>
        <translation>dans la camionnette</translation>
    </message>
    <message>
        <source>to load</source>
        <translation>à charger</translation>
    </message>
    <message>
        <source>still at its depot</source>
        <translation>encore à son dépôt</translation>
    </message>
    <message>
        <source>in transit</source>
        <translation>en transit</translation>
    </message>
    <message>
        <source>at the wrong depot!</source>
        <translation>au mauvais dépôt&#x202f;!</translation>
    </message>
    <message>
        <source>being packed</source>
        <translation>en préparation</translation>
    </message>
</context>
<context>
    <name>LoadingWidget</name>
    <message>
        <source>Stop / crate</source>
        <translation>Arrêt / caisse</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Zone</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Dépôt</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Où</translation>
    </message>
    <message>
        <source>Mark departed (F9)</source>
        <translation>Marquer le départ (F9)</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>Code PIN du responsable</translation>
    </message>
    <message>
        <source>producer delivery late</source>
        <translation>livraison du producteur en retard</translation>
    </message>
    <message>
        <source>crate damaged</source>
        <translation>caisse abîmée</translation>
    </message>
    <message>
        <source>customer will collect at the depot</source>
        <translation>le client viendra la chercher au dépôt</translation>
    </message>
    <message>
        <source>Leave without them</source>
        <translation>Partir sans elles</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Scan: load the van</source>
        <translation>Scan&#xa0;: charger la camionnette</translation>
    </message>
    <message>
        <source>Scan: take off the van</source>
        <translation>Scan&#xa0;: retirer de la camionnette</translation>
    </message>
    <message>
        <source>Scan: send to another depot</source>
        <translation>Scan&#xa0;: envoyer à un autre dépôt</translation>
    </message>
    <message>
        <source>Scan: receive from another depot</source>
        <translation>Scan&#xa0;: recevoir d&apos;un autre dépôt</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Tournée</translation>
    </message>
    <message>
        <source>No round leaves from this depot on {0}</source>
        <translation>Aucune tournée ne part de ce dépôt le {0}</translation>
    </message>
    <message>
        <source>departed</source>
        <translation>partie</translation>
    </message>
    <message>
        <source>loading</source>
        <translation>en chargement</translation>
    </message>
    <message>
        <source>{0} · {1} · {2}/{3} crates on the van · {4}</source>
        <translation>{0} · {1} · {2}/{3} caisses dans la camionnette · {4}</translation>
    </message>
    <message>
        <source>Too many {0} crates: {1} for {2} places</source>
        <translation>Trop de caisses {0}&#xa0;: {1} pour {2} places</translation>
    </message>
    <message>
        <source>Stop {0} — {1}, {2}</source>
        <translation>Arrêt {0} — {1}, {2}</translation>
    </message>
    <message>
        <source>{0}: still being packed</source>
        <translation>{0}&#xa0;: encore en préparation</translation>
    </message>
    <message>
        <source>Choose a round and sign in before scanning crates</source>
        <translation>Choisissez une tournée et connectez-vous avant de scanner des caisses</translation>
    </message>
    <message>
        <source>Round {0} has left.</source>
        <translation>La tournée {0} est partie.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>cpdesk — {0} depot</source>
        <translation>cpdesk — dépôt {0}</translation>
    </message>
    <message>
        <source>Depot {0}</source>
        <translation>Dépôt {0}</translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation>Personne n&apos;est connecté</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Synchroniser</translation>
    </message>
    <message>
        <source>Devices: simulated</source>
        <translation>Appareils&#xa0;: simulés</translation>
    </message>
    <message>
        <source>Sign in: enter your PIN</source>
        <translation>Connexion&#xa0;: tapez votre code PIN</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>démo</translation>
    </message>
    <message>
        <source>Scale: {0}</source>
        <translation>Balance&#xa0;: {0}</translation>
    </message>
    <message>
        <source>Sync: {0}</source>
        <translation>Synchro&#xa0;: {0}</translation>
    </message>
    <message>
        <source>Board (Ctrl+1)</source>
        <translation>Tableau (Ctrl+1)</translation>
    </message>
    <message>
        <source>Signed in: {0}</source>
        <translation>Connecté&#xa0;: {0}</translation>
    </message>
    <message>
        <source>Switch user (F12)</source>
        <translation>Changer d&apos;utilisateur (F12)</translation>
    </message>
    <message>
        <source>Counter (Ctrl+2)</source>
        <translation>Comptoir (Ctrl+2)</translation>
    </message>
    <message>
        <source>Loading (Ctrl+3)</source>
        <translation>Chargement (Ctrl+3)</translation>
    </message>
    <message>
        <source>Hardware…</source>
        <translation>Matériel…</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>simulée</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>non configuré</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}&#xa0;: {1}</translation>
    </message>
    <message>
        <source>Unknown PIN</source>
        <translation>Code PIN inconnu</translation>
    </message>
    <message>
        <source>Scan an order slip or a crate to open an order</source>
        <translation>Scannez un bon de commande ou une caisse pour ouvrir une commande</translation>
    </message>
    <message>
        <source>Sign in first</source>
        <translation>Connectez-vous d&apos;abord</translation>
    </message>
</context>
<context>
    <name>ManualWeightPanel</name>
    <message>
        <source>Manual weight (supervisor): weight in grams</source>
        <translation>Poids manuel (responsable)&#xa0;: poids en grammes</translation>
    </message>
    <message>
        <source>Record weight</source>
        <translation>Enregistrer le poids</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Annuler (Échap)</translation>
    </message>
</context>
<context>
    <name>OrderView</name>
    <message>
        <source>round {0}, stop {1}</source>
        <translation>tournée {0}, arrêt {1}</translation>
    </message>
    <message>
        <source>{0}/{1} lines</source>
        <translation>{0}/{1} lignes</translation>
    </message>
    <message>
        <source>PACKED</source>
        <translation>PRÉPARÉE</translation>
    </message>
    <message>
        <source>This order was cancelled: do not pack it.</source>
        <translation>Cette commande a été annulée&#xa0;: ne la préparez pas.</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>Producer</source>
        <translation>Producteur</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>Commandé</translation>
    </message>
    <message>
        <source>Packed</source>
        <translation>Préparé</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>crate {0}, items: {1}</source>
        <translation>caisse {0}, articles&#xa0;: {1}</translation>
    </message>
    <message>
        <source>no open crate</source>
        <translation>aucune caisse ouverte</translation>
    </message>
    <message>
        <source>removed: take out</source>
        <translation>supprimée&#xa0;: à retirer</translation>
    </message>
    <message>
        <source>{0} open, items: {1}</source>
        <translation>{0} ouverte, articles&#xa0;: {1}</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <comment>a temperature zone: its crates</comment>
        <translation>{0}&#xa0;: {1}</translation>
    </message>
    <message>
        <source>{0} closed</source>
        <translation>{0} fermée(s)</translation>
    </message>
</context>
<context>
    <name>PackingScreen</name>
    <message>
        <source>to pack</source>
        <translation>à préparer</translation>
    </message>
    <message>
        <source>partly packed</source>
        <translation>partielle</translation>
    </message>
    <message>
        <source>packed</source>
        <translation>préparée</translation>
    </message>
    <message>
        <source>out of tolerance</source>
        <translation>hors tolérance</translation>
    </message>
    <message>
        <source>short</source>
        <translation>manquant</translation>
    </message>
    <message>
        <source>substituted</source>
        <translation>remplacée</translation>
    </message>
    <message>
        <source>removed from the order</source>
        <translation>retirée de la commande</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refusé</translation>
    </message>
</context>
<context>
    <name>PackingWidget</name>
    <message>
        <source>◀ Board (Esc)</source>
        <translation>◀ Tableau (Échap)</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>Crates</source>
        <translation>Caisses</translation>
    </message>
    <message>
        <source>Take weight (Space)</source>
        <translation>Prendre le poids (Espace)</translation>
    </message>
    <message>
        <source>+1 piece</source>
        <translation>+1 pièce</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>Manquant</translation>
    </message>
    <message>
        <source>Substitute</source>
        <translation>Remplacer</translation>
    </message>
    <message>
        <source>New crate</source>
        <translation>Nouvelle caisse</translation>
    </message>
    <message>
        <source>Close crate</source>
        <translation>Fermer la caisse</translation>
    </message>
    <message>
        <source>Take out</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Move to crate</source>
        <translation>Changer de caisse</translation>
    </message>
    <message>
        <source>Manual weight</source>
        <translation>Poids manuel</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Annuler l&apos;action</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>Code PIN du responsable</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>Non enregistré&#xa0;: {0}</translation>
    </message>
    <message>
        <source>Sign in first</source>
        <translation>Connectez-vous d&apos;abord</translation>
    </message>
    <message>
        <source>Order {0} opened: scan the products</source>
        <translation>Commande {0} ouverte&#xa0;: scannez les produits</translation>
    </message>
    <message>
        <source>This product is on several lines: which one?</source>
        <translation>Ce produit figure sur plusieurs lignes&#xa0;: laquelle&#x202f;?</translation>
    </message>
    <message>
        <source>{0}: put it on the scale, then Space</source>
        <translation>{0}&#xa0;: posez-le sur la balance, puis Espace</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <comment>a product: what is packed of it</comment>
        <translation>{0}&#xa0;: {1}</translation>
    </message>
    <message>
        <source>Select a line first</source>
        <translation>Choisissez d&apos;abord une ligne</translation>
    </message>
    <message>
        <source>Short: why can&apos;t {0} be packed?</source>
        <translation>Manquant&#xa0;: pourquoi {0} ne peut-il pas être préparé&#x202f;?</translation>
    </message>
    <message>
        <source>Substitute: why is {0} replaced?</source>
        <translation>Remplacement&#xa0;: pourquoi {0} est-il remplacé&#x202f;?</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>Action annulée</translation>
    </message>
    <message>
        <source>New crate {0} ({1})</source>
        <translation>Nouvelle caisse {0} ({1})</translation>
    </message>
    <message>
        <source>No open crate in this zone</source>
        <translation>Aucune caisse ouverte dans cette zone</translation>
    </message>
    <message>
        <source>Crate {0} closed: label printed</source>
        <translation>Caisse {0} fermée&#xa0;: étiquette imprimée</translation>
    </message>
    <message>
        <source>Item taken out of its crate</source>
        <translation>Article retiré de sa caisse</translation>
    </message>
    <message>
        <source>Open a new crate first (F6), then move</source>
        <translation>Ouvrez d&apos;abord une nouvelle caisse (F6), puis déplacez</translation>
    </message>
    <message>
        <source>Item moved to crate {0}</source>
        <translation>Article déplacé dans la caisse {0}</translation>
    </message>
    <message>
        <source>Change resolved</source>
        <translation>Modification résolue</translation>
    </message>
    <message>
        <source>Order {0} packed: {1} crate labels printed</source>
        <translation>Commande {0} préparée&#xa0;: {1} étiquettes de caisse imprimées</translation>
    </message>
</context>
<context>
    <name>PaymentPanel</name>
    <message>
        <source>Amount (empty: all that is left)</source>
        <translation>Montant (vide&#xa0;: tout le reste)</translation>
    </message>
    <message>
        <source>Approval code / voucher number</source>
        <translation>Code d&apos;autorisation / n° de bon</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Espèces</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>Bon</translation>
    </message>
    <message>
        <source>Undo payment</source>
        <translation>Annuler le paiement</translation>
    </message>
    <message>
        <source>Left to pay: {0}</source>
        <translation>Reste à payer&#xa0;: {0}</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>espèces</translation>
    </message>
    <message>
        <source>card</source>
        <translation>carte</translation>
    </message>
    <message>
        <source>voucher</source>
        <translation>bon</translation>
    </message>
    <message>
        <source>rounding</source>
        <translation>arrondi</translation>
    </message>
    <message>
        <source>Change: {0}</source>
        <translation>À rendre&#xa0;: {0}</translation>
    </message>
    <message>
        <source>Type an amount such as 12,50</source>
        <translation>Tapez un montant comme 12,50</translation>
    </message>
</context>
<context>
    <name>PickupPanel</name>
    <message>
        <source>Find</source>
        <translation>Chercher</translation>
    </message>
    <message>
        <source>No order</source>
        <translation>Aucune commande</translation>
    </message>
    <message>
        <source>Hand over and mark delivered</source>
        <translation>Remettre et marquer livrée</translation>
    </message>
    <message>
        <source>to hand over</source>
        <translation>à remettre</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>livrée</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
    <message>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <source>Order {0} was already collected</source>
        <translation>La commande {0} a déjà été retirée</translation>
    </message>
    <message>
        <source>To pay: {0}</source>
        <translation>À payer&#xa0;: {0}</translation>
    </message>
    <message>
        <source>Customer or order number</source>
        <translation>Client ou n° de commande</translation>
    </message>
    <message>
        <source>Crate {0} is not of order {1}</source>
        <translation>La caisse {0} n&apos;est pas de la commande {1}</translation>
    </message>
    <message>
        <source>Scan a crate or an order slip here</source>
        <translation>Scannez ici une caisse ou un bon de commande</translation>
    </message>
    <message>
        <source>Order {0} is for {1}, not today: check with the customer.</source>
        <translation>La commande {0} est pour le {1}, pas pour aujourd&apos;hui&#xa0;: vérifiez avec le client.</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>remise</translation>
    </message>
    <message>
        <source>not scanned</source>
        <translation>non scannée</translation>
    </message>
    <message>
        <source>{0}  Crate {1}/{2}  {3}  — {4}</source>
        <translation>{0}  Caisse {1}/{2}  {3}  — {4}</translation>
    </message>
    <message>
        <source>Press again to hand it over anyway.</source>
        <translation>Appuyez encore pour la remettre quand même.</translation>
    </message>
    <message>
        <source>Missing crate(s): {0}. Press again to hand over anyway (it will be flagged)</source>
        <translation>Caisse(s) manquante(s)&#xa0;: {0}. Appuyez encore pour remettre quand même (ce sera signalé)</translation>
    </message>
    <message>
        <source>Order {0} delivered</source>
        <translation>Commande {0} livrée</translation>
    </message>
    <message>
        <source> — missing crate(s) flagged: {0}</source>
        <translation> — caisse(s) manquante(s) signalée(s)&#xa0;: {0}</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Enter your PIN</source>
        <translation>Tapez votre code PIN</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <source>OK (Enter)</source>
        <translation>OK (Entrée)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Annuler (Échap)</translation>
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
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>Out of stock</source>
        <translation>Rupture de stock</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>Abîmé</translation>
    </message>
    <message>
        <source>Not delivered by the producer</source>
        <translation>Non livré par le producteur</translation>
    </message>
    <message>
        <source>Quality not good enough</source>
        <translation>Qualité insuffisante</translation>
    </message>
</context>
<context>
    <name>ReceiptPrinting</name>
    <message>
        <source>No receipt printer: receipt saved as {0}</source>
        <translation>Pas d&apos;imprimante à tickets&#xa0;: ticket enregistré sous {0}</translation>
    </message>
</context>
<context>
    <name>Refusal</name>
    <message numerus="yes">
        <source>%n crate(s) missing</source>
        <translation>
            <numerusform>%n caisse manquante</numerusform>
            <numerusform>%n caisses manquantes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) still being packed</source>
        <translation>
            <numerusform>%n commande encore en préparation</numerusform>
            <numerusform>%n commandes encore en préparation</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} and {1}</source>
        <translation>{0} et {1}</translation>
    </message>
    <message>
        <source>{0}: a supervisor must confirm the departure</source>
        <translation>{0}&#xa0;: un superviseur doit confirmer le départ</translation>
    </message>
    <message>
        <source>Unknown crate {crate}</source>
        <translation>Caisse inconnue {crate}</translation>
    </message>
    <message>
        <source>Round {round} has already left</source>
        <translation>La tournée {round} est déjà partie</translation>
    </message>
    <message>
        <source>Crate {crate} belongs to round {other}, stop {other_stop}, not to {round}</source>
        <translation>La caisse {crate} est pour la tournée {other}, arrêt {other_stop}, pas pour {round}</translation>
    </message>
    <message>
        <source>Crate {crate} is still open: close it at packing first</source>
        <translation>La caisse {crate} est encore ouverte&#xa0;: fermez-la d&apos;abord à la préparation</translation>
    </message>
    <message>
        <source>Crate {crate} is already on the van</source>
        <translation>La caisse {crate} est déjà dans la camionnette</translation>
    </message>
    <message>
        <source>Crate {crate} loaded for stop {stop}</source>
        <translation>Caisse {crate} chargée pour l&apos;arrêt {stop}</translation>
    </message>
    <message>
        <source>Crate {crate} taken off the van</source>
        <translation>Caisse {crate} retirée de la camionnette</translation>
    </message>
    <message>
        <source>Crate {crate} has no round</source>
        <translation>La caisse {crate} n&apos;a pas de tournée</translation>
    </message>
    <message>
        <source>Crate {crate} was packed at {depot}, not here</source>
        <translation>La caisse {crate} a été préparée à {depot}, pas ici</translation>
    </message>
    <message>
        <source>Crate {crate} leaves for {depot} (round {round})</source>
        <translation>La caisse {crate} part pour {depot} (tournée {round})</translation>
    </message>
    <message>
        <source>Crate {crate} arrived at the wrong depot: its round {round} leaves from {depot}</source>
        <translation>Caisse {crate} arrivée au mauvais dépôt&#xa0;: sa tournée {round} part de {depot}</translation>
    </message>
    <message>
        <source>Crate {crate} received for round {round}</source>
        <translation>Caisse {crate} reçue pour la tournée {round}</translation>
    </message>
    <message>
        <source>Only a supervisor can let a round leave incomplete</source>
        <translation>Seul un superviseur peut laisser partir une tournée incomplète</translation>
    </message>
    <message>
        <source>Say why the crates stay behind</source>
        <translation>Dites pourquoi les caisses restent au dépôt</translation>
    </message>
    <message>
        <source>That PIN is not a supervisor&apos;s.</source>
        <translation>Ce n&apos;est pas le code d&apos;un responsable.</translation>
    </message>
    <message>
        <source>Misread barcode (bad check digit): scan it again</source>
        <translation>Code-barres mal lu (chiffre de contrôle faux)&#xa0;: scannez à nouveau</translation>
    </message>
    <message>
        <source>Unknown code</source>
        <translation>Code inconnu</translation>
    </message>
    <message>
        <source>This barcode is not in the catalogue</source>
        <translation>Ce code-barres n&apos;est pas au catalogue</translation>
    </message>
    <message>
        <source>This product is not in this order</source>
        <translation>Ce produit ne fait pas partie de cette commande</translation>
    </message>
    <message>
        <source>This product is packed by another depot</source>
        <translation>Ce produit est préparé par un autre dépôt</translation>
    </message>
    <message>
        <source>This line is already complete</source>
        <translation>Cette ligne est déjà complète</translation>
    </message>
    <message>
        <source>This line is already packed in full: take an item out first (F8)</source>
        <translation>Cette ligne est déjà entièrement préparée&#xa0;: retirez d&apos;abord un article (F8)</translation>
    </message>
    <message>
        <source>This line is already resolved</source>
        <translation>Cette ligne est déjà réglée</translation>
    </message>
    <message>
        <source>This order is cancelled or delivered</source>
        <translation>Cette commande est annulée ou livrée</translation>
    </message>
    <message>
        <source>No such order</source>
        <translation>Commande introuvable</translation>
    </message>
    <message>
        <source>This product is sold per piece, not weighed</source>
        <translation>Ce produit est vendu à la pièce, il ne se pèse pas</translation>
    </message>
    <message>
        <source>The weight must be above zero</source>
        <translation>Le poids doit être supérieur à zéro</translation>
    </message>
    <message>
        <source>A supervisor must confirm this</source>
        <translation>Un responsable doit confirmer</translation>
    </message>
    <message>
        <source>This crate is closed</source>
        <translation>Cette caisse est fermée</translation>
    </message>
    <message>
        <source>Wrong temperature zone for this crate</source>
        <translation>Mauvaise zone de température pour cette caisse</translation>
    </message>
    <message>
        <source>This crate belongs to another order</source>
        <translation>Cette caisse appartient à une autre commande</translation>
    </message>
    <message>
        <source>This crate is empty</source>
        <translation>Cette caisse est vide</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Rien à annuler</translation>
    </message>
    <message>
        <source>This weight is within tolerance</source>
        <translation>Ce poids est dans la tolérance</translation>
    </message>
    <message>
        <source>Choose a reason from the list</source>
        <translation>Choisissez une raison dans la liste</translation>
    </message>
    <message>
        <source>No item to take out</source>
        <translation>Aucun article à retirer</translation>
    </message>
    <message>
        <source>Order cancelled centrally: nothing more may be packed. Take its items out of the crates, then press “Done, resolved”</source>
        <translation>Commande annulée par la centrale&#xa0;: plus rien à préparer. Retirez ses articles des caisses, puis appuyez sur «&#x202f;C&apos;est fait, résolu&#x202f;»</translation>
    </message>
    <message>
        <source>Nothing left to resolve for this order</source>
        <translation>Plus rien à résoudre pour cette commande</translation>
    </message>
    <message>
        <source>The cart is empty</source>
        <translation>Le panier est vide</translation>
    </message>
    <message>
        <source>The sale is not fully paid</source>
        <translation>La vente n&apos;est pas entièrement payée</translation>
    </message>
    <message>
        <source>No receipt {receipt} on register {register}</source>
        <translation>Aucun ticket {receipt} sur la caisse {register}</translation>
    </message>
    <message>
        <source>Receipt {receipt} is itself a refund</source>
        <translation>Le ticket {receipt} est lui-même un remboursement</translation>
    </message>
    <message>
        <source>The refund is not fully paid out</source>
        <translation>Le remboursement n&apos;est pas entièrement versé</translation>
    </message>
    <message>
        <source>The register is closed: open it with a counted float first</source>
        <translation>La caisse est fermée&#xa0;: ouvrez-la d&apos;abord avec un fond de caisse compté</translation>
    </message>
    <message>
        <source>The float can&apos;t be negative</source>
        <translation>Le fond de caisse ne peut pas être négatif</translation>
    </message>
    <message>
        <source>Register {register} is already open</source>
        <translation>La caisse {register} est déjà ouverte</translation>
    </message>
    <message>
        <source>Enter an amount</source>
        <translation>Saisissez un montant</translation>
    </message>
    <message>
        <source>A cash movement needs a reason</source>
        <translation>Un mouvement de caisse demande un motif</translation>
    </message>
    <message>
        <source>No crate {crate}</source>
        <translation>Aucune caisse {crate}</translation>
    </message>
    <message>
        <source>No order {order}</source>
        <translation>Aucune commande {order}</translation>
    </message>
    <message>
        <source>No round {round}</source>
        <translation>Aucune tournée {round}</translation>
    </message>
    <message>
        <source>No depot {depot}</source>
        <translation>Aucun dépôt {depot}</translation>
    </message>
    <message>
        <source>No register session {session}</source>
        <translation>Aucune session de caisse {session}</translation>
    </message>
    <message>
        <source>Order {order} was already collected</source>
        <translation>La commande {order} a déjà été retirée</translation>
    </message>
    <message>
        <source>Order {order} is cancelled</source>
        <translation>La commande {order} est annulée</translation>
    </message>
    <message>
        <source>Crate {crate} is not of order {order}</source>
        <translation>La caisse {crate} n&apos;est pas de la commande {order}</translation>
    </message>
    <message>
        <source>Scan the crates handed over</source>
        <translation>Scannez les caisses remises</translation>
    </message>
    <message>
        <source>The balance of the order is not paid</source>
        <translation>Le solde de la commande n&apos;est pas payé</translation>
    </message>
    <message>
        <source>This store is not a depot store (run “cpdesk setup”)</source>
        <translation>Ce fichier n&apos;est pas celui d&apos;un dépôt (lancez «&#x202f;cpdesk setup&#x202f;»)</translation>
    </message>
    <message>
        <source>The depot&apos;s data were written by a newer version of cpdesk (schema {schema}): install that version or a newer one. The data are left as they were.</source>
        <translation>Les données du dépôt ont été écrites par une version plus récente de cpdesk (schéma {schema})&#xa0;: installez cette version ou une plus récente. Les données sont laissées telles quelles.</translation>
    </message>
    <message>
        <source>Depot {depot} has no central database configured (run “cpdesk setup”)</source>
        <translation>Le dépôt {depot} n&apos;a pas de base centrale configurée (lancez «&#x202f;cpdesk setup&#x202f;»)</translation>
    </message>
    <message>
        <source>The central password of depot {depot} is missing ({where})</source>
        <translation>Le mot de passe central du dépôt {depot} manque ({where})</translation>
    </message>
    <message>
        <source>No central database at {db}</source>
        <translation>Aucune base centrale à {db}</translation>
    </message>
    <message>
        <source>The pasted credentials are not valid JSON ({detail}, line {line})</source>
        <translation>Les identifiants collés ne sont pas du JSON valide ({detail}, ligne {line})</translation>
    </message>
    <message>
        <source>The credentials need “depot” and “url” (the output of “cpdesk central add-depot CODE --json”)</source>
        <translation>Les identifiants doivent contenir «&#x202f;depot&#x202f;» et «&#x202f;url&#x202f;» (la sortie de «&#x202f;cpdesk central add-depot CODE --json&#x202f;»)</translation>
    </message>
    <message>
        <source>These credentials are for depot {other}, not {depot}</source>
        <translation>Ces identifiants sont ceux du dépôt {other}, pas de {depot}</translation>
    </message>
    <message>
        <source>Give the depot code with a centre address</source>
        <translation>Indiquez le code du dépôt avec une adresse du central</translation>
    </message>
    <message>
        <source>That is not a centre address (postgresql://user:password@host/database)</source>
        <translation>Ce n&apos;est pas une adresse du central (postgresql://utilisateur:motdepasse@hôte/base)</translation>
    </message>
    <message>
        <source>The credentials need the depot&apos;s PIN key (“pin_pepper”, printed by &apos;cpdesk central add-depot CODE --json&apos;): without it nobody can sign in</source>
        <translation>Les identifiants doivent contenir la clé des PIN du dépôt («&#x202f;pin_pepper&#x202f;», affichée par &apos;cpdesk central add-depot CODE --json&apos;)&#xa0;: sans elle, personne ne peut se connecter</translation>
    </message>
    <message>
        <source>The PIN key (“pin_pepper”) is 64 hexadecimal digits, as &apos;cpdesk central add-depot&apos; prints it</source>
        <translation>La clé des PIN («&#x202f;pin_pepper&#x202f;») compte 64 chiffres hexadécimaux, telle que &apos;cpdesk central add-depot&apos; l&apos;affiche</translation>
    </message>
    <message>
        <source>The credentials&apos; “ca” is no PEM certificate (as &apos;cpdesk central add-depot --ca CA.pem&apos; puts it)</source>
        <translation>Le «&#x202f;ca&#x202f;» des identifiants n&apos;est pas un certificat PEM (tel que &apos;cpdesk central add-depot --ca CA.pem&apos; le met)</translation>
    </message>
    <message>
        <source>Too many wrong PINs: sign-in is locked until {until}</source>
        <translation>Trop de codes PIN erronés&#xa0;: connexion bloquée jusqu&apos;à {until}</translation>
    </message>
    <message>
        <source>The regex protocol needs a reply pattern (and usually a request)</source>
        <translation>Le protocole regex demande un motif de réponse (et souvent une requête)</translation>
    </message>
    <message>
        <source>The reply pattern is not a valid regular expression ({detail})</source>
        <translation>Le motif de réponse n&apos;est pas une expression régulière valide ({detail})</translation>
    </message>
    <message>
        <source>The reply pattern needs a (?P&lt;weight&gt;...) group</source>
        <translation>Le motif de réponse doit contenir un groupe (?P&lt;weight&gt;...)</translation>
    </message>
    <message>
        <source>Unknown scale protocol {name} (known: {known})</source>
        <translation>Protocole de balance inconnu {name} (connus&#xa0;: {known})</translation>
    </message>
    <message>
        <source>A discount is either a percentage or an amount</source>
        <translation>Une remise est soit un pourcentage, soit un montant</translation>
    </message>
    <message>
        <source>A discount can&apos;t exceed 100%</source>
        <translation>Une remise ne peut pas dépasser 100 %</translation>
    </message>
    <message>
        <source>Nothing to spread a discount over</source>
        <translation>Rien sur quoi répartir une remise</translation>
    </message>
    <message>
        <source>{name} is sold by weight: weigh it or scan its weight label</source>
        <translation>{name} se vend au poids&#xa0;: pesez-le ou scannez son étiquette de poids</translation>
    </message>
    <message>
        <source>The quantity must be at least 1</source>
        <translation>La quantité doit être d&apos;au moins 1</translation>
    </message>
    <message>
        <source>{name} is sold per piece</source>
        <translation>{name} se vend à la pièce</translation>
    </message>
    <message>
        <source>A weight comes from the scale or a barcode, never typed</source>
        <translation>Un poids vient de la balance ou d&apos;un code-barres, jamais du clavier</translation>
    </message>
    <message>
        <source>No weight on the scale</source>
        <translation>Aucun poids sur la balance</translation>
    </message>
    <message>
        <source>A weighed line&apos;s quantity comes from the scale</source>
        <translation>La quantité d&apos;une ligne pesée vient de la balance</translation>
    </message>
    <message>
        <source>The quantity must be at least 1 (remove the line instead)</source>
        <translation>La quantité doit être d&apos;au moins 1 (supprimez plutôt la ligne)</translation>
    </message>
    <message>
        <source>A discount over {pct}% needs a supervisor</source>
        <translation>Une remise de plus de {pct}&#xa0;% demande un superviseur</translation>
    </message>
    <message>
        <source>The discount is more than the cart</source>
        <translation>La remise dépasse le panier</translation>
    </message>
    <message>
        <source>No such line</source>
        <translation>Ligne introuvable</translation>
    </message>
    <message>
        <source>The amount must be between 0 and what is left to pay</source>
        <translation>Le montant doit être entre 0 et ce qui reste à payer</translation>
    </message>
    <message>
        <source>Enter the terminal&apos;s approval code</source>
        <translation>Saisissez le code d&apos;autorisation du terminal</translation>
    </message>
    <message>
        <source>Enter the voucher number</source>
        <translation>Saisissez le numéro du bon d&apos;achat</translation>
    </message>
    <message>
        <source>Nothing left to pay</source>
        <translation>Plus rien à payer</translation>
    </message>
    <message>
        <source>The cash handed over is less than the amount due</source>
        <translation>Les espèces reçues sont inférieures au montant dû</translation>
    </message>
    <message>
        <source>Line {line} is not on the receipt</source>
        <translation>La ligne {line} n&apos;est pas sur le ticket</translation>
    </message>
    <message>
        <source>At most {left} can be returned on line {line}</source>
        <translation>Au plus {left} peuvent être rendus sur la ligne {line}</translation>
    </message>
    <message>
        <source>Choose what is returned</source>
        <translation>Choisissez ce qui est rendu</translation>
    </message>
    <message>
        <source>No crate of {order} at {depot} yet</source>
        <translation>Pas encore de caisse de {order} à {depot}</translation>
    </message>
    <message>
        <source>it refers to something the centre does not have</source>
        <translation>il renvoie à quelque chose que le central n&apos;a pas</translation>
    </message>
    <message>
        <source>the centre already has it</source>
        <translation>le central l&apos;a déjà</translation>
    </message>
    <message>
        <source>this depot may not record it</source>
        <translation>ce dépôt n&apos;a pas le droit de l&apos;enregistrer</translation>
    </message>
    <message>
        <source>the centre&apos;s rules refuse one of its values</source>
        <translation>les règles du central refusent une de ses valeurs</translation>
    </message>
    <message>
        <source>the centre could not store it</source>
        <translation>le central n&apos;a pas pu l&apos;enregistrer</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>connectée</translation>
    </message>
    <message>
        <source>overload</source>
        <translation>surcharge</translation>
    </message>
    <message>
        <source>under zero</source>
        <translation>sous zéro</translation>
    </message>
    <message>
        <source>no answer from the scale</source>
        <translation>la balance ne répond pas</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>simulée</translation>
    </message>
    <message>
        <source>unreadable bytes: check the line settings ({0} expected; {1})</source>
        <translation>octets illisibles&#xa0;: vérifiez les réglages de la ligne ({0} attendu&#x202f;; {1})</translation>
    </message>
    <message>
        <source>disconnected: {0}</source>
        <translation>déconnectée&#xa0;: {0}</translation>
    </message>
    <message>
        <source>error: {0}</source>
        <translation>erreur&#xa0;: {0}</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>prêtes</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>printing</source>
        <translation>impression</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
</context>
<context>
    <name>RegisterPanel</name>
    <message>
        <source>Counted cash, e.g. 150,00</source>
        <translation>Espèces, p. ex. 150,00</translation>
    </message>
    <message>
        <source>Open the register</source>
        <translation>Ouvrir la caisse enregistreuse</translation>
    </message>
    <message>
        <source>Close (Z report)</source>
        <translation>Clôturer (rapport Z)</translation>
    </message>
    <message>
        <source>X report</source>
        <translation>Rapport X</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>Entrée d&apos;espèces</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>Sortie d&apos;espèces</translation>
    </message>
    <message>
        <source>Register session</source>
        <translation>Session de caisse enregistreuse</translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation>N° de ticket</translation>
    </message>
    <message>
        <source>Find the receipt</source>
        <translation>Chercher le ticket</translation>
    </message>
    <message>
        <source>Reprint (copy)</source>
        <translation>Réimprimer (copie)</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>Vendu</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Rendu</translation>
    </message>
    <message>
        <source>Card approval code (card refund)</source>
        <translation>Code d&apos;autorisation (carte)</translation>
    </message>
    <message>
        <source>Refund in cash</source>
        <translation>Rembourser en espèces</translation>
    </message>
    <message>
        <source>Refund to card</source>
        <translation>Rembourser sur la carte</translation>
    </message>
    <message>
        <source>Refund or reprint a receipt</source>
        <translation>Rembourser ou réimprimer un ticket</translation>
    </message>
    <message>
        <source>Register {0} is closed</source>
        <translation>La caisse enregistreuse {0} est fermée</translation>
    </message>
    <message>
        <source>Register {0} open since {1} (session {2}, float {3})</source>
        <translation>Caisse enregistreuse {0} ouverte à {1} (session {2}, fonds {3})</translation>
    </message>
    <message>
        <source>Type an amount such as 150,00</source>
        <translation>Tapez un montant comme 150,00</translation>
    </message>
    <message>
        <source>Cash movement recorded</source>
        <translation>Mouvement d&apos;espèces enregistré</translation>
    </message>
    <message>
        <source>Type a receipt number</source>
        <translation>Tapez un n° de ticket</translation>
    </message>
    <message>
        <source>Refund recorded: {0}</source>
        <translation>Remboursement enregistré&#xa0;: {0}</translation>
    </message>
</context>
<context>
    <name>ScannersPanel</name>
    <message>
        <source>Automatic</source>
        <translation>Automatique</translation>
    </message>
    <message>
        <source>As this keyboard</source>
        <translation>Comme ce clavier</translation>
    </message>
    <message>
        <source>US (QWERTY) on AZERTY</source>
        <translation>US (QWERTY) sur AZERTY</translation>
    </message>
    <message>
        <source>Keyboard layout</source>
        <translation>Disposition du clavier</translation>
    </message>
    <message>
        <source>Keyboard scanners (wedge)</source>
        <translation>Scanners en mode clavier</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Port (URL)</source>
        <translation>Port (URL)</translation>
    </message>
    <message>
        <source>Speed (baud)</source>
        <translation>Vitesse (bauds)</translation>
    </message>
    <message>
        <source>Serial and USB scanners</source>
        <translation>Scanners série et USB</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Codes read</source>
        <translation>Codes lus</translation>
    </message>
    <message>
        <source>Raw bytes</source>
        <translation>Octets bruts</translation>
    </message>
    <message>
        <source>Live view of the selected scanner</source>
        <translation>En direct&#xa0;: le scanner choisi</translation>
    </message>
    <message>
        <source>serial scanner {0} has no port: choose one or remove it</source>
        <translation>le scanner série {0} n&apos;a pas de port&#xa0;: choisissez-en un ou retirez-le</translation>
    </message>
    <message>
        <source>(no port yet)</source>
        <translation>(pas encore de port)</translation>
    </message>
    <message>
        <source>A scanner typing with a US layout on this AZERTY keyboard is recognised and its codes mapped back.</source>
        <translation>Un scanner qui tape en disposition US sur ce clavier AZERTY est reconnu et ses codes sont corrigés.</translation>
    </message>
    <message>
        <source>The scanner types with this computer&apos;s keyboard layout: its codes are used as they are typed.</source>
        <translation>Le scanner tape avec la disposition du clavier de cet ordinateur&#xa0;: ses codes sont pris tels quels.</translation>
    </message>
    <message>
        <source>The scanner types with a US layout on this AZERTY keyboard: every code is mapped back.</source>
        <translation>Le scanner tape en disposition US sur ce clavier AZERTY&#xa0;: chaque code est corrigé.</translation>
    </message>
    <message>
        <source>choose its port first</source>
        <translation>choisissez d&apos;abord son port</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>not a code the desk reads</source>
        <translation>code que l&apos;application ne connaît pas</translation>
    </message>
    <message>
        <source>product barcode</source>
        <translation>code-barres produit</translation>
    </message>
    <message>
        <source>GS1 code</source>
        <translation>code GS1</translation>
    </message>
    <message>
        <source>scale label</source>
        <translation>étiquette de balance</translation>
    </message>
    <message>
        <source>crate label</source>
        <translation>étiquette de caisse</translation>
    </message>
    <message>
        <source>order slip</source>
        <translation>bon de commande</translation>
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
        <translation>Le disque est plein&#xa0;: ceci n&apos;a pas été enregistré (ce que l&apos;écran montre comme fait est enregistré). Libérez de la place sur le disque, puis recommencez.</translation>
    </message>
    <message>
        <source>The depot&apos;s data file cannot be read or written: check the disk and the rights on the data folder, then start cpdesk again.</source>
        <translation>Le fichier de données du dépôt ne peut pas être lu ou écrit&#xa0;: vérifiez le disque et les droits sur le dossier de données, puis relancez cpdesk.</translation>
    </message>
    <message>
        <source>The depot&apos;s data file is empty: its data is gone.</source>
        <translation>Le fichier de données du dépôt est vide&#xa0;: ses données sont perdues.</translation>
    </message>
    <message>
        <source>The depot&apos;s data file is not a cpdesk database: it was damaged or overwritten.</source>
        <translation>Le fichier de données du dépôt n&apos;est pas une base cpdesk&#xa0;: il a été endommagé ou écrasé.</translation>
    </message>
    <message>
        <source>The depot&apos;s data file is damaged.</source>
        <translation>Le fichier de données du dépôt est endommagé.</translation>
    </message>
    <message>
        <source>Stop working on this computer and have it restored from the centre with “cpdesk setup”: the depot&apos;s history comes back, the damaged file is kept aside.</source>
        <translation>Arrêtez de travailler sur cet ordinateur et faites-le restaurer depuis la centrale avec «&#x202f;cpdesk setup&#x202f;»&#xa0;: l&apos;historique du dépôt revient, le fichier endommagé est gardé de côté.</translation>
    </message>
</context>
<context>
    <name>SupervisorCheck</name>
    <message>
        <source>Enter the PIN on the pad</source>
        <translation>Tapez le code PIN sur le pavé</translation>
    </message>
    <message>
        <source>Not a supervisor PIN</source>
        <translation>Ce n&apos;est pas le code d&apos;un responsable</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>not configured: {0}</source>
        <translation>non configurée&#xa0;: {0}</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>démarrage…</translation>
    </message>
    <message>
        <source>syncing…</source>
        <translation>synchronisation…</translation>
    </message>
    <message>
        <source>online</source>
        <translation>en ligne</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>hors ligne</translation>
    </message>
    <message>
        <source>last {0}</source>
        <translation>dernière {0}</translation>
    </message>
    <message>
        <source>{0} waiting</source>
        <translation>{0} en attente</translation>
    </message>
    <message>
        <source>{0} refused by the centre</source>
        <translation>{0} refusé(s) par le central</translation>
    </message>
    <message>
        <source>held back at the centre: {0}</source>
        <translation>retenu par la centrale&#xa0;: {0}</translation>
    </message>
    <message>
        <source>held back at the centre for {1}: {0}</source>
        <translation>retenu par la centrale depuis {1}&#xa0;: {0}</translation>
    </message>
</context>
<context>
    <name>WeighingFlow</name>
    <message>
        <source>no reading</source>
        <translation>pas de mesure</translation>
    </message>
    <message>
        <source>out of range</source>
        <translation>hors plage</translation>
    </message>
    <message>
        <source>● stable</source>
        <translation>● stable</translation>
    </message>
    <message>
        <source>… moving</source>
        <translation>… instable</translation>
    </message>
    <message>
        <source>Scan or select a product sold per kg</source>
        <translation>Scannez ou choisissez un produit vendu au kilo</translation>
    </message>
    <message>
        <source>Select or scan a product sold per kg first</source>
        <translation>Choisissez ou scannez d&apos;abord un produit vendu au kilo</translation>
    </message>
    <message>
        <source>This scale is not approved for trade: weigh on an approved scale, or a supervisor enters the weight (F10)</source>
        <translation>Cette balance n&apos;est pas homologuée&#xa0;: pesez sur une balance homologuée, ou un superviseur saisit le poids (F10)</translation>
    </message>
    <message>
        <source>Wait for a stable weight</source>
        <translation>Attendez un poids stable</translation>
    </message>
    <message>
        <source>Nothing on the scale</source>
        <translation>Rien sur la balance</translation>
    </message>
    <message>
        <source>{0}: ordered {1} ±{2}, packed {3}</source>
        <translation>{0}&#xa0;: commandé {1} ±{2}, préparé {3}</translation>
    </message>
    <message>
        <source>{0}: ordered {1}, weighed {2} ({3}, allowed ±{4}).</source>
        <translation>{0}&#xa0;: commandé {1}, pesé {2} ({3}, toléré ±{4}).</translation>
    </message>
    <message>
        <source>Supervisor accepts</source>
        <translation>Le responsable accepte</translation>
    </message>
    <message>
        <source>Re-weigh (undo)</source>
        <translation>Repeser (annuler)</translation>
    </message>
    <message>
        <source>Add another piece</source>
        <translation>Ajouter une pièce</translation>
    </message>
    <message>
        <source>Outside tolerance: a supervisor must accept, or re-weigh</source>
        <translation>Hors tolérance&#xa0;: un responsable doit accepter, ou repesez</translation>
    </message>
    <message>
        <source>Put the next piece on the scale, then Space</source>
        <translation>Posez la pièce suivante sur la balance, puis Espace</translation>
    </message>
    <message>
        <source>Accepted by {0}</source>
        <translation>Accepté par {0}</translation>
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
        <translation>frais</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>surgelé</translation>
    </message>
</context>
</TS>
