"""Her short log of the conversation with the bot, with the real engine on SQLite and
PostgreSQL: kept only after she agreed to the privacy notice, her typed words and the bot's
answers (no button data), not doubled while a counsellor is asked for, at most 30 lines a
person, gone when she withdraws consent or deletes everything."""

from __future__ import annotations

from sqlalchemy import func, select

from handlers.messages import Incoming
from storage.repositories.chat_log import KEEP_AT_MOST
from storage.tables import chat_log
from tests.chat import Person, text_of, units_of_work
from tests.handlers.booking_setup import THURSDAY, add_slots, centre_id, choose_time
from tests.handlers.test_conversation import onboard

GWANGMYEONG = "광명시여성새일센터"


async def her_log(database, person: Person) -> list[tuple[str, str]]:
    async with units_of_work(database)() as uow:
        user = await uow.users.person(person.channel, person.external_id)
        if user is None:
            return []
        return [(line.who, line.text) for line in await uow.chat_log.recent(user.id, 1000)]


async def every_line(database) -> int:
    """The lines of the whole log, whoever they are of."""
    async with units_of_work(database)() as uow:
        query = select(func.count()).select_from(chat_log)
        return (await uow.connection.execute(query)).scalar_one()


async def test_her_words_and_the_bot_answers_are_kept_and_not_doubled_in_a_handoff(
    database, person
):
    await onboard(person)
    answer = await person.say("요리 교육 받고 싶어요")
    await person.ask_for_a_person()
    await person.engine.handle(Incoming("web", person.external_id, text="빨리 연결해 주세요"))

    async with units_of_work(database)() as uow:  # the counsellor's now: the handoff keeps it
        user = await uow.users.person("web", person.external_id)
        handoff = await uow.handoffs.open_for(user.id)
        said = [m.text for m in await uow.handoffs.messages(handoff.id) if m.author == "person"]
    assert "빨리 연결해 주세요" in said

    log = await her_log(database, person)
    assert ("her", "요리 교육 받고 싶어요") in log
    assert ("bot", answer.messages[0].text) in log
    assert all(who in ("her", "bot") for who, _text in log)
    assert "빨리 연결해 주세요" not in [text for _who, text in log]
    assert not [text for who, text in log if who == "her" and ":" in text]  # no button data


async def test_someone_who_has_not_agreed_leaves_no_log(database, person):
    await person.say("/start")
    notice = text_of(await person.tap("한국어"))
    assert "최근 30일 대화" in notice  # she is told the chat is kept before she agrees
    details = text_of(await person.tap("자세히 보기"))
    assert "최근 30일 대화" in details
    await person.tap("동의하지 않고 둘러볼게요")
    await person.say("요리 교육 받고 싶어요")
    await person.say("버스 언제 와요?")
    assert await her_log(database, person) == []


async def test_delete_everything_leaves_no_log(database, person):
    await onboard(person)
    await person.say("요리 교육 받고 싶어요")
    assert await her_log(database, person)
    await person.from_menu("내 정보")
    await person.tap("내 정보 모두 지우기")
    reply = await person.tap("네, 지워 주세요")
    assert "모두 지웠어요" in text_of(reply)
    assert await every_line(database) == 0


async def test_withdrawing_consent_forgets_the_log_and_keeps_nothing_after(database, person):
    await onboard(person)
    await person.say("요리 교육 받고 싶어요")
    await person.from_menu("내 정보")
    await person.tap("동의 취소")
    await person.say("버스 언제 와요?")
    assert await her_log(database, person) == []


async def test_the_log_keeps_at_most_thirty_lines_a_person_the_newest(database, person):
    await onboard(person)
    for n in range(30):
        await person.say(f"요리 교육 {n}번째로 물어봐요")
        assert len(await her_log(database, person)) <= KEEP_AT_MOST
    log = await her_log(database, person)
    assert ("her", "요리 교육 29번째로 물어봐요") in log
    assert ("her", "요리 교육 0번째로 물어봐요") not in log


async def test_no_mobile_number_reaches_the_log_typed_anywhere_or_given_for_a_booking(
    database, person
):
    await onboard(person)
    await person.say("제 번호는 010-2345-6789예요 연락 주세요")
    await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    await choose_time(person, "11월 26일(목)", "오후 2시")
    await person.tap("네, 예약할게요")
    done = await person.say("공일공 삼사오육 칠팔구공")  # spelled out: no mask would see it
    assert "010-3456-7890" in text_of(done)  # the booking has it, and says it back
    log = await her_log(database, person)
    assert ("her", "제 번호는 [phone]예요 연락 주세요") in log
    said = "\n".join(text for _who, text in log)
    assert "2345" not in said and "3456" not in said and "삼사오육" not in said


async def test_my_data_tells_her_how_much_of_our_chat_is_kept(database, person):
    await onboard(person)
    await person.say("요리 교육 받고 싶어요")
    kept = len(await her_log(database, person))
    await person.tap("처음으로")  # the menu's answer is kept too: one line more
    assert len(await her_log(database, person)) == kept + 1
    page = text_of(await person.tap("내 정보"))
    assert f"최근 대화: {kept + 1}줄 (30일 보관)" in page


async def test_my_data_of_someone_who_has_not_agreed_mentions_no_kept_chat(database, person):
    await person.say("/start")
    await person.tap("한국어")
    await person.tap("동의하지 않고 둘러볼게요")
    await person.say("요리 교육 받고 싶어요")
    page = text_of(await person.from_menu("내 정보"))
    assert "저장된 내 정보예요" in page
    assert "최근 대화" not in page
