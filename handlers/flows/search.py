"""Free text outside any question: a menu word opens its menu entry, anything else is looked
up in the catalogue ("콜센터 상담원 교육 받고 싶어요", "요리 배우고 싶어요")."""

from __future__ import annotations

from handlers import answers, intents, words
from handlers.dates import read_when
from handlers.flows import menu
from handlers.flows.actions.courses import AllCourses, CourseDetails
from handlers.flows.actions.subscriptions import Subscribe
from handlers.flows.browse import reason_line
from handlers.flows.common import home_button
from handlers.flows.handoff.request import ask_for_person
from handlers.flows.outcomes.self_report import heard_news
from handlers.i18n import _
from handlers.messages import Button, Card, Message
from handlers.recommend import audiences_for
from handlers.turn import Turn
from handlers.vocabulary import FIELDS, PEOPLE_AUDIENCES

SHOWN = 5
NOT_A_SEARCH = ("bus", "mydata", "help", "home", "language", "booking")


async def understand(turn: Turn, menu_entries) -> list[Message]:
    text = turn.incoming.text or ""
    wish = intents.intent_of(text)
    if wish == "person":
        return await ask_for_person(turn)
    if wish == "employed":
        return await heard_news(turn)
    if wish == "recommend":
        return await menu_entries["programmes"](turn)
    intent = words.menu_entry(text)
    if intent in NOT_A_SEARCH:
        return await menu_entries[intent](turn)
    if intent is None and read_when(text, turn.now, turn.tz) is not None:
        return await menu_entries["booking"](turn)  # "내일 오전 10시" on its own
    found = await search(turn, text)
    if found:
        return found
    if answers.read_interests(text) or (wish == "search" and words.names_a_subject(text)):
        return [nothing_found(turn, text)]
    if intent:
        return await menu_entries[intent](turn)
    return await menu.not_understood(turn)


def nothing_found(turn: Turn, text: str) -> Message:
    """A search without a result names what she looked for and offers news of its field."""
    asked = words.subject_of(text)
    lines = [_("I couldn't find a course for \u201c{asked}\u201d right now.", asked=asked)]
    rows = []
    for field in (answers.read_interests(text) or ())[:2]:
        lines.append(
            _("Shall I let you know when a course in {field} opens?", field=_(FIELDS[field]))
        )
        rows.append(
            (
                Button(
                    _("News in {field}", field=_(FIELDS[field])), Subscribe("field", field).encode()
                ),
            )
        )
    rows.append((Button(_("All courses"), AllCourses(0).encode()), home_button()))
    return Message(text="\n".join(lines), buttons=tuple(rows))


async def search(turn: Turn, text: str) -> list[Message]:
    today, now = turn.now.astimezone(turn.tz).date(), turn.now
    index = await turn.settings.catalogue.index(turn.uow, today, now)
    profile = await turn.uow.profiles.get(turn.user.id)
    audiences = audiences_for(profile) if profile else PEOPLE_AUDIENCES
    hits = index.search(text, limit=SHOWN, audiences=audiences)
    if not hits:
        return []
    turn.go("menu", "idle")
    cards = tuple(
        Card(
            title=f"{hit.listing.programme.title} — {hit.listing.centre.name}",
            description=reason_line(hit.listing),
            buttons=(
                (
                    Button(_("Details"), CourseDetails(hit.listing.programme.id).encode()),
                    Button(
                        _("Tell me about new cohorts"),
                        Subscribe("programme", str(hit.listing.programme.id)).encode(),
                    ),
                ),
            ),
        )
        for hit in hits
    )
    return [Message(text=_("Here is what I found."), cards=cards, buttons=((home_button(),),))]
