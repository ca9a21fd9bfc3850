"""A broadcast before it is sent: how many people it reaches and how it reads in each of their
languages, with a button to add a translation, send it or cancel."""

from __future__ import annotations

from dataclasses import replace

from handlers.broadcasts.notice import announcement, draft
from handlers.flows.broadcast import actions
from handlers.flows.broadcast.state import BroadcastDraft, go
from handlers.flows.menu import not_understood
from handlers.flows.staff import staff_scope
from handlers.i18n import LANGUAGE_NAMES, _, ngettext, speaking
from handlers.messages import Button, Message
from handlers.turn import Turn
from storage.repositories.broadcasts import scoped


def cancel_button() -> Button:
    return Button(_("Cancel"), actions.Cancel().encode())


async def preview(turn: Turn, written: BroadcastDraft) -> list[Message]:
    """How many people, and the message as each of their languages shows it. The audience
    stops at the people of her centres (an admin's reaches everyone)."""
    scope = await staff_scope(turn)
    if scope is None or written.audience is None:
        return await not_understood(turn)
    audience = scoped(written.audience, scope)
    go(turn, "preview", replace(written, audience=audience))
    people = await turn.uow.broadcasts.count_audience(audience)
    languages = await turn.uow.broadcasts.audience_languages(audience)
    shown = [code for code in turn.settings.languages if code in languages] or ["ko"]
    unsent = draft(written.texts, audience, written.programme, written.visit, turn.now)
    messages = [
        Message(
            text=ngettext(
                "{count} person will get this. Here is how it looks:",
                "{count} people will get this. Here is how it looks:",
                people,
                count=people,
            )
        )
    ]
    today = turn.now.astimezone(turn.tz).date()
    for code in shown:
        with speaking(turn.settings.translator, code):
            sample = await announcement(turn.uow, unsent, today)
        messages.append(Message(text=f"— {LANGUAGE_NAMES.get(code, code)} —\n{sample.text}"))
    add = [
        Button(_("Add {language}", language=LANGUAGE_NAMES[code]), actions.Translate(code).encode())
        for code in turn.settings.languages
        if code != "ko" and code in LANGUAGE_NAMES and code not in written.texts
    ]
    rows = [tuple(add[i : i + 2]) for i in range(0, len(add), 2)]
    rows += [(Button(_("Send now"), actions.Send().encode()),), (cancel_button(),)]
    messages.append(Message(text=_("Send it?"), buttons=tuple(rows)))
    return messages
