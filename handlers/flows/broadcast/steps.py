"""/broadcast for staff: write the announcement, link a course or a bus visit (optional),
choose who gets it, see how many people that is and a preview in each of their languages, add
a translation if wanted, then send. Sending is the outbox's; progress comes as its own message.
"""

from __future__ import annotations

from dataclasses import replace

from handlers.flows.broadcast import actions, audience
from handlers.flows.broadcast.preview import cancel_button, preview
from handlers.flows.broadcast.state import BroadcastDraft, draft_of, go
from handlers.flows.common import home_button
from handlers.flows.menu import menu_message, not_understood
from handlers.flows.staff import is_staff, staff_scope
from handlers.i18n import LANGUAGE_NAMES, _, ngettext
from handlers.messages import Button, Message
from handlers.turn import Turn
from storage.repositories.broadcasts import reach_of, scoped

MAX_TEXT = 1500
SHOWN = 8


async def start(turn: Turn) -> list[Message]:
    if not await is_staff(turn):
        return await not_understood(turn)
    go(turn, "text", BroadcastDraft())
    text = _(
        "Write the announcement in Korean, in one message.\n"
        "You can add other languages before sending."
    )
    return [Message(text=text, buttons=((cancel_button(),),))]


async def on_text(turn: Turn) -> list[Message]:
    """The announcement, or a translation of it, typed by the staff member."""
    if not await is_staff(turn):
        return await not_understood(turn)
    text = (turn.incoming.text or "").strip()
    if not text or len(text) > MAX_TEXT:
        hint = _("Please write between 1 and {max} characters.", max=MAX_TEXT)
        return [Message(text=hint, buttons=((cancel_button(),),))]
    draft = draft_of(turn)
    texts = {**draft.texts, draft.language: text}
    if turn.step == "translation":
        return await preview(turn, replace(draft, texts=texts, writing=None))
    return ask_link(turn, replace(draft, texts=texts))


def ask_link(turn: Turn, draft: BroadcastDraft) -> list[Message]:
    go(turn, "link", draft)
    text = _("Is it about a course or a bus visit? People can then open it from the message.")
    buttons = (
        (
            Button(_("A course"), actions.AboutKind("p").encode()),
            Button(_("A bus visit"), actions.AboutKind("v").encode()),
        ),
        (Button(_("Neither"), actions.AboutKind("none").encode()),),
        (cancel_button(),),
    )
    return [Message(text=text, buttons=buttons)]


async def on_button(turn: Turn) -> list[Message]:
    if not await is_staff(turn):
        return await not_understood(turn)
    action = actions.decode(turn.incoming.data)
    if isinstance(action, actions.Cancel):
        return [menu_message(turn, _("Nothing was sent."))]
    if turn.flow != "broadcast" and not isinstance(action, actions.Stop):
        return await start(turn)
    step = STEPS.get(type(action))
    return await step(turn, action) if step else await start(turn)


async def on_link(turn: Turn, about: actions.AboutKind) -> list[Message]:
    if about.name == "p":
        return await audience.ask_programme(turn)
    if about.name == "v":
        return await audience.ask_visit(turn)
    return audience.ask_audience(turn, replace(draft_of(turn), programme=None, visit=None))


async def on_linked(turn: Turn, about: actions.About) -> list[Message]:
    draft = draft_of(turn)
    if about.kind == "p":
        return audience.ask_audience(turn, replace(draft, programme=about.id))
    return audience.ask_audience(turn, replace(draft, visit=about.id))


async def on_translation(turn: Turn, translate: actions.Translate) -> list[Message]:
    code, draft = translate.name, draft_of(turn)
    if code not in turn.settings.languages or code == "ko":
        return await preview(turn, draft)
    go(turn, "translation", replace(draft, writing=code))
    text = _("Write the announcement in {language}.", language=LANGUAGE_NAMES.get(code, code))
    return [Message(text=text, buttons=((cancel_button(),),))]


async def send(turn: Turn, _send: actions.Send) -> list[Message]:
    draft = draft_of(turn)
    if draft.audience is None or not draft.texts:
        return await start(turn)
    scope = await staff_scope(turn)
    chat = turn.incoming  # the progress goes to the chat she wrote from
    broadcast_id = await turn.uow.broadcasts.create(
        author=f"{chat.channel}:{chat.external_id}",
        texts=draft.texts,
        audience=scoped(draft.audience, scope),
        now=turn.now,
        programme_id=draft.programme,
        visit_id=draft.visit,
        author_channel=chat.channel,
        author_external_id=chat.external_id,
    )
    count = await turn.uow.broadcasts.queue(broadcast_id, turn.now)
    turn.go("menu", "idle")
    text = ngettext(
        "Broadcast #{id} is on its way to {count} person.\n"
        "I'll show the progress in a message below.",
        "Broadcast #{id} is on its way to {count} people.\n"
        "I'll show the progress in a message below.",
        count,
        id=broadcast_id,
        count=count,
    )
    buttons = ((Button(_("Stop sending"), actions.Stop(broadcast_id).encode()),), (home_button(),))
    return [Message(text=text, buttons=buttons)]


async def stop(turn: Turn, stopping: actions.Stop) -> list[Message]:
    broadcast = await turn.uow.broadcasts.get(stopping.id)
    scope = await staff_scope(turn)
    if broadcast is not None and not scope.covers(reach_of(broadcast.audience)):
        broadcast = None  # another centre's: as if it were not there
    if broadcast is None or broadcast.state != "sending":
        return [menu_message(turn, _("That broadcast is not being sent any more."))]
    stopped = await turn.uow.broadcasts.cancel(broadcast.id, turn.now)
    text = ngettext(
        "Stopped. {count} message was not sent.",
        "Stopped. {count} messages were not sent.",
        stopped,
        count=stopped,
    )
    return [menu_message(turn, text)]


async def on_audience(turn: Turn, chosen: actions.Audience) -> list[Message]:
    return await audience.on_audience(turn, chosen.name)


async def on_target(turn: Turn, target: actions.Target) -> list[Message]:
    return await audience.on_target(turn, target.name)


# The steps a button takes, by its action (Cancel is answered before, in any step).
STEPS = {
    actions.AboutKind: on_link,
    actions.About: on_linked,
    actions.Audience: on_audience,
    actions.Target: on_target,
    actions.Translate: on_translation,
    actions.Send: send,
    actions.Stop: stop,
}
