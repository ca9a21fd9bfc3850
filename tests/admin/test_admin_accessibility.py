"""Every admin page through axe-core in Chromium (WCAG 2.0, 2.1 and 2.2, levels A and AA), at a
desktop's width and some at a phone's, signed in as an admin; the charts' numbers as tables; a
form by keyboard alone.

One app and one browser serve the whole module; each page is its own test, so a report names
the page that fails and every rule it breaks."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
import pytest_asyncio
from playwright.async_api import Page, expect
from sqlalchemy import func, select

from storage.demo import PUBLISHED_KEY
from storage.records import StaffIdentity
from storage.tables import broadcasts, bus_visits, centres, cohorts, participants, programmes
from storage.uow import UnitOfWork
from tests.accessibility import assert_accessible
from tests.admin.conftest import add_web_login
from tests.admin.inbox_seeding import ask_for_person, she_writes
from tests.admin.seeding import booking_today, centre_with_hours, subscribers
from tests.channels.browser import DESKTOP, PHONE, chromium, new_page
from tests.cli import scalar
from tests.conftest import free_port, prepared_database, running_app

pytestmark = pytest.mark.asyncio(loop_scope="module")
LOGIN = ("a11y.admin", "a11y-password-1")
SAMPLE_CSV = "센터명,주소,전화번호\n".encode()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def site(tmp_path_factory):
    """The app with the demo catalogue, a booking today, a broadcast and an import, and the ids
    the pages with an id in their address need."""
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('admin-a11y') / 'ilteo.db'}"
    await prepared_database(url)
    await add_web_login(url, *LOGIN, "admin")
    away = f"http://127.0.0.1:{free_port()}/bot"  # Telegram out of reach: a broadcast keeps going
    async with (
        running_app(database_url=url, telegram_bot_token="123:away", telegram_api_url=away) as app,
        chromium() as browser,
    ):
        await booking_today(app.database, programme=True)
        await subscribers(app.database, "web", 700100, 2, "서울특별시")
        await subscribers(app.database, "telegram", 700200, 2, "서울특별시")
        first = {
            table.name: await scalar(url, select(func.min(table.c.id)))
            for table in (centres, programmes, cohorts, bus_visits, participants)
        }
        first["published"] = await scalar(
            url, select(cohorts.c.id).where(cohorts.c.key == PUBLISHED_KEY)
        )
        async with new_page(browser, DESKTOP) as page:
            await sign_in(page, app.url)
            first["broadcasts"] = await a_broadcast(page, app.url, url)
            first["import"] = await an_import(page)
            signed_in = await page.context.storage_state()
        centre = await centre_with_hours(app.database)
        first.update(await handoffs(app.database, first["centres"]))
        yield SimpleNamespace(
            url=app.url, browser=browser, first=first, centre=centre, signed_in=signed_in
        )


async def handoffs(engine, centre: int) -> dict[str, int]:
    """Requests for a counsellor: one waiting, one the admin holds and answered, one for the
    keyboard test."""
    found = {
        name: await ask_for_person(engine, f"a11y-{name}", centre)
        for name in ("waiting", "mine", "keyboard")
    }
    now = datetime.now(UTC)
    async with UnitOfWork(engine) as uow:
        staff = await uow.staff.web_identity(LOGIN[0])
        who = StaffIdentity(staff.id, staff.role, staff.scope, staff.session_version)
        await uow.handoffs.claim(found["mine"], who, now)
        await uow.handoffs.reply(found["mine"], who, "안녕하세요, 상담사예요.", now)
        await uow.commit()
    await she_writes(engine, found["mine"], "이력서 쓰는 걸 도와주실 수 있어요?")
    return {f"handoff_{name}": handoff for name, handoff in found.items()}


@asynccontextmanager
async def signed_in_page(site, viewport: dict[str, int]) -> AsyncIterator[Page]:
    """A page of a fresh context holding the admin's session cookie (signing in is slow)."""
    context = await site.browser.new_context(
        viewport=viewport, locale="ko-KR", storage_state=site.signed_in
    )
    try:
        yield await context.new_page()
    finally:
        await context.close()


async def sign_in(page: Page, url: str) -> None:
    await page.goto(url + "/admin/login")
    await page.get_by_label("아이디").fill(LOGIN[0])
    await page.get_by_label("비밀번호").fill(LOGIN[1])
    await page.get_by_role("button", name="로그인").click()
    await expect(page.get_by_role("heading", name="대시보드")).to_be_visible()


