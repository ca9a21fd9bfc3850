"""The web chat page in a real headless Chromium, as a newcomer on a phone uses it.

Texts are asserted loosely (there, non-empty, Korean) because the wording belongs to the
conversation flows; she presses a button by the label she reads (`labelled`), and what a
button carries is checked by its `data` (`button`), the stable contract.
"""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from playwright.async_api import Page, Route, expect

from bot.channels.web.page import page_words
from handlers.i18n import Translator
from tests.channels.browser import DESKTOP, PHONE, chromium, new_page, screenshot_path
from tests.chat import LOCALES

CONNECTION_ERROR = "연결이 잠시 끊겼어요. 다시 시도해 주세요."
HANGUL = re.compile(r"[가-힣]")


@pytest.fixture
async def browser():
    async with chromium() as launched:
        yield launched


def log_of(page: Page):
    return page.get_by_role("log")


def bot_rows(page: Page):
    return log_of(page).locator("[data-from=bot]")


def user_bubbles(page: Page):
    return log_of(page).locator("[data-from=user] .bubble")


def button(page: Page, data: str):
    return log_of(page).locator(f'button[data-data="{data}"]')


def labelled(page: Page, label: str):
    """The buttons of the conversation that read `label`, as she sees them."""
    return log_of(page).get_by_role("button", name=label, exact=True)


def composer(page: Page):
    return page.get_by_label("메시지")


async def open_chat(page: Page, url: str) -> None:
    await page.goto(url + "/")
    await expect(button(page, "lang:ko")).to_be_visible()
    await expect(composer(page)).to_be_enabled()


async def reach_main_menu(page: Page, url: str) -> None:
    await open_chat(page, url)
    await labelled(page, "한국어").click()
    await labelled(page, "동의해요").click()
    await labelled(page, "그만하기").last.click()  # consent opens the intake; stop it for now
    await expect(log_of(page).locator('button[data-data^="menu:"]').first).to_be_visible()
    await expect(composer(page)).to_be_enabled()


async def texts_from(page: Page, first_row: int) -> str:
    """All text of the bot messages from the `first_row`-th on."""
    rows = bot_rows(page)
    count = await rows.count()
    return "\n".join([await rows.nth(i).inner_text() for i in range(first_row, count)])


async def test_newcomer_on_a_phone_reaches_the_main_menu_and_gets_an_answer(browser, live_server):
    async with new_page(browser, PHONE) as page:
        await page.goto(live_server.url + "/")
        assert await page.get_attribute("html", "lang") == "ko"
        log = log_of(page)
        await expect(log).to_have_attribute("aria-live", "polite")

        # The greeting, with a language choice
        await expect(button(page, "lang:ko")).to_be_visible()
        korean = labelled(page, "한국어")
        await expect(korean).to_be_visible()
        await expect(bot_rows(page).first.locator(".bubble")).to_contain_text(HANGUL)
        await expect(bot_rows(page).first).to_contain_text("일터")  # the bot's name
        await page.screenshot(path=screenshot_path("web-chat-1-greeting"))

        # 한국어 -> the pressed label shows as the user's bubble, then the consent question
        korean_label = (await korean.inner_text()).strip()
        await korean.click()
        await expect(user_bubbles(page).last).to_have_text(korean_label)
        await expect(button(page, "consent:yes")).to_be_visible()
        agree = labelled(page, "동의해요")
        await expect(agree).to_be_visible()
        consent = bot_rows(page).filter(has=page.locator('button[data-data="consent:yes"]')).last
        await expect(consent.locator(".bubble")).to_contain_text(HANGUL)
        await page.screenshot(path=screenshot_path("web-chat-2-consent"))

        # 동의해요 -> the first intake question; 그만하기 -> the menu, five buttons
        await agree.click()
        await expect(button(page, "in:cancel").last).to_be_visible()
        stop = labelled(page, "그만하기").last
        await expect(stop).to_be_visible()
        await page.screenshot(path=screenshot_path("web-chat-3-intake"))
        await stop.click()
        menu_buttons = log.locator('button[data-data^="menu:"]')
        await expect(menu_buttons.first).to_be_visible()
        menu = bot_rows(page).filter(has=page.locator('button[data-data^="menu:"]')).last
        await expect(menu.locator(".bubble")).to_contain_text(HANGUL)
        await expect(menu.locator('button[data-data^="menu:"]')).to_have_count(5)
        for label in await menu.locator('button[data-data^="menu:"]').all_inner_texts():
            assert label.strip(), "a menu button without a label"
        await expect(composer(page)).to_be_enabled()
        await page.screenshot(path=screenshot_path("web-chat-3-menu"))

        # Typing in free Korean gets an answer, never silence
        answered_from = await bot_rows(page).count()
        await composer(page).fill("안녕")
        await composer(page).press("Enter")
        await expect(user_bubbles(page).last).to_have_text("안녕")
        await expect(bot_rows(page).nth(answered_from)).to_be_visible()
        await expect(composer(page)).to_be_enabled()
        await expect(composer(page)).to_have_value("")
        assert HANGUL.search(await texts_from(page, answered_from))
        await expect(log.get_by_text(CONNECTION_ERROR)).to_have_count(0)
        await page.screenshot(path=screenshot_path("web-chat-4-answer"))

        # Fits the phone: no sideways scrolling, text large enough to read
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        for selector in ("[data-from=bot] .bubble", "[data-from=user] .bubble", "button.choice"):
            size = await log.locator(selector).first.evaluate(
                "e => parseFloat(getComputedStyle(e).fontSize)"
            )
            assert size >= 16, f"{selector} is {size}px"
        box = await page.get_by_role("button", name="보내기").bounding_box()
        assert box and box["y"] + box["height"] <= PHONE["height"]


