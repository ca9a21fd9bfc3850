"""The pages staff use every day: bookings with attendance, slots and their generation,
closure days, the bus poster, and the dashboard; each change leaves an audit row."""

from __future__ import annotations

import re
from datetime import date, timedelta

import aiohttp
from sqlalchemy import func, select

from storage.tables import audit_log, bookings, bus_visits, slots
from tests.admin.client import AdminClient
from tests.admin.conftest import ADMIN, add_web_login
from tests.admin.seeding import booking_today, centre_with_hours
from tests.cli import all_rows, scalar
from tests.conftest import app_with_telegram, prepared_database


def next_monday() -> date:
    today = date.today()
    return today + timedelta(days=7 - today.weekday())


async def actions(site) -> list[tuple[str, dict]]:
    query = select(audit_log.c.action, audit_log.c.detail).order_by(audit_log.c.id)
    rows = await all_rows(site.settings.database_url, query)
    return [(action, detail) for action, detail in rows if action != "login"]


async def test_staff_mark_a_booking_attended_and_can_correct_it(admin_site, counsellor):
    booking_id = await booking_today(admin_site.database)
    page = await counsellor.get("/admin/bookings")
    assert f'id="b{booking_id}"' in page.text and "010-1234-5678" in page.text
    marked = await counsellor.post(
        f"/admin/bookings/{booking_id}/attendance", {"state": "attended"}
    )
    assert marked.status == 303 and marked.location == f"/admin/bookings#b{booking_id}"
    assert "출석으로 표시했어요" in (await counsellor.get("/admin/bookings")).shown
    await counsellor.post(f"/admin/bookings/{booking_id}/attendance", {"state": "no_show"})
    state = select(bookings.c.state).where(bookings.c.id == booking_id)
    assert await scalar(admin_site.settings.database_url, state) == "no_show"
    refused = await counsellor.post("/admin/bookings/999999/attendance", {"state": "attended"})
    assert "표시할 수 없어요" in (await counsellor.get(refused.location)).text
    assert [(a, d["state"]) for a, d in await actions(admin_site)] == [
        ("booking.mark", "attended"),
        ("booking.mark", "no_show"),
    ]


async def test_an_admin_generates_slots_and_again_adds_nothing(admin_site, admin):
    centre = await centre_with_hours(admin_site.database)
    first = next_monday()
    form = {
        "place": f"c{centre}",
        "first": first.isoformat(),
        "last": (first + timedelta(days=6)).isoformat(),
        "every": "60",
        "capacity": "2",
        "mode": "visit",
    }
    await admin.get("/admin/slots")
    page = await admin.post("/admin/slots/generate", form)
    assert page.status == 303 and f"place=c{centre}" in page.location
    shown = await admin.get(page.location)
    added = int(re.search(r"상담 시간 (\d+)개를 만들었어요", shown.text)[1])
    assert added > 0 and "주말·공휴일·휴무일" in shown.text
    assert shown.text.count("0 / 2") == min(added, shown.text.count("0 / 2"))
    count = select(func.count()).select_from(slots).where(slots.c.centre_id == centre)
    before = await scalar(admin_site.settings.database_url, count)
    again = await admin.get((await admin.post("/admin/slots/generate", form)).location)
    assert f"이미 있던 {added}개는 그대로" in again.text
    assert await scalar(admin_site.settings.database_url, count) == before
    wrong = await admin.post("/admin/slots/generate", {**form, "last": "2020-01-01"})
    assert wrong.status == 400 and "종료일이 시작일보다 빨라요" in wrong.text
    logged = await actions(admin_site)
    assert [(a, d["added"], d["place"]) for a, d in logged] == [
        ("slots.generate", added, f"c{centre}"),
        ("slots.generate", 0, f"c{centre}"),
    ]


