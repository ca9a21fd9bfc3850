"""The admin web's unit of work: the chat's repositories and the admin pages' own.

The admin pages (bot/admin) and the staff command read and write through `admin_*`
repositories that no chat flow may reach; keeping them here leaves the chat unit of work with
what the flows' ports (storage/ports) name.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.repositories.admin_bus import AdminBusRepository
from storage.repositories.admin_catalogue import AdminCatalogueRepository
from storage.repositories.admin_figures import AdminFiguresRepository
from storage.repositories.admin_staff import AdminStaffRepository
from storage.repositories.login_throttle import LoginThrottleRepository
from storage.uow import Repository, UnitOfWork


class AdminUnitOfWork(UnitOfWork):
    """One transaction of the admin web (also handed to the services it shares with the chat)."""

    admin_catalogue = Repository(AdminCatalogueRepository)
    admin_bus = Repository(AdminBusRepository)
    admin_figures = Repository(AdminFiguresRepository)
    admin_staff = Repository(AdminStaffRepository)
    login_throttle = Repository(LoginThrottleRepository)


class AdminUnitOfWorkFactory:
    """Hands out a fresh `AdminUnitOfWork` per request of the admin web."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    def __call__(self) -> AdminUnitOfWork:
        return AdminUnitOfWork(self._engine)
