"""A broadcast as its reader sees it: "[광명시여성새일센터 안내] …" in her language when staff
wrote one (else the Korean text), with the way to the course or the visit, and the way out."""

from __future__ import annotations

from datetime import datetime

from handlers.flows.actions.courses import CourseDetails
from handlers.flows.actions.menu import Menu
from handlers.flows.booking.actions import BusVisit
from handlers.i18n import _, current_language
from handlers.messages import Button, Message
from storage.ports.stores import StaffStore
from storage.records import Broadcast


class Withdrawn(Exception):
    """The broadcast was cancelled before this message went out."""


def draft(
    texts: dict[str, str],
    audience: dict,
    programme_id: int | None,
    visit_id: int | None,
    now: datetime,
) -> Broadcast:
    """A broadcast not stored yet, for a preview as its readers will see it."""
    return Broadcast(
        id=0,
        author="",
        texts=texts,
        audience=audience,
        programme_id=programme_id,
        visit_id=visit_id,
        state="draft",
        created_at=now,
    )


def text_for(broadcast: Broadcast, language: str) -> str:
    return broadcast.texts.get(language) or broadcast.texts.get("ko") or ""


async def sender_name(uow: StaffStore, broadcast: Broadcast, today) -> str:
    if broadcast.programme_id is not None:
        listing = await uow.catalogue.listing(broadcast.programme_id, today)
        if listing is not None:
            return listing.centre.name
    if broadcast.visit_id is not None:
        return _("Job counselling bus")
    return _("Ilteo")


async def announcement(uow: StaffStore, broadcast: Broadcast, today) -> Message:
    """The message in the current language (also the staff's preview)."""
    head = _("[{sender} notice]", sender=await sender_name(uow, broadcast, today))
    rows: list[tuple[Button, ...]] = []
    if broadcast.programme_id is not None:
        rows.append(
            (
                Button(_("Details"), CourseDetails(broadcast.programme_id).encode()),
                Button(_("Book counselling"), Menu("booking").encode()),
            )
        )
    if broadcast.visit_id is not None:
        rows.append(
            (
                Button(_("Bus schedule"), Menu("bus").encode()),
                Button(_("Book counselling"), BusVisit(broadcast.visit_id).encode()),
            )
        )
    rows.append((Button(_("Stop alerts"), Menu("alerts").encode()),))
    text = f"{head} {text_for(broadcast, current_language())}"
    return Message(text=text, buttons=tuple(rows))


async def render(uow: StaffStore, broadcast_id: int, today, now: datetime) -> Message:
    broadcast = await uow.broadcasts.get(broadcast_id)
    if broadcast is None or broadcast.state == "cancelled":
        raise Withdrawn("the broadcast was cancelled")
    return await announcement(uow, broadcast, today)
