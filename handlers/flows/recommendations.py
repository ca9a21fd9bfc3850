"""Courses ranked for a profile, each with its reason in one line and what to do next."""

from __future__ import annotations

from datetime import date

from handlers.flows.browse import cohort_words
from handlers.flows.common import home_button, row_id, split_data
from handlers.i18n import _
from handlers.messages import Button, Card, Message
from handlers.recommend import Recommendation, rank
from handlers.turn import Turn
from handlers.vocabulary import AUDIENCES, FIELDS, TARGET_GROUPS
from storage.records import Profile

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
        elif code == "next_cohort" and isinstance(value, date):
            parts.append(cohort_words(starts_on=value))
        elif code == "seats_left":
            parts.append(cohort_words(seats_left=value))
    return " · ".join(parts)


def recommendation_card(recommendation: Recommendation) -> Card:
    programme, centre = recommendation.listing.programme, recommendation.listing.centre
    buttons = (
        (
            Button(_("Details"), f"prog:{programme.id}"),
            Button(_("Book counselling"), "menu:booking"),
        ),
        (Button(_("Tell me about new cohorts"), f"sub:p:{programme.id}"),),
    )
    return Card(title=f"{programme.title} — {centre.name}", description=reason_line(recommendation),
                buttons=buttons)  # fmt: skip


def news_buttons(profile: Profile) -> tuple[Button, ...]:
    """Alerts of new courses in her area and in her first field of interest."""
    buttons = []
    if profile.sido:
        area = " ".join(part for part in (profile.sido, profile.sigungu) if part)
        buttons.append(Button(_("News for my area"), f"sub:r:{area}"))
    if profile.interests:
        buttons.append(Button(_("News in {field}", field=_(FIELDS[profile.interests[0]])),
                              f"sub:f:{profile.interests[0]}"))  # fmt: skip
    return tuple(buttons)


async def ranked_for(turn: Turn, profile: Profile, limit: int) -> list[Recommendation]:
    today = turn.now.astimezone(turn.tz).date()
    listings = await turn.settings.catalogue.listings(turn.uow, today, turn.now)
    return rank(profile, listings, today, limit=limit)


async def recommendations(turn: Turn, profile: Profile, page: int = 0) -> list[Message]:
    ranked = await ranked_for(turn, profile, limit=(page + 1) * PAGE_SIZE + 1)
    if not ranked:
        text = _("I couldn't find a course that fits yet.\nYou can look at all courses instead.")
        return [Message(text=text, buttons=((Button(_("All courses"), "progs:0"), home_button()),))]
    shown = ranked[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    more = (page + 1) * PAGE_SIZE < len(ranked)
    rows = [(Button(_("More courses"), f"rec:{page + 1}"),)] if more else []
    if page == 0 and (news := news_buttons(profile)):
        rows.append(news)
    rows.append((Button(_("Change my answers"), "menu:intake"), home_button()))
    text = _("How about these courses?") if page == 0 else _("Here are more courses.")
    return [
        Message(text=text, cards=tuple(recommendation_card(r) for r in shown), buttons=tuple(rows))
    ]


async def more_recommendations(turn: Turn) -> list[Message]:
    _namespace, value = split_data(turn.incoming.data)
    profile = await turn.uow.profiles.get(turn.user.id)
    if profile is None:
        from handlers.flows.intake.steps import start

        return await start(turn)
    return await recommendations(turn, profile, row_id(value) or 0)
