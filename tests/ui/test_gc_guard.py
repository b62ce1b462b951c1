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


def test_a_tick_collects_the_generations_the_automatic_collector_would(qtbot):
    """The young objects at most ticks; a full collection only when the oldest generation's
    threshold is passed too (a full one at every tick scanned the whole heap, holding the
    GIL: a read on the thread pool waited seconds for it)."""
    was_enabled = gc.isenabled()
    collector = MainThreadGC()
    collector.start()
    generations: list[int] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start":
            generations.append(info["generation"])

    gc.collect()
    gc.callbacks.append(seen)
    try:
        for _ in range(gc.get_threshold()[0] * 2):
            Node()
        collector.collect()
        assert generations == [0]
        while gc.get_count()[2] <= gc.get_threshold()[2]:
            gc.collect(1)  # as many older collections as the automatic collector makes
        for _ in range(gc.get_threshold()[0] * 2):
            Node()
        generations.clear()
        collector.collect()
        assert generations == [2]
    finally:
        gc.callbacks.remove(seen)
        collector.stop()
    assert gc.isenabled() == was_enabled  # as it was before start()
