"""A broadcast from the admin web in a real headless Chromium, sent for real: a new counsellor
signs in, announces the next cohort of 광명's call-centre course to the people of 광명시, sees
how many they are and how the message reads, confirms, and watches the progress bar fill while
the application sends through the fake Bot API; then she reads the report. Screenshots of the
dashboard, the form, the preview and the finished broadcast go to artifacts/screenshots/. On a
phone, the form and its preview fit the screen."""

from __future__ import annotations

import asyncio

import pytest
from playwright.async_api import Page, expect
from sqlalchemy import select

from storage.database import create_engine
from storage.tables import programmes
from storage.uow import UnitOfWork
from tests.admin.conftest import add_web_login
from tests.admin.seeding import programme_titled, subscribers
from tests.channels.browser import DESKTOP, PHONE, new_page, screenshot_path
from tests.conftest import app_with_telegram, prepared_database

NEWCOMER = ("choi.counsellor", "first-week-password")
COURSE = "콜센터 전문상담원 과정"
TEXT = "콜센터 전문상담원 과정 다음 기수 수강생을 모집해요.\n설명회에 오시면 자세히 알려 드려요."
ENGLISH = "We are enrolling the next cohort of the call-centre counsellor course."


@pytest.fixture
async def sending_site(sqlite_url):
    """The app with Telegram through the fake Bot API; people of 광명시 and of elsewhere. The
    counsellor works for the centre that runs the course."""
    await prepared_database(sqlite_url)
    engine = create_engine(sqlite_url)
    try:
        async with UnitOfWork(engine) as uow:
            query = select(programmes.c.centre_id).where(programmes.c.title == COURSE)
            centre = (await uow.connection.execute(query)).scalar_one()
    finally:
        await engine.dispose()
    await add_web_login(sqlite_url, *NEWCOMER, "staff", [centre])
    async with app_with_telegram(sqlite_url, broadcast_rate=30) as (app, fake):
        yield app, fake


async def seed_people(database) -> tuple[list[str], list[str], list[str]]:
    """30 Telegram users of 광명시 who follow the course, so are its centre's people (5 read
    English), and others: Korean readers, English ones."""
    course = str(await programme_titled(database, COURSE))
    korean = await subscribers(database, "telegram", 500100, 25, "경기도 광명시", programme=course)
    english = await subscribers(
        database, "telegram", 500200, 5, "경기도 광명시", language="en", programme=course
    )
    others = await subscribers(database, "telegram", 500300, 3, "서울특별시")
    others += await subscribers(database, "telegram", 500400, 2, "경기도 수원시")
    await subscribers(database, "web", 500500, 2, "서울특별시")
    return korean, english, others


async def sign_in(page: Page, url: str) -> None:
    await page.goto(url + "/admin/")
    await page.get_by_label("아이디").fill(NEWCOMER[0])
    await page.get_by_label("비밀번호").fill(NEWCOMER[1])
    await page.get_by_role("button", name="로그인").click()
    await expect(page.get_by_role("heading", name="대시보드")).to_be_visible()


async def compose(page: Page, programme: int) -> None:
    await page.get_by_role("link", name="공지 발송").click()
    await page.get_by_role("link", name="공지 쓰기").click()
    await page.get_by_label("한국어 공지").fill(TEXT)
    await page.get_by_label("영어 (English)").fill(ENGLISH)
    await page.get_by_label("관련 프로그램").select_option(str(programme))
    await page.get_by_role("radio", name="지역").check()
    await page.get_by_label("시·도").select_option("경기도")
    await page.get_by_label("시·군·구 (선택)").fill("광명시")


async def test_a_counsellor_announces_a_cohort_and_watches_it_go_out(browser, sending_site):
    app, fake = sending_site
    korean, english, others = await seed_people(app.database)
    programme = await programme_titled(app.database, COURSE)
    async with new_page(browser, DESKTOP) as page:
        await sign_in(page, app.url)
        await page.screenshot(path=screenshot_path("admin-broadcast-1-dashboard"), full_page=True)
        await compose(page, programme)
        await page.screenshot(path=screenshot_path("admin-broadcast-2-compose"), full_page=True)

        await page.get_by_role("button", name="미리 보기").click()
        await expect(page.locator("#audience-size")).to_have_text("30")
        await expect(page.locator(".bubble").first).to_contain_text("[광명시여성새일센터 안내]")
        await expect(page.get_by_text("영어 (English) · 5명")).to_be_visible()
        await page.screenshot(path=screenshot_path("admin-broadcast-3-preview"), full_page=True)

        await page.get_by_role("button", name="30명에게 보내기").click()
        await expect(page.get_by_role("status")).to_contain_text("30명에게 보내기 시작했어요")
        await expect(page.locator("progress")).to_have_attribute("value", "100", timeout=30_000)
        report = page.locator("section.report")
        await expect(report).to_be_visible(timeout=15_000)
        await expect(report.get_by_role("row", name="보냄 30명")).to_be_visible()
        await expect(report.get_by_role("row", name="실패")).to_contain_text("0명")
        await expect(page.locator("#left")).to_have_text("0")
        await page.screenshot(path=screenshot_path("admin-broadcast-4-report"), full_page=True)
        await page.get_by_role("link", name="← 공지 발송").click()
        await expect(page.get_by_role("cell", name="다 보냄")).to_be_visible()
        await expect(page.get_by_role("cell", name="30 / 0 / 0")).to_be_visible()
        await page.screenshot(path=screenshot_path("admin-broadcast-6-list"), full_page=True)

    for chat in korean + english:
        [message] = await fake.wait_for_messages(int(chat), 1, timeout=10)
        expected = TEXT if chat in korean else ENGLISH
        assert message["text"].startswith("[") and expected.split("\n")[0] in message["text"]
    await asyncio.sleep(0.5)  # anything wrongly queued would have gone out with the rest
    for chat in korean + english:
        assert len(fake.sent_messages(int(chat))) == 1
    assert all(fake.sent_messages(int(chat)) == [] for chat in others)


async def test_on_a_phone_the_form_and_its_preview_fit_the_screen(browser, sending_site):
    app, _fake = sending_site
    await seed_people(app.database)
    async with new_page(browser, PHONE) as page:
        await sign_in(page, app.url)
        await compose(page, await programme_titled(app.database, COURSE))
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        await page.get_by_role("button", name="미리 보기").click()
        await expect(page.locator("#audience-size")).to_have_text("30")
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        await page.screenshot(path=screenshot_path("admin-broadcast-5-preview-phone"))
