"""What the chat tells about the seeds' programmes is what the seeds say: 광명's real outcome
(no blanket promise of a job), invented dates and addresses marked as examples where she
reads them, the bus presented as Seoul's, its aptitude test on its first day only, and a far
programme saying where it is."""

from __future__ import annotations

from tests.chat import Person, buttons_of, text_of
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401
from tests.handlers.test_intake import cards_of, consent


async def intake_by_buttons(person: Person, *labels: str):
    await consent(person)
    for label in labels:
        await person.tap(label)
    return await person.tap("이대로 추천 받기")


async def details_of(person: Person, reply, title: str) -> str:
    card = next(card for card in cards_of(reply) if card.title.startswith(title))
    data = next(button.data for row in card.buttons for button in row if button.label == "자세히")
    return text_of(await person.press(data))


async def test_gwangmyeong_details_tell_the_real_outcome_and_mark_the_date_as_an_example(person):
    reply = await intake_by_buttons(
        person,
        "경기",
        "광명시",
        "40대",
        "경력단절",
        "5~10년",
        "상담·콜센터",
        "다 골랐어요",
        "언제든 괜찮아요",
        "없어요",
    )
    first = cards_of(reply)[0]
    assert "(예시 날짜)" in first.description

    details = await details_of(person, reply, "콜센터 전문상담원 과정")

    assert "24명이 시작해 19명이 수료" in details
    assert "13명이 컨택센터 정규직으로 채용" in details
    assert "모든 분이 채용되는 것은 아니에요" in details
    assert "채용 연계" not in details
    assert "(예시 날짜)" in details


async def test_wanju_future_cohorts_are_marked_as_invented(person):
    reply = await intake_by_buttons(
        person,
        "더 보기",
        "전북",
        "완주군",
        "30대",
        "경력단절",
        "1~3년",
        "요리·조리",
        "다 골랐어요",
        "언제든 괜찮아요",
        "없어요",
    )

    first = cards_of(reply)[0]
    assert first.title.startswith("한식 셰프마스터")
    assert "다음 기수" in first.description and "(예시 날짜)" in first.description
    assert "지난 과정들은 이미 끝났고" in await details_of(person, reply, "한식 셰프마스터")


async def test_a_far_programme_says_where_it_is(person):
    reply = await intake_by_buttons(
        person,
        "부산",
        "동래구",
        "40대",
        "경력단절",
        "5~10년",
        "요리·조리",
        "다 골랐어요",
        "언제든 괜찮아요",
        "없어요",
    )

    first = cards_of(reply)[0]
    assert first.title.startswith("한식 셰프마스터")
    assert "다른 지역: 전북 완주군" in first.description
    assert not any("상담 버스" in card.title for card in cards_of(reply))  # Seoul's only


async def test_in_seoul_the_bus_card_says_when_it_comes_to_her_zone(person):
    reply = await intake_by_buttons(
        person,
        "서울",
        "금천구",
        "20대 이하",
        "구직 중",
        "IT·디지털",
        "다 골랐어요",
        "평일",
        "다 골랐어요",
        "없어요",
    )

    first = cards_of(reply)[0]
    assert first.title.startswith("서울 곳곳에 찾아가는 일자리 상담 버스")
    assert "다음 방문: 서남권" in first.description and "(예시 날짜)" in first.description


async def test_the_bus_schedule_marks_invented_days_and_tests_aptitude_only_on_day_one(person):
    await consent(person)
    schedule = await person.from_menu("상담 버스 일정")

    assert "서울 곳곳에 찾아가는 일자리 상담 버스예요" in schedule.messages[0].text
    assert "서울에 사는 분" in schedule.messages[0].text
    visits = [m for m in schedule.messages[1:] if m.location is not None]
    assert visits and all("(날짜와 주소는 예시예요.)" in m.text for m in visits)
    assert all("(예시 주소)" in m.location.address for m in visits)
    assert "적성검사" in visits[0].text
    assert not any("적성검사" in m.text for m in visits[1:])
    assert "버스 문의: 서울일자리플러스센터 1588-9142" in text_of(schedule)


async def test_outside_telegram_she_is_told_to_type_main_menu_not_start(person):
    await consent(person)
    help_text = text_of(await person.say("/help"))

    assert "/start" not in help_text and '"처음으로"라고 적어 주세요' in help_text
    assert "sub:z:southwest" not in buttons_of(person.last).values()
