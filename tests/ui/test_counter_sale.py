"""pytest-qt: a full counter sale with the simulated scale and printer."""

from cpdesk.domain.gtin import with_check_digit
from cpdesk.domain.money import weighed_amount_cents
from cpdesk.ui.i18n import money_text

from ..escpos import decode_escpos as decode
from ..escpos import money
from .conftest import open_register


def _unit_with_barcode(counter):
    return next(ci for code, ci in counter.catalogue.by_code.items()
                if not ci.item.weighed and len(code) == 13)


def _weighed(counter):
    return next(ci for ci in counter.catalogue.items
                if ci.item.weighed and ci.category == "légumes")


def test_full_sale_scale_and_receipt(qtbot, counter):
    open_register(qtbot, counter)
    devices = counter.devices
    unit = _unit_with_barcode(counter)
    devices.scan(unit.barcodes[0])
    devices.scan(unit.barcodes[0])
    assert counter.model.rowCount() == 1 and counter.cart.lines[0].quantity == 2

    # Category tile then the product: unstable weight refused, stable accepted.
    veg = _weighed(counter)
    counter.tiles.buttons["légumes"].click()
    counter.search.setText(veg.item.name)
    row = next(i for i in range(counter.products.count())
               if counter.products.item(i).data(0x0100) == veg.item.product_id)
    devices.put_weight(1234, stable=False)
    counter.products.itemClicked.emit(counter.products.item(row))
    assert counter.model.rowCount() == 1
    assert "stable" in counter.message.text()
    devices.put_weight(1234, stable=True)
    counter.take_weight_button.click()
    assert counter.model.rowCount() == 2
    assert counter.cart.lines[1].weight_g == 1234
    # a no-break space: the unit never goes to the next line alone
    assert counter.model.data(counter.model.index(1, 1)) == "1,234\u00a0kg"

    # A weight label scanned: the weight comes from the barcode.
    scale_code, scale_item = next((c, ci) for c, ci in counter.catalogue.by_code.items()
                                  if len(c) == 7 and c.startswith("20"))
    devices.scan(with_check_digit(f"{scale_code}00500"))
    assert counter.cart.lines[2].weight_g == 500
    assert counter.cart.lines[2].weight_source == "barcode"

    expected = (unit.item.price_cents * 2 + weighed_amount_cents(veg.item.price_cents, 1234)
                + weighed_amount_cents(scale_item.item.price_cents, 500))
    assert counter.cart.total_cents == expected
    assert counter.total_label.text() == money_text(expected)  # the screen's own format

    counter.payment.amount.setText("500,00")
    with qtbot.waitSignal(counter.sig_receipt, timeout=30_000) as printed:
        counter.payment.cash_button.click()
    raw = printed.args[0]
    assert devices.printed[-1].payload == raw and devices.printed[-1].printer == "receipts"
    doc = decode(raw)
    result = counter.last_sale
    assert f"HES-1-{result.receipt_no:06d}" in doc.lines
    assert next(ln for ln in doc.lines if ln.startswith("TOTAL")).endswith(money(expected))
    assert f"1,234 kg x {money(veg.item.price_cents)}/kg" in doc.text()
    assert "drawer 0 25 250" in doc.commands and doc.commands[-1] == "cut 65 3"
    assert counter.model.rowCount() == 0  # a fresh cart


def test_discount_over_limit_asks_a_supervisor_in_the_window(qtbot, counter):
    open_register(qtbot, counter)
    unit = _unit_with_barcode(counter)
    counter.devices.scan(unit.barcodes[0])
    counter.discount_edit.setText("50%")
    counter.cart_discount_button.click()
    assert counter.cart.discount is None and not counter.pin_panel.isHidden()
    counter.pin_panel.pin.setText("2001")  # not a supervisor
    with qtbot.waitSignal(counter.sig_message, timeout=30_000):
        counter.pin_panel.pin.returnPressed.emit()
    assert counter.cart.discount is None
    counter.cart_discount_button.click()
    counter.pin_panel.pin.setText("9001")
    with qtbot.waitSignal(counter.sig_cart_changed, timeout=30_000):
        counter.pin_panel.pin.returnPressed.emit()
    assert counter.cart.discount is not None and counter.cart.discount_by is not None
    assert counter.cart.total_cents == unit.item.price_cents - unit.item.price_cents // 2


def test_split_payment_cash_and_card(qtbot, counter):
    open_register(qtbot, counter)
    unit = _unit_with_barcode(counter)
    for _ in range(3):
        counter.devices.scan(unit.barcodes[0])
    total = counter.cart.total_cents
    counter.payment.amount.setText("2,00")
    counter.payment.cash_button.click()  # part in cash
    counter.payment.card_button.click()  # no approval code: refused
    assert "approval" in counter.message.text()
    counter.payment.reference.setText("A654321")
    with qtbot.waitSignal(counter.sig_receipt, timeout=30_000) as printed:
        counter.payment.card_button.click()
    doc = decode(printed.args[0])
    assert any(ln.startswith("Espèces") and ln.endswith(money(200)) for ln in doc.lines)
    assert any(ln.startswith("Carte (A654321)") and ln.endswith(money(total - 200))
               for ln in doc.lines)
    report = counter.service.report()
    assert report.by_method == {"card": total - 200, "cash": 200}


def test_without_a_receipt_printer_the_receipt_is_shown_and_saved(qtbot, counter, demo_dir):
    open_register(qtbot, counter)
    counter.devices.sig_printer_status.emit("receipts", "absent")
    unit = _unit_with_barcode(counter)
    counter.devices.scan(unit.barcodes[0])
    counter.payment.reference.setText("A1")
    with qtbot.waitSignal(counter.sig_receipt, timeout=30_000):
        counter.payment.card_button.click()
    assert counter.devices.printed == []
    number = counter.last_sale.receipt_no
    saved = demo_dir / "counter" / "receipts" / f"HES-1-{number:06d}.pdf"
    assert saved.exists() and saved.read_bytes().startswith(b"%PDF")
    assert f"HES-1-{number:06d}" in saved.with_suffix(".txt").read_text()
    assert f"HES-1-{number:06d}" in counter.register.text.toPlainText()
    assert "saved" in counter.message.text()
