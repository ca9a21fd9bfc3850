"""The HTTP surface: health, metrics, the web chat API's answers to good and bad input."""

from __future__ import annotations

import aiohttp
import pytest

from bot.http import MAX_BODY
from tests.security.chats import shown_data


@pytest.fixture
async def client(live_server):
    jar = aiohttp.CookieJar(unsafe=True)  # keep cookies of 127.0.0.1, as a browser does
    async with aiohttp.ClientSession(base_url=live_server.url, cookie_jar=jar) as session:
        yield session


async def test_healthz_says_ok_while_the_database_answers(client):
    async with client.get("/healthz") as response:
        assert response.status == 200
        assert await response.json() == {"status": "ok"}


async def test_healthz_says_503_when_the_database_is_gone():
    from tests.conftest import (
        create_postgres_database,
        drop_postgres_database,
        postgres_problem,
        prepared_database,
        running_app,
    )
    from tests.requirements import skip_or_fail

    if problem := await postgres_problem():
        skip_or_fail(problem)
    url = await create_postgres_database()
    await prepared_database(url, demo=False)
    async with running_app(database_url=url) as app:
        async with aiohttp.ClientSession(base_url=app.url) as session:
            async with session.get("/healthz") as response:
                assert response.status == 200
            await drop_postgres_database(url)  # the database goes away under the server
            async with session.get("/healthz") as response:
                assert response.status == 503
                assert await response.json() == {"status": "unavailable"}


async def test_metrics_count_updates_and_show_the_outbox(client):
    async with client.post("/api/chat", json={"text": "/start"}) as response:
        assert response.status == 200
    async with client.get("/metrics") as response:
        body = await response.text()
    assert response.status == 200
    assert 'ilteo_updates_total{channel="web"} 1.0' in body
    assert "ilteo_outbox_depth 0.0" in body
    assert "ilteo_update_seconds_bucket" in body


async def test_the_user_cookie_is_httponly_and_keeps_the_conversation(client):
    async with client.post("/api/chat", json={"data": "sys:resume"}) as response:
        cookie = response.headers["Set-Cookie"]
        korean = shown_data((await response.json())["messages"], "한국어")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    async with client.post("/api/chat", json={"data": korean}) as response:
        reply = await response.json()
    assert "보관 기간" in reply["messages"][0]["text"]


async def test_a_body_over_64_kib_is_refused_with_413(client):
    async with client.post("/api/chat", json={"text": "가" * MAX_BODY}) as response:
        assert response.status == 413


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"text": ""}',
        b'{"text": 5}',
        b'{"data": "' + b"x" * 65 + b'"}',
        b'{"text": "a", "data": "b"}',
    ],
)
async def test_bad_chat_input_gets_400_and_a_reason(client, body):
    headers = {"Content-Type": "application/json"}
    async with client.post("/api/chat", data=body, headers=headers) as response:
        assert response.status == 400
        assert "error" in await response.json()


async def test_a_forged_cookie_becomes_a_new_user_not_an_error(client):
    client.cookie_jar.update_cookies({"ilteo_uid": "../../etc/passwd"})
    async with client.post("/api/chat", json={"text": "안녕"}) as response:
        assert response.status == 200
        assert "안녕하세요" in (await response.json())["messages"][0]["text"]


async def test_the_chat_page_is_served_without_external_resources(client):
    async with client.get("/") as response:
        page = await response.text()
    assert response.status == 200
    assert 'lang="ko"' in page
    assert "http://" not in page and "https://" not in page
