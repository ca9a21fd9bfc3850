"""Browsing without an account: the course list and one course's details.

Ranked suggestions for a profile are in `recommendations.py`; this is the plain list.
"""

from __future__ import annotations

from datetime import date

from handlers.flows.actions import courses
from handlers.flows.common import home_button, plain, way_home
from handlers.flows.handoff.actions import ForCentre
from handlers.formatting import day
from handlers.i18n import _, ngettext
from handlers.messages import Button, Card, Message
from handlers.turn import Turn
from handlers.vocabulary import AUDIENCES, PEOPLE_AUDIENCES
from storage.records import ProgrammeListing

PAGE_SIZE = 5
DEMO = "demo"  # the source of the demo catalogue (`storage/demo.py`)


async def programmes(turn: Turn) -> list[Message]:
    action = courses.decode(turn.incoming.data)
    page = action.id if isinstance(action, courses.AllCourses) else 0
    listings = [
        listing
        for listing in await turn.settings.catalogue.listings(
            turn.uow, turn.now.astimezone(turn.tz).date(), turn.now
        )
        if listing.programme.audience in PEOPLE_AUDIENCES
    ]
    if not listings:
        return [plain(_("There are no courses to show yet. Please check again soon."))]
    shown = listings[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    cards = tuple(programme_card(listing) for listing in shown)
    more = (page + 1) * PAGE_SIZE < len(listings)
    buttons = ((Button(_("More courses"), courses.AllCourses(page + 1).encode()),),) if more else ()
    text = _(
        "Here are the courses ({first}–{last} of {total}).",
        first=page * PAGE_SIZE + 1,
        last=page * PAGE_SIZE + len(shown),
        total=len(listings),
    )
    return [Message(text=text, cards=cards, buttons=buttons + way_home())]


def programme_card(listing: ProgrammeListing) -> Card:
    return Card(
        title=listing.programme.title,
        description=reason_line(listing),
        buttons=((Button(_("Details"), courses.CourseDetails(listing.programme.id).encode()),),),
    )


def reason_line(listing: ProgrammeListing) -> str:
    """ "For job seekers · 광명시 · next cohort Mon, Sep 1" in one line."""
    parts = [
        _(AUDIENCES[listing.programme.audience]),
        listing.centre.sigungu or listing.centre.sido,
    ]
    cohort = listing.next_cohort
    if cohort:
        parts.append(cohort_words(starts_on=cohort.starts_on, invented=invented_dates(listing)))
        if cohort.seats_left is not None:
            parts.append(cohort_words(seats_left=cohort.seats_left))
    return " · ".join(parts)


def invented_dates(listing: ProgrammeListing) -> bool:
    """The demo's cohort dates are made up (the seeds' courses are years past): say so."""
    return listing.programme.source == DEMO


def cohort_words(
    starts_on: date | None = None, seats_left: int | None = None, invented: bool = False
) -> str:
    """ "다음 기수 9월 1일(월) 시작" (with "예시 날짜" when made up) or "남은 자리 5"."""
    if starts_on is not None and invented:
        return _("next cohort starts {day} (an example date)", day=day(starts_on))
    if starts_on is not None:
        return _("next cohort starts {day}", day=day(starts_on))
    return ngettext("{seats} seat left", "{seats} seats left", seats_left, seats=seats_left)


async def programme_details(turn: Turn) -> list[Message]:
    action = courses.decode(turn.incoming.data)
    today = turn.now.astimezone(turn.tz).date()
    number = action.id if isinstance(action, courses.CourseDetails) else None
    listing = await turn.uow.catalogue.listing(number, today) if number is not None else None
    if listing is None or listing.programme.audience not in PEOPLE_AUDIENCES:
        return [plain(_("I couldn't find that course. It may have been removed."))]
    await turn.uow.views.count(listing.programme.id, today)
    return [
        Message(
            text=details_text(listing),
            buttons=(
                (Button(_("Talk to a counsellor"), ForCentre(listing.centre.id).encode()),),
                (Button(_("Back to courses"), courses.AllCourses(0).encode()), home_button()),
            ),
        )
    ]


def details_text(listing: ProgrammeListing) -> str:
    programme, centre, cohort = listing.programme, listing.centre, listing.next_cohort
    lines = [programme.title, f"— {centre.name}", reason_line(listing), "", programme.summary]
    if programme.hours:
        lines.append(_("Length: {hours} hours", hours=programme.hours))
    if programme.duration_text:
        lines.append(_("Duration: {duration}", duration=programme.duration_text))
    if cohort and cohort.capacity:
        lines.append(_("Places per cohort: {capacity}", capacity=cohort.capacity))
    if cohort and invented_dates(listing):
        lines.append(_("Next cohort: {day} (an example date)", day=day(cohort.starts_on)))
    elif cohort:
        lines.append(_("Next cohort: {day}", day=day(cohort.starts_on)))
    if programme.cost:
        lines.append(_("Cost: {cost}", cost=programme.cost))
    if programme.contact or centre.phone:
        lines.append(_("Contact: {phone}", phone=programme.contact or centre.phone))
    return "\n".join(line for line in lines if line is not None)
