"""A person is handed to a counsellor and back, in two Chromium contexts (her phone, the
counsellor's desk), with no page reloaded: she asks for a person in the web chat; the request
appears in the inbox; the counsellor claims and replies; the reply appears on her page; her
answer appears in the inbox (and the bot says nothing to it); the counsellor closes and the bot
answers her next message. Then an inbox that is offline for 10 s shows, once back, every
message she sent meanwhile. The delays are measured by bench/handoff_latency.py, not here."""

from __future__ import annotations

import asyncio

import pytest
from playwright.async_api import Page, expect

from tests.admin.conftest import add_web_login
from tests.channels.browser import DESKTOP, PHONE, chromium, new_page
from tests.conftest import prepared_database, running_app

COUNSELLOR = ("desk.kim", "desk-password-1")
OFFLINE_S = 10
LOST = "연결이 끊겼어요. 다시 연결하는 중이에요…"


@pytest.fixture
async def site(sqlite_url):
    await prepared_database(sqlite_url)
    # the shared queue (a newcomer's region is not known yet) is an admin's
    await add_web_login(sqlite_url, *COUNSELLOR, "admin")
    async with running_app(database_url=sqlite_url) as app, chromium() as browser:
        yield app, browser


class Navigations:
    """Counts the page loads of a page (a reload would be one)."""

    def __init__(self, page: Page) -> None:
        self.count = 0
        page.on("framenavigated", self._seen)
        self._page = page

    def _seen(self, frame) -> None:
        if frame == self._page.main_frame:
            self.count += 1


async def sign_in(page: Page, url: str) -> None:
    await page.goto(url + "/admin/login")
    await page.get_by_label("아이디").fill(COUNSELLOR[0])
    await page.get_by_label("비밀번호").fill(COUNSELLOR[1])
    await page.get_by_role("button", name="로그인").click()
    await expect(page.get_by_role("heading", name="대시보드")).to_be_visible()


async def she_asks_for_a_person(her: Page, url: str) -> None:
    await her.goto(url + "/")
    log = her.get_by_role("log")
    await log.get_by_role("button", name="한국어", exact=True).click()
    await log.get_by_role("button", name="동의해요", exact=True).click()
    await log.get_by_role("button", name="그만하기", exact=True).last.click()
    await expect(her.get_by_label("메시지")).to_be_enabled()
    await her.locator("#ask-person").click()
    await expect(her.get_by_label("메시지")).to_be_enabled()


async def she_types(her: Page, text: str) -> None:
    box = her.get_by_label("메시지")
    await box.fill(text)
    await box.press("Enter")
    await expect(her.get_by_role("log").locator("[data-from=user]").last).to_have_text(text)
    await expect(box).to_be_enabled(timeout=30_000)  # her message went, its answer came


async def test_a_person_is_handed_to_a_counsellor_and_back_without_a_reload(site):
    app, browser = site
    async with new_page(browser, DESKTOP) as desk, new_page(browser, PHONE) as her:
        await sign_in(desk, app.url)
        await desk.goto(app.url + "/admin/inbox")
        desk_loads, her_loads = Navigations(desk), Navigations(her)
        await she_asks_for_a_person(her, app.url)
        her_loads.count = 0

        request = desk.locator("#inbox-list tr[data-handoff]")
        await expect(request).to_have_count(1)  # appeared by itself
        assert desk_loads.count == 0
        await request.get_by_role("link").click()
        await desk.get_by_role("button", name="이 상담 맡기").click()
        await desk.get_by_label("답장").fill("안녕하세요, 상담사예요. 무엇이 궁금하세요?")
        await desk.get_by_role("button", name="보내기", exact=True).click()
        await expect(desk.get_by_role("status").first).to_contain_text("보냈어요")

        counsellor = her.get_by_role("log").locator("[data-from=counsellor]")
        await expect(counsellor).to_contain_text("무엇이 궁금하세요?")
        await expect(counsellor.locator(".msg__name")).to_have_text("상담사")

        desk_loads.count = 0
        bot_rows = her.get_by_role("log").locator("[data-from=bot]")
        said_by_bot = await bot_rows.count()
        await she_types(her, "이력서 쓰는 법을 알고 싶어요")
        await expect(desk.get_by_role("log")).to_contain_text("이력서 쓰는 법을 알고 싶어요")
        assert desk_loads.count == 0 and her_loads.count == 0
        assert await bot_rows.count() == said_by_bot  # the bot stayed silent

        await desk.get_by_role("button", name="상담 끝내기 (챗봇으로 돌려보내기)").click()
        await expect(desk.get_by_role("status").first).to_contain_text("상담을 끝냈어요")
        # she is told at once, without writing or reloading
        await expect(bot_rows.last).to_contain_text("상담 선생님이 상담을 마쳤어요")
        assert her_loads.count == 0
        said_by_bot = await bot_rows.count()
        await she_types(her, "교육 과정 보여 주세요")
        await expect(bot_rows).not_to_have_count(said_by_bot)  # the bot answers again
        await expect(bot_rows.last).not_to_contain_text("상담 선생님이 상담을 마쳤어요")
        assert her_loads.count == 0


async def test_an_inbox_offline_for_ten_seconds_shows_every_message_sent_meanwhile(site):
    app, browser = site
    async with new_page(browser, DESKTOP) as desk, new_page(browser, PHONE) as her:
        await sign_in(desk, app.url)
        await desk.goto(app.url + "/admin/inbox")
        await she_asks_for_a_person(her, app.url)
        request = desk.locator("#inbox-list tr[data-handoff]")
        await request.get_by_role("link").click()
        await desk.get_by_role("button", name="이 상담 맡기").click()
        await expect(desk.get_by_role("status").first).to_contain_text("상담을 맡았어요")
        loads = Navigations(desk)

        await desk.context.set_offline(True)
        await expect(desk.locator("#live-status")).to_have_text(LOST)  # the stream is closed
        meanwhile = [f"연결이 끊긴 동안 보낸 {n}번째 메시지예요" for n in (1, 2, 3)]
        for text in meanwhile:
            await she_types(her, text)
        await asyncio.sleep(OFFLINE_S)
        await desk.context.set_offline(False)

        log = desk.get_by_role("log")
        for text in meanwhile:
            await expect(log).to_contain_text(text, timeout=30_000)
        await expect(desk.locator("#live-status")).to_have_text("")
        assert loads.count == 0
