"""Importing a public-data file from the browser (background job, progress, report) and
adding staff web logins; both are admin-only and audited."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
from sqlalchemy import func, select

from storage.tables import audit_log, cohorts, staff
from tests.admin.client import AdminClient
from tests.admin.conftest import ADMIN, first_centre
from tests.cli import all_rows, scalar
from tests.requirements import skip_or_fail

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"


def sample(name: str) -> bytes:
    if not (SAMPLES / name).is_file():
        skip_or_fail(f"the import samples are not at {SAMPLES}")
    return (SAMPLES / name).read_bytes()


def upload(data: bytes, name: str, kind: str = "") -> aiohttp.FormData:
    form = aiohttp.FormData()
    form.add_field("file", data, filename=name, content_type="text/csv")
    form.add_field("kind", kind)
    return form


async def finished(client: AdminClient, job_page: str):
    """The job's page once it no longer asks for its progress (the import is done)."""
    for _ in range(100):
        page = await client.get(job_page)
        if "data-progress-url" not in page.text:
            return page
        await asyncio.sleep(0.05)
    raise AssertionError("the import did not finish")


async def test_an_admin_imports_a_file_and_watches_it_finish(admin_site, admin):
    url = admin_site.settings.database_url
    before = await scalar(url, select(func.count()).select_from(cohorts))
    await admin.get("/admin/import")
    started = await admin.post("/admin/import", upload(sample("saeil-courses.csv"), "courses.csv"))
    assert started.status == 303 and started.location.startswith("/admin/import/")
    page = await finished(admin, started.location)
    assert "가져왔어요" in page.text and 'value="100"' in page.text and "기수" in page.text
    status = await admin.session.get(admin.base_url + started.location + "/status")
    assert (await status.json())["percent"] == 100 and (await status.json())["state"] == "imported"
    assert await scalar(url, select(func.count()).select_from(cohorts)) > before
    [(actor, detail)] = await all_rows(
        url, select(audit_log.c.actor, audit_log.c.detail).where(audit_log.c.action == "import")
    )
    assert actor == f"web:{ADMIN[0]}" and detail["file"] == "courses.csv"
    assert detail["kind"] == "saeil-courses" and detail["tallies"]["cohorts"]["added"] > 0
    assert "courses.csv" in (await admin.get("/admin/import")).text


async def test_a_file_with_a_bad_row_changes_nothing_and_says_which_row(admin_site, admin):
    url = admin_site.settings.database_url
    before = await scalar(url, select(func.count()).select_from(cohorts))
    bad = sample("saeil-courses.csv").decode() + "경기,어딘가센터,과정,2027-13-45,,x,y\n"
    await admin.get("/admin/import")
    started = await admin.post("/admin/import", upload(bad.encode(), "bad.csv", "saeil-courses"))
    page = await finished(admin, started.location)
    assert "아무것도 저장하지 않았어요" in page.text and "번째 줄" in page.text
    assert await scalar(url, select(func.count()).select_from(cohorts)) == before


async def test_an_upload_over_64_kib_is_refused(admin):
    await admin.get("/admin/import")
    page = await admin.post("/admin/import", upload(b"a,b\n" * 20_000, "big.csv"))
    assert page.status == 413


async def test_an_admin_adds_a_staff_login_that_can_sign_in(admin_site, admin):
    await admin.get("/admin/staff")
    short = await admin.post(
        "/admin/staff", {"login": "new.counsellor", "password": "short", "role": "staff"}
    )
    assert short.status == 400 and "10자 이상" in short.text
    form = {"login": "new.counsellor", "password": "a-long-password", "role": "staff"}
    no_centre = await admin.post("/admin/staff", form)
    assert no_centre.status == 400 and "센터를 하나 이상 골라 주세요" in no_centre.text
    centre = await first_centre(admin_site.settings.database_url)
    added = await admin.post("/admin/staff", {**form, "centres": str(centre)})
    assert added.status == 303
    listing = await admin.get("/admin/staff")
    assert "웹 · new.counsellor" in listing.text and "만들었어요" in listing.text
    newcomer = AdminClient(admin_site.url)
    assert (await newcomer.sign_in("new.counsellor", "a-long-password")).status == 303
    assert (await newcomer.get("/admin/bookings")).status == 200
    assert (await newcomer.get("/admin/staff")).status == 403
    await newcomer.close()
    url = admin_site.settings.database_url
    stored = await scalar(
        url, select(staff.c.password_hash).where(staff.c.web_login == "new.counsellor")
    )
    assert stored.startswith("$argon2id$") and "a-long-password" not in stored
    rows = await all_rows(
        url,
        select(audit_log.c.action, audit_log.c.detail).where(audit_log.c.action.like("staff.%")),
    )
    assert rows == [
        ("staff.add", {"login": "new.counsellor", "role": "staff", "centres": [centre]})
    ]
