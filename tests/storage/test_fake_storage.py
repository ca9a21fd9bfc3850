"""The in-memory fake (tests/fakes/uow.py) answers as the database does: one story of a
person told to the real unit of work (SQLite and PostgreSQL) and to the fake gives the same
answers, so flow tests on the fake test what the flows would do on a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from storage.demo import load_demo
from storage.records import EVERYTHING, Conversation, Profile, Scope
from storage.uow import UnitOfWork
from tests.fakes.uow import FakeStorage, FakeUnitOfWork

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
SEOUL = ZoneInfo("Asia/Seoul")
COMING = "demo:gwangmyeong:callcentre:next"
NEWS = {
    "news-a": ("ko", "경기도 광명시"),
    "news-b": ("en", "경기도"),
    "news-c": ("ko", "서울특별시"),
}


async def a_persons_story(uow) -> list:
    """What storage answers as a person arrives, answers, subscribes, is reminded and goes."""
    seen = []
    user, state = await uow.users.arrive("web", "story-1", NOW)
    seen.append((user.channel, user.external_id, user.language, state))
    await uow.users.set_language(user.id, "ko")
    await uow.conversations.save(Conversation(user.id, "intake", "age", {"sido": "경기도"}), NOW)
    again, state = await uow.users.arrive("web", "story-1", NOW + timedelta(minutes=5))
    seen.append((again.id == user.id, again.language, state.flow, state.step, state.data))
    await uow.profiles.save(Profile(user.id, sido="경기도", interests=("cooking",)), NOW)
    seen.append((await uow.profiles.get(user.id)).interests)
    seen.append([await uow.subscriptions.add(user.id, "field", "cooking", NOW) for _ in "ab"])
    seen.append([(s.kind, s.target) for s in await uow.subscriptions.of_user(user.id)])
    for key in ("nudge:1", "nudge:1", "nudge:2"):
        seen.append(await uow.outbox.enqueue(key, user.id, "nudge", {}, NOW, None))
    await uow.outbox.cancel("nudge:2")
    seen.append([m.key for m in await uow.outbox.pending_for(user.id, NOW)])
    seen.append([(c.flow, c.step) for c, _ in await uow.conversations.idle_in("intake", NOW)])
    await uow.users.delete(user.id)
    seen.append(await uow.users.find("web", "story-1"))
    seen.append((await uow.profiles.get(user.id), await uow.subscriptions.of_user(user.id)))
    seen.append(await uow.outbox.pending_for(user.id, NOW))
    return seen


async def test_the_fake_answers_a_persons_story_as_the_database_does(engine):
    async with UnitOfWork(engine) as uow:
        on_the_database = await a_persons_story(uow)
    async with FakeUnitOfWork(FakeStorage()) as fake:
        on_the_fake = await a_persons_story(fake)
    assert on_the_fake == on_the_database


async def test_the_fake_forgets_what_was_not_committed():
    storage = FakeStorage()
    async with FakeUnitOfWork(storage) as uow:
        await uow.users.arrive("web", "kept", NOW)
        await uow.commit()
        await uow.users.arrive("web", "dropped", NOW)
    async with FakeUnitOfWork(storage) as uow:
        assert await uow.users.find("web", "kept") is not None
        assert await uow.users.find("web", "dropped") is None


async def both_answer(engine, story) -> None:
    """`story` told to the real unit of work and to the fake, each with the demo catalogue,
    gives the same answers."""
    async with UnitOfWork(engine) as uow:
        await load_demo(uow, NOW.astimezone(SEOUL).date(), SEOUL)
        on_the_database = await story(uow)
    async with FakeUnitOfWork(FakeStorage()) as fake:
        await load_demo(fake, NOW.astimezone(SEOUL).date(), SEOUL)
        on_the_fake = await story(fake)
    assert on_the_fake == on_the_database


async def people_who_asked_for_news(uow) -> dict[int, str]:
    """Their ids -> external ids: a stranger's id is not the same on both."""
    names = {}
    for name, (language, region) in NEWS.items():
        user = await uow.users.seen("telegram", name, NOW)
        names[user.id] = name
        await uow.users.set_language(user.id, language)
        await uow.users.set_consent(user.id, NOW)
        await uow.subscriptions.add(user.id, "region", region, NOW)
    return names


async def a_broadcasts_story(uow) -> list:
    """What storage answers as a broadcast is counted, written, queued and cancelled."""
    names = await people_who_asked_for_news(uow)
    again = await uow.users.seen("telegram", "news-a", NOW + timedelta(hours=1))
    seen: list = [(names[again.id], again.last_seen_at, again.language, again.active)]
    audience = {"kind": "region", "target": "경기도 광명시"}
    seen.append(await uow.broadcasts.count_audience(audience))
    seen.append(await uow.broadcasts.audience_languages(audience))
    seen.append(await uow.broadcasts.count_audience({"kind": "all"}))
    seen.append(await uow.broadcasts.count_audience({**audience, "centres": []}))
    new_id = await uow.broadcasts.create(
        author="kim", texts={"ko": "새 기수"}, audience=audience, now=NOW, author_channel="web"
    )
    made = await uow.broadcasts.get(new_id)
    seen.append((made.state, made.texts, made.audience, made.recipients, made.author_channel))
    seen.append([await uow.broadcasts.queue(new_id, NOW) for _ in "ab"])
    queued = sorted(await pending_of(uow, names, new_id))
    seen.append((queued, (await uow.broadcasts.get(new_id)).state))
    seen.append(await uow.broadcasts.cancel(new_id, NOW))
    cancelled = await uow.broadcasts.get(new_id)
    seen.append((cancelled.state, cancelled.finished_at, cancelled.recipients))
    seen.append(await pending_of(uow, names, new_id))
    return seen


