"""Admin sessions end when they should: a cookie kept from before a logout is refused, a new
password ends the login's sessions, `ilteo staff disable LOGIN` ends them and refuses the login,
and a session unused for 30 minutes is over. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from yarl import URL

from tests.admin.client import AdminClient
from tests.admin.conftest import ADMIN, COUNSELLOR, add_web_login
from tests.conftest import prepared_database, running_app

COOKIE = "ilteo_admin"


def kept_cookie(client: AdminClient) -> str:
    return next(cookie.value for cookie in client.session.cookie_jar if cookie.key == COOKIE)


def put_back(client: AdminClient, value: str) -> None:
    client.session.cookie_jar.clear()
    client.session.cookie_jar.update_cookies({COOKIE: value}, URL(client.base_url))


async def signed_in(site, login: tuple[str, str]) -> AdminClient:
    client = AdminClient(site.url)
    assert (await client.sign_in(*login)).status == 303
    assert (await client.get("/admin/")).status == 200
    return client


async def test_a_cookie_kept_from_before_the_logout_is_refused(admin_site, admin):
    other_device = await signed_in(admin_site, ADMIN)
    try:
        copy = kept_cookie(admin)
        assert (await admin.post("/admin/logout")).status == 303
        put_back(admin, copy)
        assert (await admin.get("/admin/")).location.startswith("/admin/login")
        assert (await other_device.get("/admin/")).location.startswith("/admin/login")
    finally:
        await other_device.close()


async def test_a_new_password_ends_the_logins_sessions(admin_site, admin):
    counsellor = await signed_in(admin_site, COUNSELLOR)
    try:
        copy = kept_cookie(counsellor)
        await add_web_login(
            admin_site.settings.database_url, COUNSELLOR[0], "a-new-password-1", "staff"
        )
        put_back(counsellor, copy)
        assert (await counsellor.get("/admin/")).location.startswith("/admin/login")
        assert (await counsellor.sign_in(*COUNSELLOR)).status == 401
        assert (await counsellor.sign_in(COUNSELLOR[0], "a-new-password-1")).status == 303
    finally:
        await counsellor.close()


async def test_a_disabled_login_loses_its_sessions_and_cannot_sign_in(admin_site, admin, ilteo):
    counsellor = await signed_in(admin_site, COUNSELLOR)
    try:
        code, out, _err = await ilteo("staff", "disable", COUNSELLOR[0])
        assert code == 0 and "disabled" in out
        assert (await counsellor.get("/admin/bookings")).location.startswith("/admin/login")
        assert (await counsellor.post("/admin/logout")).status == 403
        assert (await counsellor.sign_in(*COUNSELLOR)).status == 401
        listing = await admin.get("/admin/staff")
        assert "막힘" in listing.text
        code, _out, err = await ilteo("staff", "disable", "nobody.here")
        assert code == 1 and "no web login nobody.here" in err
    finally:
        await counsellor.close()


async def test_the_admin_disables_a_login_on_the_staff_page(admin_site, admin):
    counsellor = await signed_in(admin_site, COUNSELLOR)
    try:
        await admin.get("/admin/staff")
        done = await admin.post("/admin/staff/disable", {"login": COUNSELLOR[0]})
        assert done.status == 303
        assert (await counsellor.get("/admin/")).location.startswith("/admin/login")
        assert (await admin.post("/admin/staff/disable", {"login": ADMIN[0]})).status == 303
        assert (await admin.get("/admin/")).status == 200  # not herself
    finally:
        await counsellor.close()


async def test_a_session_unused_for_thirty_minutes_is_over(sqlite_url):
    await prepared_database(sqlite_url, demo=False)
    await add_web_login(sqlite_url, *ADMIN, "admin")
    now = [datetime(2026, 11, 23, 1, 0, tzinfo=UTC)]
    async with running_app(clock=lambda: now[0], database_url=sqlite_url) as app:
        client = AdminClient(app.url)
        try:
            assert (await client.sign_in(*ADMIN)).status == 303
            now[0] += timedelta(minutes=29)
            assert (await client.get("/admin/")).status == 200
            now[0] += timedelta(minutes=29)  # the page renewed it
            assert (await client.get("/admin/")).status == 200
            now[0] += timedelta(minutes=31)
            assert (await client.get("/admin/")).location.startswith("/admin/login")
        finally:
            await client.close()
