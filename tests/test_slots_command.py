"""`ilteo slots generate`, `ilteo closures add` and the slots of `ilteo demo load`, run through
`main` as an operator runs them, on SQLite and on PostgreSQL (the `database_url` fixture).

The dates are real: in 2026 개천절 (3 October) falls on a Saturday, so Monday 5 October is its
substitute holiday, and 한글날 is Friday 9 October — as the `holidays` package says.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import func, select

from storage.database import create_engine
from storage.migrate import upgrade
from storage.tables import bus_visits, centres, closures, slots
from tests.cli import all_rows, scalar

SEOUL = ZoneInfo("Asia/Seoul")
KR_2026 = holidays.country_holidays("KR", years=2026, language="ko")
SUBSTITUTE = date(2026, 10, 5)  # 개천절 대체 휴일, a Monday
HANGUL_DAY = date(2026, 10, 9)  # 한글날, a Friday
CLOSURE = date(2026, 10, 7)  # a Wednesday the test closes
OPEN_DAYS = {date(2026, 10, 2), date(2026, 10, 6), date(2026, 10, 8)}
SLOTS_A_DAY = 16  # 09:00–18:00 every 30 minutes, less the 12–13 lunch hour


async def centre_id(url: str, key: str) -> int:
    return await scalar(url, select(centres.c.id).where(centres.c.key == key))


async def slot_days(url: str, **place) -> dict[date, int]:
    query = select(slots.c.starts_at).where(*(slots.c[k] == v for k, v in place.items()))
    days: dict[date, int] = {}
    for (starts_at,) in await all_rows(url, query):
        day = starts_at.astimezone(SEOUL).date()
        days[day] = days.get(day, 0) + 1
    return days


async def slots_by_mode(url: str) -> dict[str, int]:
    return dict(await all_rows(url, select(slots.c.mode, func.count()).group_by(slots.c.mode)))


def test_the_dates_are_the_real_2026_holidays():
    assert "대체" in KR_2026[SUBSTITUTE] and SUBSTITUTE.weekday() == 0
    assert KR_2026[HANGUL_DAY] == "한글날" and HANGUL_DAY.weekday() == 4
    assert CLOSURE not in KR_2026 and CLOSURE.weekday() == 2


async def test_slots_skip_weekends_holidays_and_closures(with_demo):
    ilteo = with_demo
    gwangmyeong = await centre_id(ilteo.url, "demo:gwangmyeong")

    code, out, _ = await ilteo(
        "closures", "add", str(CLOSURE), "--centre", str(gwangmyeong), "--reason", "개소기념일"
    )
    assert code == 0
    assert out.strip() == f"Closed {CLOSURE} for 광명시여성새일센터 (개소기념일)."

    argv = (
        "slots",
        "generate",
        "--centre",
        str(gwangmyeong),
        "--from",
        "2026-10-02",
        "--to",
        "2026-10-09",
        "--capacity",
        "2",
    )
    code, out, _ = await ilteo(*argv)

    assert code == 0, out
    assert f"  added           {SLOTS_A_DAY * 3:>6}" in out
    assert f"  {SUBSTITUTE} {KR_2026[SUBSTITUTE]} (holiday)" in out
    assert f"  {HANGUL_DAY} 한글날 (holiday)" in out
    assert f"  {CLOSURE} 개소기념일 (closure)" in out
    assert "  2026-10-04" in out and "  2026-10-03" in out  # the weekend
    assert await slot_days(ilteo.url, centre_id=gwangmyeong) == dict.fromkeys(
        OPEN_DAYS, SLOTS_A_DAY
    )

    code, out, _ = await ilteo(*argv)

    assert code == 0
    assert f"  added           {0:>6}" in out
    assert f"  already there   {SLOTS_A_DAY * 3:>6}" in out
    assert await scalar(ilteo.url, select(func.count()).select_from(slots)) == SLOTS_A_DAY * 3


async def test_phone_slots_sit_beside_visit_slots(with_demo):
    ilteo = with_demo
    wanju = await centre_id(ilteo.url, "demo:wanju")
    common = (
        "slots",
        "generate",
        "--centre",
        str(wanju),
        "--from",
        "2026-10-06",
        "--to",
        "2026-10-06",
    )

    assert (await ilteo(*common))[0] == 0
    code, out, _ = await ilteo(*common, "--mode", "phone", "--every", "1h")

    assert code == 0
    assert f"  added           {8:>6}" in out  # 9–12 and 13–18, hourly
    assert await slots_by_mode(ilteo.url) == {"visit": SLOTS_A_DAY, "phone": 8}


async def test_a_closure_without_a_centre_closes_every_centre(with_demo):
    ilteo = with_demo
    code, out, _ = await ilteo("closures", "add", "2026-10-06", "--reason", "임시 휴무")
    assert (code, out.strip()) == (0, "Closed 2026-10-06 for every centre (임시 휴무).")
    code, out, _ = await ilteo("closures", "add", "2026-10-06")
    assert code == 0
    assert out.strip() == "2026-10-06 was already closed for every centre; nothing changed."

    for key in ("demo:gwangmyeong", "demo:wanju", "demo:daejeon"):
        number = await centre_id(ilteo.url, key)
        code, out, _ = await ilteo(
            "slots",
            "generate",
            "--centre",
            str(number),
            "--from",
            "2026-10-05",
            "--to",
            "2026-10-06",
        )
        assert code == 0
        assert "  2026-10-06 임시 휴무 (closure)" in out
        assert f"  added           {0:>6}" in out
    assert await all_rows(ilteo.url, select(closures.c.centre_id)) == [(None,)]


async def test_bus_visit_slots_cover_the_visit_hours(with_demo):
    ilteo = with_demo
    visit_id, starts_at, ends_at = (
        await all_rows(
            ilteo.url,
            select(bus_visits.c.id, bus_visits.c.starts_at, bus_visits.c.ends_at)
            .order_by(bus_visits.c.starts_at)
            .limit(1),
        )
    )[0]
    day = str(starts_at.astimezone(SEOUL).date())
    argv = (
        "slots",
        "generate",
        "--visit",
        str(visit_id),
        "--from",
        day,
        "--to",
        day,
        "--capacity",
        "3",
    )

    code, out, _ = await ilteo(*argv)

    assert code == 0, out
    assert f"  added           {14:>6}" in out  # 10:00–17:00, every 30 minutes
    found = await all_rows(ilteo.url, select(slots).order_by(slots.c.starts_at))
    assert {(s.mode, s.visit_id, s.centre_id, s.capacity) for s in found} == {
        ("bus", visit_id, None, 3)
    }
    assert (found[0].starts_at, found[-1].ends_at) == (starts_at, ends_at)
    assert f"  added           {0:>6}" in (await ilteo(*argv))[1]

    before = str(starts_at.astimezone(SEOUL).date() - timedelta(days=1))
    code, out, _ = await ilteo(
        "slots", "generate", "--visit", str(visit_id), "--from", before, "--to", before
    )
    assert code == 0
    assert out.startswith("No slots: bus visit")


async def test_bad_requests_exit_one_and_change_nothing(with_demo):
    ilteo = with_demo
    bus_centre = await centre_id(ilteo.url, "demo:seoul-bus")
    week = ("--from", "2026-10-05", "--to", "2026-10-09")
    cases = [
        (("--centre", "999", *week), "There is no centre 999."),
        (("--visit", "999", *week), "There is no bus visit 999."),
        (("--centre", "1", "--from", "2026-02-30", "--to", "2026-03-02"), "'2026-02-30' is not"),
        (("--centre", "1", "--from", "2026-10-09", "--to", "2026-10-05"), "is before --from"),
        (("--centre", "1", *week, "--every", "half"), "'half' is not a duration"),
        (("--centre", "1", *week, "--capacity", "0"), "Capacity must be 1 or more"),
        (("--centre", str(bus_centre), *week), "has no opening hours"),
    ]
    for argv, message in cases:
        code, out, err = await ilteo("slots", "generate", *argv)
        assert (code, out) == (1, ""), argv
        assert message in err, (argv, err)
    code, _, err = await ilteo("closures", "add", "2026-10-07", "--centre", "999")
    assert code == 1 and "no centre 999" in err
    assert await scalar(ilteo.url, select(func.count()).select_from(slots)) == 0
    assert await scalar(ilteo.url, select(func.count()).select_from(closures)) == 0


async def test_an_old_schema_exits_three(ilteo):
    code, _, err = await ilteo(
        "slots", "generate", "--centre", "1", "--from", "2026-10-05", "--to", "2026-10-09"
    )
    assert code == 3 and "ilteo db upgrade" in err


async def test_demo_load_adds_slots_once(ilteo):
    engine = create_engine(ilteo.url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    count = select(func.count()).select_from(slots)

    code, out, _ = await ilteo("demo", "load")
    first = await scalar(ilteo.url, count)
    modes = await slots_by_mode(ilteo.url)

    assert code == 0
    assert f"; {first} slots added, 0 already there" in out
    assert set(modes) == {"visit", "phone", "bus"}
    assert modes["bus"] == 8 * 14  # eight Thursday visits, 10:00–17:00 every 30 minutes

    code, out, _ = await ilteo("demo", "load")

    assert code == 0
    assert f"; 0 slots added, {first} already there" in out
    assert await scalar(ilteo.url, count) == first
