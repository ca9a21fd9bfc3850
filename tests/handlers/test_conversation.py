"""The conversation as a person has it: greeting, language, consent, menu, and the ways out.

Runs the real engine on the in-memory fake storage with the demo catalogue: nothing here tests
storage (tests/storage and the booking, linking and moving tests do).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from tests.chat import Person, buttons_of, make_engine, text_of
from tests.fakes.uow import FakeUnitOfWork
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401

SEOUL = ZoneInfo("Asia/Seoul")


# What she taps to choose her language, agree, and leave the questions for the menu.
ONBOARDING = {
    "ko": ("한국어", "동의해요", "그만하기"),
    "en": ("English", "I agree", "Stop"),
    "vi": ("Tiếng Việt", "Tôi đồng ý", "Dừng lại"),
    "zh_Hans": ("中文", "我同意", "结束"),
}


async def onboard(person: Person, language: str = "ko") -> None:
    """Consent opens the intake; these tests start at the menu: she stops the questions."""
    await person.say("/start")
    for label in ONBOARDING[language]:
        await person.tap(label)


async def test_new_user_is_greeted_in_korean_and_asked_for_a_language(person):
    reply = await person.open()
    assert "안녕하세요" in text_of(reply)
    assert "Choose your language" in text_of(reply)
    assert buttons_of(reply) == {"한국어": "lang:ko", "English": "lang:en"}


async def test_start_language_consent_reaches_the_main_menu(person):
    await person.say("/start")
    consent = await person.tap("한국어")
    assert "보관 기간: 마지막 이용 후 1년" in text_of(consent)
    assert set(buttons_of(consent).values()) == {"consent:yes", "consent:no", "consent:more"}
    intake = await person.tap("동의해요")
    assert "몇 가지 여쭤볼게요" in text_of(intake)
    assert "in:cancel" in buttons_of(intake).values()
    menu = await person.tap("그만하기")
    assert "무엇을 도와드릴까요?" not in text_of(intake)
    assert set(buttons_of(menu).values()) == {
        "menu:programmes",
        "menu:bus",
        "menu:booking",
        "menu:mydata",
        "menu:person",
    }


async def test_typed_language_and_consent_work_like_buttons(person):
    await person.say("/start")
    consent = await person.say("한국어")
    assert "consent:yes" in buttons_of(consent).values()
    intake = await person.say("동의해요")
    assert "in:a:경기도" in buttons_of(intake).values()
    menu = await person.say("그만할게요")
    assert "menu:bus" in buttons_of(menu).values()


async def test_an_answer_it_cannot_use_is_asked_again_with_a_hint(person):
    await person.say("/start")
    reply = await person.say("잘 모르겠어요")
    assert "언어 이름을 적어 주세요" in text_of(reply)
    assert "lang:ko" in buttons_of(reply).values()


async def test_english_is_spoken_after_choosing_it(person):
    await onboard(person, "en")
    reply = await person.say("/help")
    assert "I can help you with" in text_of(reply)
    assert "menu:mydata" in buttons_of(reply).values()


async def test_the_greeting_follows_the_channel_language_hint(database, clock):
    english_phone = Person(make_engine(database, clock), "en-1", language_hint="en-US")
    reply = await english_phone.open()
    assert "Hello! I'm Ilteo" in text_of(reply)
    assert "언어를 골라 주세요" in text_of(reply)


async def test_refusing_consent_still_allows_browsing_courses(person):
    await person.say("/start")
    await person.tap("한국어")
    reply = await person.tap("동의하지 않고 둘러볼게요")
    assert "그대로 볼 수 있어요" in text_of(reply)
    courses = await person.tap("교육 찾기")
    assert "콜센터 전문상담원 과정" in text_of(courses) + str(courses.messages[0].cards)


async def test_unknown_text_gets_a_helpful_answer_never_silence(person):
    await onboard(person)
    reply = await person.say("ㅋㅋㅋ 🙂")
    assert "잘 알아듣지 못했어요" in text_of(reply)
    assert "menu:programmes" in buttons_of(reply).values()


async def test_plain_words_open_the_menu_entry_they_name(person):
    await onboard(person)
    reply = await person.say("버스 언제 와요?")
    assert "상담 버스" in text_of(reply)
    assert "(목) 오전 10시~오후 5시" in text_of(reply)  # Thursdays, as people say the time
    assert any(message.location for message in reply.messages)


async def test_a_search_without_a_course_quotes_the_subject_she_named_not_her_sentence(person):
    await onboard(person)
    reply = await person.say("바리스타 배우고 싶어여")  # a typo in the ending, as typed on a phone
    assert "“바리스타” 교육은 지금은 찾지 못했어요" in text_of(reply)
    assert "싶어여" not in text_of(reply)
    assert "전체 교육 보기" in buttons_of(reply)  # and a way on


async def test_forged_or_stale_button_data_gets_a_kind_reprompt(person):
    await onboard(person)
    # Deliberately pressed: a forged button and a stale one, never shown.
    reply = await person.press("evil:'; drop table users")
    assert "메뉴를 다시 보여 드릴게요" in text_of(reply)
    again = await person.press("prog:999999")
    assert "찾지 못했어요" in text_of(again)


async def test_course_list_never_offers_company_consulting_to_a_job_seeker(person):
    await onboard(person)
    titles = []
    await person.say("천문학 배우고 싶어요")  # no such course: the whole list is offered
    page = await person.tap("전체 교육 보기")
    while True:
        titles += [card.title for message in page.messages for card in message.cards]
        more = [d for d in buttons_of(page).values() if d.startswith("progs:")]
        if not more:
            break
        page = await person.tap("교육 더 보기")
    assert "콜센터 전문상담원 과정" in titles
    assert not any("윙크붐업" in title for title in titles)


async def test_course_details_show_hours_and_next_cohort(person):
    await onboard(person)
    await person.say("천문학 배우고 싶어요")
    page = await person.tap("전체 교육 보기")
    details_data = next(
        card.buttons[0][0].data
        for message in page.messages
        for card in message.cards
        if card.title == "콜센터 전문상담원 과정"
    )
    details = await person.press(details_data)
    assert "교육 시간: 140시간" in text_of(details)
    assert "기수별 정원: 24명" in text_of(details)
    assert "다음 기수:" in text_of(details)


async def test_a_restarted_engine_continues_at_the_same_step(database, clock):
    first = Person(make_engine(database, clock), "restart-1")
    await first.say("/start")
    await first.tap("한국어")  # now at the consent question
    second = Person(make_engine(database, clock), "restart-1")  # a new process, same database
    reply = await second.open()
    assert "이어서 할게요" in text_of(reply)
    assert "consent:yes" in buttons_of(reply).values()
    intake = await second.say("동의해요")
    assert "in:a:서울특별시" in buttons_of(intake).values()


async def test_deleting_my_data_leaves_nothing_and_greets_as_new(person, database):
    await onboard(person)
    await person.tap("내 정보")
    confirm = await person.tap("내 정보 모두 지우기")
    assert "되돌릴 수 없어요" in text_of(confirm)
    done = await person.tap("네, 지워 주세요")
    assert "모두 지웠어요" in text_of(done)
    async with FakeUnitOfWork(database) as uow:
        assert await uow.users.find("web", person.external_id) is None
    again = await person.say("안녕하세요")
    assert "lang:ko" in buttons_of(again).values()


async def test_a_stale_delete_confirmation_asks_again_and_deletes_nothing(person, database):
    await onboard(person)
    reply = await person.press("me:delete-yes")  # deliberately: a stale confirmation
    assert "지울까요?" in text_of(reply)
    async with FakeUnitOfWork(database) as uow:
        assert await uow.users.find("web", person.external_id) is not None


async def test_changing_language_from_my_data(person):
    await onboard(person)
    await person.tap("내 정보")
    await person.tap("언어 바꾸기")
    reply = await person.tap("English")
    assert "I'll speak English from now on" in text_of(reply)
    assert "What can I help you with?" in text_of(await person.start_over())


async def test_a_duplicate_update_has_no_second_effect(person):
    incoming_engine = person.engine
    from handlers.messages import Incoming

    first = await incoming_engine.handle(Incoming("telegram", "42", text="/start"), "telegram:7")
    second = await incoming_engine.handle(Incoming("telegram", "42", text="/start"), "telegram:7")
    assert first is not None and second is None


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("콜센터 상담원 교육 받고 싶어요", "콜센터"),
        ("요리 배우고 싶어요", "한식 셰프마스터"),
        ("콜센터상담원과정", "콜센터"),
        ("창업", "업사이클링 디자이너 창업"),
    ],
)
async def test_free_korean_text_finds_courses(person, typed, first):
    await onboard(person)
    reply = await person.say(typed)
    cards = [card for message in reply.messages for card in message.cards]
    assert cards and cards[0].title.startswith(first)
    assert not any("윙크붐업" in card.title for card in cards)
