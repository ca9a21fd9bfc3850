"""How often each programme's details were opened, per day (for the staff dashboard)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import EVERYTHING, Scope
from storage.repositories.reach import programme_condition, within
from storage.repositories.upsert import dialect_insert
from storage.tables import programme_views, programmes


class ViewRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def count(self, programme_id: int, day: date) -> None:
        insert = dialect_insert(self._connection, programme_views).values(
            programme_id=programme_id, day=day, views=1
        )
        statement = insert.on_conflict_do_update(
            index_elements=["programme_id", "day"],
            set_={"views": programme_views.c.views + 1},
        )
        await self._connection.execute(statement)

    async def top(
        self, first: date, last: date, limit: int = 5, scope: Scope = EVERYTHING
    ) -> list[tuple[str, int]]:
        """(programme title, views) of the most opened programmes in [first, last] of the
        centres within `scope`."""
        total = func.sum(programme_views.c.views)
        query = (
            within(
                select(programmes.c.title, total)
                .join(programmes, programmes.c.id == programme_views.c.programme_id)
                .where(programme_views.c.day >= first, programme_views.c.day <= last),
                programme_condition(scope),
            )
            .group_by(programmes.c.id, programmes.c.title)
            .order_by(total.desc(), programmes.c.title)
            .limit(limit)
        )
        return [(title, int(views)) for title, views in await self._connection.execute(query)]
