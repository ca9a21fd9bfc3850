"""Every admin page through axe-core in Chromium (WCAG 2.0, 2.1 and 2.2, levels A and AA), at a
desktop and at a phone's width, signed in as an admin; and the forms by keyboard alone.

One app and one browser serve the whole module; each page is its own test, so a report names
the page that fails and every rule it breaks."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
import pytest_asyncio
from playwright.async_api import Page, expect
from sqlalchemy import func, select

from storage.tables import broadcasts, bus_visits, centres, cohorts, programmes
from tests.accessibility import assert_accessible
from tests.admin.conftest import add_web_login
from tests.admin.seeding import booking_today, centre_with_hours, subscribers
from tests.channels.browser import DESKTOP, PHONE, chromium, new_page
from tests.cli import scalar
from tests.conftest import prepared_database, running_app

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
    async with running_app(database_url=url) as app, chromium() as browser:
        await booking_today(app.database, programme=True)
        await subscribers(app.database, "web", 700100, 2, "서울특별시")
        first = {table.name: await scalar(url, select(func.min(table.c.id)))
                 for table in (centres, programmes, cohorts, bus_visits)}  # fmt: skip
        async with new_page(browser, DESKTOP) as page:
            await sign_in(page, app.url)
            first["broadcasts"] = await a_broadcast(page, app.url, url)
            first["import"] = await an_import(page)
        yield SimpleNamespace(url=app.url, browser=browser, first=first, centre=await
                              centre_with_hours(app.database))  # fmt: skip


async def sign_in(page: Page, url: str) -> None:
    await page.goto(url + "/admin/login")
    await page.get_by_label("아이디").fill(LOGIN[0])
    await page.get_by_label("비밀번호").fill(LOGIN[1])
    await page.get_by_role("button", name="로그인").click()
    await expect(page.get_by_role("heading", name="대시보드")).to_be_visible()


async def a_broadcast(page: Page, url: str, database_url: str) -> int:
    """A broadcast to everyone: two web users, who read it when they come back."""
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
    "broadcast report": "/admin/broadcasts/{broadcasts}",
    "import": "/admin/import",
    "import job": "/admin/import/{import}",
    "staff": "/admin/staff",
    "audit": "/admin/audit",
}


async def test_the_login_page_passes_axe(site):
    async with new_page(site.browser, DESKTOP) as page:
        await page.goto(site.url + "/admin/login")
        await assert_accessible(page, "the login page")
        await page.get_by_role("button", name="로그인").click()  # empty: the error is shown
        await assert_accessible(page, "the login page with its error")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
async def test_every_admin_page_passes_axe(site, name, viewport):
    path = PAGES[name].format(centre=site.centre, **site.first)
    async with new_page(site.browser, viewport) as page:
        await sign_in(page, site.url)
        response = await page.goto(site.url + path)
        assert response and response.ok, f"{path}: {response and response.status}"
        await assert_accessible(page, f"{name} ({path})")
