"""A job seeker's "취업했어요" and staff confirming it: it is kept only after she says yes and is
never counted before staff confirm; staff confirm it with /outcomes (of her centre only);
deleting her data deletes her outcome record while her cohort keeps her count."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from storage.tables import cohorts, participants, self_reports
from storage.uow import UnitOfWork
from tests.chat import Person, buttons_of, text_of
from tests.handlers.booking_setup import centre_id, consented

NOW = datetime(2026, 12, 6, 1, 0, tzinfo=UTC)
COMING = "demo:gwangmyeong:callcentre:next"


async def value(engine, query):
    async with engine.connect() as connection:
        return (await connection.execute(query)).scalar()


async def enrolled(database, person: Person, number: str = "2027-010") -> int:
    """An enrolled participant of 광명's coming cohort, linked to the person's chat."""
    cohort = await value(database, select(cohorts.c.id).where(cohorts.c.key == COMING))
    async with UnitOfWork(database) as uow:
        user = await uow.users.find(person.channel, person.external_id)
        new_id = await uow.outcomes.add(cohort, number, NOW, user_id=user.id)
        await uow.commit()
    return new_id


async def counsellor_of(database, person: Person, clock, centre_name: str) -> Person:
    counsellor = Person(person.engine, f"staff-{centre_name}", channel="telegram")
    await consented(counsellor)
    centre = await centre_id(database, centre_name)
    async with UnitOfWork(database) as uow:
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
    assert await value(database, select(participants.c.self_report_at)) is None  # not yet

    reply = await person.say("네")
    assert "센터에 알렸어요" in text_of(reply)
    row = participants.c.id == participant
    assert await value(database, select(participants.c.self_report_at).where(row)) is not None
    assert await value(database, select(participants.c.job_start).where(row)) is None

    elsewhere = await counsellor_of(database, person, clock, "대전경제통상진흥원 콜센터 교육")
    reply = await elsewhere.say("/outcomes")
    assert "확인할 취업 신고: 0건" in text_of(reply)
    # Deliberately pressed: another centre's counsellor was never shown this button.
    forged = await elsewhere.press(f"oc:c:{participant}")
    assert "바꿀 수 없어요" in text_of(forged)
    assert await value(database, select(participants.c.job_start).where(row)) is None

    ours = await counsellor_of(database, person, clock, "광명시여성새일센터")
    reply = await ours.say("/outcomes")
    assert "확인할 취업 신고: 1건" in text_of(reply)
    assert "2027-010: 취업했다고 알려 왔어요." in text_of(reply)
    reply = await ours.tap("취업 확인")
    assert "확인할 취업 신고: 0건" in text_of(reply)
    found = await value(database, select(participants.c.evidence).where(row))
    assert found == "self"
    assert await value(database, select(participants.c.status).where(row)) == "early"
    assert await value(database, select(participants.c.job_start).where(row)) is not None


async def test_without_a_record_her_news_waits_and_no_means_nothing_is_kept(database, person):
    await consented(person)
    await person.say("일자리 구했어요")
    reply = await person.say("아니요")
    assert "알리지 않을게요" in text_of(reply)
    assert await value(database, select(self_reports.c.id)) is None

    await person.say("취업했어요")
    await person.tap("네, 알려 주세요")
    assert await value(database, select(self_reports.c.id)) is not None


async def test_someone_who_has_not_agreed_is_congratulated_and_nothing_is_kept(database, person):
    await person.say("/start")
    await person.tap("한국어")
    await person.tap("동의하지 않고 둘러볼게요")
    reply = await person.say("취업했어요")
    assert "축하해요" in text_of(reply)
    await person.press("oc:y")  # deliberately: not offered to her, she has not agreed
    assert await value(database, select(self_reports.c.id)) is None


async def test_deleting_her_data_deletes_her_record_and_keeps_her_cohorts_count(
    database, clock, person
):
    await consented(person)
    participant = await enrolled(database, person)
    cohort = await value(database, select(cohorts.c.id).where(cohorts.c.key == COMING))

    await person.from_menu("내 정보")
    await person.tap("내 정보 모두 지우기")
    await person.tap("네, 지워 주세요")

    assert (
        await value(database, select(participants.c.id).where(participants.c.id == participant))
        is None
    )
    async with UnitOfWork(database) as uow:
        kept = await uow.outcomes.anonymous_counts([cohort])
    assert kept[cohort].participants == 1


async def test_staff_mark_a_participant_completed_from_the_chat(database, clock, person):
    await consented(person)
    participant = await enrolled(database, person)
    ours = await counsellor_of(database, person, clock, "광명시여성새일센터")
    # The coming cohort has not started: /outcomes lists cohorts that have; move it back.
    async with UnitOfWork(database) as uow:
        await uow.connection.execute(
            cohorts.update().where(cohorts.c.key == COMING).values(starts_on=clock().date())
        )
        await uow.commit()

    reply = await ours.say("/outcomes")
    assert "지금 교육 중: 1명" in text_of(reply)
    reply = await ours.tap("수료")
    assert "지금 교육 중: 0명" in text_of(reply)
    row = participants.c.id == participant
    assert await value(database, select(participants.c.status).where(row)) == "completed"
    assert await value(database, select(participants.c.finished_on).where(row)) is not None
