"""Moving a person from one chat identity to another (the web chat to Telegram): her bookings,
waiting places, alerts, answers and queued messages follow her; the old identity is deleted.
What the new identity already has wins where both have one (answers, an alert, a place in line).
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import bookings, outbox, profiles, subscriptions, users, waitlist_entries


async def move_person(connection: AsyncConnection, source: int, target: int) -> None:
    await _move_unique(connection, subscriptions, source, target, ("kind", "target"))
    await _move_unique(connection, waitlist_entries, source, target, ("slot_id",))
    for table in (bookings, outbox):
        await connection.execute(
            update(table).where(table.c.user_id == source).values(user_id=target)
        )
    has_profile = select(profiles.c.user_id).where(profiles.c.user_id == target)
    if (await connection.execute(has_profile)).first() is None:
        await connection.execute(
            update(profiles).where(profiles.c.user_id == source).values(user_id=target)
        )
    await _keep_choices(connection, source, target)
    await connection.execute(delete(users).where(users.c.id == source))


async def _move_unique(connection: AsyncConnection, table, source: int, target: int,
                       keys: tuple[str, ...]) -> None:  # fmt: skip
    """Move rows that are unique per user and `keys`, dropping the source's duplicates."""
    theirs = select(*(table.c[key] for key in keys)).where(table.c.user_id == target)
    taken = {tuple(row) for row in await connection.execute(theirs)}
    mine = select(table.c.id, *(table.c[key] for key in keys)).where(table.c.user_id == source)
    for row in (await connection.execute(mine)).all():
        if tuple(row[1:]) in taken:
            await connection.execute(delete(table).where(table.c.id == row[0]))
        else:
            await connection.execute(
                update(table).where(table.c.id == row[0]).values(user_id=target)
            )


async def _keep_choices(connection: AsyncConnection, source: int, target: int) -> None:
    """Her language and consent carry over when the new identity has none yet."""
    old = (await connection.execute(select(users).where(users.c.id == source))).one()
    new = (await connection.execute(select(users).where(users.c.id == target))).one()
    values = {}
    if new.language is None and old.language is not None:
        values["language"] = old.language
    if new.consent_at is None and old.consent_at is not None:
        values["consent_at"] = old.consent_at
    if values:
        await connection.execute(update(users).where(users.c.id == target).values(**values))
