import datetime as dt
import io

import zplkit
import zxingcpp
from PIL import Image

from cpdesk.packing.simple_label import CrateLabel, crate_label_zpl


def test_the_crate_label_renders_and_its_code_128_scans_back():
    label = CrateLabel("CRAFHF736MNR", "Brasserie Saint-Feuillien", "Villers-le-Bouillet",
                       "HES-20261126-A", 11, "chilled", 2, 3, dt.date(2026, 11, 26),
                       "CP-261126-0011", "HES")
    doc = zplkit.render(crate_label_zpl(label))
    page = doc.labels[0]
    png = page.png() if callable(page.png) else page.png
    image = Image.open(io.BytesIO(png))
    assert image.size == (800, 1200)  # 100 x 150 mm at 203 dpi
    found = [(b.format.name, b.text) for b in zxingcpp.read_barcodes(image)]
    assert ("Code128", "CRAFHF736MNR") in found
