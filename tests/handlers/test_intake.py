"""The intake as a person goes through it: buttons, typing, Back, Skip, Cancel, changing one
answer, a restart half-way, the one nudge, and deleting everything. The flows need no database:
they run on the in-memory fake storage (what deleting leaves in a database:
test_intake_storage.py)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from handlers.nudges import queue_nudges
from tests.chat import PUSH_CHANNELS, Person, buttons_of, make_engine, text_of
from tests.fakes.uow import FakeUnitOfWork
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401

SEOUL = ZoneInfo("Asia/Seoul")
GWANGMYEONG_COURSE = "콜센터 전문상담원 과정"


def cards_of(reply) -> list:
    return [card for message in reply.messages for card in message.cards]


def press_label(reply, label: str) -> str:
    """The data of the button whose label is `label` (ticks ignored)."""
    for shown, data in buttons_of(reply).items():
        if shown.removeprefix("✓ ") == label:
            return data
    raise AssertionError(f"no button {label!r} in {list(buttons_of(reply))}")


async def consent(person: Person):
    await person.say("/start")
    await person.tap("한국어")
    return await person.tap("동의해요")


async def job_seeker_in_gwangmyeong(person: Person):
    """Consent and every intake answer by buttons, up to the summary."""
    reply = await consent(person)
    for label in (
        "경기",
        "광명시",
        "40대",
        "구직 중",
        "상담·콜센터",
        "다 골랐어요",
        "언제든 괜찮아요",
        "없어요",
    ):
        reply = await person.tap(label)
    return reply


async def skip_the_rest_and_ask_for_courses(person: Person, reply):
    """From the age question on, skip every question, then ask for courses."""
    await skip_to_the_summary(person)
    return await person.tap("이대로 추천 받기")


async def skip_to_the_summary(person: Person):
    """Skip every question left; returns the summary."""
    while "건너뛰기" in buttons_of(person.last):
        await person.tap("건너뛰기")
    return person.last


class Presses:
    """Counts the buttons a person presses."""

    def __init__(self, person: Person) -> None:
        self.person, self.count = person, 0

    async def __call__(self, label: str):
        self.count += 1
        return await self.person.tap(label)


async def test_the_gwangmyeong_example_by_buttons_within_twelve_presses(person):
    reply = await consent(person)
    press = Presses(person)
    for label in (
        "경기",
        "광명시",
        "40대",
        "경력단절",
        "5~10년",
        "상담·콜센터",
        "다 골랐어요",
        "언제든 괜찮아요",
        "없어요",
    ):
        reply = await press(label)
    assert "지역: 경기도 광명시" in text_of(reply)
    reply = await press("이대로 추천 받기")
    assert press.count <= 12
    first = cards_of(reply)[0]
    assert first.title.startswith(GWANGMYEONG_COURSE)
    assert "경력단절여성 대상" in first.description and "광명시" in first.description


async def test_the_gwangmyeong_example_by_typing_gets_the_same_result(person):
    await consent(person)
    reply = await person.say("광명이요")
    assert "경기도 광명시 맞으세요?" in text_of(reply)
    for answer in (
        "네",
        "42살",
        "경력단절 6년째예요",
        "상담 일 하고 싶어요",
        "아무 때나 괜찮아요",
        "없어요",
    ):
        reply = await person.say(answer)
    assert "경력단절 (5~10년)" in text_of(reply)
    reply = await person.tap("이대로 추천 받기")
    assert cards_of(reply)[0].title.startswith(GWANGMYEONG_COURSE)


async def test_back_returns_to_the_previous_question_keeping_answers(person):
    reply = await consent(person)
    reply = await person.tap("경기")
    reply = await person.tap("광명시")
    assert "나이대" in text_of(reply) or "나이" in text_of(reply)
    reply = await person.tap("이전")
    assert "시·군·구" in text_of(reply)


async def test_skip_leaves_an_answer_out_and_the_summary_says_so(person):
    reply = await consent(person)
    reply = await skip_to_the_summary(person)
    assert "건너뜀" in text_of(reply)
    reply = await person.tap("이대로 추천 받기")
    assert cards_of(reply), "even with nothing answered there are courses to suggest"


async def test_cancel_goes_back_to_the_menu_and_saves_nothing(person, database):
    reply = await consent(person)
    await person.tap("서울")
    reply = await person.tap("그만하기")
    assert "menu:programmes" in buttons_of(reply).values()
    async with FakeUnitOfWork(database) as uow:
        user = await uow.users.find("web", person.external_id)
        assert await uow.profiles.get(user.id) is None


async def test_changing_one_answer_from_the_summary_keeps_the_others(person):
    reply = await job_seeker_in_gwangmyeong(person)
    reply = await person.tap("나이대 바꾸기")
    reply = await person.tap("50대")
    summary = text_of(reply)
    assert "나이대: 50대" in summary and "지역: 경기도 광명시" in summary
    assert "상담·콜센터" in summary


async def test_a_half_finished_intake_survives_a_restart(database, clock):
    first = Person(make_engine(database, clock), "restart-intake")
    reply = await consent(first)
    await first.tap("경기")
    second = Person(make_engine(database, clock), "restart-intake")
    reply = await second.open()
    assert "이어서" in text_of(reply) and "광명시" in buttons_of(reply)


async def test_three_misses_offer_the_buttons_and_a_person(person):
    await consent(person)
    await person.tap("건너뛰기")  # area
    for _ in range(3):
        reply = await person.say("음…")
    assert "menu:person" in buttons_of(reply).values()
    assert "in:skip" in buttons_of(reply).values()


async def test_one_nudge_after_nudge_after_and_never_a_second(database, clock):
    walker = Person(make_engine(database, clock), "77", channel="telegram")
    await consent(walker)
    await walker.tap("경기")
    async with FakeUnitOfWork(database) as uow:
        assert await queue_nudges(uow, clock(), timedelta(minutes=30), PUSH_CHANNELS) == 0
    clock.advance(minutes=31)
    for expected in (1, 0):
        clock.advance(hours=5)
        async with FakeUnitOfWork(database) as uow:
            queued = await queue_nudges(uow, clock(), timedelta(minutes=30), PUSH_CHANNELS)
            assert queued == expected
            await uow.commit()


async def test_my_data_shows_the_answers_and_withdrawing_consent_deletes_them(person, database):
    reply = await consent(person)
    for label in ("경기", "광명시"):
        reply = await person.tap(label)
    await skip_the_rest_and_ask_for_courses(person, reply)
    programme = next(c for c in cards_of(await person.from_menu("교육 찾기")))
    assert "알려 드릴게요" in text_of(await person.tap("새 기수 소식 받기", nth=0))
    mine = await person.from_menu("내 정보")
    assert "지역: 경기도 광명시" in text_of(mine) and "알림: 1개" in text_of(mine)
    alerts = await person.tap("내 알림")
    assert programme.title.split(" — ")[0] in text_of(alerts)
    await person.from_menu("내 정보")
    await person.tap("동의 취소")
    async with FakeUnitOfWork(database) as uow:
        user = await uow.users.find("web", person.external_id)
        assert user.consent_at is None
        assert await uow.profiles.get(user.id) is None
        assert await uow.subscriptions.of_user(user.id) == []


async def test_a_bus_reminder_is_queued_once_and_removed_with_its_alert(person, database, clock):
    await consent(person)
    await person.tap("그만하기")
    schedule = await person.tap("상담 버스 일정")
    remind = next(d for d in buttons_of(schedule).values() if d.startswith("sub:v:"))
    await person.press(remind)
    await person.press(remind)  # twice: still one alert, one reminder
    async with FakeUnitOfWork(database) as uow:
        user = await uow.users.find("web", person.external_id)
        alerts = await uow.subscriptions.of_user(user.id)
        assert [a.kind for a in alerts] == ["bus_visit"]
        clock.advance(days=40)  # past the day before the visit, whichever was chosen
        assert len(await uow.outbox.pending_for(user.id, clock())) == 1
    await person.from_menu("내 정보")
    listed = await person.tap("내 알림")
    (stop,) = [label for label, data in buttons_of(listed).items() if data.startswith("unsub:")]
    await person.tap(stop)  # the one alert's "stop" button, named after the visit
    async with FakeUnitOfWork(database) as uow:
        assert await uow.outbox.pending_for(user.id, clock()) == []


async def test_news_of_her_area_and_field_can_be_asked_for_and_listed(person):
    reply = await job_seeker_in_gwangmyeong(person)
    reply = await person.tap("이대로 추천 받기")
    await person.tap("우리 지역 소식 받기")
    await person.press(press_label(reply, "상담·콜센터 소식 받기"))
    await person.from_menu("내 정보")
    alerts = text_of(await person.tap("내 알림"))
    assert "경기도 광명시" in alerts and "상담·콜센터" in alerts


async def test_the_bus_schedule_shows_her_own_zone_first(person):
    reply = await consent(person)
    for label in ("서울", "더 보기", "송파구"):  # 송파구 is on the second page of 구
        reply = await person.tap(label)
    await skip_the_rest_and_ask_for_courses(person, reply)
    schedule = await person.from_menu("상담 버스 일정")
    assert "서울 곳곳에 찾아가는 일자리 상담 버스가\n동남권에도 와요" in text_of(schedule)
    assert "가든파이브 (동남권 송파구)" in schedule.messages[1].text
    assert "sub:z:southeast" in buttons_of(schedule).values()


async def test_the_question_count_never_grows_on_the_way(person):
    import re

    reply = await consent(person)
    totals = []
    for label in (
        "경기",
        "광명시",
        "40대",
        "경력단절",
        "5~10년",
        "상담·콜센터",
        "다 골랐어요",
        "언제든 괜찮아요",
    ):
        totals.append(int(re.search(r"\((\d+)/(\d+)\)", text_of(reply)).group(2)))
        reply = await person.tap(label)
    assert totals == sorted(totals, reverse=True) and totals[0] == 8
