"""Catalogue templates for the demo network: base articles that producers declined in variants.

Each template: (name, sale unit, unit label, price range in cents VAT incl., VAT %, zone,
tolerance %, barcode kind). Barcode kinds: "ean13" (packaged goods), "scale" (weighed at the
producer's trade scale, prefix-2 EAN-13), "gtin14" (pre-weighed with GS1-128 net weight),
"" (none: bulk goods picked by button or by the order line).
"""

from __future__ import annotations

from typing import NamedTuple


class Template(NamedTuple):
    name: str
    sale_unit: str  # "unit" | "kg"
    unit_label: str
    price_min: int
    price_max: int
    vat_pct: int
    zone: str
    tolerance_pct: int
    barcode: str


def _t(name: str, unit: str, label: str, lo: int, hi: int, vat: int, zone: str,
       tol: int = 0, bc: str = "") -> Template:
    return Template(name, unit, label, lo, hi, vat, zone, tol, bc)


# category -> (producer kinds that make it, templates)
CATALOGUE: dict[str, tuple[tuple[str, ...], tuple[Template, ...]]] = {
    "légumes": (("Ferme", "Potager", "Maraîchage"), (
        _t("Carottes", "kg", "kg", 160, 320, 6, "ambient", 15),
        _t("Pommes de terre Bintje", "kg", "kg", 120, 240, 6, "ambient", 15),
        _t("Pommes de terre Charlotte", "kg", "kg", 160, 300, 6, "ambient", 15),
        _t("Poireaux", "kg", "kg", 250, 450, 6, "ambient", 15),
        _t("Oignons jaunes", "kg", "kg", 150, 280, 6, "ambient", 15),
        _t("Betteraves rouges cuites", "kg", "kg", 300, 520, 6, "chilled", 10, "scale"),
        _t("Céleri-rave", "kg", "kg", 220, 380, 6, "ambient", 20),
        _t("Chou blanc", "kg", "kg", 150, 260, 6, "ambient", 20),
        _t("Chou rouge", "kg", "kg", 170, 280, 6, "ambient", 20),
        _t("Chou de Savoie", "unit", "pièce", 180, 320, 6, "ambient"),
        _t("Chou-fleur", "unit", "pièce", 220, 380, 6, "ambient"),
        _t("Brocoli", "kg", "kg", 380, 620, 6, "ambient", 15),
        _t("Courge butternut", "kg", "kg", 220, 380, 6, "ambient", 20),
        _t("Potimarron", "kg", "kg", 250, 400, 6, "ambient", 20),
        _t("Panais", "kg", "kg", 320, 520, 6, "ambient", 15),
        _t("Topinambours", "kg", "kg", 380, 600, 6, "ambient", 15),
        _t("Navets", "kg", "kg", 220, 360, 6, "ambient", 15),
        _t("Radis", "unit", "botte", 120, 220, 6, "ambient"),
        _t("Salade batavia", "unit", "pièce", 120, 220, 6, "chilled"),
        _t("Mâche", "unit", "barquette 150 g", 220, 360, 6, "chilled", 0, "ean13"),
        _t("Épinards", "kg", "kg", 650, 950, 6, "chilled", 15),
        _t("Tomates cerises", "unit", "barquette 250 g", 250, 420, 6, "ambient", 0, "ean13"),
        _t("Tomates", "kg", "kg", 380, 620, 6, "ambient", 15),
        _t("Courgettes", "kg", "kg", 250, 420, 6, "ambient", 15),
        _t("Concombre", "unit", "pièce", 90, 180, 6, "ambient"),
        _t("Poivrons", "kg", "kg", 550, 850, 6, "ambient", 15),
        _t("Haricots verts", "kg", "kg", 750, 1150, 6, "chilled", 10),
        _t("Fenouil", "kg", "kg", 380, 580, 6, "ambient", 20),
        _t("Échalotes", "kg", "kg", 550, 900, 6, "ambient", 15),
        _t("Ail", "unit", "tête", 70, 140, 6, "ambient"),
        _t("Champignons de Paris", "unit", "barquette 250 g", 220, 340, 6, "chilled", 0, "ean13"),
        _t("Pleurotes", "unit", "barquette 200 g", 320, 480, 6, "chilled", 0, "ean13"),
        _t("Persil plat", "unit", "botte", 110, 180, 6, "ambient"),
        _t("Chicons", "kg", "kg", 380, 600, 6, "chilled", 15),
    )),
    "fruits": (("Verger", "Ferme"), (
        _t("Pommes Jonagold", "kg", "kg", 220, 350, 6, "ambient", 15),
        _t("Pommes Boskoop", "kg", "kg", 220, 350, 6, "ambient", 15),
        _t("Pommes Elstar", "kg", "kg", 240, 380, 6, "ambient", 15),
        _t("Poires Conférence", "kg", "kg", 260, 420, 6, "ambient", 15),
        _t("Poires Durondeau", "kg", "kg", 260, 420, 6, "ambient", 15),
        _t("Fraises", "unit", "barquette 500 g", 380, 600, 6, "chilled", 0, "ean13"),
        _t("Framboises", "unit", "barquette 125 g", 300, 450, 6, "chilled", 0, "ean13"),
        _t("Prunes", "kg", "kg", 380, 600, 6, "ambient", 15),
        _t("Cerises", "kg", "kg", 800, 1400, 6, "chilled", 10),
        _t("Rhubarbe", "kg", "kg", 380, 550, 6, "ambient", 15),
        _t("Raisin", "kg", "kg", 450, 700, 6, "ambient", 15),
        _t("Coings", "kg", "kg", 350, 520, 6, "ambient", 20),
    )),
    "fromages": (("Fromagerie", "Ferme", "Chèvrerie"), (
        _t("Fromage de Herve AOP doux", "kg", "kg", 1800, 2400, 6, "chilled", 10, "gtin14"),
        _t("Fromage de Herve AOP piquant", "kg", "kg", 1900, 2500, 6, "chilled", 10, "gtin14"),
        _t("Remoudou", "kg", "kg", 2000, 2600, 6, "chilled", 10, "gtin14"),
        _t("Plateau de Herve", "kg", "kg", 1700, 2300, 6, "chilled", 10, "scale"),
        _t("Tomme de Hesbaye", "kg", "kg", 1900, 2700, 6, "chilled", 10, "scale"),
        _t("Gouda fermier", "kg", "kg", 1600, 2200, 6, "chilled", 10, "scale"),
        _t("Fromage de chèvre frais", "unit", "pièce 150 g", 320, 480, 6, "chilled", 0, "ean13"),
        _t("Fromage frais", "unit", "pot 250 g", 220, 350, 6, "chilled", 0, "ean13"),
        _t("Beurre fermier", "unit", "motte 250 g", 320, 450, 6, "chilled", 0, "ean13"),
        _t("Yaourt nature", "unit", "pot 500 g", 220, 320, 6, "chilled", 0, "ean13"),
        _t("Yaourt aux fruits", "unit", "pot 125 g", 70, 120, 6, "chilled", 0, "ean13"),
        _t("Lait entier", "unit", "bouteille 1 L", 130, 190, 6, "chilled", 0, "ean13"),
        _t("Crème fraîche", "unit", "pot 250 ml", 220, 320, 6, "chilled", 0, "ean13"),
        _t("Glace vanille", "unit", "bac 1 L", 750, 1100, 6, "frozen", 0, "ean13"),
    )),
    "viandes": (("Boucherie", "Ferme"), (
        _t("Côtes de porc", "kg", "kg", 1100, 1500, 6, "chilled", 10, "gtin14"),
        _t("Saucisses de campagne", "kg", "kg", 1100, 1500, 6, "chilled", 10, "scale"),
        _t("Boudin blanc de Liège", "kg", "kg", 1400, 1800, 6, "chilled", 10, "scale"),
        _t("Rôti de bœuf", "kg", "kg", 2600, 3500, 6, "chilled", 10, "gtin14"),
        _t("Haché porc et bœuf", "kg", "kg", 1100, 1500, 6, "chilled", 10, "scale"),
        _t("Poulet fermier", "kg", "kg", 950, 1300, 6, "chilled", 15, "gtin14"),
        _t("Filet de poulet", "kg", "kg", 1900, 2500, 6, "chilled", 10, "gtin14"),
        _t("Jambon d'Ardenne", "unit", "tranches 150 g", 550, 800, 6, "chilled", 0, "ean13"),
        _t("Pâté de campagne", "unit", "terrine 250 g", 450, 650, 6, "chilled", 0, "ean13"),
        _t("Boulettes sauce lapin", "unit", "barquette 500 g", 850, 1150, 6, "chilled", 0, "ean13"),
        _t("Steak haché surgelé", "unit", "boîte 4 × 125 g", 850, 1200, 6, "frozen", 0, "ean13"),
        _t("Ragoût d'agneau surgelé", "kg", "kg", 1800, 2400, 6, "frozen", 10, "gtin14"),
        _t("Lardons fumés", "unit", "barquette 200 g", 380, 520, 6, "chilled", 0, "ean13"),
    )),
    "pains": (("Boulangerie", "Moulin"), (
        _t("Pain gris", "unit", "pièce 800 g", 320, 450, 6, "ambient"),
        _t("Pain blanc", "unit", "pièce 800 g", 280, 400, 6, "ambient"),
        _t("Pain aux céréales", "unit", "pièce 800 g", 380, 520, 6, "ambient"),
        _t("Pain d'épeautre", "unit", "pièce 600 g", 420, 580, 6, "ambient"),
        _t("Cramique", "unit", "pièce 500 g", 450, 650, 6, "ambient"),
        _t("Craquelin", "unit", "pièce 500 g", 550, 750, 6, "ambient"),
        _t("Tarte au riz", "unit", "pièce", 1200, 1800, 6, "ambient"),
        _t("Couque de Visé", "unit", "paquet 300 g", 450, 650, 6, "ambient", 0, "ean13"),
        _t("Gaufres de Liège", "unit", "paquet de 6", 380, 550, 6, "ambient", 0, "ean13"),
    )),
    "épicerie": (("Moulin", "Ferme", "Rucher"), (
        _t("Farine d'épeautre", "unit", "sac 1 kg", 280, 420, 6, "ambient", 0, "ean13"),
        _t("Farine de froment", "unit", "sac 1 kg", 190, 320, 6, "ambient", 0, "ean13"),
        _t("Flocons d'avoine", "unit", "sachet 500 g", 250, 380, 6, "ambient", 0, "ean13"),
        _t("Pâtes d'épeautre", "unit", "sachet 500 g", 350, 520, 6, "ambient", 0, "ean13"),
        _t("Lentilles vertes", "unit", "sachet 500 g", 320, 480, 6, "ambient", 0, "ean13"),
        _t("Sirop de Liège", "unit", "pot 450 g", 380, 520, 6, "ambient", 0, "ean13"),
        _t("Miel de fleurs", "unit", "pot 500 g", 750, 1050, 6, "ambient", 0, "ean13"),
        _t("Confiture de fraises", "unit", "pot 370 g", 420, 580, 6, "ambient", 0, "ean13"),
        _t("Huile de colza", "unit", "bouteille 50 cl", 550, 800, 6, "ambient", 0, "ean13"),
        _t("Vinaigre de cidre", "unit", "bouteille 50 cl", 380, 520, 6, "ambient", 0, "ean13"),
        _t("Œufs fermiers", "unit", "boîte de 6", 260, 380, 6, "ambient", 0, "ean13"),
        _t("Margarine végétale", "unit", "pot 250 g", 280, 380, 12, "chilled", 0, "ean13"),
        _t("Moutarde", "unit", "pot 200 g", 280, 400, 6, "ambient", 0, "ean13"),
        _t("Chicorée torréfiée", "unit", "paquet 250 g", 450, 620, 6, "ambient", 0, "ean13"),
    )),
    "boissons": (("Brasserie", "Cidrerie", "Verger"), (
        _t("Jus de pomme", "unit", "bouteille 1 L", 280, 420, 6, "ambient", 0, "ean13"),
        _t("Jus de pomme-poire", "unit", "bouteille 1 L", 300, 450, 6, "ambient", 0, "ean13"),
        _t("Limonade artisanale", "unit", "bouteille 33 cl", 180, 280, 6, "ambient", 0, "ean13"),
        _t("Bière blonde", "unit", "bouteille 33 cl", 220, 320, 21, "ambient", 0, "ean13"),
        _t("Bière ambrée", "unit", "bouteille 33 cl", 230, 330, 21, "ambient", 0, "ean13"),
        _t("Bière triple", "unit", "bouteille 75 cl", 650, 950, 21, "ambient", 0, "ean13"),
        _t("Cidre brut", "unit", "bouteille 75 cl", 650, 900, 21, "ambient", 0, "ean13"),
        _t("Péket", "unit", "bouteille 50 cl", 1800, 2600, 21, "ambient", 0, "ean13"),
        _t("Vin blanc de Meuse", "unit", "bouteille 75 cl", 1400, 2200, 21, "ambient", 0, "ean13"),
    )),
    "entretien": (("Savonnerie",), (
        _t("Liquide vaisselle écologique", "unit", "flacon 500 ml", 350, 520, 21, "ambient", 0,
           "ean13"),
        _t("Lessive liquide", "unit", "bidon 1,5 L", 850, 1250, 21, "ambient", 0, "ean13"),
        _t("Savon noir", "unit", "flacon 1 L", 550, 780, 21, "ambient", 0, "ean13"),
        _t("Savon artisanal au lait de chèvre", "unit", "pain 100 g", 450, 650, 21, "ambient", 0,
           "ean13"),
        _t("Vinaigre ménager", "unit", "bouteille 1 L", 250, 380, 21, "ambient", 0, "ean13"),
    )),
}

# The order of categories on the counter's buttons and in the pick list.
CATEGORIES: tuple[str, ...] = tuple(CATALOGUE)

# Variants a producer may offer of one template (suffix, price factor).
VARIANTS: tuple[tuple[str, float], ...] = (
    ("", 1.0), (" bio", 1.25), (" en vrac", 0.9), (" de conservation", 0.95),
    (" extra", 1.15), (" primeur", 1.2),
)
