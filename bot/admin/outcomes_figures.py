"""The figures a centre reports, from outcome records: per cohort, programme and centre and in
all, broken down by age band, career break and sex, each cell suppressed below 5 people.

Rates (each rounded half up to a whole per cent):
- 수료율: completed ÷ participants (participants: everyone who enrolled);
- 취업률 (수료자 중): completers employed ÷ completed; 취업률 (참여자 중): employed ÷ participants;
- 3·6개월 내 취업: employed at most 3 / 6 months after the cohort's last day ÷ participants;
- 상용직·고용보험 비율: of the employed; 6개월 고용유지율: still employed ÷ followed up at 6 months.
A count of 1 to 4 people, and a rate made of such a count, shows "5명 미만".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from storage.records import Scope
from storage.repositories.outcomes_records import (
    AGE_BANDS,
    Counts,
    OutcomeCohort,
    Participant,
    count_one,
)

SMALL = 5
FEW = "5명 미만"
NONE = "—"
AGE_NAMES = {band: f"{band[:-1]}대" for band in AGE_BANDS} | {None: "미입력"}
BREAK_NAMES = {True: "경력단절", False: "경력단절 아님", None: "미입력"}
SEX_NAMES = {"F": "여성", "M": "남성", None: "기록 없음"}
# (heading, how a Counts gives it): a count, or a rate (numerator, denominator).
COLUMNS = (
    ("참여자", "participants", None),
    ("수료", "completed", None),
    ("수료율", "completed", "participants"),
    ("취업", "employed", None),
    ("취업률 (수료자 중)", "employed_completers", "completed"),
    ("취업률 (참여자 중)", "employed", "participants"),
    ("3개월 내 취업", "within_3m", "participants"),
    ("6개월 내 취업", "within_6m", "participants"),
    ("상용직 비율", "regular", "employed"),
    ("고용보험 비율", "insured", "employed"),
    ("6개월 고용유지율", "retained_6m", "followed_6m"),
)
HEADINGS = tuple(heading for heading, _n, _d in COLUMNS)


def count_cell(value: int) -> str:
    return FEW if 0 < value < SMALL else str(value)


def percent(numerator: int, denominator: int) -> int | None:
    return (200 * numerator + denominator) // (2 * denominator) if denominator else None


def rate_cell(numerator: int, denominator: int) -> str:
    if not denominator:
        return NONE
    if 0 < numerator < SMALL or denominator < SMALL:
        return FEW
    return f"{percent(numerator, denominator)}%"


def cells(counts: Counts) -> list[str]:
    """One row of figures as shown (and exported)."""
    shown = []
    for _heading, numerator, denominator in COLUMNS:
        top = getattr(counts, numerator)
        shown.append(
            count_cell(top) if denominator is None else rate_cell(top, getattr(counts, denominator))
        )
    return shown


@dataclass(frozen=True)
class Row:
    level: str  # 전체, 센터, 프로그램, 기수
    label: str
    counts: Counts
    cohort_id: int | None = None

    @property
    def cells(self) -> list[str]:
        return cells(self.counts)


@dataclass(frozen=True)
class Figures:
    rows: list[Row]  # in all, then each centre, programme and cohort
    breakdowns: dict[str, list[Row]]  # by age band, career break, sex (live records only)
    anonymous: Counts  # of deleted participants, within the rows, not the breakdowns
    published: set[int]  # cohorts built from published figures

    @property
    def total(self) -> Counts:
        return self.rows[0].counts


def figures(
    cohorts: list[OutcomeCohort], people: list[Participant], anonymous: dict[int, Counts]
) -> Figures:
    ends = {cohort.id: cohort.ends_on for cohort in cohorts}
    per_cohort: dict[int, Counts] = defaultdict(Counts)
    for cohort_id, counts in anonymous.items():
        per_cohort[cohort_id] = per_cohort[cohort_id] + counts
    for person in people:
        per_cohort[person.cohort_id] = per_cohort[person.cohort_id] + count_one(
            person, ends.get(person.cohort_id)
        )
    rows = _levels(cohorts, per_cohort)
    breakdowns = {
        "나이대": _by(people, ends, lambda p: p.age_band, AGE_NAMES),
        "경력단절": _by(people, ends, lambda p: p.career_break, BREAK_NAMES),
        "성별": _by(people, ends, lambda p: p.sex, SEX_NAMES),
    }
    kept = sum(anonymous.values(), Counts())
    published = {person.cohort_id for person in people if person.source == "published"}
    return Figures(rows, breakdowns, kept, published)


def _levels(cohorts: list[OutcomeCohort], per_cohort: dict[int, Counts]) -> list[Row]:
    total = sum((per_cohort[c.id] for c in cohorts), Counts())
    centres: dict[int, tuple[str, Counts]] = {}
    programmes: dict[int, tuple[str, Counts]] = {}
    for cohort in cohorts:
        counts = per_cohort[cohort.id]
        name, before = centres.get(cohort.centre_id, (cohort.centre, Counts()))
        centres[cohort.centre_id] = (name, before + counts)
        title = f"{cohort.centre} · {cohort.programme}"
        name, before = programmes.get(cohort.programme_id, (title, Counts()))
        programmes[cohort.programme_id] = (name, before + counts)
    return (
        [Row("전체", "전체", total)]
        + [Row("센터", name, counts) for name, counts in centres.values()]
        + [Row("프로그램", name, counts) for name, counts in programmes.values()]
        + [Row("기수", c.label, per_cohort[c.id], c.id) for c in cohorts]
    )


def _by(people, ends, key, names: dict) -> list[Row]:
    groups: dict = defaultdict(Counts)
    for person in people:
        groups[key(person)] = groups[key(person)] + count_one(person, ends.get(person.cohort_id))
    return [Row("", label, groups[value]) for value, label in names.items() if value in groups]


@dataclass(frozen=True)
class Period:
    first: date
    last: date


async def gather(uow, scope: Scope, period: Period):
    """(cohorts, participants, figures) of her cohorts that ended within the period."""
    cohorts = await uow.outcomes.cohorts(scope, period.first, period.last)
    ids = [cohort.id for cohort in cohorts]
    people = await uow.outcomes.participants_of(ids)
    anonymous = await uow.outcomes.anonymous_counts(ids)
    return cohorts, people, figures(cohorts, people, anonymous)


def period_of(query, today: date) -> Period:
    """The period asked for (`from`, `to`), by default the year up to today; a wrong date is
    the default."""
    first = _day(query.get("from")) or today - timedelta(days=365)
    last = _day(query.get("to")) or today
    return Period(first, last) if first <= last else Period(last, first)


def _day(text) -> date | None:
    try:
        return date.fromisoformat(str(text or "")[:10])
    except ValueError:
        return None
