"""Secrets the application generates once and keeps in the database (e.g. SECRET_KEY)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories.upsert import insert_ignoring_conflict
from storage.tables import app_secrets


class SecretRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get_or_create(self, name: str, candidate: str) -> str:
        """The stored value of `name`; `candidate` is stored first if there is none yet.

        Two processes starting together both end up with the value that was stored first.
        """
        await insert_ignoring_conflict(
            self._connection, app_secrets, {"name": name, "value": candidate}, keys=("name",)
        )
        query = select(app_secrets.c.value).where(app_secrets.c.name == name)
        return (await self._connection.execute(query)).scalar_one()
