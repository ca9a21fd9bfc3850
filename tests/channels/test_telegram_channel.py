"""The Telegram channel end to end: a real PTB Application talking HTTP to the fake Bot API.

Only the engine is faked (it echoes and remembers dedupe keys, like the real one's inbox).
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from contextlib import asynccontextmanager
from types import SimpleNamespace

import pytest
from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Histogram

from bot.channels.telegram import TelegramChannel
from bot.channels.telegram.channel import WEBHOOK_PATH, file_url
from handlers.messages import Attachment, Button, Card, Incoming, Location, Message, Reply
from tests.fakes.bot_api import FakeBotApi

SECRET = "webhook-secret_123"
USER = 4242


class EchoEngine:
    """Answers with `respond(incoming)`; a dedupe key seen before gets None, like the inbox."""

    def __init__(self) -> None:
        self.seen: list[Incoming] = []
        self.keys: list[str] = []
        self.respond: Callable[[Incoming], Reply] = self.echo

    @staticmethod
    def echo(incoming: Incoming) -> Reply:
        return Reply.of(Message(text=f"echo: {incoming.text or incoming.data}"))

    async def handle(self, incoming: Incoming, *, dedupe_key: str) -> Reply | None:
        if dedupe_key in self.keys:
            return None
        self.keys.append(dedupe_key)
        self.seen.append(incoming)
        return self.respond(incoming)


def fresh_metrics() -> SimpleNamespace:
    registry = CollectorRegistry()
    return SimpleNamespace(
        registry=registry,
        updates=Counter("updates", "", ["channel"], registry=registry),
        replies=Counter("replies", "", ["channel"], registry=registry),
        errors=Counter("errors", "", ["channel"], registry=registry),
        latency=Histogram("latency", "", ["channel"], registry=registry),
    )


@asynccontextmanager
async def serving(fake: FakeBotApi, echo: EchoEngine, *, webhook: bool, metrics=None):
    """Our aiohttp server with the channel's route, the channel started against the fake."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}{WEBHOOK_PATH}"
    channel = TelegramChannel(
        token=fake.token,
        api_url=fake.api_url,
        webhook_url=url if webhook else None,
        webhook_secret=SECRET,
        engine=echo,
        metrics=metrics,
    )
    app = web.Application()
    channel.register_routes(app)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    await channel.start()
    try:
        yield channel
    finally:
        await channel.stop()
        await runner.cleanup()


@pytest.fixture
async def fake():
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
def echo():
    return EchoEngine()


@pytest.fixture
async def webhook_channel(fake, echo):
    async with serving(fake, echo, webhook=True) as channel:
        yield channel


def sent_callback_data(fake: FakeBotApi) -> list[str]:
    return [
        button["callback_data"]
        for message in fake.sent_messages(USER)
        for row in message.get("reply_markup", {}).get("inline_keyboard", [])
        for button in row
        if "callback_data" in button
    ]


async def test_start_registers_the_webhook_with_its_secret(webhook_channel, fake):
    assert fake.webhook.url.endswith(WEBHOOK_PATH)
    assert fake.webhook.secret_token == SECRET


async def test_a_message_posted_to_the_webhook_is_answered(webhook_channel, fake, echo):
    status = await fake.post_webhook(fake.message_update(USER, "안녕하세요", language_code="vi"))

    assert status == 200
    [answer] = fake.sent_messages(USER)  # answered before the 200
    assert answer["text"] == "echo: 안녕하세요"
    assert echo.seen == [
        Incoming(channel="telegram", external_id=str(USER), text="안녕하세요", language_hint="vi")
    ]


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET + "x"])
async def test_a_post_without_the_right_secret_is_forbidden(webhook_channel, fake, echo, secret):
    status = await fake.post_webhook(fake.message_update(USER, "가짜"), secret=secret)

    assert status == 403
    assert echo.seen == []
    assert fake.calls_to("sendMessage") == []


async def test_a_body_that_is_not_json_is_a_bad_request(webhook_channel, fake, echo):
    assert await fake.post_webhook(b"{not json") == 400
    assert await fake.post_webhook(b"[1, 2]") == 400
    assert echo.seen == []


async def test_the_same_update_delivered_twice_is_answered_once(fake, echo):
    update = fake.message_update(USER, "예약할래요")
    metrics = fresh_metrics()
    async with serving(fake, echo, webhook=True, metrics=metrics):
        first = await fake.post_webhook(update)
        again = await fake.post_webhook(update)

    assert (first, again) == (200, 200)
    assert len(fake.sent_messages(USER)) == 1
    assert echo.keys == [f"telegram:{update['update_id']}"]
    assert metrics.registry.get_sample_value("errors_total", {"channel": "telegram"}) is None


async def test_an_edited_message_is_acknowledged_and_ignored(webhook_channel, fake, echo):
    update = fake.message_update(USER, "고침")
    edited = {"update_id": update["update_id"], "edited_message": update["message"]}

    assert await fake.post_webhook(edited) == 200
    assert echo.seen == []


async def test_a_long_reply_arrives_in_parts_within_4096_characters(webhook_channel, fake, echo):
    lines = [f"{n:03d} <과정> & 설명 " + "가" * 180 for n in range(60)]  # ~12 000 characters
    echo.respond = lambda incoming: Reply.of(Message(text="\n".join(lines)))

    assert await fake.post_webhook(fake.message_update(USER, "전체 목록")) == 200

    parts = [message["text"] for message in fake.sent_messages(USER)]
    assert len(parts) >= 3
    assert all(len(part) <= 4096 for part in parts)
    assert "\n".join(parts) == "\n".join(lines)  # cut only between lines, escaping intact


