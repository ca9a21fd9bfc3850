"""The unit of work: one connection and one transaction per update; the caller commits.

Repositories hang off it and share its connection; leaving the block without `commit()`
rolls everything back, so a failed step leaves no half-written state. `UnitOfWork` is the
chat's (and the scheduler's and the commands'): it answers to every flow's port in
`storage/ports`, which the type checker holds it to below; the admin web has its own,
`storage/admin_uow.py`, with the repositories no flow may reach.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Generic, Self, TypeVar, cast, overload

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.database import SQLITE_BUSY_TIMEOUT_S, writer_lock
from storage.loop_sqlite import begin, sync_twin
from storage.ports.stores import ChatUnitOfWork
from storage.repositories.account_links import AccountLinkRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.bookings import BookingRepository
from storage.repositories.broadcasts import BroadcastRepository
from storage.repositories.bus import BusRepository
from storage.repositories.catalogue import CatalogueRepository
from storage.repositories.chat_log import ChatLogRepository
from storage.repositories.chat_pace import ChatPaceRepository
from storage.repositories.conversations import ConversationRepository
from storage.repositories.handoffs import HandoffRepository
from storage.repositories.inbox import InboxRepository
from storage.repositories.job_runs import JobRunRepository
from storage.repositories.move_tokens import MoveTokenRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.outcomes import OutcomeRepository
from storage.repositories.person_locks import PersonLockRepository
from storage.repositories.phone_notices import PhoneNoticeRepository
from storage.repositories.profiles import ProfileRepository
from storage.repositories.secrets import SecretRepository
from storage.repositories.slots import SlotRepository
from storage.repositories.staff import StaffRepository
from storage.repositories.subscriptions import SubscriptionRepository
from storage.repositories.users import UserRepository
from storage.repositories.views import ViewRepository
from storage.repositories.waitlist import WaitlistRepository
from storage.repositories.workers import WorkerRepository

R = TypeVar("R")


class Repository(Generic[R]):
    """A repository of the unit of work, made on first use (an update touches only a few)."""

    def __init__(self, kind: Callable[[AsyncConnection], R]) -> None:
        self._kind = kind
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, uow: None, owner: type) -> Repository[R]: ...

    @overload
    def __get__(self, uow: Transaction, owner: type) -> R: ...

    def __get__(self, uow: Transaction | None, owner: type) -> Repository[R] | R:
        if uow is None:
            return self
        repository = self._kind(uow.connection)
        uow.__dict__[self._name] = repository  # later reads skip the descriptor
        return repository


class Transaction:
    """One connection and one transaction; subclasses name the repositories that share it."""

    _repositories: frozenset[str] = frozenset()

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls._repositories = frozenset(
            name
            for kind in cls.__mro__
            for name, value in vars(kind).items()
            if isinstance(value, Repository)
        )

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._lock: asyncio.Lock | None = None

    async def __aenter__(self) -> Self:
        self._lock = writer_lock(self._engine)
        if self._lock is not None:
            await self._lock.acquire()
        try:
            twin = sync_twin(self._engine)
            if twin is not None:
                # A synchronous connection behind AsyncConnection's interface (loop_sqlite.py).
                self._connection = cast(AsyncConnection, await begin(twin, SQLITE_BUSY_TIMEOUT_S))
            else:
                self._connection = await self._engine.connect()
                await self._connection.begin()
        except BaseException:
            if self._connection is not None:
                await self._connection.close()
                self._connection = None
            self._release()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._connection is not None
        try:
            if self._connection.in_transaction():
                await self._connection.rollback()
        finally:
            await self._connection.close()
            self._connection = None
            self._release()
            for name in [name for name in self.__dict__ if name in self._repositories]:
                del self.__dict__[name]  # they held the closed connection

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @property
    def connection(self) -> AsyncConnection:
        """The open connection, for repositories that live outside this class."""
        assert self._connection is not None, "use the unit of work inside `async with`"
        return self._connection

    async def commit(self) -> None:
        assert self._connection is not None
        await self._connection.commit()


class UnitOfWork(Transaction):
    """The chat's unit of work (and the jobs' and commands'): every port of
    `storage.ports.stores` and what the scheduler and the channels need; no admin pages'."""

    person_locks = Repository(PersonLockRepository)
    users = Repository(UserRepository)
    account_links = Repository(AccountLinkRepository)
    move_tokens = Repository(MoveTokenRepository)
    conversations = Repository(ConversationRepository)
    inbox = Repository(InboxRepository)
    catalogue = Repository(CatalogueRepository)
    bus = Repository(BusRepository)
    secrets = Repository(SecretRepository)
    outbox = Repository(OutboxRepository)
    phone_notices = Repository(PhoneNoticeRepository)
    profiles = Repository(ProfileRepository)
    subscriptions = Repository(SubscriptionRepository)
    slots = Repository(SlotRepository)
    bookings = Repository(BookingRepository)
    waitlist = Repository(WaitlistRepository)
    staff = Repository(StaffRepository)
    views = Repository(ViewRepository)
    broadcasts = Repository(BroadcastRepository)
    workers = Repository(WorkerRepository)
    job_runs = Repository(JobRunRepository)
    chat_pace = Repository(ChatPaceRepository)
    chat_log = Repository(ChatLogRepository)
    audit = Repository(AuditRepository)
    outcomes = Repository(OutcomeRepository)
    handoffs = Repository(HandoffRepository)


class UnitOfWorkFactory:
    """Hands out a fresh `UnitOfWork` per update; what handlers receive instead of an engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._engine)


if TYPE_CHECKING:  # the type checker holds the chat unit of work to every flow's port
    _satisfies: type[ChatUnitOfWork] = UnitOfWork
