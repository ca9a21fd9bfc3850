"""In-memory repositories of the people side, for `tests/fakes/uow.py`."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from storage.records import EVERYTHING, Conversation, LinkCode, Profile, Scope, StaffIdentity, User
from storage.repositories.chat_pace import spend_room
from storage.repositories.move_tokens import Belongings
from storage.repositories.staff import ROLES
from tests.fakes.uow_reach import person_within

if TYPE_CHECKING:
    from tests.fakes.uow import FakeStorage


class FakePersonLocks:
    """Nothing to take: the fake storage, like SQLite, lets one unit of work in at a time."""

    async def hold_chat(self, channel: str, external_id: str, timeout_s: float) -> None:
        return None

    async def hold(self, person_id: int) -> bool:
        return False


class FakeInbox:
    def __init__(self, storage: FakeStorage) -> None:
        self._keys = storage.table("inbox")

    async def record(self, key: str, now: datetime) -> bool:
        if key in self._keys:
            return False
        self._keys[key] = now
        return True


class FakeChatPace:
    """A token bucket per chat, as `ChatPaceRepository` keeps it."""

    def __init__(self, storage: FakeStorage) -> None:
        self._rooms = storage.table("chat_pace")

    async def spend(
        self,
        channel: str,
        external_id: str,
        messages: int,
        now: datetime,
        per_second: float,
        burst: int,
    ) -> bool:
        at = now.timestamp()
        room, left = spend_room(
            self._rooms.get((channel, external_id)), at, messages, per_second, burst
        )
        self._rooms[(channel, external_id)] = (left, at)
        return room


class FakeUsers:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._users = storage.table("users")

    async def find(self, channel: str, external_id: str) -> User | None:
        found = [
            u for u in self._users.values() if (u.channel, u.external_id) == (channel, external_id)
        ]
        return found[0] if found else None

    async def get(self, user_id: int) -> User | None:
        user: User | None = self._users.get(user_id)
        return user

    async def seen(self, channel: str, external_id: str, now: datetime) -> User:
        """The user, created on first contact, marked as seen `now`."""
        chat = await self.find(channel, external_id)
        if chat is None:
            return self._new(channel, external_id, now)
        self._users[chat.id] = replace(chat, last_seen_at=now, active=True)
        seen: User = self._users[chat.id]
        return seen

    def _new(self, channel: str, external_id: str, now: datetime) -> User:
        chat = User(
            id=self._storage.new_id("users"),
            channel=channel,
            external_id=external_id,
            language=None,
            consent_at=None,
            created_at=now,
            last_seen_at=now,
            secret=secrets.token_hex(16),
        )
        self._users[chat.id] = chat
        return chat

    async def arrive(
        self, channel: str, external_id: str, now: datetime
    ) -> tuple[User, Conversation | None]:
        chat = await self.find(channel, external_id)
        if chat is None:
            return self._new(channel, external_id, now), None
        person = await self.person(channel, external_id) or chat
        for seen in {chat.id, person.id}:
            self._users[seen] = replace(self._users[seen], last_seen_at=now, active=True)
        state: Conversation | None = self._storage.table("conversations").get(person.id)
        return self._users[person.id], state

    async def person(self, channel: str, external_id: str) -> User | None:
        chat = await self.find(channel, external_id)
        if chat is None:
            return None
        primary = self._storage.table("account_links").get(chat.id)
        return self._users[primary] if primary is not None else chat

    async def set_language(self, user_id: int, language: str) -> None:
        self._users[user_id] = replace(self._users[user_id], language=language)

    async def set_consent(self, user_id: int, consent_at: datetime | None) -> None:
        self._users[user_id] = replace(self._users[user_id], consent_at=consent_at)

    async def delete(self, user_id: int) -> None:
        links = self._storage.table("account_links")
        for gone in [user_id, *[alias for alias, primary in links.items() if primary == user_id]]:
            self._users.pop(gone, None)
            links.pop(gone, None)
            self._storage.table("link_codes").pop(gone, None)
            self._storage.delete_owned(gone)
            tokens = self._storage.table("move_tokens")  # a link goes with its person
            for key in [key for key, (who, _until) in tokens.items() if who == gone]:
                del tokens[key]

    async def count_new(self, first: datetime, last: datetime, scope: Scope = EVERYTHING) -> int:
        """People who first wrote in [first, last) and are within `scope`; a chat linked to
        another chat of the same person is not counted again."""
        linked = self._storage.table("account_links")
        return sum(
            1
            for user in self._users.values()
            if first <= user.created_at < last
            and user.id not in linked
            and person_within(self._storage, scope, user.id)
        )


class FakeConversations:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._states = storage.table("conversations")

    async def get(self, user_id: int) -> Conversation | None:
        state: Conversation | None = self._states.get(user_id)
        return state

    async def save(self, conversation: Conversation, now: datetime) -> None:
        self._states[conversation.user_id] = replace(
            conversation, data=dict(conversation.data), updated_at=now
        )

    async def idle_in(
        self, flow: str, before: datetime, limit: int = 500
    ) -> list[tuple[Conversation, User]]:
        users = self._storage.table("users")
        return [
            (state, users[state.user_id])
            for state in self._storage.rows("conversations")
            if state.flow == flow and state.updated_at is not None and state.updated_at <= before
        ][:limit]

    async def mark(self, user_id: int, data: dict[str, Any]) -> None:
        if user_id in self._states:
            self._states[user_id] = replace(self._states[user_id], data=dict(data))


class FakeProfiles:
    def __init__(self, storage: FakeStorage) -> None:
        self._profiles = storage.table("profiles")

    async def get(self, user_id: int) -> Profile | None:
        profile: Profile | None = self._profiles.get(user_id)
        return profile

    async def save(self, profile: Profile, now: datetime) -> None:
        self._profiles[profile.user_id] = replace(profile, updated_at=now)

    async def delete(self, user_id: int) -> None:
        self._profiles.pop(user_id, None)


class FakeAccountLinks:
    """Linked chats (alias -> primary) and link codes, as `AccountLinkRepository` keeps them;
    linking and unlinking move data as storage/repositories/moving.py does."""

    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._links = storage.table("account_links")
        self._codes = storage.table("link_codes")
        self._tries = storage.table("link_attempts")

    async def chats(self, primary_id: int) -> list[User]:
        users = self._storage.table("users")
        aliases = sorted(alias for alias, primary in self._links.items() if primary == primary_id)
        return [users[id_] for id_ in [primary_id, *aliases] if id_ in users]

    async def link(self, alias_id: int, primary_id: int, now: datetime) -> None:
        """As `AccountLinkRepository.link`: the alias's data moves to the primary, and it
        keeps its chat id only."""
        merge_person(self._storage, alias_id, primary_id)
        self._empty(alias_id)
        self._links[alias_id] = primary_id

    async def unlink(self, user_id: int, heir: int | None = None) -> int | None:
        """As `AccountLinkRepository.unlink`: an alias leaves empty; a primary leaves her data
        to `heir` (else the oldest alias)."""
        primary: int | None = self._links.pop(user_id, None)
        if primary is not None:
            self._empty(user_id)
            return primary
        aliases = sorted(alias for alias, lead in self._links.items() if lead == user_id)
        if not aliases:
            return None
        chosen = heir if heir is not None and heir in aliases else aliases[0]
        merge_person(self._storage, user_id, chosen)
        states = self._storage.table("conversations")
        states.pop(chosen, None)
        if user_id in states:
            states[chosen] = replace(states.pop(user_id), user_id=chosen)
        self._empty(user_id)
        return chosen

    def _empty(self, user_id: int) -> None:
        """What a chat keeps of its own while linked (or once unlinked): its chat id only."""
        self._storage.table("conversations").pop(user_id, None)
        self._codes.pop(user_id, None)
        tokens = self._storage.table("move_tokens")
        for key in [key for key, (who, _until) in tokens.items() if who == user_id]:
            del tokens[key]
        users = self._storage.table("users")
        users[user_id] = replace(users[user_id], language=None, consent_at=None)

    async def unlink_all(self, primary_id: int) -> bool:
        aliases = [alias for alias, primary in self._links.items() if primary == primary_id]
        for alias in aliases:
            del self._links[alias]
        return bool(aliases)

    async def primary_of(self, user_id: int) -> int | None:
        primary: int | None = self._links.get(user_id)
        return primary

    async def issue_code(
        self, user_id: int, code_hash: str, expires_at: datetime, prune_before: datetime
    ) -> None:
        for owner in [o for o, (_, code) in self._codes.items() if code.expires_at < prune_before]:
            del self._codes[owner]
        self._codes[user_id] = (code_hash, LinkCode(user_id, expires_at))

    async def code_taken(self, code_hash: str) -> bool:
        return any(taken == code_hash for taken, _ in self._codes.values())

    async def find_code(self, code_hash: str) -> LinkCode | None:
        return next((code for taken, code in self._codes.values() if taken == code_hash), None)

    async def request(
        self, owner_id: int, requester_id: int, now: datetime, expires_at: datetime
    ) -> bool:
        found = self._codes.get(owner_id)
        if found is None or found[1].used_at is not None or found[1].requested_by is not None:
            return False
        code = replace(found[1], requested_by=requester_id, expires_at=expires_at)
        self._codes[owner_id] = (found[0], code)
        return True

    async def waiting_request(self, owner_id: int, now: datetime) -> LinkCode | None:
        found = self._codes.get(owner_id)
        code: LinkCode | None = found[1] if found else None
        if code is None or code.requested_by is None or code.used_at or code.expires_at <= now:
            return None
        return code

    async def use_code(self, user_id: int, now: datetime) -> bool:
        found = self._codes.get(user_id)
        if found is None or found[1].used_at is not None:
            return False
        self._codes[user_id] = (found[0], replace(found[1], used_at=now))
        return True

    async def drop_code(self, user_id: int) -> None:
        self._codes.pop(user_id, None)

    async def record_failure(self, user_id: int, now: datetime, keep_after: datetime) -> None:
        for key in [key for key, (_, at) in self._tries.items() if at < keep_after]:
            del self._tries[key]
        self._tries[self._storage.new_id("link_attempts")] = (user_id, now)

    async def failures_since(self, since: datetime, user_id: int) -> int:
        return sum(1 for who, at in self._tries.values() if who == user_id and at >= since)


class FakeMoveTokens:
    """Links that move a person to Telegram (token hash -> (person, expiry)), and the move
    itself, as `MoveTokenRepository` and storage/repositories/moving.py make them."""

    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._tokens: dict[str, tuple[int, datetime]] = storage.table("move_tokens")

    async def issue(
        self, user_id: int, token_hash: str, expires_at: datetime, now: datetime
    ) -> None:
        for key in [
            k for k, (who, until) in self._tokens.items() if who == user_id or until <= now
        ]:
            del self._tokens[key]
        self._tokens[token_hash] = (user_id, expires_at)

    async def holder(self, token_hash: str, now: datetime) -> int | None:
        found = self._tokens.get(token_hash)
        return found[0] if found and found[1] > now else None

    async def use(self, token_hash: str, now: datetime) -> int | None:
        holder = await self.holder(token_hash, now)
        if holder is not None:
            del self._tokens[token_hash]
        return holder

    async def belongings(self, user_id: int) -> Belongings:
        profile: Profile | None = self._storage.table("profiles").get(user_id)
        digits = "".join(ch for ch in (profile.phone if profile else None) or "" if ch.isdigit())
        links = self._storage.table("account_links")
        return Belongings(
            profile is not None,
            self._count("bookings", user_id, ("active",)),
            self._count("waitlist", user_id, ("waiting", "offered")),
            self._count("subscriptions", user_id),
            sum(1 for primary in links.values() if primary == user_id),
            digits[-4:] if len(digits) >= 4 else None,
        )

    async def move_person(self, source: int, target: int) -> None:
        move_person(self._storage, source, target)

    def _count(self, table: str, user_id: int, states: tuple[str, ...] | None = None) -> int:
        return sum(
            1
            for row in self._storage.rows(table)
            if row.user_id == user_id and (states is None or row.state in states)
        )


def move_person(storage: FakeStorage, source: int, target: int) -> None:
    """`source`'s data goes to `target` and `source` goes; chats linked to it are unlinked
    (storage/repositories/moving.py)."""
    links = storage.table("account_links")
    for alias in [alias for alias, primary in links.items() if primary == source]:
        del links[alias]
    merge_person(storage, source, target)
    storage.table("users").pop(source, None)
    tokens = storage.table("move_tokens")
    for key in [key for key, (who, _until) in tokens.items() if who == source]:
        del tokens[key]


def merge_person(storage: FakeStorage, source: int, target: int) -> None:
    """Everything of `source` now belongs to `target`, what the target has winning (one alert
    per kind and target, one place per slot, one active booking per slot, one announcement)."""
    _move_unique(storage, "subscriptions", source, target, ("kind", "target"))
    _move_unique(storage, "waitlist", source, target, ("slot_id",))
    _drop_doubles(storage, source, target)
    for name in ("bookings", "outbox"):
        rows = storage.table(name)
        for key, row in list(rows.items()):
            if row.user_id == source:
                rows[key] = replace(row, user_id=target)
    _merge_profiles(storage, source, target)
    _keep_choices(storage, source, target)
    _adopt_aliases(storage, source, target)


def _move_unique(
    storage: FakeStorage, name: str, source: int, target: int, keys: tuple[str, ...]
) -> None:
    rows = storage.table(name)
    taken = {tuple(getattr(r, k) for k in keys) for r in rows.values() if r.user_id == target}
    for key, row in list(rows.items()):
        if row.user_id != source:
            continue
        if tuple(getattr(row, k) for k in keys) in taken:
            del rows[key]
        else:
            rows[key] = replace(row, user_id=target)


def _drop_doubles(storage: FakeStorage, source: int, target: int) -> None:
    bookings = storage.table("bookings")
    booked = {b.slot_id for b in bookings.values() if b.user_id == target and b.state == "active"}
    for key, row in list(bookings.items()):
        if row.user_id == source and row.state == "active" and row.slot_id in booked:
            bookings[key] = replace(row, state="cancelled")
    outbox = storage.table("outbox")
    announced = {m.broadcast_id for m in outbox.values() if m.user_id == target}
    for key, row in list(outbox.items()):
        if row.user_id == source and row.state == "pending" and row.broadcast_id is not None:
            if row.broadcast_id in announced:
                outbox[key] = replace(row, state="cancelled")


def _merge_profiles(storage: FakeStorage, source: int, target: int) -> None:
    profiles = storage.table("profiles")
    given = profiles.pop(source, None)
    if given is None:
        return
    kept = profiles.get(target)
    if kept is None:
        profiles[target] = replace(given, user_id=target)
        return
    gaps = {
        name: getattr(given, name)
        for name in (f.name for f in fields(kept))
        if name not in ("user_id", "updated_at")
        and not getattr(kept, name)
        and getattr(given, name)
    }
    profiles[target] = replace(kept, **gaps)


def _keep_choices(storage: FakeStorage, source: int, target: int) -> None:
    users = storage.table("users")
    old, new = users[source], users[target]
    language = new.language if new.language is not None else old.language
    consent_at = new.consent_at if new.consent_at is not None else old.consent_at
    users[target] = replace(new, language=language, consent_at=consent_at)


def _adopt_aliases(storage: FakeStorage, source: int, target: int) -> None:
    """Chats linked to the source follow to the target, one chat per app (the other starts
    afresh)."""
    users, links = storage.table("users"), storage.table("account_links")
    group = [target, *[alias for alias, primary in links.items() if primary == target]]
    taken = {users[id_].channel for id_ in group if id_ in users}
    for alias in sorted(alias for alias, primary in links.items() if primary == source):
        channel = users[alias].channel
        if channel in taken or alias == target:
            del links[alias]
        else:
            links[alias] = target
        taken.add(channel)


Centres = Iterable[int] | None


@dataclass(frozen=True)
class FakeStaffRow:
    """A staff row of a chat identity: its role and centres (the admin's reach is all)."""

    id: int
    channel: str
    external_id: str
    role: str
    centres: frozenset[int]

    def identity(self) -> StaffIdentity:
        scope = EVERYTHING if self.role == "admin" else Scope(self.centres)
        return StaffIdentity(self.id, self.role, scope, 0)


class FakeStaff:
    """Staff roles by chat, granted as `StaffRepository.grant` grants them (staff id -> row);
    web logins and disabling are the admin's database tests."""

    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._staff: dict[int, FakeStaffRow] = storage.table("staff")

    async def grant(
        self, channel: str, external_id: str, role: str, now: datetime, centres: Centres = None
    ) -> int:
        """As `StaffRepository.grant`: `centres` None keeps the centres it has."""
        assert role in ROLES
        found = self._row(channel, external_id)
        staff_id = found.id if found else self._storage.new_id("staff")
        kept = found.centres if found else frozenset()
        chosen = kept if centres is None else frozenset(centres)
        self._staff[staff_id] = FakeStaffRow(staff_id, channel, external_id, role, chosen)
        return staff_id

    async def role_of(self, channel: str, external_id: str) -> str | None:
        found = self._row(channel, external_id)
        return found.role if found else None

    async def chat_identity(self, channel: str, external_id: str) -> StaffIdentity | None:
        found = self._row(channel, external_id)
        return found.identity() if found else None

    def _row(self, channel: str, external_id: str) -> FakeStaffRow | None:
        chat = (channel, external_id)
        return next((r for r in self._staff.values() if (r.channel, r.external_id) == chat), None)


class FakeAudit:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage

    async def record(self, actor: str, action: str, detail: dict[str, Any], at: datetime) -> None:
        rows = self._storage.table("audit")
        rows[self._storage.new_id("audit")] = (actor, action, dict(detail), at)
