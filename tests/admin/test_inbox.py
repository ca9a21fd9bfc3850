"""The counsellors' inbox through HTTP, as a browser without JavaScript uses it (SQLite and
PostgreSQL): her centres' requests only, with the time waited and unread counts; claiming (two
at once: one wins, the other is told), replying in her language, closing, transferring; and
its live stream, which replays what came after the `Last-Event-ID` it is given."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import aiohttp
import pytest

from handlers.messages import Incoming
from storage.uow import UnitOfWork
from tests.admin.client import AdminClient
from tests.admin.conftest import add_web_login, first_centre
from tests.admin.inbox_seeding import ask_for_person, she_writes
from tests.chat import Clock, Person, make_engine
from tests.handlers.test_conversation import onboard
from tests.sse import first_events

COLLEAGUE = ("counsellor.choi", "counsellor-password-2")
OTHER_CENTRE = ("counsellor.han", "counsellor-password-3")


async def signed_in(site, login: str, password: str) -> AdminClient:
    client = AdminClient(site.url)
    assert (await client.sign_in(login, password)).status == 303
    return client


@pytest.fixture
async def colleague(admin_site):
    centre = await first_centre(admin_site.settings.database_url)
    await add_web_login(admin_site.settings.database_url, *COLLEAGUE, "staff", [centre])
    client = await signed_in(admin_site, *COLLEAGUE)
    yield client
    await client.close()


async def flash_after(client: AdminClient, page) -> str:
    assert page.status == 303, page.text
    return (await client.get(page.location)).shown


async def test_a_counsellor_sees_her_centres_requests_only(admin_site, counsellor, admin):
    centre = await first_centre(admin_site.settings.database_url)
    ours = await ask_for_person(admin_site.database, "web-ours", centre)
    shared = await ask_for_person(admin_site.database, "web-nowhere", None)
    await she_writes(admin_site.database, ours, "빨리 답해 주세요")

    page = (await counsellor.get("/admin/inbox")).shown
    assert f"상담 {ours}번 열기" in page and f"상담 {shared}번 열기" not in page
    assert '<span class="unread">2</span>' in page  # hers before asking, and since
    assert "취업 상담이 필요해요" in page
    assert (await counsellor.get(f"/admin/inbox/{shared}")).status == 404

    everything = (await admin.get("/admin/inbox?tab=all")).shown
    assert f"상담 {ours}번 열기" in everything and f"상담 {shared}번 열기" in everything
    assert "공동 대기열" in everything


async def test_two_counsellors_claiming_at_once_one_wins_the_other_is_told(
    admin_site, counsellor, colleague
):
    centre = await first_centre(admin_site.settings.database_url)
    handoff = await ask_for_person(admin_site.database, "web-claimed", centre)
    for client in (counsellor, colleague):
        await client.get(f"/admin/inbox/{handoff}")
    address = f"/admin/inbox/{handoff}/claim"
    pages = await asyncio.gather(counsellor.post(address), colleague.post(address))
    said = [
        await flash_after(client, page)
        for client, page in zip((counsellor, colleague), pages, strict=True)
    ]
    won = [text for text in said if "상담을 맡았어요" in text]
    lost = [text for text in said if "다른 상담사가 먼저 맡았어요" in text]
    assert len(won) == 1 and len(lost) == 1
    mine = (await counsellor.get("/admin/inbox?tab=mine")).shown
    theirs = (await colleague.get("/admin/inbox?tab=mine")).shown
    assert (f"상담 {handoff}번 열기" in mine) != (f"상담 {handoff}번 열기" in theirs)


async def test_claim_reply_transfer_and_close_without_javascript(admin_site, counsellor, colleague):
    centre = await first_centre(admin_site.settings.database_url)
    handoff = await ask_for_person(admin_site.database, "web-vi", centre, language="vi")
    one = f"/admin/inbox/{handoff}"
    page = (await counsellor.get(one)).shown
    assert "요리 교육 있어요?" in page and "한식조리 과정이 있어요." in page  # before asking
    assert "이 상담 맡기" in page
    await counsellor.post(one + "/claim")

    assert "보낼 내용을 써 주세요" in await flash_after(
        counsellor, await counsellor.post(one + "/reply", {"text": "   "})
    )
    too_long = await counsellor.post(one + "/reply", {"text": "가" * 4001})
    assert "4,000자 이하로" in await flash_after(counsellor, too_long)
    await counsellor.post(one + "/reply", {"text": "안녕하세요, 상담사 이에요."})
    await counsellor.post(one + "/reply", {"saved": "hello"})
    page = (await counsellor.get(one)).shown
    assert "안녕하세요, 상담사 이에요." in page
    assert "Xin chào" in page  # the saved answer went in her language

    # the colleague may not answer a conversation she does not hold
    await colleague.get(one)
    refused = await colleague.post(one + "/reply", {"text": "저도 답할게요"})
    assert "답장할 수 없어요" in await flash_after(colleague, refused)

    colleague_id = await _staff_id(admin_site, COLLEAGUE[0])
    moved = await counsellor.post(one + "/transfer", {"to": str(colleague_id)})
    assert f"{COLLEAGUE[0]}님에게 넘겼어요" in await flash_after(counsellor, moved)
    assert f"상담 {handoff}번 열기" in (await colleague.get("/admin/inbox?tab=mine")).shown

    closed = await colleague.post(one + "/close")
    assert "상담을 끝냈어요" in await flash_after(colleague, closed)
    assert "끝난 상담이에요" in (await colleague.get(one)).shown
    again = await colleague.post(one + "/close")
    assert "이미 끝났거나" in await flash_after(colleague, again)


async def test_the_conversation_shows_what_she_said_with_the_bot_before_asking(admin_site, admin):
    clock = Clock()
    her = Person(make_engine(admin_site.database, clock), external_id="web-chatty")
    await onboard(her)
    answer = await her.say("요리 교육 받고 싶어요")
    await her.ask_for_a_person()
    clock.advance(minutes=1)
    await her.engine.handle(Incoming("web", her.external_id, text="빨리 연결해 주세요"))
    async with UnitOfWork(admin_site.database) as uow:
        person = await uow.users.person("web", her.external_id)
        handoff = await uow.handoffs.open_for(person.id)

    page = (await admin.get(f"/admin/inbox/{handoff.id}")).shown
    earlier = page[page.index('id="chat-log"') : page.index('id="talk-heading"')]
    assert "요리 교육 받고 싶어요" in earlier
    assert answer.messages[0].text.splitlines()[0] in earlier  # the bot's answer
    assert earlier.count("챗봇과 대화") >= 2  # each line is marked as one with the bot
    talk = page[page.index('id="talk-heading"') :]
    assert "빨리 연결해 주세요" in talk and "빨리 연결해 주세요" not in earlier  # not doubled


async def test_a_counsellor_of_another_centre_cannot_act_on_it(admin_site):
    url = admin_site.settings.database_url
    centre = await first_centre(url)
    handoff = await ask_for_person(admin_site.database, "web-elsewhere", centre)
    await add_web_login(url, *OTHER_CENTRE, "staff", [centre + 1])
    stranger = await signed_in(admin_site, *OTHER_CENTRE)
    try:
        await stranger.get("/admin/inbox")
        assert (await stranger.post(f"/admin/inbox/{handoff}/claim")).status == 404
        assert (await stranger.get(f"/admin/inbox/{handoff}")).status == 404
        assert (await stranger.post(f"/admin/inbox/{handoff}/close")).status == 404
        assert (await stranger.post(f"/admin/inbox/{handoff}/reply", {"text": "?"})).status == 404
        no_csrf = await stranger.post(f"/admin/inbox/{handoff}/claim", csrf=False)
        assert no_csrf.status == 403
        # his live stream, read from the very start, holds only his centre's request
        his = await ask_for_person(admin_site.database, "web-there", centre + 1)
        [first] = await read_events(stranger, {"after": "0"}, count=1)
        assert first["data"]["handoff"] == his
    finally:
        await stranger.close()


async def test_the_stream_sends_new_requests_and_replays_after_a_reconnect(admin_site, counsellor):
    centre = await first_centre(admin_site.settings.database_url)
    await counsellor.get("/admin/inbox")
    first = await ask_for_person(admin_site.database, "web-first", centre)
    events = await read_events(counsellor, {"after": "0"}, count=1)
    assert events[0]["data"] == {"handoff": first, "kind": "requested", "state": "waiting"}

    # while nobody listened: her message and a second request
    await she_writes(admin_site.database, first, "아직인가요?")
    second = await ask_for_person(admin_site.database, "web-second", centre)
    replayed = await read_events(counsellor, {}, count=2, last=events[0]["id"])
    assert [(e["data"]["handoff"], e["data"]["kind"]) for e in replayed] == [
        (first, "message"),
        (second, "requested"),
    ]
    assert "아직인가요" not in json.dumps(replayed, ensure_ascii=False)  # ids only, no text


async def test_the_stream_wants_a_signed_in_counsellor(admin_site, client):
    async with client.session.get(
        admin_site.url + "/admin/inbox/events", allow_redirects=False
    ) as response:
        assert response.status == 303
        assert response.headers["Location"].startswith("/admin/login")


async def read_events(client: AdminClient, query: dict, count: int, last: str = "") -> list:
    """`count` events of the inbox's stream (each {"id", "data"})."""
    headers = {"Last-Event-ID": last} if last else {}
    found: list[dict] = []
    timeout = aiohttp.ClientTimeout(total=15)
    url = client.base_url + "/admin/inbox/events"
    async with client.session.get(url, params=query, headers=headers, timeout=timeout) as stream:
        assert stream.status == 200
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        return await first_events(stream, count, found)


async def _staff_id(site, login: str) -> int:
    async with UnitOfWork(site.database) as uow:
        found = await uow.staff.web_identity(login)
    return found.id


async def test_opening_the_inbox_puts_her_on_duty_for_her_centres(admin_site, counsellor):
    centre = await first_centre(admin_site.settings.database_url)

    async def on_duty() -> bool:
        async with UnitOfWork(admin_site.database) as uow:
            return await uow.handoffs.on_duty(centre, datetime.now(UTC))

    assert not await on_duty()
    await counsellor.get("/admin/inbox")
    assert await on_duty()
