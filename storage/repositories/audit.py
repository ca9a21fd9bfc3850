"""The audit log: who changed what, when, with the details, and failed logins (under the login
only when it exists)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import audit_log

LOGIN_FAILED = "login.failed"
ACTOR_MAX = 100


class AuditRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def record(self, actor: str, action: str, detail: dict[str, Any], at: datetime) -> None:
        values = {"actor": actor[:ACTOR_MAX], "action": action, "detail": detail, "at": at}
        await self._connection.execute(audit_log.insert().values(**values))

    async def recent(self, limit: int = 100) -> list[tuple[str, str, dict, datetime]]:
        """The newest rows first: (actor, action, detail, at)."""
        return [row[1:] for row in await self.page(None, limit)]

    async def page(
        self, before: int | None, limit: int
    ) -> list[tuple[int, str, str, dict, datetime]]:
        """Up to `limit` rows older than row `before` (None: the newest), newest first:
        (id, actor, action, detail, at). The id orders them: rows are only ever appended."""
        query = select(
            audit_log.c.id,
            audit_log.c.actor,
            audit_log.c.action,
            audit_log.c.detail,
            audit_log.c.at,
        )
        if before is not None:
            query = query.where(audit_log.c.id < before)
        query = query.order_by(audit_log.c.id.desc()).limit(limit)
        return [tuple(row) for row in await self._connection.execute(query)]
