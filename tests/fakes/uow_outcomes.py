"""In-memory outcome records, for `tests/fakes/uow.py`, as `OutcomeRepository` keeps them:
participants of cohorts by id (one per cohort and number), a person's "취업했어요" on her newest
participant record or kept loose until staff link it, and what a deleted participant counted
for kept as her cohort's anonymous counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from storage.records import Cohort, Scope
from storage.repositories.outcomes_records import (
    Counts,
    OutcomeCohort,
    Participant,
    SelfReport,
    count_one,
)
from tests.fakes.uow_reach import person_within, programme_within
from tests.fakes.uow_records import record_of

if TYPE_CHECKING:
    from tests.fakes.uow import FakeStorage


class FakeOutcomes:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._participants = storage.table("participants")
        self._created = storage.table("participants_created")  # id -> created_at
        self._reports = storage.table("self_reports")  # user_id -> {"user_id", "at"}
        self._kept = storage.table("outcome_counts")  # cohort_id -> Counts

    # Cohorts and what they count
    async def cohorts(
        self, scope: Scope, first: date | None = None, last: date | None = None
    ) -> list[OutcomeCohort]:
        """Her cohorts that ended (or, without an end, started) within [first, last]."""
        found = [
            self._named(cohort)
            for cohort in self._storage.rows("cohorts")
            if programme_within(self._storage, scope, cohort.programme_id)
            and (first is None or (cohort.ends_on or cohort.starts_on) >= first)
            and (last is None or (cohort.ends_on or cohort.starts_on) <= last)
        ]
        found.sort(key=lambda c: c.starts_on, reverse=True)
        return sorted(found, key=lambda c: (c.centre, c.programme))

    def _named(self, cohort: Cohort) -> OutcomeCohort:
        programme = self._storage.table("programmes")[cohort.programme_id]
        centre = self._storage.table("centres")[programme.centre_id]
        return OutcomeCohort(
            cohort.id,
            cohort.key,
            cohort.number,
            cohort.starts_on,
            cohort.ends_on,
            programme.id,
            programme.title,
            centre.id,
            centre.name,
        )

    async def cohort_by_key(self, keys: list[str]) -> dict[str, int]:
        return {c.key: c.id for c in self._storage.rows("cohorts") if c.key in keys}

    async def participants_of(self, cohort_ids: list[int]) -> list[Participant]:
        found = [p for p in self._participants.values() if p.cohort_id in cohort_ids]
        return sorted(found, key=lambda p: (p.cohort_id, p.number, p.id))

    async def anonymous_counts(self, cohort_ids: list[int]) -> dict[int, Counts]:
        """What deleted participants of these cohorts counted for."""
        return {
            key: Counts(**counts.as_dict())
            for key, counts in self._kept.items()
            if key in cohort_ids
        }

    # One participant
    async def participant(self, participant_id: int, scope: Scope) -> Participant | None:
        found: Participant | None = self._participants.get(participant_id)
        if found is None or not self._within(found, scope):
            return None
        return found

    def _within(self, participant: Participant, scope: Scope) -> bool:
        cohort = self._storage.table("cohorts")[participant.cohort_id]
        return programme_within(self._storage, scope, cohort.programme_id)

    async def add(self, cohort_id: int, number: str, now: datetime, **values: Any) -> int:
        if self._numbered(cohort_id, number) is not None:
            raise ValueError("one participant per cohort and number (a unique constraint)")
        values.setdefault("status", "enrolled")
        values.setdefault("source", "staff")
        id_ = self._storage.new_id("participants")
        given = {**values, "id": id_, "cohort_id": cohort_id, "number": number}
        self._participants[id_] = record_of(Participant, {**given, "updated_at": now})
        self._created[id_] = now
        return id_

    async def change(self, participant_id: int, now: datetime, **values: Any) -> None:
        found = self._participants.get(participant_id)
        if found is not None:
            self._participants[participant_id] = replace(found, updated_at=now, **values)

    async def upsert(
        self, cohort_id: int, number: str, now: datetime, source: str = "staff", **values: Any
    ) -> str:
        found = self._numbered(cohort_id, number)
        if found is None:
            await self.add(cohort_id, number, now, source=source, **values)
            return "added"
        if all(getattr(found, name, None) == value for name, value in values.items()):
            return "unchanged"
        await self.change(found.id, now, **values)
        return "changed"

    def _numbered(self, cohort_id: int, number: str) -> Participant | None:
        return next(
            (
                p
                for p in self._participants.values()
                if (p.cohort_id, p.number) == (cohort_id, number)
            ),
            None,
        )

    # Deleting, with the counts kept
    async def forget_person(self, user_ids: list[int]) -> int:
        """Her outcome records go with her data (their counts stay, anonymous)."""
        for user_id in user_ids:
            self._reports.pop(user_id, None)
        hers = [p for p in self._participants.values() if p.user_id in user_ids]
        cohorts = self._storage.table("cohorts")
        for participant in hers:
            counted = count_one(participant, cohorts[participant.cohort_id].ends_on)
            self._kept[participant.cohort_id] = (
                self._kept.get(participant.cohort_id, Counts()) + counted
            )
            del self._participants[participant.id]
        return len(hers)

    # "취업했어요"
    async def report_job(self, user_id: int, now: datetime) -> bool:
        """On the newest participant record linked to her (True), or kept loose (False)."""
        hers = [p for p in self._participants.values() if p.user_id == user_id]
        if hers:
            newest = max(hers, key=lambda p: (self._created[p.id], p.id))
            await self.change(newest.id, now, self_report_at=now)
            return True
        self._reports[user_id] = {"user_id": user_id, "at": now}
        return False

    async def self_reports(self, scope: Scope) -> list[SelfReport]:
        """Of her participants first (oldest report first), then the loose ones of her people."""
        linked = sorted(
            (
                p
                for p in self._participants.values()
                if p.self_report_at is not None and self._within(p, scope)
            ),
            key=lambda p: p.self_report_at,
        )
        loose = sorted(self._reports.values(), key=lambda report: report["at"])
        return [SelfReport(p.user_id, p.self_report_at, p) for p in linked] + [
            SelfReport(r["user_id"], r["at"], None)
            for r in loose
            if person_within(self._storage, scope, r["user_id"])
        ]

    async def clear_report(self, participant_id: int, now: datetime) -> None:
        await self.change(participant_id, now, self_report_at=None)
