"""Everyone with a staff role, as the admin web's staff page lists them."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import centres, staff, staff_centres


class StaffMember(NamedTuple):
    id: int
    channel: str | None
    external_id: str | None
    web_login: str | None
    role: str
    created_at: datetime
    disabled_at: datetime | None = None
    centres: tuple[str, ...] = ()  # names of the centres she is tied to


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
            staff.c.disabled_at,
        ).order_by(staff.c.web_login.is_(None), staff.c.web_login, staff.c.channel, staff.c.id)
        names: dict[int, list[str]] = {}
        tied = (
            select(staff_centres.c.staff_id, centres.c.name)
            .join(centres, centres.c.id == staff_centres.c.centre_id)
            .order_by(centres.c.name)
        )
        for staff_id, name in await self._connection.execute(tied):
            names.setdefault(staff_id, []).append(name)
        return [
            StaffMember(*row, centres=tuple(names.get(row.id, ())))
            for row in await self._connection.execute(query)
        ]

    async def unknown_centres(self, ids: list[int]) -> list[int]:
        """Those of `ids` that are no centre's id."""
        if not ids:
            return []
        query = select(centres.c.id).where(centres.c.id.in_(ids))
        known = set((await self._connection.execute(query)).scalars())
        return sorted(set(ids) - known)

    async def set_password(self, login: str, password_hash: str) -> None:
        """Replace a web login's hash (an older kind of hash is upgraded at login)."""
        statement = (
            staff.update().where(staff.c.web_login == login).values(password_hash=password_hash)
        )
        await self._connection.execute(statement)
