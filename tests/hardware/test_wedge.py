"""Telling a wedge scanner's burst from a person typing."""

from __future__ import annotations

from cpdesk.hardware.wedge import WedgeClassifier


def feed(c: WedgeClassifier, text: str, start_ms: float, gap_ms: float) -> str | None:
    result = None
    t = start_ms
    for ch in text:
        result = c.key(ch, t)
        t += gap_ms
    return result


def test_fast_burst_ending_in_enter_is_a_scan() -> None:
    assert feed(WedgeClassifier(), "5400141007121\r", 0, 8) == "5400141007121"


def test_typing_speed_is_not_a_scan() -> None:
    assert feed(WedgeClassifier(), "1234\r", 0, 180) is None


def test_slow_start_then_burst_keeps_only_the_burst() -> None:
    c = WedgeClassifier()
    c.key("x", 0)
    assert feed(c, "CP-261128-0042\n", 500, 5) == "CP-261128-0042"


def test_short_burst_is_not_a_scan() -> None:
    assert feed(WedgeClassifier(), "12\r", 0, 5) is None


def test_enter_typed_slowly_after_a_burst_is_not_a_scan() -> None:
    c = WedgeClassifier()
    feed(c, "540014", 0, 5)
    assert c.in_burst(30)
    assert c.key("\r", 400) is None