async def pending_of(uow, names: dict[int, str], broadcast_id: int) -> list:
    found = []
    for user_id, name in names.items():
        found += [
            (name, m.kind, m.payload, m.key.endswith(f":user:{user_id}"))
            for m in await uow.outbox.pending_for(user_id, NOW)
            if m.broadcast_id == broadcast_id
        ]
    return found


async def test_the_fake_counts_queues_and_cancels_broadcasts_as_the_database_does(engine):
    await both_answer(engine, a_broadcasts_story)


async def an_outcomes_story(uow) -> list:
    """What storage answers as she reports a job, staff confirm it, and she goes."""
    names = await people_who_asked_for_news(uow)
    her, other = (key for key, name in names.items() if name in ("news-a", "news-b"))
    (cohort,) = (await uow.outcomes.cohort_by_key([COMING, "none"])).values()
    mine = await uow.outcomes.add(cohort, "2027-010", NOW, user_id=her)
    await uow.outcomes.add(cohort, "2027-011", NOW)
    seen: list = [
        await uow.outcomes.report_job(her, NOW),
        await uow.outcomes.report_job(other, NOW),
    ]
    seen.append(reports(await uow.outcomes.self_reports(EVERYTHING), names))
    seen.append(reports(await uow.outcomes.self_reports(Scope(frozenset())), names))
    programmes = [c.programme for c in await uow.outcomes.cohorts(EVERYTHING)]
    seen.append([c.label for c in await uow.outcomes.cohorts(EVERYTHING, NOW.date(), None)])
    seen.append(programmes)
    found = await uow.outcomes.participant(mine, EVERYTHING)
    seen.append((found.number, found.status, found.self_report_at))
    seen.append(await uow.outcomes.participant(mine, Scope(frozenset())))
    await uow.outcomes.change(mine, NOW, status="early", job_start=NOW.date(), evidence="self")
    await uow.outcomes.clear_report(mine, NOW)
    seen.append(
        [
            (p.number, p.status, p.self_report_at)
            for p in await uow.outcomes.participants_of([cohort])
        ]
    )
    seen.append(await uow.outcomes.forget_person([her, other]))
    seen.append(reports(await uow.outcomes.self_reports(EVERYTHING), names))
    seen.append((await uow.outcomes.anonymous_counts([cohort]))[cohort])
    return seen


def reports(found, names: dict[int, str]) -> list:
    return [(names[r.user_id], r.at, r.participant and r.participant.number) for r in found]


async def test_the_fake_keeps_self_reports_and_outcomes_as_the_database_does(engine):
    await both_answer(engine, an_outcomes_story)


async def a_staff_days_story(uow) -> list:
    """What storage answers a staff member about bookings, new people and opened courses."""
    names = await people_who_asked_for_news(uow)
    centres = {c.name: c.id for c in await uow.catalogue.centres_in("경기도")}
    ours = Scope(frozenset({centres["광명시여성새일센터"]}))
    elsewhere = Scope(frozenset(key for name, key in centres.items() if "광명" not in name))
    slots = [
        await uow.slots.add(
            centre_id=centres["광명시여성새일센터"],
            mode="visit",
            starts_at=NOW + timedelta(hours=hour),
            ends_at=NOW + timedelta(hours=hour, minutes=30),
            capacity=2,
            taken=0,
        )
        for hour in (3, 1, 30)
    ]
    booked = [
        await uow.bookings.create(user_id, slot, NOW) for user_id in sorted(names) for slot in slots
    ]
    await uow.bookings.set_state(booked[0].id, "attended", NOW)
    await uow.bookings.set_state(booked[1].id, "cancelled", NOW)
    await uow.bookings.set_state(booked[4].id, "moved", NOW)
    day = (NOW, NOW + timedelta(hours=12))
    found = await uow.bookings.starting_between(*day, ours)
    seen: list = [[(names[b.user_id], b.state, s.starts_at) for b, s in found]]
    seen.append(await uow.bookings.starting_between(*day, elsewhere))
    seen.append([await uow.bookings.counts(*day, scope) for scope in (EVERYTHING, ours, elsewhere)])
    seen.append([await uow.bookings.within_scope(booked[0].id, s) for s in (ours, elsewhere)])
    seen.append(await uow.bookings.within_scope(-1, EVERYTHING))
    week = (NOW - timedelta(days=1), NOW + timedelta(days=1))
    seen.append(
        [await uow.users.count_new(*week, scope) for scope in (EVERYTHING, ours, elsewhere)]
    )
    audience = {"kind": "all", "centres": sorted(ours.centres)}
    seen.append([await uow.broadcasts.count_audience(a) for a in (audience, {"kind": "bus"})])
    listings = sorted(await uow.catalogue.listings(NOW.date()), key=lambda each: each.programme.key)
    for times, listing in enumerate(listings[:4]):
        for _ in range(times % 3 + 1):
            await uow.views.count(listing.programme.id, NOW.date())
    seen.append(await uow.views.top(NOW.date(), NOW.date(), limit=3))
    seen.append(await uow.views.top(NOW.date(), NOW.date(), scope=elsewhere))
    return seen


async def test_the_fake_counts_a_staff_members_day_as_the_database_does(engine):
    await both_answer(engine, a_staff_days_story)
