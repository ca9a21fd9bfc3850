"""The web chat for older eyes and hands, in a real Chromium (WCAG 2.2 AA, KWCAG 2.2).

axe-core at every kind of step (many buttons, recommendations, the booking read-back, the
confirmation, My data), in normal and in larger text; then what axe cannot judge: no sideways
scrolling at 320 px with doubled text, targets of 44 x 44 px, keyboard-only use with focus
where she expects it, the help bar in the same place on every screen, and a reload that keeps
her conversation and her text size. One app and one browser serve the whole module.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import pytest_asyncio
from playwright.async_api import Page, expect

from handlers.flows.handoff.timeouts import HandoffTimeouts, apply_timeouts
from storage.database import create_engine
from storage.uow import UnitOfWork
from tests.accessibility import assert_accessible
from tests.channels.browser import BROWSER_PROXY, PHONE, chromium, new_page, screenshot_path
from tests.channels.test_web_browser import (
    bot_rows,
    button,
    composer,
    labelled,
    log_of,
    user_bubbles,
)
from tests.chat import make_settings
from tests.conftest import free_port, prepared_database, running_app
from tests.fakes.kakao import day_label, open_day
from tests.handlers.booking_setup import add_slots, centre_id

pytestmark = pytest.mark.asyncio(loop_scope="module")
NARROW = {"width": 320, "height": 640}
TARGET = 44  # CSS px, each way (WCAG 2.5.5 AAA; 2.5.8 AA asks for 24)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def site(tmp_path_factory):
    """The app with the demo catalogue and two free times at a centre in three days."""
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('web-a11y') / 'ilteo.db'}"
    await prepared_database(url)
    day = open_day(timedelta(days=3))
    engine = create_engine(url)
    try:
        centre = await centre_id(engine, "광명시여성새일센터")
        slots = await add_slots(engine, centre, [day], hours=(14, 15), capacity=5)
    finally:
        await engine.dispose()
    async with (
        running_app(database_url=url, port=free_port(), trusted_proxies=BROWSER_PROXY) as app,
        chromium() as browser,
    ):
        yield SimpleNamespace(
            url=app.url, browser=browser, day=day, slot=slots[(day, 14)], database=app.database
        )


# ---- the steps of a conversation ----


async def tap(page: Page, label: str) -> None:
    """Presses the newest button that reads `label` and waits for the answer."""
    await labelled(page, label).last.click()
    await expect(composer(page)).to_be_enabled()


async def agreed(page: Page, url: str) -> None:
    await page.goto(url + "/")
    await tap(page, "한국어")
    await tap(page, "동의해요")
    await expect(button(page, "in:skip").last).to_be_enabled()  # the first intake question


async def skip_intake(page: Page) -> None:
    """Skips every intake question, then asks for her courses: the recommendations. Without a
    region there is no city to ask: six questions (region, age, situation, interests, free
    times, help needed)."""
    for _question in range(6):
        await tap(page, "건너뛰기")
    await tap(page, "이대로 추천 받기")
    await expect(log_of(page).get_by_test_id("card").first).to_be_visible()


async def book_to_read_back(page: Page, site) -> None:
    await tap(page, "상담 예약")  # one kind and one place have times: straight to the days
    await tap(page, day_label(site.day))
    await tap(page, "오후 2시")
    await expect(button(page, f"bk:y:{site.slot}").last).to_be_enabled()


async def confirm_booking(page: Page, site) -> None:
    await tap(page, "네, 예약할게요")
    await composer(page).fill("010 1234 5678")
    await composer(page).press("Enter")
    await expect(log_of(page).get_by_role("link", name="예약.ics").last).to_be_visible()
    await expect(composer(page)).to_be_enabled()


def help_bar(page: Page):
    return page.get_by_role("navigation", name="도움")


async def start_over(page: Page) -> None:
    """ "처음으로" in the help bar: the main menu, from any step."""
    await help_bar(page).get_by_role("button", name="처음으로").click()
    await expect(button(page, "menu:mydata").last).to_be_enabled()


async def larger_text(page: Page) -> None:
    switch = page.get_by_role("button", name="글자 크게")
    await switch.click()
    await expect(switch).to_have_attribute("aria-pressed", "true")


# ---- what axe checks ----


@pytest.mark.parametrize("large", [False, True], ids=["normal-text", "larger-text"])
async def test_every_kind_of_step_passes_axe(site, large):
    async with new_page(site.browser, PHONE) as page:
        await page.goto(site.url + "/")
        await expect(button(page, "lang:ko")).to_be_enabled()
        if large:
            await larger_text(page)
        await assert_accessible(page, "the greeting")
        await tap(page, "한국어")
        await assert_accessible(page, "the consent question")
        await tap(page, "동의해요")
        await expect(button(page, "in:skip").last).to_be_enabled()
        assert await log_of(page).locator("button:enabled[data-data]").count() >= 10
        await assert_accessible(page, "a question with many buttons")
        await skip_intake(page)
        await assert_accessible(page, "the recommendations")
        await book_to_read_back(page, site)
        await assert_accessible(page, "the booking read-back")
        await confirm_booking(page, site)
        await assert_accessible(page, "the confirmation")
        await start_over(page)
        await tap(page, "내 정보")
        await expect(button(page, "me:delete").last).to_be_enabled()
        await assert_accessible(page, "My data")

        async def server_error(route):
            await route.fulfill(status=503, content_type="text/plain", body="unavailable")

        await page.route("**/api/chat", server_error)
        await composer(page).fill("안녕하세요")
        await composer(page).press("Enter")
        await expect(page.get_by_role("status")).to_contain_text("연결이 잠시 끊겼어요")
        await assert_accessible(page, "a connection error")


# ---- what axe cannot judge ----


async def sideways_overflow(page: Page) -> list[str]:
    """Elements that reach past the window's right edge, and whether the page or the log
    scrolls sideways; empty when everything reflows."""
    return await page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const found = [];
            if (document.documentElement.scrollWidth > width) found.push("the page scrolls");
            const log = document.getElementById("chat-log");
            if (log.scrollWidth > log.clientWidth) found.push("the log scrolls sideways");
            for (const node of document.querySelectorAll("body *")) {
                const box = node.getBoundingClientRect();
                if (box.width && box.right > width + 0.5) found.push(node.outerHTML.slice(0, 80));
            }
            return found;
        }"""
    )


