"""Booking in the web chat page in a real Chromium, on a phone: buttons, a typed phone number,
the calendar link that downloads the .ics, and a poster's link straight to a bus visit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.async_api import expect

from storage.database import create_engine
from storage.uow import UnitOfWork
from tests.channels.browser import chromium, new_page, screenshot_path
from tests.channels.test_web_browser import (
    button,
    composer,
    labelled,
    log_of,
    reach_main_menu,
)
from tests.conftest import free_port, prepared_database, running_app
from tests.fakes.kakao import day_label, open_day
from tests.handlers.booking_setup import add_slots, centre_id


@pytest.fixture
async def site(sqlite_url):
    await prepared_database(sqlite_url)
    day = open_day(timedelta(days=3))  # 오후 2시 and 3시 at the one centre with times
    engine = create_engine(sqlite_url)
    try:
        slots = await add_slots(
            engine, await centre_id(engine, "광명시여성새일센터"), [day], hours=(14, 15)
        )
        async with UnitOfWork(engine) as uow:
            visit = (await uow.bus.upcoming(datetime.now(UTC) + timedelta(hours=3), 1))[0].visit
            bus_slot = await uow.slots.add(
                visit_id=visit.id,
                mode="bus",
                starts_at=visit.starts_at,
                ends_at=visit.starts_at + timedelta(minutes=30),
                capacity=3,
                taken=0,
            )
            await uow.commit()
    finally:
        await engine.dispose()
    async with running_app(database_url=sqlite_url, port=free_port()) as app, chromium() as browser:
        yield app.url, browser, slots[(day, 14)], visit.id, bus_slot, day_label(day)


async def test_book_by_buttons_and_download_the_calendar_file(site):
    url, browser, slot, _visit, _bus_slot, day = site
    async with new_page(browser) as page:
        await reach_main_menu(page, url)
        await labelled(page, "상담 예약").last.click()
        await labelled(page, "센터 방문 상담").last.click()  # centre or bus: both have times
        await labelled(page, day).last.click()
        await labelled(page, "오후 2시").last.click()
        await expect(button(page, f"bk:y:{slot}").last).to_be_visible()  # that time, read back
        await labelled(page, "네, 예약할게요").last.click()
        await composer(page).fill("010 1234 5678")
        await composer(page).press("Enter")
        link = log_of(page).get_by_role("link", name="예약.ics")
        await expect(link).to_be_visible()
        await expect(log_of(page)).to_contain_text("010-1234-5678")
        await page.screenshot(path=screenshot_path("web-booking-confirmed"), full_page=True)
        async with page.expect_download() as download_info:
            await link.click()
        download = await download_info.value
        content = (await download.path()).read_bytes()  # a small local file
    assert download.suggested_filename == "예약.ics"  # the name the chat showed, in Korean
    assert b"BEGIN:VCALENDAR" in content and b"TZID=Asia/Seoul" in content


async def test_a_poster_link_opens_that_visits_times_after_consent(site):
    url, browser, _slot, visit, bus_slot, _day = site
    async with new_page(browser) as page:
        await page.goto(f"{url}/?do=bk:v:{visit}")
        await labelled(page, "한국어").click()
        await labelled(page, "동의해요").click()
        await expect(button(page, f"bk:t:{bus_slot}")).to_be_visible()
        assert "do=" not in page.url  # a reload does not repeat the link
