"""Everyone with a staff role, as the admin web's staff page lists them."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import staff


class StaffMember(NamedTuple):
    id: int
    channel: str | None
    external_id: str | None
    web_login: str | None
    role: str
    created_at: datetime


class AdminStaffRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def everyone(self) -> list[StaffMember]:
        query = select(
            staff.c.id,
            staff.c.channel,
            staff.c.external_id,
            staff.c.web_login,
            staff.c.role,
            staff.c.created_at,
        ).order_by(staff.c.web_login.is_(None), staff.c.web_login, staff.c.channel, staff.c.id)
        return [StaffMember(*row) for row in await self._connection.execute(query)]

    async def set_password(self, login: str, password_hash: str) -> None:
        """Replace a web login's hash (an older kind of hash is upgraded at login)."""
        statement = (
            staff.update().where(staff.c.web_login == login).values(password_hash=password_hash)
        )
        await self._connection.execute(statement)
