from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from cpdesk.counter.service import CounterService
from cpdesk.store import models as m
from cpdesk.store import paths
from cpdesk.store.db import open_store, transaction


@pytest.fixture
def hes_engine(demo_dir: Path):
    engine = open_store(paths.depot_path(demo_dir, "HES"))
    yield engine
    engine.dispose()


@pytest.fixture
def service(hes_engine) -> CounterService:
    return CounterService(hes_engine, "HES")


@pytest.fixture
def cashier(hes_engine):
    with transaction(hes_engine) as s:
        return s.scalars(select(m.Staff).where(m.Staff.role == "staff")).first()


@pytest.fixture
def open_register(service, cashier) -> CounterService:
    service.open_session(staff_id=cashier.id, float_cents=10_000)
    return service
