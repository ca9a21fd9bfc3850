"""Moving a person's data from one chat identity to another: when she continues from the web
chat in Telegram (`move_person`: the old identity is deleted) and when she links two chats
(`merge_person`: the joining identity stays, empty, as an alias; see account_links.py).

Her bookings, waiting places, alerts, answers, queued messages and her log of the conversation
with the bot follow her. What the target
already has wins where both have one: an alert or a place in line is kept once, each answer
of the intake is taken from the source only where the target has none, and a booking of a
slot the target has booked too is cancelled.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import (
    account_links,
    bookings,
    chat_log,
    outbox,
    profiles,
    subscriptions,
    users,
    waitlist_entries,
)

UNSENT = "pending"


async def move_person(connection: AsyncConnection, source: int, target: int) -> None:
    """`source`'s data goes to `target` and `source` goes. Chats linked to `source` do not
    follow: they are unlinked and start afresh (a move is one chat's choice, not theirs)."""
    await connection.execute(delete(account_links).where(account_links.c.primary_id == source))
    await merge_person(connection, source, target)
    await connection.execute(delete(users).where(users.c.id == source))


async def merge_person(connection: AsyncConnection, source: int, target: int) -> None:
    """Everything of `source` now belongs to `target`; `source` is left with nothing but
    its user row (its conversation state is the caller's to decide)."""
    await _move_unique(connection, subscriptions, source, target, ("kind", "target"))
    await _move_unique(connection, waitlist_entries, source, target, ("slot_id",))
    await _drop_doubles(connection, source, target)
    for table in (bookings, outbox, chat_log):
        await connection.execute(
            update(table).where(table.c.user_id == source).values(user_id=target)
        )
    await _merge_profiles(connection, source, target)
    await _keep_choices(connection, source, target)
    await _adopt_aliases(connection, source, target)


async def _move_unique(
    connection: AsyncConnection, table, source: int, target: int, keys: tuple[str, ...]
) -> None:
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


async def _drop_doubles(connection: AsyncConnection, source: int, target: int) -> None:
    """A slot both have booked stays booked once (one active booking per person and slot),
    and an announcement both are due to get is sent once. Handlers cancel upcoming doubles
    first, freeing the seat; what is left here has started already."""
    booked = select(bookings.c.slot_id).where(
        bookings.c.user_id == target, bookings.c.state == "active"
    )
    await connection.execute(
        update(bookings)
        .where(
            bookings.c.user_id == source,
            bookings.c.state == "active",
            bookings.c.slot_id.in_(booked),
        )
        .values(state="cancelled")
    )
    announced = select(outbox.c.broadcast_id).where(
        outbox.c.user_id == target, outbox.c.broadcast_id.is_not(None)
    )
    await connection.execute(
        update(outbox)
        .where(
            outbox.c.user_id == source,
            outbox.c.state == UNSENT,
            outbox.c.broadcast_id.in_(announced),
        )
        .values(state="cancelled")
    )


async def _merge_profiles(connection: AsyncConnection, source: int, target: int) -> None:
    """The target's answers, with the gaps filled from the source's."""
    read = select(profiles).where(profiles.c.user_id.in_((source, target)))
    found = {row.user_id: row._mapping for row in await connection.execute(read)}
    if source not in found:
        return
    if target not in found:
        await connection.execute(
            update(profiles).where(profiles.c.user_id == source).values(user_id=target)
        )
        return
    kept, given = found[target], found[source]
    gaps = {
        name: given[name]
        for name in kept.keys()
        if name not in ("user_id", "updated_at") and not kept[name] and given[name]
    }
    if gaps:
        await connection.execute(
            update(profiles).where(profiles.c.user_id == target).values(**gaps)
        )
    await connection.execute(delete(profiles).where(profiles.c.user_id == source))


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


async def _adopt_aliases(connection: AsyncConnection, source: int, target: int) -> None:
    """Chats linked to the source are linked to the target, unless the target's chats have
    one of that app already (one chat per app): that one is unlinked, and starts afresh."""
    group = (
        select(users.c.channel)
        .outerjoin(account_links, account_links.c.user_id == users.c.id)
        .where((users.c.id == target) | (account_links.c.primary_id == target))
    )
    taken = set((await connection.execute(group)).scalars())
    query = (
        select(users.c.id, users.c.channel)
        .join(account_links, account_links.c.user_id == users.c.id)
        .where(account_links.c.primary_id == source)
    )
    for alias, channel in (await connection.execute(query)).all():
        statement = (
            delete(account_links).where(account_links.c.user_id == alias)
            if channel in taken or alias == target
            else update(account_links)
            .where(account_links.c.user_id == alias)
            .values(primary_id=target)
        )
        taken.add(channel)
        await connection.execute(statement)
