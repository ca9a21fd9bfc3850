"""`import_file`: the samples import, a re-import changes nothing, a bad file changes nothing.

Every test runs on a fresh SQLite and a fresh PostgreSQL database (the `engine` fixture), through
the real repositories; the files are `../shared/samples/` and variants written from them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from handlers.importing import ImportReport, Tally, UnreadableFile, import_file
from storage.demo import ZONES, load_demo
from storage.tables import bus_sites, bus_visits, bus_zones, centres, cohorts, programmes
from storage.uow import UnitOfWork
from tests.requirements import skip_or_fail

SEOUL = ZoneInfo("Asia/Seoul")
SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
SAMPLE_KINDS = {
    "hrd-courses.csv": "hrd-courses",
    "hrd-courses.json": "hrd-courses",
    "saeil-centres.csv": "saeil-centres",
    "saeil-courses.csv": "saeil-courses",
    "bus-visits.csv": "bus-visits",
}
TABLES = (centres, programmes, cohorts, bus_zones, bus_sites, bus_visits)


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        skip_or_fail(f"the import samples are not at {SAMPLES}")
    return SAMPLES


async def run(engine, path: Path, kind: str | None = None) -> ImportReport:
    """Imports as `ilteo import` does: one unit of work, committed only when every row is good."""
    async with UnitOfWork(engine) as uow:
        report = await import_file(uow, path, kind, SEOUL)
        if report.ok:
            await uow.commit()
    return report


async def rows(engine, table) -> list[dict]:
    async with engine.connect() as connection:
        result = await connection.execute(select(table).order_by(table.c.id))
        return [dict(row) for row in result.mappings().all()]


async def by_key(engine, table) -> dict[str, dict]:
    return {row["key"]: row for row in await rows(engine, table)}


async def snapshot(engine) -> dict[str, list[dict]]:
    return {table.name: await rows(engine, table) for table in TABLES}


def variant(tmp_path: Path, sample: Path, replace: dict[str, str], name: str | None = None) -> Path:
    """A copy of a UTF-8 sample with some text replaced."""
    text = sample.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / (name or sample.name)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", SAMPLE_KINDS)
async def test_every_sample_file_imports_as_its_kind(engine, samples, name):
    report = await run(engine, samples / name)

    assert report.ok, report.errors
    assert report.kind == SAMPLE_KINDS[name]  # guessed from the columns: no --kind given
    assert report.rows > 0
    last = list(report.tallies.values())[-1]  # cohorts, centres or visits: one per row
    assert last == Tally(added=report.rows)


@pytest.mark.parametrize("name", SAMPLE_KINDS)
async def test_importing_a_file_twice_reports_everything_unchanged(engine, samples, name):
    await run(engine, samples / name)
    before = await snapshot(engine)

    again = await run(engine, samples / name)

    assert again.ok
    assert all(t.added == t.changed == 0 and t.unchanged > 0 for t in again.tallies.values())
    assert await snapshot(engine) == before


async def test_hrd_course_fields_map_to_the_catalogue(engine, samples):
    await run(engine, samples / "hrd-courses.csv")
    await run(engine, samples / "hrd-courses.json")

    stored_programmes = await by_key(engine, programmes)
    stored_cohorts = await by_key(engine, cohorts)
    call_centre = stored_programmes["hrd:AIG20260000001"]
    assert call_centre["cost"] == "185만 원 (자부담 37만 원)"
    assert call_centre["fields"] == ["call_centre"]
    assert call_centre["audience"] == "job_seekers"
    assert stored_programmes["hrd:AIG20260000003"]["cost"] == "무료"
    assert stored_programmes["hrd:AIG20260000005"]["audience"] == "employed"  # 재직자
    assert stored_programmes["hrd:AIG20260000004"]["fields"] == ["startup", "design"]
    cohort = stored_cohorts["hrd:AIG20260000001:3"]
    assert (cohort["number"], cohort["capacity"], cohort["seats_left"]) == (3, 24, None)
    institution = {c["name"]: c for c in await rows(engine, centres)}["예시직업전문학교"]
    assert (institution["sido"], institution["sigungu"]) == ("경기도", "광명시")


async def test_dates_written_yyyymmdd_are_read(engine, samples):
    await run(engine, samples / "hrd-courses.csv")
    await run(engine, samples / "saeil-courses.csv")

    stored = await by_key(engine, cohorts)
    assert stored["hrd:AIG20260000003:2"]["starts_on"] == date(2027, 3, 16)
    assert stored["hrd:AIG20260000003:2"]["ends_on"] == date(2027, 4, 30)
    incheon = stored["saeil:인천:인천광역새일센터(예시):사무행정 실무자 과정:2027-04-06"]
    assert incheon["ends_on"] == date(2027, 5, 29)


async def test_seats_left_come_from_registrations_when_the_file_has_them(engine, samples, tmp_path):
    path = variant(
        tmp_path,
        samples / "hrd-courses.csv",
        {
            "yardMan,titleLink": "yardMan,regCourseMan,titleLink",
            ",24,https": ",24,19,https",
            ",18,https": ",18,,https",
            ",20,https": ",20,25,https",
        },
    )

    assert (await run(engine, path)).ok

    stored = await by_key(engine, cohorts)
    assert stored["hrd:AIG20260000001:3"]["seats_left"] == 5
    assert stored["hrd:AIG20260000002:1"]["seats_left"] is None  # registrations not given
    assert stored["hrd:AIG20260000003:2"]["seats_left"] == 0  # over-subscribed, not negative


async def test_a_changed_value_is_reported_as_changed(engine, samples, tmp_path):
    await run(engine, samples / "hrd-courses.csv")
    changed = variant(
        tmp_path, samples / "hrd-courses.csv", {",1850000,370000,24,": ",1850000,370000,30,"}
    )

    report = await run(engine, changed)

    assert report.tallies["cohorts"] == Tally(changed=1, unchanged=2)
    assert report.tallies["programmes"] == Tally(unchanged=3)
    assert (await by_key(engine, cohorts))["hrd:AIG20260000001:3"]["capacity"] == 30


async def test_a_file_with_one_bad_row_changes_nothing_and_names_the_row(engine, samples, tmp_path):
    await run(engine, samples / "hrd-courses.csv")
    before = await snapshot(engine)
    bad = variant(
        tmp_path,
        samples / "hrd-courses.csv",
        {
            ",1850000,370000,24,": ",1850000,370000,30,",  # a good change, on row 2
            "2027-03-09,2027-05-21": "2027-03-09,2027-02-21",  # row 3 ends before it starts
        },
    )

    report = await run(engine, bad)

    assert not report.ok
    assert [(e.row, e.reason) for e in report.errors] == [
        (3, "traEndDate 2027-02-21 is before traStartDate 2027-03-09")
    ]
    assert report.tallies == {}
    assert await snapshot(engine) == before


async def test_every_bad_row_is_reported_with_its_reason(engine, samples, tmp_path):
    bad = variant(
        tmp_path,
        samples / "bus-visits.csv",
        {
            "2027-03-11,10:00,17:00,동남권": "2027-03-11,10:00,9:6,동남권",
            "동북권,동대문구": "동북권,마포구",
            "37.5683,126.8974": "126.8974,37.5683",
            '"job,interview"': '"job,lunch"',
        },
    )

    report = await run(engine, bad)

    reasons = {(e.row, e.reason.split(" ")[0]) for e in report.errors}
    assert reasons == {(3, "end"), (4, "district"), (5, "latitude"), (5, "services:")}
    assert await snapshot(engine) == {table.name: [] for table in TABLES}


async def test_a_json_record_is_named_by_its_number(engine, samples, tmp_path):
    bad = variant(tmp_path, samples / "hrd-courses.json", {'"trprDegr": "7"': '"trprDegr": "칠"'})

    report = await run(engine, bad)

    assert [(report.unit, e.row) for e in report.errors] == [("record", 2)]
    assert 'trprDegr "칠" is not a whole number' in report.errors[0].reason


async def test_a_cp949_file_is_read_as_korean(engine, samples):
    report = await run(engine, samples / "saeil-centres.csv")

    assert report.encoding == "CP949"
    stored = await by_key(engine, centres)
    centre = stored["saeil:경기:광명시:광명여성새로일하기센터(예시)"]
    assert (centre["sido"], centre["phone"], centre["address"]) == (
        "경기도",
        "02-000-1001",
        "경기도 광명시 예시로 10",
    )


async def test_a_utf8_file_with_a_byte_order_mark_is_read(engine, samples, tmp_path):
    path = tmp_path / "bus.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (samples / "bus-visits.csv").read_bytes())

    report = await run(engine, path)

    assert (report.ok, report.kind, report.encoding) == (True, "bus-visits", "UTF-8 with BOM")


async def test_an_unknown_header_is_explained(engine, tmp_path):
    path = tmp_path / "mystery.csv"
    path.write_text("이름,전화\n홍길동,010-0000-0000\n", encoding="utf-8")

    with pytest.raises(UnreadableFile) as raised:
        await run(engine, path)

    message = str(raised.value)
    assert "Cannot tell what kind of file mystery.csv is" in message
    assert "이름, 전화" in message and "--kind" in message


async def test_a_file_missing_a_required_column_is_rejected_at_the_header(
    engine, samples, tmp_path
):
    path = variant(tmp_path, samples / "bus-visits.csv", {",services,": ",servicez,"})

    report = await run(engine, path, kind="bus-visits")

    assert [(e.row, e.reason) for e in report.errors] == [
        (1, "the file has no services column(s), which bus-visits needs")
    ]


async def test_a_saeil_course_file_before_the_centres_file_leaves_one_centre_each(engine, samples):
    await run(engine, samples / "saeil-courses.csv")
    report = await run(engine, samples / "saeil-centres.csv")

    assert report.tallies["centres"] == Tally(changed=3)  # the course file's centres, completed
    saeil = [c for c in await rows(engine, centres) if c["source"] == "saeil"]
    assert sorted(c["sigungu"] for c in saeil) == ["광명시", "연수구", "완주군"]
    again = await run(engine, samples / "saeil-courses.csv")
    assert again.tallies["centres"] == Tally(unchanged=3)
    assert again.tallies["programmes"] == Tally(unchanged=3)


async def test_bus_visits_on_an_empty_database_create_the_five_zones(engine, samples):
    report = await run(engine, samples / "bus-visits.csv")

    assert report.tallies["zones"] == Tally(added=5)
    zones = {z["name"]: z["districts"] for z in await rows(engine, bus_zones)}
    assert zones == {zone.name: list(zone.districts) for zone in ZONES}
    visit = (await by_key(engine, bus_visits))["bus:2027-03-04:가산디지털단지 패션아일랜드 앞"]
    assert visit["starts_at"] == datetime(2027, 3, 4, 1, 0, tzinfo=UTC)  # 10:00 in Seoul
    assert visit["services"] == ["job", "startup", "aptitude", "interview"]


async def test_bus_visits_after_the_demo_reuse_its_zones_and_sites(engine, samples):
    async with UnitOfWork(engine) as uow:
        await load_demo(uow, date(2027, 1, 4), SEOUL)
        await uow.commit()

    report = await run(engine, samples / "bus-visits.csv")

    assert report.tallies["zones"] == Tally(unchanged=5)
    assert report.tallies["sites"] == Tally(changed=4)  # the file's addresses and pins
    sites = await rows(engine, bus_sites)
    assert len(sites) == 4
    garden_five = next(site for site in sites if site["name"] == "가든파이브")
    assert garden_five["key"] == "demo:bus:garden-five"
    assert garden_five["address"] == "서울특별시 송파구 예시로 2"


async def test_a_file_that_is_neither_utf8_nor_cp949_is_refused(engine, tmp_path):
    path = tmp_path / "courses.csv"
    path.write_bytes(b"trprId,trprDegr\n\xff\xfe\xff,1\n")

    with pytest.raises(UnreadableFile, match="neither UTF-8 nor CP949"):
        await run(engine, path)
