"""Her web chat's live stream on the real server (SQLite and PostgreSQL): a counsellor's reply
reaches her page as it is sent, is replayed after a reconnect (Last-Event-ID) and then counts
as delivered; so does the note that the counsellor (or a timeout) ended the talk (then not
said again on her next message), never the counsellor's own notes in the transcript; nobody
else can listen to it: not another visitor, not a forged or unsigned cookie naming her, and
there is no id in the address to change."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from bot.channels.web.identity import NAME
from handlers.flows.handoff.delivery import close_by_counsellor, untold_closing
from handlers.flows.handoff.timeouts import HandoffTimeouts, apply_timeouts
from storage.records import StaffIdentity
from storage.uow import UnitOfWork
from tests.admin.conftest import add_web_login, first_centre
from tests.chat import make_settings
from tests.conftest import prepared_database, running_app
from tests.sse import first_events


@pytest.fixture
async def site(database_url):
    await prepared_database(database_url)
    await add_web_login(database_url, "counsellor.live", "live-password-1", "staff", [])
    async with running_app(database_url=database_url) as app:
        yield app


async def visitor(site) -> tuple[aiohttp.ClientSession, str]:
    """A web-chat visitor who has her cookie; (her session, her visitor id)."""
    session = aiohttp.ClientSession(base_url=site.url, cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with session.post("/api/chat", json={"data": "sys:resume"}) as response:
        assert response.status == 200
    cookie = next(c for c in session.cookie_jar if c.key == NAME)
    return session, cookie.value.split(".")[0]


async def counsellor_replies(site, external_id: str, text: str) -> int:
    """Her request, claimed by a counsellor of its centre who replies; the handoff's id."""
    now = datetime.now(UTC)
    centre = await first_centre(site.settings.database_url)
    async with UnitOfWork(site.database) as uow:
        user = await uow.users.find("web", external_id)
        await uow.staff.set_centres((await uow.staff.web_identity("counsellor.live")).id, [centre])
        staff = await uow.staff.web_identity("counsellor.live")
        handoff, _ = await uow.handoffs.open_request(user.id, user.id, centre, None, now)
        who = StaffIdentity(staff.id, staff.role, staff.scope, staff.session_version)
        assert await uow.handoffs.claim(handoff.id, who, now)
        assert await uow.handoffs.reply(handoff.id, who, text, now)
        await uow.commit()
    return handoff.id


async def counsellor_closes(site, handoff_id: int) -> None:
    async with UnitOfWork(site.database) as uow:
        staff = await uow.staff.web_identity("counsellor.live")
        who = StaffIdentity(staff.id, staff.role, staff.scope, staff.session_version)
        assert await close_by_counsellor(uow, handoff_id, who, datetime.now(UTC))
        await uow.commit()


async def untold(site, handoff_id: int) -> list:
    """The closing note of the handoff not yet told to her chat."""
    async with UnitOfWork(site.database) as uow:
        handoff = await uow.handoffs.get(handoff_id)
        found = await untold_closing(uow, handoff_id, handoff.chat_id, datetime.now(UTC))
    return found


async def events(
    session, count: int, last: str = "", query: dict | None = None, wait_s: float | None = None
) -> list[dict]:
    """`count` events of her stream; with `wait_s`, what came within that time (maybe none)."""
    headers = {"Last-Event-ID": last} if last else {}
    found: list[dict] = []
    timeout = aiohttp.ClientTimeout(total=wait_s or 15)
    try:
        async with session.get(
            "/api/chat/events", headers=headers, params=query or {}, timeout=timeout
        ) as stream:
            assert stream.status == 200
            return await first_events(stream, count, found)
    except TimeoutError:
        if wait_s is None:
            raise
        return found


async def test_a_counsellors_reply_reaches_her_page_and_is_replayed_after_a_reconnect(site):
    her, her_id = await visitor(site)
    try:
        await counsellor_replies(site, her_id, "안녕하세요, 상담사예요.")
        [reply] = await events(her, 1, query={"after": "0"})
        assert reply["event"] == "message"
        assert reply["data"] == {"text": "안녕하세요, 상담사예요."}
        # written to her page: the chat does not show it again on her next message
        async with UnitOfWork(site.database) as uow:
            person = await uow.users.person("web", her_id)
            assert await uow.handoffs.undelivered(person.id) == []
        # a reconnect from before it replays it; from after it, nothing is repeated
        again = await events(her, 1, last=str(int(reply["id"]) - 1))
        assert again[0]["data"] == reply["data"]
    finally:
        await her.close()


