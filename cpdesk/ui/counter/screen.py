"""The counter screen: sale, pick-up and register tabs.

Devices only through the `DeviceHub`: scans arrive as `sig_scanned`, weights as
`sig_weight` (a weighed line takes `stable_weight()` only), receipts go to `print()`.
Storage only through `CounterService`, on the thread pool; the catalogue is kept in memory
so that a scan becomes a cart line without a query.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cpdesk.counter.service import Catalogue, CatalogueItem, CounterService, SaleResult, StaffRef
from cpdesk.documents.data import receipt_code
from cpdesk.domain.cart import Cart, CartError, Checkout, Discount, NeedsSupervisor
from cpdesk.errors import CpdeskError
from cpdesk.hardware.barcodes import BarcodeError, ScannedCode, parse_barcode

from ..action_queue import ActionQueue
from ..context import AppContext
from ..failures import FailureText
from ..hardware.devices import DeviceHub, Weight
from ..i18n import money_text, weight_text
from ..refusals import refusal_text
from ..sounds import Sounds
from ..workers import query
from .cart import categories_of
from .payment import parse_eur
from .pickup import PickupPanel
from .pins import CounterPins
from .receipts import ReceiptPrinting
from .register import RegisterPanel
from .sale_layout import SaleTabLayout

log = logging.getLogger(__name__)


class CounterWidget(SaleTabLayout):
    sig_ready = Signal()
    """The catalogue and the register state are loaded."""
    sig_signed_in = Signal(object)
    """The `StaffRef` now serving at the counter (None when the PIN was wrong)."""
    sig_cart_changed = Signal()
    """The cart's lines or discounts changed (the table is already up to date)."""
    sig_sale_done = Signal(object)
    """The `SaleResult` of a sale just recorded (its receipt is being printed)."""
    sig_receipt = Signal(bytes)
    """ESC/POS bytes of a receipt sent to the printer (or saved when there is none)."""
    sig_message = Signal(str)
    """A line for the message bar (also shown in the screen); a refusal, sounded so, unless
    `say(..., ok=True)` put it."""
    sig_switch_person = Signal()
    """Inside the main window: someone must sign in there (the window's PIN pad, F12)."""

    def __init__(self, ctx: AppContext, devices: DeviceHub, *,
                 service: CounterService | None = None, parent: QWidget | None = None,
                 own_scans: bool = True, own_sign_in: bool = True,
                 sounds: Sounds | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.devices = devices
        # the window's sounds (good and bad scans, as at packing); alone, its own
        self.sounds = sounds if sounds is not None else Sounds(self, load=False)
        self._words: Callable[[], str] | None = None  # the message line, remade on a switch
        self._next_words: Callable[[], str] | None = None
        self.service = service or CounterService(ctx.engine, ctx.depot)
        self.catalogue: Catalogue | None = None
        self.cashier: StaffRef | None = None
        self.cart = Cart(discount_limit_pct=self.service.discount_limit_pct)
        self.pending_weighed: CatalogueItem | None = None
        self.queue = ActionQueue(self)
        self.last_sale: SaleResult | None = None
        self.started = False
        # Standalone, the counter asks for a PIN itself; in the main window the person signed
        # in there serves (set_cashier) and switching person is the window's F12.
        self.own_sign_in = own_sign_in

        self.tabs = QTabWidget()
        self.weight: Weight | None = None  # the scale's last reading
        self.tabs.addTab(self._build_sale_tab(self.cart), "")
        self._connect_sale_tab()
        self.pins = CounterPins(self, self.pin_panel, [self.payment, self.detail_label],
                                own_sign_in=own_sign_in, parent=self)
        self.pins.sig_signed_in.connect(self._signed_in)
        self.pins.sig_switch_person.connect(self.sig_switch_person)
        self._cart_changed()
        self.pickup = PickupPanel(self, parent=self)
        self.tabs.addTab(self.pickup, "")
        self.register = RegisterPanel(self, parent=self)
        self.register.sig_session_changed.connect(self._session_changed)
        self.tabs.addTab(self.register, "")
        self.tabs.currentChanged.connect(self._tab_changed)

        self.who = QLabel()
        self.who.setObjectName("summary")
        self.sign_button = QPushButton()
        self.sign_button.clicked.connect(self._ask_sign_in)
        self.register_label = QLabel()
        self.register_label.setObjectName("summary")
        self.message = QLabel()
        # coloured as the packing screen's line: green what was done, red what was refused
        # (its `ok` property; main_window.STYLE)
        self.message.setObjectName("counterMessage")
        self.message.setWordWrap(True)
        self._message_ok = False
        self.message.setFixedHeight(40)
        # Register and cashier sit beside the tabs (not in a row of their own): the screen
        # fits 768 px in height.
        corner = QWidget()
        top = QHBoxLayout(corner)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.register_label)
        top.addSpacing(12)
        top.addWidget(self.who)
        top.addWidget(self.sign_button)
        self.sign_button.setStyleSheet("min-height: 0px; padding: 1px 10px;")
        self.tabs.setCornerWidget(corner, Qt.Corner.TopRightCorner)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 4)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)

        self.sig_message.connect(self._show_message)
        if own_scans:  # in the main window, scans are routed to the screen shown
            devices.sig_scanned.connect(self.on_scanned)
        devices.sig_weight.connect(self._show_weight)
        self.receipts = ReceiptPrinting(self, self.register.show_text, self)
        self.receipts.sig_receipt.connect(self.sig_receipt)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        """Every text of the screen in the current language (also on a language switch; its
        panels retranslate themselves)."""
        for i, text in enumerate((self.tr("Sale"), self.tr("Pick-up"), self.tr("Register"))):
            self.tabs.setTabText(i, text)
        self.who.setText(self.cashier.name if self.cashier else self.tr("Nobody signed in"))
        self.sign_button.setText(self.tr("Sign in (PIN)") if self.own_sign_in
                                 else self.tr("Switch user (F12)"))
        self.register_label.setText(self.tr("Register {0}").format(self.service.register))
        self.search.setPlaceholderText(self.tr("Name, producer, code"))
        self.take_weight_button.setText(self.tr("Take the weight"))
        self.remove_button.setText(self.tr("Remove line"))
        self.discount_edit.setPlaceholderText(self.tr("10% or 2,50"))
        self.line_discount_button.setText(self.tr("Line discount"))
        self.cart_discount_button.setText(self.tr("Cart discount"))
        self.cancel_button.setText(self.tr("Cancel sale"))
        if self.weight is None:
            self.scale_label.setText(self.tr("Scale: no reading"))
        else:
            self._show_weight(self.weight)
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                          self.model.columnCount() - 1)
        self._filter()
        self._show_totals()
        if self._words is not None:  # the message on screen, in the new language
            self.message.setText(self._words())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # -- plumbing ----------------------------------------------------------------------------------
    def read(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_failed: Callable[[], None] | None = None) -> None:
        """A read of the service (catalogue, pick-ups, a receipt) on the pool, at once;
        errors become a message line."""
        query(self, fn, on_done, self._failed_with(on_failed))

    def act(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_failed: Callable[[], None] | None = None) -> None:
        """A change (a sale, a refund, a cash movement, a pick-up) on the counter's ordered
        queue: one after the other, in the order asked; errors become a message line."""
        self.queue.submit(fn, on_done, self._failed_with(on_failed))

    def say(self, text: str | Callable[[], str], *, ok: bool = False) -> None:
        """A line for the message bar (the panels' way to it): a refusal or a warning (the
        refused sound plays), or with `ok` what was done. Given as a function making it, it is
        made again in the new language on a switch (a plain string stays as it was said).
        `sig_message` emitted alone says a refusal."""
        words = text if callable(text) else None
        said = text() if callable(text) else text
        self._message_ok, self._next_words = ok, words
        self.sig_message.emit(said)

    def _failed_with(self, on_failed: Callable[[], None] | None) -> Callable[[str], None]:
        def failed(message: str) -> None:
            # Typed refusals and store problems come worded (failures.failure_words), and
            # are worded again on a language switch.
            self.say(message.again if isinstance(message, FailureText) else message)
            if on_failed is not None:
                on_failed()
        return failed

    def start(self) -> None:
        self.started = True
        self.read(self.service.load_catalogue, self._catalogue_loaded)

    def _catalogue_loaded(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.tiles.set_categories(categories_of(catalogue.items))
        self.pickup.open_day()
        self._filter()
        self.register.refresh(then=self.sig_ready.emit)

    def _show_message(self, text: str) -> None:
        if text:  # what the cashier was told (refusals mostly) goes into the support log
            log.info("counter: %s", text)
        ok, self._message_ok = self._message_ok, False
        words, self._next_words = self._next_words, None
        self._words = words if text else None
        if text and not ok:  # a refusal or a warning: heard as at packing
            self.sounds.refused()
        if self.message.text() != text:
            self.message.setText(text)
        state = "" if not text else "yes" if ok else "no"
        if self.message.property("ok") != state:
            self.message.setProperty("ok", state)
            self.message.style().unpolish(self.message)
            self.message.style().polish(self.message)

    def _session_changed(self, is_open: bool) -> None:
        """The register is open: the refusal saying it was closed is no longer true."""
        if is_open and self.message.text() == refusal_text(
                CpdeskError(code="counter.register_closed")):
            self.sig_message.emit("")

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.register and self.started:
            self.register.refresh()

    # -- who serves (`pins.CounterPins`) -----------------------------------------------------------
    def _ask_sign_in(self) -> None:
        self.pins.ask_sign_in()

    def set_cashier(self, staff: StaffRef | None) -> None:
        """The person signed in to the window serves at the counter (no second PIN)."""
        self.cashier = staff
        self.who.setText(staff.name if staff else self.tr("Nobody signed in"))

    def sign_in(self, pin: str) -> None:
        """Standalone: the person whose PIN this is serves (`sig_signed_in` says who)."""
        self.pins.sign_in(pin)

    def _signed_in(self, staff: StaffRef | None) -> None:
        self.set_cashier(staff)
        self.sig_signed_in.emit(staff)

    def staff_id(self) -> uuid.UUID | None:
        if self.cashier is None:
            self.say(lambda: self.tr("Sign in with your PIN first"))
            self._ask_sign_in()
            return None
        return self.cashier.id

    # -- the sale tab ------------------------------------------------------------------------------
    def _connect_sale_tab(self) -> None:
        """The sale tab's widgets wired to what the screen does."""
        self.search.textChanged.connect(self._filter)
        self.tiles.sig_category.connect(lambda _c: self._filter())
        self.products.itemClicked.connect(self._product_clicked)
        self.products.itemActivated.connect(self._product_clicked)
        self.take_weight_button.clicked.connect(self.take_weight)
        self.plus_button.clicked.connect(lambda: self.change_quantity(+1))
        self.minus_button.clicked.connect(lambda: self.change_quantity(-1))
        self.remove_button.clicked.connect(self.remove_line)
        self.line_discount_button.clicked.connect(lambda: self.apply_discount(line=True))
        self.cart_discount_button.clicked.connect(lambda: self.apply_discount(line=False))
        self.payment.sig_paid.connect(self._paid)
        self.payment.sig_message.connect(self.say)
        self.cancel_button.clicked.connect(self.cancel_sale)

    def _filter(self) -> None:
        self.products.clear()
        if self.catalogue is None:
            return
        category = next((c for c, b in self.tiles.buttons.items() if b.isChecked()), None)
        for ci in self.catalogue.search(self.search.text(), category=category):
            price = money_text(ci.item.price_cents)
            if ci.item.weighed:
                unit = self.tr("/kg")
            else:
                unit = f" ({ci.unit_label})" if ci.unit_label else ""
            item = QListWidgetItem(f"{ci.item.name} — {ci.producer}\n{price}{unit}")
            item.setData(Qt.ItemDataRole.UserRole, ci.item.product_id)
            self.products.addItem(item)

    def _product_clicked(self, item: QListWidgetItem) -> None:
        if self.catalogue is None:
            return
        self.add_product(self.catalogue.by_id[item.data(Qt.ItemDataRole.UserRole)])

    def _editable(self) -> bool:
        co = self.payment.checkout
        if co is not None and co.payments:
            self.say(lambda: self.tr("A payment was taken: undo it before changing the cart"))
            return False
        return True

    def add_product(self, ci: CatalogueItem, *, weight_g: int | None = None) -> bool:
        """Add a product: pieces, or a weighing (from a barcode weight, or the scale). False
        when refused (and said so)."""
        if not self._editable():
            return False
        try:
            if ci.item.weighed and weight_g is not None:
                self.cart.add_weighed(ci.item, weight_g, "barcode")
            elif ci.item.weighed:
                self.pending_weighed = ci
                self.take_weight_button.setEnabled(True)
                return self.take_weight()
            else:
                self.cart.add_unit(ci.item)
        except CartError as exc:
            self._refused(exc)
            return False
        self.sig_message.emit("")
        self._cart_changed(select_last=True)
        return True

    def _refused(self, exc: CartError) -> None:
        self.say(lambda: refusal_text(exc))

    def take_weight(self) -> bool:
        """Weigh the pending product: only a stable, in-range reading is accepted. False
        when refused (and said so); True when weighed, or waiting for a stable weight."""
        ci = self.pending_weighed
        if ci is None:
            return False
        name = ci.item.name
        if self.service.legal_for_trade and not self.devices.legal_for_trade:
            self.say(lambda: self.tr("{0}: this scale is not approved for trade; sell it by a "
                                     "weight label or on an approved scale").format(name))
            return False
        weight = self.devices.stable_weight()
        if weight is None or weight.weight_g <= 0:
            self.say(lambda: self.tr("{0}: waiting for a stable weight on the scale")
                     .format(name), ok=True)  # what to do, not a refusal
            return True
        try:
            self.cart.add_weighed(ci.item, weight.weight_g, "scale")
        except CartError as exc:
            self._refused(exc)
            return False
        self.pending_weighed = None
        self.take_weight_button.setEnabled(False)
        self.sig_message.emit("")
        self._cart_changed(select_last=True)
        return True

    def _show_weight(self, weight: Weight) -> None:
        self.weight = weight
        state = self.tr("stable") if weight.stable else self.tr("moving")
        if weight.overload or weight.underload:
            state = self.tr("out of range")
        self.scale_label.setText(
            self.tr("Scale: {0} ({1})").format(weight_text(weight.weight_g), state))

    def on_scanned(self, code: str) -> None:
        try:
            scan: ScannedCode | None = parse_barcode(code, self.service.layout)
        except BarcodeError:
            scan = None
        if scan is not None and scan.kind in ("crate", "order"):
            self.tabs.setCurrentWidget(self.pickup)
            self.pickup.on_scanned(scan)
            return
        if self.tabs.currentWidget() is self.pickup:
            self.pickup.on_scanned(scan)
            return
        if self.catalogue is None:
            self.say(lambda: self.tr("The catalogue is still loading"))
            return
        self.tabs.setCurrentIndex(0)
        by_code = self.catalogue.by_code
        ci = next((by_code[c] for c in scan.candidates if c in by_code), None) if scan else None
        if scan is None or ci is None:
            shown = scan.text if scan else code
            self.say(lambda: self.tr("Unknown code {0}").format(shown))
            return
        if self.add_product(ci, weight_g=scan.grams):  # a refusal sounded as it was said
            self.sounds.accepted()

    def _selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        return len(self.cart.lines) - 1 if self.cart.lines else None

    def change_quantity(self, delta: int) -> None:
        row = self._selected_row()
        if row is None or not self._editable():
            return
        try:
            self.cart.set_quantity(row, self.cart.lines[row].quantity + delta)
        except CartError as exc:
            self._refused(exc)
            return
        self._cart_changed(select=row)

    def remove_line(self) -> None:
        row = self._selected_row()
        if row is None or not self._editable():
            return
        self.cart.remove(row)
        self._cart_changed()

    def apply_discount(self, *, line: bool) -> None:
        text = self.discount_edit.text().strip()
        row = self._selected_row()
        if not self._editable() or (line and row is None):
            return
        try:
            if not text:
                discount = None
            elif text.endswith("%"):
                discount = Discount(pct=int(text[:-1].strip()))
            else:
                cents = parse_eur(text)
                if cents is None or cents <= 0:
                    raise CartError(self.tr("Type 10% or an amount such as 2,50"))
                discount = Discount(amount_cents=cents)
        except CartError as exc:
            self._refused(exc)
            return
        except ValueError:  # "abc%": not a whole percentage
            self.say(lambda: self.tr("Type 10% or an amount such as 2,50"))
            return

        def apply(supervisor_id: uuid.UUID | None) -> None:
            if line:
                assert row is not None
                self.cart.set_line_discount(row, discount, supervisor_id=supervisor_id)
            else:
                self.cart.set_cart_discount(discount, supervisor_id=supervisor_id)
            self.discount_edit.clear()
            self._cart_changed(select=row if line else None)

        try:
            apply(None)
        except NeedsSupervisor as exc:
            # The words made again on a language switch: the refusal kept (its traceback,
            # and the frames it holds, dropped), not a finished string.
            refusal = exc.with_traceback(None)
            self.pins.needs_supervisor(lambda: refusal_text(refusal), apply)
        except CartError as exc:
            self._refused(exc)

    def _cart_changed(self, *, select: int | None = None, select_last: bool = False) -> None:
        self.model.refresh()
        if select_last and self.cart.lines:
            select = len(self.cart.lines) - 1
        if select is not None and 0 <= select < len(self.cart.lines):
            self.view.selectRow(select)
            self.view.scrollTo(self.model.index(select, 0))
        self._show_totals()
        total = self.cart.total_cents
        self.payment.set_total(total if self.cart.lines else None)
        self.sig_cart_changed.emit()

    def _show_totals(self) -> None:
        total = self.cart.total_cents
        self.total_label.setText(money_text(total))
        parts = []
        if self.cart.discount_cents:
            parts.append(self.tr("discounts {0}").format(money_text(-self.cart.discount_cents)))
        for v in self.cart.vat():
            parts.append(self.tr("VAT {0}%: {1} of {2}").format(
                v.rate_pct, money_text(v.vat_cents), money_text(v.total_cents)))
        self.detail_label.setText("\n".join(parts))

    def cancel_sale(self) -> None:
        self.cart.lines.clear()
        self.cart.discount = None
        self.cart.discount_by = None
        self.pending_weighed = None
        self.take_weight_button.setEnabled(False)
        self._cart_changed()

    def _paid(self, checkout: Checkout) -> None:
        staff = self.staff_id()
        if staff is None:
            self.payment.undo()
            return
        cart = self.cart

        def done(result: SaleResult) -> None:
            self.last_sale = result
            self.cart = Cart(discount_limit_pct=self.service.discount_limit_pct)
            self.model.cart = self.cart
            self._cart_changed()
            change = checkout.change_cents
            code = receipt_code(self.service.register, result.receipt_no)
            self.say(lambda: self.tr("Receipt {0} recorded. Change: {1}").format(
                code, money_text(change)), ok=True)
            self.print_receipt(result.sale_id)
            self.sig_sale_done.emit(result)

        def sell() -> SaleResult:
            return self.service.sell(cart, checkout, staff_id=staff)

        def failed() -> None:
            # Nothing was recorded (one transaction): the payments are taken again.
            self.payment.set_total(self.cart.total_cents)

        self.act(sell, done, failed)

    # -- receipts (`receipts.ReceiptPrinting`) -----------------------------------------------------
    def print_receipt(self, sale_id: uuid.UUID, *, copy: bool = False) -> None:
        """Print (or, with no receipt printer, show and save as text + PDF) a sale's receipt."""
        self.receipts.print(sale_id, copy=copy,
                            reprinted_by=self.cashier.id if self.cashier else None)