async def expect_text_box_in_view(page: Page) -> None:
    size = page.viewport_size
    for element in (composer(page), page.get_by_role("button", name="보내기")):
        box = await element.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
        assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


@pytest.mark.parametrize("viewport", [NARROW, PHONE], ids=["320px", "360px"])
async def test_at_320px_with_doubled_text_nothing_scrolls_sideways(site, viewport):
    width = viewport["width"]
    async with new_page(site.browser, viewport) as page:
        await page.goto(site.url + "/")
        await expect(button(page, "lang:ko")).to_be_enabled()
        await larger_text(page)
        size = await page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert size == 36  # 18 px doubled
        steps = {"greeting": None, "consent": "한국어", "question": "동의해요"}
        for name, label in steps.items():
            if label:
                await tap(page, label)
            await page.screenshot(path=screenshot_path(f"a11y-{width}px-200pct-{name}"))
            assert await sideways_overflow(page) == [], name
            await expect_text_box_in_view(page)
        await skip_intake(page)
        await page.screenshot(path=screenshot_path(f"a11y-{width}px-200pct-recommendations"))
        assert await sideways_overflow(page) == [], "recommendations"
        await expect_text_box_in_view(page)
        await page.screenshot(
            path=screenshot_path(f"a11y-{width}px-200pct-recommendations-all"), full_page=True
        )


async def small_targets(page: Page) -> list[str]:
    """Buttons, links and fields shown on the page that are under 44 x 44 CSS px."""
    return await page.evaluate(
        """(target) => {
            const small = [];
            for (const node of document.querySelectorAll("button, a[href], input, select")) {
                const box = node.getBoundingClientRect();
                if (!box.width && !box.height) continue;  // not shown
                if (box.width < target || box.height < target)
                    small.push(`${Math.round(box.width)}x${Math.round(box.height)} ` +
                               node.outerHTML.slice(0, 80));
            }
            return small;
        }""",
        TARGET,
    )


