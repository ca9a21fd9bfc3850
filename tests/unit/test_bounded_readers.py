"""Every reader looks at a bounded prefix of a message and costs time in proportion to what it
reads: an answer of 100,000 characters reads as its first few hundred, and a message ten times
longer costs no more than one of the prefix's length (counted in regex steps, not seconds: a
reader is fed texts whose first part matters and whose tail would change the answer)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from handlers import answers, intents, phones, regions, words
from handlers.dates import read_when
from handlers.readback import read_readback

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=SEOUL)
READERS = {
    "age": lambda text: answers.read_age_band(text, 2026),
    "situation": answers.read_situation,
    "break": answers.read_break_length,
    "interests": answers.read_interests,
    "availability": answers.read_availability,
    "constraints": answers.read_constraints,
    "yes_no": answers.read_yes_no,
    "consent": answers.read_consent,
    "control": words.control_word,
    "intent": intents.intent_of,
    "region": lambda text: regions.read_region(text).sido,
    "phone": phones.mobile_phone,
    "when": lambda text: read_when(text, NOW, SEOUL),
    "readback": lambda text: read_readback(text, NOW, SEOUL, date(2026, 3, 12), time(14)),
}
# What would change each reading if it were read: a tail far past the prefix.
TAIL = " 광명 1965년생 요리 주말 통역 네 010-1234-5678 내일 오후 3시 명퇴했어요"


@pytest.mark.parametrize("name", list(READERS))
def test_a_reader_never_looks_past_its_prefix(name):
    reader = READERS[name]
    filler = "ㅁ" * 5_000
    assert reader(filler + TAIL) == reader(filler)


@pytest.mark.parametrize("name", list(READERS))
def test_digits_and_dashes_far_away_change_nothing(name):
    """The quadratic inputs of a number regex ("1~1~1~…", "0000…") read like nothing."""
    reader = READERS[name]
    for hostile in ("1~" * 50_000, "0" * 100_000, "1.1." * 25_000, "가나 " * 30_000):
        reader(hostile)  # returns at all: bounded, whatever the reading
    assert reader("ㅁ" * 400 + "010-1234-5678") == reader("ㅁ" * 400)
