"""Requests for a counsellor, made through the handoff storage as the chat makes them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.uow import UnitOfWork


async def ask_for_person(
    engine,
    external_id: str,
    centre_id: int | None,
    topic: str = "취업 상담이 필요해요",
    language: str = "ko",
) -> int:
    """A web-chat person who talked to the bot (two lines of her log), then asked for a
    counsellor; the handoff id."""
    now = datetime.now(UTC)
    async with UnitOfWork(engine) as uow:
        user = await uow.users.seen("web", external_id, now)
        await uow.users.set_language(user.id, language)
        earlier = (("her", "안녕하세요"), ("bot", "무엇을 도와드릴까요?"))
        await uow.chat_log.add(user.id, now - timedelta(minutes=1), earlier)  # her log with the bot
        context = (("person", "요리 교육 있어요?"), ("bot", "한식조리 과정이 있어요."))
        handoff, _new = await uow.handoffs.open_request(
            user.id, user.id, centre_id, topic, now, context
        )
        await uow.commit()
    return handoff.id


async def she_writes(engine, handoff_id: int, text: str) -> None:
    """Her message while the handoff is open (as the chat stores it)."""
    now = datetime.now(UTC)
    async with UnitOfWork(engine) as uow:
        handoff = await uow.handoffs.get(handoff_id)
        await uow.handoffs.add_message(handoff_id, "person", text, now, chat_id=handoff.chat_id)
        await uow.commit()
