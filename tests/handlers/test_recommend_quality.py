"""The evaluation set (`tests/recommend_personas.py`) over the demo catalogue and over the
demo plus 5,000 generated programmes: the first shown is what a counsellor would put first,
and nothing that must never be shown is."""

from __future__ import annotations

from datetime import date

import pytest

from tests.catalogue_factory import demo_listings, generated_listings
from tests.recommend_personas import PERSONAS, evaluate

TODAY = date(2025, 8, 11)


@pytest.fixture(scope="module")
def demo():
    return demo_listings(TODAY)


def test_the_evaluation_set_has_forty_people_at_least():
    assert len(PERSONAS) >= 40
    assert len({p.name for p in PERSONAS}) == len(PERSONAS)


def test_on_the_demo_the_first_shown_is_a_counsellors_first_choice(demo):
    report = evaluate(demo, TODAY)

    misses = [(o.persona.name, o.keys) for o in report.misses(1)]
    assert report.hit_at(1) >= 0.9, misses
    assert report.hit_at(3) >= 0.95, [(o.persona.name, o.keys) for o in report.misses(3)]


def test_on_the_demo_nothing_that_must_never_appear_is_shown(demo):
    assert evaluate(demo, TODAY).breaches == []


def test_among_5000_generated_programmes_nothing_that_must_never_appear_is_shown(demo):
    listings = demo + generated_listings(5000, seed=1, today=TODAY)

    assert evaluate(listings, TODAY).breaches == []
