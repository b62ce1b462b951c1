"""The GUI thread's garbage collector waits while long-lived objects are made (the store's
modules imported after the first frame), and they are frozen out of its sight afterwards."""

from __future__ import annotations

import gc

from cpdesk.ui.gc_guard import MainThreadGC, long_lived_objects


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_no_collection_while_long_lived_objects_are_made_then_they_are_frozen(qtbot):
    collector = MainThreadGC()
    collector.start()
    gc.collect()
    frozen_before = gc.get_freeze_count()
    try:
        with long_lived_objects():
            kept = [Node() for _ in range(gc.get_threshold()[0] * 3)]
            pending = gc.get_count()[0]
            collector.collect()  # the timer's call: it waits
            assert gc.get_count()[0] >= pending > gc.get_threshold()[0]
        assert gc.get_freeze_count() >= frozen_before + len(kept)
        for _ in range(gc.get_threshold()[0] * 2):
            Node()  # garbage made afterwards
        collector.collect()  # collected again as before
        assert gc.get_count()[0] < gc.get_threshold()[0]
    finally:
        collector.stop()
        gc.disable()  # as the test session keeps it (tests/conftest.py)
        gc.unfreeze()
