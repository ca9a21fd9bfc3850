"""In-memory broadcasts, for `tests/fakes/uow.py`, as `BroadcastRepository` keeps them: an
audience is the active people with notifications on who agreed and have an alert the audience
names (a region counts its wider and narrower regions), within its author's reach; queueing
puts one outbox row per person (key `broadcast:<id>:user:<id>`, never twice)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from storage.records import Broadcast, OutboxMessage, Subscription
from storage.repositories.broadcasts import SUBSCRIPTION_KIND, reach_of
from tests.fakes.uow_reach import person_within

if TYPE_CHECKING:
    from tests.fakes.uow import FakeStorage


def _region(target: str) -> Callable[[Subscription], bool]:
    def wanted(alert: Subscription) -> bool:
        return alert.kind == "region" and (
            alert.target == target
            or alert.target.startswith(target + " ")
            or target.startswith(alert.target + " ")
        )

    return wanted


def wanted(audience: dict[str, Any]) -> Callable[[Subscription], bool]:
    """The alert that puts a person in `audience`."""
    kind, target = audience.get("kind"), str(audience.get("target") or "")
    if kind == "all":
        return lambda alert: True
    if kind == "bus":
        return lambda alert: alert.kind in ("bus_zone", "bus_visit")
    if kind == "region":
        return _region(target)
    if kind in SUBSCRIPTION_KIND:
        return lambda alert: (alert.kind, alert.target) == (SUBSCRIPTION_KIND[kind], target)
    raise ValueError(f"unknown audience {audience!r}")


class FakeBroadcasts:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._broadcasts = storage.table("broadcasts")

    def _audience(self, audience: dict[str, Any]) -> list[int]:
        """The ids of everyone in `audience` (and within its reach)."""
        asked = wanted(audience)
        alerted = {s.user_id for s in self._storage.rows("subscriptions") if asked(s)}
        reach = reach_of(audience)
        return sorted(
            user.id
            for user in self._storage.rows("users")
            if user.active
            and user.notifications
            and user.consent_at is not None
            and user.id in alerted
            and person_within(self._storage, reach, user.id)
        )

    async def count_audience(self, audience: dict[str, Any]) -> int:
        return len(self._audience(audience))

    async def audience_languages(self, audience: dict[str, Any]) -> dict[str | None, int]:
        """How many of the audience read each language (None: not chosen yet)."""
        users = self._storage.table("users")
        return dict(Counter(users[key].language for key in self._audience(audience)))

    async def create(
        self,
        *,
        author: str,
        texts: dict[str, str],
        audience: dict[str, Any],
        now: datetime,
        programme_id: int | None = None,
        visit_id: int | None = None,
        author_channel: str | None = None,
        author_external_id: str | None = None,
    ) -> int:
        id_ = self._storage.new_id("broadcasts")
        self._broadcasts[id_] = Broadcast(
            id_,
            author,
            dict(texts),
            dict(audience),
            programme_id,
            visit_id,
            "draft",
            now,
            author_channel=author_channel,
            author_external_id=author_external_id,
        )
        return id_

    async def get(self, broadcast_id: int) -> Broadcast | None:
        broadcast: Broadcast | None = self._broadcasts.get(broadcast_id)
        return broadcast

    async def queue(self, broadcast_id: int, now: datetime) -> int:
        """One outbox row per recipient; the broadcast starts sending. How many were queued
        (0 when it was not a draft any more)."""
        broadcast = self._broadcasts.get(broadcast_id)
        if broadcast is None or broadcast.state != "draft":
            return 0
        messages = self._storage.table("outbox")
        keys = {m.key for m in messages.values()}
        for user_id in self._audience(broadcast.audience):
            key = f"broadcast:{broadcast_id}:user:{user_id}"
            if key not in keys:
                id_ = self._storage.new_id("outbox")
                messages[id_] = OutboxMessage(
                    id_,
                    key,
                    user_id,
                    "broadcast",
                    {"type": "broadcast", "broadcast_id": broadcast_id},
                    now,
                    "pending",
                    0,
                    None,
                    None,
                    None,
                    None,
                    broadcast_id=broadcast_id,
                )
        count = sum(1 for m in messages.values() if m.broadcast_id == broadcast_id)
        self._broadcasts[broadcast_id] = replace(broadcast, state="sending", recipients=count)
        return count

    async def cancel(self, broadcast_id: int, now: datetime | None = None) -> int:
        """Stop sending: messages not yet sent are cancelled; returns how many."""
        messages = self._storage.table("outbox")
        waiting = [
            key
            for key, m in messages.items()
            if m.broadcast_id == broadcast_id and m.state == "pending"
        ]
        for key in waiting:
            messages[key] = replace(messages[key], state="cancelled")
        broadcast = self._broadcasts.get(broadcast_id)
        if broadcast is not None:
            self._broadcasts[broadcast_id] = replace(broadcast, state="cancelled", finished_at=now)
        return len(waiting)
