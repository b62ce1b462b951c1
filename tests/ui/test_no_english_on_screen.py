"""Walk every screen, panel and message in French, Dutch and German (service refusals
included) and find no English source text on screen, nor in the documents printed there.

What counts as English: a source text of the Qt catalogue whose translation differs (shown
whole, or a phrase of it between placeholders), an English text of the services' refusals
(`cpdesk.errors.ENGLISH`, the loading outcomes among them), a word of the documents' English column,
or a tell-tale English word ("the", "must", "crate(s)").
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdesk import documents as docs
from cpdesk.counter.service import report_lines
from cpdesk.documents import i18n as doc_i18n
from cpdesk.domain.packing import FILLED
from cpdesk.errors import ENGLISH, CpdeskError
from cpdesk.packing.state import Refusal
from cpdesk.store import models as m
from cpdesk.ui import refusals
from cpdesk.ui.app import build_context
from cpdesk.ui.i18n import Translations
from cpdesk.ui.main_window import MainWindow
from cpdesk.ui.packing.render import refusal_text as packing_refusal_text
from cpdesk.ui.workers import pending

from ..conftest import DEMO_TODAY
from ..packing.conftest import to_pack_order
from ..ts_files import ts_path

LANGS = ("fr", "nl", "de")
PLACEHOLDER = re.compile(r"\{[^}]*\}|%n")
TELLTALE = re.compile(r"\b(the|must|already|cannot|can't|isn't|please|should|missing|"
                      r"crate\(s\)|order\(s\))\b", re.IGNORECASE)
VALUES = dict(round="HES-20261126-A", order="CP-261126-0001", crate="CR0123456789",
              depot="HES", where="keyring", db="/srv/cpdesk/hesbaye.sqlite",
              receipt=12, register="HES-1", name="Tomates cerises", pct=10, line=2, left=1,
              missing=2, packing=9, session="7c1e", stop=3, other="HES-20261126-B",
              other_stop=2, detail="Expecting value", known="mt-sics, regex", schema="0014",
              until="07:45")


def _qt_catalogue(lang: str) -> dict[str, set[str]]:
    """English source -> its translations in `lang` (a source may live in several contexts)."""
    out: dict[str, set[str]] = {}
    for message in ET.parse(ts_path(lang)).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        out.setdefault(source, set()).update(forms)
    return out


def english_sources(lang: str) -> set[str]:
    """English texts that must not show in `lang` (those translated to something else)."""
    # a source some context translates to itself is a word of `lang` too ("Stop" in Dutch)
    sources = {s for s, texts in _qt_catalogue(lang).items() if s not in texts}
    sources |= {t for t in ENGLISH.values() if isinstance(t, str)}
    sources |= {doc_i18n.tr("en", k) for k in doc_i18n.keys()
                if doc_i18n.tr("en", k) != doc_i18n.tr(lang, k)}
    return sources


def phrases(source: str) -> list[str]:
    """A source whole, and its phrases between placeholders long enough to be telling."""
    out = [source.strip()]
    for part in PLACEHOLDER.split(source):
        part = part.strip(" :;,.()-—·…")
        if len(part) >= 8 and " " in part and part != out[0]:
            out.append(part)
    return [p for p in out if p]


WORD = re.compile(r"[^\W\d_]+(?:'[a-z]+)?")
URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+")


def words_of(lang: str) -> set[str]:
    """Every word the translations into `lang` use (lower case)."""
    texts = [t for ts in _qt_catalogue(lang).values() for t in ts]
    texts += [doc_i18n.tr(lang, k) for k in doc_i18n.keys()]
    return {w.lower() for t in texts for w in WORD.findall(PLACEHOLDER.sub(" ", t))}


class EnglishFinder:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.whole: set[str] = set()
        self.parts: set[str] = set()
        own = words_of(lang)
        self.words: set[str] = set()  # English words of the catalogue that `lang` never uses
        for source in english_sources(lang):
            whole, *parts = phrases(source)
            if len(whole) >= 2:
                self.whole.add(whole)
            if " " in whole and len(whole) >= 8 and not PLACEHOLDER.search(whole):
                self.parts.add(whole)
            self.parts.update(parts)
            self.words.update(w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", source))
                              if len(w) >= 4 and w.lower() not in own)
        self.found: list[str] = []

    def allow_data(self, texts: Iterable[str]) -> None:
        """Names and addresses of the store are data, whatever words they hold."""
        for text in texts:
            self.words -= {w.lower() for w in WORD.findall(text or "")}

    def check(self, where: str, texts: Iterable[str]) -> None:
        for text in texts:
            for line in str(text).splitlines():
                line = URL.sub(" ", line).strip()  # an example address is no language
                if not line:
                    continue
                hits = [p for p in self.parts if p in line]
                if line.strip(" :") in self.whole:
                    hits.append(line)
                match = TELLTALE.search(line)
                if match:
                    hits.append(match.group(0))
                hits += [w for w in WORD.findall(line) if w.lower() in self.words]
                if hits:
                    self.found.append(f"[{self.lang}] {where}: {line!r} ({hits[0]!r})")


def _model_texts(view: QAbstractItemView, limit: int = 60) -> list[str]:
    model = view.model()
    if model is None:
        return []

    def cols(parent: QModelIndex) -> int:
        return 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)

    out = [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
           for c in range(cols(QModelIndex()))]

    def walk(parent: QModelIndex, budget: list[int]) -> None:
        for row in range(model.rowCount(parent)):
            if budget[0] <= 0:
                return
            budget[0] -= 1
            for col in range(cols(parent)):
                index = model.index(row, col, parent)
                out.append(str(model.data(index, Qt.ItemDataRole.DisplayRole) or ""))
                tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                if tip:
                    out.append(str(tip))
            first = model.index(row, 0, parent)
            if not isinstance(model, QAbstractListModel) and model.rowCount(first):
                walk(first, budget)

    walk(QModelIndex(), [limit])
    return out


def visible_texts(root: QWidget) -> list[str]:
    """Every text a person can read on `root` and its visible children."""
    out = [root.windowTitle()]
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisibleTo(root) and w is not root:
            continue
        if w.toolTip():
            out.append(w.toolTip())
        if isinstance(w, QLabel):
            out.append(w.text())
        elif isinstance(w, QAbstractButton):
            out.append(w.text())
        elif isinstance(w, QLineEdit):
            out += [w.placeholderText(), w.text()]
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QTabWidget):
            out += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QGroupBox):
            out.append(w.title())
        elif isinstance(w, QPlainTextEdit | QTextEdit):
            out.append(w.toPlainText())
        if isinstance(w, QAbstractItemView):
            out += _model_texts(w)
    out += [a.text() for a in root.findChildren(QAction)]
    return [t for t in out if t]


def _wait_idle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.packing.queue.busy and not window.loading.queue.busy,
                    timeout=15_000)


@pytest.fixture
def network(demo_dir: Path):
    ctx = build_context(demo_dir, "HES")
    ctx.today = DEMO_TODAY
    yield ctx
    ctx.engine.dispose()


def test_every_refusal_code_is_worded_for_the_screens() -> None:
    assert refusals.codes() == set(ENGLISH)


def test_the_finder_finds_the_english_that_was_on_the_french_screens() -> None:
    finder = EnglishFinder("fr")
    finder.check("loading", ["2 crate(s) missing and 9 order(s) still being packed: a "
                             "supervisor must confirm the departure",
                             "La caisse CR1 est pour round HES-20261207-A, stop 1, pas pour X",
                             "Balance : simulated", "rounding   -0,02 €",
                             "the register is closed: open it with a counted float first",
                             "Choose a round and sign in before scanning crates"])
    finder.check("fine", ["Balance : simulée", "Arrondi    -0,02 €", "Tournée HES-20261207-A"])
    assert [f.split(": ", 1)[1].split(" (")[0] for f in finder.found] == [
        repr("2 crate(s) missing and 9 order(s) still being packed: a supervisor must "
             "confirm the departure"),
        repr("La caisse CR1 est pour round HES-20261207-A, stop 1, pas pour X"),
        repr("Balance : simulated"), repr("rounding   -0,02 €"),
        repr("the register is closed: open it with a counted float first"),
        repr("Choose a round and sign in before scanning crates")]


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_and_screen_is_free_of_english(qtbot, network, lang: str) -> None:
    ctx = network
    finder = EnglishFinder(lang)
    translations = Translations()
    assert translations.set_language(lang)
    try:
        _walk(qtbot, ctx, translations, finder, lang)
    finally:
        translations.set_language("en")
    assert not finder.found, "\n".join(sorted(set(finder.found)))


def _walk(qtbot, ctx, translations: Translations, finder: EnglishFinder, lang: str) -> None:
    with Session(ctx.engine) as s:
        for columns in ((m.Customer.name, m.Customer.address, m.Customer.commune),
                        (m.Product.name, m.Product.unit_label), (m.Producer.name,),
                        (m.Depot.name, m.Depot.address), (m.Staff.name,)):
            for row in s.execute(select(*columns)):
                finder.allow_data(row)
    # -- every worded message, whatever screen shows it -------------------------------------
    for code in ENGLISH:
        text = refusals.text_for(code, VALUES)
        assert text != ENGLISH[code], code
        finder.check(f"refusal {code}", [text])
        finder.check(f"refusal {code} via the worker", [refusals.refusal_text(
            CpdeskError(code=code, **VALUES))])
    for missing, packing in ((1, 0), (0, 1), (3, 4)):
        finder.check("departure gate", [refusals.text_for(
            "loading.departure_incomplete", dict(missing=missing, packing=packing))])
    for refusal in Refusal:
        finder.check(f"packing refusal {refusal}", [packing_refusal_text(refusal)])
    for state in ("connected", "overload", "underload", "no answer from the scale",
                  "disconnected: [Errno 2] /dev/ttyUSB0", "error: ValueError: x",
                  "unreadable bytes: check the line settings (9600 7E1 expected; bad frame)"):
        finder.check(f"scale state {state}", [refusals.scale_state_text(state)])

    # -- the main window, screen by screen ---------------------------------------------------
    window = MainWindow(ctx, translations=translations)
    qtbot.addWidget(window)
    window.set_language(lang)
    window.start()
    window.show()
    finder.check("sign-in", visible_texts(window))
    window.sign_in.sig_pin.emit("0000")
    qtbot.waitUntil(lambda: bool(window.sign_in.message.text()), timeout=30_000)
    finder.check("sign-in refused", visible_texts(window))
    window.sign_in.sig_pin.emit("1001")
    qtbot.waitUntil(lambda: window.staff is not None, timeout=30_000)
    qtbot.waitUntil(lambda: window.board.model.rowCount() > 0, timeout=15_000)
    finder.check("board", visible_texts(window))
    window.on_scan("hello")  # not an order slip: the board says what to scan
    finder.check("board scan refused", visible_texts(window))

    # packing: an order to pack, every panel
    order = to_pack_order(ctx.engine)  # nothing packed yet: F3/F4 ask why
    with qtbot.waitSignal(window.packing.sig_state, timeout=15_000):
        window.open_order(order)
    _wait_idle(qtbot, window)
    finder.check("packing", visible_texts(window))
    window.packing.handle_scan("5400000000001")  # a wrong check digit
    _wait_idle(qtbot, window)
    finder.check("packing scan refused", visible_texts(window))
    packing = window.packing
    assert packing.state is not None
    weighed = next(ln for ln in packing.state.lines if ln.sale_unit == "kg")
    missing = next(ln for ln in packing.state.lines if ln.state not in FILLED)
    for line, open_panel, panel in (
            (missing, lambda: packing.ask_reason("short"), packing.choice),
            (missing, lambda: packing.ask_reason("substitute"), packing.choice),
            (weighed, packing.manual_weight, packing.supervisor_pad)):
        packing._select(line.id)
        open_panel()
        _wait_idle(qtbot, window)
        assert panel.isVisible()
        finder.check("packing panel", visible_texts(panel))
        if panel is packing.supervisor_pad:
            panel.sig_pin.emit("1001")  # not a supervisor's PIN
            _wait_idle(qtbot, window)
            finder.check("packing supervisor refused", visible_texts(panel))
            panel.sig_pin.emit("9001")
            qtbot.waitUntil(packing.manual_panel.isVisible, timeout=30_000)
            finder.check("packing manual weight", visible_texts(packing.manual_panel))
        packing.close_panel()
    # a weight out of tolerance: the question and its reasons
    window.devices.put_weight(int(weighed.quantity * 1000) * 3, stable=True)
    packing.take_weight()
    _wait_idle(qtbot, window)
    qtbot.waitUntil(packing.choice.isVisible, timeout=30_000)
    finder.check("out-of-tolerance question", visible_texts(window))
    packing.close_panel()
    # an order changed, then cancelled, centrally: the panel above the lines
    from decimal import Decimal

    from cpdesk.packing.state import ChangedLine, OrderChangeView

    def changed(quantity: str, old: str | None, packed: int) -> ChangedLine:
        return ChangedLine(uuid.uuid4(), "Tomates cerises", "kg", Decimal(quantity),
                           None if old is None else Decimal(old), packed, ("CR0123456789",))

    packing.change_panel.show_change(OrderChangeView(
        (uuid.uuid4(),), False, (changed("0.5", None, 0),),
        (changed("0", "1", 900), changed("0.5", "1", 200)), (changed("2", "1", 0),), ()))
    finder.check("order changed centrally", visible_texts(packing.change_panel))
    packing.change_panel.show_change(OrderChangeView((uuid.uuid4(),), True, (), (), (),
                                                     ("CR0123456789",)))
    finder.check("order cancelled centrally", visible_texts(packing.change_panel))
    packing.change_panel.show_change(OrderChangeView((uuid.uuid4(),), True, (), (), (), ()))
    finder.check("order cancelled centrally, empty crates", visible_texts(packing.change_panel))
    packing.change_panel.show_change(None)

    # counter: each tab, and the service's refusals as the counter shows them
    window.show_counter()
    qtbot.waitUntil(lambda: window.counter.catalogue is not None, timeout=15_000)
    counter = window.counter
    with qtbot.waitSignal(counter.sig_signed_in, timeout=30_000):
        counter.sign_in("2001")
    for index in range(counter.tabs.count()):
        counter.tabs.setCurrentIndex(index)
        finder.check(f"counter tab {index}", visible_texts(window))
    staff = counter.staff_id()
    assert staff is not None
    service = counter.service
    for action in (lambda: service.cash_movement(staff_id=staff, amount_cents=0, reason=""),
                   lambda: service.cash_movement(staff_id=staff, amount_cents=100, reason=" "),
                   lambda: service.open_session(staff_id=staff, float_cents=-1),
                   lambda: service.sold_receipt(999_999),
                   lambda: service.order_of_crate("CR0000000000"),
                   lambda: service.pickup_info("CP-000000-0000"),
                   lambda: service.cash_movement(staff_id=staff, amount_cents=100,
                                                 reason="float")):
        counter.message.clear()
        counter.act(action, lambda _r: None)
        qtbot.waitUntil(lambda: bool(counter.message.text()), timeout=30_000)
        finder.check("counter refusal", [counter.message.text()])
    counter.tabs.setCurrentIndex(0)
    counter.discount_edit.setText("abc%")  # not a percentage
    counter.apply_discount(line=False)
    finder.check("counter discount refused", [counter.message.text()])
    assert counter.message.text()
    counter.on_scanned("CR0000000000")  # an unknown crate at the pick-up
    qtbot.waitUntil(lambda: pending(counter) == 0, timeout=30_000)  # its read answered
    finder.check("counter pick-up", visible_texts(window))
    counter.tabs.setCurrentIndex(0)
    unit = next(ci for ci in counter.catalogue.by_code.values() if not ci.item.weighed)
    counter.add_product(unit)
    counter.discount_edit.setText("50%")  # over the limit: a supervisor's PIN in the window
    counter.cart_discount_button.click()
    qtbot.waitUntil(counter.pin_panel.isVisible, timeout=30_000)
    finder.check("counter supervisor PIN", visible_texts(window))
    counter.pin_panel.pin.setText("1001")  # not a supervisor
    counter.pin_panel.pin.returnPressed.emit()
    qtbot.waitUntil(lambda: bool(counter.message.text()), timeout=30_000)
    finder.check("counter supervisor refused", visible_texts(window))
    pickup = counter.pickup
    counter.tabs.setCurrentWidget(pickup)
    with Session(ctx.engine) as s:
        to_collect = s.scalars(select(m.Order.number).join(m.Crate, m.Crate.order_id == m.Order.id)
                               .where(m.Order.delivery_date == DEMO_TODAY)
                               .order_by(m.Order.number)).first()
    with qtbot.waitSignal(pickup.sig_loaded, timeout=30_000):
        pickup.load(to_collect)
    finder.check("counter pick-up of an order", visible_texts(window))
    pickup.hand_over_button.click()  # crates not scanned yet: refused in words
    qtbot.wait(200)
    finder.check("counter pick-up refused", visible_texts(window))
    register = counter.register
    counter.tabs.setCurrentWidget(register)
    with Session(ctx.engine) as s:
        receipt_no = s.scalar(select(m.Sale.receipt_no).where(m.Sale.kind == "sale")
                              .order_by(m.Sale.receipt_no))
    register.receipt_edit.setText(str(receipt_no))
    register.load_receipt()
    qtbot.waitUntil(lambda: register.refund_table.rowCount() > 0, timeout=30_000)
    finder.check("counter receipt to refund", visible_texts(window))

    # loading: the plan, a refused departure, the override panel
    window.show_loading()
    qtbot.waitUntil(lambda: window.loading.plan is not None, timeout=15_000)
    _wait_idle(qtbot, window)
    finder.check("loading", visible_texts(window))
    window.loading.depart_button.click()
    qtbot.waitUntil(window.loading.override.isVisible, timeout=30_000)
    finder.check("loading departure refused", visible_texts(window))
    with Session(ctx.engine) as s:
        foreign = s.scalars(select(m.Crate.code).join(m.Order).join(m.Stop)
                            .where(m.Stop.round_id != window.loading.plan.id)).first()
    with qtbot.waitSignal(window.loading.sig_scan_result, timeout=30_000):
        window.loading.scan(foreign or "CR0000000000")
    finder.check("loading scan refused", visible_texts(window))

    # hardware settings
    from cpdesk.station import ScannerSettings, StationConfig
    from cpdesk.ui.hardware.settings import HardwareSettingsDialog

    dialog = HardwareSettingsDialog(window, station=StationConfig(scanners=[
        ScannerSettings(kind="wedge", layout="native"), ScannerSettings(kind="serial", port="")]))
    qtbot.addWidget(dialog)
    dialog.show()
    for page in range(dialog.tabs.count()):  # each page: scale, scanners, printers
        dialog.tabs.setCurrentIndex(page)
        finder.check(f"hardware settings, page {page}", visible_texts(dialog))
    dialog.save_button.click()  # refused: the serial scanner has no port
    finder.check("hardware settings, not saved", visible_texts(dialog))
    dialog.close()

    # the board's document preview (its own document in the user's language) and the demo
    # scale panel
    from cpdesk.hardware.simulator import SimulatedScale
    from cpdesk.ui.documents.printing import DocumentPreview
    from cpdesk.ui.hardware.demo_scale import DemoScalePanel

    with Session(ctx.engine) as s:
        note = docs.render_delivery_note(docs.delivery_note_data(s, order, lang=lang))
    preview = DocumentPreview(order, note, file_name=f"{order}.pdf")
    qtbot.addWidget(preview)
    preview.show()
    finder.check("document preview", visible_texts(preview))
    finder.check("delivery note", [_pdf_text(note)])
    preview.close()
    from cpdesk.sync.first_start import FirstStartService
    from cpdesk.ui.first_start.screen import FirstStartWidget

    assistant = FirstStartWidget(FirstStartService(ctx.data_dir / "new-depot"))
    qtbot.addWidget(assistant)
    assistant.show()
    finder.check("first-start assistant", visible_texts(assistant))
    assistant.close()
    panel = DemoScalePanel(SimulatedScale("mt-sics"))
    qtbot.addWidget(panel)
    panel.show()
    finder.check("demo scale panel", visible_texts(panel))

    # documents printed from these screens, in the user's language
    with Session(ctx.engine) as s:
        sale_id = s.scalars(select(m.Sale.id)).first()
    if sale_id is not None:
        data = counter.service.receipt(uuid.UUID(str(sale_id)), lang=ctx.language)
        finder.check("receipt", docs.receipt_text(data))
    assert ctx.language == lang
    z_report = report_lines(_a_report(counter.service), lang)
    finder.check("Z report", z_report)
    assert max(len(line) for line in z_report) <= 48  # fits 80 mm receipt paper
    window.close()
    QCoreApplication.processEvents()


def _pdf_text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _a_report(service):
    import datetime as dt

    from cpdesk.counter.service import Report

    return Report("Z", service.depot_code, service.register, 3,
                  dt.datetime(2026, 11, 26, 7, 0, tzinfo=dt.UTC),
                  dt.datetime(2026, 11, 26, 18, 0, tzinfo=dt.UTC), 10_000, 1, 9, 8, 1,
                  {6: 1200, 21: 800}, {6: -100}, {6: 50}, {6: 62, 21: 139},
                  {"cash": 1500, "card": 400, "rounding": -2}, [(500, "monnaie"), (-200, "")],
                  11_798, 11_800)
