"""Every admin page and action checks the session, the CSRF token and the role: no session
means a redirect (page) or 403 (action); a missing or wrong token, or too small a role, 403;
and a refused action changes nothing."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from storage.tables import audit_log, centres, staff
from tests.cli import scalar

PAGES = [
    "/admin/",
    "/admin/bookings",
    "/admin/slots",
    "/admin/closures",
    "/admin/centres",
    "/admin/centres/1",
    "/admin/programmes",
    "/admin/programmes/1",
    "/admin/cohorts/1",
    "/admin/bus",
    "/admin/bus/1/poster",
    "/admin/import",
    "/admin/staff",
    "/admin/audit",
]
ACTIONS = [
    "/admin/logout",
    "/admin/bookings/1/attendance",
    "/admin/slots/generate",
    "/admin/closures",
    "/admin/centres",
    "/admin/centres/1",
    "/admin/programmes",
    "/admin/programmes/1",
    "/admin/programmes/1/cohorts",
    "/admin/cohorts/1",
    "/admin/bus",
    "/admin/bus/1",
    "/admin/import",
    "/admin/staff",
]
ADMIN_ONLY = [
    "/admin/slots",
    "/admin/closures",
    "/admin/centres",
    "/admin/centres/new",
    "/admin/programmes",
    "/admin/programmes/1",
    "/admin/cohorts/1",
    "/admin/bus/new",
    "/admin/import",
    "/admin/staff",
    "/admin/audit",
]
NEW_CENTRE = {"name": "새 센터", "kind": "saeil", "sido": "경기도"}


async def count(site, table) -> int:
    return await scalar(site.settings.database_url, select(func.count()).select_from(table))


async def test_pages_without_a_session_redirect_to_the_login(client):
    for path in PAGES:
        page = await client.get(path)
        assert page.status == 303, path
        target = urlsplit(page.location)
        assert target.path == "/admin/login" and parse_qs(target.query)["next"] == [path], path
    login = await client.get("/admin/login?next=/admin/centres")
    assert login.status == 200 and 'value="/admin/centres"' in login.text


async def test_actions_without_a_session_get_403_and_change_nothing(admin_site, client):
    await client.get("/admin/login")  # a token of the login form's session does not help
    centres_before = await count(admin_site, centres)
    for path in ACTIONS:
        page = await client.post(path, NEW_CENTRE)
        assert page.status == 403, path
        assert "로그인이 필요해요" in page.text
    assert await count(admin_site, centres) == centres_before
    assert await count(admin_site, audit_log) == 0


async def test_a_missing_or_wrong_csrf_token_gets_403(admin_site, admin):
    centres_before = await count(admin_site, centres)
    assert (await admin.post("/admin/centres", NEW_CENTRE, csrf=False)).status == 403
    page = await admin.post("/admin/centres", NEW_CENTRE, csrf="0" * 64)
    assert page.status == 403 and "보안 확인에 실패" in page.text
    assert await count(admin_site, centres) == centres_before
    assert (await admin.post("/admin/centres", NEW_CENTRE)).status == 303  # with it: saved
    assert await count(admin_site, centres) == centres_before + 1


async def test_a_staff_session_on_an_admin_page_gets_403(admin_site, counsellor):
    for path in ADMIN_ONLY:
        page = await counsellor.get(path)
        assert page.status == 403, path
        assert "권한이 없어요" in page.text
    staff_before = await count(admin_site, staff)
    page = await counsellor.post(
        "/admin/staff", {"login": "mallory", "password": "x" * 12, "role": "admin"}
    )
    assert page.status == 403
    assert (await counsellor.post("/admin/centres", NEW_CENTRE)).status == 403
    assert await count(admin_site, staff) == staff_before
    for path in ("/admin/", "/admin/bookings", "/admin/bus", "/admin/bus/1/poster"):
        assert (await counsellor.get(path)).status == 200, path
    menu = (await counsellor.get("/admin/")).text
    assert 'href="/admin/staff"' not in menu and 'href="/admin/bookings"' in menu