async def test_an_admin_closes_a_day_once(admin_site, admin):
    centre = await centre_with_hours(admin_site.database)
    day = next_monday() + timedelta(days=1)
    await admin.get("/admin/closures")
    form = {"day": day.isoformat(), "centre": str(centre), "reason": "개소기념일"}
    page = await admin.get((await admin.post("/admin/closures", form)).location)
    assert "휴무일로 정했어요" in page.text and "개소기념일" in page.text
    page = await admin.get((await admin.post("/admin/closures", form)).location)
    assert "이미" in page.text
    assert [a for a, _d in await actions(admin_site)] == ["closure.add"]


async def test_the_bus_poster_links_the_visit_to_the_web_chat(admin_site, counsellor):
    visit = await scalar(admin_site.settings.database_url, select(func.min(bus_visits.c.id)))
    page = await counsellor.get(f"/admin/bus/{visit}/poster")
    assert page.status == 200
    assert f"http://127.0.0.1:8080/?do=bk:v:{visit}" in page.text
    assert page.text.count('<svg viewBox="0 0') == 1 and "t.me" not in page.text
    assert "<script" not in page.text


async def test_with_telegram_the_poster_has_a_second_qr_code(sqlite_url):
    await prepared_database(sqlite_url)
    await add_web_login(sqlite_url, *ADMIN, "admin")
    async with app_with_telegram(sqlite_url) as (app, _fake):
        visit = await scalar(sqlite_url, select(func.min(bus_visits.c.id)))
        client = AdminClient(app.url)
        await client.sign_in(*ADMIN)
        page = await client.get(f"/admin/bus/{visit}/poster")
        await client.close()
        port = app.url.rsplit(":", 1)[1]
    assert f"https://t.me/ilteo_bot?start=v{visit}" in page.text
    assert f"http://127.0.0.1:{port}/?do=bk:v:{visit}" in page.text
    assert page.text.count('<svg viewBox="0 0') == 2


async def test_the_dashboard_draws_its_charts_without_javascript(admin_site, counsellor):
    await booking_today(admin_site.database, "person-a", "경기도")
    await booking_today(admin_site.database, "person-b", "서울특별시")
    page = await counsellor.get("/admin/")
    assert page.status == 200 and "<script" not in page.text
    assert page.text.count('<svg class="chart"') == 3  # bookings, attendance, regions
    assert page.text.count("아직 자료가 없어요") == 2  # no programme was viewed, booked or followed
    assert "많이 본 프로그램" in page.text and "예약·구독이 많은 프로그램" in page.text
    assert "<title>지역별 사용자</title>" in page.text and ">경기도<" in page.text
    assert "출석률 —" in page.text


async def test_an_admin_adds_a_bus_visit_and_sees_it_in_the_audit_log(admin_site, admin):
    site_id = (await admin.get("/admin/bus/new")).text.split('<option value="', 2)[2].split('"')[0]
    form = aiohttp.FormData(
        {
            "site_id": site_id,
            "day": "2027-05-06",
            "start": "10:00",
            "end": "17:00",
            "phone": "1588-9142",
        }
    )
    form.add_field("services", "job")
    form.add_field("services", "interview")
    page = await admin.post("/admin/bus", form)
    assert page.status == 303 and page.location == "/admin/bus"
    listing = await admin.get("/admin/bus")
    assert "5월 6일 (목)" in listing.text and "취업 상담, 현장 면접" in listing.text
    wrong = await admin.post(
        "/admin/bus", {"site_id": site_id, "day": "2027-05-06", "start": "17:00", "end": "10:00"}
    )
    assert wrong.status == 400 and "끝 시간이 시작 시간보다 늦어야" in wrong.text
    [(action, detail)] = await actions(admin_site)
    assert action == "bus_visit.create" and detail["services"] == ["job", "interview"]
    assert detail["starts_at"] == "2027-05-06T10:00:00+09:00"
    log = await admin.get("/admin/audit")
    assert "bus_visit.create" in log.text and f"web:{ADMIN[0]}" in log.text