async def test_empty_input_sends_nothing(browser, live_server):
    async with new_page(browser, PHONE) as page:
        await open_chat(page, live_server.url)
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url) if "/api/chat" in r.url else None)
        await composer(page).fill("   ")
        await composer(page).press("Enter")
        await page.get_by_role("button", name="보내기").click()
        await page.wait_for_timeout(300)
        assert requests == []
        await expect(user_bubbles(page)).to_have_count(0)


async def test_reload_continues_the_conversation(browser, live_server):
    async with new_page(browser, PHONE) as page:
        await reach_main_menu(page, live_server.url)
        await page.reload()
        # The server re-asks the current step: the newest bot message offers the menu again
        await expect(composer(page)).to_be_enabled()
        newest = bot_rows(page).last
        await expect(newest.locator('button[data-data^="menu:"]').first).to_be_visible()
        await expect(button(page, "lang:ko").first).to_be_attached()  # the transcript is redrawn


async def test_while_waiting_the_input_is_disabled_and_typing_shows(browser, live_server):
    async with new_page(browser, PHONE) as page:
        await open_chat(page, live_server.url)
        release = asyncio.Event()

        async def slow(route: Route) -> None:
            await release.wait()
            await route.continue_()

        await page.route("**/api/chat", slow)
        await labelled(page, "한국어").click()
        await expect(page.get_by_test_id("typing")).to_be_visible()
        await expect(page.get_by_test_id("typing")).to_contain_text("…")
        await expect(composer(page)).to_be_disabled()
        await expect(page.get_by_role("button", name="보내기")).to_be_disabled()
        release.set()
        await expect(button(page, "consent:yes")).to_be_visible()
        await expect(page.get_by_test_id("typing")).to_have_count(0)
        await expect(composer(page)).to_be_enabled()


async def test_connection_trouble_shows_the_error_line_and_gives_the_input_back(
    browser, live_server
):
    async with new_page(browser, PHONE) as page:
        await open_chat(page, live_server.url)
        errors = log_of(page).get_by_text(CONNECTION_ERROR)

        # A server error: the typed text comes back so the user can simply send again
        async def server_error(route: Route) -> None:
            await route.fulfill(status=503, content_type="text/plain", body="unavailable")

        await page.route("**/api/chat", server_error)
        await composer(page).fill("안녕하세요")
        await composer(page).press("Enter")
        await expect(errors).to_have_count(1)
        await expect(composer(page)).to_be_enabled()
        await expect(composer(page)).to_have_value("안녕하세요")
        await page.unroute("**/api/chat")

        # The network itself fails
        async def no_network(route: Route) -> None:
            await route.abort("connectionfailed")

        await page.route("**/api/chat", no_network)
        await labelled(page, "한국어").click()
        await expect(errors).to_have_count(2)
        await expect(composer(page)).to_be_enabled()
        await page.unroute("**/api/chat")

        # Too long for the server (over 64 KiB): 413, the same friendly line
        await composer(page).fill("가" * 30_000)
        await page.get_by_role("button", name="보내기").click()
        await expect(errors).to_have_count(3)
        await expect(composer(page)).to_be_enabled()
        await page.screenshot(path=screenshot_path("web-chat-5-error"))

        # And the conversation goes on once the connection is back
        await composer(page).fill("")
        await labelled(page, "한국어").click()
        await expect(button(page, "consent:yes")).to_be_visible()


ODD_REPLY = {
    "messages": [
        {
            "text": '<img src=x onerror="window.pwned=1">\n둘째 줄',
            "buttons": [
                [
                    {"label": "고용24", "url": "https://www.work24.go.kr/"},
                    {"label": "나쁜 링크", "url": "javascript:window.pwned=1"},
                ],
                [{"label": "처음으로", "data": "menu:home"}],
            ],
            "cards": [
                {
                    "title": "콜센터 전문상담원 과정",
                    "description": "경력단절여성 대상 · 광명시\n140시간",
                    "buttons": [[{"label": "자세히", "data": "prog:1:detail"}]],
                }
            ],
            "location": {
                "latitude": 37.48,
                "longitude": 126.88,
                "title": "가든파이브",
                "address": "서울 송파구 (예시 주소)",
                "map_url": "https://map.kakao.com/link/map/example,37.48,126.88",
            },
            "attachment": {"filename": "예약.ics", "url": "/ics/example.ics"},
        }
    ]
}


