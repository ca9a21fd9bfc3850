"""Issue 16's two people, through the engine after a typed intake over the demo catalogue:
what is near her comes first, and someone in work gets the course for people in work."""

from __future__ import annotations

from tests.chat import Person, text_of
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401
from tests.handlers.test_intake import cards_of, consent

BUS = "서울 곳곳에 찾아가는 일자리 상담 버스"
MANAGERS_COURSE = "콜센터 중간관리자 직무향상"


async def typed_intake(person: Person, answers: tuple[str, ...]):
    await consent(person)
    reply = None
    for answer in answers:
        reply = await person.say(answer)
    assert "이대로 추천 받기" in str(reply.messages[-1].buttons), text_of(reply)
    return await person.tap("이대로 추천 받기")


async def test_a_job_seeker_in_geumcheon_gets_the_bus_in_her_district_first(person):
    reply = await typed_intake(
        person,
        (
            "서울 금천구",
            "네",
            "27살",
            "구직 중이에요",
            "IT랑 창업",
            "평일",
            "다 골랐어요",
            "없어요",
        ),
    )

    titles = [card.title for card in cards_of(reply)]
    assert titles[0].startswith(BUS)
    assert not any("업사이클링" in title for title in titles)  # 완주, 200 km away


async def test_a_call_centre_worker_in_daejeon_gets_the_managers_course_first(person):
    reply = await typed_intake(
        person,
        (
            "대전 서구",
            "네",
            "45살",
            "일하는 중",
            "관리자 교육, 품질관리",
            "평일",
            "다 골랐어요",
            "없어요",
        ),
    )

    titles = [card.title for card in cards_of(reply)]
    assert titles[0].startswith(MANAGERS_COURSE)
    assert not any("생산품질관리" in title for title in titles)  # 완주's, far away
