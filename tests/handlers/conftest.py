"""Fixtures for conversations with the real engine: the demo catalogue, a clock, a person."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from storage.demo import load_demo
from storage.uow import UnitOfWork
from tests.chat import Clock, Person, make_engine
from tests.fakes.uow import FakeStorage, FakeUnitOfWork

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
async def database(engine):
    """A migrated database of each kind with the demo catalogue of the clock's day."""
    async with UnitOfWork(engine) as uow:
        await load_demo(uow, Clock()().astimezone(SEOUL).date(), SEOUL)
        await uow.commit()
    return engine


@pytest.fixture
async def fake_database() -> FakeStorage:
    """The in-memory fake storage (tests/fakes/uow.py) with the demo catalogue of the clock's
    day, for flow tests that need no database: a module takes it as its `database`."""
    storage = FakeStorage()
    async with FakeUnitOfWork(storage) as uow:
        await load_demo(uow, Clock()().astimezone(SEOUL).date(), SEOUL)
        await uow.commit()
    return storage


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def person(database, clock) -> Person:
    return Person(make_engine(database, clock))
