"""Users, keyed by channel and the channel's own id (never by a Telegram id alone).

A chat linked to another chat of the same person (`account_links`) is still a user row of its
own, but `arrive` answers with the user it is linked to.

`arrive` runs on every message: one prebuilt SELECT reads the chat's user, the person it is
linked to and her conversation; `last_seen_at` is written only when it is older than
`SEEN_EVERY` (retention counts days) or she had blocked the bot, and a new chat is inserted.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import EVERYTHING, Conversation, Scope, User
from storage.repositories.conversations import conversation_of
from storage.repositories.reach import people_condition, within
from storage.repositories.rows import columns_of, labelled
from storage.repositories.upsert import upsert_returning_row
from storage.tables import account_links, conversations, users

SEEN_EVERY = timedelta(minutes=1)
_chat, _person = users.alias("chat"), users.alias("person")
_ARRIVAL = (
    select(*labelled(_chat, "me"), *labelled(_person, "p"), *labelled(conversations, "c"))
    .select_from(
        _chat.outerjoin(account_links, account_links.c.user_id == _chat.c.id)
        .outerjoin(_person, _person.c.id == account_links.c.primary_id)
        .outerjoin(
            conversations, conversations.c.user_id == func.coalesce(_person.c.id, _chat.c.id)
        )
    )
    .where(_chat.c.channel == bindparam("channel"), _chat.c.external_id == bindparam("external_id"))
)
_SEEN = (
    update(users)
    .where(users.c.id.in_(bindparam("ids", expanding=True)))
    .values(last_seen_at=bindparam("now"), active=True)
)


def _user_of(values: dict) -> User:
    return User(**values)


def _chat_and_person(row) -> tuple[User, User]:
    chat = _user_of(columns_of(row, "me"))
    return chat, _user_of(columns_of(row, "p")) if row.p_id is not None else chat


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
        secret=row.secret,
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
        values = {
            "channel": channel,
            "external_id": external_id,
            "created_at": now,
            "last_seen_at": now,
            "active": True,
        }
        row = await upsert_returning_row(
            self._connection,
            users,
            values,
            keys=("channel", "external_id"),
            changes=("last_seen_at", "active"),
        )
        return _user(row)

    async def arrive(
        self, channel: str, external_id: str, now: datetime
    ) -> tuple[User, Conversation | None]:
        """Who writes from this chat (the person it is linked to, if it is linked), created on
        first contact and marked as seen, with her conversation (None: a new person)."""
        row = await self._arrival(channel, external_id)
        if row is None:
            return await self.seen(channel, external_id, now), None
        chat, person = _chat_and_person(row)
        if (
            now - person.last_seen_at >= SEEN_EVERY
            or now < person.last_seen_at
            or not (chat.active and person.active)
        ):
            ids = sorted({chat.id, person.id})
            await self._connection.execute(_SEEN, {"ids": ids, "now": now})
            person = replace(person, last_seen_at=now, active=True)
        state = conversation_of(columns_of(row, "c")) if row.c_user_id is not None else None
        return person, state

    async def person(self, channel: str, external_id: str) -> User | None:
        """Who this chat belongs to (the person it is linked to, if it is), without marking
        her as seen; None for a chat never heard from."""
        row = await self._arrival(channel, external_id)
        return _chat_and_person(row)[1] if row else None

    async def _arrival(self, channel: str, external_id: str):
        params = {"channel": channel, "external_id": external_id}
        return (await self._connection.execute(_ARRIVAL, params)).first()

    async def set_language(self, user_id: int, language: str) -> None:
        await self._update(user_id, language=language)

    async def set_consent(self, user_id: int, consent_at: datetime | None) -> None:
        await self._update(user_id, consent_at=consent_at)

    async def delete(self, user_id: int) -> None:
        """Deletes the user and the chats linked to her; profile, bookings, subscriptions and
        state go with them (cascade)."""
        query = select(account_links.c.user_id).where(account_links.c.primary_id == user_id)
        aliases = list((await self._connection.execute(query)).scalars())
        await self._connection.execute(delete(users).where(users.c.id.in_([user_id, *aliases])))

    async def deactivate(self, user_id: int) -> None:
        """She blocked the bot; writing to it again makes her active (see `seen`)."""
        await self._update(user_id, active=False)

    async def count_new(self, first: datetime, last: datetime, scope: Scope = EVERYTHING) -> int:
        """People who first wrote in [first, last) and are within `scope`; a chat linked to
        another chat of the same person is not counted again."""
        query = within(
            select(func.count()).where(
                users.c.created_at >= first,
                users.c.created_at < last,
                users.c.id.not_in(select(account_links.c.user_id)),
            ),
            people_condition(scope),
        )
        return (await self._connection.execute(query)).scalar_one()

    async def _update(self, user_id: int, **values) -> None:
        await self._connection.execute(update(users).where(users.c.id == user_id).values(**values))
