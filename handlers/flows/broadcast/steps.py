"""/broadcast for staff: write the announcement, link a course or a bus visit (optional),
choose who gets it, see how many people that is and a preview in each of their languages, add
a translation if wanted, then send. Sending is the outbox's; progress comes as its own message.
"""

from __future__ import annotations

from handlers.flows.broadcast import audience
from handlers.flows.broadcast.preview import preview
from handlers.flows.common import home_button, row_id, split_data
from handlers.flows.menu import menu_message, not_understood
from handlers.flows.staff import is_staff, staff_scope
from handlers.i18n import LANGUAGE_NAMES, _
from handlers.messages import Button, Message
from handlers.turn import Turn
from storage.repositories.broadcasts import reach_of, scoped

MAX_TEXT = 1500
SHOWN = 8


async def start(turn: Turn) -> list[Message]:
    if not await is_staff(turn):
        return await not_understood(turn)
    turn.go("broadcast", "text")
    text = _(
        "Write the announcement in Korean, in one message.\n"
        "You can add other languages before sending."
    )
    return [Message(text=text, buttons=((Button(_("Cancel"), "bc:cancel"),),))]


async def on_text(turn: Turn) -> list[Message]:
    """The announcement, or a translation of it, typed by the staff member."""
    if not await is_staff(turn):
        return await not_understood(turn)
    text = (turn.incoming.text or "").strip()
    if not text or len(text) > MAX_TEXT:
        hint = _("Please write between 1 and {max} characters.", max=MAX_TEXT)
        return [Message(text=hint, buttons=((Button(_("Cancel"), "bc:cancel"),),))]
    texts = {**turn.data.get("texts", {}), turn.data.get("writing", "ko"): text}
    if turn.step == "translation":
        return await preview(turn, {**turn.data, "texts": texts, "writing": None})
    return ask_link(turn, {**turn.data, "texts": texts})


def ask_link(turn: Turn, data: dict) -> list[Message]:
    turn.go("broadcast", "link", **data)
    text = _("Is it about a course or a bus visit? People can then open it from the message.")
    buttons = (
        (Button(_("A course"), "bc:l:p"), Button(_("A bus visit"), "bc:l:v")),
        (Button(_("Neither"), "bc:l:none"),),
        (Button(_("Cancel"), "bc:cancel"),),
    )
    return [Message(text=text, buttons=buttons)]


async def on_button(turn: Turn) -> list[Message]:
    if not await is_staff(turn):
        return await not_understood(turn)
    _namespace, value = split_data(turn.incoming.data)
    action, _sep, argument = value.partition(":")
    if action == "cancel":
        return [menu_message(turn, _("Nothing was sent."))]
    if turn.flow != "broadcast" and action not in ("stop",):
        return await start(turn)
    return await STEPS.get(action, _again)(turn, argument)


async def _again(turn: Turn, _argument: str) -> list[Message]:
    return await start(turn)


async def on_link(turn: Turn, kind: str) -> list[Message]:
    if kind == "p":
        return await audience.ask_programme(turn)
    if kind == "v":
        return await audience.ask_visit(turn)
    return audience.ask_audience(turn, {**turn.data, "programme": None, "visit": None})


async def on_linked(turn: Turn, value: str) -> list[Message]:
    kind, _sep, number = value.partition("-")
    if row_id(number) is None or kind not in ("p", "v"):
        return ask_link(turn, turn.data)
    key = "programme" if kind == "p" else "visit"
    return audience.ask_audience(turn, {**turn.data, key: row_id(number)})


async def on_translation(turn: Turn, code: str) -> list[Message]:
    if code not in turn.settings.languages or code == "ko":
        return await preview(turn, turn.data)
    turn.go("broadcast", "translation", **{**turn.data, "writing": code})
    text = _("Write the announcement in {language}.", language=LANGUAGE_NAMES.get(code, code))
    return [Message(text=text, buttons=((Button(_("Cancel"), "bc:cancel"),),))]


async def send(turn: Turn, _argument: str) -> list[Message]:
    data = turn.data
    if "audience" not in data or "texts" not in data:
        return await start(turn)
    scope = await staff_scope(turn)
    chat = turn.incoming  # the progress goes to the chat she wrote from
    broadcast_id = await turn.uow.broadcasts.create(
        author=f"{chat.channel}:{chat.external_id}",
        texts=data["texts"],
        audience=scoped(data["audience"], scope),
        now=turn.now,
        programme_id=data.get("programme"),
        visit_id=data.get("visit"),
        author_channel=chat.channel,
        author_external_id=chat.external_id,
    )
    count = await turn.uow.broadcasts.queue(broadcast_id, turn.now)
    turn.go("menu", "idle")
    text = _(
        "Broadcast #{id} is on its way to {count} people.\n"
        "I'll show the progress in a message below.",
        id=broadcast_id,
        count=count,
    )
    buttons = ((Button(_("Stop sending"), f"bc:stop:{broadcast_id}"),), (home_button(),))
    return [Message(text=text, buttons=buttons)]


async def stop(turn: Turn, argument: str) -> list[Message]:
    if row_id(argument) is None:
        return await start(turn)
    broadcast = await turn.uow.broadcasts.get(row_id(argument))
    scope = await staff_scope(turn)
    if broadcast is not None and not scope.covers(reach_of(broadcast.audience)):
        broadcast = None  # another centre's: as if it were not there
    if broadcast is None or broadcast.state != "sending":
        return [menu_message(turn, _("That broadcast is not being sent any more."))]
    stopped = await turn.uow.broadcasts.cancel(broadcast.id, turn.now)
    return [menu_message(turn, _("Stopped. {count} messages were not sent.", count=stopped))]


STEPS = {
    "l": on_link,
    "lk": on_linked,
    "a": audience.on_audience,
    "t": audience.on_target,
    "tr": on_translation,
    "send": send,
    "stop": stop,
}
