"""The unit of work: one connection and one transaction per update; the caller commits.

Repositories hang off it and share its connection; leaving the block without `commit()`
rolls everything back, so a failed step leaves no half-written state.
"""

from __future__ import annotations

import asyncio
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.database import SQLITE_BUSY_TIMEOUT_S, writer_lock
from storage.loop_sqlite import begin, sync_twin
from storage.repositories.account_links import AccountLinkRepository
from storage.repositories.admin_bus import AdminBusRepository
from storage.repositories.admin_catalogue import AdminCatalogueRepository
from storage.repositories.admin_figures import AdminFiguresRepository
from storage.repositories.admin_staff import AdminStaffRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.bookings import BookingRepository
from storage.repositories.broadcasts import BroadcastRepository
from storage.repositories.bus import BusRepository
from storage.repositories.catalogue import CatalogueRepository
from storage.repositories.chat_pace import ChatPaceRepository
from storage.repositories.conversations import ConversationRepository
from storage.repositories.handoffs import HandoffRepository
from storage.repositories.inbox import InboxRepository
from storage.repositories.job_runs import JobRunRepository
from storage.repositories.login_throttle import LoginThrottleRepository
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


class Repository:
    """A repository of the unit of work, made on first use (an update touches only a few)."""

    def __init__(self, kind: type) -> None:
        self._kind = kind

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, uow: UnitOfWork | None, owner: type):
        if uow is None:
            return self
        repository = self._kind(uow.connection)
        uow.__dict__[self._name] = repository  # later reads skip the descriptor
        return repository


class UnitOfWork:
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
    audit = Repository(AuditRepository)
    admin_catalogue = Repository(AdminCatalogueRepository)
    admin_bus = Repository(AdminBusRepository)
    admin_figures = Repository(AdminFiguresRepository)
    admin_staff = Repository(AdminStaffRepository)
    outcomes = Repository(OutcomeRepository)
    login_throttle = Repository(LoginThrottleRepository)
    handoffs = Repository(HandoffRepository)

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._lock: asyncio.Lock | None = None

    async def __aenter__(self) -> UnitOfWork:
        self._lock = writer_lock(self._engine)
        if self._lock is not None:
            await self._lock.acquire()
        try:
            twin = sync_twin(self._engine)
            if twin is not None:
                self._connection = await begin(twin, SQLITE_BUSY_TIMEOUT_S)
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
            for name in [key for key, value in self.__dict__.items() if key in REPOSITORIES]:
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


REPOSITORIES = frozenset(
    name for name, value in vars(UnitOfWork).items() if isinstance(value, Repository)
)


class UnitOfWorkFactory:
    """Hands out a fresh `UnitOfWork` per update; what handlers receive instead of an engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._engine)
