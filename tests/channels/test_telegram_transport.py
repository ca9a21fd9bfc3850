"""The aiohttp Bot API transport, driven by python-telegram-bot against the fake Bot API."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest
from telegram import Bot
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.channels.telegram.transport import AiohttpRequest
from tests.fakes.bot_api import FakeBotApi


@pytest.fixture
async def fake():
    async with FakeBotApi() as api:
        yield api


def make_bot(api_url: str, token: str, **transport: object) -> Bot:
    return Bot(
        token,
        base_url=api_url,
        request=AiohttpRequest(**transport),
        get_updates_request=AiohttpRequest(),
    )


@pytest.fixture
async def bot(fake):
    async with make_bot(fake.api_url, fake.token) as connected:
        yield connected


async def test_get_me_answers_with_the_bot_user(bot, fake):
    me = await bot.get_me()

    assert me.username == "ilteo_bot"
    assert me.id == 123456
    assert [call.method for call in fake.calls] == ["getMe", "getMe"]  # initialize + ours


async def test_send_message_delivers_html_text_and_reports_the_message(bot, fake):
    sent = await bot.send_message(42, "<b>광명</b> 새일센터 &amp; 버스", parse_mode="HTML")

    assert sent.text == "광명 새일센터 & 버스"
    assert sent.chat.id == 42
    assert fake.sent_messages(42)[0]["message_id"] == sent.message_id


async def test_send_document_uploads_the_file_as_multipart(bot, fake):
    content = "BEGIN:VCALENDAR\nSUMMARY:상담 예약\nEND:VCALENDAR\n".encode()

    sent = await bot.send_document(7, document=content, filename="booking.ics")

    upload = fake.calls_to("sendDocument")[0].files["document"]
    assert upload.content == content
    assert upload.filename == "booking.ics"
    assert sent.document.file_size == len(content)


async def test_server_slower_than_the_read_timeout_raises_timed_out(bot, fake):
    fake.stall_next("sendMessage", 3)
    started = time.perf_counter()

    with pytest.raises(TimedOut):
        await bot.send_message(42, "늦은 답", read_timeout=0.3)

    assert time.perf_counter() - started < 2


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_too_many_requests_surfaces_as_retry_after(bot, fake):
    fake.fail_next("sendMessage", 429, retry_after=3)

    with pytest.raises(RetryAfter, match="Retry in 3"):
        await bot.send_message(42, "안녕하세요")

    assert (await bot.send_message(42, "안녕하세요")).text == "안녕하세요"


async def test_refused_request_surfaces_as_bad_request(bot):
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(42, "가" * 4097)


async def test_unreachable_server_raises_network_error():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bot = make_bot(f"http://127.0.0.1:{port}/bot", "1:x")
    await bot.request.initialize()
    try:
        with pytest.raises(NetworkError) as raised:
            await bot.get_me()
    finally:
        await bot.request.shutdown()
    assert not isinstance(raised.value, TimedOut)


async def test_calls_run_side_by_side_instead_of_one_at_a_time(fake):
    for _ in range(4):
        fake.stall_next("sendMessage", 0.4)

    async with make_bot(fake.api_url, fake.token) as wide:
        started = time.perf_counter()
        await asyncio.gather(*(wide.send_message(1, f"{n}") for n in range(4)))
        wide_seconds = time.perf_counter() - started

    assert wide_seconds < 1.2  # one connection would take 4 x 0.4 s


async def test_a_connection_limit_of_one_serialises_calls(fake):
    for _ in range(3):
        fake.stall_next("sendMessage", 0.3)

    async with make_bot(fake.api_url, fake.token, connection_limit=1, pool_timeout=5) as narrow:
        started = time.perf_counter()
        await asyncio.gather(*(narrow.send_message(1, f"{n}") for n in range(3)))

    assert time.perf_counter() - started >= 0.85


async def test_shutdown_then_initialize_reconnects(fake):
    transport = AiohttpRequest()
    await transport.initialize()
    await transport.shutdown()
    await transport.shutdown()  # twice is harmless
    await transport.initialize()
    try:
        code, body = await transport.do_request(f"{fake.api_url}{fake.token}/getMe", "POST")
    finally:
        await transport.shutdown()
    assert code == 200
    assert b'"ok": true' in body
