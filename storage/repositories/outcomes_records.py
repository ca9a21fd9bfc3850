"""Outcome records: a participant of a cohort and what became of her, and the counts a group of
participants adds up to (what the figures are made of, and what survives a deletion).

Her path: applied → enrolled → completed, dropped, or `early` (left for a job before
completing). She is employed when a job start is recorded (a self-report waits for staff
first). Within 3 and 6 months: the job started at most that long after her cohort's last day
(or her own last day when the cohort has none); a job before the end counts.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime

STATUSES = ("applied", "enrolled", "completed", "dropped", "early")
JOB_KINDS = ("regular", "temporary", "daily")
EVIDENCE = ("self", "insurance", "certificate")
AGE_BANDS = ("20s", "30s", "40s", "50s", "60s")
SEXES = ("F", "M")
# What staff record of a participant, in the order the exports and the import file use.
RECORDED = (
    "status",
    "finished_on",
    "age_band",
    "career_break",
    "sex",
    "job_start",
    "employer",
    "job_kind",
    "job_hours",
    "insured",
    "evidence",
    "follow_3m",
    "follow_6m",
    "follow_12m",
)


@dataclass(frozen=True, slots=True)
class Participant:
    id: int
    cohort_id: int
    number: str
    user_id: int | None
    status: str
    finished_on: date | None
    age_band: str | None
    career_break: bool | None
    sex: str | None
    job_start: date | None
    employer: str | None
    job_kind: str | None
    job_hours: int | None
    insured: bool | None
    evidence: str | None
    follow_3m: bool | None
    follow_6m: bool | None
    follow_12m: bool | None
    self_report_at: datetime | None
    source: str
    updated_at: datetime

    @property
    def takes_part(self) -> bool:
        """Enrolled at some point (an application alone does not count)."""
        return self.status != "applied"

    @property
    def employed(self) -> bool:
        return self.takes_part and self.job_start is not None


@dataclass(slots=True)
class Counts:
    """How many of a group: the numbers every figure is made of. Additive."""

    participants: int = 0
    completed: int = 0
    dropped: int = 0
    employed: int = 0
    employed_completers: int = 0
    within_3m: int = 0
    within_6m: int = 0
    regular: int = 0
    insured: int = 0
    followed_6m: int = 0  # a 6-month follow-up recorded
    retained_6m: int = 0  # still employed at it

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Counts)))

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(Counts)}


COUNT_NAMES = tuple(f.name for f in fields(Counts))


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    year, month = divmod(day.month - 1 + months, 12)
    following = date(day.year + year, month + 1, 1)
    for last in (31, 30, 29, 28):
        try:
            return following.replace(day=min(day.day, last))
        except ValueError:
            continue
    return following


def counts_of(people: list[Participant], cohort_ends: date | None) -> Counts:
    """What `people` of one cohort add up to."""
    counts = Counts()
    for person in people:
        counts = counts + count_one(person, cohort_ends)
    return counts


def count_one(person: Participant, cohort_ends: date | None) -> Counts:
    if not person.takes_part:
        return Counts()
    done = person.status == "completed"
    counts = Counts(participants=1, completed=int(done), dropped=int(person.status == "dropped"))
    if not person.employed:
        return counts
    end = cohort_ends or person.finished_on
    start = person.job_start
    counts.employed = 1
    counts.employed_completers = int(done)
    counts.within_3m = int(end is None or start <= add_months(end, 3))
    counts.within_6m = int(end is None or start <= add_months(end, 6))
    counts.regular = int(person.job_kind == "regular")
    counts.insured = int(bool(person.insured))
    counts.followed_6m = int(person.follow_6m is not None)
    counts.retained_6m = int(bool(person.follow_6m))
    return counts


@dataclass(frozen=True, slots=True)
class OutcomeCohort:
    """A cohort as the outcome pages name it: with its programme and centre."""

    id: int
    key: str
    number: int | None
    starts_on: date
    ends_on: date | None
    programme_id: int
    programme: str
    centre_id: int
    centre: str

    @property
    def label(self) -> str:
        first = f"{self.number}기 " if self.number else ""
        return f"{self.programme} {first}({self.starts_on.isoformat()})"


@dataclass(frozen=True, slots=True)
class SelfReport:
    """A "취업했어요" waiting for staff: of a participant linked to her, or (participant None)
    of a person no participant record is linked to yet."""

    user_id: int
    at: datetime
    participant: Participant | None