async def test_every_button_link_and_field_is_at_least_44px(site):
    async with new_page(site.browser, PHONE) as page:
        await agreed(page, site.url)
        assert await small_targets(page) == [], "a question with many buttons"
        await skip_intake(page)
        assert await small_targets(page) == [], "the recommendations"
        await book_to_read_back(page, site)
        await confirm_booking(page, site)  # a calendar-file link
        assert await small_targets(page) == [], "the confirmation"
        # a link that opens a new window says so (KWCAG 7.2.1)
        calendar = log_of(page).get_by_role("link", name="예약.ics").last
        await expect(calendar).to_have_accessible_description("새 창에서 열려요")


async def focused(page: Page) -> str:
    """The focused element: its id, data or tag."""
    return await page.evaluate(
        "(e => e.id || e.getAttribute('data-data') || e.tagName)(document.activeElement)"
    )


async def tab_to(page: Page, wanted: str, key: str = "Tab", limit: int = 60) -> None:
    seen = []
    for _ in range(limit):
        await page.keyboard.press(key)
        seen.append(await focused(page))
        if seen[-1] == wanted:
            return
    raise AssertionError(f"{key} never reached {wanted}: {seen}")


async def focus_ring(page: Page) -> tuple[str, float]:
    return await page.evaluate(
        "(s => [s.outlineStyle, parseFloat(s.outlineWidth)])"
        "(getComputedStyle(document.activeElement))"
    )


async def test_with_the_keyboard_alone_she_answers_and_focus_follows(site):
    async with new_page(site.browser, PHONE) as page:
        await page.goto(site.url + "/")
        await expect(button(page, "lang:ko")).to_be_enabled()

        # Tab reaches "글자 크게"; Space turns it on, with a visible focus ring
        await tab_to(page, "text-size")
        style, width = await focus_ring(page)
        assert style == "solid" and width >= 3
        await page.keyboard.press("Space")
        await expect(page.locator("html")).to_have_class("text-large")

        # Enter on 한국어: focus goes to the first new button, the old ones are disabled
        await tab_to(page, "lang:ko")
        await page.keyboard.press("Enter")
        await expect(button(page, "consent:yes")).to_be_focused()
        await expect(button(page, "lang:ko")).to_be_disabled()
        style, width = await focus_ring(page)
        assert style == "solid" and width >= 3

        # Space on 동의해요: the first button of the first intake question has focus
        await page.keyboard.press("Space")
        first_new = bot_rows(page).last.locator("button[data-data]").first
        await expect(first_new).to_be_focused()
        await expect(button(page, "consent:yes")).to_be_disabled()

        # Typed answers keep the focus in the text box
        await tab_to(page, "composer-input")
        await page.keyboard.type("그만")
        await page.keyboard.press("Enter")
        await expect(user_bubbles(page).last).to_have_text("그만")
        await expect(composer(page)).to_be_focused()

        # The help bar, above the conversation, works from the keyboard too
        await tab_to(page, "go-home", key="Shift+Tab")
        await page.keyboard.press("Enter")
        await expect(button(page, "menu:programmes").last).to_be_focused()  # the menu's first


async def test_start_over_and_counsellor_stay_in_one_place_and_work(site):
    async with new_page(site.browser, PHONE) as page:
        await page.goto(site.url + "/")
        places = set()
        for pressed in (None, "한국어", "동의해요"):  # the greeting, then after each press
            if pressed:
                await tap(page, pressed)
            for name in ("처음으로", "상담사 연결"):
                box = await help_bar(page).get_by_role("button", name=name).bounding_box()
                places.add((name, box["x"], box["y"], box["width"], box["height"]))
        assert len(places) == 2  # the same two places on every screen

        await help_bar(page).get_by_role("button", name="상담사 연결").click()
        await expect(user_bubbles(page).last).to_have_text("상담사 연결")
        # her request for a counsellor: nobody has the inbox open, so booking is offered too
        await expect(button(page, "menu:booking").last).to_be_enabled()
        # nobody answered in time: she is told so live, without writing or reloading
        asked = await bot_rows(page).count()
        async with UnitOfWork(site.database) as uow:
            later = datetime.now(UTC) + timedelta(hours=1)
            assert await apply_timeouts(uow, later, HandoffTimeouts(), make_settings())
            await uow.commit()
        await expect(bot_rows(page)).to_have_count(asked + 1)
        await expect(bot_rows(page).last).to_contain_text("제때 답해 드리지 못했어요")
        await expect(bot_rows(page).last.locator("button").first).to_be_enabled()
        await start_over(page)
        await expect(user_bubbles(page).last).to_have_text("처음으로")


