"""The dashboard's chart of orders packed per hour names as many hours as fit: a day packed
from 5h to 20h in a narrow chart names every second or third hour, never overlapping."""

from __future__ import annotations

import pytest

from cpdesk.ui.board.dashboard import HourChart

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("width", [260, 330, 900])
def test_hour_labels_never_overlap(qtbot, width: int) -> None:
    chart = HourChart()
    qtbot.addWidget(chart)
    chart.resize(width, 64)
    chart.set_counts({6: 3, 7: 4, 8: 2, 20: 1})  # packed in the morning, then late at night
    hours = chart.hours()
    assert hours == list(range(5, 21))
    slot = width / len(hours)
    labelled = chart.labelled_hours()
    assert labelled[0] == 5 and labelled == sorted(labelled)
    step = hours.index(labelled[1]) if len(labelled) > 1 else len(hours)
    room = step * slot  # the width a label has before the next one
    assert all(chart.fontMetrics().horizontalAdvance(f"{h}h") < room for h in labelled)
    if width >= 900:
        assert labelled == hours  # wide enough: every hour named
    chart.grab()  # paints with the labels chosen


def test_a_morning_names_every_hour(qtbot) -> None:
    chart = HourChart()
    qtbot.addWidget(chart)
    chart.resize(330, 64)
    chart.set_counts({7: 2, 9: 5})
    assert chart.labelled_hours() == list(range(5, 13))