async def test_nobody_else_can_listen_to_her_stream(site):
    her, her_id = await visitor(site)
    stranger, stranger_id = await visitor(site)
    try:
        await counsellor_replies(site, her_id, "그분께만 보내는 답이에요.")
        await counsellor_replies(site, stranger_id, "이분께 보내는 답이에요.")
        # his stream from the very start: his reply, never hers (which was written first)
        [first] = await events(stranger, 1, query={"after": "0"})
        assert first["data"] == {"text": "이분께 보내는 답이에요."}
        async with aiohttp.ClientSession(base_url=site.url) as nobody:
            for cookie in (her_id, f"{her_id}.9999999999.forged-signature-forged-signature-xxxx"):
                async with nobody.get(
                    "/api/chat/events",
                    params={"after": "0"},
                    headers={"Cookie": f"{NAME}={cookie}"},
                ) as refused:
                    assert refused.status == 403
                    assert await refused.read() == b""
    finally:
        await her.close()
        await stranger.close()


async def test_odd_event_ids_and_many_streams_of_one_visitor_change_nothing(site):
    her, her_id = await visitor(site)
    try:
        await counsellor_replies(site, her_id, "처음 답이에요.")
        # ids that are not plain ASCII digits of at most 18 are not believed (never a 500): the
        # stream starts at the newest event
        for odd in ("-1", "1e3", "１", "9" * 19, "0 OR 1=1"):
            someone, _ = await visitor(site)
            try:
                async with someone.get(
                    "/api/chat/events", headers={"Last-Event-ID": odd}, params={"after": odd}
                ) as stream:
                    assert stream.status == 200
                    assert (await stream.content.readline()).startswith(b"retry:")
            finally:
                await someone.close()
    finally:
        await her.close()
    many, _ = await visitor(site)  # one visitor's tabs: three streams, not a thousand
    try:
        opened = [
            await many.get("/api/chat/events", timeout=aiohttp.ClientTimeout(total=15))
            for _ in range(3)
        ]
        try:
            assert all(stream.status == 200 for stream in opened)
            async with many.get("/api/chat/events") as refused:
                assert refused.status == 429
        finally:
            for stream in opened:
                stream.close()
    finally:
        await many.close()


async def test_the_counsellor_ending_the_talk_reaches_her_page_live_once(site):
    her, her_id = await visitor(site)
    try:
        handoff = await counsellor_replies(site, her_id, "도움이 되셨길 바라요.")
        [reply] = await events(her, 1, query={"after": "0"})
        await counsellor_closes(site, handoff)
        [closed] = await events(her, 1, last=reply["id"])
        assert closed["event"] == "closed"
        assert closed["data"]["text"].startswith("상담 선생님이 상담을 마쳤어요.")
        labels = [b["label"] for row in closed["data"]["buttons"] for b in row]
        assert "처음으로" in labels  # a way on from here, as in every answer
        # told: her next message does not say it again, nor does a stream from after it
        assert await untold(site, handoff) == []
        assert await events(her, 1, last=closed["id"], wait_s=2) == []
    finally:
        await her.close()


async def test_a_timeout_is_told_live_in_her_words_not_the_counsellors_note(site):
    her, her_id = await visitor(site)
    try:
        handoff = await counsellor_replies(site, her_id, "잠시만요.")
        [reply] = await events(her, 1, query={"after": "0"})
        later = datetime.now(UTC) + timedelta(hours=2)
        async with UnitOfWork(site.database) as uow:
            assert await apply_timeouts(uow, later, HandoffTimeouts(), make_settings()) == 1
            await uow.commit()
        [closed] = await events(her, 2, last=reply["id"], wait_s=3)  # and nothing else
        assert closed["event"] == "closed"
        assert "한동안 대화가 없어서 상담을 마쳤어요." in closed["data"]["text"]
        assert "챗봇으로 돌아갔어요" not in json.dumps(closed, ensure_ascii=False)
        assert await untold(site, handoff) == []
    finally:
        await her.close()
