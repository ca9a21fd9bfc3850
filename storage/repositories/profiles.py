"""Intake profiles: what a person told the bot about herself, one row per user."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import Profile
from storage.repositories.rows import columns_of
from storage.repositories.upsert import upsert_without_id
from storage.tables import profiles


class ProfileRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, user_id: int) -> Profile | None:
        query = select(profiles).where(profiles.c.user_id == user_id)
        row = (await self._connection.execute(query)).first()
        return Profile(**columns_of(row)) if row else None

    async def save(self, profile: Profile, now: datetime) -> None:
        values = asdict(profile)
        for name in ("interests", "availability", "constraints"):
            values[name] = list(values[name])
        values["updated_at"] = now
        await upsert_without_id(self._connection, profiles, values, keys=("user_id",))

    async def delete(self, user_id: int) -> None:
        await self._connection.execute(delete(profiles).where(profiles.c.user_id == user_id))
