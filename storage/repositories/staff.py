"""Staff identities, their roles and centres, kept in the database: a chat identity (channel and
external id) or a web login. Rights come from here, never from a username; a disabled row has
none, and bumping its session version voids every session cookie it was given."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import EVERYTHING, Scope, StaffIdentity
from storage.repositories.upsert import upsert
from storage.tables import staff, staff_centres

ROLES = ("staff", "admin")


class StaffRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def role_of(self, channel: str, external_id: str) -> str | None:
        found = await self.chat_identity(channel, external_id)
        return found.role if found else None

    async def chat_identity(self, channel: str, external_id: str) -> StaffIdentity | None:
        """The staff identity of a chat, unless there is none or it is disabled."""
        return await self._identity(staff.c.channel == channel, staff.c.external_id == external_id)

    async def web_identity(self, login: str) -> StaffIdentity | None:
        """The staff identity of a web login (with its password hash), unless disabled."""
        return await self._identity(staff.c.web_login == login)

    async def grant(
        self,
        channel: str,
        external_id: str,
        role: str,
        now: datetime,
        centres: Iterable[int] | None = None,
    ) -> int:
        """A chat identity's role; `centres` None keeps the centres it has."""
        assert role in ROLES
        values = {"channel": channel, "external_id": external_id, "role": role, "created_at": now}
        await upsert(self._connection, staff, values, keys=("channel", "external_id"))
        staff_id = await self._id_where(
            staff.c.channel == channel, staff.c.external_id == external_id
        )
        await self._enable(staff_id)
        if centres is not None:
            await self.set_centres(staff_id, centres)
        return staff_id

    async def grant_web(
        self,
        login: str,
        password_hash: str,
        role: str,
        now: datetime,
        centres: Iterable[int] | None = None,
    ) -> int:
        """A web login with its password hash (a second `add` replaces both, and ends the
        login's sessions); `centres` None keeps the centres it has."""
        assert role in ROLES
        values = {
            "web_login": login,
            "password_hash": password_hash,
            "role": role,
            "created_at": now,
        }
        await upsert(self._connection, staff, values, keys=("web_login",))
        staff_id = await self._id_where(staff.c.web_login == login)
        await self._enable(staff_id)
        await self.end_sessions(login)
        if centres is not None:
            await self.set_centres(staff_id, centres)
        return staff_id

    async def set_centres(self, staff_id: int, centres: Iterable[int]) -> None:
        await self._connection.execute(
            delete(staff_centres).where(staff_centres.c.staff_id == staff_id)
        )
        rows = [{"staff_id": staff_id, "centre_id": centre} for centre in sorted(set(centres))]
        if rows:
            await self._connection.execute(staff_centres.insert(), rows)

    async def end_sessions(self, login: str) -> bool:
        """Every session of this web login ends (logout, a new password); False: no such login."""
        statement = (
            update(staff)
            .where(staff.c.web_login == login)
            .values(session_version=staff.c.session_version + 1)
        )
        return (await self._connection.execute(statement)).rowcount == 1

    async def disable(self, login: str, now: datetime) -> bool:
        """The login can no longer sign in, and its sessions end; False: no such login."""
        statement = (
            update(staff)
            .where(staff.c.web_login == login)
            .values(disabled_at=now, session_version=staff.c.session_version + 1)
        )
        return (await self._connection.execute(statement)).rowcount == 1

    async def exists(self, login: str) -> bool:
        """Whether this web login exists (disabled or not)."""
        query = select(staff.c.id).where(staff.c.web_login == login)
        return (await self._connection.execute(query)).first() is not None

    async def web_login(self, login: str) -> tuple[str, str] | None:
        """(password hash, role) of a web login that may sign in, or None."""
        found = await self.web_identity(login)
        return (found.password_hash, found.role) if found else None

    async def _identity(self, *conditions) -> StaffIdentity | None:
        query = select(
            staff.c.id, staff.c.role, staff.c.session_version, staff.c.password_hash
        ).where(*conditions, staff.c.disabled_at.is_(None))
        row = (await self._connection.execute(query)).first()
        if row is None:
            return None
        return StaffIdentity(
            row.id,
            row.role,
            await self._scope(row.id, row.role),
            row.session_version,
            row.password_hash,
        )

    async def _scope(self, staff_id: int, role: str) -> Scope:
        if role == "admin":
            return EVERYTHING
        query = select(staff_centres.c.centre_id).where(staff_centres.c.staff_id == staff_id)
        return Scope(frozenset((await self._connection.execute(query)).scalars()))

    async def _id_where(self, *conditions) -> int:
        return (await self._connection.execute(select(staff.c.id).where(*conditions))).scalar_one()

    async def _enable(self, staff_id: int) -> None:
        await self._connection.execute(
            update(staff).where(staff.c.id == staff_id).values(disabled_at=None)
        )