async def test_a_reply_is_drawn_as_text_with_safe_links_cards_place_and_file(browser, live_server):
    async with new_page(browser, PHONE) as page:

        async def odd(route: Route) -> None:
            await route.fulfill(
                status=200, content_type="application/json", body=json.dumps(ODD_REPLY)
            )

        await page.route("**/api/chat", odd)
        await page.goto(live_server.url + "/")
        row = bot_rows(page).last
        await expect(row.locator(".bubble")).to_contain_text('<img src=x onerror="window.pwned=1">')
        await expect(row.locator(".bubble")).to_contain_text("둘째 줄")
        assert await log_of(page).locator("img").count() == 0
        assert await page.evaluate("window.pwned") is None

        link = row.get_by_role("link", name=re.compile("고용24"))
        await expect(link).to_have_attribute("href", "https://www.work24.go.kr/")
        await expect(link).to_have_attribute("target", "_blank")
        await expect(link).to_have_attribute("rel", re.compile(r"\bnoopener\b"))
        await expect(row.get_by_text("나쁜 링크")).to_have_count(0)
        await expect(button(page, "menu:home")).to_have_text("처음으로")

        card = row.get_by_test_id("card")
        await expect(card).to_contain_text("콜센터 전문상담원 과정")
        await expect(card).to_contain_text("140시간")
        await expect(card.locator('button[data-data="prog:1:detail"]')).to_have_text("자세히")

        place = row.get_by_role("link", name="가든파이브 — 서울 송파구 (예시 주소)")
        await expect(place).to_have_text("📍 가든파이브 — 서울 송파구 (예시 주소)")
        await expect(place).to_have_attribute("href", re.compile(r"^https://map\.kakao\.com/"))
        file = row.get_by_role("link", name="예약.ics")
        await expect(file).to_have_text("📎 예약.ics")
        await expect(file).to_have_attribute("href", live_server.url + "/ics/example.ics")
        await expect(file).to_have_attribute("download", "예약.ics")
        await page.screenshot(path=screenshot_path("web-chat-6-rich"))


async def test_on_a_desktop_the_chat_is_a_centred_column(browser, live_server):
    async with new_page(browser, DESKTOP) as page:
        await open_chat(page, live_server.url)
        box = await page.locator(".app").bounding_box()
        assert box is not None
        assert box["width"] <= 480
        assert abs(box["x"] - (DESKTOP["width"] - box["x"] - box["width"])) <= 2
        await page.screenshot(path=screenshot_path("web-chat-7-desktop"))


def words_in(language: str) -> dict[str, str]:
    """The page's own words (title, composer, connection error) as the catalogue has them."""
    return page_words(Translator(LOCALES), language)


async def expect_page_in(page: Page, language: str, tag: str) -> None:
    words = words_in(language)
    await expect(page.locator("html")).to_have_attribute("lang", tag)
    await expect(page).to_have_title(words["bot_name"])
    await expect(page.locator("h1")).to_have_text(words["bot_name"])
    field = page.get_by_label(words["message_label"], exact=True)
    await expect(field).to_have_attribute("placeholder", words["placeholder"])
    await expect(page.get_by_role("button", name=words["send"], exact=True)).to_be_visible()


async def test_a_browser_in_chinese_opens_the_page_in_chinese(browser, live_server):
    async with new_page(browser, PHONE, locale="zh-CN") as page:
        await page.goto(live_server.url + "/")
        await expect(button(page, "lang:zh_Hans")).to_be_visible()
        await expect_page_in(page, "zh_Hans", "zh-Hans")
        name = bot_rows(page).first.locator(".msg__name")
        await expect(name).to_have_text(words_in("zh_Hans")["bot_name"])


async def test_the_page_follows_the_language_she_chooses_without_a_reload(browser, live_server):
    vietnamese = words_in("vi")
    async with new_page(browser, PHONE) as page:
        await open_chat(page, live_server.url)
        await expect_page_in(page, "ko", "ko")
        await labelled(page, "Tiếng Việt").click()
        await expect(button(page, "consent:yes")).to_be_visible()
        await expect_page_in(page, "vi", "vi")
        newest = bot_rows(page).last.locator(".msg__name")
        await expect(newest).to_have_text(vietnamese["bot_name"])
        await page.screenshot(path=screenshot_path("web-chat-8-vietnamese"))

        # the connection error is said in her language too
        async def server_error(route: Route) -> None:
            await route.fulfill(status=503, content_type="text/plain", body="unavailable")

        await page.route("**/api/chat", server_error)
        await page.get_by_label(vietnamese["message_label"], exact=True).fill("xin chào")
        await page.get_by_role("button", name=vietnamese["send"], exact=True).click()
        await expect(log_of(page).get_by_text(vietnamese["connection_error"])).to_have_count(1)
        await page.unroute("**/api/chat")

        # a reload, and the Back button after leaving the page, keep her language
        await page.reload()
        await expect(button(page, "consent:yes").last).to_be_visible()
        await expect_page_in(page, "vi", "vi")
        await page.goto("about:blank")
        await page.go_back()
        await expect(button(page, "consent:yes").last).to_be_visible()
        await expect_page_in(page, "vi", "vi")
