"""Issue 12, item 5: odd input gets 4xx, never 500, on every route: deeply nested, non-object
and non-UTF-8 JSON, non-ASCII tokens in paths (percent-encoded; raw ones aiohttp refuses
itself), secrets and cookies, broken forms, sent as raw bytes to the real server (an admin
cookie that is not ours is simply no session); and a forged id in button data gets a
re-prompt, not an apology."""

from __future__ import annotations

from tests.conftest import app_with_telegram, prepared_database
from tests.security.web import http, raw

JSON = (b"Content-Type", b"application/json")
FORM = (b"Content-Type", b"application/x-www-form-urlencoded")
NESTED = b"[" * 60_000  # under the 64 KiB limit, far deeper than any parser's recursion
NESTED_OBJECT = b'{"a":' * 12_000
KAKAO = "kakao-skill-secret"


def odd_requests(telegram_secret: bytes) -> dict[str, bytes]:
    telegram = (b"X-Telegram-Bot-Api-Secret-Token", telegram_secret)
    kakao = f"/kakao/skill/{KAKAO}".encode()
    return {
        "chat: nested array": http("POST", b"/api/chat", [JSON], NESTED),
        "chat: nested object": http("POST", b"/api/chat", [JSON], NESTED_OBJECT),
        "chat: not UTF-8": http("POST", b"/api/chat", [JSON], b'{"text": "\xff\xfe"}'),
        "chat: not an object": http("POST", b"/api/chat", [JSON], b"[1, 2]"),
        "forget: not JSON": http("POST", b"/api/chat/forget", [FORM], b"a=1"),
        "ics: Arabic digits": http("GET", b"/ics/%D9%A1%D9%A2_abc.ics"),
        "ics: superscript": http("GET", b"/ics/%C2%B2_abc.ics"),
        "ics: Hangul signature": http("GET", b"/ics/12_%EA%B0%80.ics"),
        "ics: not UTF-8": http("GET", b"/ics/12_%FF%FE.ics"),
        "ics: raw Hangul": http("GET", "/ics/12_가.ics".encode()),
        "kakao: Hangul secret": http("POST", b"/kakao/skill/%EA%B0%80", [JSON], b"{}"),
        "kakao: not UTF-8 secret": http("POST", b"/kakao/skill/%FF", [JSON], b"{}"),
        "kakao: nested": http("POST", kakao, [JSON], NESTED),
        "kakao: not UTF-8": http("POST", kakao, [JSON], b'{"a": "\xff"}'),
        "kakao: not an object": http("POST", kakao, [JSON], b"[1]"),
        "telegram: Hangul secret": http(
            "POST", b"/telegram/webhook", [JSON, (telegram[0], "가".encode())], b"{}"
        ),
        "telegram: Latin-1 secret": http(
            "POST", b"/telegram/webhook", [JSON, (telegram[0], b"\xff\xfe")], b"{}"
        ),
        "telegram: nested": http("POST", b"/telegram/webhook", [JSON, telegram], NESTED),
        "telegram: not UTF-8": http(
            "POST", b"/telegram/webhook", [JSON, telegram], b'{"update_id": "\xff"}'
        ),
        "admin: Hangul session cookie": http(
            "GET", b"/admin/", [(b"Cookie", "ilteo_admin=가.나".encode())]
        ),
        "admin: Latin-1 session cookie": http(
            "GET", b"/admin/", [(b"Cookie", b"ilteo_admin=\xff.\xfe")]
        ),
        "admin: Hangul flash cookie": http(
            "GET", b"/admin/login", [(b"Cookie", "ilteo_admin_flash=가.나".encode())]
        ),
        "chat events: Hangul cookie, Latin-1 last id": http(
            "GET",
            b"/api/chat/events",
            [(b"Cookie", "ilteo_uid=가.나".encode()), (b"Last-Event-ID", b"\xff\xfe")],
        ),
        "inbox: Hangul id": http("GET", b"/admin/inbox/%EA%B0%80"),
        "inbox: Hangul claim": http("POST", b"/admin/inbox/%EA%B0%80/claim", [FORM], b"a=1"),
        "admin: broken multipart login": http(
            "POST",
            b"/admin/login",
            [(b"Content-Type", b"multipart/form-data; boundary=x")],
            b"--x\r\njunk\r\n",
        ),
    }


async def test_odd_input_gets_4xx_never_500(sqlite_url):
    await prepared_database(sqlite_url, demo=False)
    async with app_with_telegram(sqlite_url, kakao_skill_secret=KAKAO) as (app, _fake):
        secret = app.settings.webhook_secret().encode()
        statuses = {
            name: await raw(app.url, request) for name, request in odd_requests(secret).items()
        }
        # A cookie that is not ours is no session: the login page (or a redirect to it).
        wrong = {
            name: status
            for name, status in statuses.items()
            if not (400 <= status < 500 or ("cookie" in name and status in (200, 303)))
        }
        assert wrong == {}


async def test_a_non_ascii_csrf_token_is_refused_not_an_error(sqlite_url):
    await prepared_database(sqlite_url, demo=False)
    from tests.conftest import running_app

    async with running_app(database_url=sqlite_url) as app:
        import aiohttp

        async with aiohttp.ClientSession(base_url=app.url) as session:
            async with session.get("/admin/login") as form:
                session_cookie = form.cookies["ilteo_admin"].value
        headers = [FORM, (b"Cookie", f"ilteo_admin={session_cookie}".encode())]
        body = "csrf=가나다&login=a&password=b".encode()
        assert await raw(app.url, http("POST", b"/admin/login", headers, body)) == 403


async def test_an_id_too_large_for_the_database_is_404_for_staff(admin):
    """A signed-in staff member's typo is not a 500 either (SQLite and PostgreSQL)."""
    for path in ("/admin/centres/" + "9" * 30, "/admin/broadcasts/" + "9" * 5000 + "/status"):
        assert (await admin.get(path)).status == 404


HUGE = "9" * 40
FORGED_BUTTONS = [
    "bk:t:" + HUGE,
    "bk:c:²",
    "bk:y:١٢",
    "prog:" + HUGE,
    "sub:p:" + HUGE,
    "sub:v:²",
    "unsub:" + HUGE,
    "rec:" + HUGE,
    "bk:p:c" + HUGE,
]


async def test_forged_ids_in_button_data_get_a_re_prompt_not_an_apology(database_url):
    """Numbers no row can have (too large for the database, or digits only to `isdigit`)."""
    from tests.security.web import chat_app, texts, visitor

    async with chat_app(database_url) as (app, _slots), visitor(app) as her:
        await her.agree()
        for data in FORGED_BUTTONS:  # forged on purpose: data no button ever carried
            shown = texts(await her.say(data=data))
            assert "문제가 생겼어요" not in shown, data
