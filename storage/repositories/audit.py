"""The audit log: who changed what, when, with the details; and failed logins, which the
admin web counts to slow down password guessing (shared by every process on the database)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
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
        query = (
            select(audit_log.c.actor, audit_log.c.action, audit_log.c.detail, audit_log.c.at)
            .order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
            .limit(limit)
        )
        return [tuple(row) for row in await self._connection.execute(query)]

    async def failed_logins(self, since: datetime, *, login: str, ip: str) -> tuple[int, int]:
        """Failed logins since `since`: (for this login, from this address)."""
        ip_of = audit_log.c.detail["ip"].as_string()
        by_login = func.count().filter(audit_log.c.actor == login[:ACTOR_MAX])
        by_ip = func.count().filter(ip_of == ip)
        query = select(by_login, by_ip).where(
            audit_log.c.action == LOGIN_FAILED,
            audit_log.c.at >= since,
            or_(audit_log.c.actor == login[:ACTOR_MAX], ip_of == ip),
        )
        row = (await self._connection.execute(query)).one()
        return int(row[0]), int(row[1])
