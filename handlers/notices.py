"""What the bot says on its own: an outbox row rendered into a Reply in the user's language.

Used by the scheduler's dispatch (channels that can push) and by channels that collect their
messages when the person comes back (the web chat).
"""

from __future__ import annotations

from datetime import datetime

from handlers.booking import notices as booking_notices
from handlers.broadcasts import notice as broadcast_notice
from handlers.flows import link_requests
from handlers.flows.actions.menu import Menu
from handlers.flows.common import home_button
from handlers.flows.handoff import delivery as handoff
from handlers.formatting import clock, day
from handlers.i18n import _, speaking
from handlers.messages import RESUME, Button, Message, Reply
from handlers.turn import FlowSettings
from storage.ports.stores import ChatStore
from storage.records import OutboxMessage, User

BOOKING_NOTICES = {"booking": booking_notices.reminder, "waitlist": booking_notices.seat_offer}


class Gone(Exception):
    """The message no longer makes sense (the visit passed or was removed): don't send it."""


async def render_notice(
    uow: ChatStore, message: OutboxMessage, user: User, settings: FlowSettings, now: datetime
) -> Reply:
    """The notice in the user's language; raises `Gone` when it should not be sent any more."""
    language = notice_language(user, settings)
    with speaking(settings.translator, language):
        body = await _render(uow, message, settings, now)
    return Reply(messages=(body,), language=language)


def notice_language(user: User, settings: FlowSettings) -> str:
    """The language the bot speaks to `user` unasked: hers, when it is offered."""
    return user.language if user.language in settings.languages else settings.languages[0]


async def collect_notices(
    uow: ChatStore, user: User, settings: FlowSettings, now: datetime
) -> list[Message]:
    """Due notices of a person whose channel cannot be pushed to, marked as delivered."""
    collected: list[Message] = []
    for message in await uow.outbox.pending_for(user.id, now):
        try:
            collected += (await render_notice(uow, message, user, settings, now)).messages
        except Gone as reason:
            await uow.outbox.mark(message.id, "missed", str(reason))
            continue
        await uow.outbox.mark_sent(message.id, now)
    return collected


async def _render(
    uow: ChatStore, message: OutboxMessage, settings: FlowSettings, now: datetime
) -> Message:
    kind = message.payload.get("type")
    if kind == "nudge":
        return Message(
            text=_("Hello, this is Ilteo. A few questions are still open.\nShall we carry on?"),
            buttons=((Button(_("Carry on"), RESUME), home_button()),),
        )
    if kind == "bus_visit":
        return await _bus_visit(uow, message, settings, now)
    if kind == "broadcast":
        try:
            today = now.astimezone(settings.timezone).date()
            return await broadcast_notice.render(
                uow, int(message.payload["broadcast_id"]), today, now
            )
        except broadcast_notice.Withdrawn as reason:
            raise Gone(str(reason)) from None
    if kind == link_requests.NOTICE:
        try:
            return await link_requests.notice(uow, message, now)
        except link_requests.NoRequest as reason:
            raise Gone(str(reason)) from None
    if kind in (handoff.NOTICE, handoff.CLOSED):
        try:
            return await handoff.notice(uow, message)
        except handoff.Vanished as reason:
            raise Gone(str(reason)) from None
    if kind in BOOKING_NOTICES:
        try:
            return await BOOKING_NOTICES[kind](uow, message, settings, now)
        except booking_notices.NoLongerDue as reason:
            raise Gone(str(reason)) from None
    raise Gone(f"unknown notice type {kind!r}")


async def _bus_visit(
    uow: ChatStore, message: OutboxMessage, settings: FlowSettings, now: datetime
) -> Message:
    listing = await uow.bus.visit(int(message.payload["visit_id"]))
    if listing is None:
        raise Gone("the visit was removed")
    if listing.visit.ends_at <= now:
        raise Gone("the visit is over")
    visit, site = listing.visit, listing.site
    text = _(
        "Reminder: the job counselling bus comes on {day}, {start}–{end},\nat {place}.",
        day=day(visit.starts_at.astimezone(settings.timezone).date()),
        start=clock(visit.starts_at, settings.timezone),
        end=clock(visit.ends_at, settings.timezone),
        place=site.name,
    )
    return Message(text=text, buttons=((Button(_("Bus schedule"), Menu("bus").encode()),),))
