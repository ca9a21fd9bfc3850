"""Links that move a person from a chat that cannot be reminded (the web chat) to Telegram.

A link carries a random token; only its keyed hash is stored, with the person it moves and
when it expires. One link per person at a time (a new one replaces the old); using one
deletes it, and it goes with its person. Also here: what a person has (what a move would
carry, and whether a Telegram chat has anything of its own). Repositories never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories.moving import move_person
from storage.tables import (
    account_links,
    bookings,
    move_tokens,
    profiles,
    subscriptions,
    waitlist_entries,
)


@dataclass(frozen=True, slots=True)
class Belongings:
    """What a person has: counts only, and the last digits of her phone (never all of it)."""

    answers: bool
    bookings: int
    waiting: int
    alerts: int
    linked_chats: int
    phone_end: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.answers or self.bookings or self.waiting or self.alerts or self.linked_chats
        )


class MoveTokenRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def issue(
        self, user_id: int, token_hash: str, expires_at: datetime, now: datetime
    ) -> None:
        """`user_id`'s link, replacing her earlier one; links expired before `now` go."""
        await self._connection.execute(
            delete(move_tokens).where(
                (move_tokens.c.user_id == user_id) | (move_tokens.c.expires_at <= now)
            )
        )
        await self._connection.execute(
            move_tokens.insert().values(
                token_hash=token_hash, user_id=user_id, expires_at=expires_at
            )
        )

    async def holder(self, token_hash: str, now: datetime) -> int | None:
        """The person a live link moves, or None (unknown, used or expired)."""
        query = select(move_tokens.c.user_id).where(
            move_tokens.c.token_hash == token_hash, move_tokens.c.expires_at > now
        )
        return (await self._connection.execute(query)).scalar_one_or_none()

    async def use(self, token_hash: str, now: datetime) -> int | None:
        """Spend a live link: the person it moves, or None when it was spent meanwhile."""
        holder = await self.holder(token_hash, now)
        if holder is None:
            return None
        result = await self._connection.execute(
            delete(move_tokens).where(move_tokens.c.token_hash == token_hash)
        )
        return holder if result.rowcount == 1 else None

    async def belongings(self, user_id: int) -> Belongings:
        """What `user_id` has: answers, upcoming bookings, waiting places, alerts, chats."""
        phone = select(profiles.c.phone).where(profiles.c.user_id == user_id).scalar_subquery()
        has_profile = exists().where(profiles.c.user_id == user_id)
        query = select(
            has_profile,
            _count(bookings, user_id, bookings.c.state == "active"),
            _count(waitlist_entries, user_id, waitlist_entries.c.state.in_(("waiting", "offered"))),
            _count(subscriptions, user_id),
            select(func.count())
            .select_from(account_links)
            .where(account_links.c.primary_id == user_id)
            .scalar_subquery(),
            phone,
        )
        answers, booked, waiting, alerts, linked, number = (
            await self._connection.execute(query)
        ).one()
        digits = "".join(ch for ch in number or "" if ch.isdigit())
        return Belongings(
            bool(answers),
            booked,
            waiting,
            alerts,
            linked,
            digits[-4:] if len(digits) >= 4 else None,
        )

    async def move_person(self, source: int, target: int) -> None:
        """`source`'s data goes to `target` and `source` goes (storage/repositories/moving.py)."""
        await move_person(self._connection, source, target)


def _count(table, user_id: int, *where):
    return (
        select(func.count())
        .select_from(table)
        .where(table.c.user_id == user_id, *where)
        .scalar_subquery()
    )
