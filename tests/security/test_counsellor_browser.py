"""The admin web in a real headless Chromium, as a counsellor of one centre: she signs in,
sees her centre's booking and not another centre's, marks hers, and the pages work under their
Content-Security-Policy (the browser reports no violation). Logging out ends the session."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.async_api import expect

from tests.admin.conftest import add_web_login
from tests.channels.browser import DESKTOP, new_page, screenshot_path
from tests.conftest import prepared_database, running_app
from tests.security.seeding import OUR_PHONE, THEIR_PHONE, two_centres

LEE = ("lee.gwangmyeong", "lee-password-12")


@pytest.fixture
async def site(sqlite_url):
    await prepared_database(sqlite_url)
    async with running_app(database_url=sqlite_url) as app:
        yield app


async def test_a_counsellor_of_one_centre_uses_the_admin_web_in_chromium(browser, site):
    seeded = await two_centres(site.database, datetime.now(UTC))
    await add_web_login(site.settings.database_url, *LEE, "staff", [seeded.ours])
    async with new_page(browser, DESKTOP) as page:
        violations = []
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        await page.goto(site.url + "/admin/")
        await page.get_by_label("아이디").fill(LEE[0])
        await page.get_by_label("비밀번호").fill(LEE[1])
        await page.get_by_role("button", name="로그인").click()
        await expect(page.get_by_role("heading", name="대시보드")).to_be_visible()
        await page.get_by_role("link", name="예약", exact=True).click()
        ours = page.locator(f"#b{seeded.our_booking}")
        await expect(ours).to_contain_text(OUR_PHONE)
        await expect(page.locator(f"#b{seeded.their_booking}")).to_have_count(0)
        await expect(page.get_by_text(THEIR_PHONE)).to_have_count(0)
        await ours.get_by_role("button", name="출석").click()
        await expect(page.get_by_text("출석으로 표시했어요")).to_be_visible()
        await page.screenshot(path=screenshot_path("security-counsellor-bookings"))
        await expect(page.get_by_role("link", name="직원")).to_have_count(0)
        await page.get_by_role("button", name="로그아웃").click()
        await page.goto(site.url + "/admin/bookings")
        await expect(page.get_by_role("heading", name="직원 로그인")).to_be_visible()
        assert violations == []
