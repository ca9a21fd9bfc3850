"""Ports of the people side: who writes, where she is in a flow, what she told us, her chats.

Each Protocol lists only what the chat flows call; the repositories in `storage/repositories`
satisfy them, and so do the in-memory fakes of the tests.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from storage.records import EVERYTHING, Conversation, LinkCode, Profile, Scope, StaffIdentity, User
from storage.repositories.move_tokens import Belongings


class PersonLocks(Protocol):
    async def hold_chat(self, channel: str, external_id: str, timeout_s: float) -> None: ...

    async def hold(self, person_id: int) -> bool: ...


class Inbox(Protocol):
    async def record(self, key: str, now: datetime) -> bool: ...


class ChatPace(Protocol):
    async def spend(
        self,
        channel: str,
        external_id: str,
        messages: int,
        now: datetime,
        per_second: float,
        burst: int,
    ) -> bool: ...


class Users(Protocol):
    async def find(self, channel: str, external_id: str) -> User | None: ...

    async def get(self, user_id: int) -> User | None: ...

    async def arrive(
        self, channel: str, external_id: str, now: datetime
    ) -> tuple[User, Conversation | None]: ...

    async def person(self, channel: str, external_id: str) -> User | None: ...

    async def set_language(self, user_id: int, language: str) -> None: ...

    async def set_consent(self, user_id: int, consent_at: datetime | None) -> None: ...

    async def delete(self, user_id: int) -> None: ...

    async def count_new(
        self, first: datetime, last: datetime, scope: Scope = EVERYTHING
    ) -> int: ...


class Conversations(Protocol):
    async def get(self, user_id: int) -> Conversation | None: ...

    async def save(self, conversation: Conversation, now: datetime) -> None: ...

    async def idle_in(
        self, flow: str, before: datetime, limit: int = 500
    ) -> list[tuple[Conversation, User]]: ...

    async def mark(self, user_id: int, data: dict[str, Any]) -> None: ...


class Profiles(Protocol):
    async def get(self, user_id: int) -> Profile | None: ...

    async def save(self, profile: Profile, now: datetime) -> None: ...

    async def delete(self, user_id: int) -> None: ...


class AccountLinks(Protocol):
    async def chats(self, primary_id: int) -> list[User]: ...

    async def link(self, alias_id: int, primary_id: int, now: datetime) -> None: ...

    async def unlink(self, user_id: int, heir: int | None = None) -> int | None: ...

    async def unlink_all(self, primary_id: int) -> bool: ...

    async def primary_of(self, user_id: int) -> int | None: ...

    async def issue_code(
        self, user_id: int, code_hash: str, expires_at: datetime, prune_before: datetime
    ) -> None: ...

    async def code_taken(self, code_hash: str) -> bool: ...

    async def find_code(self, code_hash: str) -> LinkCode | None: ...

    async def request(
        self, owner_id: int, requester_id: int, now: datetime, expires_at: datetime
    ) -> bool: ...

    async def waiting_request(self, owner_id: int, now: datetime) -> LinkCode | None: ...

    async def use_code(self, user_id: int, now: datetime) -> bool: ...

    async def drop_code(self, user_id: int) -> None: ...

    async def record_failure(self, user_id: int, now: datetime, keep_after: datetime) -> None: ...

    async def failures_since(self, since: datetime, user_id: int) -> int: ...


class MoveTokens(Protocol):
    async def issue(
        self, user_id: int, token_hash: str, expires_at: datetime, now: datetime
    ) -> None: ...

    async def holder(self, token_hash: str, now: datetime) -> int | None: ...

    async def use(self, token_hash: str, now: datetime) -> int | None: ...

    async def belongings(self, user_id: int) -> Belongings: ...

    async def move_person(self, source: int, target: int) -> None: ...


class StaffRoles(Protocol):
    async def role_of(self, channel: str, external_id: str) -> str | None: ...

    async def chat_identity(self, channel: str, external_id: str) -> StaffIdentity | None: ...


class Audit(Protocol):
    async def record(
        self, actor: str, action: str, detail: dict[str, Any], at: datetime
    ) -> None: ...