async def a_broadcast(page: Page, url: str, database_url: str) -> int:
    """A broadcast to everyone, still being sent (its Telegram readers are out of reach)."""
    await page.goto(url + "/admin/broadcasts/new")
    await page.get_by_label("한국어 공지").fill("접근성 시험 공지예요.")
    await page.locator("input[name=audience][value=all]").check()
    await page.get_by_role("button", name="미리 보기").click()
    await page.get_by_role("button", name=re.compile("명에게 보내기")).click()
    await expect(page.get_by_role("status")).to_be_visible()
    return await scalar(database_url, select(func.max(broadcasts.c.id)))


async def an_import(page: Page) -> str:
    """The page of an import that was refused (a file with no rows we know): its job address."""
    await page.get_by_role("link", name="가져오기").click()
    await page.get_by_label("파일").set_input_files(
        files=[{"name": "empty.csv", "mimeType": "text/csv", "buffer": SAMPLE_CSV}]
    )
    await page.get_by_role("button", name="가져오기").click()
    await expect(page.get_by_role("alert")).to_be_visible()
    return page.url.split("/admin/import/")[1]


PAGES = {
    "dashboard": "/admin/",
    "bookings": "/admin/bookings",
    "slots": "/admin/slots?place=c{centre}",
    "closures": "/admin/closures",
    "centres": "/admin/centres",
    "centre new": "/admin/centres/new",
    "centre edit": "/admin/centres/{centres}",
    "programmes": "/admin/programmes",
    "programme new": "/admin/programmes/new",
    "programme edit": "/admin/programmes/{programmes}",
    "cohort new": "/admin/programmes/{programmes}/cohorts/new",
    "cohort edit": "/admin/cohorts/{cohorts}",
    "bus": "/admin/bus",
    "bus new": "/admin/bus/new",
    "bus edit": "/admin/bus/{bus_visits}",
    "bus poster": "/admin/bus/{bus_visits}/poster",
    "broadcasts": "/admin/broadcasts",
    "broadcast new": "/admin/broadcasts/new",
    "broadcast sending": "/admin/broadcasts/{broadcasts}",
    "import": "/admin/import",
    "import job": "/admin/import/{import}",
    "staff": "/admin/staff",
    "audit": "/admin/audit",
    "outcomes": "/admin/outcomes",
    "outcomes cohort": "/admin/outcomes/cohorts/{published}",
    "outcomes participant": "/admin/outcomes/participants/{participants}",
    "inbox": "/admin/inbox",
    "inbox all": "/admin/inbox?tab=all",
    "inbox waiting request": "/admin/inbox/{handoff_waiting}",
    "inbox conversation": "/admin/inbox/{handoff_mine}",
}


async def test_the_login_page_passes_axe(site):
    async with new_page(site.browser, DESKTOP) as page:
        await page.goto(site.url + "/admin/login")
        await assert_accessible(page, "the login page")
        await page.get_by_role("button", name="로그인").click()  # empty: the error is shown
        await assert_accessible(page, "the login page with its error")


# On a phone (reflowed tables, the menu on top): the pages a counsellor opens on the move.
ON_A_PHONE = ["dashboard", "bookings", "slots", "broadcast new", "bus poster", "outcomes cohort"]
ON_A_PHONE += ["inbox", "inbox conversation"]
CASES = [(name, DESKTOP) for name in PAGES] + [(name, PHONE) for name in ON_A_PHONE]
CASE_IDS = [f"{name}-{'phone' if viewport is PHONE else 'desktop'}" for name, viewport in CASES]


@pytest.mark.parametrize(("name", "viewport"), CASES, ids=CASE_IDS)
async def test_every_admin_page_passes_axe(site, name, viewport):
    path = PAGES[name].format(centre=site.centre, **site.first)
    async with signed_in_page(site, viewport) as page:
        response = await page.goto(site.url + path)
        assert response and response.ok, f"{path}: {response and response.status}"
        await assert_accessible(page, f"{name} ({path})")


async def test_each_chart_has_its_numbers_as_a_table_opened_by_keyboard(site):
    async with signed_in_page(site, DESKTOP) as page:
        await page.goto(site.url + "/admin/")
        charts = page.locator("svg.chart")
        tables = page.locator("details.chart-data table")
        assert await charts.count() >= 3
        assert await tables.count() == await charts.count()
        await expect(tables.first).to_be_hidden()
        await page.locator("details.chart-data summary").first.focus()
        await page.keyboard.press("Enter")
        await expect(tables.first).to_be_visible()
        await expect(tables.first.get_by_role("columnheader", name="예약 건수")).to_be_visible()
        regions = tables.filter(has=page.locator("caption", has_text="지역별 사용자"))
        await expect(regions.locator('th[scope="row"]', has_text="서울특별시")).to_have_count(1)


