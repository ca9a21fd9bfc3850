"""Staff identities and their roles, kept in the database: a chat identity (channel and
external id) or a web login. Rights come from here, never from a username."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories.upsert import upsert
from storage.tables import staff

ROLES = ("staff", "admin")


class StaffRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def role_of(self, channel: str, external_id: str) -> str | None:
        query = select(staff.c.role).where(
            staff.c.channel == channel, staff.c.external_id == external_id
        )
        return (await self._connection.execute(query)).scalar_one_or_none()

    async def grant(self, channel: str, external_id: str, role: str, now: datetime) -> int:
        assert role in ROLES
        values = {"channel": channel, "external_id": external_id, "role": role, "created_at": now}
        return await upsert(self._connection, staff, values, keys=("channel", "external_id"))

    async def grant_web(self, login: str, password_hash: str, role: str, now: datetime) -> int:
        """A web login with its password hash (a second `add` replaces both)."""
        assert role in ROLES
        values = {"web_login": login, "password_hash": password_hash, "role": role,
                  "created_at": now}  # fmt: skip
        return await upsert(self._connection, staff, values, keys=("web_login",))

    async def web_login(self, login: str) -> tuple[str, str] | None:
        """(password hash, role) of a web login, or None."""
        query = select(staff.c.password_hash, staff.c.role).where(staff.c.web_login == login)
        row = (await self._connection.execute(query)).first()
        return (row.password_hash, row.role) if row else None
