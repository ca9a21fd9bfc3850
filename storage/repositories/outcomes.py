"""Outcome records of a staff member's reach: participants of her centres' cohorts, what they
add up to, and the anonymous counts of deleted participants.

A deletion (hers, a staff member's, or retention's) first adds what the participant counted for
to her cohort's row of `outcome_counts`, so figures already reported survive as anonymous counts.
Conditions come from `reach.py`: a participant is within a scope when her cohort's programme is.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import Scope
from storage.repositories.outcomes_records import (
    COUNT_NAMES,
    Counts,
    OutcomeCohort,
    Participant,
    SelfReport,
    count_one,
)
from storage.repositories.reach import people_condition, programme_condition, within
from storage.repositories.rows import columns_of
from storage.tables import centres, cohorts, outcome_counts, participants, programmes, self_reports


def _cohort_query():
    return (
        select(
            cohorts.c.id,
            cohorts.c.key,
            cohorts.c.number,
            cohorts.c.starts_on,
            cohorts.c.ends_on,
            programmes.c.id.label("programme_id"),
            programmes.c.title.label("programme"),
            centres.c.id.label("centre_id"),
            centres.c.name.label("centre"),
        )
        .join(programmes, programmes.c.id == cohorts.c.programme_id)
        .join(centres, centres.c.id == programmes.c.centre_id)
    )


def _participant(row) -> Participant:
    values = columns_of(row)
    return Participant(**{name: values[name] for name in Participant.__slots__})


class OutcomeRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    # Cohorts and what they count
    async def cohorts(
        self, scope: Scope, first: date | None = None, last: date | None = None
    ) -> list[OutcomeCohort]:
        """Her cohorts that ended (or, without an end, started) within [first, last]."""
        query = within(_cohort_query(), programme_condition(scope))
        ended = func.coalesce(cohorts.c.ends_on, cohorts.c.starts_on)
        if first is not None:
            query = query.where(ended >= first)
        if last is not None:
            query = query.where(ended <= last)
        query = query.order_by(centres.c.name, programmes.c.title, cohorts.c.starts_on.desc())
        return [OutcomeCohort(**row._mapping) for row in await self._connection.execute(query)]

    async def cohort(self, cohort_id: int, scope: Scope) -> OutcomeCohort | None:
        query = within(_cohort_query().where(cohorts.c.id == cohort_id), programme_condition(scope))
        row = (await self._connection.execute(query)).first()
        return OutcomeCohort(**row._mapping) if row else None

    async def cohort_by_key(self, keys: list[str]) -> dict[str, int]:
        query = select(cohorts.c.key, cohorts.c.id).where(cohorts.c.key.in_(keys))
        return {row.key: row.id for row in await self._connection.execute(query)}

    async def participants_of(self, cohort_ids: list[int]) -> list[Participant]:
        query = (
            select(participants)
            .where(participants.c.cohort_id.in_(cohort_ids))
            .order_by(participants.c.cohort_id, participants.c.number, participants.c.id)
        )
        return [_participant(row) for row in await self._connection.execute(query)]

    async def anonymous_counts(self, cohort_ids: list[int]) -> dict[int, Counts]:
        """What deleted participants of these cohorts counted for."""
        query = select(outcome_counts).where(outcome_counts.c.cohort_id.in_(cohort_ids))
        return {
            row.cohort_id: Counts(*(getattr(row, name) for name in COUNT_NAMES))
            for row in await self._connection.execute(query)
        }

    # One participant
    async def participant(self, participant_id: int, scope: Scope) -> Participant | None:
        query = (
            select(participants)
            .join(cohorts, cohorts.c.id == participants.c.cohort_id)
            .join(programmes, programmes.c.id == cohorts.c.programme_id)
            .where(participants.c.id == participant_id)
        )
        row = (await self._connection.execute(within(query, programme_condition(scope)))).first()
        return _participant(row) if row else None

    async def number_taken(self, cohort_id: int, number: str) -> bool:
        query = select(participants.c.id).where(
            participants.c.cohort_id == cohort_id, participants.c.number == number
        )
        return (await self._connection.execute(query)).first() is not None

    async def add(self, cohort_id: int, number: str, now: datetime, **values) -> int:
        values.setdefault("status", "enrolled")
        values.setdefault("source", "staff")
        statement = insert(participants).values(
            cohort_id=cohort_id, number=number, created_at=now, updated_at=now, **values
        )
        return (await self._connection.execute(statement)).inserted_primary_key[0]

    async def change(self, participant_id: int, now: datetime, **values) -> None:
        statement = (
            update(participants)
            .where(participants.c.id == participant_id)
            .values(updated_at=now, **values)
        )
        await self._connection.execute(statement)

    async def upsert(
        self, cohort_id: int, number: str, now: datetime, source: str = "staff", **values
    ) -> str:
        """Adds (from `source`) or changes the participant `number` of the cohort: "added",
        "changed" or "unchanged"."""
        query = select(participants).where(
            participants.c.cohort_id == cohort_id, participants.c.number == number
        )
        row = (await self._connection.execute(query)).first()
        if row is None:
            await self.add(cohort_id, number, now, source=source, **values)
            return "added"
        stored = columns_of(row)
        if all(stored.get(name) == value for name, value in values.items()):
            return "unchanged"
        await self.change(row.id, now, **values)
        return "changed"

    # Deleting, with the counts kept
    async def delete(self, participant_ids: list[int]) -> int:
        """Deletes these participants after adding what they counted for to their cohorts'
        anonymous counts; returns how many went."""
        if not participant_ids:
            return 0
        query = (
            select(participants, cohorts.c.ends_on.label("cohort_ends"))
            .join(cohorts, cohorts.c.id == participants.c.cohort_id)
            .where(participants.c.id.in_(participant_ids))
        )
        kept: dict[int, Counts] = defaultdict(Counts)
        for row in await self._connection.execute(query):
            kept[row.cohort_id] = kept[row.cohort_id] + count_one(
                _participant(row), row.cohort_ends
            )
        for cohort_id, counts in kept.items():
            await self._keep(cohort_id, counts)
        statement = delete(participants).where(participants.c.id.in_(participant_ids))
        return (await self._connection.execute(statement)).rowcount

    async def _keep(self, cohort_id: int, counts: Counts) -> None:
        found = await self._connection.execute(
            select(outcome_counts.c.cohort_id).where(outcome_counts.c.cohort_id == cohort_id)
        )
        if found.first() is None:
            await self._connection.execute(
                insert(outcome_counts).values(cohort_id=cohort_id, **counts.as_dict())
            )
            return
        added = {name: outcome_counts.c[name] + value for name, value in counts.as_dict().items()}
        await self._connection.execute(
            update(outcome_counts).where(outcome_counts.c.cohort_id == cohort_id).values(**added)
        )

    async def forget_person(self, user_ids: list[int]) -> int:
        """Her outcome records go with her data (their counts stay, anonymous)."""
        await self._connection.execute(
            delete(self_reports).where(self_reports.c.user_id.in_(user_ids))
        )
        query = select(participants.c.id).where(participants.c.user_id.in_(user_ids))
        return await self.delete(list((await self._connection.execute(query)).scalars()))

    async def forget_older(self, before: datetime) -> int:
        """Retention: participants whose record has not changed since `before`."""
        query = select(participants.c.id).where(participants.c.updated_at < before)
        return await self.delete(list((await self._connection.execute(query)).scalars()))

    # "취업했어요"
    async def report_job(self, user_id: int, now: datetime) -> bool:
        """Her self-report: on the newest participant record linked to her (True), or kept
        until staff link it to one (False)."""
        query = (
            select(participants.c.id)
            .where(participants.c.user_id == user_id)
            .order_by(participants.c.created_at.desc(), participants.c.id.desc())
        )
        linked = (await self._connection.execute(query)).scalars().first()
        if linked is not None:
            await self.change(linked, now, self_report_at=now)
            return True
        await self._connection.execute(
            delete(self_reports).where(self_reports.c.user_id == user_id)
        )
        await self._connection.execute(insert(self_reports).values(user_id=user_id, at=now))
        return False

    async def self_reports(self, scope: Scope) -> list[SelfReport]:
        """Self-reports waiting for staff within `scope`: of her participants first, then of
        her centres' people no participant record is linked to."""
        query = (
            select(participants)
            .join(cohorts, cohorts.c.id == participants.c.cohort_id)
            .join(programmes, programmes.c.id == cohorts.c.programme_id)
            .where(participants.c.self_report_at.is_not(None))
            .order_by(participants.c.self_report_at)
        )
        found = [
            SelfReport(row.user_id, row.self_report_at, _participant(row))
            for row in await self._connection.execute(within(query, programme_condition(scope)))
        ]
        loose = within(
            select(self_reports).order_by(self_reports.c.at),
            people_condition(scope, self_reports.c.user_id),
        )
        found += [
            SelfReport(row.user_id, row.at, None) for row in await self._connection.execute(loose)
        ]
        return found

    async def self_report_of(self, user_id: int, scope: Scope) -> SelfReport | None:
        """Her unlinked self-report, when she is within `scope`."""
        query = within(
            select(self_reports).where(self_reports.c.user_id == user_id),
            people_condition(scope, self_reports.c.user_id),
        )
        row = (await self._connection.execute(query)).first()
        return SelfReport(row.user_id, row.at, None) if row else None

    async def link(self, user_id: int, participant_id: int, at: datetime, now: datetime) -> None:
        """Her self-report moves to the participant record staff chose, now linked to her."""
        await self._connection.execute(
            delete(self_reports).where(self_reports.c.user_id == user_id)
        )
        await self.change(participant_id, now, user_id=user_id, self_report_at=at)

    async def clear_report(self, participant_id: int, now: datetime) -> None:
        await self.change(participant_id, now, self_report_at=None)

    async def drop_report(self, user_id: int) -> None:
        await self._connection.execute(
            delete(self_reports).where(self_reports.c.user_id == user_id)
        )
