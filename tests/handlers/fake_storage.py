"""For flow tests that need no database: importing `the_fake_as_database` into a test module
makes its `database` (and so its `person`) the in-memory fake storage with the demo catalogue
(tests/fakes/uow.py) instead of a migrated SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.fakes.uow import FakeStorage


@pytest.fixture(name="database")
def the_fake_as_database(fake_database: FakeStorage) -> FakeStorage:
    """These flows need no database: the in-memory fake storage stands in for one."""
    return fake_database
