"""Link codes cannot be guessed into someone's data, and guessing locks nobody out (issue 12,
item 2), through the real web chat API and the fake Bot API, on SQLite and PostgreSQL.

Before, any cookieless request was a new person who could type `/link` before agreeing to
anything; a hundred wrong guesses in ten minutes locked linking for everyone, and a right
guess of six digits linked at once. Now a chat must agree first, each chat has its own budget
of tries, codes have eight digits, and the chat that showed the code approves."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.database import create_engine
from storage.tables import account_links
from storage.uow import UnitOfWork
from tests.security.chats import TelegramChat, WebChat, code_in, the_app

OWNER = 7780001
FRESH_CHATS = 110
LIMITED = 429  # the web chat's own limit on new people per address, when it applies
FLOOD = "203.0.113.66"  # the address every fresh chat of the flood comes from


async def _links(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        async with UnitOfWork(engine) as uow:
            query = select(func.count()).select_from(account_links)
            return (await uow.connection.execute(query)).scalar_one()
    finally:
        await engine.dispose()


async def _code_of(owner: TelegramChat) -> str:
    await owner.agree()  # the menu shows
    await owner.tap("내 정보")
    return code_in(await owner.tap("다른 채팅 연결"))


async def test_guesses_from_many_fresh_chats_lock_nobody_out(database_url):
    # Behind a proxy, so that she and the guesser write from addresses of their own: the
    # web chat's limit on new people per address holds the flood's address back, not hers.
    async with the_app(database_url, trusted_proxies="127.0.0.1") as (app, fake, _session, _k):
        owner = TelegramChat(fake, OWNER)
        code = await _code_of(owner)
        before = len(fake.sent_messages(OWNER))

        fresh = []
        for guess in range(1, FRESH_CHATS + 1):  # each a new browser, before any consent
            stranger = WebChat(app.url, address=FLOOD)
            try:
                fresh.append(await stranger.say(f"/link {guess:06d}"))
                assert stranger.status in (200, LIMITED)
            finally:
                await stranger.close()

        mine = WebChat(app.url, address="198.51.100.1")  # not locked out by any of them
        try:
            await mine.agree()
            assert "요청을 보냈어요" in await mine.say(f"/link {code}")
        finally:
            await mine.close()
        await fake.wait_for_messages(OWNER, before + 1)  # the request, sent to her at once
        assert "연결했어요" in await owner.tap("연결하기")
        assert await _links(database_url) == 1

        guesser = WebChat(app.url, address="198.51.100.2")  # five tries, then she waits
        try:
            await guesser.agree()
            wrong = [f"{n:04d} {n:04d}" for n in range(1, 7) if f"{n:04d} {n:04d}" != code]
            answers = [await guesser.say(f"/link {guess}") for guess in wrong[:6]]
            assert all("맞는 코드가 없어요" in answer for answer in answers[:5])
            assert "너무 여러 번" in answers[5]
        finally:
            await guesser.close()
        # None of the fresh chats got to try: they were asked to agree first (or were limited).
        assert all("개인정보 안내에 동의" in answer for answer in fresh if answer)


async def test_the_right_code_typed_by_a_stranger_links_nothing_unless_she_approves(
    database_url,
):
    async with the_app(database_url) as (app, fake, _session, _kakao):
        owner = TelegramChat(fake, OWNER)
        code = await _code_of(owner)
        before = len(fake.sent_messages(OWNER))
        stranger = WebChat(app.url)
        try:
            await stranger.agree()
            assert "요청을 보냈어요" in await stranger.say(f"/link {code}")
            assert await _links(database_url) == 0
            pushed = (await fake.wait_for_messages(OWNER, before + 1))[-1]
            assert "웹 채팅에서" in pushed["text"] and "직접 코드를" in pushed["text"]
            assert "연결하지 않았어요" in await owner.tap("연결 안 할게요")
            assert await _links(database_url) == 0
            assert "이미 사용한 코드" in await stranger.say(f"/link {code}")  # spent
            assert "010" not in await stranger.from_menu("내 정보")
        finally:
            await stranger.close()
        assert await _links(database_url) == 0
