"""Users, keyed by channel and the channel's own id (never by a Telegram id alone)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import User
from storage.repositories.upsert import upsert_returning_row
from storage.tables import users


def _user(row) -> User:
    return User(
        id=row.id,
        channel=row.channel,
        external_id=row.external_id,
        language=row.language,
        consent_at=row.consent_at,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        notifications=row.notifications,
        active=row.active,
    )


class UserRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def find(self, channel: str, external_id: str) -> User | None:
        query = select(users).where(users.c.channel == channel, users.c.external_id == external_id)
        row = (await self._connection.execute(query)).first()
        return _user(row) if row else None

    async def get(self, user_id: int) -> User | None:
        row = (await self._connection.execute(select(users).where(users.c.id == user_id))).first()
        return _user(row) if row else None

    async def seen(self, channel: str, external_id: str, now: datetime) -> User:
        """The user, created on first contact, marked as seen `now` (one statement)."""
        values = {"channel": channel, "external_id": external_id, "created_at": now,
                  "last_seen_at": now, "active": True}  # fmt: skip
        row = await upsert_returning_row(
            self._connection, users, values, keys=("channel", "external_id"),
            changes=("last_seen_at", "active"),
        )  # fmt: skip
        return _user(row)

    async def set_language(self, user_id: int, language: str) -> None:
        await self._update(user_id, language=language)

    async def set_consent(self, user_id: int, consent_at: datetime | None) -> None:
        await self._update(user_id, consent_at=consent_at)

    async def delete(self, user_id: int) -> None:
        """Deletes the user; profile, bookings, subscriptions and state go with it (cascade)."""
        await self._connection.execute(delete(users).where(users.c.id == user_id))

    async def deactivate(self, user_id: int) -> None:
        """She blocked the bot; writing to it again makes her active (see `seen`)."""
        await self._update(user_id, active=False)

    async def count_new(self, first: datetime, last: datetime) -> int:
        """People who first wrote in [first, last)."""
        query = select(func.count()).where(users.c.created_at >= first, users.c.created_at < last)
        return (await self._connection.execute(query)).scalar_one()

    async def _update(self, user_id: int, **values) -> None:
        await self._connection.execute(update(users).where(users.c.id == user_id).values(**values))
