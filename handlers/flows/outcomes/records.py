"""Recording a participant's path, the same from the chat and from the admin web.

A status that ends her course (completed, dropped, early) dates it today unless a day is
already recorded; leaving for a job (early) records the job as starting today when none is
recorded yet. Confirming her self-report records her job with her own word as evidence.
"""

from __future__ import annotations

from datetime import date, datetime

from storage.ports.stores import OutcomeStore
from storage.repositories.outcomes_records import STATUSES, Participant

ENDING = ("completed", "dropped", "early")


def status_values(person: Participant, status: str, today: date) -> dict:
    """The changes that moving `person` to `status` makes."""
    if status not in STATUSES:
        raise ValueError(status)
    values: dict = {"status": status}
    if status in ENDING:
        values["finished_on"] = person.finished_on or today
    else:
        values["finished_on"] = None
    if status == "early" and person.job_start is None:
        values["job_start"] = today
    return values


async def set_status(
    uow: OutcomeStore, person: Participant, status: str, today: date, now: datetime
) -> None:
    await uow.outcomes.change(person.id, now, **status_values(person, status, today))


async def confirm_self_report(
    uow: OutcomeStore, person: Participant, today: date, now: datetime
) -> None:
    """Her "취업했어요" is true: a job from the day she said so (unless one is recorded), on
    her own word (unless better evidence is recorded)."""
    said = person.self_report_at.date() if person.self_report_at else today
    values: dict = {"self_report_at": None, "job_start": person.job_start or said}
    values["evidence"] = person.evidence or "self"
    if person.status == "enrolled":  # she left the course for the job
        values.update(status_values(person, "early", today))
        values["job_start"] = person.job_start or said
    await uow.outcomes.change(person.id, now, **values)
