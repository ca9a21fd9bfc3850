"""Ports of what is on offer: centres, programmes and cohorts, the bus, alerts, broadcasts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from storage.records import (
    EVERYTHING,
    Broadcast,
    BusVisitListing,
    Centre,
    ProgrammeListing,
    Scope,
    Subscription,
)
from storage.repositories.outcomes_records import Counts, OutcomeCohort, Participant, SelfReport


class Catalogue(Protocol):
    async def upsert_centre(self, **values: Any) -> int: ...

    async def upsert_programme(self, **values: Any) -> int: ...

    async def upsert_cohort(self, **values: Any) -> int: ...

    async def centre(self, centre_id: int) -> Centre | None: ...

    async def centres_in(self, sido: str) -> list[Centre]: ...

    async def listing(self, programme_id: int, today: date) -> ProgrammeListing | None: ...

    async def listings(self, today: date) -> list[ProgrammeListing]: ...


class Outcomes(Protocol):
    """Outcomes of cohorts: what the demo writes, staff record in the chat, and she reports."""

    async def cohorts(
        self, scope: Scope, first: date | None = None, last: date | None = None
    ) -> list[OutcomeCohort]: ...

    async def cohort_by_key(self, keys: list[str]) -> dict[str, int]: ...

    async def participants_of(self, cohort_ids: list[int]) -> list[Participant]: ...

    async def participant(self, participant_id: int, scope: Scope) -> Participant | None: ...

    async def change(self, participant_id: int, now: datetime, **values: Any) -> None: ...

    async def forget_person(self, user_ids: list[int]) -> int: ...

    async def report_job(self, user_id: int, now: datetime) -> bool: ...

    async def self_reports(self, scope: Scope) -> list[SelfReport]: ...

    async def clear_report(self, participant_id: int, now: datetime) -> None: ...

    async def anonymous_counts(self, cohort_ids: list[int]) -> dict[int, Counts]: ...

    async def upsert(
        self, cohort_id: int, number: str, now: datetime, source: str = "staff", **values: Any
    ) -> str: ...


class Bus(Protocol):
    async def upsert_zone(self, **values: Any) -> int: ...

    async def upsert_site(self, **values: Any) -> int: ...

    async def upsert_visit(self, **values: Any) -> int: ...

    async def visit(self, visit_id: int) -> BusVisitListing | None: ...

    async def upcoming(self, now: datetime, limit: int = 10) -> list[BusVisitListing]: ...


class Views(Protocol):
    async def count(self, programme_id: int, day: date) -> None: ...

    async def top(
        self, first: date, last: date, limit: int = 5, scope: Scope = EVERYTHING
    ) -> list[tuple[str, int]]: ...


class Subscriptions(Protocol):
    async def add(self, user_id: int, kind: str, target: str, now: datetime) -> bool: ...

    async def of_user(self, user_id: int) -> list[Subscription]: ...

    async def remove(self, user_id: int, subscription_id: int) -> Subscription | None: ...

    async def remove_all(self, user_id: int) -> None: ...


class Broadcasts(Protocol):
    async def count_audience(self, audience: dict[str, Any]) -> int: ...

    async def audience_languages(self, audience: dict[str, Any]) -> dict[str | None, int]: ...

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
    ) -> int: ...

    async def get(self, broadcast_id: int) -> Broadcast | None: ...

    async def queue(self, broadcast_id: int, now: datetime) -> int: ...

    async def cancel(self, broadcast_id: int, now: datetime | None = None) -> int: ...
