"""Subscriptions: news of a programme's cohorts, a field, a region, the bus in a zone, or a
reminder the day before one bus visit. Listed and removable from "My data"."""

from __future__ import annotations

from handlers import regions
from handlers.flows.actions import subscriptions as actions
from handlers.flows.actions.my_data import AGREE
from handlers.flows.bus import reminder_key, schedule_visit_reminder
from handlers.flows.common import home_button, plain, row_id
from handlers.formatting import day
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn
from handlers.vocabulary import FIELDS


async def subscribe(turn: Turn) -> list[Message]:
    action = actions.decode(turn.incoming.data)
    if not isinstance(action, actions.Subscribe):
        return [plain(_("I couldn't find that any more. Nothing was changed."))]
    kind, target = action.kind, action.target
    if not await _target_exists(turn, kind, target):
        return [plain(_("I couldn't find that any more. Nothing was changed."))]
    if not turn.user.has_consented:
        text = _("To send you news, I need your agreement to keep your data.")
        return [Message(text=text, buttons=((Button(_("Agree"), AGREE.encode()), home_button()),))]
    await turn.uow.subscriptions.add(turn.user.id, kind, target, turn.now)
    if kind == "bus_visit":
        await schedule_visit_reminder(turn, int(target))
    return [plain(_confirmation(turn, kind))]


def _confirmation(turn: Turn, kind: str) -> str:
    text = (
        _("I'll remind you the day before.")
        if kind == "bus_visit"
        else _("Done. I'll let you know when there is news.")
    )
    if turn.user.channel not in turn.settings.push_channels:
        text += "\n" + _(
            "This web chat cannot send you messages later.\n"
            "You'll see the news here when you come back, or use Ilteo in Telegram."
        )
    return text


async def _target_exists(turn: Turn, kind: str, target: str) -> bool:
    today = turn.now.astimezone(turn.tz).date()
    if kind == "programme":
        number = row_id(target)
        return number is not None and await turn.uow.catalogue.listing(number, today) is not None
    if kind == "field":
        return target in FIELDS
    if kind == "region":
        return regions.sido_by_name(target.split(" ", 1)[0]) is not None
    if kind == "bus_visit":
        number = row_id(target)
        return number is not None and await turn.uow.bus.visit(number) is not None
    return True


async def show_subscriptions(turn: Turn) -> list[Message]:
    subscriptions = await turn.uow.subscriptions.of_user(turn.user.id)
    if not subscriptions:
        return [plain(_("You have no alerts yet."))]
    names = await _names(turn, subscriptions)
    lines = [_("Your alerts:")] + [f"· {names[s.id]}" for s in subscriptions]
    rows = tuple(
        (Button(_("Stop: {name}", name=names[s.id])[:40], actions.Unsubscribe(s.id).encode()),)
        for s in subscriptions
    )
    return [Message(text="\n".join(lines), buttons=rows + ((home_button(),),))]


async def _names(turn: Turn, subscriptions) -> dict[int, str]:
    today = turn.now.astimezone(turn.tz).date()
    names = {}
    for subscription in subscriptions:
        target = subscription.target
        if subscription.kind == "programme" and target.isdigit():
            listing = await turn.uow.catalogue.listing(int(target), today)
            names[subscription.id] = listing.programme.title if listing else target
        elif subscription.kind == "field":
            names[subscription.id] = _(FIELDS.get(target, target))
        elif subscription.kind == "bus_visit" and target.isdigit():
            names[subscription.id] = await _visit_name(turn, int(target))
        else:
            names[subscription.id] = target
    return names


async def _visit_name(turn: Turn, visit_id: int) -> str:
    listing = await turn.uow.bus.visit(visit_id)
    if listing is None:
        return _("a past bus visit")
    return f"{day(listing.visit.starts_at.astimezone(turn.tz).date())} {listing.site.name}"


async def unsubscribe(turn: Turn) -> list[Message]:
    action = actions.decode(turn.incoming.data)
    removed = (
        await turn.uow.subscriptions.remove(turn.user.id, action.id)
        if isinstance(action, actions.Unsubscribe) and action.id
        else None
    )
    if removed and removed.kind == "bus_visit":
        await turn.uow.outbox.cancel(reminder_key(int(removed.target), turn.user.id))
    text = (
        _("Stopped. You won't get that alert any more.")
        if removed
        else _("That alert was already off.")
    )
    return [Message(text=text), *await show_subscriptions(turn)]
