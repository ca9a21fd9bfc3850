"""/broadcast and /stats for staff in the chat: compose, choose who, see how many and a preview
in each reader's language, add a translation, send — one outbox row per person who asked for
such news. Anyone without a stored staff role is answered as for any unknown command. The flows
run on the in-memory fake storage (tests/fakes/uow.py); the outbox is read from its table."""

from __future__ import annotations

from handlers.notices import render_notice
from tests.chat import Person, buttons_of, make_settings, text_of, units_of_work
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401


async def subscribers(database, clock, regions: dict[str, tuple[str, str]]) -> None:
    """People (external id -> (language, region alert)) who agreed and asked for news."""
    async with units_of_work(database)() as uow:
        for name, (language, region) in regions.items():
            user = await uow.users.seen("telegram", name, clock())
            await uow.users.set_language(user.id, language)
            await uow.users.set_consent(user.id, clock())
            await uow.subscriptions.add(user.id, "region", region, clock())
        await uow.commit()


async def staff_member(person: Person, database, clock) -> Person:
    counsellor = Person(person.engine, "counsellor-7", channel="telegram")
    await counsellor.say("/start")
    await counsellor.tap("한국어")
    await counsellor.tap("동의하지 않고 둘러볼게요")
    async with units_of_work(database)() as uow:
        # An admin: these tests are about audiences, not a counsellor's reach.
        await uow.staff.grant("telegram", "counsellor-7", "admin", clock())
        await uow.commit()
    return counsellor


async def test_a_broadcast_to_a_region_reaches_its_subscribers_in_their_language(
    database, person, clock
):
    await subscribers(
        database,
        clock,
        {
            "a": ("ko", "경기도 광명시"),
            "b": ("en", "경기도"),
            "c": ("ko", "서울특별시"),
        },
    )
    counsellor = await staff_member(person, database, clock)
    reply = await counsellor.say("/broadcast")
    assert "한국어로" in text_of(reply)
    reply = await counsellor.say("콜센터 상담원 과정 새 기수 모집을 시작했어요.")
    reply = await counsellor.tap("둘 다 아니에요")
    reply = await counsellor.tap("지역")
    assert "bc:t:경기도" in buttons_of(reply).values()
    reply = await counsellor.say("광명시")  # typed down to the 시/군/구
    assert "2명" in text_of(reply)  # 광명시 and all of 경기도; not 서울
    assert "— English —" in text_of(reply) and "— 한국어 —" in text_of(reply)
    reply = await counsellor.tap("English 추가")
    reply = await counsellor.say("A new cohort of the call-centre course is open.")
    assert "A new cohort" in text_of(reply)
    reply = await counsellor.tap("지금 보내기")
    assert "2명" in text_of(reply)

    rows = sorted(database.rows("outbox"), key=lambda message: message.user_id)
    assert len(rows) == 2
    async with units_of_work(database)() as uow:
        settings = make_settings()
        texts = []
        for message in rows:
            user = await uow.users.get(message.user_id)
            texts.append(
                (await render_notice(uow, message, user, settings, clock())).messages[0].text
            )
    assert texts == [
        "[일터 안내] 콜센터 상담원 과정 새 기수 모집을 시작했어요.",
        "[Ilteo notice] A new cohort of the call-centre course is open.",
    ]


async def test_only_staff_can_broadcast_or_see_stats(database, person, clock):
    await person.say("/start")
    await person.tap("한국어")
    await person.tap("동의하지 않고 둘러볼게요")
    for command in ("/broadcast", "/stats", "/today"):
        reply = await person.say(command)
        assert "잘 알아듣지 못했어요" in text_of(reply)
    reply = await person.press("bc:send")  # deliberately: never shown to her (not staff)
    assert "잘 알아듣지 못했어요" in text_of(reply)
    counsellor = await staff_member(person, database, clock)
    reply = await counsellor.say("/stats")
    assert "이번 주" in text_of(reply) and "새로 온 분" in text_of(reply)
