"""pytest-qt: a pick-up with a missing crate flagged."""

from sqlalchemy import func, select

from cpdesk.store import models as m
from cpdesk.store.db import transaction

from .conftest import open_register


def _order_with_crates(engine):
    with transaction(engine) as s:
        return s.execute(select(m.Order.number).join(m.Crate, m.Crate.order_id == m.Order.id)
                         .where(m.Order.status == "open").group_by(m.Order.number)
                         .having(func.count(m.Crate.id) >= 2)).scalars().first()


def test_pickup_with_a_missing_crate_flagged(qtbot, counter):
    open_register(qtbot, counter)
    number = _order_with_crates(counter.ctx.engine)
    info = counter.service.pickup_info(number)
    panel = counter.pickup
    # Scanning a crate on the sale tab finds its order on the pick-up tab.
    with qtbot.waitSignal(panel.sig_loaded, timeout=30_000):
        counter.devices.scan(info.crates[0])
    assert counter.tabs.currentWidget() is panel and panel.info.number == number
    for code in info.crates[1:-1]:
        counter.devices.scan(code)
    with qtbot.waitSignal(panel.sig_crate_checked, timeout=30_000) as checked:
        counter.devices.scan("CR0000000000")
    assert checked.args == ["CR0000000000", False]
    assert panel.missing == [info.crates[-1]]
    assert not panel.hand_over_button.isEnabled()  # balance not paid yet
    panel.payment.reference.setText("P998877")
    panel.payment.card_button.click()
    assert panel.hand_over_button.isEnabled()
    panel.hand_over_button.click()  # first press: the missing crate is shown
    assert info.crates[-1] in counter.message.text()
    with qtbot.waitSignal(panel.sig_done, timeout=30_000) as done:
        panel.hand_over_button.click()
    _pickup_id, sale, missing = done.args[0]
    assert missing == [info.crates[-1]] and sale.total_cents == info.balance_cents
    assert "flagged" in counter.message.text()
    with transaction(counter.ctx.engine) as s:
        assert s.scalar(select(m.Order.status).where(m.Order.number == number)) == "delivered"
    qtbot.waitUntil(lambda: len(counter.devices.printed) == 1, timeout=30_000)


def test_pickup_found_by_customer_name(qtbot, counter):
    number = _order_with_crates(counter.ctx.engine)
    panel = counter.pickup
    panel.search.setText(number)
    with qtbot.waitSignal(panel.sig_loaded, timeout=30_000) as loaded:
        panel.find_button.click()
    assert loaded.args[0].number == number
