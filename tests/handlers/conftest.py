"""Fixtures for conversations with the real engine: the demo catalogue, a clock, a person."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from storage.demo import load_demo
from storage.uow import UnitOfWork
from tests.chat import Clock, Person, make_engine

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
async def database(engine):
    """A migrated database of each kind with the demo catalogue of the clock's day."""
    async with UnitOfWork(engine) as uow:
        await load_demo(uow, Clock()().astimezone(SEOUL).date(), SEOUL)
        await uow.commit()
    return engine


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def person(database, clock) -> Person:
    return Person(make_engine(database, clock))
