"""What the intake leaves in a real database (SQLite and PostgreSQL) when she deletes
everything: no profile row (the flows themselves are tested on the fake, test_intake.py)."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.tables import profiles
from storage.uow import UnitOfWork
from tests.handlers.test_intake import consent, skip_the_rest_and_ask_for_courses


async def test_delete_everything_removes_the_profile_too(person, database):
    reply = await consent(person)
    for label in ("서울", "강남구"):
        reply = await person.tap(label)
    await skip_the_rest_and_ask_for_courses(person, reply)
    await person.from_menu("내 정보")
    await person.tap("내 정보 모두 지우기")
    await person.tap("네, 지워 주세요")
    async with UnitOfWork(database) as uow:
        assert await uow.users.find("web", person.external_id) is None
        count = await uow.connection.execute(select(func.count()).select_from(profiles))
        assert count.scalar_one() == 0
