"""The fake Bot API itself: it must refuse what Telegram refuses and answer like Telegram.

Driven over raw HTTP, so these tests check the wire format and not python-telegram-bot.
"""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest

from tests.fakes.bot_api import FakeBotApi


@pytest.fixture
async def fake():
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
async def call(fake):
    async with aiohttp.ClientSession() as session:

        async def post(method: str, **params: object) -> tuple[int, dict]:
            url = f"{fake.api_url}{fake.token}/{method}"
            async with session.post(url, json=params) as response:
                return response.status, await response.json()

        yield post


@pytest.mark.parametrize(
    ("text", "visible"),
    [
        (
            "<b>굵게</b> <i>기울임</i> <u>밑줄</u> <s>취소</s> <code>x</code>",
            "굵게 기울임 밑줄 취소 x",
        ),
        ('<a href="https://www.work24.go.kr">고용24</a> &lt;&gt;&amp;&quot;&#39;', "고용24 <>&\"'"),
        ('<span class="tg-spoiler">비밀</span> <tg-spoiler>비밀</tg-spoiler>', "비밀 비밀"),
        ("<blockquote><strong>인용</strong> <pre><em>강조</em></pre></blockquote>", "인용 강조"),
    ],
)
async def test_telegram_html_is_accepted_and_shown_parsed(call, text, visible):
    status, body = await call("sendMessage", chat_id=1, text=text, parse_mode="HTML")

    assert status == 200, body
    assert body["result"]["text"] == visible


@pytest.mark.parametrize(
    "text",
    [
        "<b>열린 채 끝남",
        "<b><i>엇갈림</b></i>",
        "닫기만 </b>",
        "<div>모르는 태그</div>",
        '<span class="other">스포일러 아님</span>',
        "a < b",
        "소금 & 후추",
        "&nbsp;없는 엔티티",
    ],
)
async def test_broken_html_is_refused_as_unparseable_entities(call, text):
    status, body = await call("sendMessage", chat_id=1, text=text, parse_mode="HTML")

    assert status == 400
    assert body["ok"] is False
    assert body["error_code"] == 400
    assert body["description"].startswith("Bad Request: can't parse entities")


async def test_plain_text_without_parse_mode_may_hold_angle_brackets(call):
    status, body = await call("sendMessage", chat_id=1, text="a < b & c")

    assert status == 200
    assert body["result"]["text"] == "a < b & c"


async def test_text_longer_than_4096_is_refused(call, fake):
    ok_status, _ = await call("sendMessage", chat_id=1, text="가" * 4096)
    status, body = await call("sendMessage", chat_id=1, text="가" * 4097)

    assert ok_status == 200
    assert (status, body["description"]) == (400, "Bad Request: message is too long")
    assert len(fake.sent_messages(1)) == 1


async def test_length_is_counted_after_html_parsing(call):
    text = "<b>" + "&amp;" * 4096 + "</b>"  # 4096 visible characters

    status, _ = await call("sendMessage", chat_id=1, text=text, parse_mode="HTML")

    assert status == 200


@pytest.mark.parametrize("text", ["", "   ", "<b></b>"])
async def test_empty_text_is_refused(call, text):
    status, body = await call("sendMessage", chat_id=1, text=text, parse_mode="HTML")

    assert (status, body["description"]) == (400, "Bad Request: message text is empty")


def keyboard(data: str) -> dict:
    return {"inline_keyboard": [[{"text": "버튼", "callback_data": data}]]}


async def test_callback_data_up_to_64_bytes_is_accepted(call, fake):
    data = "가" * 21 + "x"  # 63 + 1 bytes

    status, body = await call("sendMessage", chat_id=1, text="t", reply_markup=keyboard(data))

    assert status == 200
    assert body["result"]["reply_markup"] == keyboard(data)


