"""A counsellor tied to one centre against another centre's booking: she does not see it on
the bookings page or in /today, cannot mark it (a forged button or form changes nothing), her
figures (dashboard, /stats) count her centre's people only, and her broadcast audience stops at
them. An admin sees everything. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select

from storage.tables import bookings, outbox, users
from storage.uow import UnitOfWork
from tests.admin.client import AdminClient
from tests.admin.conftest import add_web_login
from tests.admin.test_broadcast_pages import GYEONGGI, previewed
from tests.chat import Person, buttons_of, make_engine, text_of
from tests.cli import scalar
from tests.security.seeding import OUR_PHONE, THEIR_PHONE, counsellor_of, two_centres

LEE = ("lee.gwangmyeong", "lee-password-12")
AUDIENCE = re.compile(r'<b id="audience-size">(\d+)</b>')
TODAY_TOTAL = re.compile(r"<b>(\d+)</b><span>오늘 예약</span>")


async def state_of(engine, booking_id: int) -> str:
    async with engine.connect() as connection:
        query = select(bookings.c.state).where(bookings.c.id == booking_id)
        return (await connection.execute(query)).scalar_one()


async def in_the_chat(database, clock, external_id: str) -> Person:
    person = Person(make_engine(database, clock), external_id, channel="telegram")
    await person.say("/start")
    await person.tap("한국어")
    await person.tap("동의하지 않고 둘러볼게요")
    return person


async def test_in_the_chat_a_counsellor_sees_counts_and_reaches_only_her_centres_people(
    database, clock
):
    seeded = await two_centres(database, clock())
    await counsellor_of(database, clock(), "counsellor-a", seeded.ours)
    counsellor = await in_the_chat(database, clock, "counsellor-a")

    today = await counsellor.say("/today")
    assert "남은 예약 1" in text_of(today)
    marks = set(buttons_of(today).values())
    assert f"st:a:{seeded.our_booking}" in marks
    assert f"st:a:{seeded.their_booking}" not in marks
    # another centre's booking, never shown to her: pressed by data on purpose
    forged = await counsellor.press(f"st:a:{seeded.their_booking}")
    assert "그 예약은 표시할 수 없어요" in text_of(forged)
    assert await state_of(database, seeded.their_booking) == "active"

    stats = text_of(await counsellor.say("/stats"))
    assert "예약 1건" in stats and "새로 온 분: 1명" in stats

    await counsellor.say("/broadcast")
    await counsellor.say("경기도 새 기수 모집을 시작했어요.")
    await counsellor.tap("둘 다 아니에요")
    await counsellor.tap("지역")
    preview = await counsellor.tap("경기")
    assert "1명이 받아요" in text_of(preview)  # both asked for 경기도; one is her centre's
    await counsellor.tap("지금 보내기")
    async with database.connect() as connection:
        query = select(users.c.external_id).join(outbox, outbox.c.user_id == users.c.id)
        readers = sorted((await connection.execute(query)).scalars())
    assert readers == ["88000"]  # the person who booked at her centre, not the other


async def test_an_admin_in_the_chat_sees_every_centre(database, clock):
    seeded = await two_centres(database, clock())
    async with UnitOfWork(database) as uow:
        await uow.staff.grant("telegram", "boss-1", "admin", clock())
        await uow.commit()
    boss = await in_the_chat(database, clock, "boss-1")
    today = await boss.say("/today")
    assert "남은 예약 2" in text_of(today)
    assert f"st:a:{seeded.their_booking}" in set(buttons_of(today).values())


async def test_on_the_web_a_counsellor_sees_counts_and_reaches_only_her_centres_people(
    admin_site, admin
):
    url = admin_site.settings.database_url
    seeded = await two_centres(admin_site.database, datetime.now(UTC))
    await add_web_login(url, *LEE, "staff", [seeded.ours])
    lee = AdminClient(admin_site.url)
    try:
        assert (await lee.sign_in(*LEE)).status == 303
        page = await lee.get("/admin/bookings")
        assert f'id="b{seeded.our_booking}"' in page.text and OUR_PHONE in page.text
        assert f'id="b{seeded.their_booking}"' not in page.text
        assert THEIR_PHONE not in page.text
        forged = await lee.post(
            f"/admin/bookings/{seeded.their_booking}/attendance", {"state": "attended"}
        )
        assert "표시할 수 없어요" in (await lee.get(forged.location)).text
        assert (
            await scalar(url, select(bookings.c.state).where(bookings.c.id == seeded.their_booking))
            == "active"
        )

        assert TODAY_TOTAL.search((await lee.get("/admin/")).text)[1] == "1"
        assert AUDIENCE.search((await previewed(lee, GYEONGGI)).text)[1] == "1"
    finally:
        await lee.close()

    everything = await admin.get("/admin/bookings")
    assert THEIR_PHONE in everything.text and OUR_PHONE in everything.text
    assert TODAY_TOTAL.search((await admin.get("/admin/")).text)[1] == "2"
    assert AUDIENCE.search((await previewed(admin, GYEONGGI)).text)[1] == "2"
