"""Her log of the conversation with the bot, on SQLite and PostgreSQL: lines in order, capped
like a handoff message, read up to a moment (her request), trimmed to her newest, following her
when she moves her chat, and gone with her, on withdrawal and after 30 days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from storage.repositories.chat_log import KEEP_FOR, TEXT_MAX
from storage.tables import chat_log
from storage.uow import UnitOfWork

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


async def people(engine) -> tuple[int, int]:
    async with UnitOfWork(engine) as uow:
        her = await uow.users.seen("web", "her", NOW)
        other = await uow.users.seen("telegram", "other", NOW)
        await uow.commit()
    return her.id, other.id


async def lines(engine, user_id: int, **read) -> list[tuple[str, str]]:
    async with UnitOfWork(engine) as uow:
        return [(line.who, line.text) for line in await uow.chat_log.recent(user_id, **read)]


async def test_lines_come_back_in_order_up_to_her_request_and_capped(engine):
    her, other = await people(engine)
    async with UnitOfWork(engine) as uow:
        await uow.chat_log.add(her, NOW, [("her", "요리 교육 있어요?"), ("bot", "있어요.")])
        await uow.chat_log.add(her, NOW + MINUTE, [("her", "가" * 5000), ("bot", "")])
        await uow.chat_log.add(other, NOW, [("her", "남의 말")])
        await uow.commit()
    assert await lines(engine, her, until=NOW) == [("her", "요리 교육 있어요?"), ("bot", "있어요.")]
    everything = await lines(engine, her)
    assert len(everything) == 3 and everything[-1] == ("her", "가" * TEXT_MAX)
    assert await lines(engine, her, limit=1) == [("her", "가" * TEXT_MAX)]


async def test_a_trim_keeps_her_newest_and_nobody_elses_lines_go(engine):
    her, other = await people(engine)
    async with UnitOfWork(engine) as uow:
        await uow.chat_log.add(her, NOW, [("her", f"{n}번") for n in range(25)])
        await uow.chat_log.add(other, NOW, [("her", "남의 말")])
        assert await uow.chat_log.trim(her, 20) == 5
        await uow.commit()
    assert [text for _who, text in await lines(engine, her, limit=100)] == [
        f"{n}번" for n in range(5, 25)
    ]
    assert await lines(engine, other) == [("her", "남의 말")]


async def test_her_log_goes_on_withdrawal_with_her_and_after_thirty_days(engine):
    her, other = await people(engine)
    async with UnitOfWork(engine) as uow:
        await uow.chat_log.add(her, NOW, [("her", "제 번호는 010-1234-5678")])
        await uow.chat_log.add(other, NOW, [("her", "오래된 말")])
        await uow.chat_log.add(other, NOW + KEEP_FOR, [("her", "새 말")])
        await uow.commit()
    async with UnitOfWork(engine) as uow:
        assert await uow.chat_log.forget(her) == 1
        assert await uow.chat_log.forget_older(NOW + KEEP_FOR) == 1
        await uow.commit()
    assert await lines(engine, other) == [("her", "새 말")]
    async with UnitOfWork(engine) as uow:
        await uow.users.delete(other)
        await uow.commit()
    async with UnitOfWork(engine) as uow:
        count = select(func.count()).select_from(chat_log)
        assert (await uow.connection.execute(count)).scalar_one() == 0


async def test_her_log_follows_her_when_she_moves_her_chat(engine):
    her, other = await people(engine)
    async with UnitOfWork(engine) as uow:
        await uow.chat_log.add(her, NOW, [("her", "웹에서 한 말")])
        await uow.move_tokens.move_person(her, other)
        await uow.commit()
    assert await lines(engine, other) == [("her", "웹에서 한 말")]
