"""Signing in to the admin web: a wrong password is refused, attempts are limited per login
and per address, the cookie is signed, HttpOnly and SameSite, and sessions end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from yarl import URL

from bot.admin.login import safe_next
from storage.tables import audit_log
from tests.admin.client import AdminClient
from tests.admin.conftest import ADMIN, COUNSELLOR, add_web_login
from tests.cli import all_rows
from tests.conftest import prepared_database, running_app


async def test_a_wrong_password_is_refused_and_recorded(admin_site, client):
    page = await client.sign_in(ADMIN[0], "not-the-password")
    assert page.status == 401 and "아이디 또는 비밀번호가 맞지 않아요" in page.text
    assert (await client.get("/admin/")).location.startswith("/admin/login")
    page = await client.sign_in("nobody.here", ADMIN[1])
    assert page.status == 401
    rows = await all_rows(
        admin_site.settings.database_url,
        select(audit_log.c.actor, audit_log.c.action, audit_log.c.detail),
    )
    assert rows == [
        (ADMIN[0], "login.failed", {"ip": "127.0.0.1"}),
        ("-", "login.failed", {"ip": "127.0.0.1"}),  # a login that does not exist: not kept
    ]


async def test_the_right_password_signs_in_with_a_safe_cookie(admin_site, client):
    await client.get("/admin/login")
    page = await client.post(
        "/admin/login", {"login": ADMIN[0], "password": ADMIN[1], "next": "/admin/centres"}
    )
    assert page.status == 303 and page.location == "/admin/centres"
    cookie = page.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/admin" in cookie
    assert "Max-Age=28800" in cookie and "Secure" not in cookie  # http: not Secure
    dashboard = await client.get("/admin/")
    assert dashboard.status == 200 and ADMIN[0] in dashboard.text
    rows = await all_rows(
        admin_site.settings.database_url, select(audit_log.c.actor, audit_log.c.action)
    )
    assert rows == [(f"web:{ADMIN[0]}", "login")]


async def test_attempts_are_limited_per_login_and_then_per_address(admin_site, client):
    for _ in range(5):
        assert (await client.sign_in(COUNSELLOR[0], "wrong-password")).status == 401
    refused = await client.sign_in(COUNSELLOR[0], COUNSELLOR[1])  # even the right one, now
    assert refused.status == 429 and "몇 분 뒤에 다시" in refused.text
    assert (await client.get("/admin/")).status == 303
    other = AdminClient(admin_site.url)  # another login from the same address still may
    try:
        assert (await other.sign_in(*ADMIN)).status == 303
        for number in range(15):  # 20 failures from one address in all
            assert (await client.sign_in(f"guess{number}", "wrong-password")).status == 401
        late = AdminClient(admin_site.url)
        assert (await late.sign_in(*ADMIN)).status == 429
        await late.close()
    finally:
        await other.close()


async def test_the_login_form_needs_its_own_csrf_token(client):
    page = await client.post("/admin/login", {"login": ADMIN[0], "password": ADMIN[1]}, csrf=False)
    assert page.status == 403
    stranger = AdminClient(client.base_url)
    await stranger.get("/admin/login")
    await client.get("/admin/login")
    page = await client.post(
        "/admin/login", {"login": ADMIN[0], "password": ADMIN[1]}, csrf=stranger.csrf
    )
    await stranger.close()
    assert page.status == 403
    assert (await client.get("/admin/")).status == 303


async def test_logging_out_ends_the_session(admin):
    page = await admin.post("/admin/logout")
    assert page.status == 303 and page.location == "/admin/login"
    assert (await admin.get("/admin/")).location.startswith("/admin/login")


async def test_a_forged_cookie_is_no_session(admin_site, admin):
    jar = admin.session.cookie_jar
    value = next(c.value for c in jar if c.key == "ilteo_admin")
    payload, _dot, signature = value.partition(".")
    jar.clear()
    jar.update_cookies({"ilteo_admin": value}, URL(admin.base_url))
    assert (await admin.get("/admin/")).status == 200  # the genuine cookie, set this way
    jar.clear()  # (the page renewed it)
    jar.update_cookies({"ilteo_admin": f"{payload}.{signature[::-1]}"}, URL(admin.base_url))
    assert (await admin.get("/admin/")).status == 303


async def test_a_session_expires_after_eight_hours(sqlite_url):
    await prepared_database(sqlite_url)
    await add_web_login(sqlite_url, *ADMIN, "admin")
    now = [datetime(2026, 11, 23, 1, 0, tzinfo=UTC)]
    async with running_app(clock=lambda: now[0], database_url=sqlite_url) as app:
        client = AdminClient(app.url)
        assert (await client.sign_in(*ADMIN)).status == 303
        for _ in range(23):  # in use every 20 minutes: never idle for 30
            now[0] += timedelta(minutes=20)
            assert (await client.get("/admin/")).status == 200
        now[0] += timedelta(minutes=19)  # 7 h 59 min after signing in
        assert (await client.get("/admin/")).status == 200
        now[0] += timedelta(minutes=2)
        assert (await client.get("/admin/")).location.startswith("/admin/login")
        await client.close()


async def test_the_cookie_is_secure_when_the_public_url_is_https(sqlite_url):
    await prepared_database(sqlite_url, demo=False)
    async with running_app(database_url=sqlite_url, public_url="https://ilteo.example") as app:
        client = AdminClient(app.url)
        page = await client.get("/admin/login")
        await client.close()
    assert page.status == 200 and "Secure" in page.headers["Set-Cookie"]


def test_after_signing_in_only_admin_pages_are_a_destination():
    assert safe_next("/admin/slots?place=c1") == "/admin/slots?place=c1"
    for elsewhere in (
        "https://evil.example/",
        "//evil.example/admin/",
        "/admin",
        "",
        None,
        "/ics/x.ics",
        "/admin/\\evil",
    ):
        assert safe_next(elsewhere) == "/admin/"
