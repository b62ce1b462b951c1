"""Fixtures for the hardware tests: socat pty pairs, simulated scales, fake printers."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def socat() -> str:
    """socat's path; a missing socat fails the test unless CPDESK_SKIP_SERIAL=1."""
    path = shutil.which("socat")
    if path is None:
        if os.environ.get("CPDESK_SKIP_SERIAL") == "1":
            pytest.skip("socat missing and CPDESK_SKIP_SERIAL=1")
        pytest.fail("socat is not installed (apt-get install socat, or CPDESK_SKIP_SERIAL=1)")
    return path


@pytest.fixture
def pty_pair(socat: str, tmp_path: Path) -> Iterator[object]:
    from cpdesk.hardware.ptypair import PtyPair

    pair = PtyPair(tmp_path, "dev")
    pair.start()
    yield pair
    pair.stop()


@pytest.fixture
def sim_factory(socat: str) -> Iterator[object]:
    """Make simulated scales; all are stopped at the end of the test."""
    from cpdesk.hardware.simulator import SimulatedScale

    made: list[SimulatedScale] = []

    def make(protocol: str, **kwargs: object) -> SimulatedScale:
        sim = SimulatedScale(protocol, **kwargs)  # type: ignore[arg-type]
        made.append(sim)
        return sim

    yield make
    for sim in made:
        sim.stop()
