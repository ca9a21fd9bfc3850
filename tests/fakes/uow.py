"""An in-memory unit of work for flow tests that need no database (cosmicpython's
FakeUnitOfWork): every port of `storage/ports` over dicts.

`FakeStorage` plays the database: its tables outlive units of work, so a second engine on
the same storage is a restart. `FakeUnitOfWork` plays one transaction: it holds the storage
for its whole life (as SQLite's one writer does), and leaving it without `commit()` puts
every table back as it was. The fakes keep the rules the flows rely on (one user per chat,
linked chats answer as their primary, deleting a person takes what is hers); what only a
database can show (seat races, advisory locks, SQL) stays in the database tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any

from storage.ports.stores import ChatUnitOfWork
from tests.fakes.uow_booking import (
    FakeBookings,
    FakeOutbox,
    FakePhoneNotices,
    FakeSlots,
    FakeWaitlist,
)
from tests.fakes.uow_broadcasts import FakeBroadcasts
from tests.fakes.uow_catalogue import FakeBus, FakeCatalogue, FakeSubscriptions, FakeViews
from tests.fakes.uow_chat_log import FakeChatLog
from tests.fakes.uow_handoffs import FakeHandoffs
from tests.fakes.uow_outcomes import FakeOutcomes
from tests.fakes.uow_people import (
    FakeAccountLinks,
    FakeAudit,
    FakeChatPace,
    FakeConversations,
    FakeInbox,
    FakeMoveTokens,
    FakePersonLocks,
    FakeProfiles,
    FakeStaff,
    FakeUsers,
)

# Rows owned by a person, by table: deleting her deletes them (the database's cascades).
OWNED_BY_USER = (
    "profiles",
    "conversations",
    "subscriptions",
    "outbox",
    "bookings",
    "waitlist",
    "participants",
    "self_reports",
    "chat_log",
)


@dataclass
class FakeStorage:
    """The tables of the fake database: table name -> row id -> record (or plain values)."""

    tables: dict[str, dict[Any, Any]] = field(default_factory=dict)
    last_ids: dict[str, int] = field(default_factory=dict)
    writer: asyncio.Lock = field(default_factory=asyncio.Lock)

    def table(self, name: str) -> dict[Any, Any]:
        return self.tables.setdefault(name, {})

    def new_id(self, name: str) -> int:
        """Ids are never handed out again (as AUTOINCREMENT and sequences)."""
        self.last_ids[name] = self.last_ids.get(name, 0) + 1
        return self.last_ids[name]

    def rows(self, name: str) -> Iterator[Any]:
        return iter(list(self.table(name).values()))

    def snapshot(self) -> dict[str, dict[Any, Any]]:
        return {name: dict(rows) for name, rows in self.tables.items()}

    def restore(self, snapshot: dict[str, dict[Any, Any]]) -> None:
        self.tables = snapshot

    def delete_owned(self, user_id: int) -> None:
        for name in OWNED_BY_USER:
            rows = self.table(name)
            for key in [key for key, row in rows.items() if _owner(row) == user_id]:
                del rows[key]


def _owner(row: Any) -> Any:
    return row.get("user_id") if isinstance(row, dict) else getattr(row, "user_id", None)


class FakeUnitOfWork:
    """One transaction on a `FakeStorage`: the repositories of the chat unit of work."""

    def __init__(self, storage: FakeStorage) -> None:
        self.storage = storage
        self._before: dict[str, dict[Any, Any]] | None = None
        self.person_locks = FakePersonLocks()
        self.inbox = FakeInbox(storage)
        self.chat_pace = FakeChatPace(storage)
        self.users = FakeUsers(storage)
        self.conversations = FakeConversations(storage)
        self.profiles = FakeProfiles(storage)
        self.account_links = FakeAccountLinks(storage)
        self.move_tokens = FakeMoveTokens(storage)
        self.staff = FakeStaff(storage)
        self.audit = FakeAudit(storage)
        self.catalogue = FakeCatalogue(storage)
        self.bus = FakeBus(storage)
        self.views = FakeViews(storage)
        self.outcomes = FakeOutcomes(storage)
        self.subscriptions = FakeSubscriptions(storage)
        self.broadcasts = FakeBroadcasts(storage)
        self.slots = FakeSlots(storage)
        self.bookings = FakeBookings(storage)
        self.waitlist = FakeWaitlist(storage)
        self.outbox = FakeOutbox(storage)
        self.phone_notices = FakePhoneNotices(storage)
        self.handoffs = FakeHandoffs(storage)
        self.chat_log = FakeChatLog(storage)

    async def __aenter__(self) -> FakeUnitOfWork:
        await self.storage.writer.acquire()
        self._before = self.storage.snapshot()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._before is not None:  # not committed: roll back
            self.storage.restore(self._before)
            self._before = None
        self.storage.writer.release()

    async def commit(self) -> None:
        self._before = self.storage.snapshot()  # what a later rollback returns to


class FakeUnitOfWorkFactory:
    """Hands out a fresh `FakeUnitOfWork` on one storage, as `UnitOfWorkFactory` does."""

    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self._storage)


if TYPE_CHECKING:  # the fake answers to every port, as the real unit of work does
    _satisfies: type[ChatUnitOfWork] = FakeUnitOfWork
