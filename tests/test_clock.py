"""One clock: stored times are UTC, every screen and document shows the depot's wall clock."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from cpdesk import clock

# 12:08 UTC on a winter day is 13:08 in Brussels; in summer it is 14:08.
WINTER = dt.datetime(2026, 11, 30, 12, 8, tzinfo=dt.UTC)
SUMMER = dt.datetime(2026, 7, 1, 12, 8, tzinfo=dt.UTC)


def test_stored_utc_times_show_as_brussels_time_in_winter_and_summer() -> None:
    assert clock.hm(WINTER) == "13:08"
    assert clock.hm(SUMMER) == "14:08"
    assert clock.hm(WINTER.replace(tzinfo=None)) == "13:08"  # SQLite hands back naive UTC
    assert clock.stamp(WINTER) == "30/11/2026 13:08"
    assert clock.stamp(None) == "-"
    assert clock.utcnow().utcoffset() == dt.timedelta(0)


def test_the_depot_day_turns_at_local_midnight(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "utcnow", lambda: dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC))
    assert clock.today() == dt.date(2026, 12, 1)  # already Tuesday in Brussels


def test_a_depot_can_live_in_another_zone() -> None:
    try:
        clock.set_zone("Europe/London")
        assert clock.hm(WINTER) == "12:08"
    finally:
        clock.set_zone(None)
    assert clock.hm(WINTER) == "13:08"
    with pytest.raises(ValueError, match="unknown time zone"):
        clock.set_zone("Mars/Olympus")
    clock.set_zone(None)


def test_status_bar_and_receipt_tell_the_same_time(qapp: object) -> None:
    from cpdesk import documents as docs
    from cpdesk.documents.data import Issuer
    from cpdesk.sync.worker import SyncStatus
    from cpdesk.ui.sync_status import SyncBridge

    bridge = SyncBridge(None, problem="")
    bridge.worker = object()  # type: ignore[assignment]  # describe() as if a worker ran
    status_text = bridge.describe(SyncStatus(online=True, last_success_at=WINTER))
    assert "13:08:00" in status_text
    receipt = docs.ReceiptData(
        issuer=Issuer("Hesbicoop", "Dépôt", "HES", "Rue 1", ""), register="HES-1", receipt_no=1,
        at=WINTER, staff="Nadia", lines=[], total_cents=0, vat=[])
    assert any("30/11/2026 13:08" in line for line in docs.receipt_text(receipt))


def test_no_code_reads_the_machine_clock_or_zone_behind_the_helper() -> None:
    """Times shown to people go through cpdesk.clock: no second clock creeps back in."""
    root = Path(clock.__file__).parent
    pattern = re.compile(r"\.astimezone\(\)|date\.today\(\)|datetime\.now\(|ZoneInfo\(|"
                         r"localtime\(|datetime\.utcnow\(")
    offenders = [f"{p.relative_to(root)}:{n}" for p in root.rglob("*.py") if p.name != "clock.py"
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert offenders == []


def test_no_second_clock_helper_wraps_the_clock() -> None:
    """Code asks cpdesk.clock itself: a private `_now()` elsewhere would be a fifth clock
    a test could patch apart from the others."""
    root = Path(clock.__file__).parent
    pattern = re.compile(r"^\s*def _?(utcnow|now|today)\(")
    offenders = [f"{p.relative_to(root)}:{n}" for p in root.rglob("*.py") if p.name != "clock.py"
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert offenders == []
