"""Real communes of the province of Liège (postcode, name, nearest depot) and name pools."""

from __future__ import annotations

# (postcode, commune, depot code): the depot is the one closest by road.
COMMUNES: tuple[tuple[str, str, str], ...] = (
    ("4260", "Braives", "HES"), ("4280", "Hannut", "HES"), ("4300", "Waremme", "HES"),
    ("4250", "Geer", "HES"), ("4257", "Berloz", "HES"), ("4287", "Lincent", "HES"),
    ("4210", "Burdinne", "HES"), ("4217", "Héron", "HES"), ("4350", "Remicourt", "HES"),
    ("4367", "Crisnée", "HES"), ("4347", "Fexhe-le-Haut-Clocher", "HES"),
    ("4360", "Oreye", "HES"), ("4500", "Huy", "HES"), ("4520", "Wanze", "HES"),
    ("4530", "Villers-le-Bouillet", "HES"), ("4540", "Amay", "HES"),
    ("4570", "Marchin", "HES"), ("4577", "Modave", "HES"), ("4560", "Clavier", "HES"),
    ("4557", "Tinlot", "HES"), ("4550", "Nandrin", "HES"),
    ("4000", "Liège", "CAR"), ("4020", "Liège", "CAR"), ("4030", "Liège", "CAR"),
    ("4040", "Herstal", "CAR"), ("4100", "Seraing", "CAR"), ("4400", "Flémalle", "CAR"),
    ("4430", "Ans", "CAR"), ("4450", "Juprelle", "CAR"), ("4460", "Grâce-Hollogne", "CAR"),
    ("4470", "Saint-Georges-sur-Meuse", "CAR"), ("4480", "Engis", "CAR"),
    ("4050", "Chaudfontaine", "CAR"), ("4130", "Esneux", "CAR"), ("4140", "Sprimont", "CAR"),
    ("4160", "Anthisnes", "CAR"), ("4170", "Comblain-au-Pont", "CAR"),
    ("4180", "Hamoir", "CAR"), ("4190", "Ferrières", "CAR"), ("4590", "Ouffet", "CAR"),
    ("4600", "Visé", "CAR"), ("4680", "Oupeye", "CAR"), ("4690", "Bassenge", "CAR"),
    ("4920", "Aywaille", "CAR"), ("4870", "Trooz", "CAR"), ("4670", "Blegny", "CAR"),
    ("4650", "Herve", "TDH"), ("4607", "Dalhem", "TDH"), ("4630", "Soumagne", "TDH"),
    ("4800", "Verviers", "TDH"), ("4820", "Dison", "TDH"), ("4830", "Limbourg", "TDH"),
    ("4840", "Welkenraedt", "TDH"), ("4837", "Baelen", "TDH"), ("4845", "Jalhay", "TDH"),
    ("4850", "Plombières", "TDH"), ("4860", "Pepinster", "TDH"), ("4877", "Olne", "TDH"),
    ("4880", "Aubel", "TDH"), ("4890", "Thimister-Clermont", "TDH"), ("4900", "Spa", "TDH"),
    ("4910", "Theux", "TDH"), ("4700", "Eupen", "TDH"), ("4730", "Raeren", "TDH"),
    ("4750", "Bütgenbach", "TDH"), ("4760", "Büllingen", "TDH"), ("4780", "Saint-Vith", "TDH"),
    ("4950", "Waimes", "TDH"), ("4960", "Malmedy", "TDH"), ("4970", "Stavelot", "TDH"),
    ("4980", "Trois-Ponts", "TDH"), ("4987", "Stoumont", "TDH"), ("4990", "Lierneux", "TDH"),
)