async def test_one_line_longer_than_a_message_is_cut_without_losing_text(
    webhook_channel, fake, echo
):
    text = "&<>" + "가나다라마바사 " * 700 + "끝"
    echo.respond = lambda incoming: Reply.of(Message(text=text))

    await fake.post_webhook(fake.message_update(USER, "긴 글"))

    parts = [message["text"] for message in fake.sent_messages(USER)]
    assert len(parts) >= 2
    assert "".join(parts) == text


async def test_buttons_arrive_as_an_inline_keyboard_without_over_long_data(
    webhook_channel, fake, echo
):
    too_long = "programme:" + "x" * 60
    echo.respond = lambda incoming: Reply.of(
        Message(
            text="추천 과정",
            buttons=(
                (Button("자세히", data="detail:7"), Button("너무 긴", data=too_long)),
                (Button("고용24", url="https://www.work24.go.kr"),),
            ),
            cards=(
                Card("콜센터 상담원", "광명시 · 9월 1일", ((Button("신청", data="apply:7"),),)),
            ),
        )
    )

    await fake.post_webhook(fake.message_update(USER, "추천"))

    [message] = fake.sent_messages(USER)
    # A card's buttons come first and carry its mark; the message's own buttons follow.
    assert message["reply_markup"]["inline_keyboard"] == [
        [{"text": "① 신청", "callback_data": "apply:7"}],
        [{"text": "자세히", "callback_data": "detail:7"}],
        [{"text": "고용24", "url": "https://www.work24.go.kr"}],
    ]
    assert message["text"] == "추천 과정\n\n① 콜센터 상담원\n광명시 · 9월 1일"
    assert "<b>① 콜센터 상담원</b>" in fake.calls_to("sendMessage")[0].params["text"]
    assert not any(too_long in str(call.params) for call in fake.calls)


async def test_a_button_press_is_answered_and_its_data_reaches_the_engine(
    webhook_channel, fake, echo
):
    await fake.post_webhook(fake.message_update(USER, "시작"))
    press = fake.callback_update(USER, "detail:7")  # any data: the channel passes it on as it is

    assert await fake.post_webhook(press) == 200

    assert fake.answered_callbacks == [press["callback_query"]["id"]]
    assert echo.seen[-1].data == "detail:7"
    assert sent_callback_data(fake) == []
    assert fake.sent_messages(USER)[-1]["text"] == "echo: detail:7"


async def test_a_place_and_a_file_arrive_as_venue_and_document(webhook_channel, fake, echo):
    calendar = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    echo.respond = lambda incoming: Reply.of(
        Message(
            text="예약이 확정되었어요",
            location=Location(37.4786, 126.8646, "일자리버스", "광명시 철산로 1"),
            attachment=Attachment("booking.ics", calendar, "text/calendar"),
        )
    )

    await fake.post_webhook(fake.message_update(USER, "확정"))

    text, venue, document = fake.sent_messages(USER)
    assert text["text"] == "예약이 확정되었어요"
    assert venue["venue"]["title"] == "일자리버스"
    assert document["document"]["file_name"] == "booking.ics"
    assert fake.calls_to("sendDocument")[0].files["document"].content == calendar


async def test_a_failing_engine_is_logged_and_the_webhook_still_answers(fake, echo):
    def explode(incoming: Incoming) -> Reply:
        raise RuntimeError("database is down")

    echo.respond = explode
    metrics = fresh_metrics()
    async with serving(fake, echo, webhook=True, metrics=metrics):
        status = await fake.post_webhook(fake.message_update(USER, "안녕"))

    assert status == 200
    assert fake.sent_messages(USER) == []
    labels = {"channel": "telegram"}
    assert metrics.registry.get_sample_value("errors_total", labels) == 1
    assert metrics.registry.get_sample_value("updates_total", labels) == 1
    assert metrics.registry.get_sample_value("replies_total", labels) is None


async def test_metrics_count_updates_replies_and_latency(fake, echo):
    metrics = fresh_metrics()
    async with serving(fake, echo, webhook=True, metrics=metrics):
        await fake.post_webhook(fake.message_update(USER, "하나"))
        await fake.post_webhook(fake.message_update(USER, "둘"))

    labels = {"channel": "telegram"}
    assert metrics.registry.get_sample_value("updates_total", labels) == 2
    assert metrics.registry.get_sample_value("replies_total", labels) == 2
    assert metrics.registry.get_sample_value("latency_count", labels) == 2


async def test_polling_receives_a_queued_update_and_replies(fake, echo):
    async with serving(fake, echo, webhook=False):
        await fake.queue_update(fake.message_update(USER, "폴링"))
        [answer] = await fake.wait_for_messages(USER, 1)

    assert answer["text"] == "echo: 폴링"
    assert fake.calls_to("deleteWebhook")
    assert fake.calls_to("setWebhook") == []


def test_a_webhook_without_a_secret_is_refused_at_construction(echo):
    with pytest.raises(ValueError, match="secret"):
        TelegramChannel(
            token="1:x",
            api_url="http://127.0.0.1:1/bot",
            webhook_url="https://bot.example.org/telegram/webhook",
            webhook_secret="",
            engine=echo,
        )


def test_the_file_url_follows_the_api_url():
    assert file_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"
