"""Who has the counsellors' inbox open: a counsellor seen in the last `PRESENCE_WINDOW` is on
duty for her centres (an admin, for the shared queue)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories.upsert import upsert_without_id
from storage.tables import staff, staff_centres, staff_presence

PRESENCE_WINDOW = timedelta(minutes=5)


async def mark_present(connection: AsyncConnection, staff_id: int, now: datetime) -> None:
    values = {"staff_id": staff_id, "last_seen_at": now}
    await upsert_without_id(connection, staff_presence, values, keys=("staff_id",))


async def on_duty(
    connection: AsyncConnection,
    centre_id: int | None,
    now: datetime,
    window: timedelta = PRESENCE_WINDOW,
) -> bool:
    """Whether a counsellor of `centre_id` (None: an admin, for the shared queue) had the inbox
    open within `window` before `now`."""
    if centre_id is None:
        reach = staff.c.role == "admin"
    else:
        reach = exists().where(
            staff_centres.c.staff_id == staff.c.id, staff_centres.c.centre_id == centre_id
        )
    query = select(
        exists().where(
            staff_presence.c.staff_id == staff.c.id,
            staff_presence.c.last_seen_at >= now - window,
            staff.c.disabled_at.is_(None),
            reach,
        )
    )
    return bool((await connection.execute(query)).scalar_one())