FIRST_NAMES = (
    "Marie", "Julien", "Sophie", "Nicolas", "Isabelle", "Thomas", "Nathalie", "Laurent",
    "Catherine", "Olivier", "Anne", "Pierre", "Martine", "François", "Véronique", "Michel",
    "Céline", "Benoît", "Aurélie", "Sébastien", "Françoise", "Jean-Marc", "Hélène", "Maxime",
    "Élodie", "Grégory", "Chantal", "Damien", "Jeanne", "Arnaud", "Noémie", "Luc", "Manon",
    "Cédric", "Léa", "Quentin", "Geneviève", "Renaud", "Mélanie", "Jérôme", "Dirk", "Annelies",
    "Jürgen", "Monika", "Stefan", "Sabine", "Wim", "Els", "Mehdi", "Fatima", "Youssef", "Aïcha",
)
LAST_NAMES = (
    "Lambert", "Dubois", "Lejeune", "Renard", "Delvaux", "Collard", "Henrard", "Jacquemin",
    "Piette", "Pirard", "Dethier", "Bastin", "Thonon", "Herman", "Lemaire", "Lecomte",
    "Gérard", "Dumont", "Leroy", "Mathieu", "Simon", "Laurent", "Martin", "Closset", "Hansen",
    "Schmitz", "Kessler", "Mreyen", "Heinen", "Lentz", "Wintgens", "Janssens", "Peeters",
    "Maes", "Willems", "Wauters", "Bodson", "Defawe", "Goffin", "Lhoest", "Nyssen", "Marechal",
    "Warnier", "Lhomme", "Crahay", "Dessart", "Léonard", "Gilson", "Fraipont", "Jamar",
    "Gillet", "Bertrand", "El Amrani", "Benali", "Yilmaz", "Ramos", "Rossi", "Nowak",
)
STREETS = (
    "Rue de la Station", "Rue du Village", "Chaussée de Tongres", "Rue Saint-Remacle",
    "Rue des Écoles", "Rue de l'Église", "Avenue des Tilleuls", "Rue du Moulin",
    "Rue Haute", "Rue Basse", "Place du Marché", "Rue des Prés", "Rue de la Fontaine",
    "Thier de la Fontaine", "Rue des Vergers", "Rue du Pont", "Rue Grande", "Rue de Herve",
    "Rue de Liège", "Chaussée de Louvain", "Rue des Champs", "Voie de l'Air Pur",
    "Rue Hors-Château", "Rue Féronstrée", "Quai de la Batte", "Rue Neuve", "Aachener Straße",
    "Hauptstraße", "Klosterstraße", "Rue du Centre",
)
PRO_KINDS = (
    "Restaurant", "Brasserie", "Bistrot", "Cantine scolaire", "Crèche", "Maison de repos",
    "Traiteur", "Épicerie", "Hôtel", "Cuisine collective",
)
PRO_NAMES = (
    "Le Potager", "La Table d'Hesbaye", "Les Tilleuls", "Le Perron", "L'Ardent",
    "Les Coteaux", "La Fourchette Locale", "Le Plateau", "Sainte-Julienne", "Les Hirondelles",
    "Saint-Lambert", "Le Vieux Moulin", "La Gaillarmont", "Les Bouleaux", "Le Thier",
    "Des Fagnes", "La Vesdre", "L'Ourthe", "Le Carré", "Outremeuse", "Le Pré Vert",
    "Du Pays de Herve", "La Marguerite", "Les Glycines", "Sart-Tilman",
)
FARM_WORDS = (
    "Ferme", "Ferme", "Ferme", "Fromagerie", "Boucherie", "Boulangerie", "Verger",
    "Potager", "Maraîchage", "Brasserie", "Rucher", "Moulin", "Chèvrerie", "Cidrerie",
    "Savonnerie",
)
FARM_PLACES = (
    "du Try", "des Tilleuls", "de la Hesbaye", "du Plateau", "des Trois Chênes",
    "de la Vallée", "du Bois", "de Fize", "du Grand Sart", "des Fagnes", "de la Vesdre",
    "du Geer", "de la Mehaigne", "de l'Ourthe", "du Pâchis", "des Aulnes", "Saint-Jean",
    "du Long Pré", "de la Source", "des Coccinelles", "du Vieux Tilleul", "Bellevue",
)
