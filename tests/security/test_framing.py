"""Issue 12, item 3: the chat may be shown inside another site only when FRAME_ANCESTORS names
it (CSP frame-ancestors), else nowhere (X-Frame-Options DENY); its cookie gets the attributes a
framed page needs (SameSite=None; Secure) there and only there; the admin is never framed."""

from __future__ import annotations

import pytest

from bot.config import SettingsError, load_settings
from tests.security.web import chat_app, set_cookie, visitor

CENTRE = "https://www.centre.example.kr"


async def test_without_frame_ancestors_nobody_may_frame_the_chat(sqlite_url):
    async with chat_app(sqlite_url) as (app, _slots), visitor(app) as her:
        async with her.session.get("/") as page:
            assert page.headers["X-Frame-Options"] == "DENY"
            assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
        response = await her.post(text="/start")
        assert response.headers["X-Frame-Options"] == "DENY"
        assert set_cookie(response)["ilteo_uid"]["samesite"] == "Lax"


async def test_frame_ancestors_may_frame_the_chat_but_not_the_admin(sqlite_url):
    settings = {"public_url": "https://chat.example.kr", "frame_ancestors": CENTRE}
    async with chat_app(sqlite_url, **settings) as (app, _slots), visitor(app) as her:
        async with her.session.get("/") as page:
            assert "X-Frame-Options" not in page.headers
            policy = page.headers["Content-Security-Policy"]
            # (one policy, composed with the page's script rules: bot/security_headers.py)
            assert f"frame-ancestors 'self' {CENTRE}" in policy.split("; ")
        response = await her.post(text="/start")
        cookie = set_cookie(response)["__Host-ilteo_uid"]
        assert cookie["samesite"] == "None" and cookie["secure"]
        async with her.session.get("/admin/login") as admin:
            assert admin.headers["X-Frame-Options"] == "DENY"
            assert "frame-ancestors 'none'" in admin.headers["Content-Security-Policy"]


def test_frame_ancestors_need_an_https_public_url_and_sites():
    with pytest.raises(SettingsError, match="FRAME_ANCESTORS"):
        load_settings(frame_ancestors=CENTRE, public_url="http://chat.example.kr")
    with pytest.raises(SettingsError, match="FRAME_ANCESTORS"):
        load_settings(frame_ancestors="'unsafe-inline'", public_url="https://chat.example.kr")
    with pytest.raises(SettingsError, match="TRUSTED_PROXIES"):
        load_settings(trusted_proxies="proxy.local")
