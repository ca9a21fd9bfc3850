"""The outcome pages in a real headless Chromium, as a counsellor records what became of a
participant of 광명's published cohort: she adds her, marks her enrolled, completed and
employed, sees the figures change on the cohort's page and the dashboard, and downloads the
XLSX, which openpyxl reads back with the same numbers."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from playwright.async_api import Page, expect

from tests.admin.conftest import add_web_login, first_centre
from tests.channels.browser import DESKTOP, new_page, screenshot_path
from tests.conftest import prepared_database, running_app

COUNSELLOR = ("kim.outcomes", "outcomes-password-1")
NUMBER = "2026-25"


@pytest.fixture
async def site(sqlite_url):
    await prepared_database(sqlite_url)
    await add_web_login(sqlite_url, *COUNSELLOR, "staff", [await first_centre(sqlite_url)])
    async with running_app(database_url=sqlite_url) as app:
        yield app


async def sign_in(page: Page, url: str) -> None:
    await page.goto(url + "/admin/login")
    await page.get_by_label("아이디").fill(COUNSELLOR[0])
    await page.get_by_label("비밀번호").fill(COUNSELLOR[1])
    await page.get_by_role("button", name="로그인").click()
    await expect(page.get_by_role("heading", name="대시보드")).to_be_visible()


async def cohort_figures(page: Page) -> list[str]:
    row = page.get_by_role("table", name="이 기수의 성과").locator("tbody tr").first
    return await row.locator("td").all_inner_texts()


async def test_a_counsellor_records_a_participants_path_and_exports_it(browser, site, tmp_path):
    async with new_page(browser, DESKTOP) as page:
        await sign_in(page, site.url)
        await expect(page.locator("#completion-rate")).to_have_text("79%")

        await page.get_by_role("link", name="교육 성과", exact=True).click()
        await expect(
            page.get_by_text("발표된 수치(24명 참여, 19명 수료, 13명 채용)")
        ).to_be_visible()
        await page.get_by_role("link", name=re.compile("콜센터 전문상담원 과정")).last.click()
        assert (await cohort_figures(page))[:6] == ["24", "19", "79%", "13", "68%", "54%"]

        # She applied: not a participant yet
        await page.get_by_label("참여자 번호").fill(NUMBER)
        await page.get_by_label("상태").select_option("applied")
        await page.get_by_role("button", name="추가").click()
        await expect(page.get_by_role("status")).to_contain_text("추가했어요")
        assert (await cohort_figures(page))[0] == "24"

        # Enrolled, then completed
        await page.get_by_role("button", name=f"{NUMBER} 수강").click()
        await expect(page.get_by_role("status")).to_contain_text("수강")
        assert (await cohort_figures(page))[:3] == ["25", "19", "76%"]
        await page.get_by_role("button", name=f"{NUMBER} 수료").click()
        await expect(page.get_by_role("status")).to_contain_text("수료")
        assert (await cohort_figures(page))[:6] == ["25", "20", "80%", "13", "65%", "52%"]

        # Employed: a regular job with 고용보험, on a 재직증명서
        await page.get_by_role("link", name=f"{NUMBER} 취업·사후관리").click()
        await page.get_by_label("입사일").fill("2026-11-02")
        await page.get_by_label("회사").fill("예시콜센터")
        await page.get_by_label("고용 형태").select_option("regular")
        await page.get_by_label("주당 근무 시간").fill("40")
        await page.get_by_label("고용보험").select_option("yes")
        await page.get_by_label("확인 자료").select_option("certificate")
        await page.get_by_role("button", name="저장").click()
        await expect(page.get_by_role("status")).to_contain_text("고쳤어요")
        figures = await cohort_figures(page)
        assert figures[:6] == ["25", "20", "80%", "14", "70%", "56%"]
        await page.screenshot(path=screenshot_path("admin-outcomes-cohort"), full_page=True)

        await page.get_by_role("link", name="대시보드").click()
        await expect(page.locator("#completion-rate")).to_have_text("80%")
        await expect(page.locator("#employment-completers")).to_have_text("70%")
        await expect(page.locator("#employment-participants")).to_have_text("56%")

        await page.get_by_role("link", name="교육 성과", exact=True).click()
        async with page.expect_download() as waiting:
            await page.get_by_role("link", name="엑셀(XLSX) 내려받기").click()
        download = await waiting.value
        saved = tmp_path / download.suggested_filename
        await download.save_as(saved)

    book = load_workbook(saved, read_only=True)
    numbers = {row[1]: row[2:] for row in book["figures"].iter_rows(min_row=2, values_only=True)}
    assert list(numbers["전체"][:6]) == [25, 20, "80%", 14, "70%", "56%"]
    assert [str(v) for v in numbers["전체"]] == figures
    people = list(book["participants"].iter_rows(values_only=True))
    header, rows = people[0], people[1:]
    assert len(rows) == 25
    hers = next(row for row in rows if row[header.index("number")] == NUMBER)
    hers = dict(zip(header, hers, strict=True))
    assert (hers["status"], hers["job_start"], hers["job_kind"], hers["insured"]) == (
        "completed",
        "2026-11-02",
        "regular",
        "yes",
    )
