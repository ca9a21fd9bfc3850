"""`import_file --kind outcomes`: the sample imports into the demo's cohorts, a second import
changes nothing, and one bad row (or an unknown cohort) changes nothing and is named by its
row number. On SQLite and PostgreSQL (the `engine` fixture)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from handlers.importing import Tally, import_file
from storage.demo import load_demo
from storage.tables import participants
from storage.uow import UnitOfWork

SEOUL = ZoneInfo("Asia/Seoul")
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "outcomes.csv"


@pytest.fixture
async def demo(engine):
    async with UnitOfWork(engine) as uow:
        await load_demo(uow, date(2026, 12, 6), SEOUL)
        await uow.commit()
    return engine


async def run(engine, path: Path, kind: str | None = "outcomes"):
    async with UnitOfWork(engine) as uow:
        report = await import_file(uow, path, kind, SEOUL)
        if report.ok:
            await uow.commit()
    return report


async def stored(engine) -> dict[str, dict]:
    async with engine.connect() as connection:
        found = await connection.execute(select(participants))
        return {row["number"]: dict(row) for row in found.mappings()}


async def test_the_sample_imports_and_a_second_import_changes_nothing(demo):
    report = await run(demo, SAMPLE, kind=None)  # the kind is told by its columns

    assert report.ok, report.errors
    assert report.kind == "outcomes"
    assert report.tallies == {"participants": Tally(added=4)}
    found = await stored(demo)
    assert found["2027-001"]["status"] == "enrolled"
    assert (found["2027-001"]["age_band"], found["2027-001"]["sex"]) == ("40s", "F")
    assert found["2027-003"]["status"] == "applied"
    assert found["2027-003"]["career_break"] is False
    early = found["2027-004"]
    assert (early["status"], early["job_kind"], early["evidence"]) == (
        "early",
        "regular",
        "certificate",
    )
    assert early["insured"] is True and early["source"] == "import"

    again = await run(demo, SAMPLE)
    assert again.tallies == {"participants": Tally(unchanged=4)}


async def test_one_bad_row_changes_nothing_and_each_is_named_by_its_row(demo, tmp_path):
    before = await stored(demo)
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("enrolled", "graduated")  # row 3
    lines[4] = lines[4].replace("2027-01-25", "")  # row 5: early without a job start
    lines.append("demo:nowhere:cohort,9,수강" + "," * 13)  # row 6: a cohort nobody has
    bad = tmp_path / "outcomes.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = await run(demo, bad)

    assert not report.ok
    rows = sorted({error.row for error in report.errors})
    assert rows == [3, 5]  # the cohorts are looked up once every row reads well
    assert any('status "graduated"' in error.reason for error in report.errors)
    assert await stored(demo) == before

    lines[2] = lines[2].replace("graduated", "enrolled")
    lines[4] = SAMPLE.read_text(encoding="utf-8").splitlines()[4]
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = await run(demo, bad)
    assert [(e.row, e.reason) for e in report.errors] == [
        (6, 'cohort "demo:nowhere:cohort" is not a cohort key we know')
    ]
    assert await stored(demo) == before


async def test_ilteo_import_kind_outcomes_prints_the_rows_and_counts(with_demo, tmp_path):
    code, out, _err = await with_demo("import", str(SAMPLE), "--kind", "outcomes")
    assert code == 0, out
    assert "participants' outcomes" in out and "participants" in out

    bad = tmp_path / "outcomes.csv"
    bad.write_text(SAMPLE.read_text(encoding="utf-8").replace("수강", "졸업"), encoding="utf-8")
    code, out, _err = await with_demo("import", str(bad), "--kind", "outcomes")
    assert code == 1
    assert "Nothing was imported" in out and "row 2: status" in out
