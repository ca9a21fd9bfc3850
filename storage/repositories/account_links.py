"""Linked chats: one person's chats in different apps sharing one user.

A user is keyed by channel and the channel's id, so the same person in Telegram and KakaoTalk
is two users until she links them. Linking makes one chat an alias of the other (the primary):
an `account_links` row says so, `UserRepository.arrive` answers every message from the
alias as the primary, and the alias's own data is merged into the primary's (moving.py) so
that the alias row keeps nothing but its chat id. The primary's chat is where reminders go.

One-time link codes (`link_codes`, one per user, only an HMAC of the digits, with the chat
that typed it waiting for approval) and failed tries at typing one (`link_attempts`, counted
per chat) live here too. Repositories never commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import LinkCode, User
from storage.repositories.moving import merge_person
from storage.repositories.retention import FORGOTTEN
from storage.repositories.rows import columns_of
from storage.repositories.upsert import upsert_without_id
from storage.tables import (
    account_links,
    conversations,
    link_attempts,
    link_codes,
    move_tokens,
    users,
)

# Asked on every step (handlers/flows/link_requests.py): built once, with bound parameters.
WAITING_REQUEST = select(link_codes).where(
    link_codes.c.user_id == bindparam("owner_id"),
    link_codes.c.requested_by.is_not(None),
    link_codes.c.used_at.is_(None),
    link_codes.c.expires_at > bindparam("now", type_=link_codes.c.expires_at.type),
)


class AccountLinkRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    # --- the chats of one person ----------------------------------------------------------

    async def chats(self, primary_id: int) -> list[User]:
        """The primary user and the chats linked to her, the primary first (forgotten ones,
        see retention.py, left out)."""
        query = (
            select(users)
            .outerjoin(account_links, account_links.c.user_id == users.c.id)
            .where((users.c.id == primary_id) | (account_links.c.primary_id == primary_id))
            .where(users.c.external_id.not_like(f"{FORGOTTEN}%"))
            .order_by(account_links.c.user_id.is_not(None), users.c.id)
        )
        return [User(**columns_of(row)) for row in await self._connection.execute(query)]

    async def link(self, alias_id: int, primary_id: int, now: datetime) -> None:
        """`alias_id` (and any chat linked to it) joins `primary_id`: its data moves over,
        its conversation state, language, consent and code are dropped."""
        await merge_person(self._connection, alias_id, primary_id)
        await self._empty(alias_id)
        await self._connection.execute(
            account_links.insert().values(user_id=alias_id, primary_id=primary_id, linked_at=now)
        )

    async def unlink(self, user_id: int, heir: int | None = None) -> int | None:
        """`user_id` leaves her linked chats and starts afresh with no data; returns the
        primary of the chats that remain (an alias left: the same primary; the primary left:
        `heir`, else the oldest alias, which takes over everything), or None when she was not
        linked."""
        primary = await self.primary_of(user_id)
        if primary is not None:
            await self._connection.execute(
                delete(account_links).where(account_links.c.user_id == user_id)
            )
            await self._empty(user_id)
            return primary
        query = select(account_links.c.user_id).where(account_links.c.primary_id == user_id)
        aliases = sorted((await self._connection.execute(query)).scalars())
        if not aliases:
            return None
        heir = heir if heir in aliases else aliases[0]
        await merge_person(self._connection, user_id, heir)  # heir's link goes, others follow
        await self._connection.execute(delete(conversations).where(conversations.c.user_id == heir))
        await self._connection.execute(
            update(conversations).where(conversations.c.user_id == user_id).values(user_id=heir)
        )
        await self._empty(user_id)
        return heir

    async def unlink_all(self, primary_id: int) -> bool:
        """Every chat linked to `primary_id` starts afresh; False when there were none."""
        result = await self._connection.execute(
            delete(account_links).where(account_links.c.primary_id == primary_id)
        )
        return result.rowcount > 0

    async def primary_of(self, user_id: int) -> int | None:
        """The user `user_id` speaks as, when it is a linked chat (an alias)."""
        query = select(account_links.c.primary_id).where(account_links.c.user_id == user_id)
        return (await self._connection.execute(query)).scalar_one_or_none()

    async def _empty(self, user_id: int) -> None:
        """What a chat keeps of its own while linked (or once unlinked): its chat id only."""
        await self._connection.execute(
            delete(conversations).where(conversations.c.user_id == user_id)
        )
        await self.drop_code(user_id)
        await self._connection.execute(delete(move_tokens).where(move_tokens.c.user_id == user_id))
        await self._connection.execute(
            update(users).where(users.c.id == user_id).values(language=None, consent_at=None)
        )

    # --- one-time codes -------------------------------------------------------------------

    async def issue_code(
        self, user_id: int, code_hash: str, expires_at: datetime, prune_before: datetime
    ) -> None:
        """Store `user_id`'s code, replacing her earlier one; codes that expired before
        `prune_before` go (until then, typing one is told "expired" rather than "wrong")."""
        await self._connection.execute(
            delete(link_codes).where(link_codes.c.expires_at < prune_before)
        )
        values = {
            "user_id": user_id,
            "code_hash": code_hash,
            "expires_at": expires_at,
            "used_at": None,
        }
        await upsert_without_id(self._connection, link_codes, values, keys=("user_id",))

    async def code_taken(self, code_hash: str) -> bool:
        """Whether another code with the same digits still exists (codes must be told apart)."""
        query = select(link_codes.c.user_id).where(link_codes.c.code_hash == code_hash)
        return (await self._connection.execute(query)).first() is not None

    async def find_code(self, code_hash: str) -> LinkCode | None:
        query = select(link_codes).where(link_codes.c.code_hash == code_hash)
        row = (await self._connection.execute(query)).first()
        return _code(row) if row else None

    async def request(
        self, owner_id: int, requester_id: int, now: datetime, expires_at: datetime
    ) -> bool:
        """`requester_id` typed `owner_id`'s code and waits for her approval until
        `expires_at`; False when the code was used or requested meanwhile (one request)."""
        result = await self._connection.execute(
            update(link_codes)
            .where(
                link_codes.c.user_id == owner_id,
                link_codes.c.used_at.is_(None),
                link_codes.c.requested_by.is_(None),
            )
            .values(requested_by=requester_id, requested_at=now, expires_at=expires_at)
        )
        return result.rowcount == 1

    async def waiting_request(self, owner_id: int, now: datetime) -> LinkCode | None:
        """`owner_id`'s code when another chat typed it and waits for her answer."""
        values = {"owner_id": owner_id, "now": now}
        row = (await self._connection.execute(WAITING_REQUEST, values)).first()
        return _code(row) if row else None

    async def use_code(self, user_id: int, now: datetime) -> bool:
        """Mark the code used (approved or refused); False when it was used meanwhile."""
        result = await self._connection.execute(
            update(link_codes)
            .where(link_codes.c.user_id == user_id, link_codes.c.used_at.is_(None))
            .values(used_at=now)
        )
        return result.rowcount == 1

    async def drop_code(self, user_id: int) -> None:
        await self._connection.execute(delete(link_codes).where(link_codes.c.user_id == user_id))

    # --- failed tries -----------------------------------------------------------------------

    async def record_failure(self, user_id: int, now: datetime, keep_after: datetime) -> None:
        """A wrong, expired or used code typed by `user_id`; tries before `keep_after` go."""
        await self._connection.execute(delete(link_attempts).where(link_attempts.c.at < keep_after))
        await self._connection.execute(link_attempts.insert().values(user_id=user_id, at=now))

    async def failures_since(self, since: datetime, user_id: int) -> int:
        """Failed tries by `user_id` since `since` (there is no overall count: one that
        strangers could fill would lock everyone out)."""
        query = (
            select(func.count())
            .select_from(link_attempts)
            .where(link_attempts.c.at >= since, link_attempts.c.user_id == user_id)
        )
        return (await self._connection.execute(query)).scalar_one()


def _code(row) -> LinkCode:
    return LinkCode(row.user_id, row.expires_at, row.used_at, row.requested_by)
