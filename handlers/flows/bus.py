"""The counselling bus: upcoming visits, the person's own zone first, with a map pin, a map
link, and "remind me the day before" (a subscription and one outbox reminder)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from urllib.parse import quote

from handlers.flows.actions.subscriptions import Subscribe
from handlers.flows.common import SEOUL_JOBS_PHONE, home_button, plain
from handlers.formatting import day_and_time_span
from handlers.i18n import N_, _
from handlers.messages import Button, Location, Message
from handlers.turn import Turn
from storage.records import BusVisitListing, Profile

SHOWN = 4
SEOUL = "서울특별시"
REMIND_AT = time(10, 0)  # the day before a visit, in the morning
SERVICES = {
    "job": N_("job counselling"),
    "startup": N_("start-up counselling"),
    "aptitude": N_("aptitude test"),
    "interview": N_("on-site interviews for those who signed up ahead"),
}


def reminder_key(visit_id: int, user_id: int) -> str:
    return f"bus-visit:{visit_id}:user:{user_id}"


def home_zone(profile: Profile | None, visits: list[BusVisitListing]) -> str | None:
    """The code of the zone whose districts include the person's 구, if she lives in Seoul."""
    if profile is None or profile.sido != SEOUL or not profile.sigungu:
        return None
    for listing in visits:
        if profile.sigungu in listing.zone.districts:
            return listing.zone.code
    return None


async def bus_schedule(turn: Turn) -> list[Message]:
    visits = await turn.uow.bus.upcoming(turn.now, limit=20)
    if not visits:
        return [plain(_("No bus visits are planned right now. Please check again soon."))]
    profile = await turn.uow.profiles.get(turn.user.id)
    zone = home_zone(profile, visits)
    district = profile.sigungu if zone and profile else None
    visits.sort(
        key=lambda listing: (
            listing.zone.code != zone,
            listing.site.district != district,
            listing.visit.starts_at,
        )
    )
    shown = visits[:SHOWN]
    if zone:
        intro = _(
            "Seoul's job counselling bus goes all over Seoul, and it comes to {zone} too.\n"
            "Anyone can drop in.",
            zone=shown[0].zone.name,
        )
    else:
        intro = _(
            "Seoul's job counselling bus goes all over Seoul, for people who live there.\n"
            "It comes to these places:"
        )
    messages = [Message(text=intro)] + [visit_message(turn, listing) for listing in shown]
    closing = (
        [
            (
                Button(
                    _("News of the bus in {zone}", zone=shown[0].zone.name),
                    Subscribe("bus_zone", zone).encode(),
                ),
            )
        ]
        if zone
        else []
    )
    closing.append((home_button(),))
    text = _("Bus information: Seoul Job Plus Centre {phone}", phone=SEOUL_JOBS_PHONE)
    messages.append(Message(text=text, buttons=tuple(closing)))
    return messages


def visit_message(turn: Turn, listing: BusVisitListing) -> Message:
    visit, site, zone = listing.visit, listing.site, listing.zone
    services = ", ".join(_(SERVICES[s]) for s in visit.services if s in SERVICES)
    lines = [
        day_and_time_span(visit.starts_at, visit.ends_at, turn.tz),
        f"{site.name} ({zone.name} {site.district})",
        services,
    ]
    if site.is_example:  # the demo's visits: invented days at the seed's places
        lines.append(_("(The day and address are examples.)"))
    location = None
    if site.latitude is not None and site.longitude is not None:
        map_url = "https://map.kakao.com/link/map/" + quote(
            f"{site.name},{site.latitude},{site.longitude}"
        )
        location = Location(site.latitude, site.longitude, site.name, site.address or "", map_url)
    buttons = (
        (
            Button(_("Remind me the day before"), Subscribe("bus_visit", str(visit.id)).encode()),
            Button(_("Book counselling"), f"bk:v:{visit.id}"),
        ),
    )
    return Message(text="\n".join(lines), location=location, buttons=buttons)


def reminder_time(listing: BusVisitListing, turn: Turn) -> datetime:
    local_day = listing.visit.starts_at.astimezone(turn.tz).date() - timedelta(days=1)
    return datetime.combine(local_day, REMIND_AT, turn.tz)


async def schedule_visit_reminder(turn: Turn, visit_id: int) -> None:
    listing = await turn.uow.bus.visit(visit_id)
    if listing is None or listing.visit.starts_at <= turn.now:
        return
    due = max(reminder_time(listing, turn), turn.now)
    await turn.uow.outbox.enqueue(
        reminder_key(visit_id, turn.user.id),
        turn.user.id,
        "reminder",
        {"type": "bus_visit", "visit_id": visit_id},
        due,
    )
