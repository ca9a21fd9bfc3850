"""Button data naming a row by id, forged in the web chat (which takes any JSON): odd digits,
ids past any integer column, other people's rows. Each gets the friendly re-prompt and
changes nothing; none reaches the database as an error (on SQLite and PostgreSQL)."""

from __future__ import annotations

from tests.security.chats import WebChat, the_app

APOLOGY = "문제가 생겼어요"
FORGED = ("²", "٣", "99999999999999999999999", "0x10", "-1")
NAMED_BY_ID = (
    "bk:c:{}",
    "bk:cy:{}",
    "bk:m:{}",
    "bk:wa:{}",
    "bk:t:{}",
    "me:unlink:{}",
    "unsub:{}",
    "prog:{}",
    "st:a:{}",
)


async def test_forged_ids_in_buttons_get_a_friendly_answer(database_url):
    async with the_app(database_url) as (app, _fake, _session, _kakao):
        web = WebChat(app.url)
        try:
            await web.agree()
            for forged in FORGED:
                for data in NAMED_BY_ID:
                    # forged on purpose: data no button ever showed
                    answer = await web.press(data.format(forged))
                    assert web.status == 200 and answer and APOLOGY not in answer, data
        finally:
            await web.close()
