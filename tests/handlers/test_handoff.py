"""Asking for a person, with the real engine on the in-memory fake storage (the scheduler's job,
claimed once a period across processes, on SQLite and PostgreSQL): by button and typed in
four languages; her centre's counsellor answers now or she is told when (with an offer to
book); the bot is silent while a counsellor is asked or holds the chat (KakaoTalk gets one
line); her messages are stored; a counsellor's reply reaches her web chat on her next message;
ending it; HANDOFF_WAIT and HANDOFF_IDLE with a moved clock; deletion with her data."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.scheduler import HANDOFF_CHECK_EVERY, PeriodicJob, handoff_timeouts, run_claimed
from handlers.flows.handoff.delivery import close_by_counsellor, deliver_staff_message
from handlers.flows.handoff.timeouts import HandoffTimeouts, apply_timeouts
from handlers.input_limits import MAX_MESSAGE
from handlers.messages import Incoming
from storage.records import Profile, Programme, Scope, StaffIdentity
from storage.uow import UnitOfWorkFactory
from tests.chat import (
    Person,
    buttons_of,
    make_engine,
    make_settings,
    shown_button,
    text_of,
    units_of_work,
)
from tests.fakes.uow import FakeStorage
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401
from tests.handlers.test_conversation import onboard

GWANGMYEONG = "광명시여성새일센터"


async def her_id(database, person: Person) -> int:
    async with units_of_work(database)() as uow:
        return (await uow.users.person(person.channel, person.external_id)).id


async def lives_in_gwangmyeong(database, person: Person, clock) -> None:
    profile = Profile(await her_id(database, person), sido="경기도", sigungu="광명시")
    async with units_of_work(database)() as uow:
        await uow.profiles.save(profile, clock())
        await uow.commit()


def centre_id(storage: FakeStorage, name: str) -> int:
    return next(centre.id for centre in storage.rows("centres") if centre.name == name)


async def counsellor(storage: FakeStorage, clock, name: str = "kim", centre: str = GWANGMYEONG):
    centre_key = centre_id(storage, centre)
    async with units_of_work(storage)() as uow:
        staff_id = await uow.staff.grant("web", name, "staff", clock(), [centre_key])
        await uow.commit()
    return StaffIdentity(staff_id, "staff", Scope(frozenset({centre_key})), 0)


async def open_handoff(database, person: Person):
    user_id = await her_id(database, person)
    async with units_of_work(database)() as uow:
        return await uow.handoffs.open_for(user_id)


async def silent(person: Person, text: str):
    """What the bot answers to `text` (the person's helper insists on an answer)."""
    incoming = Incoming(person.channel, person.external_id, text=text)
    return await person.engine.handle(incoming)


async def test_the_menu_button_opens_a_request_to_her_centre_and_says_when(database, person, clock):
    await onboard(person)
    await lives_in_gwangmyeong(database, person, clock)
    menu = await person.start_over()
    assert buttons_of(menu)["상담사 연결"] == "menu:person"
    reply = await person.tap("상담사 연결")
    handoff = await open_handoff(database, person)
    assert handoff.state == "waiting"
    assert handoff.centre_id == centre_id(database, GWANGMYEONG)
    # Monday 10:00 in Seoul, but nobody has the inbox open: she is told, and offered to book.
    assert "자리에 없어요" in text_of(reply) or "바로 답하기 어려워요" in text_of(reply)
    assert "menu:booking" in buttons_of(reply).values()
    assert "ho:end" in buttons_of(reply).values()


async def test_someone_on_duty_answers_now(database, person, clock):
    kim = await counsellor(database, clock)
    async with units_of_work(database)() as uow:
        await uow.handoffs.mark_present(kim.id, clock())
        await uow.commit()
    await onboard(person)
    await lives_in_gwangmyeong(database, person, clock)
    reply = await person.ask_for_a_person()
    assert "연결해 드릴게요" in text_of(reply)
    assert GWANGMYEONG in text_of(reply)


async def test_outside_opening_hours_she_is_told_when(database, person, clock):
    await onboard(person)
    clock.advance(hours=12)  # Monday 22:00 in Seoul
    reply = await person.ask_for_a_person()
    assert "지금은 운영 시간이 아니에요" in text_of(reply)
    assert "menu:booking" in buttons_of(reply).values()


async def test_no_centre_in_her_region_goes_to_the_shared_queue(database, person, clock):
    await onboard(person)
    await person.ask_for_a_person()
    assert (await open_handoff(database, person)).centre_id is None


@pytest.mark.parametrize(
    ("language", "wish"),
    [
        ("ko", "사람이랑 얘기하고 싶어요"),
        ("ko", "상담원 연결해 주세요"),
        ("en", "Can I talk to a real person?"),
        ("vi", "Tôi muốn nói chuyện với người thật"),
        ("zh_Hans", "请帮我转人工"),
    ],
)
async def test_the_typed_wish_opens_a_request_in_every_language(database, clock, language, wish):
    person = Person(make_engine(database, clock, languages=("ko", "en", "vi", "zh_Hans")))
    await onboard(person, language)
    await person.say(wish)
    handoff = await open_handoff(database, person)
    assert handoff is not None and handoff.state == "waiting"
    async with units_of_work(database)() as uow:
        said = [m.text for m in await uow.handoffs.messages(handoff.id)]
    assert wish in said  # the counsellor sees how she asked


async def test_the_bot_is_silent_while_waiting_and_while_a_counsellor_holds_it(
    database, person, clock
):
    kim = await counsellor(database, clock)
    await onboard(person)
    await lives_in_gwangmyeong(database, person, clock)
    await person.ask_for_a_person()
    quiet = await silent(person, "이력서 쓰는 거 도와주실 수 있나요?")
    assert quiet.messages == ()
    handoff = await open_handoff(database, person)
    async with units_of_work(database)() as uow:
        assert await uow.handoffs.claim(handoff.id, kim, clock())
        await uow.commit()
    for text in ("교육 추천해 주세요", "버스", "메뉴", "네"):  # all things the bot would answer
        assert (await silent(person, text)).messages == ()
    async with units_of_work(database)() as uow:
        transcript = await uow.handoffs.transcript(handoff.id, kim)
    said = [m.text for m in transcript.messages if m.author == "person"]
    assert said == [
        "이력서 쓰는 거 도와주실 수 있나요?",
        "교육 추천해 주세요",
        "버스",
        "메뉴",
        "네",
    ]
    assert transcript.handoff.topic == "이력서 쓰는 거 도와주실 수 있나요?"


async def test_kakao_gets_one_line_and_the_counsellors_reply_on_her_next_message(database, clock):
    kim = await counsellor(database, clock)
    no_event_api = {"push_channels": ("telegram",)}  # KakaoTalk without the Event API
    engine = make_engine(database, clock, **no_event_api)
    person = Person(engine, channel="kakao", external_id="kakao-1")
    await onboard(person)
    await lives_in_gwangmyeong(database, person, clock)
    await person.ask_for_a_person()
    reply = await person.say("취업 상담 받고 싶어요")
    assert text_of(reply) == "상담사에게 전했어요."
    handoff = await open_handoff(database, person)
    settings = make_settings(**no_event_api)
    async with units_of_work(database)() as uow:
        await uow.handoffs.claim(handoff.id, kim, clock())
        sent = await deliver_staff_message(
            uow, handoff.id, kim, "네, 말씀하세요", clock(), settings
        )
        await uow.commit()
    assert sent is not None
    reply = await person.say("감사해요")
    assert [m.text for m in reply.messages] == [
        "상담 선생님: 네, 말씀하세요",
        "상담사에게 전했어요.",
    ]
    again = await person.say("또 있어요")
    assert "네, 말씀하세요" not in text_of(again)  # shown once


async def test_ending_words_and_the_end_button_give_her_back_to_the_bot(database, person, clock):
    await onboard(person)
    await person.ask_for_a_person()
    ended = await person.say("상담 끝내기")
    assert "menu:programmes" in buttons_of(ended).values()
    assert await open_handoff(database, person) is None
    await person.ask_for_a_person()
    await person.tap("연결 취소")
    assert await open_handoff(database, person) is None
    answer = await person.say("버스")
    assert "버스" in text_of(answer)


async def test_a_counsellor_closing_it_is_said_on_her_next_message(database, person, clock):
    kim = await counsellor(database, clock)
    await onboard(person)
    await lives_in_gwangmyeong(database, person, clock)
    await person.ask_for_a_person()
    handoff = await open_handoff(database, person)
    async with units_of_work(database)() as uow:
        await uow.handoffs.claim(handoff.id, kim, clock())
        await deliver_staff_message(
            uow, handoff.id, kim, "도움이 되셨길 바라요", clock(), make_settings()
        )
        await close_by_counsellor(uow, handoff.id, kim, clock())
        await uow.commit()
    reply = await person.say("버스")
    texts = [m.text for m in reply.messages]
    assert texts[0] == "상담 선생님: 도움이 되셨길 바라요"
    assert "상담을 마쳤어요" in texts[1]
    assert "버스" in "\n".join(texts[2:])  # and the bot answers her again
    again = await person.say("버스")
    assert not any("상담을 마쳤어요" in m.text for m in again.messages)  # said once


async def test_handoff_wait_apologises_and_offers_to_book(engine, clock):
    """Through the scheduler's job, once a period across processes, on the moved clock: its
    claim of the period is a row of the database (job_runs), so this one runs on SQLite and
    PostgreSQL (no catalogue needed: she asks the shared queue)."""
    database = engine
    person = Person(make_engine(database, clock))
    await onboard(person)
    await person.ask_for_a_person()
    timeouts = HandoffTimeouts(wait=timedelta(minutes=10), idle=timedelta(minutes=30))
    factory = UnitOfWorkFactory(database)
    arguments = (factory, clock, timeouts, make_settings())
    job = PeriodicJob("handoff_timeouts", handoff_timeouts, arguments, HANDOFF_CHECK_EVERY)
    clock.advance(minutes=9)
    assert await run_claimed(job, factory, clock)
    assert await open_handoff(database, person) is not None  # 9 minutes: still waiting
    clock.advance(minutes=2)
    assert await run_claimed(job, factory, clock)
    assert await open_handoff(database, person) is None
    reply = await person.say("안녕하세요")
    assert "죄송해요" in reply.messages[0].text
    assert "menu:booking" in buttons_of(reply).values()


async def test_handoff_idle_returns_to_the_bot_with_a_note_to_both(database, person, clock):
    kim = await counsellor(database, clock)
    await onboard(person)
    await lives_in_gwangmyeong(database, person, clock)
    await person.ask_for_a_person()
    handoff = await open_handoff(database, person)
    async with units_of_work(database)() as uow:
        await uow.handoffs.claim(handoff.id, kim, clock())
        await uow.commit()
    timeouts = HandoffTimeouts(wait=timedelta(minutes=10), idle=timedelta(minutes=30))
    clock.advance(minutes=20)
    await silent(person, "잠시만요")  # she speaks: the idle time starts again
    clock.advance(minutes=20)
    async with units_of_work(database)() as uow:
        assert await apply_timeouts(uow, clock(), timeouts, make_settings()) == 0
        await uow.commit()
    clock.advance(minutes=11)
    async with units_of_work(database)() as uow:
        assert await apply_timeouts(uow, clock(), timeouts, make_settings()) == 1
        await uow.commit()
        transcript = await uow.handoffs.transcript(handoff.id, kim)
    assert transcript.messages[-1].author == "system"  # the counsellor's note
    reply = await person.say("버스")
    assert "대화가 없어서" in reply.messages[0].text


async def test_deleting_her_data_deletes_her_transcripts(database, person, clock):
    kim = await counsellor(database, clock)
    await onboard(person)
    await lives_in_gwangmyeong(database, person, clock)
    await person.ask_for_a_person()
    await silent(person, "제 번호는 010-1234-5678이에요")
    handoff = await open_handoff(database, person)
    await person.say("상담 끝내기")
    await person.from_menu("내 정보")
    await person.tap("내 정보 모두 지우기")
    await person.tap("네, 지워 주세요")
    async with units_of_work(database)() as uow:
        assert await uow.handoffs.get(handoff.id) is None
        assert await uow.handoffs.messages(handoff.id) == []
        assert (await uow.handoffs.events_after(0, kim))[-1].kind == "removed"


async def test_a_course_page_asks_a_counsellor_of_its_centre(database, person, clock):
    await onboard(person)  # she lives nowhere in particular
    await person.start_over()
    found = await person.say("콜센터 전문상담원 과정")  # a course for job seekers, first
    programme = int(shown_button(found, "자세히", 0).removeprefix("prog:"))
    course: Programme = database.table("programmes")[programme]
    assert course.audience == "job_seekers"
    centre = course.centre_id
    page = await person.tap("자세히", 0)
    assert buttons_of(page)["상담사 연결"] == f"ho:c:{centre}"
    await person.tap("상담사 연결")
    assert (await open_handoff(database, person)).centre_id == centre


async def test_booking_instead_of_waiting_ends_the_request(database, person, clock):
    await onboard(person)
    reply = await person.ask_for_a_person()
    assert "menu:booking" in buttons_of(reply).values()
    booking = await person.tap("상담 예약")
    assert await open_handoff(database, person) is None
    assert "기다리고 있어요" not in text_of(booking)  # the booking flow answered, not the wait
    assert "ho:end" not in buttons_of(booking).values()


async def test_start_over_withdraws_a_request_nobody_took_but_not_a_talk(database, person, clock):
    kim = await counsellor(database, clock)
    await onboard(person)
    await lives_in_gwangmyeong(database, person, clock)
    await person.ask_for_a_person()
    menu = await person.start_over()
    assert "menu:programmes" in buttons_of(menu).values()
    assert await open_handoff(database, person) is None
    await person.ask_for_a_person()
    handoff = await open_handoff(database, person)
    async with units_of_work(database)() as uow:
        assert await uow.handoffs.claim(handoff.id, kim, clock())
        await uow.commit()
    status = await person.start_over()
    assert "ho:end" in buttons_of(status).values()  # she is in a talk, and can end it
    assert (await open_handoff(database, person)).state == "human"


async def test_her_long_message_to_a_counsellor_is_passed_on_whole(database, person, clock):
    """A message to a person is not an answer to a question: up to 4,000 characters (what a
    counsellor may write back) and more reach the counsellor whole; only past Telegram's own
    4,096 is she asked to write less, and nothing is kept."""
    await onboard(person)
    await person.ask_for_a_person()
    long = "이력서를 어떻게 써야 할지 모르겠어요. " * 190  # 4,000 characters and more
    long = long[:4000]
    assert (await silent(person, long)).messages == ()  # passed on, the bot silent
    refused = await silent(person, "가" * (MAX_MESSAGE + 1))
    assert "너무 길어서" in refused.messages[0].text
    assert f"{MAX_MESSAGE}자" in refused.messages[0].text
    handoff = await open_handoff(database, person)
    async with units_of_work(database)() as uow:
        said = [m.text for m in await uow.handoffs.messages(handoff.id) if m.author == "person"]
    assert said[-1] == long and len(said[-1]) == 4000
    assert all(len(text) <= MAX_MESSAGE for text in said)