@pytest.mark.parametrize("data", ["가" * 22, "x" * 65, ""])
async def test_callback_data_outside_1_to_64_bytes_is_refused(call, fake, data):
    status, body = await call("sendMessage", chat_id=1, text="t", reply_markup=keyboard(data))

    assert (status, body["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")
    assert fake.sent_messages(1) == []


async def test_reply_markup_sent_as_a_json_string_in_a_form_is_checked(fake):
    form = {"chat_id": "1", "text": "t", "reply_markup": json.dumps(keyboard("x" * 65))}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{fake.api_url}{fake.token}/sendMessage", data=form) as response,
    ):
        body = await response.json()

    assert body["description"] == "Bad Request: BUTTON_DATA_INVALID"


async def test_injected_429_answers_like_telegram_once(call, fake):
    fake.fail_next("sendMessage", 429, retry_after=1)

    first = await call("sendMessage", chat_id=1, text="t")
    second = await call("sendMessage", chat_id=1, text="t")

    assert first == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        },
    )
    assert second[0] == 200


async def test_wrong_token_is_unauthorized_and_unknown_method_not_found(fake):
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{fake.api_url}999:nope/getMe") as wrong_token:
            assert wrong_token.status == 401
        async with session.post(f"{fake.api_url}{fake.token}/sendPigeon") as unknown:
            assert unknown.status == 404


async def test_get_updates_confirms_below_the_offset(call, fake):
    first = fake.message_update(5, "하나")
    second = fake.message_update(5, "둘")
    await fake.queue_update(first)
    await fake.queue_update(second)

    _, everything = await call("getUpdates")
    _, after_first = await call("getUpdates", offset=first["update_id"] + 1)
    _, after_second = await call("getUpdates", offset=second["update_id"] + 1)

    assert [u["update_id"] for u in everything["result"]] == [
        first["update_id"],
        second["update_id"],
    ]
    assert [u["update_id"] for u in after_first["result"]] == [second["update_id"]]
    assert after_second["result"] == []


async def test_get_updates_long_polls_until_an_update_arrives(call, fake):
    poll = asyncio.create_task(call("getUpdates", timeout=5))
    await asyncio.sleep(0.2)
    assert not poll.done()

    update = fake.message_update(5, "안녕")
    await fake.queue_update(update)
    _, body = await asyncio.wait_for(poll, 2)

    assert body["result"] == [update]


async def test_get_updates_with_a_webhook_set_is_a_conflict(call, fake):
    await call("setWebhook", url="http://127.0.0.1:1/hook", secret_token="s3cret_-X")
    status, body = await call("getUpdates")

    assert status == 409
    assert fake.webhook.url == "http://127.0.0.1:1/hook"
    assert fake.webhook.secret_token == "s3cret_-X"


async def test_secret_token_with_unallowed_characters_is_refused(call, fake):
    status, _ = await call("setWebhook", url="https://example.org/hook", secret_token="비밀")

    assert status == 400
    assert fake.webhook.url == ""


async def test_callback_query_is_answered_once(call, fake):
    await call("sendMessage", chat_id=3, text="고르세요")
    update = fake.callback_update(3, "pick:1")  # the fake's own check: any data will do
    query_id = update["callback_query"]["id"]

    first, _ = await call("answerCallbackQuery", callback_query_id=query_id)
    again, _ = await call("answerCallbackQuery", callback_query_id=query_id)

    assert (first, again) == (200, 400)
    assert fake.answered_callbacks == [query_id]
    assert update["callback_query"]["message"]["text"] == "고르세요"


async def test_edit_message_text_changes_the_stored_message(call, fake):
    _, sent = await call("sendMessage", chat_id=3, text="전")
    message_id = sent["result"]["message_id"]

    status, _ = await call("editMessageText", chat_id=3, message_id=message_id, text="후")
    unchanged, _ = await call("editMessageText", chat_id=3, message_id=message_id, text="후")

    assert (status, unchanged) == (200, 400)
    assert fake.sent_messages(3)[0]["text"] == "후"


async def test_wait_for_messages_fails_clearly_when_nothing_arrives(fake):
    with pytest.raises(AssertionError, match="expected 1 messages, got 0"):
        await fake.wait_for_messages(9, 1, timeout=0.2)
