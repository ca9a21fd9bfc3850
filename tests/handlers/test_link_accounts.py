"""Linking chats with a one-time code from My data: the same person in KakaoTalk and Telegram
becomes one user (same answers, bookings, alerts) once the chat that showed the code approves,
replies still go to the chat she wrote in, reminders to one of them; bad codes change nothing;
deleting deletes every linked chat; unlinking leaves a chat fresh and the data with the
other. The flows run on the in-memory fake storage; a staff member's day (/today) and the
admin's figures are counted by SQL, so those two run on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from handlers.messages import Reply
from storage.admin_uow import AdminUnitOfWork
from tests.chat import Person, buttons_of, make_engine, text_of, units_of_work
from tests.fakes.uow import FakeStorage
from tests.handlers.booking_setup import THURSDAY, add_slots, centre_id, consented
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401
from tests.handlers.test_intake import skip_to_the_summary

GWANGMYEONG = "광명시여성새일센터"
HOURS = {10: "오전 10시", 14: "오후 2시"}


async def user_id(database, channel: str, external_id: str) -> int | None:
    async with units_of_work(database)() as uow:
        user = await uow.users.find(channel, external_id)
        return user.id if user else None


def links(storage: FakeStorage) -> set[tuple[int, int]]:
    """(linked chat, the person it speaks as)."""
    return set(storage.table("account_links").items())


def count(storage: FakeStorage, table: str, **where) -> int:
    rows = storage.rows(table)
    return sum(1 for row in rows if all(getattr(row, k) == v for k, v in where.items()))


async def code_from(person: Person) -> str:
    await person.from_menu("내 정보")
    reply = await person.tap("다른 채팅 연결")
    assert "/link" in text_of(reply)
    (code,) = set(re.findall(r"\b\d{4} \d{4}\b", text_of(reply)))
    return code


async def link(issuer: Person, joiner: Person) -> Reply:
    """The joiner types the issuer's code, the issuer approves: the approval's reply."""
    asked = await joiner.say(f"/link {await code_from(issuer)}")
    assert "요청을 보냈어요" in text_of(asked)
    # Pressed, not tapped: the request was pushed to her chat, outside the replies she holds.
    return await issuer.press("lk:yes")


async def both_chats(database, clock, telegram_id: str, kakao_id: str) -> tuple[Person, Person]:
    """A Telegram chat and a KakaoTalk chat of one engine, both past the greeting (consent)."""
    engine = make_engine(database, clock)
    telegram, kakao = Person(engine, telegram_id, "telegram"), Person(engine, kakao_id, "kakao")
    await consented(telegram)
    await consented(kakao)
    return telegram, kakao


async def grant_staff(database, clock, telegram_id: str) -> None:
    async with units_of_work(database)() as uow:
        await uow.staff.grant("telegram", telegram_id, "staff", clock())
        await uow.commit()


async def answered_intake(person: Person) -> None:
    """Language, consent and a short intake: 경기도 광명시, 40대."""
    for label in ("한국어", "동의해요", "경기", "광명시", "40대"):
        await person.tap(label)
    await skip_to_the_summary(person)
    await person.tap("이대로 추천 받기")
    await person.tap("처음으로")


async def book(person: Person, hour: int) -> Reply:
    """She books Thursday at `hour` (10 or 14) from the menu, as she taps it."""
    shown = await person.from_menu("상담 예약")
    if "상담 예약" in buttons_of(shown):  # her bookings first: she books another
        await person.tap("상담 예약")
    await person.tap("11월 26일(목)")
    await person.tap(HOURS[hour])
    reply = await person.tap("네, 예약할게요")
    if not booking_buttons(reply):  # asked for a phone number (none kept yet)
        reply = await person.say("010-1234-5678")
    assert booking_buttons(reply)
    return reply


def booking_buttons(reply) -> set[str]:
    """The "cancel it" buttons of a reply: one per booking shown."""
    pressed = {b.data for m in reply.messages for row in m.buttons for b in row if b.data}
    return {data for data in pressed if data.startswith("bk:c:")}


async def test_a_kakao_code_typed_in_telegram_makes_one_person_of_both(database, clock):
    engine = make_engine(database, clock)
    await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    kakao = Person(engine, "kakao-key-1", channel="kakao")
    telegram = Person(engine, "5550001", channel="telegram")
    await consented(kakao)
    await telegram.say("/start")
    await answered_intake(telegram)
    await book(telegram, 10)

    code = await code_from(kakao)
    asked = await telegram.say(f"/link {code}")
    assert "요청을 보냈어요" in text_of(asked) and links(database) == set()
    waiting = await kakao.say("안녕하세요")  # KakaoTalk sees the request with her next message
    assert "텔레그램에서" in text_of(waiting) and "lk:yes" in buttons_of(waiting).values()
    linked = await kakao.tap("연결하기")
    assert "연결했어요" in text_of(linked) and "menu:mydata" in buttons_of(linked).values()

    kakao_id = await user_id(database, "kakao", "kakao-key-1")
    telegram_id = await user_id(database, "telegram", "5550001")
    assert links(database) == {(telegram_id, kakao_id)}  # the chat that typed joins
    # Telegram's answers and booking now belong to the one person, seen from KakaoTalk.
    mine = await kakao.tap("내 정보")
    assert "경기도 광명시" in text_of(mine) and "연결된 채팅" in text_of(mine)
    from_kakao = booking_buttons(await kakao.from_menu("상담 예약"))
    assert len(from_kakao) == 1
    # A booking made in KakaoTalk is in Telegram's list too, and reminders go to KakaoTalk.
    await book(kakao, 14)
    assert len(booking_buttons(await telegram.from_menu("상담 예약"))) == 2
    assert count(database, "bookings", user_id=kakao_id) == 2
    assert count(database, "outbox") == count(database, "outbox", user_id=kakao_id) > 0
    assert count(database, "profiles", user_id=telegram_id) == 0
    # One conversation, one language: what she started in one chat goes on in the other.
    await telegram.from_menu("내 정보")
    await telegram.tap("언어 바꾸기")
    async with units_of_work(database)() as uow:
        assert (await uow.conversations.get(kakao_id)).step == "language"
        assert await uow.conversations.get(telegram_id) is None
    assert (await kakao.say("English")).language == "en"
    assert (await telegram.start_over()).language == "en"


async def test_a_new_chat_agrees_to_the_privacy_notice_before_it_can_join(database, clock):
    engine = make_engine(database, clock)
    telegram = Person(engine, "5550002", channel="telegram")
    await telegram.say("/start")
    await answered_intake(telegram)
    code = await code_from(telegram)

    web = Person(engine, "web-newcomer")
    first = await web.say(f"/link {code}")
    assert "먼저 이 채팅에서 개인정보 안내에 동의해" in text_of(first)
    assert links(database) == set()
    await consented(web)
    assert "요청을 보냈어요" in text_of(await web.say(f"/link {code}"))
    # Pressed: the request was pushed to her chat, outside the replies she holds.
    assert "연결했어요" in text_of(await telegram.press("lk:yes"))
    back = await web.open()
    assert "menu:mydata" in buttons_of(back).values()  # no greeting: she is known
    assert "경기도 광명시" in text_of(await web.tap("내 정보"))
    # Telegram can be reminded, the web chat cannot: Telegram stays the primary.
    web_id = await user_id(database, "web", "web-newcomer")
    assert links(database) == {(web_id, await user_id(database, "telegram", "5550002"))}


async def test_a_push_chat_leads_even_when_it_showed_no_code(database, clock):
    engine = make_engine(database, clock)
    web, telegram = Person(engine, "web-first"), Person(engine, "5550003", channel="telegram")
    await consented(web)
    await consented(telegram)
    await link(web, telegram)
    web_id = await user_id(database, "web", "web-first")
    telegram_id = await user_id(database, "telegram", "5550003")
    assert links(database) == {(web_id, telegram_id)}
    mine = text_of(await web.tap("내 정보"))
    assert "알림 받는 곳: 텔레그램" in mine


async def test_the_code_can_be_typed_after_pressing_enter_a_code(database, clock):
    engine = make_engine(database, clock)
    kakao, web = Person(engine, "kakao-key-4", channel="kakao"), Person(engine, "web-4")
    await consented(kakao)
    await consented(web)
    code = await code_from(kakao)
    await web.tap("내 정보")
    await web.tap("다른 채팅 연결")
    asked = await web.tap("코드 입력")
    assert "8자리" in text_of(asked)
    again = await web.say("12345")
    assert "숫자 8자리" in text_of(again) and links(database) == set()
    sent = await web.say(code.replace(" ", "-"))
    assert "요청을 보냈어요" in text_of(sent) and links(database) == set()
    await kakao.from_menu("내 정보")
    request = await kakao.tap("연결 확인")  # [연결 확인] in My data
    assert "웹 채팅에서" in text_of(request) and "lk:yes" in buttons_of(request).values()
    linked = await kakao.tap("연결하기")
    assert "연결했어요" in text_of(linked) and len(links(database)) == 1


async def test_wrong_expired_used_and_own_codes_change_nothing(database, clock):
    engine = make_engine(database, clock)
    kakao = Person(engine, "kakao-key-5", channel="kakao")
    telegram = Person(engine, "5550005", channel="telegram")
    web = Person(engine, "web-5")
    for person in (kakao, telegram, web):
        await consented(person)

    code = await code_from(kakao)
    own = await kakao.say(f"/link {code}")
    assert "이 채팅에서 받은 코드" in text_of(own)
    wrong = "0000 0000" if code != "0000 0000" else "1111 1111"
    reply = await telegram.say(f"/link {wrong}")
    assert "맞는 코드가 없어요" in text_of(reply)
    clock.advance(minutes=10, seconds=1)
    reply = await telegram.say(f"/link {code}")
    assert "시간이 지난 코드" in text_of(reply)
    assert links(database) == set()

    fresh = await code_from(kakao)  # a new code replaces the old one
    stored = [code_hash for code_hash, _code in database.table("link_codes").values()]
    assert len(stored) == 1 and fresh.replace(" ", "") not in stored[0]  # only a hash is kept
    assert "요청을 보냈어요" in text_of(await telegram.say(f"/link {fresh}"))
    reply = await web.say(f"/link {fresh}")  # one request per code
    assert "이미 사용한 코드" in text_of(reply)
    # Pressed: the request was pushed to her chat, outside the replies she holds.
    assert "연결했어요" in text_of(await kakao.press("lk:yes"))
    reply = await web.say(f"/link {fresh}")
    assert "이미 사용한 코드" in text_of(reply)
    assert len(links(database)) == 1


async def test_two_chats_of_one_app_are_never_linked(database, clock):
    engine = make_engine(database, clock)
    first = Person(engine, "5550006", channel="telegram")
    second = Person(engine, "5550007", channel="telegram")
    await consented(first)
    await consented(second)
    reply = await second.say(f"/link {await code_from(first)}")
    assert "두 채팅이 같은 앱이에요: 텔레그램" in text_of(reply)
    assert links(database) == set()


async def test_staff_chats_are_never_linked(database, clock):
    staff, kakao = await both_chats(database, clock, "5550008", "k-8")
    await grant_staff(database, clock, "5550008")
    await staff.from_menu("내 정보")
    assert "직원 채팅" in text_of(await staff.tap("다른 채팅 연결"))
    code = await code_from(kakao)
    assert "직원 채팅" in text_of(await staff.say(f"/link {code}"))
    assert links(database) == set()


async def test_a_role_granted_after_linking_belongs_to_the_chat_it_was_granted_to(engine, clock):
    database = engine  # a staff member's day is counted by SQL: SQLite and PostgreSQL
    telegram, kakao = await both_chats(database, clock, "5550009", "k-9")
    assert "연결했어요" in text_of(await link(kakao, telegram))
    await grant_staff(database, clock, "5550009")
    assert "예약 0건" in text_of(await telegram.say("/today"))  # the staff chat
    assert "예약 0건" not in text_of(await kakao.say("/today"))  # the same person, no role


async def test_five_wrong_codes_make_her_wait_ten_minutes(database, clock):
    telegram, kakao = await both_chats(database, clock, "5550009", "k-9")
    code = await code_from(kakao)
    wrong = [f"{n:08d}" for n in range(1, 7) if f"{n:08d}" != code.replace(" ", "")][:5]
    for guess in wrong:
        assert "맞는 코드가 없어요" in text_of(await telegram.say(f"/link {guess}"))
    refused = await telegram.say(f"/link {code}")
    assert "너무 여러 번" in text_of(refused) and links(database) == set()

    clock.advance(minutes=9)
    code = await code_from(kakao)  # still valid when the wait is over
    assert "너무 여러 번" in text_of(await telegram.say(f"/link {code}"))
    clock.advance(minutes=1, seconds=1)
    assert "요청을 보냈어요" in text_of(await telegram.say(f"/link {code}"))
    # Pressed: the request was pushed to her chat, outside the replies she holds.
    assert "연결했어요" in text_of(await kakao.press("lk:yes"))


async def test_deleting_all_data_in_one_chat_deletes_every_linked_chat(database, clock):
    engine = make_engine(database, clock)
    await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    kakao, telegram = Person(engine, "k-10", "kakao"), Person(engine, "5550010", "telegram")
    await consented(kakao)
    await consented(telegram)
    await book(kakao, 10)
    await link(kakao, telegram)

    await telegram.tap("내 정보")
    asked = await telegram.tap("내 정보 모두 지우기")
    assert "카카오톡" in text_of(asked) and "텔레그램" in text_of(asked)
    await telegram.tap("네, 지워 주세요")
    assert await user_id(database, "kakao", "k-10") is None
    assert await user_id(database, "telegram", "5550010") is None
    assert count(database, "bookings") == count(database, "outbox") == 0
    greeting = await kakao.open()
    assert "lang:ko" in buttons_of(greeting).values()  # a new person to the bot


async def test_unlinking_a_chat_leaves_it_fresh_and_the_data_with_the_other(database, clock):
    engine = make_engine(database, clock)
    await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    kakao, telegram = Person(engine, "k-11", "kakao"), Person(engine, "5550011", "telegram")
    await consented(kakao)
    await telegram.say("/start")
    await answered_intake(telegram)
    await book(telegram, 10)
    await link(kakao, telegram)
    telegram_id = await user_id(database, "telegram", "5550011")

    await kakao.from_menu("내 정보")
    choice = await kakao.tap("채팅 연결 끊기")
    assert buttons_of(choice)["텔레그램"] == f"me:unlink:{telegram_id}"
    forged = await kakao.press("me:unlink:999999")  # deliberately: a chat never shown
    assert "menu:mydata" in buttons_of(forged).values() and len(links(database)) == 1
    await kakao.from_menu("내 정보")
    await kakao.tap("채팅 연결 끊기")
    done = await kakao.tap("텔레그램")
    assert "끊었어요" in text_of(done) and links(database) == set()

    greeting = await telegram.say("hello")
    assert "lang:ko" in buttons_of(greeting).values()  # Telegram starts afresh
    kakao_mine = text_of(await kakao.tap("내 정보"))
    assert "경기도 광명시" in kakao_mine and "연결된 채팅" not in kakao_mine
    assert len(booking_buttons(await kakao.from_menu("상담 예약"))) == 1


async def test_when_the_primary_leaves_the_other_chat_keeps_everything(database, clock):
    engine = make_engine(database, clock)
    await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    kakao, web = Person(engine, "k-12", "kakao"), Person(engine, "web-12")
    await kakao.say("/start")
    await answered_intake(kakao)
    await book(kakao, 14)
    await consented(web)
    await link(kakao, web)
    kakao_id = await user_id(database, "kakao", "k-12")
    web_id = await user_id(database, "web", "web-12")
    assert links(database) == {(web_id, kakao_id)}

    await web.from_menu("내 정보")
    await web.tap("채팅 연결 끊기")
    done = await web.tap("카카오톡")
    assert "끊었어요" in text_of(done) and links(database) == set()
    assert count(database, "bookings", user_id=web_id) == 1
    assert count(database, "profiles", user_id=web_id) == 1
    assert "경기도 광명시" in text_of(await web.tap("내 정보"))
    assert "lang:ko" in buttons_of(await kakao.say("안녕하세요")).values()


async def test_a_slot_booked_in_both_chats_is_kept_once_and_a_seat_is_freed(database, clock):
    engine = make_engine(database, clock)
    times = await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    slot = times[(THURSDAY, 14)]
    kakao, telegram = Person(engine, "k-13", "kakao"), Person(engine, "5550013", "telegram")
    for person in (kakao, telegram):
        await consented(person)
        await book(person, 14)
    await link(kakao, telegram)
    assert database.table("slots")[slot].taken == 1
    states = [booking.state for _id, booking in sorted(database.table("bookings").items())]
    assert states == ["active", "cancelled"]


async def test_withdrawing_consent_unlinks_the_chats(database, clock):
    engine = make_engine(database, clock)
    kakao, telegram = Person(engine, "k-14", "kakao"), Person(engine, "5550014", "telegram")
    await consented(kakao)
    await consented(telegram)
    await link(kakao, telegram)
    assert len(links(database)) == 1
    await telegram.from_menu("내 정보")
    reply = await telegram.tap("동의 취소")
    assert "끊었어요" in text_of(reply) and links(database) == set()
    assert [user.consent_at for user in database.rows("users")] == [None, None]


async def test_linked_chats_stay_behind_when_a_web_chat_moves_to_telegram(database, clock):
    engine = make_engine(
        database, clock, telegram_username=lambda: "ilteo_bot", push_channels=("telegram",)
    )
    await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    web, kakao = Person(engine, "web-15"), Person(engine, "k-15", "kakao")
    await consented(web)
    await consented(kakao)
    await link(web, kakao)  # neither can be reminded: the code's owner leads
    web_id = await user_id(database, "web", "web-15")
    kakao_id = await user_id(database, "kakao", "k-15")
    assert links(database) == {(kakao_id, web_id)}

    booked = await book(kakao, 14)
    url = next(b.url for m in booked.messages for row in m.buttons for b in row if b.url)
    payload = parse_qs(urlparse(url).query)["start"][0]
    telegram = Person(engine, "5550015", channel="telegram")
    asked = await telegram.say(f"/start {payload}")
    assert "따라오지 않고" in text_of(asked)
    await telegram.tap("네, 옮길게요")

    telegram_id = await user_id(database, "telegram", "5550015")
    assert await user_id(database, "web", "web-15") is None  # moved
    assert links(database) == set()  # KakaoTalk did not come along
    assert count(database, "bookings", user_id=telegram_id) == 1
    assert "lang:ko" in buttons_of(await kakao.say("안녕하세요")).values()  # afresh


async def test_figures_count_a_person_with_two_linked_chats_once(engine, clock):
    database = engine  # the admin's figures are SQL: SQLite and PostgreSQL
    telegram, kakao = await both_chats(database, clock, "5550010", "k-10")
    window = (clock() - timedelta(days=1), clock() + timedelta(days=1))
    async with AdminUnitOfWork(database) as uow:
        assert await uow.users.count_new(*window) == 2
        assert sum(count for _sido, count in await uow.admin_figures.users_by_region()) == 2
    await link(kakao, telegram)
    async with AdminUnitOfWork(database) as uow:
        assert await uow.users.count_new(*window) == 1
        assert sum(count for _sido, count in await uow.admin_figures.users_by_region()) == 1
