"""Courses ranked for a profile, each with its reason in one line and what to do next."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from handlers.flows.actions.courses import AllCourses, CourseDetails, MoreCourses
from handlers.flows.actions.menu import Menu
from handlers.flows.actions.subscriptions import Subscribe
from handlers.flows.browse import cohort_words, invented_dates
from handlers.flows.bus import home_zone
from handlers.flows.common import home_button
from handlers.formatting import day
from handlers.i18n import _
from handlers.messages import Button, Card, Message
from handlers.recommend import MOBILE, Recommendation, rank
from handlers.turn import Turn
from handlers.vocabulary import AUDIENCES, FIELDS, TARGET_GROUPS
from storage.records import BusVisitListing, Profile

PAGE_SIZE = 3
# "For whom" of a reason line: a target group, or the audience itself.
GROUPS = {**TARGET_GROUPS, **AUDIENCES}


def reason_line(recommendation: Recommendation) -> str:
    """ "경력단절여성 대상 · 광명시 · 다음 기수 9월 1일(월) 시작 · 남은 자리 5"."""
    parts: list[str] = []
    for code, value in recommendation.reasons:
        if code in ("group", "audience") and value in GROUPS:
            if not any(_(label) in parts for label in GROUPS.values()):  # one "for whom"
                parts.append(_(GROUPS[value]))
        elif code == "region":
            parts.append(str(value))
        elif code == "far":
            parts.append(_("in another area: {place}", place=value))
        elif code == "next_cohort" and isinstance(value, date):
            invented = invented_dates(recommendation.listing)
            parts.append(cohort_words(starts_on=value, invented=invented))
        elif code == "seats_left":
            parts.append(cohort_words(seats_left=value))
    return " · ".join(parts)


def bus_line(visits: list[BusVisitListing], profile: Profile, turn: Turn) -> str | None:
    """The bus's next visit to her zone (or its next anywhere): "다음 방문: 서남권 …"."""
    zone = home_zone(profile, visits)
    visit = next((v for v in visits if v.zone.code == zone), visits[0] if visits else None)
    if visit is None:
        return None
    when = day(visit.visit.starts_at.astimezone(turn.tz).date())
    if visit.site.is_example:
        return _(
            "next visit: {zone} {day} (an example date), {place}",
            zone=visit.zone.name,
            day=when,
            place=visit.site.name,
        )
    return _(
        "next visit: {zone} {day}, {place}", zone=visit.zone.name, day=when, place=visit.site.name
    )


async def with_bus_visit(
    turn: Turn, profile: Profile, cards: list[Card], shown: list[Recommendation]
) -> list[Card]:
    """The bus's card says when it comes to her zone."""
    buses = [n for n, r in enumerate(shown) if r.listing.centre.kind == MOBILE]
    if not buses:
        return cards
    line = bus_line(await turn.uow.bus.upcoming(turn.now, limit=20), profile, turn)
    for number in buses:
        card = cards[number]
        parts = [part for part in (card.description, line) if part]
        cards[number] = replace(card, description=" · ".join(parts))
    return cards


def recommendation_card(recommendation: Recommendation) -> Card:
    programme, centre = recommendation.listing.programme, recommendation.listing.centre
    buttons = (
        (
            Button(_("Details"), CourseDetails(programme.id).encode()),
            Button(_("Book counselling"), Menu("booking").encode()),
        ),
        (
            Button(
                _("Tell me about new cohorts"), Subscribe("programme", str(programme.id)).encode()
            ),
        ),
    )
    return Card(
        title=f"{programme.title} — {centre.name}",
        description=reason_line(recommendation),
        buttons=buttons,
    )


def news_buttons(profile: Profile) -> tuple[Button, ...]:
    """Alerts of new courses in her area and in her first field of interest."""
    buttons = []
    if profile.sido:
        area = " ".join(part for part in (profile.sido, profile.sigungu) if part)
        buttons.append(Button(_("News for my area"), Subscribe("region", area).encode()))
    if profile.interests:
        buttons.append(
            Button(
                _("News in {field}", field=_(FIELDS[profile.interests[0]])),
                Subscribe("field", profile.interests[0]).encode(),
            )
        )
    return tuple(buttons)


async def ranked_for(turn: Turn, profile: Profile, limit: int) -> list[Recommendation]:
    today = turn.now.astimezone(turn.tz).date()
    listings = await turn.settings.catalogue.listings(turn.uow, today, turn.now)
    return rank(profile, listings, today, limit=limit)


async def recommendations(turn: Turn, profile: Profile, page: int = 0) -> list[Message]:
    ranked = await ranked_for(turn, profile, limit=(page + 1) * PAGE_SIZE + 1)
    if not ranked:
        text = _("I couldn't find a course that fits yet.\nYou can look at all courses instead.")
        return [
            Message(
                text=text,
                buttons=((Button(_("All courses"), AllCourses(0).encode()), home_button()),),
            )
        ]
    shown = ranked[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    more = (page + 1) * PAGE_SIZE < len(ranked)
    rows = [(Button(_("More courses"), MoreCourses(page + 1).encode()),)] if more else []
    if page == 0 and (news := news_buttons(profile)):
        rows.append(news)
    rows.append((Button(_("Change my answers"), Menu("intake").encode()), home_button()))
    text = _("How about these courses?") if page == 0 else _("Here are more courses.")
    cards = await with_bus_visit(turn, profile, [recommendation_card(r) for r in shown], shown)
    return [Message(text=text, cards=tuple(cards), buttons=tuple(rows))]
