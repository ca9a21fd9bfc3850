"""While a counsellor is asked for or holds the chat, the bot answers nothing: the one place
the routing asks (`intercept`, called first by `handlers.router.route`).

Every message of hers is stored for the counsellor. Only the words that end the talk ("상담
끝내기", "그만", the end button) change anything; a channel that must answer every message
(KakaoTalk's skill) gets one line, "상담사에게 전했어요". While nobody has taken it yet, the
booking offer and "처음으로" (pressed) withdraw the request and are answered as usual. A
counsellor's messages her channel could not be sent (the web chat, KakaoTalk without the Event
API) come first in whatever she is answered next. When the talk was closed meanwhile (by the
counsellor or a timeout), her message goes to the bot again.
"""

from __future__ import annotations

from handlers.flows.common import HOME
from handlers.flows.handoff import actions, delivery, texts
from handlers.flows.handoff.request import FLOW, STEP
from handlers.flows.menu import menu_message
from handlers.messages import Message
from handlers.turn import Turn
from handlers.words import control_word
from storage.handoff_records import Handoff

MUST_ANSWER = ("kakao",)  # channels whose every request needs an answer
LEAVE_WAITING = (actions.BOOK, HOME)  # presses that withdraw a request nobody took yet


async def intercept(turn: Turn) -> tuple[list[Message], list[Message] | None]:
    """(messages to show first, the whole answer) — the answer None: the bot answers as usual."""
    if turn.flow != FLOW:
        return [], None
    pending = await delivery.pending(turn)
    handoff = await turn.uow.handoffs.open_for(turn.user.id)
    if handoff is None:
        turn.go("menu", "idle")
        return [*pending, *await _closed_meanwhile(turn)], None
    if turn.incoming.data in LEAVE_WAITING and handoff.state == "waiting":
        # She'd rather book (the offer under "nobody is free") or start over: the request
        # ends and the bot answers the press.
        await turn.uow.handoffs.close(handoff.id, "person", turn.now)
        turn.go("menu", "idle")
        return pending, None
    if _ends(turn):
        await turn.uow.handoffs.close(handoff.id, "person", turn.now)
        text = texts.ended(turn, handoff.state == "waiting")
        return pending, [menu_message(turn, text)]
    if turn.incoming.data or turn.incoming.command:
        return pending, [_status(handoff)]
    await _pass_on(turn, handoff)
    if turn.incoming.channel in MUST_ANSWER:
        return pending, [texts.passed_on()]
    return pending, []


def _ends(turn: Turn) -> bool:
    incoming = turn.incoming
    if incoming.data:
        return incoming.data == actions.END
    return not incoming.command and control_word(incoming.text) == "stop"


def _status(handoff: Handoff) -> Message:
    return texts.still_waiting() if handoff.state == "waiting" else texts.with_counsellor()


async def _pass_on(turn: Turn, handoff: Handoff) -> None:
    chat = await turn.uow.users.find(turn.incoming.channel, turn.incoming.external_id)
    await turn.uow.handoffs.add_message(
        handoff.id,
        "person",
        turn.incoming.text or "",
        turn.now,
        chat_id=chat.id if chat else None,
    )
    turn.go(FLOW, STEP)


async def _closed_meanwhile(turn: Turn) -> list[Message]:
    """Why the talk ended (a counsellor or a timeout ended it), when her chat was not told
    yet: neither sent by the outbox nor shown live on her web page."""
    latest = await turn.uow.handoffs.latest_for(turn.user.id)
    if latest is None:
        return []
    untold = await delivery.untold_closing(turn.uow, latest.id, latest.chat_id, turn.now)
    return [delivery.closing_note(message.payload.get("reason")) for message in untold]