async def test_a_reload_keeps_her_conversation_and_her_text_size(site):
    async with new_page(site.browser, PHONE) as page:
        await agreed(page, site.url)
        await larger_text(page)
        said = await user_bubbles(page).all_inner_texts()
        await page.reload()
        await expect(button(page, "in:skip").last).to_be_enabled()  # the question, asked again
        assert (await user_bubbles(page).all_inner_texts())[: len(said)] == said
        await expect(page.locator("html")).to_have_class("text-large")
        await expect(page.get_by_role("button", name="글자 크게")).to_have_attribute(
            "aria-pressed", "true"
        )
        # what was redrawn was answered: only the newest question's buttons can be pressed
        await expect(button(page, "lang:ko")).to_be_disabled()
        await expect(button(page, "consent:yes")).to_be_disabled()
        assert await button(page, "in:skip").count() == 2
        await expect(button(page, "in:skip").first).to_be_disabled()

        # off again, and remembered off
        await page.get_by_role("button", name="글자 크게").click()
        await page.reload()
        await expect(button(page, "in:skip").last).to_be_enabled()
        await expect(page.locator("html")).not_to_have_class("text-large")


async def test_the_status_line_says_sending_and_a_dropped_connection(site):
    async with new_page(site.browser, PHONE) as page:
        await page.goto(site.url + "/")
        await expect(button(page, "lang:ko")).to_be_enabled()
        status = page.get_by_role("status")
        await expect(page.locator("[role=status]")).to_have_count(1)
        await expect(status).to_have_text("")

        async def slow(route) -> None:
            await page.wait_for_timeout(400)
            await route.continue_()

        await page.route("**/api/chat", slow)
        await labelled(page, "한국어").click()
        await expect(status).to_have_text("보내는 중…")
        await expect(button(page, "consent:yes")).to_be_enabled()
        await expect(status).to_have_text("")
        await page.unroute("**/api/chat")

        await page.context.set_offline(True)
        await expect(status).to_contain_text("인터넷이 끊겼어요")
        await labelled(page, "동의해요").click()
        await expect(status).to_have_text("연결이 잠시 끊겼어요. 다시 시도해 주세요.")
        await expect(button(page, "consent:yes")).to_be_focused()  # still the current question
        await page.context.set_offline(False)


async def test_a_screen_reader_meets_the_page_in_a_sensible_order(site):
    """The accessibility tree, as a screen reader walks it: the title, the switch and the help
    bar; then the conversation (a log), the status line and the form to answer in."""
    async with new_page(site.browser, PHONE) as page:
        await agreed(page, site.url)
        tree = await page.locator("body").aria_snapshot()
        order = [
            "- banner:",
            '- heading "일터" [level=1]',
            '- button "글자 크게"',
            '- button "이 기기에서 대화 끝내기"',
            '- navigation "도움":',
            '- button "처음으로"',
            '- button "상담사 연결"',
            "- main:",
            '- heading "대화" [level=2]',
            '- log "대화":',
            '- button "서울"',
            "- status",
            '- form "답하기":',
            '- textbox "메시지"',
            '- button "보내기"',
        ]
        at = [tree.find(line) for line in order]
        assert -1 not in at and at == sorted(at), tree
        # the question she answered reads as such: its buttons are disabled
        assert '- button "동의해요" [disabled]' in tree, tree


async def test_ending_the_chat_on_a_shared_pc_works_by_keyboard_and_starts_afresh(site):
    async with new_page(site.browser, PHONE) as page:
        await agreed(page, site.url)
        page.once("dialog", lambda dialog: dialog.accept())  # "End the chat on this device?"
        await tab_to(page, "forget-device")
        await page.keyboard.press("Enter")
        # one line says it is over; nothing of hers is left; the text box has focus
        await expect(bot_rows(page)).to_have_count(1)
        await expect(user_bubbles(page)).to_have_count(0)
        await expect(composer(page)).to_be_focused()
        await page.reload()  # the next person: the greeting
        await expect(button(page, "lang:ko").last).to_be_enabled()
        await expect(user_bubbles(page)).to_have_count(0)
