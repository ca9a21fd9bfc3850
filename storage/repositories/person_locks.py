"""One person, one step at a time, in every process sharing a PostgreSQL database.

A unit of work that acts for a person first takes a transaction-level advisory lock on her:
the primary user of her linked chats (`account_links`), so two processes, or two linked chats,
never run her steps at once. A chat never seen before is locked by its channel id until its
user row exists. `lock_timeout` bounds every wait of the transaction, so a step that cannot
get its person in time fails with `LockTimeout` (and changes nothing) instead of holding a
KakaoTalk request past its deadline.

On SQLite there is nothing to take here: every unit of work holds the database's one write
lock (`BEGIN IMMEDIATE`) from its start, which already serialises steps across processes.
"""

from __future__ import annotations

from sqlalchemy import func, literal, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import account_links, users

# Advisory lock keys: a person is the bigint key PERSON_KEYS + her user id; a new chat is the
# two-int key (CHAT_KEYS, hashtext of "channel:id"). The two key spaces never overlap.
PERSON_KEYS = 0x17 << 48
CHAT_KEYS = 0x17
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for a lock_timeout


class LockTimeout(Exception):
    """Someone else worked for this person longer than the unit of work was allowed to wait."""


def is_lock_timeout(error: BaseException) -> bool:
    """Whether `error` is PostgreSQL giving up on a lock after `lock_timeout`."""
    if isinstance(error, LockTimeout):
        return True
    original = getattr(error, "orig", None) if isinstance(error, DBAPIError) else None
    return getattr(original, "sqlstate", None) == LOCK_NOT_AVAILABLE


def _person_of(channel: str, external_id: str):
    """The user the chat speaks as (its primary when linked), as a scalar subquery."""
    return (
        select(func.coalesce(account_links.c.primary_id, users.c.id))
        .select_from(users.outerjoin(account_links, account_links.c.user_id == users.c.id))
        .where(users.c.channel == channel, users.c.external_id == external_id)
        .scalar_subquery()
    )


class PersonLockRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection
        self._postgres = connection.dialect.name == "postgresql"
        self._held: set[int] = set()

    async def hold_chat(self, channel: str, external_id: str, timeout_s: float) -> None:
        """Wait, at most `timeout_s` for any one lock, until no one else acts for the person
        this chat belongs to; then hold her until the transaction ends."""
        if not self._postgres:
            return
        wait = f"{max(int(timeout_s * 1000), 1)}ms"
        person_of = _person_of(channel, external_id)
        query = select(func.set_config("lock_timeout", wait, True), person_of)
        person = (await self._connection.execute(query)).one()[1]
        if person is not None:
            await self.hold(person)
            return
        chat_key = func.hashtext(literal(f"{channel}:{external_id}"))
        await self._lock(select(func.pg_advisory_xact_lock(CHAT_KEYS, chat_key)))

    async def hold(self, person_id: int) -> bool:
        """Hold `person_id` too; False when she was held already (or on SQLite): then what
        was read for her is current."""
        if not self._postgres or person_id in self._held:
            return False
        await self._lock(select(func.pg_advisory_xact_lock(PERSON_KEYS + person_id)))
        self._held.add(person_id)
        return True

    async def _lock(self, query) -> None:
        try:
            await self._connection.execute(query)
        except DBAPIError as error:
            if is_lock_timeout(error):
                raise LockTimeout() from error
            raise
