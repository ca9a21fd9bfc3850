"""A job seeker's "취업했어요" and staff confirming it: it is kept only after she says yes and is
never counted before staff confirm; staff confirm it with /outcomes (of her centre only);
deleting her data deletes her outcome record while her cohort keeps her count. The flows run
on the in-memory fake storage (tests/fakes/uow.py); what is stored is read from its tables."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from storage.repositories.outcomes_records import Participant
from tests.chat import Person, buttons_of, text_of, units_of_work
from tests.fakes.uow import FakeStorage
from tests.handlers.booking_setup import centre_id, consented
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401

NOW = datetime(2026, 12, 6, 1, 0, tzinfo=UTC)
COMING = "demo:gwangmyeong:callcentre:next"


def cohort_id(storage: FakeStorage, key: str = COMING) -> int:
    return next(cohort.id for cohort in storage.rows("cohorts") if cohort.key == key)


def stored(storage: FakeStorage, participant_id: int) -> Participant | None:
    """The participant record as the fake storage keeps it (None: deleted)."""
    found: Participant | None = storage.table("participants").get(participant_id)
    return found


def loose_reports(storage: FakeStorage) -> list:
    """Self-reports kept until staff link them to a participant record."""
    return list(storage.rows("self_reports"))


async def enrolled(database, person: Person, number: str = "2027-010") -> int:
    """An enrolled participant of 광명's coming cohort, linked to the person's chat."""
    cohort = cohort_id(database)
    async with units_of_work(database)() as uow:
        user = await uow.users.find(person.channel, person.external_id)
        new_id = await uow.outcomes.add(cohort, number, NOW, user_id=user.id)
        await uow.commit()
    return new_id


async def counsellor_of(database, person: Person, clock, centre_name: str) -> Person:
    counsellor = Person(person.engine, f"staff-{centre_name}", channel="telegram")
    await consented(counsellor)
    centre = await centre_id(database, centre_name)
    async with units_of_work(database)() as uow:
        await uow.staff.grant("telegram", counsellor.external_id, "staff", clock(), [centre])
        await uow.commit()
    return counsellor


async def test_her_job_news_is_kept_after_her_yes_and_counts_once_staff_confirm(
    database, clock, person
):
    await consented(person)
    participant = await enrolled(database, person)

    reply = await person.say("선생님 저 취직됐어요!")
    assert "축하해요" in text_of(reply)
    assert buttons_of(reply)["네, 알려 주세요"] == "oc:y"
    assert stored(database, participant).self_report_at is None  # not yet
    assert loose_reports(database) == []

    reply = await person.say("네")
    assert "센터에 알렸어요" in text_of(reply)
    assert stored(database, participant).self_report_at is not None
    assert stored(database, participant).job_start is None

    elsewhere = await counsellor_of(database, person, clock, "대전경제통상진흥원 콜센터 교육")
    reply = await elsewhere.say("/outcomes")
    assert "확인할 취업 신고: 0건" in text_of(reply)
    # Deliberately pressed: another centre's counsellor was never shown this button.
    forged = await elsewhere.press(f"oc:c:{participant}")
    assert "바꿀 수 없어요" in text_of(forged)
    assert stored(database, participant).job_start is None

    ours = await counsellor_of(database, person, clock, "광명시여성새일센터")
    reply = await ours.say("/outcomes")
    assert "확인할 취업 신고: 1건" in text_of(reply)
    assert "2027-010: 취업했다고 알려 왔어요." in text_of(reply)
    reply = await ours.tap("취업 확인")
    assert "확인할 취업 신고: 0건" in text_of(reply)
    assert stored(database, participant).evidence == "self"
    assert stored(database, participant).status == "early"
    assert stored(database, participant).job_start is not None


async def test_without_a_record_her_news_waits_and_no_means_nothing_is_kept(database, person):
    await consented(person)
    await person.say("일자리 구했어요")
    reply = await person.say("아니요")
    assert "알리지 않을게요" in text_of(reply)
    assert loose_reports(database) == []

    await person.say("취업했어요")
    await person.tap("네, 알려 주세요")
    assert len(loose_reports(database)) == 1


async def test_someone_who_has_not_agreed_is_congratulated_and_nothing_is_kept(database, person):
    await person.say("/start")
    await person.tap("한국어")
    await person.tap("동의하지 않고 둘러볼게요")
    reply = await person.say("취업했어요")
    assert "축하해요" in text_of(reply)
    await person.press("oc:y")  # deliberately: not offered to her, she has not agreed
    assert loose_reports(database) == []


async def test_deleting_her_data_deletes_her_record_and_keeps_her_cohorts_count(
    database, clock, person
):
    await consented(person)
    participant = await enrolled(database, person)
    cohort = cohort_id(database)

    await person.from_menu("내 정보")
    await person.tap("내 정보 모두 지우기")
    await person.tap("네, 지워 주세요")

    assert stored(database, participant) is None
    async with units_of_work(database)() as uow:
        kept = await uow.outcomes.anonymous_counts([cohort])
    assert kept[cohort].participants == 1


async def test_staff_mark_a_participant_completed_from_the_chat(database, clock, person):
    await consented(person)
    participant = await enrolled(database, person)
    ours = await counsellor_of(database, person, clock, "광명시여성새일센터")
    # The coming cohort has not started: /outcomes lists cohorts that have; move it back.
    coming = database.table("cohorts")
    coming[cohort_id(database)] = replace(coming[cohort_id(database)], starts_on=clock().date())

    reply = await ours.say("/outcomes")
    assert "지금 교육 중: 1명" in text_of(reply)
    reply = await ours.tap("수료")
    assert "지금 교육 중: 0명" in text_of(reply)
    assert stored(database, participant).status == "completed"
    assert stored(database, participant).finished_on is not None
