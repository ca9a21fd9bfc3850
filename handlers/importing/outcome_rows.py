"""Rows of our own outcomes file: one participant of one cohort and what became of her.

The cohort is named by its key (shown on the cohort's outcome page as 기수 코드); a participant
by the centre's own number within it. Codes may be written in English or Korean: status
applied/enrolled/completed/dropped/early (신청, 수강, 수료, 중도포기, 조기취업), job_kind
regular/temporary/daily (상용, 임시, 일용), evidence self/insurance/certificate (본인,
4대보험, 재직증명서), yes/no (예/아니요, y/n, 1/0), sex F/M (여/남), age_band 20s…60s (20대…).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, tzinfo

from handlers.importing.cells import Cells
from storage.repositories.outcomes_records import RECORDED

OUTCOME_COLUMNS = (("cohort", "number", "status"), RECORDED[1:])
STATUS_WORDS = {
    **{code: code for code in ("applied", "enrolled", "completed", "dropped", "early")},
    "신청": "applied",
    "수강": "enrolled",
    "수료": "completed",
    "중도포기": "dropped",
    "중도탈락": "dropped",
    "조기취업": "early",
}
KIND_WORDS = {
    **{code: code for code in ("regular", "temporary", "daily")},
    "상용": "regular",
    "임시": "temporary",
    "일용": "daily",
}
EVIDENCE_WORDS = {
    **{code: code for code in ("self", "insurance", "certificate")},
    "본인": "self",
    "4대보험": "insurance",
    "재직증명서": "certificate",
}
YES_WORDS = {"yes": True, "y": True, "1": True, "예": True, "true": True}
NO_WORDS = {"no": False, "n": False, "0": False, "아니요": False, "false": False}
SEX_WORDS = {"f": "F", "m": "M", "여": "F", "남": "M", "여성": "F", "남성": "M"}
AGE_WORDS = {f"{n}0s": f"{n}0s" for n in range(2, 7)} | {f"{n}0대": f"{n}0s" for n in range(2, 7)}
JOB_DETAILS = ("employer", "job_kind", "job_hours", "evidence")


@dataclass(frozen=True)
class OutcomeRow:
    row: int = field(compare=False)
    cohort: str
    number: str
    values: tuple[tuple[str, object], ...]  # the participant's columns, in file order

    @property
    def identity(self) -> str:
        return f"{self.cohort}#{self.number}"


def _code(cells: Cells, column: str, words: dict, *, required: bool = False):
    text = cells.text(column, required=required)
    if text is None:
        return None
    found = words.get(text.replace(" ", "").lower())
    if found is None:
        allowed = ", ".join(dict.fromkeys(str(key) for key in words))
        cells.problem(f'{column} "{text}" is not one of {allowed}')
    return found


def _flag(cells: Cells, column: str) -> bool | None:
    return _code(cells, column, YES_WORDS | NO_WORDS)


def outcome(cells: Cells, tz: tzinfo) -> OutcomeRow | None:
    cohort = cells.text("cohort", required=True)
    number = cells.text("number", required=True)
    if number is not None and len(number) > 40:
        cells.problem("number is longer than 40 characters")
    status = _code(cells, "status", STATUS_WORDS, required=True)
    job_start: date | None = cells.day("job_start")
    values = {
        "status": status,
        "finished_on": cells.day("finished_on"),
        "age_band": _code(cells, "age_band", AGE_WORDS),
        "career_break": _flag(cells, "career_break"),
        "sex": _code(cells, "sex", SEX_WORDS),
        "job_start": job_start,
        "employer": cells.text("employer"),
        "job_kind": _code(cells, "job_kind", KIND_WORDS),
        "job_hours": cells.integer("job_hours"),
        "insured": _flag(cells, "insured"),
        "evidence": _code(cells, "evidence", EVIDENCE_WORDS),
        "follow_3m": _flag(cells, "follow_3m"),
        "follow_6m": _flag(cells, "follow_6m"),
        "follow_12m": _flag(cells, "follow_12m"),
    }
    if job_start is None and any(values[name] is not None for name in JOB_DETAILS):
        cells.problem("employer, job_kind, job_hours or evidence is given without a job_start")
    if status == "early" and job_start is None:
        cells.problem("status early (left for a job) needs a job_start")
    if values["job_hours"] is not None and values["job_hours"] > 80:
        cells.problem("job_hours is a week's hours; at most 80")
    if cells.problems:
        return None
    return OutcomeRow(cells.row.number, cohort, number, tuple(values.items()))
