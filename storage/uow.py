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
from storage.repositories.admin_bus import AdminBusRepository
from storage.repositories.admin_catalogue import AdminCatalogueRepository
from storage.repositories.admin_figures import AdminFiguresRepository
from storage.repositories.admin_staff import AdminStaffRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.bookings import BookingRepository
from storage.repositories.broadcasts import BroadcastRepository
from storage.repositories.bus import BusRepository
from storage.repositories.catalogue import CatalogueRepository
from storage.repositories.conversations import ConversationRepository
from storage.repositories.inbox import InboxRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.profiles import ProfileRepository
from storage.repositories.secrets import SecretRepository
from storage.repositories.slots import SlotRepository
from storage.repositories.staff import StaffRepository
from storage.repositories.subscriptions import SubscriptionRepository
from storage.repositories.users import UserRepository
from storage.repositories.views import ViewRepository
from storage.repositories.waitlist import WaitlistRepository
from storage.repositories.workers import WorkerRepository


class UnitOfWork:
    users: UserRepository
    conversations: ConversationRepository
    inbox: InboxRepository
    catalogue: CatalogueRepository
    bus: BusRepository
    secrets: SecretRepository
    outbox: OutboxRepository
    profiles: ProfileRepository
    subscriptions: SubscriptionRepository
    slots: SlotRepository
    bookings: BookingRepository
    waitlist: WaitlistRepository
    staff: StaffRepository
    views: ViewRepository
    broadcasts: BroadcastRepository
    workers: WorkerRepository
    audit: AuditRepository
    admin_catalogue: AdminCatalogueRepository
    admin_bus: AdminBusRepository
    admin_figures: AdminFiguresRepository
    admin_staff: AdminStaffRepository

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
        connection = self._connection
        self.users = UserRepository(connection)
        self.conversations = ConversationRepository(connection)
        self.inbox = InboxRepository(connection)
        self.catalogue = CatalogueRepository(connection)
        self.bus = BusRepository(connection)
        self.secrets = SecretRepository(connection)
        self.outbox = OutboxRepository(connection)
        self.profiles = ProfileRepository(connection)
        self.subscriptions = SubscriptionRepository(connection)
        self.slots = SlotRepository(connection)
        self.bookings = BookingRepository(connection)
        self.waitlist = WaitlistRepository(connection)
        self.staff = StaffRepository(connection)
        self.views = ViewRepository(connection)
        self.broadcasts = BroadcastRepository(connection)
        self.workers = WorkerRepository(connection)
        self.audit = AuditRepository(connection)
        self.admin_catalogue = AdminCatalogueRepository(connection)
        self.admin_bus = AdminBusRepository(connection)
        self.admin_figures = AdminFiguresRepository(connection)
        self.admin_staff = AdminStaffRepository(connection)
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


class UnitOfWorkFactory:
    """Hands out a fresh `UnitOfWork` per update; what handlers receive instead of an engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._engine)
