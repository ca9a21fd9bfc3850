"""Headers and endpoints: every HTML page (the web chat, the admin login and pages) has a
Content-Security-Policy that allows no inline script, and holds none; every response says
`nosniff` and a Referrer-Policy; HSTS only when PUBLIC_URL is https; /metrics needs its token
when METRICS_TOKEN is set; too short a SECRET_KEY or channel secret stops the start with a
clear message."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime

import aiohttp
import pytest

from bot.config import SettingsError, load_settings
from storage.uow import UnitOfWork
from tests.admin.client import AdminClient
from tests.admin.conftest import ADMIN
from tests.conftest import free_port, prepared_database, running_app
from tests.test_process import ILTEO, ROOT, environment

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
HANDLERS = re.compile(r"\son[a-z]+\s*=", re.I)
TOKEN = "metrics-token-for-the-tests"


def policy(headers) -> dict[str, str]:
    found = headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in found.split(";"))


def no_inline_script(page_text: str, headers) -> None:
    directives = policy(headers)
    script = directives.get("script-src", directives.get("default-src", ""))
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script and script
    assert not INLINE_SCRIPT.search(page_text) and not HANDLERS.search(page_text)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]


async def test_every_page_allows_and_holds_no_inline_script(admin_site, admin):
    async with aiohttp.ClientSession() as browser:
        async with browser.get(admin_site.url + "/") as response:
            no_inline_script(await response.text(), response.headers)
            assert "Strict-Transport-Security" not in response.headers  # http
        async with browser.get(admin_site.url + "/healthz") as response:
            assert response.headers["X-Content-Type-Options"] == "nosniff"
    login = await AdminClient(admin_site.url).get("/admin/login")
    no_inline_script(login.text, login.headers)
    for path in (
        "/admin/",
        "/admin/bookings",
        "/admin/broadcasts/new",
        "/admin/staff",
        "/admin/audit",
        "/admin/bus",
        "/admin/inbox",
    ):
        page = await admin.get(path)
        assert page.status == 200, path
        no_inline_script(page.text, page.headers)


async def test_https_pages_ask_for_https_only_and_metrics_need_their_token(sqlite_url):
    await prepared_database(sqlite_url, demo=False)
    settings = dict(
        database_url=sqlite_url, public_url="https://ilteo.example", metrics_token=TOKEN
    )
    async with running_app(**settings) as app, aiohttp.ClientSession() as session:
        async with session.get(app.url + "/") as response:
            assert response.headers["Strict-Transport-Security"].startswith("max-age=")
        async with session.get(app.url + "/metrics") as response:
            assert response.status == 403 and "ilteo_" not in await response.text()
        wrong = {"Authorization": "Bearer not-the-token"}
        async with session.get(app.url + "/metrics", headers=wrong) as response:
            assert response.status == 403
        right = {"Authorization": f"Bearer {TOKEN}"}
        async with session.get(app.url + "/metrics", headers=right) as response:
            assert response.status == 200 and "ilteo_outbox_depth" in await response.text()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("secret_key", "s3cr3t-k3y"),
        ("telegram_webhook_secret", "w3bh00k"),
        ("kakao_skill_secret", "k4k40"),
        ("metrics_token", "m3tr1cs"),
        ("sms_report_secret", "r3p0rt"),
    ],
)
def test_too_short_a_secret_is_refused_by_name(name, value):
    with pytest.raises(SettingsError) as refused:
        load_settings(**{name: value})
    message = str(refused.value)
    assert name.upper() in message and "too short" in message and value not in message


async def test_serve_stops_with_a_clear_message_on_a_short_secret_key(sqlite_url):
    env = {**environment(sqlite_url, free_port()), "SECRET_KEY": "guessable"}
    process = await asyncio.create_subprocess_exec(
        *ILTEO, "serve", env=env, cwd=ROOT, stderr=asyncio.subprocess.PIPE
    )
    _out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode != 0
    assert "SECRET_KEY: too short" in err.decode() and "guessable" not in err.decode()


async def test_the_audit_page_pages_through_every_row(admin_site, admin):
    async with UnitOfWork(admin_site.database) as uow:
        for number in range(250):
            await uow.audit.record("web:boss.kim", f"test.{number:03d}", {}, datetime.now(UTC))
        await uow.commit()
    seen, path = [], "/admin/audit"
    while path:
        page = await admin.get(path)
        seen += re.findall(r"test\.(\d{3})", page.text)
        older = re.search(r'href="(/admin/audit\?before=\d+)"', page.text)
        path = older[1] if older else None
    assert sorted(seen) == [f"{n:03d}" for n in range(250)] and len(seen) == 250
    assert ADMIN[0] in page.text  # the sign-in of the fixture, on the last page
