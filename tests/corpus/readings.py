"""How the bot reads each corpus phrase at its question, as a short string to compare with the
corpus' expected reading. Each reader goes through the code the conversation itself uses."""

from __future__ import annotations

from datetime import date, time
from types import SimpleNamespace

from handlers import intents, regions, words
from handlers.dates import read_when
from handlers.flows import onboarding
from handlers.flows.intake import steps as intake
from handlers.flows.intake.questions import BY_SLOT
from handlers.phones import mobile_phone
from handlers.readback import read_readback
from handlers.vocabulary import AVAILABILITY, FIELDS
from tests.corpus.phrases import NOW, SEOUL

SLOTS = {
    "age": "age_band",
    "situation": "situation",
    "break_length": "break_length",
    "interests": "interests",
    "availability": "availability",
    "constraints": "constraints",
}


def _codes(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, tuple | list):
        return ",".join(value) if value else "none"
    return str(value)


def _at_intake(question: str, text: str) -> str:
    """Control words are read before the answer, as the intake does."""
    if action := intake.control_of(text):
        return f"control:{action}"
    return _codes(BY_SLOT[SLOTS[question]].read(text, NOW.date()))


def read_region(text: str) -> str:
    if action := intake.control_of(text):
        return f"control:{action}"
    found = regions.read_region(text)
    if found.sido and found.sigungu:
        return f"{found.sido} {found.sigungu}"
    if found.candidates:
        return "ask:" + "|".join(
            f"{c.sido} {c.sigungu}".strip() if c.sigungu else c.sido for c in found.candidates
        )
    return found.sido or "-"


def read_consent(text: str) -> str:
    turn = SimpleNamespace(incoming=SimpleNamespace(data=None, text=text))
    return onboarding.consent_answer(turn) or "-"  # what the privacy notice does with it


def read_confirm(text: str) -> str:
    """At the read-back of Thursday 2026-03-12 2 pm, as the booking flow reads it."""
    return read_readback(text, NOW, SEOUL, date(2026, 3, 12), time(14, 0)) or "-"


def read_day_time(text: str) -> str:
    found = read_when(text, NOW, SEOUL)
    if found is None:
        return "-"
    parts = [found.day.isoformat()] if found.day else []
    parts += [found.at.strftime("%H:%M")] if found.at else []
    return " ".join(parts)


def read_phone(text: str) -> str:
    number, why_not = mobile_phone(text)
    return number or ("landline" if why_not == "landline" else "-")


def read_intent(text: str) -> str:
    return intents.intent_of(text) or "-"


def read_control(text: str) -> str:
    return words.control_word(text) or "none"


class SearchReader:
    """The fields of what a search finds: the demo catalogue and 500 generated programmes."""

    def __init__(self) -> None:
        from handlers.search import SearchIndex
        from tests.catalogue_factory import demo_listings, generated_listings

        today = date(2026, 3, 10)
        listings = demo_listings(today) + generated_listings(500, seed=1, today=today)
        self.index = SearchIndex.build(listings)

    def __call__(self, text: str) -> str:
        hits = self.index.search(text, limit=3)
        if not hits:
            return "-"
        top = list(hits[0].listing.programme.fields)
        others = [f for hit in hits[1:] for f in hit.listing.programme.fields if f not in top]
        return ",".join(top) + (";" + ",".join(others) if others else "")


def readers(search: bool = True) -> dict:
    table = {question: (lambda text, q=question: _at_intake(q, text)) for question in SLOTS}
    table |= {
        "region": read_region,
        "consent": read_consent,
        "confirm": read_confirm,
        "when": read_day_time,
        "phone": read_phone,
        "intent": read_intent,
        "control": read_control,
    }
    if search:
        table["search"] = SearchReader()
    return table


EVERYTHING = {
    "interests": ",".join(FIELDS),
    "search": ",".join(FIELDS),
    "availability": ",".join(AVAILABILITY),
}


def is_right(question: str, expected: str, reading: str) -> bool:
    """Several codes compare as sets; a search is right when its best hit is in one of the
    expected fields and every expected field is among the three best."""
    if expected == "all":
        expected = EVERYTHING.get(question, expected)
    if question == "search":
        top, _sep, others = reading.partition(";")
        wanted = set(expected.split(","))
        found = set(top.split(",")) | set(others.split(","))
        return bool(wanted & set(top.split(","))) and wanted <= found
    if question in ("interests", "availability", "constraints"):
        return set(expected.split(",")) == set(reading.split(","))
    return expected == reading
