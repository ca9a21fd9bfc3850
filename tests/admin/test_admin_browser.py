"""The admin web in a real headless Chromium, as a newly added staff member uses it: sign in,
add a cohort, generate slots, mark today's booking attended; screenshots of the dashboard and
of the bus poster go to artifacts/screenshots/."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.async_api import Page, expect
from sqlalchemy import func, select

from storage.tables import bus_visits
from tests.admin.conftest import add_web_login
from tests.admin.seeding import booking_today, centre_with_hours
from tests.channels.browser import DESKTOP, PHONE, new_page, screenshot_path
from tests.cli import scalar
from tests.conftest import prepared_database, running_app

NEWCOMER = ("park.newcomer", "first-day-password")


@pytest.fixture
async def site(sqlite_url):
    await prepared_database(sqlite_url)
    await add_web_login(sqlite_url, *NEWCOMER, "admin")
    async with running_app(database_url=sqlite_url) as app:
        yield app


async def sign_in(page: Page, url: str) -> None:
    await page.goto(url + "/admin/")
    await expect(page).to_have_url(url + "/admin/login?next=/admin/")
    await page.get_by_label("아이디").fill(NEWCOMER[0])
    await page.get_by_label("비밀번호").fill(NEWCOMER[1])
    await page.get_by_role("button", name="로그인").click()
    await expect(page.get_by_role("heading", name="대시보드")).to_be_visible()


async def test_a_new_staff_member_runs_a_day_in_the_admin_web(browser, site):
    booking = await booking_today(site.database, programme=True)
    await booking_today(site.database, "person-2", "서울특별시", programme=True)
    centre = await centre_with_hours(site.database)
    first = date.today() + timedelta(days=7 - date.today().weekday())
    async with new_page(browser, DESKTOP) as page:
        await page.goto(site.url + "/admin/login")
        await page.screenshot(path=screenshot_path("admin-1-login"))
        await sign_in(page, site.url)

        # A cohort for the first programme
        await page.get_by_role("link", name="프로그램·기수").click()
        await page.get_by_role("link", name="보기·수정").first.click()
        await page.get_by_role("link", name="기수 추가").click()
        await page.get_by_label("기수 번호").fill("7")
        await page.get_by_label("시작일").fill("2027-03-02")
        await page.get_by_label("종료일").fill("2027-04-28")
        await page.get_by_label("정원").fill("20")
        await page.get_by_label("남은 자리").fill("20")
        await page.get_by_label("시간대").select_option("morning")
        await page.get_by_role("button", name="저장").click()
        await expect(page.get_by_role("status")).to_contain_text("기수를 추가했어요")
        await expect(page.get_by_role("cell", name="7기")).to_be_visible()
        await page.screenshot(path=screenshot_path("admin-2-cohort"), full_page=True)

        # Slots at a centre for a week
        await page.get_by_role("link", name="상담 시간").click()
        generate = page.locator("form[action='/admin/slots/generate']")
        await generate.get_by_label("장소").select_option(f"c{centre}")
        await generate.get_by_label("시작일").fill(first.isoformat())
        await generate.get_by_label("종료일").fill((first + timedelta(days=4)).isoformat())
        await generate.get_by_label("상담 길이").select_option("60")
        await generate.get_by_label("한 시간대 정원").fill("2")
        await generate.get_by_role("button", name="만들기").click()
        await expect(page.get_by_role("status")).to_contain_text("개를 만들었어요")
        await expect(page.get_by_role("cell", name="0 / 2").first).to_be_visible()
        await page.screenshot(path=screenshot_path("admin-3-slots"), full_page=True)

        # Today's booking: she came
        await page.get_by_role("link", name="예약", exact=True).click()
        row = page.locator(f"#b{booking}")
        await row.get_by_role("button", name="출석").click()
        await expect(page.get_by_role("status")).to_contain_text("출석으로 표시했어요")
        await expect(page.locator(f"#b{booking} .state")).to_have_text("출석")
        await expect(
            page.locator(f"#b{booking}").get_by_role("button", name="출석")
        ).to_be_disabled()
        await page.screenshot(path=screenshot_path("admin-4-bookings"), full_page=True)

        await page.get_by_role("link", name="대시보드").click()
        await expect(page.locator("svg.chart")).to_have_count(5)
        await expect(page.get_by_text("출석률 100%")).to_be_visible()
        await page.screenshot(path=screenshot_path("admin-5-dashboard"), full_page=True)

        visit = await scalar(site.settings.database_url, select(func.min(bus_visits.c.id)))
        await page.goto(f"{site.url}/admin/bus/{visit}/poster")
        await expect(page.get_by_text("웹 채팅으로 예약")).to_be_visible()
        assert await page.locator(".qr svg").count() == 1
        await page.screenshot(path=screenshot_path("admin-6-bus-poster"), full_page=True)


async def test_on_a_phone_the_dashboard_fits_the_screen(browser, site):
    await booking_today(site.database)
    async with new_page(browser, PHONE) as page:
        await sign_in(page, site.url)
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        await page.screenshot(path=screenshot_path("admin-7-dashboard-phone"), full_page=True)
        await page.get_by_role("link", name="예약", exact=True).click()
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
