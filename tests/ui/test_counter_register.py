"""pytest-qt: refund linked to its receipt, reprint, session close with a cash difference."""

from cpdesk.domain.cart import Cart, Checkout

from ..escpos import decode_escpos as decode
from ..escpos import money
from .conftest import open_register


def _sell(counter, quantity=2, cash=True):
    unit = next(ci for c, ci in counter.catalogue.by_code.items() if not ci.item.weighed)
    cart = Cart()
    cart.add_unit(unit.item, quantity)
    co = Checkout(cart.total_cents)
    if cash:
        co.add_cash(tendered_cents=cart.total_cents + 500)
    else:
        co.add_card(reference="T1")
    return counter.service.sell(cart, co, staff_id=counter.cashier.id), cart


def test_refund_linked_to_its_receipt_and_reprint_copy(qtbot, counter):
    open_register(qtbot, counter)
    sale, cart = _sell(counter)
    panel = counter.register
    counter.tabs.setCurrentWidget(panel)
    panel.receipt_edit.setText(str(sale.receipt_no))
    panel.load_button.click()
    qtbot.waitUntil(lambda: panel.refund_table.rowCount() == 1, timeout=30_000)
    panel.set_returned(0, 1)
    with qtbot.waitSignal(panel.sig_refunded, timeout=30_000) as refunded:
        panel.refund_cash_button.click()
    result = refunded.args[0]
    assert result.receipt_no == sale.receipt_no + 1
    assert result.total_cents == -cart.lines[0].item.price_cents
    qtbot.waitUntil(lambda: len(counter.devices.printed) == 1, timeout=30_000)
    doc = decode(counter.devices.printed[-1].payload)
    assert f"Retour du ticket HES-1-{sale.receipt_no:06d}" in doc.text()
    assert "REMBOURSEMENT" in doc.lines and f"HES-1-{result.receipt_no:06d}" in doc.lines
    # The rest of the line can still be returned, not more.
    assert counter.service.sold_receipt(sale.receipt_no).refunded == {1: 1}

    panel.receipt_edit.setText(str(sale.receipt_no))
    with qtbot.waitSignal(counter.sig_receipt, timeout=30_000) as copy:
        panel.reprint_button.click()
    doc = decode(copy.args[0])
    assert "DUPLICATA" in doc.lines[0] and "drawer 0 25 250" not in doc.commands


def test_session_close_with_a_cash_difference_prints_and_saves_the_z(qtbot, counter, demo_dir):
    open_register(qtbot, counter, "150,00")
    (cash_sale, cash_cart) = _sell(counter, 1, cash=True)
    _sell(counter, 2, cash=False)
    panel = counter.register
    panel.move_amount.setText("20,00")
    panel.move_reason.setText("monnaie")
    with qtbot.waitSignal(counter.sig_message, timeout=30_000):
        panel.cash_in_button.click()
    with qtbot.waitSignal(panel.sig_report, timeout=30_000) as x:
        panel.x_button.click()
    expected = x.args[0].expected_cash_cents
    rounded_cash = x.args[0].by_method.get("cash", 0)
    assert expected == 15_000 + 2000 + rounded_cash
    panel.cash_edit.setText(f"{(expected - 50) // 100},{(expected - 50) % 100:02d}")
    with qtbot.waitSignal(panel.sig_report, timeout=30_000) as z:
        panel.close_button.click()
    rep = z.args[0]
    assert rep.kind == "Z" and rep.difference_cents == -50
    assert rep.sales_count == 2 and rep.last_receipt_no == cash_sale.receipt_no + 1
    assert "Écart -0,50 €" in panel.text.toPlainText()
    printed = decode(counter.devices.printed[-1].payload)
    assert printed.lines[0].startswith("RAPPORT Z")
    assert any(ln.startswith("Espèces comptées") and money(expected - 50) in ln
               for ln in printed.lines)
    saved = demo_dir / "counter" / "reports" / f"Z-HES-1-{rep.z_no:04d}.pdf"
    assert saved.exists() and saved.with_suffix(".txt").read_text().count("Écart") == 1
    qtbot.waitUntil(lambda: not panel.is_open, timeout=30_000)
    assert not panel.close_button.isEnabled()


def test_the_register_closed_message_goes_when_the_register_opens(qtbot, counter):
    """Paying with the register closed is refused on the message line; once the register is
    opened that line no longer says it is closed (it stayed there, wrong, until the next
    message)."""
    from cpdesk.errors import CpdeskError
    from cpdesk.ui.refusals import refusal_text

    closed = refusal_text(CpdeskError(code="counter.register_closed"))
    unit = next(ci for c, ci in counter.catalogue.by_code.items() if not ci.item.weighed)
    counter.add_product(unit)
    counter.payment.amount.setText("500,00")
    counter.payment.cash_button.click()
    qtbot.waitUntil(lambda: counter.message.text() == closed, timeout=30_000)
    open_register(qtbot, counter)
    assert counter.message.text() == ""
    # another message is left alone when the register opens
    counter.say("Cash movement recorded")
    with qtbot.waitSignal(counter.register.sig_session_changed, timeout=30_000):
        counter.register.refresh()
    assert counter.message.text() == "Cash movement recorded"