async def test_signing_in_skipping_the_menu_and_adding_a_closure_by_keyboard_alone(site):
    async with new_page(site.browser, DESKTOP) as page:
        await page.goto(site.url + "/admin/login")
        await expect(page.get_by_label("아이디")).to_be_focused()  # autofocus
        await page.keyboard.type(LOGIN[0])
        await page.keyboard.press("Tab")
        await page.keyboard.type(LOGIN[1])
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("heading", name="대시보드")).to_be_visible()

        # The first Tab stop skips the menu (KWCAG 2.2 반복 영역 건너뛰기)
        await page.goto(site.url + "/admin/closures")
        await page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="본문 바로가기")
        await expect(skip).to_be_focused()
        await expect(skip).to_be_in_viewport()
        await page.keyboard.press("Enter")
        await expect(page.locator("main")).to_be_focused()
        # the browser's own date field (its segments' order follows the browser's locale)
        await page.get_by_label("날짜").fill("2027-05-10")
        await page.get_by_label("날짜").focus()
        seen = []
        for _ in range(6):  # Tab steps through the date's parts, then on to the next field
            await page.keyboard.press("Tab")
            seen.append(await page.evaluate("document.activeElement.outerHTML.slice(0, 60)"))
            if await page.evaluate("document.activeElement.name") == "centre":
                break
        assert "centre" in seen[-1], seen
        await page.keyboard.press("Tab")
        await expect(page.get_by_label("사유")).to_be_focused()
        await page.keyboard.type("개소기념일")
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("status")).to_be_visible()
        await expect(page.get_by_role("cell", name="개소기념일")).to_be_visible()


async def test_a_broadcast_being_sent_updates_its_figures_in_place_and_can_be_paused(site):
    asked: list[str] = []
    async with signed_in_page(site, DESKTOP) as page:
        page.on("request", lambda r: asked.append(r.url) if r.url.endswith("/status") else None)
        await page.goto(f"{site.url}/admin/broadcasts/{site.first['broadcasts']}")
        await expect(page.locator("meta[http-equiv=refresh]")).to_have_count(0)
        for _ in range(50):  # its figures are asked for again and again
            if len(asked) > 1:
                break
            await page.wait_for_timeout(200)
        assert len(asked) > 1
        await expect(page.locator("#recipients")).to_have_text("4")
        pause = page.get_by_role("button", name="자동으로 바뀌지 않게 멈추기")
        await pause.focus()
        await page.keyboard.press("Space")
        await expect(pause).to_have_attribute("aria-pressed", "true")
        paused_at = len(asked)
        await page.wait_for_timeout(4500)  # two rounds of two seconds
        assert len(asked) == paused_at


async def test_a_participant_is_marked_completed_by_keyboard_alone(site):
    async with signed_in_page(site, DESKTOP) as page:
        await page.goto(f"{site.url}/admin/outcomes/cohorts/{site.first['published']}")
        dropped = page.get_by_role("button", name="공개-24 수료")
        for _ in range(400):  # Tab through the page to the button
            await page.keyboard.press("Tab")
            if await dropped.evaluate("element => element === document.activeElement"):
                break
        await expect(dropped).to_be_focused()
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("status")).to_contain_text("공개-24")
        await expect(page.get_by_role("button", name="공개-24 수료")).to_be_disabled()
        # the chart's numbers, as a table, open by keyboard too
        await page.goto(f"{site.url}/admin/outcomes")
        await page.locator("details.chart-data summary").first.focus()
        await page.keyboard.press("Enter")
        table = page.locator("details.chart-data table").first
        await expect(table.get_by_role("columnheader", name="사람 수")).to_be_visible()


async def test_claiming_and_answering_a_request_by_keyboard_alone(site):
    handoff = site.first["handoff_keyboard"]
    async with signed_in_page(site, DESKTOP) as page:
        await page.goto(site.url + "/admin/inbox")
        link = page.get_by_role("link", name=f"상담 {handoff}번 열기")
        await link.focus()
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("heading", name=f"상담 {handoff}번")).to_be_visible()
        await page.get_by_role("button", name="이 상담 맡기").focus()
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("status").first).to_contain_text("상담을 맡았어요")
        await page.get_by_label("답장").focus()
        await page.keyboard.type("키보드로 쓴 답이에요.")
        await page.keyboard.press("Tab")
        await expect(page.get_by_role("button", name="보내기", exact=True)).to_be_focused()
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("status").first).to_contain_text("보냈어요")
        log = page.get_by_role("log")
        await expect(log).to_contain_text("키보드로 쓴 답이에요.")
        await assert_accessible(page, "the conversation after a reply")
